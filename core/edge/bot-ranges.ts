/**
 * @module core/edge/bot-ranges
 * An isolate's verifier of good bots: the bundled published ranges at
 * start, re-read from the learned documents (`bots:ranges`) every five
 * minutes when the platform gives a loader; a load that fails or yields
 * nothing keeps the current ranges. Behaviour and anomaly share one.
 */

import bundledRanges from "../bots/published-ranges.json";
import { type BotRanges, parseBotRanges } from "../bots/ranges.ts";
import { type BotCheck, BotVerifier } from "../bots/verify.ts";
import type { SubrequestBudget } from "./subrequest-budget.ts";

export type WaitUntil = (p: Promise<unknown>) => void;

const RELOAD_MS = 300_000;

/**
 * The learned `bots:ranges` document `load` returns when it is valid, else
 * the bundled snapshot of the publishers' lists (also when `load` throws):
 * what the behaviour stores read once at start.
 */
export async function botRangesOrBundled(load: () => Promise<unknown>): Promise<BotRanges | null> {
  try {
    const learned = parseBotRanges(await load());
    if (learned) return learned;
  } catch {
    // the bundled copy
  }
  return parseBotRanges(bundledRanges);
}

export class IsolateBotRanges {
  private verifier = new BotVerifier(parseBotRanges(bundledRanges));
  private loadedAt = 0;

  /** `load`: the `bots:ranges` document (parsed JSON), or null when the platform has none to offer. */
  constructor(private readonly load: (() => Promise<unknown>) | null = null) {}

  check(ip: string, userAgent: string | undefined): BotCheck {
    return this.verifier.check(ip, userAgent);
  }

  /** Schedules a reload when the last one is over five minutes old. Never throws. */
  reloadIfDue(nowMs: number, waitUntil: WaitUntil, budget?: SubrequestBudget): void {
    if (!this.load || nowMs - this.loadedAt <= RELOAD_MS) return;
    // One KV read: when the request has no call left, a later flush reloads.
    if (budget && !budget.take()) return;
    this.loadedAt = nowMs;
    waitUntil(this.reload(this.load));
  }

  private async reload(load: () => Promise<unknown>): Promise<void> {
    try {
      const r = parseBotRanges(await load());
      if (r) this.verifier = new BotVerifier(r);
    } catch {
      // keep the current ranges
    }
  }
}
