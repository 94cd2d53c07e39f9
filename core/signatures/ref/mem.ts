/**
 * @module core/signatures/ref/mem
 * Working memory of the TypeScript reference scanner, laid out like the Wasm
 * module's static memory (wasm/assembly/signatures/mem.ts): one decoded-value
 * buffer, one Base64 buffer, the pattern-hit list and the result set. Module
 * state is safe because a scan is synchronous and never re-entered.
 */
import { RULES } from "../tables/rules.ts";

/** Longest value scanned; the host cuts longer values and flags them. */
export const MAX_VALUE = 1 << 20;
/** Pattern hits kept per value; later hits are dropped (earlier ones already decide). */
export const HIT_CAP = 256;

/** The value after decoding (URL, escapes, entities, Unicode folding). */
export const D = new Uint8Array(MAX_VALUE);
/** Base64-decoded view of the value, when it looks like Base64. */
export const B = new Uint8Array(MAX_VALUE);
/** Pattern index and start offset of each hit. */
export const HIT_PAT = new Int32Array(HIT_CAP);
export const HIT_START = new Int32Array(HIT_CAP);

export const st = {
  /** Length of D. */
  dLen: 0,
  /** Number of hits. */
  hits: 0,
  /** Normalisation flags (N_* in normalize.ts). */
  flags: 0,
  /** Number of URL-decoding passes that changed the value. */
  passes: 0,
  /** Presence bits (chars.ts M_*) of the decoded value: detectors skip values that cannot match. */
  mask: 0,
};

const seen = new Uint8Array(RULES.length);
const out: number[] = [];

/** Starts a fresh result set. */
export function resetResults(): void {
  for (let i = 0; i < out.length; i++) seen[out[i] as number] = 0;
  out.length = 0;
}

/** Reports rule `rule` for the current value (once). */
export function emit(rule: number): void {
  if (seen[rule] === 0) {
    seen[rule] = 1;
    out.push(rule);
  }
}

/** The rules reported for the current value, in emission order. */
export function results(): readonly number[] {
  return out;
}
