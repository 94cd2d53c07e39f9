/**
 * Overflow and format-string probes (920161): one character repeated at a value's start past any
 * real value, and printf conversions in a row; zeros, separators, a run inside a body's Base64 and
 * ordinary printf text are none.
 */
import { describe, expect, it } from "vitest";
import type { SignatureInput } from "../../../core/signatures/index.ts";
import { overflowProbe } from "../../../core/signatures/overflow-probe.ts";
import { matchesAt } from "./support.ts";

const enc = new TextEncoder();
const rules = (over: Partial<SignatureInput>): string[] => matchesAt(over);

describe("overflow probes", () => {
  it("takes a long run of one letter or digit opening a header or a parameter", () => {
    expect(overflowProbe("1".repeat(70))).toBe(true);
    expect(overflowProbe(`${"A".repeat(300)}\u0005\u00ff;H`)).toBe(true);
    expect(rules({ headers: [["host", "a".repeat(70)]] })).toContain("920161@header:host");
    expect(
      rules({
        headers: [
          ["host", "app.example"],
          ["x-forwarded-for", "1".repeat(70)],
        ],
      }),
    ).toContain("920161@header:x-forwarded-for");
    expect(rules({ query: [["target", "A".repeat(400)]] })).toContain("920161@query:target");
  });

  it("takes printf conversions in a row, in a body field too", () => {
    expect(overflowProbe("%n%n%n%n%n%n%n%n")).toBe(true);
    expect(overflowProbe("%08x%08x%08x%08x")).toBe(true);
    const body = {
      bytes: enc.encode("scep-profile-name=%25n%25n%25n%25n%25n"),
      contentType: "application/x-www-form-urlencoded",
      truncated: false,
    };
    expect(rules({ method: "POST", body })).toContain("920161@body:form.scep-profile-name");
  });

  it("leaves zeros, separators, short runs, runs inside values and printf text alone", () => {
    expect(overflowProbe("0".repeat(64))).toBe(false);
    expect(overflowProbe("-".repeat(80))).toBe(false);
    expect(overflowProbe("a".repeat(63))).toBe(false);
    expect(overflowProbe(`iVBORw0KGgo${"A".repeat(100)}`)).toBe(false);
    expect(overflowProbe("Hello %s, you have %d new %s")).toBe(false);
    // A body field's run of `A` is Base64 of zero bytes, not padding.
    expect(overflowProbe("A".repeat(200), true)).toBe(false);
  });
});
