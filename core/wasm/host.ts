/**
 * @module core/wasm/host
 * Host side of the Wasm scorer's memory ABI (wasm/assembly/abi.ts). Plain
 * TypeScript: the worker passes the `WebAssembly.Module` its `.wasm` import
 * gives, the CLI passes one compiled from the file. One instance per isolate,
 * reused for every call; calls are synchronous, so no two requests interleave
 * inside it.
 */

/** The raw exports of wasm/build/apiward.wasm. */
export interface ApiwardWasmExports {
  memory: WebAssembly.Memory;
  inputPtr(): number;
  inputCapacity(): number;
  outputPtr(): number;
  stringFeatures(len: number): number;
  [name: string]: unknown;
}

export class WasmHost {
  readonly exports: ApiwardWasmExports;
  private readonly inputPtr: number;
  private readonly outputPtr: number;
  readonly inputCapacity: number;

  constructor(module: WebAssembly.Module) {
    const instance = new WebAssembly.Instance(module, {});
    this.exports = instance.exports as unknown as ApiwardWasmExports;
    this.inputPtr = this.exports.inputPtr() >>> 0;
    this.outputPtr = this.exports.outputPtr() >>> 0;
    this.inputCapacity = this.exports.inputCapacity();
  }

  /** Copies bytes into the input region (truncated at capacity) and returns the length used. */
  writeInput(bytes: Uint8Array): number {
    const len = Math.min(bytes.length, this.inputCapacity);
    new Uint8Array(this.exports.memory.buffer, this.inputPtr, len).set(
      len === bytes.length ? bytes : bytes.subarray(0, len),
    );
    return len;
  }

  /** A view of `count` result slots (valid until the next call). */
  output(count: number): Float64Array {
    return new Float64Array(this.exports.memory.buffer, this.outputPtr, count);
  }

  /** A view of the input region, for functions that write bytes back. */
  inputView(len: number): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer, this.inputPtr, len);
  }
}
