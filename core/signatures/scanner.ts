/**
 * @module core/signatures/scanner
 * The per-value scanner both backends implement: the TypeScript reference
 * (ref/scan.ts) and the Wasm module (wasm/assembly/signatures/scan.ts). The
 * host encodes each value to UTF-8 into a buffer of MAX_VALUE bytes with
 * `TextEncoder.encodeInto`, the same way for both, so truncation of an
 * over-long value is identical too. The interface allocates nothing per call
 * (every request scans hundreds of values).
 */

/** Bytes of one value the scanners look at (1 MiB); longer values are cut and flagged. */
export const MAX_VALUE = 1 << 20;

export interface ValueScanner {
  readonly backend: "wasm" | "ts";
  /**
   * Scans `value` of the given kind (K_* in tables/kinds.ts) and returns how
   * many rules it triggered; read them with `rule(i)` before the next call.
   */
  scan(kind: number, value: string): number;
  /** Rule index (into tables/rules.ts RULES) number `i` of the last scan. */
  rule(i: number): number;
  /** Whether the last value did not fit in MAX_VALUE bytes (and was cut). */
  readonly truncated: boolean;
}
