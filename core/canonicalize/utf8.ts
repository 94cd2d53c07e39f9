/**
 * @module core/canonicalize/utf8
 * UTF-8 encoding and decoding written out by hand, because the canonicalizer
 * must know what TextEncoder/TextDecoder hide: whether the input string had a
 * lone surrogate and whether decoded bytes were invalid. Invalid input never
 * throws; it becomes U+FFFD and `invalid` is set.
 */

export interface EncodedUtf8 {
  bytes: Uint8Array;
  /** A lone surrogate was found and encoded as U+FFFD. */
  invalid: boolean;
}

/** Encodes a JS string; lone surrogates become U+FFFD (EF BF BD). */
export function encodeUtf8(input: string): EncodedUtf8 {
  const n = input.length;
  const out = new Uint8Array(n * 3);
  let o = 0;
  let invalid = false;
  for (let i = 0; i < n; i++) {
    let c = input.charCodeAt(i);
    if (c < 0x80) {
      out[o++] = c;
      continue;
    }
    if (c < 0x800) {
      out[o++] = 0xc0 | (c >> 6);
      out[o++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < n ? input.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        out[o++] = 0xf0 | (cp >> 18);
        out[o++] = 0x80 | ((cp >> 12) & 0x3f);
        out[o++] = 0x80 | ((cp >> 6) & 0x3f);
        out[o++] = 0x80 | (cp & 0x3f);
        continue;
      }
      invalid = true;
      c = 0xfffd;
    }
    out[o++] = 0xe0 | (c >> 12);
    out[o++] = 0x80 | ((c >> 6) & 0x3f);
    out[o++] = 0x80 | (c & 0x3f);
  }
  return { bytes: out.subarray(0, o), invalid };
}

/** Appends the UTF-8 encoding of code point `cp` to `out` at `o`; returns the new offset. Surrogates are encoded as is (CESU), which the decoder then rejects. */
export function putCodePoint(out: Uint8Array, o: number, cp: number): number {
  if (cp < 0x80) {
    out[o++] = cp;
  } else if (cp < 0x800) {
    out[o++] = 0xc0 | (cp >> 6);
    out[o++] = 0x80 | (cp & 0x3f);
  } else if (cp < 0x10000) {
    out[o++] = 0xe0 | (cp >> 12);
    out[o++] = 0x80 | ((cp >> 6) & 0x3f);
    out[o++] = 0x80 | (cp & 0x3f);
  } else {
    out[o++] = 0xf0 | (cp >> 18);
    out[o++] = 0x80 | ((cp >> 12) & 0x3f);
    out[o++] = 0x80 | ((cp >> 6) & 0x3f);
    out[o++] = 0x80 | (cp & 0x3f);
  }
  return o;
}

export interface DecodedUtf8 {
  value: string;
  /** Some bytes did not form valid UTF-8 and were replaced by U+FFFD. */
  invalid: boolean;
}

const isCont = (b: number | undefined): boolean => b !== undefined && (b & 0xc0) === 0x80;

/**
 * Decodes strict UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above
 * U+10FFFF). Each byte that does not start a valid sequence becomes one U+FFFD.
 */
export function decodeUtf8(bytes: Uint8Array): DecodedUtf8 {
  const n = bytes.length;
  const units: number[] = [];
  let invalid = false;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      units.push(b);
      i++;
      continue;
    }
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    let cp = 0;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      cp = b & 0x0f;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      cp = b & 0x07;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    }
    const b1 = bytes[i + 1];
    if (need === 0 || b1 === undefined || b1 < lo || b1 > hi) {
      units.push(0xfffd);
      invalid = true;
      i++;
      continue;
    }
    cp = (cp << 6) | (b1 & 0x3f);
    let ok = true;
    for (let k = 2; k <= need; k++) {
      const bk = bytes[i + k];
      if (!isCont(bk)) {
        ok = false;
        break;
      }
      cp = (cp << 6) | ((bk as number) & 0x3f);
    }
    if (!ok) {
      units.push(0xfffd);
      invalid = true;
      i++;
      continue;
    }
    i += need + 1;
    if (cp >= 0x10000) {
      const v = cp - 0x10000;
      units.push(0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff));
    } else {
      units.push(cp);
    }
  }
  return { value: fromUnits(units), invalid };
}

/** Builds a string from UTF-16 code units in chunks (no argument-count overflow on long input). */
function fromUnits(units: number[]): string {
  if (units.length <= 4096) return String.fromCharCode(...units);
  let s = "";
  for (let i = 0; i < units.length; i += 4096) s += String.fromCharCode(...units.slice(i, i + 4096));
  return s;
}
