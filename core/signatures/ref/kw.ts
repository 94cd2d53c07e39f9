/**
 * @module core/signatures/ref/kw
 * Comparisons with the literal keywords of tables/keywords.ts (mirrors
 * wasm/assembly/signatures/kw.ts).
 */
import { KW_BYTES, KW_OFF } from "../tables/flat.ts";

export function kwLen(k: number): number {
  return (KW_OFF[k + 1] as number) - (KW_OFF[k] as number);
}

export function kwByte(k: number, i: number): number {
  return KW_BYTES[(KW_OFF[k] as number) + i] as number;
}
