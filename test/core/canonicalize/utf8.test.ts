import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { percentDecodeBytes } from "../../../core/canonicalize/percent-decode.ts";
import { decodeUtf8, encodeUtf8 } from "../../../core/canonicalize/utf8.ts";

const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function platformDecode(b: Uint8Array): string | null {
  try {
    return fatal.decode(b);
  } catch {
    return null;
  }
}

describe("UTF-8 codec held against the platform's", () => {
  it("encodeUtf8 equals TextEncoder (lone surrogates become U+FFFD in both) and reports them", () => {
    fc.assert(
      fc.property(fc.string({ unit: anyUnit, maxLength: 100 }), (s) => {
        const mine = encodeUtf8(s);
        expect([...mine.bytes]).toEqual([...new TextEncoder().encode(s)]);
        expect(mine.invalid).toBe(!/^(?:[^\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/.test(s));
      }),
      { numRuns: 1000 },
    );
  });

  it("decodeUtf8 accepts exactly what a fatal TextDecoder accepts, with the same text", () => {
    const near = fc.uint8Array({ maxLength: 40 }).map((b) => b.map((x) => (x & 1 ? x | 0x80 : x)));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 40 }), near), (b) => {
        const mine = decodeUtf8(b);
        const ref = platformDecode(b);
        expect(mine.invalid).toBe(ref === null);
        if (ref !== null) expect(mine.value).toBe(ref);
      }),
      { numRuns: 3000 },
    );
  });

  it("rejects overlongs, surrogates and code points above U+10FFFF", () => {
    for (const seq of [[0xc0, 0xae], [0xe0, 0x80, 0xae], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xff]]) {
      expect(decodeUtf8(new Uint8Array(seq)).invalid).toBe(true);
    }
  });
});

describe("percent decoding", () => {
  it("one round inverts encodeURIComponent on well-formed strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (s) => {
        const enc = encodeUtf8(encodeURIComponent(s)).bytes;
        expect(decodeUtf8(percentDecodeBytes(enc).value).value).toBe(s);
      }),
      { numRuns: 1000 },
    );
  });
});
