/**
 * @module worker/app
 * The apiward edge worker's handler: `/__apiward/*` is the admin API and
 * dashboard, everything else goes through the datapath to the app's origin.
 * `createHandler` builds an independent instance (tests inject faults through
 * it, and each instance stands for one isolate).
 */
import { Hono } from "hono";
import wasmModule from "../wasm/build/apiward.wasm";
import { adminApp } from "./admin/index.ts";
import type { AdminEnv } from "./admin/types.ts";
import { handleDatapath } from "./datapath/handle.ts";
import { sendLogsToStore } from "./datapath/log-sender.ts";
import { Runtime, type RuntimeOptions } from "./runtime.ts";

export const ADMIN_PREFIX = "/__apiward";

export function createHandler(opts: Partial<RuntimeOptions> = {}) {
  const rt = new Runtime({ wasmModule: opts.wasmModule ?? wasmModule, sendLogs: opts.sendLogs ?? sendLogsToStore });
  const admin = new Hono<AdminEnv>();
  admin.use("*", async (c, next) => {
    rt.env = c.env;
    c.set("rt", rt);
    await next();
  });
  admin.route(ADMIN_PREFIX, adminApp());
  // A path under the prefix that no route takes (`/__apiward/health/`) answers JSON like every other
  // admin error, not Hono's plain-text 404 (the mounted app's own notFound is not consulted).
  admin.notFound((c) => c.json({ error: `no admin route ${c.req.method} ${c.req.path}` }, 404));
  return {
    runtime: rt,
    // Not async: the datapath's own promise is the answer, without another one around it.
    fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
      const url = new URL(request.url);
      const path = url.pathname;
      if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`))
        return Promise.resolve(admin.fetch(request, env, ctx));
      return handleDatapath(request, env, ctx, rt, url);
    },
  } satisfies ExportedHandler<Env> & { runtime: Runtime };
}
