/**
 * The Vercel adapter end to end: the middleware bundled for the edge and run
 * in Vercel's Edge Runtime (`edge-runtime`), Edge Config served by a local
 * endpoint, a real redis-server behind the Upstash REST protocol. Two
 * `EdgeRuntime`s stand for two isolates (instances) of the middleware.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccessLogRecord } from "../../core/log/record.ts";
import { edgeInstance } from "./support/edge-harness.ts";
import { type Stack, startStack, TEST_SETTINGS, uniqueApp } from "./support/stack.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

const SQLI = "/api/search?q=1%27%20OR%20%271%27%3D%271";

function app(extra: Record<string, unknown> = {}, rules: unknown[] = []) {
  const id = uniqueApp();
  stack.putApp({ id, hosts: [`${id}.test`], origin: "https://origin.invalid", mode: "enforce", ...extra });
  stack.activatePolicy(id, { rules });
  return { id, url: `https://${id}.test` };
}

async function redisKeys(pattern: string): Promise<string[]> {
  const [keys] = await stack.bridge.redis.send([["KEYS", pattern]]);
  return (keys as string[]).sort();
}

describe("Vercel Edge middleware (edge-runtime + Redis)", () => {
  it("lets an allowed request continue with next() and its request id", async () => {
    const { url } = app();
    const mw = await stack.instance();
    const r = await mw.fetch(`${url}/api/products`);
    expect(r.passed).toBe(true);
    expect(r.headers.get("x-middleware-next")).toBe("1");
    expect(r.headers.get("x-apiward-request-id")).toMatch(/^[0-9a-f]{32}$/);
  });

  it("blocks a signature hit with 403 problem+json, and logs it to Redis in the access-log format", async () => {
    const { id, url } = app();
    const mw = await stack.instance();
    const r = await mw.fetch(`${url}${SQLI}`, { ip: "203.0.113.40", country: "NL" });
    expect(r.status).toBe(403);
    expect(r.headers.get("content-type")).toBe("application/problem+json");
    const body = JSON.parse(r.text) as { request_id: string; reasons: Array<{ source: string; id: string }> };
    expect(body.reasons.some((x) => x.source === "signature")).toBe(true);
    await mw.drain();
    const [list] = await stack.bridge.redis.send([
      ["LRANGE", `apiward:log:${id}:${new Date().toISOString().slice(0, 10)}`, 0, -1],
    ]);
    const records = (list as string[]).map((l) => JSON.parse(l) as AccessLogRecord);
    const rec = records.find((x) => x.request_id === body.request_id);
    expect(rec).toMatchObject({ app: id, decision: "block", status: 403, ip: "203.0.113.40", country: "NL" });
    expect(rec?.reasons.some((x) => x.source === "signature")).toBe(true);
    // The Wasm scorer ran (no fail-mode reason about it).
    expect(rec?.reasons.some((x) => x.id === "wasm_unavailable")).toBe(false);
  });

  it("a host no app serves: 404, logged under _unrouted with the host it asked for", async () => {
    const mw = await stack.instance();
    const host = `nobody-${uniqueApp()}.test`;
    const r = await mw.fetch(`https://${host}/.env?token=abc123`, { ip: "203.0.113.41" });
    expect(r.status).toBe(404);
    await mw.drain();
    const [list] = await stack.bridge.redis.send([
      ["LRANGE", `apiward:log:_unrouted:${new Date().toISOString().slice(0, 10)}`, 0, -1],
    ]);
    const rec = (list as string[]).map((l) => JSON.parse(l) as AccessLogRecord).find((x) => x.host === host);
    expect(rec).toMatchObject({ app: "_unrouted", status: 404, ip: "203.0.113.41", reasons: [{ id: "unknown_app" }] });
    expect(rec?.url).not.toContain("abc123");
  });

  it("keys API-key identities with an HMAC when APIWARD_IDENTITY_KEY is set", async () => {
    const { id, url } = app({ mode: "monitor", identity: { type: "header", header: "x-api-key" } });
    const secret = "vercel-deployment-secret";
    const mw = await stack.instance({}, { APIWARD_IDENTITY_KEY: secret });
    const r = await mw.fetch(`${url}/api/products`, { headers: { "x-api-key": "sk_vercel_123" } });
    expect(r.passed).toBe(true);
    await mw.drain();
    const [list] = await stack.bridge.redis.send([
      ["LRANGE", `apiward:log:${id}:${new Date().toISOString().slice(0, 10)}`, 0, -1],
    ]);
    const rec = (list as string[])
      .map((l) => JSON.parse(l) as AccessLogRecord)
      .find((x) => x.request_id === r.headers.get("x-apiward-request-id"));
    const hmac = createHmac("sha256", secret).update("sk_vercel_123").digest("hex").slice(0, 16);
    expect(rec?.client).toBe(`key:${hmac}`);
  });

  it("picks up a policy change in the Edge Config snapshot without a restart", async () => {
    const { id, url } = app();
    const mw = await stack.instance();
    expect((await mw.fetch(`${url}/internal/report`)).passed).toBe(true);
    stack.activatePolicy(
      id,
      { rules: [{ id: "no-internal", action: "block", match: { path: { prefix: "/internal" } } }] },
      2,
    );
    let status = 0;
    const start = Date.now();
    while (Date.now() - start < 5000) {
      status = (await mw.fetch(`${url}/internal/report`)).status;
      if (status === 403) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(403);
    // A bad version 3 never replaces the good compiled version 2.
    stack.activatePolicy(id, { rules: [{ id: "x", action: "explode" }] }, 3);
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 3; i++) {
      expect((await mw.fetch(`${url}/internal/report`)).status).toBe(403);
      await new Promise((r) => setTimeout(r, 120));
    }
    const stats = (await mw.stats()) as { errors: Record<string, string> };
    expect(JSON.stringify(stats.errors)).toContain(`policy:${id}:v3`);
  });

  it("holds a rate limit across two middleware instances through Redis", async () => {
    const { id, url } = app({}, [
      {
        id: "rl",
        action: "rate_limit",
        match: { path: { prefix: "/api/" } },
        rate_limit: { limit: 4, window_s: 600, key: "identity" },
      },
    ]);
    const a = await stack.instance();
    const b = await stack.instance();
    const ip = "192.0.2.77";
    for (let i = 0; i < 3; i++) expect((await a.fetch(`${url}/api/x`, { ip })).passed).toBe(true);
    await a.drain();
    // b never saw this client: its first request counts, and its flush learns the global 4.
    expect((await b.fetch(`${url}/api/x`, { ip })).passed).toBe(true);
    await b.drain();
    const over = await b.fetch(`${url}/api/x`, { ip });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another client is not limited.
    expect((await b.fetch(`${url}/api/x`, { ip: "192.0.2.78" })).passed).toBe(true);
    await b.drain();
    const keys = await redisKeys(`apiward:rl:600:*:${id}|rl*`);
    const counts = await stack.bridge.redis.send(keys.map((k) => ["GET", k]));
    expect(counts.map(Number).sort()).toEqual([1, 5]);
  });

  it("enforces a behaviour mitigation decided on one instance on another", async () => {
    const { id, url } = app();
    const a = await stack.instance();
    const b = await stack.instance();
    const ip = "198.51.100.99";
    const ua = { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/124 Safari/537.36" };
    expect((await b.fetch(`${url}/api/products`, { ip, headers: ua })).passed).toBe(true);
    for (const p of ["/.env", "/.git/config", "/wp-login.php", "/phpinfo.php", "/backup.sql"]) {
      await a.fetch(`${url}${p}`, { ip, headers: ua });
    }
    await a.drain();
    const [fields] = await stack.bridge.redis.send([["HKEYS", `apiward:mit:${id}`]]);
    expect(fields).toContain(`${ip}\nscanner`);
    await b.refresh(id);
    const blocked = await b.fetch(`${url}/api/products`, { ip, headers: ua });
    expect(blocked.status).toBe(403);
    expect(JSON.parse(blocked.text).reasons).toContainEqual({
      source: "mitigation",
      id: "behaviour:scanner",
      location: expect.any(String),
    });
    // Someone else is not affected.
    expect((await b.fetch(`${url}/api/products`, { ip: "198.51.100.100", headers: ua })).passed).toBe(true);
  });

  describe("storage failures follow the app's fail mode", () => {
    it("Edge Config down before anything was loaded: 503 problem+json", async () => {
      const { url } = app();
      const mw = await stack.instance();
      stack.ec.down = true;
      try {
        const r = await mw.fetch(`${url}/x`);
        expect(r.status).toBe(503);
        expect(r.headers.get("content-type")).toBe("application/problem+json");
      } finally {
        stack.ec.down = false;
      }
    });

    it("Edge Config down after a good load: keeps serving the last good config and policy", async () => {
      const { url } = app({ fail_mode: "closed" }, [
        { id: "no-admin", action: "block", match: { path: { prefix: "/admin" } } },
      ]);
      const mw = await stack.instance();
      expect((await mw.fetch(`${url}/admin`)).status).toBe(403);
      stack.ec.down = true;
      try {
        for (let i = 0; i < 3; i++) {
          await new Promise((r) => setTimeout(r, 120));
          expect((await mw.fetch(`${url}/admin`)).status).toBe(403);
          expect((await mw.fetch(`${url}/ok`)).passed).toBe(true);
        }
      } finally {
        stack.ec.down = false;
      }
    });

    it("policy unreadable: closed answers 503, open lets the request through", async () => {
      const closed = app({ fail_mode: "closed" });
      const open = app({ fail_mode: "open" });
      stack.ec.failing.add(`policy:${closed.id}:pointer`);
      stack.ec.failing.add(`policy:${open.id}:pointer`);
      try {
        const mw = await stack.instance();
        const c = await mw.fetch(`${closed.url}/x`);
        expect(c.status).toBe(503);
        expect(JSON.parse(c.text).reasons).toContainEqual({ source: "failmode", id: "policy_unavailable" });
        expect((await mw.fetch(`${open.url}/x`)).passed).toBe(true);
      } finally {
        stack.ec.failing.clear();
      }
    });

    it("Redis down: the hot path never waits on it, and no count is lost once it is back", async () => {
      const { id, url } = app({ fail_mode: "closed" }, [
        { id: "rl", action: "rate_limit", match: {}, rate_limit: { limit: 1000, window_s: 3600, key: "identity" } },
      ]);
      const mw = await stack.instance();
      expect((await mw.fetch(`${url}/warm`, { ip: "192.0.2.90" })).passed).toBe(true);
      await mw.drain();
      stack.bridge.down = true;
      try {
        for (let i = 0; i < 5; i++) {
          const t0 = Date.now();
          const r = await mw.fetch(`${url}/x`, { ip: "192.0.2.90" });
          expect(r.passed).toBe(true);
          expect(Date.now() - t0).toBeLessThan(5000);
        }
        const stats = (await mw.stats()) as { counters: { failedAttempts: number } };
        expect(stats.counters.failedAttempts).toBeGreaterThan(0);
      } finally {
        stack.bridge.down = false;
      }
      // Recovery: after the backoff the queued deltas arrive.
      await new Promise((r) => setTimeout(r, 400));
      await mw.fetch(`${url}/x`, { ip: "192.0.2.90" });
      await mw.drain();
      const keys = await redisKeys(`apiward:rl:3600:*:${id}|rl*`);
      const counts = await stack.bridge.redis.send(keys.map((k) => ["GET", k]));
      expect(counts.map(Number).reduce((s, n) => s + n, 0)).toBe(7);
    });
  });

  it("rewrites blocked requests to a page of the project when asked to", async () => {
    const { url } = app();
    const mw = await stack.instance({ forward: { rewrite: "/blocked" } });
    const r = await mw.fetch(`${url}${SQLI}`);
    expect(r.headers.get("x-middleware-rewrite")).toBe(`${url}/blocked`);
    expect(r.headers.get("x-apiward-status")).toBe("403");
    expect((await mw.fetch(`${url}/api/products`)).passed).toBe(true);
  });

  it("runs the example project's two-line middleware.ts, configured from the environment", async () => {
    const { url } = app();
    const mw = await edgeInstance({ env: stack.env, entry: "test/vercel/support/example-entry.ts" });
    expect((await mw.fetch(`${url}/api/products`)).passed).toBe(true);
    expect((await mw.fetch(`${url}${SQLI}`)).status).toBe(403);
    void TEST_SETTINGS;
  });
});
