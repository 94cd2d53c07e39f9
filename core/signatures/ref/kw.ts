/**
 * @module core/signatures/ref/kw
 * Comparisons with the literal keywords of tables/keywords.ts (mirrors
 * wasm/assembly/signatures/kw.ts).
 */
import { KW_BYTES, KW_OFF } from "../tables/flat.ts";
import { fold } from "./chars.ts";
import { B, D, st } from "./mem.ts";

export function kwLen(k: number): number {
  return (KW_OFF[k + 1] as number) - (KW_OFF[k] as number);
}

export function kwByte(k: number, i: number): number {
  return KW_BYTES[(KW_OFF[k] as number) + i] as number;
}

/** Keyword k at D[i..] (ASCII case folded), whatever follows it. */
export function kwAt(i: number, k: number): boolean {
  const len = kwLen(k);
  if (i + len > st.dLen) return false;
  for (let q = 0; q < len; q++) if (fold(D[i + q] as number) !== kwByte(k, q)) return false;
  return true;
}

/** Keyword k at B[i..end) (a decoded copy, ASCII case folded), whatever follows it. */
export function kwAtDecoded(i: number, end: number, k: number): boolean {
  const len = kwLen(k);
  if (i + len > end) return false;
  for (let q = 0; q < len; q++) if (fold(B[i + q] as number) !== kwByte(k, q)) return false;
  return true;
}
