/**
 * The Wasm scoring loops (wasm/assembly/anomaly/iforest.ts) equal their
 * TypeScript references exactly: isolation-forest mean path lengths on
 * random forests and vectors, suspicion scores on random (also out-of-range
 * and NaN) components; the Wasm-backed detector decides like the TS one.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { loadWasmHost } from "../../../cli/wasm.ts";
import { trainForest } from "../../../core/anomaly/iforest.ts";
import { DEFAULT_POLICY } from "../../../core/anomaly/policy.ts";
import type { AnomalyScorer } from "../../../core/anomaly/scorer.ts";
import { tsScorer } from "../../../core/anomaly/scorer.ts";
import { COMPONENT_COUNT, weightVector } from "../../../core/anomaly/suspicion.ts";
import { wasmAnomalyScorer } from "../../../core/anomaly/wasm-scorer.ts";
import { background, replay, trainedModel } from "./harness.ts";
import { distributedBruteforce, rng, T0 } from "./traffic.ts";

let wasm: AnomalyScorer;

beforeAll(() => {
  wasm = wasmAnomalyScorer(loadWasmHost());
  trainedModel();
}, 60_000);

const finite = fc.double({ min: -20, max: 20, noNaN: true, noDefaultInfinity: true });

describe("wasm anomaly scorer", () => {
  it("is the Wasm build (the exports exist)", () => {
    expect(wasm.name).toBe("wasm");
  });

  it("isolation-forest path lengths equal the reference exactly", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 2, max: 120 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer(),
        (dim, nTrain, nQuery, seed) => {
          const r = rng(seed);
          const mk = () => Float64Array.from({ length: dim }, () => (r() - 0.5) * 10);
          const train = Array.from({ length: nTrain }, mk);
          const forest = trainForest(train, dim, { trees: 1 + ((seed >>> 0) % 60), sample: 64, seed });
          const rows = new Float64Array(nQuery * dim);
          for (let i = 0; i < rows.length; i++) rows[i] = (r() - 0.5) * 14;
          const a = new Float64Array(nQuery);
          const b = new Float64Array(nQuery);
          tsScorer.forestPaths(forest, rows, nQuery, a);
          wasm.forestPaths(forest, rows, nQuery, b);
          expect([...b]).toEqual([...a]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("suspicion scores equal the reference exactly, clamping out-of-range and NaN components", () => {
    const component = fc.oneof(finite, fc.constant(Number.NaN), fc.double({ min: 0, max: 1, noNaN: true }));
    fc.assert(
      fc.property(
        fc.array(fc.array(component, { minLength: COMPONENT_COUNT, maxLength: COMPONENT_COUNT }), {
          minLength: 1,
          maxLength: 600,
        }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }),
        (rowsIn, w) => {
          const rows = Float64Array.from(rowsIn.flat());
          const weights = Float64Array.from(w);
          const a = new Float64Array(rowsIn.length);
          const b = new Float64Array(rowsIn.length);
          tsScorer.suspicion(rows, rowsIn.length, weights, a);
          wasm.suspicion(rows, rowsIn.length, weights, b);
          expect([...b]).toEqual([...a]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("a detector scoring in Wasm decides exactly as the reference one", () => {
    const events = [...background(21), ...distributedBruteforce(rng(21), 120, 3, T0 + 86_400 + 900, 900)];
    const viaTs = replay(events, { scorer: tsScorer });
    const viaWasm = replay(events, { scorer: wasm });
    const key = (m: { target: string; kind: string; created_at: number; score?: number }) =>
      `${m.target} ${m.kind} ${m.created_at} ${m.score}`;
    expect(viaWasm.mitigations.map(key)).toEqual(viaTs.mitigations.map(key));
    expect(viaWasm.mitigations.length).toBeGreaterThan(100);
    expect(viaWasm.findings.map((f) => f.forest)).toEqual(viaTs.findings.map((f) => f.forest));
    expect(weightVector(DEFAULT_POLICY.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });

  it("falls back to the reference for a forest larger than the input region", () => {
    const big = trainForest([Float64Array.from([1]), Float64Array.from([2])], 1, { trees: 1 });
    const huge = { ...big, nodes: new Float64Array(4 * 600_000).fill(-1) };
    const out = new Float64Array(1);
    wasm.forestPaths(huge, Float64Array.from([0]), 1, out);
    const ref = new Float64Array(1);
    tsScorer.forestPaths(huge, Float64Array.from([0]), 1, ref);
    expect(out[0]).toBe(ref[0]);
  });
});
