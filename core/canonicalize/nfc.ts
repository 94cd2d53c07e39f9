/**
 * @module core/canonicalize/nfc
 * Unicode NFC, so that the composed and decomposed spellings of a segment
 * (`é` as U+00E9 or `e` + U+0301) are one path. Pure ASCII is skipped without
 * calling `normalize` (the common case). NFKC is not applied: it would fold
 * characters an origin treats as distinct.
 */
import type { Transformed } from "./transformation.ts";

export function toNfc(input: string): Transformed<string> {
  let ascii = true;
  for (let i = 0; i < input.length; i++) {
    if (input.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return { value: input, changed: false };
  const value = input.normalize("NFC");
  return { value, changed: value !== input };
}
