// Working memory of the Wasm signature scanner, laid out like the TypeScript
// reference (core/signatures/ref/mem.ts): the decoded value D, the Base64
// buffer B, the pattern-hit list and the result set. Buffers are allocated
// once by memInit (heap.alloc on the stub runtime, never freed); nothing is
// allocated per call.
import { RULE_COUNT } from "./tables";
import { setOut } from "../abi";

/** Longest value scanned (the host cuts and flags longer values). */
export const MAX_VALUE: i32 = 1 << 20;
/** Pattern hits kept per value. */
export const HIT_CAP: i32 = 256;

export let D: usize = 0;
export let B: usize = 0;
export const HIT_PAT: usize = memory.data(256 * 4, 16);
export const HIT_START: usize = memory.data(256 * 4, 16);
const SEEN: usize = memory.data(256, 16);

/**
 * Bump allocation after the static data (__heap_base), growing memory as
 * needed. Used once at init for the large buffers and tables, so the module
 * needs neither the runtime allocator (which would import `abort`) nor a
 * large initial memory. Nothing else in the module allocates from the heap;
 * code that starts using the stub runtime's heap must take this region into
 * account. If growing fails, init traps (no partial state is used).
 */
let heapTop: usize = 0;

export function reserve(size: usize): usize {
  if (heapTop == 0) heapTop = (__heap_base + 15) & ~(<usize>15);
  const ptr = heapTop;
  heapTop = (ptr + size + 15) & ~(<usize>15);
  const need = <i32>((heapTop + 0xffff) >>> 16);
  const have = memory.size();
  if (need > have && memory.grow(need - have) < 0) unreachable();
  return ptr;
}

/** Scanner state shared by the detectors (static fields are plain globals). */
export class St {
  static dLen: i32 = 0;
  static hits: i32 = 0;
  static flags: i32 = 0;
  static passes: i32 = 0;
  static mask: i32 = 0;
  static out: i32 = 0;
}

export function memInit(): void {
  D = reserve(<usize>MAX_VALUE);
  B = reserve(<usize>MAX_VALUE);
  memory.fill(SEEN, 0, <usize>RULE_COUNT);
}

@inline
export function dAt(i: i32): i32 {
  return <i32>load<u8>(D + <usize>i);
}

@inline
export function dSet(i: i32, v: i32): void {
  store<u8>(D + <usize>i, <u8>v);
}

@inline
export function hitPat(h: i32): i32 {
  return load<i32>(HIT_PAT + (<usize>h << 2));
}

@inline
export function hitStart(h: i32): i32 {
  return load<i32>(HIT_START + (<usize>h << 2));
}

/** Starts a fresh result set. */
export function resetResults(): void {
  memory.fill(SEEN, 0, <usize>RULE_COUNT);
  St.out = 0;
}

/** Reports a rule for the current value (once), into the OUTPUT slots. */
export function emit(rule: i32): void {
  if (load<u8>(SEEN + <usize>rule) == 0) {
    store<u8>(SEEN + <usize>rule, 1);
    setOut(St.out, <f64>rule);
    St.out++;
  }
}

@inline
export function bAt(i: i32): i32 {
  return <i32>load<u8>(B + <usize>i);
}

@inline
export function bSet(i: i32, v: i32): void {
  store<u8>(B + <usize>i, <u8>v);
}
