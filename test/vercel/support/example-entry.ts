/**
 * Bundle entry that runs the example project's own `middleware.ts`
 * (examples/vercel), resolved through the package's `apiward/vercel/middleware`
 * export, as Vercel would, with its `?module` Wasm import.
 */
import middleware from "../../../examples/vercel/middleware.ts";

interface FetchEventLike {
  request: Request;
  respondWith(r: Promise<Response>): void;
  waitUntil(p: Promise<unknown>): void;
}
const g = globalThis as unknown as { addEventListener(type: "fetch", fn: (e: FetchEventLike) => void): void };
g.addEventListener("fetch", (event) => {
  event.respondWith(middleware(event.request, { waitUntil: (p) => event.waitUntil(p) }));
});
