/**
 * @module core/anomaly/scorer
 * The two batch loops of detection, behind one interface so the Wasm module
 * (core/anomaly/wasm-scorer.ts) and this TypeScript reference are
 * interchangeable: isolation-forest mean path lengths for a batch of window
 * vectors, and suspicion scores for a batch of component rows.
 */
import { meanPathLength, type PackedForest } from "./iforest.ts";
import { suspicionScores } from "./suspicion.ts";

export interface AnomalyScorer {
  readonly name: string;
  /** Mean path length of each of the `n` rows (`forest.dim` numbers each) into `out`. */
  forestPaths(forest: PackedForest, rows: Float64Array, n: number, out: Float64Array): void;
  /** Suspicion score of each of the `n` component rows into `out`. */
  suspicion(rows: Float64Array, n: number, weights: Float64Array, out: Float64Array): void;
}

export const tsScorer: AnomalyScorer = {
  name: "ts",
  forestPaths(forest, rows, n, out) {
    for (let i = 0; i < n; i++) out[i] = meanPathLength(forest, rows, i * forest.dim);
  },
  suspicion: suspicionScores,
};
