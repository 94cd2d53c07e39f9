/**
 * @module core/signatures
 * The signature engine: SQL injection by lexing, XSS by reading HTML,
 * traversal/LFI/RFI/SSRF, command and code injection, Java and Log4Shell,
 * protocol anomalies and scanner fingerprints, with anomaly scoring,
 * paranoia levels and exclusions. Detection runs in Wasm when a WasmHost is
 * given (the datapath, the CLI) and in the TypeScript reference otherwise;
 * both give identical results (test/core/signatures/wasm-equality.test.ts).
 *
 * @example
 * const engine = createSignatureEngine({ wasm: host });
 * const r = engine.inspect(input, { paranoia: 1, threshold: 5 });
 * if (r.block) … r.matches.map((m) => `${m.rule}@${m.location}`)
 */
import type { WasmHost } from "../wasm/host.ts";
import { inspectWithScanner } from "./engine.ts";
import { withMemo } from "./memo-scanner.ts";
import type { ValueScanner } from "./scanner.ts";
import { createTsScanner } from "./ts-scanner.ts";
import type { SignatureEngine } from "./types.ts";
import { createWasmScanner } from "./wasm-scanner.ts";

export { DEFAULT_BODY_LIMIT } from "./engine.ts";
export { RULES, type RuleDef } from "./tables/rules.ts";
export type {
  Exclusion,
  Paranoia,
  SignatureEngine,
  SignatureInput,
  SignatureMatch,
  SignatureOptions,
  SignatureResult,
} from "./types.ts";

/**
 * @param opts.wasm a WasmHost over wasm/build/apiward.wasm; without it the
 * TypeScript reference runs. Throws only if the given module is stale (no
 * `sigScan` export), so the mistake shows at start-up, not per request.
 * `inspect` never throws on input; a Wasm trap (WebAssembly.RuntimeError)
 * propagates so the datapath's fail mode can decide.
 */
export function createSignatureEngine(opts: { wasm?: WasmHost } = {}): SignatureEngine {
  const scanner: ValueScanner = withMemo(opts.wasm ? createWasmScanner(opts.wasm) : createTsScanner());
  return {
    backend: scanner.backend,
    inspect: (input, options) => inspectWithScanner(scanner, input, options),
  };
}
