/**
 * Overflow and format-string probes (920161): one character repeated at a value's start past any
 * real value (a body field's only when no Base64 goes on after it), a Connection header's token of one
 * letter repeated, and printf conversions in a row; zeros, separators, a run inside a body's Base64
 * and ordinary printf text are none.
 */
import { describe, expect, it } from "vitest";
import type { SignatureInput } from "../../../core/signatures/index.ts";
import { connectionOverflow, overflowProbe } from "../../../core/signatures/overflow-probe.ts";
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
    // A body field's run of `A` inside Base64, or ended by its padding, is zero bytes, not padding.
    expect(overflowProbe(`iVBORw0KGgo${"A".repeat(200)}`, true)).toBe(false);
    expect(overflowProbe(`${"A".repeat(86)}==`, true)).toBe(false);
  });

  it("takes a body field that is one letter repeated, alone or before bytes no Base64 has (Supermicro IPMI)", () => {
    expect(overflowProbe("A".repeat(300), true)).toBe(true);
    expect(overflowProbe(`${"B".repeat(300)}\u0090\u0090\u00eb\u001e^`, true)).toBe(true);
    const body = {
      bytes: enc.encode(`name=${"B".repeat(280)}&pwd=x`),
      contentType: "application/x-www-form-urlencoded",
      truncated: false,
    };
    expect(rules({ method: "POST", body })).toContain("920161@body:form.name");
  });

  it("takes a Connection header listing one letter repeated (HPE iLO 4, CVE-2017-12542)", () => {
    expect(connectionOverflow("A".repeat(29))).toBe(true);
    expect(connectionOverflow(`keep-alive, ${"A".repeat(29)}`)).toBe(true);
    expect(rules({ headers: [["connection", "A".repeat(29)]] })).toContain("920161@header:connection");
    expect(connectionOverflow("keep-alive, Upgrade")).toBe(false);
    expect(connectionOverflow("close")).toBe(false);
    expect(connectionOverflow("TE, x-internal-trace-identifier")).toBe(false);
  });
});
