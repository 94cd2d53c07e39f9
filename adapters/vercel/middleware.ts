/**
 * @module adapters/vercel/middleware
 * `createMiddleware(options)`: the function a Vercel project exports as its
 * `middleware.ts` default. One runtime per isolate (the module scope), built
 * on the first request from the options or the environment:
 * - `EDGE_CONFIG`: the Edge Config connection string (documents);
 * - `UPSTASH_REDIS_REST_URL` / `UPSTASH_REDIS_REST_TOKEN` (or Vercel's
 *   `KV_REST_API_URL` / `KV_REST_API_TOKEN`): the Redis store;
 * - `APIWARD_DEFAULT_APP`: the app for hosts no app lists;
 * - `APIWARD_REDIS_PREFIX`: key prefix (default `apiward`);
 * - `APIWARD_IDENTITY_KEY`: secret of the HMAC over API-key and cookie identities.
 */

import type { Redis } from "@upstash/redis";
import { createClient } from "@vercel/edge-config";
import { problem } from "../../core/http/problem.ts";
import type { ApiwardStorage, SnapshotSource } from "../../core/storage/types.ts";
import { type Forward, handleVercel, type WaitUntilContext } from "./datapath.ts";
import { type EdgeConfigReader, edgeConfigSource } from "./edge-config.ts";
import { type RuntimeSettings, VercelRuntime, type WasmSource } from "./runtime.ts";
import { type RedisConnection, upstashRedis, vercelStorage } from "./storage.ts";

export interface ApiwardVercelOptions extends RuntimeSettings {
  /** The compiled scorer: `import wasm from "apiward/wasm/build/apiward.wasm?module"`. */
  wasm: WasmSource;
  /** Replaces the whole storage (tests, other stores); the options below are then unused. */
  storage?: ApiwardStorage;
  /** A client or its REST URL and token; default from the environment. */
  redis?: Redis | RedisConnection;
  /** An Edge Config client or connection string; default `EDGE_CONFIG`. */
  edgeConfig?: EdgeConfigReader | string;
  /** Where learned documents (inventories, models) come from; default the Edge Config. */
  snapshots?: SnapshotSource;
  prefix?: string;
  defaultApp?: string;
  /** `next` (default), `origin` (proxy to the app's origin), or `{ rewrite: "/blocked" }`. */
  forward?: Forward;
  /** Environment variables (default `process.env`). */
  env?: Record<string, string | undefined>;
}

export type ApiwardMiddleware = ((request: Request, context?: WaitUntilContext) => Promise<Response>) & {
  /** The isolate's runtime once built (tests, diagnostics). */
  readonly runtime: VercelRuntime | null;
};

function processEnv(): Record<string, string | undefined> {
  const p = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return p?.env ?? {};
}

function isRedis(v: Redis | RedisConnection): v is Redis {
  return typeof (v as Redis).pipeline === "function";
}

function buildStorage(opts: ApiwardVercelOptions, env: Record<string, string | undefined>): ApiwardStorage {
  if (opts.storage) return opts.storage;
  const conn = opts.redis ?? {
    url: env.UPSTASH_REDIS_REST_URL ?? env.KV_REST_API_URL ?? "",
    token: env.UPSTASH_REDIS_REST_TOKEN ?? env.KV_REST_API_TOKEN ?? "",
  };
  if (!isRedis(conn) && (!conn.url || !conn.token))
    throw new Error("no Redis: set UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN");
  const ec = opts.edgeConfig ?? env.EDGE_CONFIG;
  if (!ec) throw new Error("no Edge Config: set EDGE_CONFIG");
  const config = edgeConfigSource(typeof ec === "string" ? createClient(ec) : ec);
  let module: WebAssembly.Module | null = null;
  const w = opts.wasm;
  if (w instanceof WebAssembly.Module) module = w;
  else if (w && typeof (w as Promise<WebAssembly.Module>).then === "function")
    void (w as Promise<WebAssembly.Module>).then(
      (m) => {
        module = m;
      },
      () => undefined,
    );
  return vercelStorage({
    redis: isRedis(conn) ? conn : upstashRedis(conn),
    config,
    ...(opts.snapshots ? { snapshots: opts.snapshots } : {}),
    prefix: opts.prefix ?? env.APIWARD_REDIS_PREFIX ?? "apiward",
    wasmModule: () => module,
  });
}

export function createMiddleware(opts: ApiwardVercelOptions): ApiwardMiddleware {
  let rt: VercelRuntime | null = null;
  let buildError: string | null = null;
  const fn = async (request: Request, context?: WaitUntilContext): Promise<Response> => {
    const env = opts.env ?? processEnv();
    if (!rt) {
      try {
        rt = new VercelRuntime(buildStorage(opts, env), opts.wasm, {
          ...opts,
          identityKey: opts.identityKey ?? env.APIWARD_IDENTITY_KEY,
        });
        buildError = null;
      } catch (e) {
        buildError = e instanceof Error ? e.message : String(e);
      }
    }
    if (!rt) {
      console.error(`apiward: ${buildError}`);
      return problem({ status: 503, title: "App configuration unavailable", requestId: "-" });
    }
    const ctx: WaitUntilContext = context ?? { waitUntil: () => undefined };
    return handleVercel(request, ctx, rt, {
      defaultApp: opts.defaultApp ?? env.APIWARD_DEFAULT_APP,
      forward: opts.forward ?? "next",
    });
  };
  Object.defineProperty(fn, "runtime", { get: () => rt });
  return fn as ApiwardMiddleware;
}
