/**
 * @module core/bots/verify
 * Good-bot verification without DNS: a request whose user agent claims a
 * crawler is verified when its address lies in that crawler's published
 * ranges (CidrSet lookup, built once). A claim from outside them is a fake
 * bot; a claim for a crawler that publishes no list (or whose list was not
 * loaded) is only unverifiable, which apiward never calls fake.
 */
import { CidrSet } from "../net/cidr-set.ts";
import type { BotRanges } from "./ranges.ts";
import { claimedBot } from "./tokens.ts";

export type BotCheck =
  | { status: "none" }
  | { status: "verified"; bot: string }
  | { status: "fake"; bot: string }
  | { status: "unverifiable"; bot: string };

const NONE: BotCheck = { status: "none" };

export class BotVerifier {
  private readonly sets = new Map<string, CidrSet>();
  /** Prefixes skipped because they did not parse. */
  readonly invalid: string[] = [];

  constructor(ranges: BotRanges | null) {
    for (const [name, list] of Object.entries(ranges?.prefixes ?? {})) {
      const set = new CidrSet();
      for (const p of list) if (!set.add(p)) this.invalid.push(`${name}:${p}`);
      if (set.size > 0) this.sets.set(name, set);
    }
  }

  /** Crawlers with a loaded list. */
  get loaded(): string[] {
    return [...this.sets.keys()];
  }

  /** Checks one request's address against the crawler its user agent claims. Never throws. */
  check(ip: string, userAgent: string | undefined): BotCheck {
    const claim = claimedBot(userAgent);
    if (!claim) return NONE;
    const set = this.sets.get(claim.name);
    if (!set) return { status: "unverifiable", bot: claim.name };
    return set.has(ip) ? { status: "verified", bot: claim.name } : { status: "fake", bot: claim.name };
  }
}
