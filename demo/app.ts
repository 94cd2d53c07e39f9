/**
 * @module demo/app
 * The bundled demo shop API: a small, realistic Hono app that `npm start`
 * puts behind apiward and that the simulator runs in-process to answer its
 * simulated clients. Plain Web APIs only, so it also runs in workerd.
 *
 * Defaults (the server): catalogue seed 1, real delays on login and search,
 * tokens and order UUIDs from `crypto.getRandomValues`. The simulator passes
 * a seeded `randomU32`, a no-op `sleep` and its simulated clock.
 */
import { Hono } from "hono";
import { identify } from "./auth.ts";
import { buildCatalog, type Catalog } from "./catalog.ts";
import { type DemoEnv, problem } from "./context.ts";
import { accountRoutes } from "./routes/account.ts";
import { cartRoutes } from "./routes/cart.ts";
import { catalogRoutes } from "./routes/catalog.ts";
import { orderRoutes } from "./routes/orders.ts";
import { pageRoutes } from "./routes/pages.ts";
import { ShopStore } from "./store.ts";

export interface DemoAppOptions {
  /** Seed of the catalogue (default 1). Ignored when `catalog` is given. */
  seed?: number;
  catalog?: Catalog;
  /** Milliseconds since epoch (default Date.now). */
  now?: () => number;
  /** Uniform 32-bit integers for tokens and UUIDs (default: crypto.getRandomValues). */
  randomU32?: () => number;
  /** Delay of the slow endpoints (default: a real timer). */
  sleep?: (ms: number) => Promise<void>;
}

export interface DemoApp {
  app: Hono<DemoEnv>;
  store: ShopStore;
}

function cryptoU32(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
}

/** Builds the shop with its own state; two calls share nothing. */
export function createDemoApp(opts: DemoAppOptions = {}): DemoApp {
  const randomU32 = opts.randomU32 ?? cryptoU32;
  const store = new ShopStore(opts.catalog ?? buildCatalog(opts.seed ?? 1), { now: opts.now ?? Date.now, randomU32 });
  const deps = {
    store,
    sleep: opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    random: () => randomU32() / 4294967296,
  };
  const app = new Hono<DemoEnv>();
  app.use("*", identify(store));
  accountRoutes(app, deps);
  catalogRoutes(app, deps);
  cartRoutes(app, deps);
  orderRoutes(app, deps);
  pageRoutes(app, deps);
  app.notFound((c) => problem(c, 404, "Not found", `No route for ${c.req.method} ${c.req.path}.`));
  app.onError((err, c) => {
    console.error("demo app error:", err);
    return problem(c, 500, "Internal error");
  });
  return { app, store };
}

/** The shop as `npm run dev:demo` serves it. */
export const app = createDemoApp().app;
