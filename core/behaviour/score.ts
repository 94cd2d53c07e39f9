/**
 * @module core/behaviour/score
 * The scoring hot loop, TypeScript reference: assign the client to its
 * nearest cluster in standardized style space (the floors-only row when the
 * model has no clusters), then score every kind from the rule table
 * (kinds.ts). The cluster's radius is not used for scoring: being unlike
 * every group is no evidence of any kind, and a hard boundary would make a
 * client's thresholds jump as its style wobbles; the clusters' thresholds
 * come from their cores, so a far-out client gets no outlier's allowance. The Wasm scorer (wasm/assembly/behaviour/score.ts) does
 * the same operations in the same order on the same flat table
 * (score-table.ts); test/core/behaviour/score-wasm.test.ts holds them equal.
 *
 * Thresholds and spreads are per row and age bucket: the bucket is the
 * first whose bound (minutes) is at least the client's window age (feature
 * header[6]), so a young client is held to what benign clients of its
 * cluster do at that age (score-table.ts).
 *
 * `base` holds the client's own baseline per feature (a known principal's
 * learned peak with its margin; zeros otherwise): a term's threshold is the
 * largest of the kind's floor, the row's threshold and the baseline.
 *
 * Output slots: [0] row used (cluster index, C = strict), [1] distance to
 * the nearest centroid (Infinity without clusters), [2 + k] score of kind k.
 */
import { HEADER } from "./score-table.ts";

/** Number of output slots for K kinds. */
export const scoreSlots = (K: number): number => 2 + K;

const z = new Float64Array(64);

export function scoreTs(t: Float64Array, x: Float64Array, base: Float64Array, out: Float64Array): void {
  const F = t[0] as number;
  const K = t[1] as number;
  const C = t[2] as number;
  const S = t[3] as number;
  const cap = t[4] as number;
  const excess = t[5] as number;
  const ageF = t[6] as number;
  const A = t[7] as number;
  const styleIdx = HEADER;
  const styleSqrt = styleIdx + S;
  const styleMean = styleSqrt + S;
  const styleStd = styleMean + S;
  const centroid = styleStd + S;
  const ageBound = centroid + C * S + C;
  const threshold = ageBound + A;
  const spread = threshold + (C + 1) * A * F;
  const weight = spread + (C + 1) * A * F;
  const floor = weight + K * F;
  const gate = floor + K * F;

  for (let s = 0; s < S; s++) {
    let v = x[t[styleIdx + s] as number] as number;
    // Ternaries, not Math.max: the Wasm twin compares the same way (NaN and -0 included).
    // biome-ignore lint/complexity/useMathMinMax: kept identical to wasm/assembly/behaviour/score.ts
    if ((t[styleSqrt + s] as number) !== 0) v = Math.sqrt(v > 0 ? v : 0);
    z[s] = (v - (t[styleMean + s] as number)) / (t[styleStd + s] as number);
  }
  let best = -1;
  let bestD = Number.POSITIVE_INFINITY;
  for (let c = 0; c < C; c++) {
    let d = 0;
    for (let s = 0; s < S; s++) {
      const diff = (z[s] as number) - (t[centroid + c * S + s] as number);
      d += diff * diff;
    }
    d = Math.sqrt(d);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const row = best >= 0 ? best : C;
  out[0] = row;
  out[1] = bestD;
  const age = x[ageF] as number;
  let a = 0;
  while (a < A - 1 && age > (t[ageBound + a] as number)) a++;
  const r0 = (row * A + a) * F;
  for (let k = 0; k < K; k++) {
    let ok = true;
    for (let f = 0; f < F; f++) {
      const gv = t[gate + k * F + f] as number;
      if (gv >= 0 && (x[f] as number) < gv) {
        ok = false;
        break;
      }
    }
    let sc = 0;
    if (ok) {
      for (let f = 0; f < F; f++) {
        const w = t[weight + k * F + f] as number;
        if (w <= 0) continue;
        const fl = t[floor + k * F + f] as number;
        const th = t[threshold + r0 + f] as number;
        // biome-ignore lint/complexity/useMathMinMax: kept identical to wasm/assembly/behaviour/score.ts
        let T = fl > th ? fl : th;
        const b = base[f] as number;
        if (b > T) T = b;
        const v = x[f] as number;
        if (v >= T) {
          let h = (v - T) / (t[spread + r0 + f] as number);
          if (h > cap) h = cap;
          sc += w * (1 + excess * h);
        }
      }
    }
    out[2 + k] = sc;
  }
}
