import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CANONICAL_ANOMALIES, canonicalize, canonicalizePath, pathKey } from "../../../core/canonicalize/index.ts";
import { variantOf } from "./variants.ts";

/** Paths a policy would block; the last one exercises NFC. */
const SENSITIVE = ["/admin/config", "/api/internal/keys", "/.env", "/compte/priv\u00e9/cl\u00e9s"];

const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
/** UTF-16 strings including lone surrogates, NUL and controls. */
const anyString = fc.string({ unit: anyUnit, maxLength: 200 });
/** Strings built from the pieces that drive the decoder into its corners (nested escapes, overlongs, dots). */
const trickyUrl = fc
  .array(
    fc.constantFrom(
      "%",
      "25",
      "2e",
      "2E",
      "%2e",
      "%25",
      "%2f",
      "%5c",
      "%c0",
      "%ae",
      "%af",
      "%e0",
      "%80",
      "%f0",
      "%fc",
      "%u",
      "002e",
      "u00",
      "%00",
      "%ff",
      "/",
      "\\",
      ".",
      "..",
      ";",
      "?",
      "#",
      "&",
      "=",
      "+",
      "a",
      "é",
      "\u0301",
      "\ud800",
      "\u0000",
      "\n",
    ),
    { maxLength: 60 },
  )
  .map((p) => p.join(""));
const bytes = fc.uint8Array({ maxLength: 300 });
const latin1 = (b: Uint8Array) => String.fromCharCode(...b);
const utf8Lenient = (b: Uint8Array) => new TextDecoder().decode(b);

const KNOWN = new Set(Object.keys(CANONICAL_ANOMALIES));

/** Invariants every canonical request holds, whatever the input. */
function checkInvariants(s: string): void {
  const r = canonicalize({ method: s, url: s, host: s, headers: [[s, s]] });
  expect(r.path.startsWith("/")).toBe(true);
  expect(r.path).toBe(pathKey(r.segments));
  for (const seg of r.segments) {
    expect(seg.length).toBeGreaterThan(0);
    expect(seg === "." || seg === "..").toBe(false);
    expect(/[/\\;\u0000]/.test(seg)).toBe(false);
  }
  for (const a of r.anomalies) expect(KNOWN.has(a)).toBe(true);
  expect(r.anomalies).not.toContain("internal_error");
}

describe("canonicalize never throws and keeps its invariants", () => {
  it("on arbitrary UTF-16 strings (lone surrogates included)", () => {
    fc.assert(fc.property(anyString, checkInvariants), { numRuns: 1000 });
  });
  it("on arbitrary bytes decoded as latin1", () => {
    fc.assert(
      fc.property(bytes, (b) => checkInvariants(latin1(b))),
      { numRuns: 500 },
    );
  });
  it("on arbitrary bytes decoded as UTF-8", () => {
    fc.assert(
      fc.property(bytes, (b) => checkInvariants(utf8Lenient(b))),
      { numRuns: 500 },
    );
  });
  it("on URLs built from decoder corner cases", () => {
    fc.assert(fc.property(trickyUrl, checkInvariants), { numRuns: 2000 });
  });
  it("on untyped garbage from JavaScript callers", () => {
    const junk = fc.anything();
    fc.assert(
      fc.property(junk, junk, junk, (a, b, c) => {
        const r = canonicalize({ method: a, url: b, host: c, headers: [[a, b], c] } as never);
        expect(r.path.startsWith("/")).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("idempotence", () => {
  const idempotent = (s: string) => {
    const once = canonicalizePath(s);
    if (once.anomalies.includes("excessive_encoding")) return; // bounded rounds: deeper nesting is blocked, not resolved
    const twice = canonicalizePath(once.path);
    expect(twice.path).toBe(once.path);
    expect(twice.segments).toEqual(once.segments);
  };
  it("canonicalizing a canonical path gives it back (arbitrary strings)", () => {
    fc.assert(fc.property(anyString, idempotent), { numRuns: 1000 });
  });
  it("canonicalizing a canonical path gives it back (decoder corner cases)", () => {
    fc.assert(fc.property(trickyUrl, idempotent), { numRuns: 2000 });
  });
});

describe("no encoding variant of a blocked path reaches the origin", () => {
  for (const plain of SENSITIVE) {
    it(`every variant of ${plain} canonicalizes to ${plain}`, () => {
      expect(canonicalize({ method: "GET", url: plain }).path).toBe(plain);
      fc.assert(
        fc.property(variantOf(plain), (url) => {
          const r = canonicalize({ method: "GET", url });
          expect(r.path, url).toBe(plain);
          expect(r.anomalies).not.toContain("internal_error");
        }),
        { numRuns: 1500 },
      );
    });
  }

  it("known bypass strings from the wild all land on the plain path", () => {
    const cases: Array<[string, string]> = [
      ["/admin/config", "/ADMIN/config".toLowerCase()],
      ["/%61%64%6D%69%6E/%63onfig", "/admin/config"],
      ["/admin%252fconfig", "/admin/config"],
      ["/admin/./config", "/admin/config"],
      ["/static/..%2fadmin/config", "/admin/config"],
      ["/static/..%252fadmin/config", "/admin/config"],
      ["/static/%2e%2e/admin/config", "/admin/config"],
      ["/static/..%c0%afadmin/config", "/admin/config"],
      ["/static/..%c1%9cadmin/config", "/admin/config"],
      ["/static/%u002e%u002e/admin/config", "/admin/config"],
      ["/static/..\\admin\\config", "/admin/config"],
      ["/static/..;/admin/config", "/admin/config"],
      ["/;/admin/config", "/admin/config"],
      ["//admin//config", "/admin/config"],
      ["/admin/config%00.js", "/admin/config.js"],
      ["/admin/conf%00ig", "/admin/config"],
      ["/../../../admin/config", "/admin/config"],
      ["/static/%%32%65%%32%65/admin/config", "/admin/config"],
    ];
    for (const [url, expected] of cases) expect(canonicalize({ method: "GET", url }).path, url).toBe(expected);
  });
});
