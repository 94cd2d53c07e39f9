/**
 * @module core/signatures/body/utf16
 * A body sent in UTF-16, by a byte-order mark, a `charset=utf-16…` parameter or the form XML and
 * JSON parsers detect on their own (Xerces and Jackson read `\0<\0?` and `{\0"\0` as UTF-16): its
 * text as UTF-8 bytes, so the readers see `<!DOCTYPE …>` and the JSON fields rather than a NUL
 * between every two bytes. Read as bytes, an XXE in a UTF-16BE document is nothing; decoded, as the
 * back end decodes it, it is what it is (and a .NET client's UTF-16 JSON parses).
 */

const encoder = new TextEncoder();

/** XML's and JSON's first characters: `<`, `{`, `[`. */
function opener(b: number | undefined): boolean {
  return b === 0x3c || b === 0x7b || b === 0x5b;
}

/** The body's UTF-16 byte order and where its text starts, or null when it is not UTF-16. */
export function utf16Encoding(
  bytes: Uint8Array,
  contentType: string,
): { encoding: "utf-16le" | "utf-16be"; start: number } | null {
  if (bytes.length < 4) return null;
  const [a, b, c, d] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (a === 0xff && b === 0xfe) return { encoding: "utf-16le", start: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: "utf-16be", start: 2 };
  // Declared, the bytes must say so too: a first character with a NUL beside it. A body declared
  // UTF-16 that is plain ASCII (`{"token":{"$exists":true}}` under `charset=utf-16`) is read as its
  // bytes, as a back end that ignores the parameter reads it.
  if (/;\s*charset\s*=\s*"?utf-?16/i.test(contentType)) {
    if (a === 0 && b !== 0) return { encoding: "utf-16be", start: 0 };
    if (b === 0 && a !== 0) return { encoding: "utf-16le", start: 0 };
    return null;
  }
  // Undeclared: an XML or JSON opener with NULs between its first characters, as parsers detect it.
  if (a === 0 && c === 0 && opener(b) && d !== 0) return { encoding: "utf-16be", start: 0 };
  if (b === 0 && d === 0 && opener(a) && c !== 0) return { encoding: "utf-16le", start: 0 };
  return null;
}

/** The body as UTF-8 when it is UTF-16 (utf16Encoding), else null. */
export function utf16Body(body: {
  bytes: Uint8Array;
  contentType: string;
  truncated: boolean;
}): { bytes: Uint8Array; contentType: string; truncated: boolean } | null {
  const found = utf16Encoding(body.bytes, body.contentType);
  if (found === null) return null;
  const text = new TextDecoder(found.encoding).decode(body.bytes.subarray(found.start));
  return { bytes: encoder.encode(text), contentType: body.contentType, truncated: body.truncated };
}
