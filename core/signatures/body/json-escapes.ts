/**
 * @module core/signatures/body/json-escapes
 * A JSON text that writes an ASCII letter, digit or symbol as a `\u00XX` escape no serializer
 * emits: `{"\u0024or":…}` for `$or`, `"\u005f\u005fschema"`, `"\u0040type"`. Serializers escape
 * control characters and, to be safe in HTML, a few symbols (`<`, `>`, `&`, `'`, `"`, `+`, `=`,
 * `` ` ``, `/`: Go's, .NET's and PHP's hex flags); non-ASCII is escaped by ASCII-only encoders. Any
 * other escaped ASCII is written by hand, to slip a name or a keyword past a filter that reads the
 * text as sent rather than as parsed. Read from the raw bytes, before parsing (which decodes them).
 */
import { hexValue } from "./json.ts";

/** ASCII a serializer may escape: `"`, `&`, `'`, `+`, `/`, `<`, `=`, `>`, `\`, `` ` ``. */
function serializerEscapes(b: number): boolean {
  return (
    b === 0x22 ||
    b === 0x26 ||
    b === 0x27 ||
    b === 0x2b ||
    b === 0x2f ||
    b === 0x3c ||
    b === 0x3d ||
    b === 0x3e ||
    b === 0x5c ||
    b === 0x60
  );
}

/** Does the JSON text in `bytes` escape printable ASCII that no serializer escapes? */
export function handEscapedAscii(bytes: Uint8Array): boolean {
  const n = bytes.length;
  for (let i = bytes.indexOf(0x5c); i >= 0 && i + 5 < n; i = bytes.indexOf(0x5c, i + 1)) {
    // A run of backslashes: an even one is escaped backslashes, the escape is the run's last.
    let j = i;
    while (j < n && bytes[j] === 0x5c) j++;
    if ((j - i) % 2 === 1 && j + 4 < n && bytes[j] === 0x75 && bytes[j + 1] === 0x30 && bytes[j + 2] === 0x30) {
      const h = hexValue(bytes[j + 3] as number);
      const l = hexValue(bytes[j + 4] as number);
      const b = (h << 4) | l;
      if (h >= 0 && l >= 0 && b >= 0x21 && b <= 0x7e && !serializerEscapes(b)) return true;
    }
    i = j - 1;
  }
  return false;
}
