/**
 * @module core/signatures/wasm-scanner
 * ValueScanner over the Wasm export `sigScan(kind, len)`: the value is
 * encoded straight into the module's input region, the rule indexes come back
 * as f64 slots in the output region (convention documented in
 * wasm/assembly/signatures/scan.ts). One WasmHost per isolate; calls are
 * synchronous, so requests never interleave inside it. Views are re-made
 * only when the module's memory grows (once, at the first scan).
 */

import { encodeTruncated, encodeValue } from "../wasm/encode.ts";
import type { WasmHost } from "../wasm/host.ts";
import { MAX_VALUE, type ValueScanner } from "./scanner.ts";

interface SignatureExports {
  sigInit(): void;
  sigScan(kind: number, len: number): number;
  outputPtr(): number;
}

/** Throws if the module lacks the signature exports (a stale build): call once at start-up, not per request. */
export function createWasmScanner(host: WasmHost): ValueScanner {
  const ex = host.exports as unknown as Partial<SignatureExports>;
  if (typeof ex.sigScan !== "function" || typeof ex.sigInit !== "function") {
    throw new Error("apiward.wasm has no sigScan export: rebuild it with `npm run build:wasm`");
  }
  const sigScan = ex.sigScan;
  ex.sigInit();
  const memory = host.exports.memory;
  const cap = Math.min(MAX_VALUE, host.inputCapacity);
  const outPtr = host.exports.outputPtr() >>> 0;
  let buffer = memory.buffer;
  let input = host.inputView(cap);
  let output = new Float64Array(buffer, outPtr, 256);
  let truncated = false;
  return {
    backend: "wasm",
    scan(kind, value) {
      if (buffer !== memory.buffer) {
        buffer = memory.buffer;
        input = host.inputView(cap);
        output = new Float64Array(buffer, outPtr, 256);
      }
      const written = encodeValue(value, input);
      truncated = encodeTruncated;
      return sigScan(kind, written);
    },
    rule: (i) => output[i] as number,
    get truncated() {
      return truncated;
    },
  };
}
