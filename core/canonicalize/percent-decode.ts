/**
 * @module core/canonicalize/percent-decode
 * One round of percent-decoding over bytes: `%XX` in either hex case, and the
 * IIS-style `%uXXXX` (a UTF-16 unit; a surrogate pair of two escapes is joined,
 * a lone one is encoded so that UTF-8 decoding later rejects it). A `%` that
 * starts no valid escape is kept literally and reported, never thrown.
 */
import { putCodePoint } from "./utf8.ts";

/** Flags a round reports besides `changed`. */
export const PD_INVALID = 1;
export const PD_PERCENT_U = 2;
/** An escape decoded to `/` or `\`, i.e. a new path separator. */
export const PD_SEPARATOR = 4;
/** An escape decoded to `.`, which may build a dot segment some origins never resolve. */
export const PD_DOT = 8;

export interface PercentDecoded {
  value: Uint8Array;
  changed: boolean;
  flags: number;
}

function hex(b: number | undefined): number {
  if (b === undefined) return -1;
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  const l = b | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x57;
  return -1;
}

/** Reads `%uXXXX` at `i` (pointing at `%`); returns the unit or -1. */
function readPercentU(input: Uint8Array, i: number): number {
  if (input[i] !== 0x25 || ((input[i + 1] ?? 0) | 0x20) !== 0x75) return -1;
  const a = hex(input[i + 2]);
  const b = hex(input[i + 3]);
  const c = hex(input[i + 4]);
  const d = hex(input[i + 5]);
  if (a < 0 || b < 0 || c < 0 || d < 0) return -1;
  return (a << 12) | (b << 8) | (c << 4) | d;
}

/** Decodes every escape once. `plusAsSpace` is for query components. */
export function percentDecodeBytes(input: Uint8Array, plusAsSpace = false): PercentDecoded {
  const n = input.length;
  // %uXXXX (6 bytes) expands to at most 3 bytes; a joined pair (12) to 4: output never exceeds input.
  const out = new Uint8Array(n);
  let o = 0;
  let flags = 0;
  let changed = false;
  let i = 0;
  while (i < n) {
    const b = input[i] as number;
    if (b === 0x2b && plusAsSpace) {
      out[o++] = 0x20;
      changed = true;
      i++;
      continue;
    }
    if (b !== 0x25) {
      out[o++] = b;
      i++;
      continue;
    }
    const h1 = hex(input[i + 1]);
    const h2 = hex(input[i + 2]);
    if (h1 >= 0 && h2 >= 0) {
      const v = (h1 << 4) | h2;
      if (v === 0x2f || v === 0x5c) flags |= PD_SEPARATOR;
      else if (v === 0x2e) flags |= PD_DOT;
      out[o++] = v;
      changed = true;
      i += 3;
      continue;
    }
    let u = readPercentU(input, i);
    if (u >= 0) {
      flags |= PD_PERCENT_U;
      changed = true;
      i += 6;
      if (u >= 0xd800 && u <= 0xdbff) {
        const low = readPercentU(input, i);
        if (low >= 0xdc00 && low <= 0xdfff) {
          u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
          i += 6;
        }
      }
      if (u === 0x2f || u === 0x5c) flags |= PD_SEPARATOR;
      else if (u === 0x2e) flags |= PD_DOT;
      o = putCodePoint(out, o, u);
      continue;
    }
    flags |= PD_INVALID;
    out[o++] = b;
    i++;
  }
  return { value: changed ? out.subarray(0, o) : input, changed, flags };
}

/** True when the bytes still hold a decodable `%XX` or `%uXXXX` escape. */
export function hasEscape(input: Uint8Array): boolean {
  for (let i = input.indexOf(0x25); i >= 0; i = input.indexOf(0x25, i + 1)) {
    if ((hex(input[i + 1]) >= 0 && hex(input[i + 2]) >= 0) || readPercentU(input, i) >= 0) return true;
  }
  return false;
}
