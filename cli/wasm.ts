/**
 * @module cli/wasm
 * Loads wasm/build/apiward.wasm for Node-side users (CLI, evaluations,
 * benchmarks): compiles the file once and wraps it in a WasmHost. The worker
 * gets the module from its `.wasm` import instead. If the file is missing,
 * the error says how to build it.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createSignatureEngine, type SignatureEngine } from "../core/signatures/index.ts";
import { WasmHost } from "../core/wasm/host.ts";
import { UsageError } from "./io.ts";

/** Path of the built module (wasm/build/apiward.wasm at the repository root). */
export const WASM_PATH = fileURLToPath(new URL("../wasm/build/apiward.wasm", import.meta.url));

let cached: WebAssembly.Module | undefined;

/** The compiled module, compiled once per process. Throws with a build hint if the file is missing. */
export function loadWasmModule(): WebAssembly.Module {
  if (cached) return cached;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(WASM_PATH);
  } catch {
    throw new Error(`${WASM_PATH} not found: run \`npm run build:wasm\` first`);
  }
  // The Workers type declarations (types/worker-configuration.d.ts) mark Module abstract; Node's is constructible.
  const ModuleCtor = WebAssembly.Module as unknown as new (bytes: Uint8Array) => WebAssembly.Module;
  const mod = new ModuleCtor(bytes);
  cached = mod;
  return mod;
}

/** A fresh WasmHost (own instance and memory) over the built module. */
export function loadWasmHost(): WasmHost {
  return new WasmHost(loadWasmModule());
}

/** The signature engine an `--engine wasm|ts` option names (wasm, the module the worker runs, by default; ts, the reference). */
export function signatureEngineFromFlag(v: string | boolean | undefined): SignatureEngine {
  const name = v === undefined ? "wasm" : String(v);
  if (name !== "wasm" && name !== "ts") throw new UsageError("--engine must be wasm or ts");
  return name === "wasm" ? createSignatureEngine({ wasm: loadWasmHost() }) : createSignatureEngine();
}
