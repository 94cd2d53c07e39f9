/**
 * @module core/anomaly/wasm-scorer
 * The anomaly scoring loops in Wasm (wasm/assembly/anomaly/iforest.ts)
 * behind the `AnomalyScorer` interface: isolation-forest path lengths and
 * suspicion scores in batches of up to 256 (the output slots), the forest
 * written into the input region with each batch. Falls back to the
 * TypeScript reference (scorer.ts) for a module without the exports or a
 * forest larger than the input region, so results never depend on which
 * one ran (a trap falls back too). Plain TypeScript: the Durable Object passes its WasmHost, Node
 * one from cli/wasm.ts.
 */
import type { WasmHost } from "../wasm/host.ts";
import type { PackedForest } from "./iforest.ts";
import { type AnomalyScorer, tsScorer } from "./scorer.ts";
import { COMPONENT_COUNT } from "./suspicion.ts";

const BATCH = 256;

type Fn = (...args: number[]) => number;

export function wasmAnomalyScorer(host: WasmHost): AnomalyScorer {
  const paths = host.exports.iforestPaths as Fn | undefined;
  const susp = host.exports.suspicionScores as Fn | undefined;
  const f64 = (count: number): Float64Array => {
    const bytes = host.inputView(count * 8);
    return new Float64Array(bytes.buffer, bytes.byteOffset, count);
  };
  return {
    name: paths && susp ? "wasm" : "ts",
    forestPaths(forest: PackedForest, rows: Float64Array, n: number, out: Float64Array): void {
      const dim = forest.dim;
      const nodes = forest.nodes.length / 4;
      const trees = forest.roots.length;
      const need = (BATCH * dim + forest.nodes.length + trees) * 8;
      if (!paths || need > host.inputCapacity) {
        tsScorer.forestPaths(forest, rows, n, out);
        return;
      }
      for (let at = 0; at < n; at += BATCH) {
        const k = Math.min(BATCH, n - at);
        const view = f64(k * dim + forest.nodes.length + trees);
        view.set(rows.subarray(at * dim, (at + k) * dim), 0);
        view.set(forest.nodes, k * dim);
        for (let t = 0; t < trees; t++) view[k * dim + forest.nodes.length + t] = forest.roots[t] as number;
        let wrote = 0;
        try {
          wrote = paths(nodes, trees, dim, k);
        } catch {
          // A trap (corrupt table): the reference answers this batch.
        }
        if (wrote !== k) {
          tsScorer.forestPaths(forest, rows.subarray(at * dim), k, out.subarray(at));
          continue;
        }
        out.set(host.output(k), at);
      }
    },
    suspicion(rows: Float64Array, n: number, weights: Float64Array, out: Float64Array): void {
      if (!susp) {
        tsScorer.suspicion(rows, n, weights, out);
        return;
      }
      for (let at = 0; at < n; at += BATCH) {
        const k = Math.min(BATCH, n - at);
        const view = f64(COMPONENT_COUNT + k * COMPONENT_COUNT);
        view.set(weights.subarray(0, COMPONENT_COUNT), 0);
        view.set(rows.subarray(at * COMPONENT_COUNT, (at + k) * COMPONENT_COUNT), COMPONENT_COUNT);
        let wrote = 0;
        try {
          wrote = susp(k);
        } catch {
          // as above
        }
        if (wrote !== k) {
          tsScorer.suspicion(rows.subarray(at * COMPONENT_COUNT), k, weights, out.subarray(at));
          continue;
        }
        out.set(host.output(k), at);
      }
    },
  };
}
