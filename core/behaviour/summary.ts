/**
 * @module core/behaviour/summary
 * What one client contributes to training: its peak of every feature (over
 * all its requests, and while its window was young: features.ts
 * AGE_BOUNDS_MIN), its mean style (for clustering), the principals it acted
 * as (for per-principal baselines) and its request count. `apiward learn`
 * builds one per client of the training file (learn.ts, pass 3); the
 * ClientState Durable Objects build one per client from live traffic and
 * send the finished ones to the learning core, which trains on them
 * (train.ts). Plain JSON.
 */
import { hash32 } from "../discovery/hash.ts";
import { AGE_BOUNDS_MIN, F, FEATURE_COUNT, STYLE_FEATURES } from "./features.ts";

/** A client's features count for training from its MIN_REQUESTS-th request on (before, ratios are noise). */
export const MIN_REQUESTS = 5;

/** Principals tracked per client (the busiest one matters). */
const MAX_PRINCIPALS = 8;

export interface ClientSummary {
  /** Requests the client sent (apiward's own answers excepted). */
  requests: number;
  /** Per feature: the client's peak value. */
  peak: number[];
  /** Per age bucket (AGE_BOUNDS_MIN): per feature, the peak while the window was at most that old. */
  age_peak: number[][];
  /** Mean value of each style feature (STYLE_FEATURES order, before any square root). */
  style: number[];
  /** Feature evaluations behind the peaks and the style (0: too few requests, no summary). */
  samples: number;
  /** [principal hash, requests] of the principals it acted as (at most 8). */
  principals: Array<[number, number]>;
  /**
   * Hash of the client's own identity (its address, or its credential when the app identifies
   * clients by one; `clientKey`), for a known client's own baseline; absent when not known.
   */
  client?: number;
  /** Claimed to be a crawler at some point (left out of training). */
  bot: boolean;
  /** Its workflow features were computed with a learned workflow model (else they read 0). */
  markov: boolean;
}

const r6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/** Accumulates one client's summary, feature vector by feature vector. */
export class SummaryAccumulator {
  readonly peak = new Float64Array(FEATURE_COUNT);
  readonly agePeak = new Float64Array(AGE_BOUNDS_MIN.length * FEATURE_COUNT);
  readonly styleSum = new Float64Array(STYLE_FEATURES.length);
  samples = 0;
  bot = false;
  markov = true;
  readonly principals = new Map<number, number>();

  /** Counts one request made as `principal` (0: none). */
  principal(p: number): void {
    if (p !== 0 && (this.principals.has(p) || this.principals.size < MAX_PRINCIPALS))
      this.principals.set(p, (this.principals.get(p) ?? 0) + 1);
  }

  /** Folds in the client's features after one request; `markov`: computed with a learned workflow model. */
  observe(x: Float64Array, markov: boolean): void {
    for (let f = 0; f < FEATURE_COUNT; f++)
      if ((x[f] as number) > (this.peak[f] as number)) this.peak[f] = x[f] as number;
    const age = x[F.window_minutes] as number;
    for (let a = 0; a < AGE_BOUNDS_MIN.length; a++) {
      if (age > (AGE_BOUNDS_MIN[a] as number)) continue;
      const o = a * FEATURE_COUNT;
      for (let f = 0; f < FEATURE_COUNT; f++)
        if ((x[f] as number) > (this.agePeak[o + f] as number)) this.agePeak[o + f] = x[f] as number;
    }
    STYLE_FEATURES.forEach((f, s) => {
      this.styleSum[s] = (this.styleSum[s] as number) + (x[f] as number);
    });
    this.samples++;
    if (!markov) this.markov = false;
  }

  /** The summary so far; `client`: the client's `clientKey` (0: not known). */
  summary(requests: number, client = 0): ClientSummary {
    const n = Math.max(1, this.samples);
    const out: ClientSummary = {
      requests,
      peak: [...this.peak].map(r6),
      age_peak: AGE_BOUNDS_MIN.map((_, a) =>
        [...this.agePeak.subarray(a * FEATURE_COUNT, (a + 1) * FEATURE_COUNT)].map(r6),
      ),
      style: [...this.styleSum].map((v) => r6(v / n)),
      samples: this.samples,
      principals: [...this.principals],
      bot: this.bot,
      markov: this.markov && this.samples > 0,
    };
    if (client !== 0) out.client = client;
    return out;
  }

  /** Persistable state (a Durable Object keeps it with the client's profile). */
  toJSON(): {
    peak: number[];
    age: number[];
    style: number[];
    n: number;
    p: Array<[number, number]>;
    bot: boolean;
    mk: boolean;
  } {
    return {
      peak: Array.from(this.peak, r6),
      age: Array.from(this.agePeak, r6),
      style: Array.from(this.styleSum, r6),
      n: this.samples,
      p: [...this.principals],
      bot: this.bot,
      mk: this.markov,
    };
  }

  /** Restores an accumulator; anything malformed yields a fresh one. */
  static fromJSON(v: unknown): SummaryAccumulator {
    const a = new SummaryAccumulator();
    const s = v as Partial<ReturnType<SummaryAccumulator["toJSON"]>> | null;
    if (!s || typeof s !== "object") return a;
    const nums = (x: unknown, n: number): number[] | null =>
      Array.isArray(x) && x.length === n && x.every((e) => typeof e === "number" && Number.isFinite(e)) ? x : null;
    const peak = nums(s.peak, FEATURE_COUNT);
    const age = nums(s.age, AGE_BOUNDS_MIN.length * FEATURE_COUNT);
    const style = nums(s.style, STYLE_FEATURES.length);
    if (!peak || !age || !style || typeof s.n !== "number") return a;
    a.peak.set(peak);
    a.agePeak.set(age);
    a.styleSum.set(style);
    a.samples = Math.max(0, Math.trunc(s.n));
    a.bot = s.bot === true;
    a.markov = s.mk !== false;
    for (const row of Array.isArray(s.p) ? s.p.slice(0, MAX_PRINCIPALS) : [])
      if (Array.isArray(row) && typeof row[0] === "number" && typeof row[1] === "number")
        a.principals.set(row[0], row[1]);
    return a;
  }
}

/** Validates a summary received from elsewhere (a Durable Object); null when malformed. */
export function parseSummary(v: unknown): ClientSummary | null {
  const s = v as Partial<ClientSummary> | null;
  if (!s || typeof s !== "object") return null;
  const nums = (x: unknown, n: number): x is number[] =>
    Array.isArray(x) && x.length === n && x.every((e) => typeof e === "number" && Number.isFinite(e) && e >= 0);
  if (typeof s.requests !== "number" || !(s.requests >= 0)) return null;
  if (typeof s.samples !== "number" || !(s.samples >= 0)) return null;
  if (!nums(s.peak, FEATURE_COUNT) || !nums(s.style, STYLE_FEATURES.length)) return null;
  if (!Array.isArray(s.age_peak) || s.age_peak.length !== AGE_BOUNDS_MIN.length) return null;
  if (!s.age_peak.every((r) => nums(r, FEATURE_COUNT))) return null;
  const principals: Array<[number, number]> = [];
  for (const row of Array.isArray(s.principals) ? s.principals.slice(0, MAX_PRINCIPALS) : [])
    if (Array.isArray(row) && typeof row[0] === "number" && typeof row[1] === "number")
      principals.push([row[0], row[1]]);
  const out: ClientSummary = {
    requests: s.requests,
    peak: s.peak,
    age_peak: s.age_peak,
    style: s.style,
    samples: s.samples,
    principals,
    bot: s.bot === true,
    markov: s.markov === true,
  };
  if (typeof s.client === "number" && Number.isInteger(s.client) && s.client > 0 && s.client <= 0xffffffff)
    out.client = s.client;
  return out;
}

/** A client's key for its own baseline: the hash of its identity (never 0). */
export function clientKey(client: string): number {
  return hash32(client) || 1;
}
