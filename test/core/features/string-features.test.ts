/**
 * The hot path's first Wasm job, string features (wasm/assembly/features.ts),
 * equals its TypeScript reference (core/features/string-features.ts): on
 * arbitrary bytes (invalid UTF-8, NUL, controls included) and on strings
 * encoded straight into the module's input, and the per-request summary is
 * the same whichever backend computes it.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { loadWasmHost } from "../../../cli/wasm.ts";
import { canonicalize } from "../../../core/canonicalize/index.ts";
import { MAX_VALUE_BYTES, requestFeatures } from "../../../core/features/request-features.ts";
import {
  type StringFeatures,
  stringFeaturesOfString,
  stringFeaturesOfStringTs,
  stringFeaturesTs,
  stringFeaturesWasm,
} from "../../../core/features/string-features.ts";
import type { WasmHost } from "../../../core/wasm/host.ts";

let host: WasmHost;

beforeAll(() => {
  host = loadWasmHost();
});

/** Counts equal exactly; entropy to the last few bits (log2 in Wasm and in V8 may round differently). */
function expectSame(wasm: StringFeatures, ts: StringFeatures): void {
  const { entropy: we, ...wRest } = wasm;
  const { entropy: te, ...tRest } = ts;
  expect(wRest).toEqual(tRest);
  expect(we).toBeCloseTo(te, 12);
}

describe("string features: Wasm = TypeScript reference", () => {
  it("on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        expectSame(stringFeaturesWasm(host, bytes), stringFeaturesTs(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it("on strings, encoded into the module's input without a byte array in between", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: "binary", maxLength: 300 })), (s) => {
        expectSame(stringFeaturesOfString(host, s), stringFeaturesOfStringTs(s));
      }),
      { numRuns: 500 },
    );
  });

  it("counts what it says on known values", () => {
    const f = stringFeaturesOfString(host, "aB3 ff\u0000é");
    expect(f).toMatchObject({ length: 9, lower: 3, upper: 1, digit: 1, space: 1, control: 1, nonAscii: 2 });
    expect(f.hexLetters).toBe(4);
    expect(stringFeaturesOfString(host, "aaaa").entropy).toBe(0);
    expect(stringFeaturesOfString(host, "abcd").entropy).toBeCloseTo(2, 12);
  });

  it("a view made before the module's memory grows is never reused after", () => {
    const before = stringFeaturesOfString(host, "before");
    const mem = host.exports.memory;
    mem.grow(1);
    expect(stringFeaturesOfString(host, "before")).toEqual(before);
    expect(stringFeaturesOfString(host, "x".repeat(5000)).length).toBe(5000);
  });
});

describe("request features", () => {
  const arbPath = fc
    .array(fc.string({ maxLength: 40 }), { maxLength: 8 })
    .map((xs) => `/${xs.map(encodeURIComponent).join("/")}`);
  const arbQuery = fc.array(fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 60 })), { maxLength: 6 });

  it("are the same with either backend", () => {
    fc.assert(
      fc.property(arbPath, arbQuery, (path, query) => {
        const qs = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
        const req = canonicalize({ method: "GET", url: qs ? `${path}?${qs}` : path, host: "x.example", headers: [] });
        const w = requestFeatures(req, (v) => stringFeaturesOfString(host, v));
        const t = requestFeatures(req, stringFeaturesOfStringTs);
        expect(w.maxEntropy).toBeCloseTo(t.maxEntropy, 12);
        expect({ ...w, maxEntropy: 0 }).toEqual({ ...t, maxEntropy: 0 });
      }),
      { numRuns: 200 },
    );
  });

  it("summarise long values on their first MAX_VALUE_BYTES characters and flag generated ones", () => {
    const token = "f3A9kQ2zL8xW1pR7tY4uN6bV0cM5hJ2g";
    const req = canonicalize({
      method: "GET",
      url: `/api/${"a".repeat(MAX_VALUE_BYTES + 100)}?t=${token}&c=%01`,
      host: "x.example",
      headers: [],
    });
    const f = requestFeatures(req, (v) => stringFeaturesOfString(host, v));
    expect(f.maxLength).toBe(MAX_VALUE_BYTES);
    expect(f.generated).toBe(1);
    expect(f.control).toBe(1);
  });
});
