/**
 * @module sim/actors/disguise
 * How an attacking client presents itself, and how hard it tries: a tool's
 * own user agent with its library's headers; a browser user agent pasted
 * onto a script (the rest of the headers give it away); or a real headless
 * browser with a full browser header set. Rotating clients change user agent
 * per request or every few requests, as the variant says. Also the
 * attack-intensity draw (fast, medium, slow) and the attack's start time.
 */
import { type BrowserIdentity, browserIdentity, TOOL_UAS } from "../agents.ts";
import { browserHeaders, libraryHeaders, type Resource } from "../headers.ts";
import type { Rng } from "../prng.ts";
import type { World } from "../world.ts";

export type DisguiseStyle = "tool" | "spoofed" | "browser";
export type Intensity = "fast" | "medium" | "slow";

export interface DisguiseOptions {
  style?: DisguiseStyle;
  /** User agents for the "tool" style (default: common HTTP libraries). */
  toolUas?: readonly string[];
  /** Rotate among several identities. */
  rotate?: boolean;
}

export class Disguise {
  readonly style: DisguiseStyle;
  private readonly identities: BrowserIdentity[];
  private readonly toolUas: string[];
  private current = 0;
  private sinceSwitch = 0;

  constructor(
    private readonly world: World,
    private readonly rng: Rng,
    opts: DisguiseOptions = {},
  ) {
    this.style =
      opts.style ??
      rng.weighted<DisguiseStyle>([
        ["tool", 0.4],
        ["spoofed", 0.4],
        ["browser", 0.2],
      ]);
    const n = opts.rotate ? rng.int(8, 40) : 1;
    this.identities = Array.from({ length: n }, () =>
      browserIdentity(rng, world.profile.versions, world.profile.browserMobileShare),
    );
    this.toolUas = opts.rotate ? rng.sample(opts.toolUas ?? TOOL_UAS, n) : [rng.pick(opts.toolUas ?? TOOL_UAS)];
  }

  private rotateNow(): void {
    const count = this.style === "tool" ? this.toolUas.length : this.identities.length;
    if (count < 2) return;
    this.sinceSwitch++;
    if (this.world.profile.rotatePerRequest || this.sinceSwitch > this.rng.int(5, 30)) {
      this.current = this.rng.int(0, count - 1);
      this.sinceSwitch = 0;
    }
  }

  get userAgent(): string {
    return this.style === "tool"
      ? (this.toolUas[this.current % this.toolUas.length] as string)
      : (this.identities[this.current % this.identities.length] as BrowserIdentity).ua;
  }

  headers(
    resource: Resource,
    opts: { contentType?: string; token?: string; cookie?: string; referer?: string; accept?: string } = {},
  ): Record<string, string> {
    this.rotateNow();
    if (this.style === "browser") {
      const id = this.identities[this.current % this.identities.length] as BrowserIdentity;
      const h = browserHeaders(id, resource, {
        contentType: opts.contentType,
        cookie: opts.cookie,
        referer: opts.referer ?? (resource === "document" ? undefined : `${this.world.origin}/`),
        origin: opts.contentType ? this.world.origin : undefined,
      });
      if (opts.token) h.authorization = `Bearer ${opts.token}`;
      return h;
    }
    const accept =
      opts.accept ??
      (resource === "document"
        ? "text/html,*/*;q=0.8"
        : resource === "fetch"
          ? "application/json, text/plain, */*"
          : "*/*");
    const extra: Record<string, string> = {};
    if (opts.cookie) extra.cookie = opts.cookie;
    if (opts.referer) extra.referer = opts.referer;
    return libraryHeaders(this.userAgent, { accept, token: opts.token, contentType: opts.contentType, extra });
  }
}

export function pickIntensity(rng: Rng, world: World): Intensity {
  const w = world.profile.intensity;
  return rng.weighted<Intensity>(world.attackLevels.map((level) => [level, w[level]] as const));
}

/** Mean gap between requests for an intensity, from per-kind ranges [lo, hi] in seconds. */
export function gapFor(rng: Rng, intensity: Intensity, ranges: Record<Intensity, [number, number]>): number {
  const [lo, hi] = ranges[intensity];
  return rng.float(lo, hi);
}

/** When an attack starts: slow ones early (they need time), others anywhere in the first 60% of the window. */
export function attackStart(rng: Rng, world: World, intensity: Intensity): number {
  const d = world.end - world.start;
  return world.start + d * (intensity === "slow" ? rng.float(0, 0.15) : rng.float(0.03, 0.6));
}
