/**
 * @module core/wasm/host
 * Host side of the Wasm scorer's memory ABI (wasm/assembly/abi.ts). Plain
 * TypeScript: the worker passes the `WebAssembly.Module` its `.wasm` import
 * gives, the CLI passes one compiled from the file. One instance per isolate,
 * reused for every call; calls are synchronous, so no two requests interleave
 * inside it.
 */
import { encodeValue } from "./encode.ts";

/** The raw exports of wasm/build/apiward.wasm. */
export interface ApiwardWasmExports {
  memory: WebAssembly.Memory;
  inputPtr(): number;
  inputCapacity(): number;
  outputPtr(): number;
  stringFeatures(len: number): number;
  [name: string]: unknown;
}

/** f64 result slots the module reserves (OUTPUT_SLOTS in wasm/assembly/abi.ts). */
const OUTPUT_SLOTS = 256;

export class WasmHost {
  readonly exports: ApiwardWasmExports;
  private readonly inputPtr: number;
  private readonly outputPtr: number;
  readonly inputCapacity: number;
  /** Views of the whole input and output regions, re-made only when the memory grows (per-call views were garbage). */
  private buffer: ArrayBuffer | null = null;
  private input = new Uint8Array(0);
  private slots = new Float64Array(0);
  /** The input region cut to a caller's own limit (the signature scanner's MAX_VALUE), kept like the others. */
  private capped = new Uint8Array(0);
  private cap = -1;

  constructor(module: WebAssembly.Module) {
    const instance = new WebAssembly.Instance(module, {});
    this.exports = instance.exports as unknown as ApiwardWasmExports;
    this.inputPtr = this.exports.inputPtr() >>> 0;
    this.outputPtr = this.exports.outputPtr() >>> 0;
    this.inputCapacity = this.exports.inputCapacity();
  }

  private views(): void {
    const buffer = this.exports.memory.buffer;
    if (buffer === this.buffer) return;
    this.buffer = buffer;
    this.input = new Uint8Array(buffer, this.inputPtr, this.inputCapacity);
    this.slots = new Float64Array(buffer, this.outputPtr, OUTPUT_SLOTS);
    this.cap = -1;
  }

  /** Copies bytes into the input region (truncated at capacity) and returns the length used. */
  writeInput(bytes: Uint8Array): number {
    this.views();
    const len = Math.min(bytes.length, this.inputCapacity);
    this.input.set(len === bytes.length ? bytes : bytes.subarray(0, len));
    return len;
  }

  /**
   * Writes a string as UTF-8 into the input region, cut at `limit` bytes (at
   * most the capacity), and returns the bytes used; `encodeTruncated` tells
   * whether it was cut.
   */
  writeString(value: string, limit = this.inputCapacity): number {
    this.views();
    if (limit >= this.inputCapacity) return encodeValue(value, this.input);
    if (limit !== this.cap) {
      this.cap = limit;
      this.capped = this.input.subarray(0, Math.max(0, limit));
    }
    return encodeValue(value, this.capped);
  }

  /** All result slots (valid until the next call; read only the ones the call filled). */
  outputSlots(): Float64Array {
    this.views();
    return this.slots;
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
