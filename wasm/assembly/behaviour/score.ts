// Behaviour scoring hot loop: nearest cluster in standardized style space
// (the floors-only row C when there are no clusters), then every detection
// kind's score from the rule table. TypeScript
// reference: core/behaviour/score.ts (same operations, same order, same
// flat table: core/behaviour/score-table.ts); the tests hold the two equal.
// Thresholds and spreads are per row and window-age bucket: the bucket is the
// first whose bound is at least x[header[6]] (minutes), of header[7].
//
// The host writes the table once into TABLE (behaviourTablePtr) and, per
// call, the feature vector x[F] then the client's baseline base[F] into
// INPUT as f64. Results: OUTPUT[0] row used (cluster, or C for the strict
// row), OUTPUT[1] distance to the nearest centroid, OUTPUT[2 + k] kind k's
// score. No allocation.
import { INPUT, setOut } from "../abi";

/** Table capacity in f64 slots (core/behaviour/score-table.ts TABLE_CAPACITY). */
export const TABLE_SLOTS: i32 = 16384;
const TABLE: usize = memory.data(TABLE_SLOTS * 8, 16);
const Z: usize = memory.data(64 * 8, 16);
const HEADER: i32 = 8;

@inline
function tab(i: i32): f64 {
  return load<f64>(TABLE + ((<usize>i) << 3));
}

@inline
function inp(i: i32): f64 {
  return load<f64>(INPUT + ((<usize>i) << 3));
}

export function behaviourTablePtr(): usize {
  return TABLE;
}

export function behaviourTableCapacity(): i32 {
  return TABLE_SLOTS;
}

/** Scores the features in INPUT (x then base, F each); returns the number of output slots written. */
export function behaviourScore(features: i32): i32 {
  const F = <i32>tab(0);
  const K = <i32>tab(1);
  const C = <i32>tab(2);
  const S = <i32>tab(3);
  const cap = tab(4);
  const excess = tab(5);
  const ageF = <i32>tab(6);
  const A = <i32>tab(7);
  if (F != features || S > 64 || A < 1 || ageF < 0 || ageF >= F) return 0;
  const styleIdx = HEADER;
  const styleSqrt = styleIdx + S;
  const styleMean = styleSqrt + S;
  const styleStd = styleMean + S;
  const centroid = styleStd + S;
  const ageBound = centroid + C * S + C; // after centroids and radii
  const threshold = ageBound + A;
  const spread = threshold + (C + 1) * A * F;
  const weight = spread + (C + 1) * A * F;
  const floor = weight + K * F;
  const gate = floor + K * F;

  for (let s = 0; s < S; s++) {
    let v = inp(<i32>tab(styleIdx + s));
    if (tab(styleSqrt + s) != 0) v = Math.sqrt(v > 0 ? v : 0);
    store<f64>(Z + ((<usize>s) << 3), (v - tab(styleMean + s)) / tab(styleStd + s));
  }
  let best = -1;
  let bestD = Infinity;
  for (let c = 0; c < C; c++) {
    let d: f64 = 0;
    for (let s = 0; s < S; s++) {
      const diff = load<f64>(Z + ((<usize>s) << 3)) - tab(centroid + c * S + s);
      d += diff * diff;
    }
    d = Math.sqrt(d);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const row = best >= 0 ? best : C;
  setOut(0, <f64>row);
  setOut(1, bestD);
  const age = inp(ageF);
  let a = 0;
  while (a < A - 1 && age > tab(ageBound + a)) a++;
  const r0 = (row * A + a) * F;
  for (let k = 0; k < K; k++) {
    let ok = true;
    for (let f = 0; f < F; f++) {
      const gv = tab(gate + k * F + f);
      if (gv >= 0 && inp(f) < gv) {
        ok = false;
        break;
      }
    }
    let sc: f64 = 0;
    if (ok) {
      for (let f = 0; f < F; f++) {
        const w = tab(weight + k * F + f);
        if (w <= 0) continue;
        const fl = tab(floor + k * F + f);
        const th = tab(threshold + r0 + f);
        let T = fl > th ? fl : th;
        const b = inp(F + f);
        if (b > T) T = b;
        const v = inp(f);
        if (v >= T) {
          let h = (v - T) / tab(spread + r0 + f);
          if (h > cap) h = cap;
          sc += w * (1 + excess * h);
        }
      }
    }
    setOut(2 + k, sc);
  }
  return 2 + K;
}
