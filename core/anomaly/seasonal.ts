/**
 * @module core/anomaly/seasonal
 * Robust seasonal baselines of window features: per aggregate key and
 * window length, the median and MAD of every feature over the training
 * windows (global), and for the count features also per hour of day and,
 * with two weeks of history or more, per hour of the week. Medians and MADs
 * are what outliers in the history (an attack during training, a backup
 * storm) cannot drag; each hour bin pools its neighbours (h-1, h, h+1) so
 * that one day of history still gives ~36 five-minute windows a bin.
 *
 * Expectations fall back from the week bin to the day bin to the global
 * level when a bin has too few windows. Hours are UTC. Spreads never go
 * below each feature's resolution (features.ts).
 *
 * Ratio and entropy features are learned only from windows with at least
 * `MIN_RATIO_N` requests (a ratio of two requests says nothing); count
 * features include empty windows, which are what a quiet endpoint's normal
 * looks like.
 */
import { COUNT_FEATURES, F, FEATURE_COUNT, FEATURES, type FeatureName, RESOLUTION } from "./features.ts";
import { MAD_SCALE, mad, median, round } from "./stats.ts";

export const MIN_RATIO_N = 5;
const MIN_DAY_BIN = 6;
const MIN_WEEK_BIN = 4;
/** History needed before per-hour-of-week bins are learned. */
const WEEKLY_SPAN_S = 14 * 86_400;

export interface SeasonalTable {
  /** Bin count: 24 (hour of day) or 168 (hour of week). */
  bins: number;
  /** Per bin, per count feature (COUNT_FEATURES order): median, spread; null when the bin is too thin. */
  med: Array<number[] | null>;
  spread: Array<number[] | null>;
}

export interface LevelBaseline {
  /** Windows learned from. */
  n: number;
  med: number[];
  spread: number[];
  hourly?: SeasonalTable;
  weekly?: SeasonalTable;
}

export interface Expectation {
  med: number;
  spread: number;
  source: "weekly" | "hourly" | "global" | "none";
}

const isCount = new Array<boolean>(FEATURE_COUNT).fill(false);
for (const f of COUNT_FEATURES) isCount[F[f]] = true;
const COUNT_INDEX = new Map<number, number>(COUNT_FEATURES.map((f, i) => [F[f], i]));

const spreadOf = (f: number, m: number): number => Math.max(MAD_SCALE * m, RESOLUTION[FEATURES[f] as FeatureName]);

export const hourOfDay = (ts: number): number => Math.floor((((ts % 86_400) + 86_400) % 86_400) / 3600);
/** Hour of the week, Monday 00:00 UTC = 0. */
export const hourOfWeek = (ts: number): number => {
  const day = (Math.floor(ts / 86_400) + 3) % 7; // 1970-01-01 was a Thursday
  return ((day + 7) % 7) * 24 + hourOfDay(ts);
};

/** One sample: the window's features, its request count and when it ended. */
export interface WindowSample {
  x: Float64Array;
  n: number;
  ts: number;
}

/** Learns one (key, window length) baseline from its samples. */
export function learnBaseline(samples: readonly WindowSample[]): LevelBaseline {
  const med: number[] = [];
  const spread: number[] = [];
  for (let f = 0; f < FEATURE_COUNT; f++) {
    const vals: number[] = [];
    for (const s of samples) if (isCount[f] || s.n >= MIN_RATIO_N) vals.push(s.x[f] as number);
    const m = median(vals);
    med.push(round(m));
    spread.push(round(spreadOf(f, vals.length ? mad(vals, m) : 0)));
  }
  const out: LevelBaseline = { n: samples.length, med, spread };
  if (samples.length === 0) return out;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const s of samples) {
    lo = Math.min(lo, s.ts);
    hi = Math.max(hi, s.ts);
  }
  out.hourly = table(samples, 24, hourOfDay, MIN_DAY_BIN);
  if (hi - lo >= WEEKLY_SPAN_S) out.weekly = table(samples, 168, hourOfWeek, MIN_WEEK_BIN);
  return out;
}

function table(
  samples: readonly WindowSample[],
  bins: number,
  binOf: (ts: number) => number,
  min: number,
): SeasonalTable {
  const byBin: WindowSample[][] = Array.from({ length: bins }, () => []);
  for (const s of samples) byBin[binOf(s.ts)]?.push(s);
  const t: SeasonalTable = { bins, med: [], spread: [] };
  for (let b = 0; b < bins; b++) {
    // Pool the neighbouring hours (same day of week for the weekly table).
    const pool: WindowSample[] = [];
    for (const d of [-1, 0, 1]) {
      const nb = bins === 168 ? Math.floor(b / 24) * 24 + (((b % 24) + d + 24) % 24) : (b + d + bins) % bins;
      pool.push(...(byBin[nb] ?? []));
    }
    if (pool.length < min) {
      t.med.push(null);
      t.spread.push(null);
      continue;
    }
    const m: number[] = [];
    const sp: number[] = [];
    for (const f of COUNT_FEATURES) {
      const vals = pool.map((s) => s.x[F[f]] as number);
      const md = median(vals);
      m.push(round(md));
      sp.push(round(spreadOf(F[f], mad(vals, md))));
    }
    t.med.push(m);
    t.spread.push(sp);
  }
  return t;
}

const NONE: Expectation = { med: 0, spread: 1, source: "none" };

/** What feature `f` is expected to be in a window ending at `ts`. */
export function expect(b: LevelBaseline | null | undefined, f: number, ts: number): Expectation {
  if (!b) return { med: 0, spread: spreadOf(f, 0), source: "none" };
  const ci = COUNT_INDEX.get(f);
  if (ci !== undefined) {
    for (const [t, bin, source] of [
      [b.weekly, hourOfWeek(ts), "weekly"],
      [b.hourly, hourOfDay(ts), "hourly"],
    ] as const) {
      const m = t?.med[bin];
      const s = t?.spread[bin];
      if (m && s) return { med: m[ci] as number, spread: s[ci] as number, source };
    }
  }
  const med = b.med[f];
  const spread = b.spread[f];
  if (med === undefined || spread === undefined) return NONE;
  return { med, spread, source: "global" };
}

/** Robust z-scores of a window's features against the baseline (clipped to ±50). */
export function zScores(
  b: LevelBaseline | null | undefined,
  x: Float64Array,
  ts: number,
  out: Float64Array,
): Float64Array {
  for (let f = 0; f < FEATURE_COUNT; f++) {
    const e = expect(b, f, ts);
    const z = ((x[f] as number) - e.med) / e.spread;
    out[f] = Math.max(-50, Math.min(50, z));
  }
  return out;
}

/** Validates a stored baseline; null when unusable. */
export function parseBaseline(v: unknown): LevelBaseline | null {
  if (!v || typeof v !== "object") return null;
  const o = v as Partial<LevelBaseline>;
  const ok = (a: unknown, n: number) =>
    Array.isArray(a) && a.length === n && a.every((x) => typeof x === "number" && Number.isFinite(x));
  if (typeof o.n !== "number" || !ok(o.med, FEATURE_COUNT) || !ok(o.spread, FEATURE_COUNT)) return null;
  if ((o.spread as number[]).some((s) => !(s > 0))) return null;
  const out: LevelBaseline = { n: o.n, med: o.med as number[], spread: o.spread as number[] };
  for (const k of ["hourly", "weekly"] as const) {
    const t = o[k];
    if (!t) continue;
    const bins = k === "hourly" ? 24 : 168;
    if (t.bins !== bins || !Array.isArray(t.med) || !Array.isArray(t.spread) || t.med.length !== bins) return null;
    for (let i = 0; i < bins; i++) {
      const m = t.med[i];
      const s = t.spread[i];
      if (m === null && s === null) continue;
      if (!ok(m, COUNT_FEATURES.length) || !ok(s, COUNT_FEATURES.length)) return null;
    }
    out[k] = t;
  }
  return out;
}
