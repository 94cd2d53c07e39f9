/**
 * @module test/support/worker-harness
 * Drives a worker handler inside workerd the way the platform does, with the
 * real KV and Durable Objects of the test environment, and waits for its
 * `waitUntil` work. Apps are written to the real KV with unique ids per test.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { inject } from "vitest";
import type { AppConfigInput } from "../../core/config/app-config.ts";
import { createHandler } from "../../worker/app.ts";
import { keys } from "../../worker/state/keys.ts";

export const TOKEN = "test-admin-token";
export const originUrl = (): string => inject("originUrl");

export interface Handler {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response>;
}

let seq = 0;
export function uniqueApp(prefix = "app"): string {
  seq++;
  return `${prefix}-${Date.now().toString(36)}-${seq}`;
}

/** Sends one request through the handler and waits for its background work. */
export async function send(h: Handler, input: string | Request, init?: RequestInit, e: Env = env): Promise<Response> {
  const req = typeof input === "string" ? new Request(input, init) : input;
  const ctx = createExecutionContext();
  const res = await h.fetch(req, e, ctx);
  // Read the body before waiting, so streamed responses complete.
  const body = await res.arrayBuffer();
  await waitOnExecutionContext(ctx);
  return new Response(res.status === 204 || res.status === 304 ? null : body, {
    status: res.status,
    headers: res.headers,
  });
}

export function admin(h: Handler, method: string, path: string, body?: unknown, token = TOKEN): Promise<Response> {
  return send(h, `http://admin.local/__apiward${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

/**
 * Writes an app config (and its host) straight into KV, as an operator's
 * `wrangler kv key put` would. Handlers given in `seenBy` forget their cached
 * host index, as the admin API does in its own isolate (others would pick the
 * change up within a second).
 */
export async function putApp(
  config: AppConfigInput & { id: string },
  seenBy: Array<{ runtime: { registry: { invalidate(app?: string): void } } }> = [],
  e: Env = env,
): Promise<void> {
  await e.CONFIG.put(keys.app(config.id), JSON.stringify(config));
  const raw = await e.CONFIG.get(keys.appIndex);
  const idx = raw ? (JSON.parse(raw) as { apps: Array<{ id: string; hosts: string[] }> }) : { apps: [] };
  idx.apps = idx.apps.filter((a) => a.id !== config.id);
  idx.apps.push({ id: config.id, hosts: config.hosts ?? [] });
  await e.CONFIG.put(keys.appIndex, JSON.stringify(idx));
  for (const h of seenBy) h.runtime.registry.invalidate(config.id);
}

/** Creates and activates a policy version through the admin API; returns its version. */
export async function activatePolicy(h: Handler, app: string, doc: unknown): Promise<number> {
  const res = await admin(h, "POST", `/apps/${app}/policies?activate=true`, doc);
  if (res.status !== 201) throw new Error(`policy rejected: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { version: number }).version;
}

/** A KV namespace that fails on demand (fault injection around the real one). */
export function faultyKv(real: KVNamespace, faults: { get?: boolean; put?: boolean }): KVNamespace {
  return new Proxy(real, {
    get(target, prop, receiver) {
      if (prop === "get" && faults.get) return () => Promise.reject(new Error("injected KV get failure"));
      if (prop === "put" && faults.put) return () => Promise.reject(new Error("injected KV put failure"));
      const v = Reflect.get(target, prop, receiver);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

export { env };

/** A fresh app in monitor (behaviour and anomaly included: all the batched sends run) and a handler that knows it. */
export async function monitoredApp(prefix: string): Promise<{ app: string; h: ReturnType<typeof createHandler> }> {
  const app = uniqueApp(prefix);
  const h = createHandler();
  await putApp(
    {
      id: app,
      hosts: [`${app}.test`],
      origin: originUrl(),
      mode: "monitor",
      capabilities: { behaviour: "monitor", anomaly: "monitor" },
    },
    [h],
  );
  return { app, h };
}
