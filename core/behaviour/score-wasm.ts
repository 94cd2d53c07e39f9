/**
 * @module core/behaviour/score-wasm
 * The behaviour scorer in Wasm (wasm/assembly/behaviour/score.ts), behind
 * the same Scorer seam as the TypeScript reference. The flat table is copied
 * into the module's own table region once, and again only when another
 * scorer used the same module in between; each call copies the feature
 * vector and the client's baseline into INPUT (2 × F f64) and reads
 * [row, distance, scores…] from OUTPUT.
 * Throws at construction (start-up) when the module is stale (no
 * `behaviourScore` export) or the table does not fit, never per request: a
 * call that traps is scored by the TypeScript reference instead (counted in
 * `traps`).
 */
import type { WasmHost } from "../wasm/host.ts";
import { scoreTs } from "./score.ts";
import type { ScoreTables } from "./score-table.ts";
import { type Scorer, scoreSlots } from "./scorer.ts";

interface BehaviourExports {
  behaviourTablePtr(): number;
  behaviourTableCapacity(): number;
  behaviourScore(features: number): number;
}

const loaded = new WeakMap<WasmHost, Float64Array>();

export function hasWasmScorer(host: WasmHost): boolean {
  const e = host.exports as unknown as Partial<BehaviourExports>;
  return typeof e.behaviourScore === "function" && typeof e.behaviourTablePtr === "function";
}

export function wasmScorer(host: WasmHost, tables: ScoreTables): Scorer & { traps: number } {
  if (!hasWasmScorer(host))
    throw new Error("wasm module has no behaviourScore export (rebuild with npm run build:wasm)");
  const ex = host.exports as unknown as BehaviourExports;
  const cap = ex.behaviourTableCapacity();
  if (tables.table.length > cap)
    throw new Error(`behaviour table of ${tables.table.length} slots exceeds the module's ${cap}`);
  const tablePtr = ex.behaviourTablePtr() >>> 0;
  const inputPtr = host.exports.inputPtr() >>> 0;
  const F = tables.o.F;
  const slots = scoreSlots(tables.o.K);
  const load = () => {
    new Float64Array(host.exports.memory.buffer, tablePtr, tables.table.length).set(tables.table);
    loaded.set(host, tables.table);
  };
  load();
  const outputPtr = host.exports.outputPtr() >>> 0;
  // Views over the module's memory, rebuilt only if the memory ever grows (a new buffer).
  let buffer: ArrayBuffer | null = null;
  let input = new Float64Array(0);
  let output = new Float64Array(0);
  return {
    backend: "wasm",
    tables,
    traps: 0,
    score(x, base, out) {
      if (loaded.get(host) !== tables.table) load();
      if (buffer !== host.exports.memory.buffer) {
        buffer = host.exports.memory.buffer;
        input = new Float64Array(buffer, inputPtr, 2 * F);
        output = new Float64Array(buffer, outputPtr, slots);
      }
      input.set(x.length === F ? x : x.subarray(0, F));
      input.set(base.length === F ? base : base.subarray(0, F), F);
      try {
        ex.behaviourScore(F);
        out.set(output);
      } catch {
        // A trapped module must not fail the batch: this call falls back to the reference.
        this.traps++;
        scoreTs(tables.table, x, base, out);
      }
    },
  };
}
