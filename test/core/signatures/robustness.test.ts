/**
 * No crash on arbitrary input: every scanner function on arbitrary bytes and
 * the whole engine on arbitrary requests (odd header names, broken bodies of
 * every content type, huge values) return a well-formed result.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSignatureEngine, RULES, type SignatureInput } from "../../../core/signatures/index.ts";
import { scanValueTs } from "../../../core/signatures/ref/scan.ts";
import { KIND_COUNT } from "../../../core/signatures/tables/kinds.ts";
import { BACKENDS } from "./support.ts";

const CONTENT_TYPES = [
  "",
  "application/json",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=xyz",
  "multipart/form-data",
  "application/xml",
  "text/plain",
  "image/png",
  "application/vnd.api+json",
];

const request = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "X"),
  rawPath: fc.string({ unit: "binary", maxLength: 80 }),
  query: fc.array(fc.tuple(fc.string({ maxLength: 20 }), fc.string({ unit: "binary", maxLength: 80 })), {
    maxLength: 6,
  }),
  headers: fc.array(fc.tuple(fc.string({ maxLength: 20 }), fc.string({ unit: "binary", maxLength: 80 })), {
    maxLength: 8,
  }),
  body: fc.option(
    fc.record({
      bytes: fc.uint8Array({ maxLength: 400 }),
      contentType: fc.constantFrom(...CONTENT_TYPES),
      truncated: fc.boolean(),
    }),
    { nil: undefined },
  ),
});

describe("robustness", () => {
  it("the reference scanner never throws and reports known rules", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1, max: KIND_COUNT + 1 }), fc.uint8Array({ maxLength: 500 }), (kind, bytes) => {
        const rules = scanValueTs(kind, bytes);
        for (const r of rules) expect(RULES[r]).toBeDefined();
      }),
      { numRuns: 500 },
    );
  });

  for (const backend of BACKENDS) {
    it(`the ${backend.name} engine returns a well-formed result for any request`, () => {
      const engine = backend.make();
      fc.assert(
        fc.property(request, fc.integer({ min: 1, max: 4 }), (r, pl) => {
          const input: SignatureInput = {
            ...r,
            path: r.rawPath,
            headers: r.headers.map(([k, v]) => [k.toLowerCase(), v]),
          };
          const out = engine.inspect(input, { paranoia: pl as 1 | 2 | 3 | 4, threshold: 5 });
          expect(out.parseErrors.every((e) => !e.startsWith("internal_error"))).toBe(true);
          expect(Number.isFinite(out.score)).toBe(true);
          expect(out.block).toBe(out.score >= 5);
          for (const m of out.matches) expect(m.paranoia).toBeLessThanOrEqual(pl);
        }),
        { numRuns: 200 },
      );
    });
  }

  it("handles a value longer than the scan limit by cutting and flagging it", () => {
    const engine = createSignatureEngine();
    const big = `${"a".repeat((1 << 20) + 10)}' or 1=1--`;
    const out = engine.inspect(
      { method: "GET", path: "/", rawPath: "/", query: [["q", big]], headers: [["host", "h"]] },
      { paranoia: 1, threshold: 5 },
    );
    expect(out.matches.some((m) => m.rule === "920160" && m.location === "query:q")).toBe(true);
  });
});
