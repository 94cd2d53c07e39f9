/**
 * @module core/behaviour/scorer
 * The scorer seam: the engine calls `score(features, out)` per request; the
 * TypeScript reference and the Wasm module both implement it over the same
 * flat table (score-table.ts), and give identical results.
 */
import { scoreSlots, scoreTs } from "./score.ts";
import type { ScoreTables } from "./score-table.ts";

export interface Scorer {
  readonly backend: "ts" | "wasm";
  readonly tables: ScoreTables;
  /** Writes [row, distance, score per kind] into `out` (length ≥ scoreSlots(K)); `base`: the client's baseline (zeros: none). */
  score(x: Float64Array, base: Float64Array, out: Float64Array): void;
}

export function tsScorer(tables: ScoreTables): Scorer {
  return {
    backend: "ts",
    tables,
    score: (x, base, out) => scoreTs(tables.table, x, base, out),
  };
}

export { scoreSlots };
