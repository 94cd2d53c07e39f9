/**
 * @module core/signatures/body/url-decode
 * Tolerant application/x-www-form-urlencoded decoding for body fields:
 * `+` is a space, `%XX` a byte, malformed escapes stay as they are, overlong
 * UTF-8 forms (`%c0%af`) are the character they spell (as the query's are,
 * core/canonicalize/query.ts), other bytes that are not UTF-8 become U+FFFD.
 * Never throws.
 */
import { collapseOverlong } from "../../canonicalize/overlong-utf8.ts";

const decoder = new TextDecoder();

function hex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x57;
  return -1;
}

/** Decodes one form component. */
export function formDecode(s: string): string {
  if (s.indexOf("%") < 0) return s.indexOf("+") < 0 ? s : s.replaceAll("+", " ");
  const bytes = new TextEncoder().encode(s);
  const out = new Uint8Array(bytes.length);
  let j = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 0x2b) out[j++] = 0x20;
    else if (b === 0x25 && i + 2 < bytes.length) {
      const h = hex(bytes[i + 1] as number);
      const l = hex(bytes[i + 2] as number);
      if (h >= 0 && l >= 0) {
        out[j++] = (h << 4) | l;
        i += 2;
      } else out[j++] = b;
    } else out[j++] = b;
  }
  return decoder.decode(collapseOverlong(out.subarray(0, j)).value);
}
