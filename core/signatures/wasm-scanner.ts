/**
 * @module core/signatures/wasm-scanner
 * ValueScanner over the Wasm export `sigScan(kind, len)`: the value is
 * encoded straight into the module's input region, the rule indexes come back
 * as f64 slots in the output region (convention documented in
 * wasm/assembly/signatures/scan.ts). One WasmHost per isolate; calls are
 * synchronous, so requests never interleave inside it. The host keeps the
 * views and re-makes them only when the module's memory grows.
 */

import { encodeTruncated } from "../wasm/encode.ts";
import type { WasmHost } from "../wasm/host.ts";
import { MAX_VALUE, type ValueScanner } from "./scanner.ts";

interface SignatureExports {
  sigInit(): void;
  sigScan(kind: number, len: number): number;
}

/** Throws if the module lacks the signature exports (a stale build): call once at start-up, not per request. */
export function createWasmScanner(host: WasmHost): ValueScanner {
  const ex = host.exports as unknown as Partial<SignatureExports>;
  if (typeof ex.sigScan !== "function" || typeof ex.sigInit !== "function") {
    throw new Error("apiward.wasm has no sigScan export: rebuild it with `npm run build:wasm`");
  }
  const sigScan = ex.sigScan;
  ex.sigInit();
  let truncated = false;
  return {
    backend: "wasm",
    scan(kind, value) {
      const written = host.writeString(value, MAX_VALUE);
      truncated = encodeTruncated;
      return sigScan(kind, written);
    },
    rule: (i) => host.outputSlots()[i] as number,
    get truncated() {
      return truncated;
    },
  };
}
