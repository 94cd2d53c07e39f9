/**
 * @module core/canonicalize/remove-nul
 * Removes NUL bytes from the path. C-based origins and filesystems stop at a
 * NUL (`/admin%00.png` reads `/admin`), so the canonical path drops it and the
 * request is flagged `nul_byte` (blocking). Done on bytes inside each decoding
 * round, so a NUL cannot hide an escape (`%%0041`) from the next round.
 */
import type { Transformed } from "./transformation.ts";

export function removeNul(input: Uint8Array): Transformed<Uint8Array> {
  if (input.indexOf(0) < 0) return { value: input, changed: false };
  return { value: input.filter((b) => b !== 0), changed: true };
}
