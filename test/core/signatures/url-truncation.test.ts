/**
 * A URL longer than the canonical view's limit (8 KB) is cut there; what was cut is not inspected,
 * so the engine flags the request (920162, blocking at PL1) instead of judging its start alone:
 * padding (thousands of `%20`) before a payload cannot push it out of sight.
 */
import { describe, expect, it } from "vitest";
import { signatureInputFromRecord } from "../../../core/signatures/from-record.ts";
import { BACKENDS } from "./support.ts";

const payload = "<video><source onerror=Reflect.apply(alert,null,[1])>";
const record = (padding: number) => ({
  method: "GET",
  url: `/search?q=${encodeURIComponent(" ".repeat(padding) + payload)}`,
  headers: { host: "app.example" },
  body: "",
});

describe.each(BACKENDS)("url truncation ($name)", ({ make }) => {
  const engine = make();

  it("finds the payload itself while the URL fits", () => {
    const input = signatureInputFromRecord(record(2000));
    expect(input.urlTruncated).toBeUndefined();
    const r = engine.inspect(input, { paranoia: 1, threshold: 5 });
    expect(r.block).toBe(true);
    expect(r.matches.map((m) => m.rule)).not.toContain("920162");
  });

  it("blocks a URL padded past the limit, whose payload was cut off", () => {
    const input = signatureInputFromRecord(record(4000));
    expect(input.urlTruncated).toBe(true);
    expect(input.query[0]?.[1]).not.toContain("onerror");
    const r = engine.inspect(input, { paranoia: 1, threshold: 5 });
    expect(r.block).toBe(true);
    expect(r.matches.find((m) => m.rule === "920162")?.location).toBe("url");
  });

  it("can be excluded like any rule, for an app that takes huge URLs", () => {
    const r = engine.inspect(signatureInputFromRecord(record(4000)), {
      paranoia: 1,
      threshold: 5,
      exclusions: [{ rules: ["920162"] }],
    });
    expect(r.block).toBe(false);
  });
});
