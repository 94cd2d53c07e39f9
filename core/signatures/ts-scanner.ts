/**
 * @module core/signatures/ts-scanner
 * ValueScanner over the TypeScript reference detectors (core/signatures/ref).
 * Used where Wasm is not available and as the reference the Wasm module is
 * tested against.
 */
import { encodeTruncated, encodeValue } from "../wasm/encode.ts";
import { scanValueTs } from "./ref/scan.ts";
import { MAX_VALUE, type ValueScanner } from "./scanner.ts";

export function createTsScanner(): ValueScanner {
  const buf = new Uint8Array(MAX_VALUE);
  let last: readonly number[] = [];
  let truncated = false;
  return {
    backend: "ts",
    scan(kind, value) {
      const written = encodeValue(value, buf);
      truncated = encodeTruncated;
      last = scanValueTs(kind, buf.subarray(0, written));
      return last.length;
    },
    rule: (i) => last[i] as number,
    get truncated() {
      return truncated;
    },
  };
}
