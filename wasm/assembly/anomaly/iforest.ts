// Distributed anomaly detection's scoring loops (issue 8).
//
// iforestPaths: isolation-forest mean path lengths for a batch of window
// vectors. The host writes into INPUT, as f64: the `rows` vectors of `dim`
// values, then the packed forest: 4 f64 per node [feature | -1, split |
// c(leaf size), left, right], then one root index per tree. (The forest
// travels with each batch, ~1 MB: one call per detection tick, and no
// resident region to grow the module's memory.) OUTPUT[i] = mean over trees
// of (depth at the leaf + the leaf's c(size)). Children always have larger
// indices than their parent, so a walk ends; bounds and a step cap guard a
// corrupt table anyway.
//
// suspicionScores: per source, five components clamped to [0, 1] and
// weighted. INPUT: the 5 weights, then `n` rows of 5 f64; OUTPUT[i] = score.
//
// TypeScript references: core/anomaly/iforest.ts (meanPathLength) and
// core/anomaly/suspicion.ts (suspicionScores): same operations in the same
// order, held equal by test/core/anomaly/wasm.test.ts.
import { INPUT, INPUT_CAPACITY, OUTPUT_SLOTS, setOut } from "../abi";

const COMPONENTS: i32 = 5;

@inline
function inp(i: i32): f64 {
  return load<f64>(INPUT + ((<usize>i) << 3));
}

/** Mean path length of each of `rows` vectors; returns the number of outputs written (0 on a bad shape). */
export function iforestPaths(nodes: i32, trees: i32, dim: i32, rows: i32): i32 {
  if (nodes <= 0 || trees <= 0 || dim <= 0 || rows <= 0 || rows > OUTPUT_SLOTS) return 0;
  const forest = rows * dim;
  if ((forest + nodes * 4 + trees) * 8 > INPUT_CAPACITY) return 0;
  const roots = forest + nodes * 4;
  for (let r = 0; r < rows; r++) {
    const base = r * dim;
    let total: f64 = 0;
    for (let t = 0; t < trees; t++) {
      let n = <i32>inp(roots + t);
      let depth: i32 = 0;
      for (let step = 0; step < 64; step++) {
        if (n < 0 || n >= nodes) break;
        const at = forest + n * 4;
        const f = inp(at);
        if (f < 0) {
          total += <f64>depth + inp(at + 1);
          break;
        }
        const fi = <i32>f;
        if (fi >= dim) break;
        const v = inp(base + fi);
        n = v < inp(at + 1) ? <i32>inp(at + 2) : <i32>inp(at + 3);
        depth++;
      }
    }
    setOut(r, total / <f64>trees);
  }
  return rows;
}

/** Suspicion score of each of `n` component rows (weights first in INPUT). */
export function suspicionScores(n: i32): i32 {
  if (n <= 0 || n > OUTPUT_SLOTS) return 0;
  for (let i = 0; i < n; i++) {
    let s: f64 = 0;
    for (let k = 0; k < COMPONENTS; k++) {
      let v = inp(COMPONENTS + i * COMPONENTS + k);
      v = v > 1 ? 1 : v > 0 ? v : 0;
      s += v * inp(k);
    }
    setOut(i, s);
  }
  return n;
}
