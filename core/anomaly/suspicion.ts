/**
 * @module core/anomaly/suspicion
 * A source address's suspicion within one distributed anomaly, from five
 * components in [0, 1]:
 * - focus: the share of its traffic that went to the anomaly's target;
 * - own: its own behaviour there, judged by the anomaly's kind, more
 *   strictly than behaviour profiling judges a lone client: any failed
 *   logins (brute force), 4xx probing (scan), a request rate while active
 *   above what one normal client does there (flood), more distinct objects
 *   than a normal client reads, or only distinct objects and little else
 *   (scrape);
 * - novelty: never seen before the anomaly (1), new today (0.5), known (0);
 * - entry: it entered the app straight at the target, where normal clients
 *   rarely start;
 * - neighbours: other suspicious sources in its /24 (/48) or ASN.
 * The score is their weighted sum (policy weights, summing to 1).
 *
 * `suspicionScores` is the batch loop over packed rows; the Wasm module runs
 * the same loop (wasm/assembly/anomaly/suspicion.ts) and the two are held
 * equal by test/core/anomaly/wasm.test.ts.
 */
import type { Evidence } from "./ip-table.ts";
import type { ClientNorm } from "./model.ts";
import type { SuspicionWeights } from "./policy.ts";
import type { DistributedKind } from "./types.ts";

export const COMPONENTS = ["focus", "own", "novelty", "entry", "neighbours"] as const;
export const COMPONENT_COUNT = COMPONENTS.length;

/** Fallback client norm where no history exists: a handful of requests and objects per 5 minutes. */
const DEFAULT_NORM: ClientNorm = { rate: [1, 4, 8], params: [1, 3, 6], entry_share: 0, clients: 0 };

// biome-ignore lint/complexity/useMathMinMax: NaN must clamp to 0 (Math.max would keep it), as in the Wasm loop.
const clamp01 = (x: number): number => (x > 1 ? 1 : x > 0 ? x : 0);

export interface ComponentContext {
  kind: DistributedKind;
  /** Norm of the target (its busiest key when several). */
  norm: ClientNorm | null;
  novelty: number;
  /** The address's first request was on the target. */
  enteredAtTarget: boolean;
  /** Highest entry share among the target keys. */
  entryShare: number;
  /** Suspicious peers in the same network or ASN. */
  peers: number;
}

/**
 * Requests on the target per 5 minutes of the address's activity, a lower
 * confidence bound (n - 1.64·√n requests, Poisson, one-sided 95 %): a source
 * that began a minute ago is judged by that minute, but three quick requests
 * of a person searching are not read as a flood.
 */
export function rate5m(ev: Evidence): number {
  const lo = Math.max(0, ev.reqT - 1.64 * Math.sqrt(ev.reqT));
  return (lo * 300) / Math.max(60, ev.activeS);
}

/** The kind-specific "own behaviour" component. */
export function ownEvidence(kind: DistributedKind, ev: Evidence, norm: ClientNorm | null): number {
  const n = norm ?? DEFAULT_NORM;
  if (ev.reqT <= 0) return 0;
  switch (kind) {
    case "distributed_bruteforce":
      return clamp01(ev.failT / 2) * clamp01(ev.failT / ev.reqT);
    case "distributed_scan":
      return clamp01(ev.e4T) * clamp01(ev.e4All / Math.max(1, ev.reqAll));
    case "distributed_dos": {
      // Its rate while active there, against what one normal client does there in 5 minutes.
      const r = rate5m(ev) / Math.max(2, n.rate[1]);
      return clamp01((r - 1) / 3);
    }
    case "distributed_scraper": {
      // Reads distinct objects and does little else: more objects than a normal client reads,
      // or every request a new object with nothing around it (at most two endpoints touched).
      const beyond = clamp01((ev.paramsT / Math.max(2, n.params[1]) - 1) / 3);
      // "Little else" needs a few requests to mean anything: a visitor's first two are not a pattern.
      const seen = clamp01((ev.reqAll - 1) / 2);
      const narrow = clamp01((4 - ev.keys) / 2) * clamp01(ev.paramsT / ev.reqT) * seen;
      return Math.max(beyond, narrow);
    }
  }
}

/** Writes the five components of one address into `row` at `offset`. */
export function components(ev: Evidence, c: ComponentContext, row: Float64Array, offset: number): void {
  row[offset] = ev.reqAll > 0 ? clamp01(ev.reqT / ev.reqAll) : 0;
  row[offset + 1] = ownEvidence(c.kind, ev, c.norm);
  row[offset + 2] = clamp01(c.novelty);
  row[offset + 3] = c.enteredAtTarget ? clamp01(1 - c.entryShare / 0.25) : 0;
  row[offset + 4] = clamp01(c.peers / 2);
}

export function weightVector(w: SuspicionWeights): Float64Array {
  return Float64Array.from([w.focus, w.own, w.novelty, w.entry, w.neighbours]);
}

/**
 * Scores `n` packed rows of COMPONENT_COUNT components into `out` (the
 * reference of the Wasm loop): each component clamped to [0, 1], weighted,
 * summed.
 */
export function suspicionScores(rows: Float64Array, n: number, weights: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < COMPONENT_COUNT; k++) {
      let v = rows[i * COMPONENT_COUNT + k] as number;
      // biome-ignore lint/complexity/useMathMinMax: NaN must clamp to 0 (Math.max would keep it), as in the Wasm loop.
      v = v > 1 ? 1 : v > 0 ? v : 0;
      s += v * (weights[k] as number);
    }
    out[i] = s;
  }
}
