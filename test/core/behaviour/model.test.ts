import { describe, expect, it } from "vitest";
import { MODEL_VERSION, parseModel } from "../../../core/behaviour/model.ts";
import { benignDay } from "../../../eval/behaviour-traffic.ts";
import { train } from "./helpers.ts";

describe("behaviour model JSON", () => {
  const model = train(benignDay(5, 1_700_000_000, 30, 10));

  it("is versioned and survives JSON", () => {
    expect(model.version).toBe(MODEL_VERSION);
    const back = parseModel(JSON.parse(JSON.stringify(model)));
    expect(back).toEqual(model);
  });

  it("names the bad field", () => {
    expect(parseModel(null)).toBe("model: not a JSON object");
    expect(parseModel({ ...model, version: 99 })).toMatch(/^model\.version/);
    expect(parseModel({ ...model, features: ["a"] })).toMatch(/^model\.features/);
    expect(parseModel({ ...model, clusters: [{ ...model.clusters[0], threshold: [1] }] })).toMatch(
      /^model\.clusters\[0\]\.threshold/,
    );
    expect(parseModel({ ...model, endpoints: { templates: [] } })).toMatch(/^model\.endpoints/);
  });

  it("learns per-principal baselines for busy signed-in principals", () => {
    expect(model.principals?.length).toBeGreaterThan(0);
    expect(model.principals?.every((p) => /^[0-9a-f]{8}$/.test(p.id) && p.requests >= 50)).toBe(true);
  });
});
