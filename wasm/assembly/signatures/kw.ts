// Comparisons with the literal keywords (tables.ts KW_*), mirroring
// core/signatures/ref/kw.ts.
import { KW_BYTES, KW_OFF } from "./tables";
import { fold } from "./chars";
import { St, bAt, dAt } from "./mem";

@inline
export function kwLen(k: i32): i32 {
  return load<i32>(KW_OFF + (<usize>(k + 1) << 2)) - load<i32>(KW_OFF + (<usize>k << 2));
}

@inline
export function kwByte(k: i32, i: i32): i32 {
  return <i32>load<u8>(KW_BYTES + <usize>(load<i32>(KW_OFF + (<usize>k << 2)) + i));
}

// Keyword k at D[i..] (ASCII case folded), whatever follows it.
export function kwAt(i: i32, k: i32): bool {
  const len = kwLen(k);
  if (i + len > St.dLen) return false;
  for (let q = 0; q < len; q++) if (fold(dAt(i + q)) != kwByte(k, q)) return false;
  return true;
}

// Keyword k at B[i..end) (a decoded copy, ASCII case folded), whatever follows it.
export function kwAtDecoded(i: i32, end: i32, k: i32): bool {
  const len = kwLen(k);
  if (i + len > end) return false;
  for (let q = 0; q < len; q++) if (fold(bAt(i + q)) != kwByte(k, q)) return false;
  return true;
}
