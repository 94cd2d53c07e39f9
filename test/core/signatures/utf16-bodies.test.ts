/**
 * Bodies in UTF-16 (body/utf16.ts): read as the back end decodes them, by a byte-order mark, a
 * `charset=utf-16…` parameter, or the NULs XML and JSON parsers detect on their own. An XXE in a
 * UTF-16BE document is seen; a .NET client's UTF-16LE JSON parses, with no NUL to flag.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { utf16Body, utf16Encoding } from "../../../core/signatures/body/utf16.ts";
import { matchesAt } from "./support.ts";

function utf16(text: string, order: "le" | "be", bom = false): Uint8Array {
  const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  let k = 0;
  const put = (u: number) => {
    out[k++] = order === "le" ? u & 0xff : u >> 8;
    out[k++] = order === "le" ? u >> 8 : u & 0xff;
  };
  if (bom) put(0xfeff);
  for (let i = 0; i < text.length; i++) put(text.charCodeAt(i));
  return out;
}
const post = (bytes: Uint8Array, contentType: string) =>
  matchesAt({ method: "POST", body: { bytes, contentType, truncated: false } });

const xxe =
  '<?xml version="1.0" encoding="UTF-16BE"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><order><note>&x;</note></order>';
const order = '{"customer":"Contoso","items":[{"sku":"A-1001","qty":3}]}';

describe("UTF-16 bodies", () => {
  it("finds the byte order by a mark, a charset parameter or XML's and JSON's NULs", () => {
    expect(utf16Encoding(utf16(xxe, "be"), "application/xml")).toEqual({ encoding: "utf-16be", start: 0 });
    expect(utf16Encoding(utf16(order, "le"), "application/json")).toEqual({ encoding: "utf-16le", start: 0 });
    expect(utf16Encoding(utf16(order, "le", true), "application/json")).toEqual({ encoding: "utf-16le", start: 2 });
    expect(utf16Encoding(utf16("a=1&b=2", "le"), "text/plain; charset=utf-16le")).toEqual({
      encoding: "utf-16le",
      start: 0,
    });
    expect(utf16Encoding(new TextEncoder().encode(order), "application/json")).toBeNull();
    // A charset the bytes contradict is a lie told to a filter: the bytes are read as they are.
    expect(utf16Encoding(new TextEncoder().encode(order), "application/json;charset=utf-16")).toBeNull();
  });

  it("judges an XXE in a UTF-16BE document, and lets a UTF-16LE order through", () => {
    expect(post(utf16(xxe, "be"), "application/xml")).toEqual(expect.arrayContaining(["941180@body:xml.!doctype"]));
    expect(post(utf16(order, "le"), "application/json; charset=utf-16le")).toEqual([]);
    const lie = new TextEncoder().encode('{"email":"victim@example.com","token":{"$exists":true}}');
    expect(post(lie, "application/json;charset=utf-16")).toContain("942290@body:json-name.token.$exists");
    expect(post(utf16(`{"q":"x' UNION SELECT password FROM users--"}`, "le", true), "application/json")).toContain(
      "942130@body:json.q",
    );
  });

  it("never throws, whatever the bytes and the declared charset", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 512 }),
        fc.constantFrom("application/json", "text/xml; charset=utf-16"),
        (b, t) => {
          utf16Body({ bytes: b, contentType: t, truncated: false });
          post(b, t);
        },
      ),
      { numRuns: 200 },
    );
  });
});
