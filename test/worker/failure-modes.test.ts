import { describe, expect, it } from "vitest";
import type { AccessLogRecord } from "../../core/log/record.ts";
import { createHandler } from "../../worker/app.ts";
import { keys } from "../../worker/state/keys.ts";
import needsImport from "../fixtures/wasm/needs-import.wasm";
import traps from "../fixtures/wasm/traps.wasm";
import { activatePolicy, admin, env, faultyKv, originUrl, putApp, send, uniqueApp } from "../support/worker-harness.ts";

/** Env with a zero cache TTL (every request revalidates in the background). */
function hotEnv(overrides: Partial<Env> = {}): Env {
  return { ...env, APIWARD_CACHE_TTL_MS: "0", ...overrides } as Env;
}

async function app(
  failMode: "open" | "closed",
  rules: unknown[] = [],
  seenBy: Array<ReturnType<typeof createHandler>> = [],
) {
  const id = uniqueApp();
  const h = createHandler();
  await putApp({ id, hosts: [`${id}.test`], origin: originUrl(), mode: "enforce", fail_mode: failMode }, [
    h,
    ...seenBy,
  ]);
  await activatePolicy(h, id, { rules });
  return { id, url: `http://${id}.test` };
}

describe("fail modes under injected faults", () => {
  it("KV down before anything was loaded: 503 problem+json, never a crash", async () => {
    const { url } = await app("open");
    const h = createHandler();
    const res = await send(h, `${url}/x`, undefined, hotEnv({ CONFIG: faultyKv(env.CONFIG, { get: true }) }));
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("KV down after a good load: keeps serving with the last good config and policy", async () => {
    const { url } = await app("closed", [{ id: "no-admin", action: "block", match: { path: { prefix: "/admin" } } }]);
    const h = createHandler();
    expect((await send(h, `${url}/admin`, undefined, hotEnv())).status).toBe(403);
    const broken = hotEnv({ CONFIG: faultyKv(env.CONFIG, { get: true }) });
    for (let i = 0; i < 3; i++) {
      expect((await send(h, `${url}/admin`, undefined, broken)).status).toBe(403);
      expect((await send(h, `${url}/ok`, undefined, broken)).status).toBe(200);
    }
    const health = (await (await admin(h, "GET", "/health")).json()) as { isolate: { cache_errors: object } };
    expect(JSON.stringify(health.isolate.cache_errors)).toContain("injected KV get failure");
  });

  it("a bad policy document in KV never replaces the last good compiled policy", async () => {
    const { id, url } = await app("open", [{ id: "no-admin", action: "block", match: { path: { prefix: "/admin" } } }]);
    const h = createHandler();
    const e = hotEnv();
    expect((await send(h, `${url}/admin`, undefined, e)).status).toBe(403);
    // Someone writes a broken version 2 straight into KV and points at it.
    await env.CONFIG.put(keys.policy(id, 2), '{"rules": [{"id": "x", "action": "explode"}]');
    await env.CONFIG.put(
      keys.policyPointer(id),
      JSON.stringify({ active: 2, history: [1], dry_run: null, latest: 2, updated_at: 0 }),
    );
    for (let i = 0; i < 3; i++) expect((await send(h, `${url}/admin`, undefined, e)).status).toBe(403);
    const health = (await (await admin(h, "GET", "/health")).json()) as {
      apps: Record<string, { policy_version: number; serving_policy_version: number; policy_error?: string }>;
      isolate: { cache_errors: object };
    };
    expect(JSON.stringify(health.isolate.cache_errors)).toMatch(/policy:.*v2/);
    // Health tells the version KV names from the one still enforced, and why.
    expect(health.apps[id]).toMatchObject({ policy_version: 2, serving_policy_version: 1 });
    expect(health.apps[id]?.policy_error).toMatch(/v2: invalid JSON/);
    // A good version 3 is picked up by hot reload.
    await activatePolicy(h, id, { rules: [] });
    await send(h, `${url}/admin`, undefined, e); // revalidates in the background
    expect((await send(h, `${url}/admin`, undefined, e)).status).toBe(200);
  });

  it("a cold isolate facing a bad active version enforces the version active before it, not nothing", async () => {
    const { id, url } = await app("open", [{ id: "no-admin", action: "block", match: { path: { prefix: "/admin" } } }]);
    await env.CONFIG.put(keys.policy(id, 2), '{"rules": [{"id": "x", "action": "explode"}]}');
    await env.CONFIG.put(
      keys.policyPointer(id),
      JSON.stringify({ active: 2, history: [1], dry_run: null, latest: 2, updated_at: 0 }),
    );
    // A new isolate: nothing in memory to fall back on.
    const cold = createHandler();
    const e = hotEnv();
    for (let i = 0; i < 3; i++) expect((await send(cold, `${url}/admin`, undefined, e)).status).toBe(403);
    expect((await send(cold, `${url}/ok`, undefined, e)).status).toBe(200);
    const health = (await (await admin(cold, "GET", "/health")).json()) as {
      apps: Record<string, { policy_version: number; serving_policy_version: number; policy_error?: string }>;
    };
    expect(health.apps[id]).toMatchObject({ policy_version: 2, serving_policy_version: 1 });
    expect(health.apps[id]?.policy_error).toMatch(/v2: rules\.0\.action/);
    // With no loadable version in its history either, the app's fail mode decides (open: served, logged).
    await env.CONFIG.put(
      keys.policyPointer(id),
      JSON.stringify({ active: 2, history: [], dry_run: null, latest: 2, updated_at: 0 }),
    );
    const colder = createHandler();
    expect((await send(colder, `${url}/admin`, undefined, e)).status).toBe(200);
  });

  it("health shows a bad document in an isolate that has served no request for the app yet", async () => {
    const { id } = await app("open", [{ id: "no-admin", action: "block", match: { path: { prefix: "/admin" } } }]);
    await env.CONFIG.put(keys.policy(id, 2), "{not json");
    await env.CONFIG.put(
      keys.policyPointer(id),
      JSON.stringify({ active: 2, history: [1], dry_run: null, latest: 2, updated_at: 0 }),
    );
    const fresh = createHandler();
    const health = (await (await admin(fresh, "GET", "/health")).json()) as {
      apps: Record<string, { policy_version: number; serving_policy_version?: number; policy_error?: string }>;
    };
    expect(health.apps[id]).toMatchObject({ policy_version: 2, serving_policy_version: 1 });
    expect(health.apps[id]?.policy_error).toMatch(/v2: invalid JSON/);
  });

  it("a broken inventory snapshot: a cold isolate matches endpoints with the previous version", async () => {
    const { id, url } = await app("open", [
      { id: "no-order-delete", action: "block", match: { endpoint: ["DELETE /orders/{id}"] } },
    ]);
    const inventory = (version: number) =>
      JSON.stringify({
        app: id,
        version,
        created_at: Date.now(),
        observed: 10,
        inventory: { endpoints: [{ method: "DELETE", path: "/orders/{id}" }] },
      });
    await env.SNAPSHOTS.put(keys.snapshot("inventory", id, 1), inventory(1));
    await env.SNAPSHOTS.put(keys.snapshot("inventory", id, 2), '{"inventory": {"endpoints": [{"method": "DEL');
    await env.SNAPSHOTS.put(
      keys.snapshotPointer("inventory", id),
      JSON.stringify({ version: 2, updated_at: Date.now(), digest: "x" }),
    );
    const cold = createHandler();
    const e = hotEnv();
    for (let i = 0; i < 3; i++) {
      expect((await send(cold, `${url}/orders/${1000 + i}`, { method: "DELETE" }, e)).status).toBe(403);
    }
    expect((await send(cold, `${url}/orders/7`, undefined, e)).status).toBe(200);
    const health = (await (await admin(cold, "GET", "/health")).json()) as { isolate: { cache_errors: object } };
    expect(JSON.stringify(health.isolate.cache_errors)).toMatch(/inventory:.*:v2: invalid JSON/);
  });

  it("a bad app config in KV keeps the last good one", async () => {
    const { id, url } = await app("open");
    const h = createHandler();
    const e = hotEnv();
    expect((await send(h, `${url}/x`, undefined, e)).status).toBe(200);
    await env.CONFIG.put(keys.app(id), JSON.stringify({ id, origin: "nope", mode: "sideways" }));
    for (let i = 0; i < 3; i++) expect((await send(h, `${url}/x`, undefined, e)).status).toBe(200);
    // An isolate that starts now has no good copy and no origin to trust: 503 problem+json, not a guess.
    const cold = await send(createHandler(), `${url}/x`, undefined, e);
    expect(cold.status).toBe(503);
    expect(cold.headers.get("content-type")).toBe("application/problem+json");
  });

  it("hot-reloads a new policy version without a restart", async () => {
    const { id, url } = await app("open");
    const h = createHandler();
    const e = hotEnv();
    expect((await send(h, `${url}/beta`, undefined, e)).status).toBe(200);
    // Activate from another isolate (a second handler), as an operator would.
    await activatePolicy(createHandler(), id, {
      rules: [{ id: "no-beta", action: "block", match: { path: { prefix: "/beta" } } }],
    });
    await send(h, `${url}/warm`, undefined, e);
    expect((await send(h, `${url}/beta`, undefined, e)).status).toBe(403);
  });

  it("Wasm that cannot be instantiated: closed answers 503, open proxies and logs why", async () => {
    const records: AccessLogRecord[] = [];
    const h = createHandler({ wasmModule: needsImport, sendLogs: async (_e, b) => void records.push(...b) });
    const closed = await app("closed");
    const res = await send(h, `${closed.url}/x`);
    expect(res.status).toBe(503);
    const open = await app("open", [], [h]);
    const ok = await send(h, `${open.url}/x`);
    expect(ok.status).toBe(200);
    const rec = records.find((r) => r.request_id === ok.headers.get("x-apiward-request-id"));
    expect(rec?.reasons.map((r) => r.id)).toContain("wasm_unavailable");
  });

  it("a Wasm trap mid-request follows the fail mode and the next request gets a fresh instance", async () => {
    const h = createHandler({ wasmModule: traps });
    const closed = await app("closed");
    expect((await send(h, `${closed.url}/x`)).status).toBe(503);
    const open = await app("open", [], [h]);
    expect((await send(h, `${open.url}/x`)).status).toBe(200);
    const health = (await (await admin(h, "GET", "/health")).json()) as { isolate: { wasm: { last_trap: string } } };
    expect(health.isolate.wasm.last_trap).toMatch(/unreachable/i);
  });

  it("a failing counter Durable Object loses no counts: they are sent once it recovers", async () => {
    const id = uniqueApp();
    const h = createHandler();
    await putApp({ id, hosts: [`${id}.test`], origin: originUrl(), mode: "enforce" }, [h]);
    await activatePolicy(h, id, {
      rules: [
        { id: "rl", action: "rate_limit", match: {}, rate_limit: { limit: 1000, window_s: 3600, key: "identity" } },
      ],
    });
    const failing = {
      ...env,
      COUNTERS: {
        idFromName: (n: string) => env.COUNTERS.idFromName(n),
        get: () => {
          throw new Error("injected DO failure");
        },
      },
    } as unknown as Env;
    for (let i = 0; i < 5; i++) {
      const r = new Request(`http://${id}.test/x`, { headers: { "cf-connecting-ip": "192.0.2.55" } });
      expect((await send(h, r, undefined, failing)).status).toBe(200);
    }
    // Recovery: the next flush (after the backoff) delivers every count.
    await new Promise((r) => setTimeout(r, 250));
    await send(h, new Request(`http://${id}.test/x`, { headers: { "cf-connecting-ip": "192.0.2.55" } }));
    await h.runtime.counters.drain();
    const shards = [];
    for (let n = 0; n < 16; n++) shards.push(env.COUNTERS.get(env.COUNTERS.idFromName(`rl:${id}:${n}`)).list(`${id}|`));
    const total = (await Promise.all(shards)).flat().reduce((s, w) => s + w.count, 0);
    expect(total).toBe(6);
  });
});
