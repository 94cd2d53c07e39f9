/**
 * The JSON body reader (core/signatures/body/json.ts) against `JSON.parse`:
 * it accepts exactly the documents `JSON.parse` accepts, hands the sink the
 * same names and string values with the same paths as a walk over the parsed
 * document (the reference below, what the engine did before), hands nothing
 * over for an invalid document, and, where the parsed document loses a
 * duplicate key, inspects both copies.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJson } from "../../../core/signatures/body/json.ts";
import { type BodySink, joinPath } from "../../../core/signatures/body/types.ts";
import { createSignatureEngine } from "../../../core/signatures/index.ts";

type Emitted = [kind: "name" | "value", parent: string, key: string, value: string];

function collect(text: string, maxFields = 100_000): { out: Emitted[]; result: string | undefined } {
  const out: Emitted[] = [];
  const sink: BodySink = {
    value: (_format, parent, key, value) => out.push(["value", parent, key, value]),
    name: (_format, parent, key) => out.push(["name", parent, key, key]),
    filename: () => {},
  };
  return { out, result: parseJson(text, sink, maxFields) };
}

/** The walk over `JSON.parse`'s document, as the engine read JSON bodies before. */
function reference(text: string): Emitted[] | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  const out: Emitted[] = [];
  const walk = (v: unknown, parent: string, key: string, depth: number): void => {
    if (typeof v === "string") {
      out.push(["value", parent, key, v]);
      return;
    }
    if (v === null || typeof v !== "object") return;
    const here = depth === 0 ? "" : joinPath(parent, key);
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, here, String(i), depth + 1);
      return;
    }
    for (const [k, x] of Object.entries(v)) {
      out.push(["name", here, k, k]);
      walk(x, here, k, depth + 1);
    }
  };
  walk(doc, "", "", 0);
  return out;
}

const sorted = (xs: Emitted[]) => xs.map((x) => JSON.stringify(x)).sort();

/**
 * The reader against the reference on a valid document. Without duplicate keys (as many names as
 * the parsed document has keys) they hand over the same strings; with them, the parsed document
 * keeps one copy of each key and the reader all of them, so the reference's strings are among
 * the reader's and the reader names more keys.
 */
function expectSameOrMore(got: Emitted[], ref: Emitted[], label: string): void {
  const names = (xs: Emitted[]) => xs.filter((x) => x[0] === "name").length;
  if (names(got) === names(ref)) {
    expect(sorted(got), label).toEqual(sorted(ref));
    return;
  }
  expect(names(got), label).toBeGreaterThan(names(ref));
  const left = new Map<string, number>();
  for (const x of sorted(got)) left.set(x, (left.get(x) ?? 0) + 1);
  for (const x of sorted(ref)) {
    const n = left.get(x) ?? 0;
    expect(n, `${label}: ${x}`).toBeGreaterThan(0);
    left.set(x, n - 1);
  }
}

/** Text that is often almost JSON: a document with one character deleted, replaced or inserted. */
const nearJson = fc
  .tuple(
    fc.jsonValue({ maxDepth: 4 }),
    fc.nat(),
    fc.constantFrom("del", "ins", "rep"),
    fc.constantFrom(..."{}[]:,\"\\ 0-1e.tfnu\u0000\n/x'".split("")),
  )
  .map(([v, at, op, ch]) => {
    const s = JSON.stringify(v) ?? "null";
    const i = at % (s.length + 1);
    if (op === "del") return s.slice(0, i) + s.slice(i + 1);
    if (op === "ins") return s.slice(0, i) + ch + s.slice(i);
    return s.slice(0, i) + ch + s.slice(i + 1);
  });

describe("JSON body reader", () => {
  it("hands over the names and string values a walk over JSON.parse's document finds, with the same paths", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(0, 1, 2), (v, indent) => {
        const text = JSON.stringify(v, null, indent) ?? "null";
        const { out, result } = collect(text);
        expect(result).toBeUndefined();
        // Keys like "1" come first in a parsed object; the reader keeps document order.
        expect(sorted(out)).toEqual(sorted(reference(text) ?? []));
      }),
      { numRuns: 2000 },
    );
  });

  it("accepts exactly what JSON.parse accepts, and hands nothing over from an invalid document", () => {
    const texts = fc.oneof(nearJson, fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 }));
    fc.assert(
      fc.property(texts, (text) => {
        const ref = reference(text);
        const { out, result } = collect(text);
        if (ref === null) {
          expect(result, text).toMatch(/^json: /);
          expect(out).toEqual([]);
        } else {
          expect(result, text).toBeUndefined();
          // A mutation can make two keys equal: then the reader inspects both copies.
          expectSameOrMore(out, ref, text);
        }
      }),
      { numRuns: 5000 },
    );
    for (const bad of [
      "",
      " ",
      "01",
      "[1,]",
      '{"a":1,}',
      "tru",
      "nul",
      "-",
      "1.",
      "1e",
      '"\\x"',
      '"\\u12"',
      '"a\tb"',
      "{} {}",
    ])
      expect(collect(bad).result, bad).toMatch(/^json: /);
    for (const good of ['"\\u2028\u2028"', "-0.5e+3", ' [ {"a" : [ ] } ] ', '"\\ud800"'])
      expect(collect(good).result, good).toBeUndefined();
  });

  it("inspects both copies of a duplicate key, where JSON.parse keeps the last", () => {
    const { out } = collect('{"q":"<script>alert(1)</script>","q":"ok","q":{"q":"x"}}');
    // Including a first copy that is an object, which the parsed document drops with its fields.
    expect(collect('{"a":{"b":"<x>"},"a":"y"}').out).toEqual([
      ["name", "", "a", "a"],
      ["name", "a", "b", "b"],
      ["value", "a", "b", "<x>"],
      ["name", "", "a", "a"],
      ["value", "", "a", "y"],
    ]);
    expect(out).toEqual([
      ["name", "", "q", "q"],
      ["value", "", "q", "<script>alert(1)</script>"],
      ["name", "", "q", "q"],
      ["value", "", "q", "ok"],
      ["name", "", "q", "q"],
      ["name", "q", "q", "q"],
      ["value", "q", "q", "x"],
    ]);
    const engine = createSignatureEngine();
    const r = engine.inspect(
      {
        method: "POST",
        path: "/api/comments",
        rawPath: "/api/comments",
        query: [],
        headers: [["content-type", "application/json"]],
        body: {
          bytes: new TextEncoder().encode('{"q":"<script>alert(1)</script>","q":"ok"}'),
          contentType: "application/json",
          truncated: false,
        },
      },
      { paranoia: 1, threshold: 5 },
    );
    expect(r.block).toBe(true);
    expect(r.matches.map((m) => m.location)).toContain("body:json.q");
  });

  it("sees prototype pollution spread over nested keys ({constructor: {prototype: …}})", () => {
    const inspect = (text: string) =>
      createSignatureEngine().inspect(
        {
          method: "POST",
          path: "/api/users",
          rawPath: "/api/users",
          query: [],
          headers: [["content-type", "application/json"]],
          body: { bytes: new TextEncoder().encode(text), contentType: "application/json", truncated: false },
        },
        { paranoia: 1, threshold: 5 },
      );
    const bad = inspect('{"name":"x","constructor":{"prototype":{"isAdmin":true}}}');
    expect(bad.block).toBe(true);
    expect(bad.matches.map((m) => `${m.rule}@${m.location}`)).toContain("934130@body:json-name.constructor.prototype");
    // Either key on its own is an ordinary field name.
    expect(inspect('{"constructor":{"name":"Ada"},"prototype":{"version":2}}').block).toBe(false);
  });

  it("bounds fields and depth, and refuses absurd nesting without exhausting the stack", () => {
    const many = JSON.stringify({ a: Array.from({ length: 50 }, (_, i) => `v${i}`) });
    const capped = collect(many, 10);
    expect(capped.result).toBe("json: more than 10 fields");
    expect(capped.out.length).toBeGreaterThan(0);
    expect(capped.out.length).toBeLessThan(11);
    const deep = `${"[".repeat(100)}"x"${"]".repeat(100)}`;
    expect(collect(deep).result).toBe("json: deeper than 64 levels");
    expect(collect(deep).out).toEqual([]);
    // Past MAX_NESTING a document is malformed; a million brackets are read without recursion.
    expect(collect(`${"[".repeat(5000)}${"]".repeat(5000)}`).result).toMatch(/^json: .*nesting deeper than 4096/);
    expect(collect("[".repeat(1_000_000)).result).toMatch(/^json: /);
    // An invalid document past the bounds is still reported as invalid.
    expect(collect(`${many.slice(0, -1)},}`, 10).result).toMatch(/^json: unexpected/);
  });
});
