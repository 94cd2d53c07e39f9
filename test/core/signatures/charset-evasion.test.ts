/**
 * evasionCharset (core/signatures/protocol-headers.ts, rule 920480): a body
 * declared in UTF-7, UTF-32 or an EBCDIC code page is read by a filter as
 * bytes and by the server as text, so payloads pass unseen; the charsets API
 * clients send never fire, and no input makes the check throw.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkHeaders, evasionCharset } from "../../../core/signatures/protocol-headers.ts";
import { RULES } from "../../../core/signatures/tables/rules.ts";

describe("charset evasion (920480)", () => {
  it("fires on UTF-7, UTF-32 and EBCDIC, however written", () => {
    for (const ct of [
      "text/plain; charset=utf-7",
      'application/json; charset="UTF-7"',
      "application/x-www-form-urlencoded;charset=x-utf_7",
      "application/json; charset=UTF-32LE",
      "application/json; charset=IBM037",
      "text/xml; charset=cp500",
      "text/plain; charset = ebcdic-cp-us",
    ])
      expect(evasionCharset(ct), ct).toBe(true);
  });

  it("stays quiet on the charsets clients send", () => {
    for (const ct of [
      "application/json",
      "application/json; charset=utf-8",
      "text/html; charset=windows-1252",
      "text/plain; charset=ISO-8859-1",
      "application/json; charset=utf-16",
      "multipart/form-data; boundary=charset=utf-7", // a boundary, not the charset parameter
    ])
      expect(evasionCharset(ct), ct).toBe(false);
  });

  it("is reported on the content-type header by checkHeaders", () => {
    const found = checkHeaders([["content-type", "text/plain; charset=utf-7"]], "/post", []);
    expect(found.map((f) => `${RULES[f.rule]?.id} ${f.location}`)).toContain("920480 header:content-type");
  });

  it("returns for any string", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        expect(typeof evasionCharset(s)).toBe("boolean");
      }),
      { numRuns: 2000 },
    );
  });
});
