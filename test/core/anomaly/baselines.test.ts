/**
 * Baselines: robust seasonal levels that outliers do not drag, falling back
 * from hour bins to the global level; the isolation forest isolates what is
 * unlike its training windows; models round-trip and bad ones are refused
 * with the field named.
 */
import { describe, expect, it } from "vitest";
import { F, FEATURE_COUNT } from "../../../core/anomaly/features.ts";
import { forestFromJSON, forestScore, forestToJSON, trainForest } from "../../../core/anomaly/iforest.ts";
import { parseAnomalyModel } from "../../../core/anomaly/model.ts";
import {
  expect as expectation,
  hourOfDay,
  hourOfWeek,
  learnBaseline,
  type WindowSample,
} from "../../../core/anomaly/seasonal.ts";
import { trainedModel } from "./harness.ts";
import { rng, T0 } from "./traffic.ts";

function sample(ts: number, requests: number): WindowSample {
  const x = new Float64Array(FEATURE_COUNT);
  x[F.requests] = Math.log1p(requests);
  return { x, n: requests, ts };
}

describe("seasonal baselines", () => {
  it("learn the level per hour of day, and a tenth of outliers does not move it", () => {
    const r = rng(1);
    const samples: WindowSample[] = [];
    for (let d = 0; d < 3; d++)
      for (let m = 0; m < 288; m++) {
        const ts = T0 + d * 86_400 + m * 300;
        const busy = hourOfDay(ts) >= 9 && hourOfDay(ts) < 18;
        // 10 % of windows are a burst 50× the normal level.
        samples.push(sample(ts, r() < 0.1 ? 5000 : busy ? 100 : 10));
      }
    const b = learnBaseline(samples);
    const noon = expectation(b, F.requests, T0 + 12 * 3600);
    const night = expectation(b, F.requests, T0 + 2 * 3600);
    expect(noon.source).toBe("hourly");
    expect(Math.expm1(noon.med)).toBeCloseTo(100, 0);
    expect(Math.expm1(night.med)).toBeCloseTo(10, 0);
    // Ratio features have no hour bins: the global level.
    expect(expectation(b, F.err4_ratio, T0).source).toBe("global");
    expect(b.weekly).toBeUndefined();
  });

  it("learns hour-of-week bins from two weeks of history", () => {
    const samples: WindowSample[] = [];
    for (let d = 0; d < 15; d++)
      for (let m = 0; m < 288; m += 3) {
        const ts = T0 + d * 86_400 + m * 300;
        samples.push(sample(ts, hourOfWeek(ts) < 120 ? 100 : 20)); // weekdays busy, weekend quiet
      }
    const b = learnBaseline(samples);
    expect(b.weekly).toBeDefined();
    const saturday = expectation(b, F.requests, T0 + 5 * 86_400 + 12 * 3600);
    expect(saturday.source).toBe("weekly");
    expect(Math.expm1(saturday.med)).toBeCloseTo(20, 0);
  });

  it("spreads never fall below the feature's resolution", () => {
    const b = learnBaseline(Array.from({ length: 50 }, (_, i) => sample(T0 + i * 300, 0)));
    expect(b.spread.every((s) => s > 0)).toBe(true);
    expect(expectation(null, F.requests, T0).med).toBe(0);
  });
});

describe("isolation forest", () => {
  const rows = (() => {
    const r = rng(2);
    return Array.from({ length: 600 }, () => {
      const v = new Float64Array(4);
      for (let i = 0; i < 4; i++) v[i] = (r() + r() + r() - 1.5) * 2;
      return v;
    });
  })();

  it("scores an outlier above every ordinary point's median score; deterministic for a seed", () => {
    const f = trainForest(rows, 4, { seed: 7 });
    const inliers = rows.slice(0, 100).map((x) => forestScore(f, x));
    inliers.sort((a, b) => a - b);
    const outlier = forestScore(f, Float64Array.from([9, -9, 9, 0]));
    expect(outlier).toBeGreaterThan(0.65);
    expect(outlier).toBeGreaterThan(inliers[95] as number);
    expect(inliers[50]).toBeLessThan(0.55);
    const again = trainForest(rows, 4, { seed: 7 });
    expect(forestScore(again, Float64Array.from([9, -9, 9, 0]))).toBe(outlier);
  });

  it("round-trips through JSON and refuses corrupt trees (a link backwards could loop)", () => {
    const f = trainForest(rows, 4, { seed: 7, trees: 10 });
    const back = forestFromJSON(JSON.parse(JSON.stringify(forestToJSON(f))), 4);
    expect(typeof back).not.toBe("string");
    const j = forestToJSON(f);
    const bad = { ...j, nodes: [...j.nodes] };
    bad.nodes[2] = 0; // root's left child pointing at itself
    expect(forestFromJSON(bad, 4)).toMatch(/bad link/);
    expect(forestFromJSON({ ...j, dim: 3 }, 4)).toMatch(/forest.dim/);
  });
});

describe("model snapshot", () => {
  it("round-trips and names the bad field of a broken one", () => {
    const { model } = trainedModel();
    const json = JSON.parse(JSON.stringify(model.model));
    expect(typeof parseAnomalyModel(json)).toBe("object");
    expect(parseAnomalyModel({ ...json, version: 2 })).toMatch(/anomaly.version/);
    expect(parseAnomalyModel({ ...json, features: ["requests"] })).toMatch(/anomaly.features/);
    expect(parseAnomalyModel({ ...json, keys: { "GET /": { levels: [], norm: {} } } })).toMatch(/keys\[GET \/\]/);
    expect(parseAnomalyModel({ ...json, forest: { ...json.forest, threshold: 3 } })).toMatch(/threshold/);
    expect(parseAnomalyModel("x")).toMatch(/not a JSON object/);
  }, 60_000);
});
