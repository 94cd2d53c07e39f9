/**
 * Bundle entry for the edge-runtime tests: builds the adapter's middleware
 * inside the Edge VM from what the test put in its globals, and registers
 * it as the fetch handler, handing each request's `waitUntil` over as
 * Vercel does. Test-only hooks: `__apiward.drain()`, `__apiward.stats()`.
 */
import { createMiddleware } from "../../../adapters/vercel/index.ts";

interface TestGlobals {
  __APIWARD_WASM__: WebAssembly.Module;
  __APIWARD_OPTIONS__: Record<string, unknown>;
  __apiward: unknown;
  addEventListener(type: "fetch", fn: (e: FetchEventLike) => void): void;
}
interface FetchEventLike {
  request: Request;
  respondWith(r: Promise<Response>): void;
  waitUntil(p: Promise<unknown>): void;
}

const g = globalThis as unknown as TestGlobals;
const mw = createMiddleware({ wasm: g.__APIWARD_WASM__, ...g.__APIWARD_OPTIONS__ });
g.__apiward = {
  drain: () => mw.runtime?.drain(),
  refresh: async (app: string) => {
    await mw.runtime?.behaviour.refresh(app);
    await mw.runtime?.anomaly.refresh(app);
  },
  stats: () =>
    JSON.stringify({
      stats: mw.runtime?.stats,
      behaviour: mw.runtime?.behaviour.stats,
      errors: mw.runtime?.registry.errors(),
      counters: mw.runtime?.counters.stats,
      logs: mw.runtime?.logs.stats,
    }),
};
g.addEventListener("fetch", (event) => {
  event.respondWith(mw(event.request, { waitUntil: (p) => event.waitUntil(p) }));
});
