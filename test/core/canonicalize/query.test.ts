import { describe, expect, it } from "vitest";
import { canonicalize } from "../../../core/canonicalize/index.ts";

const q = (url: string) => canonicalize({ method: "GET", url });

describe("query parsing", () => {
  it("keeps duplicates in order", () => {
    expect(q("/s?a=1&a=2&b=3&a=4").query).toEqual([
      ["a", "1"],
      ["a", "2"],
      ["b", "3"],
      ["a", "4"],
    ]);
  });

  it("decodes keys and values once, + as space, any hex case", () => {
    const r = q("/s?na%6De=J%c3%a9r%C3%B4me+D&x=%2541");
    expect(r.query).toEqual([
      ["name", "Jérôme D"],
      ["x", "%41"],
    ]);
    expect(r.anomalies).toEqual([]);
  });

  it("reads overlong UTF-8 as the character it spells and flags it, as in paths", () => {
    const r = q("/s?file=..%c0%af..%c0%afetc%E0%80%AFpasswd&dot=%c0%ae");
    expect(r.query).toEqual([
      ["file", "../../etc/passwd"],
      ["dot", "."],
    ]);
    expect(r.anomalies).toEqual(["overlong_utf8"]);
    // Bytes that are merely invalid (not an overlong form) are still replaced and flagged as such.
    const bad = q("/s?v=%c0%20");
    expect(bad.query).toEqual([["v", "\uFFFD "]]);
    expect(bad.anomalies).toEqual(["query_invalid_utf8"]);
  });

  it("keeps %zz literally and flags it", () => {
    const r = q("/s?v=%zz&w=100%");
    expect(r.query).toEqual([
      ["v", "%zz"],
      ["w", "100%"],
    ]);
    expect(r.anomalies).toEqual(["invalid_percent"]);
  });

  it("handles empty keys, empty values, bare keys and empty pieces", () => {
    expect(q("/s?=v&k=&bare&&x=a=b&").query).toEqual([
      ["", "v"],
      ["k", ""],
      ["bare", ""],
      ["x", "a=b"],
    ]);
    expect(q("/s?").query).toEqual([]);
    expect(q("/s").query).toEqual([]);
  });

  it("replaces invalid UTF-8 with U+FFFD and flags it without blocking the path", () => {
    const r = q("/s?q=%e9");
    expect(r.query).toEqual([["q", "\ufffd"]]);
    expect(r.anomalies).toEqual(["query_invalid_utf8"]);
  });

  it("keeps a NUL in a value (signatures see what the origin gets) and flags it", () => {
    const r = q("/s?file=a%00.php");
    expect(r.query).toEqual([["file", "a\u0000.php"]]);
    expect(r.anomalies).toContain("nul_byte");
  });

  it("an encoded ? or # stays in the path; the query starts at the first raw ?", () => {
    const r = q("/a%3Fb%23c?x=%3F#frag");
    expect(r.path).toBe("/a?b#c");
    expect(r.rawPath).toBe("/a%3Fb%23c");
    expect(r.query).toEqual([["x", "?"]]);
  });

  it("decodes %u in values too, as IIS origins would", () => {
    const r = q("/s?q=%u0027%20or%201=1");
    expect(r.query).toEqual([["q", "' or 1=1"]]);
    expect(r.anomalies).toContain("percent_u");
  });
});
