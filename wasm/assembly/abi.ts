// Shared memory ABI between the host (worker, CLI) and every Wasm function.
// The host copies its bytes into INPUT and calls a function with the length;
// results come back as f64 slots in OUTPUT. No allocation per call, no GC,
// no string copies across the boundary (runtime "stub").

/** Size of the input region: enough for a 64 KB URL plus a 1 MB body. */
export const INPUT_CAPACITY: i32 = 1 << 21;
/**
 * Number of f64 result slots. Functions return their slot count; the
 * signature scanner (signatures/scan.ts) writes matched rule indexes as f64
 * slots and returns how many. Its buffers come from its own allocator after
 * the static data (grown at `sigInit`): nothing else may use the runtime heap.
 */
export const OUTPUT_SLOTS: i32 = 256;

export const INPUT: usize = memory.data(INPUT_CAPACITY, 16);
export const OUTPUT: usize = memory.data(OUTPUT_SLOTS * 8, 16);

export function inputPtr(): usize {
  return INPUT;
}

export function inputCapacity(): i32 {
  return INPUT_CAPACITY;
}

export function outputPtr(): usize {
  return OUTPUT;
}

@inline
export function inByte(i: i32): u32 {
  return <u32>load<u8>(INPUT + <usize>i);
}

@inline
export function setOut(slot: i32, v: f64): void {
  store<f64>(OUTPUT + ((<usize>slot) << 3), v);
}
