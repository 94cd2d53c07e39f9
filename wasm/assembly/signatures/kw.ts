// Comparisons with the literal keywords (tables.ts KW_*), mirroring
// core/signatures/ref/kw.ts.
import { KW_BYTES, KW_OFF } from "./tables";

@inline
export function kwLen(k: i32): i32 {
  return load<i32>(KW_OFF + (<usize>(k + 1) << 2)) - load<i32>(KW_OFF + (<usize>k << 2));
}

@inline
export function kwByte(k: i32, i: i32): i32 {
  return <i32>load<u8>(KW_BYTES + <usize>(load<i32>(KW_OFF + (<usize>k << 2)) + i));
}
