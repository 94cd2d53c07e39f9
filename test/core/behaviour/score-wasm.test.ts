/**
 * The Wasm scorer (wasm/assembly/behaviour/score.ts) and its TypeScript
 * reference (core/behaviour/score.ts) give identical outputs on any table
 * and any feature vector: one conformance property over random inputs, plus
 * the real table of a learned model.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AGE_BOUNDS_MIN, F, FEATURE_COUNT } from "../../../core/behaviour/features.ts";
import { KIND_COUNT } from "../../../core/behaviour/kinds.ts";
import { scoreTs } from "../../../core/behaviour/score.ts";
import { buildTables, HEADER, offsets } from "../../../core/behaviour/score-table.ts";
import { hasWasmScorer, wasmScorer } from "../../../core/behaviour/score-wasm.ts";
import { scoreSlots } from "../../../core/behaviour/scorer.ts";
import { WasmHost } from "../../../core/wasm/host.ts";
import { benignDay } from "../../../eval/behaviour-traffic.ts";
import { train } from "./helpers.ts";

const bytes = readFileSync(new URL("../../../wasm/build/apiward.wasm", import.meta.url));
// Node compiles synchronously; the workers types declare Module abstract.
const Mod = WebAssembly.Module as unknown as new (b: Uint8Array) => WebAssembly.Module;
const host = new WasmHost(new Mod(bytes));

const feature = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.integer({ min: 0, max: 200 }),
  fc.double({ min: 0, max: 1e6, noNaN: true }),
);

/** A random but well-formed table: C clusters, A window-age buckets, the real K/F/S dimensions. */
const tableArb = fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 6 })).chain(([C, A]) => {
  const S = 9;
  const o = offsets(FEATURE_COUNT, KIND_COUNT, C, S, A);
  const rows = (C + 1) * A * FEATURE_COUNT;
  return fc
    .record({
      centroid: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: C * S, maxLength: C * S }),
      bounds: fc.array(fc.double({ min: 0, max: 40, noNaN: true }), { minLength: A - 1, maxLength: A - 1 }),
      thr: fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: rows, maxLength: rows }),
      spread: fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: rows, maxLength: rows }),
      mean: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: S, maxLength: S }),
      std: fc.array(fc.double({ min: 0.01, max: 3, noNaN: true }), { minLength: S, maxLength: S }),
    })
    .map((r) => {
      const base = buildTables(null);
      const t = new Float64Array(o.end);
      t.set([FEATURE_COUNT, KIND_COUNT, C, S, 3, 0.1, F.window_minutes, A]);
      const bounds = [...r.bounds].sort((a, b) => a - b);
      for (let a = 0; a < A; a++) t[o.ageBound + a] = a < A - 1 ? (bounds[a] as number) : Number.POSITIVE_INFINITY;
      for (let s = 0; s < S; s++) {
        t[o.styleIdx + s] = base.table[HEADER + s] as number;
        t[o.styleSqrt + s] = base.table[HEADER + S + s] as number;
        t[o.styleMean + s] = r.mean[s] as number;
        t[o.styleStd + s] = r.std[s] as number;
      }
      t.set(r.centroid, o.centroid);
      for (let c = 0; c < C; c++) t[o.radius + c] = 3;
      t.set(r.thr, o.threshold);
      t.set(r.spread, o.spread);
      const b = base.o;
      t.set(base.table.subarray(b.weight, b.end), o.weight);
      return { table: t, o, median: new Float64Array(rows) };
    });
});

function both(tables: ReturnType<typeof buildTables>, x: Float64Array, base: Float64Array) {
  const ts = new Float64Array(scoreSlots(KIND_COUNT));
  scoreTs(tables.table, x, base, ts);
  const wa = new Float64Array(scoreSlots(KIND_COUNT));
  wasmScorer(host, tables).score(x, base, wa);
  return { ts, wa };
}

describe("behaviour scorer: Wasm equals the TypeScript reference", () => {
  it("the module exports the scorer", () => {
    expect(hasWasmScorer(host)).toBe(true);
  });

  it("on random tables, features and baselines", () => {
    fc.assert(
      fc.property(
        tableArb,
        fc.array(feature, { minLength: FEATURE_COUNT, maxLength: FEATURE_COUNT }),
        fc.array(fc.oneof(fc.constant(0), feature), { minLength: FEATURE_COUNT, maxLength: FEATURE_COUNT }),
        (tables, xs, bs) => {
          const { ts, wa } = both(tables, Float64Array.from(xs), Float64Array.from(bs));
          expect([...wa]).toEqual([...ts]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("on a learned model's table, with kinds that fire, at every window age", () => {
    const tables = buildTables(train(benignDay(3, 1_700_000_000, 30, 10)));
    expect(tables.o.A).toBe(AGE_BOUNDS_MIN.length + 1);
    for (const age of [0, ...AGE_BOUNDS_MIN, 30]) {
      const x = new Float64Array(FEATURE_COUNT).map((_, i) => (i * 7) % 50);
      x[F.window_minutes] = age;
      const { ts, wa } = both(tables, x, new Float64Array(FEATURE_COUNT));
      expect([...wa]).toEqual([...ts]);
      expect(ts.slice(2).some((s) => s >= 1)).toBe(true);
    }
  });

  it("rejects a table larger than the module's region at construction", () => {
    const big = { ...buildTables(null), table: new Float64Array(1 << 20) };
    expect(() => wasmScorer(host, big)).toThrow(/exceeds/);
  });
});
