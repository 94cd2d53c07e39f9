/**
 * quotedAcrossSemicolon (core/signatures/protocol-headers.ts, rule 920251):
 * a quoted cookie value that only closes after a ';' is smuggling; cookies as
 * browsers send them never are, and no input makes the check throw or loop.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { quotedAcrossSemicolon } from "../../../core/signatures/protocol-headers.ts";

const token = fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/);
/** A cookie-octet value (RFC 6265: no '"', ',', ';', '\\' or space), optionally in quotes. */
const octets = fc.stringMatching(/^[!#-+\-./0-:<-[\]-~]{0,16}$/);
const cookieValue = fc.tuple(octets, fc.boolean()).map(([v, q]) => (q ? `"${v}"` : v));
const browserCookie = fc
  .array(fc.tuple(token, cookieValue), { minLength: 1, maxLength: 8 })
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join("; "));

describe("cookie smuggling check", () => {
  it("never fires on cookies as browsers send them, quoted values included", () => {
    fc.assert(
      fc.property(browserCookie, (c) => {
        expect(quotedAcrossSemicolon(c)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("fires when a quoted value swallows the cookies after it, wherever it sits", () => {
    fc.assert(
      fc.property(browserCookie, browserCookie, token, fc.boolean(), (before, inside, name, escaped) => {
        const q = escaped ? '\\"' : '"';
        const smuggled = `${before}; ${name}=${q}x; ${inside}${q}; tail=1`;
        expect(quotedAcrossSemicolon(smuggled)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("returns for any string (quotes, semicolons, equals signs, nothing closed)", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('"', ";", "=", " ", "\\", "a"), maxLength: 200 }), (c) => {
        expect(typeof quotedAcrossSemicolon(c)).toBe("boolean");
      }),
      { numRuns: 3000 },
    );
  });

  it("an unterminated quote is not smuggling (nothing closes after the ';')", () => {
    expect(quotedAcrossSemicolon('a="b; c=d')).toBe(false);
    expect(quotedAcrossSemicolon('a="b;c"')).toBe(true);
  });
});
