/**
 * @module core/canonicalize/overlong-utf8
 * Rewrites overlong UTF-8 sequences (`C0 AE` for `.`, `E0 80 AF` for `/`, and
 * the old 5- and 6-byte forms) to the shortest encoding of the same code
 * point. Old IIS and some Java decoders accepted them, so for path decisions
 * they must mean what those origins read; the request is flagged
 * `overlong_utf8` (blocking) as well. Well-formed and other invalid bytes are
 * left for the strict decoder.
 */
import type { Transformed } from "./transformation.ts";
import { putCodePoint } from "./utf8.ts";

const cont = (b: number | undefined): boolean => b !== undefined && (b & 0xc0) === 0x80;

/** Length of the overlong sequence starting at `i`, or 0 if there is none. */
function overlongLength(input: Uint8Array, i: number): number {
  const b = input[i] as number;
  const b1 = input[i + 1];
  if (!cont(b1)) return 0;
  if (b === 0xc0 || b === 0xc1) return 2;
  if (b === 0xe0 && (b1 as number) < 0xa0) return cont(input[i + 2]) ? 3 : 0;
  if (b === 0xf0 && (b1 as number) < 0x90) return cont(input[i + 2]) && cont(input[i + 3]) ? 4 : 0;
  const len = b >= 0xf8 && b <= 0xfb ? 5 : b === 0xfc || b === 0xfd ? 6 : 0;
  for (let k = 2; k < len; k++) if (!cont(input[i + k])) return 0;
  return len;
}

/** Collapses overlong sequences; `changed` means at least one was found. */
export function collapseOverlong(input: Uint8Array): Transformed<Uint8Array> {
  let i = 0;
  const n = input.length;
  while (i < n && (input[i] as number) < 0xc0) i++;
  if (i === n) return { value: input, changed: false };
  const out = new Uint8Array(n);
  out.set(input.subarray(0, i));
  let o = i;
  let changed = false;
  while (i < n) {
    const b = input[i] as number;
    const len = b >= 0xc0 ? overlongLength(input, i) : 0;
    if (len === 0) {
      out[o++] = b;
      i++;
      continue;
    }
    const lead = len === 2 ? b & 0x1f : len === 3 ? b & 0x0f : len === 4 ? b & 0x07 : len === 5 ? b & 0x03 : b & 0x01;
    let cp = lead;
    for (let k = 1; k < len; k++) cp = cp * 64 + ((input[i + k] as number) & 0x3f);
    if (cp > 0x10ffff) {
      // A 5/6-byte form of a value beyond Unicode: not overlong, just invalid; leave it.
      out[o++] = b;
      i++;
      continue;
    }
    o = putCodePoint(out, o, cp);
    i += len;
    changed = true;
  }
  return { value: changed ? out.subarray(0, o) : input, changed };
}
