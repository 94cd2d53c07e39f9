/**
 * @module core/wasm/provider
 * One Wasm instance per isolate, created on first use, with the worker's
 * failure rules (worker/runtime.ts): a module that fails to instantiate is
 * retried at most every 30 s; a trap drops the instance so the next request
 * gets a fresh one, and the same failure again within 30 s waits out the
 * back-off. Platform-free: the Vercel adapter uses it as is.
 */
import type { WasmProvider } from "../pipeline/score-request.ts";
import { WasmHost } from "./host.ts";

const RETRY_MS = 30_000;

export class WasmInstanceProvider implements WasmProvider {
  private host: WasmHost | null = null;
  private error: string | null = null;
  private failedAt = 0;
  private lastTrapAt = 0;
  lastWasmTrap: string | null = null;

  constructor(
    private readonly module: () => WebAssembly.Module | Promise<WebAssembly.Module> | null,
    private readonly now: () => number = Date.now,
  ) {}

  private resolved: WebAssembly.Module | null = null;

  /** Resolves a module given as a promise (a Vercel `?module` import is already one; tests pass one). */
  async ready(): Promise<void> {
    if (this.resolved) return;
    try {
      this.resolved = (await this.module()) ?? null;
      if (!this.resolved) this.fail("no wasm module");
    } catch (e) {
      this.fail(e instanceof Error ? e.message : String(e));
    }
  }

  private fail(message: string): void {
    this.error = message;
    this.failedAt = this.now();
  }

  wasmHost(): WasmHost | null {
    if (this.host) return this.host;
    if (this.error && this.now() - this.failedAt < RETRY_MS) return null;
    this.error = null;
    if (!this.resolved) {
      // A module given as it is (the worker's import) needs no `ready()`.
      const m = this.module();
      if (m instanceof WebAssembly.Module) this.resolved = m;
      else {
        this.fail("wasm module not loaded");
        return null;
      }
    }
    try {
      this.host = new WasmHost(this.resolved);
    } catch (e) {
      this.fail(e instanceof Error ? e.message : String(e));
    }
    return this.host;
  }

  get wasmFailure(): string | null {
    return this.error;
  }

  resetWasm(error: string): void {
    this.host = null;
    this.lastWasmTrap = error;
    if (this.lastTrapAt && this.now() - this.lastTrapAt < RETRY_MS) this.fail(error);
    this.lastTrapAt = this.now();
  }
}
