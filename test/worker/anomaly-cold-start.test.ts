/**
 * A distributed scan's answer is a challenge for clients new since the scan
 * began that enter the app at a path no endpoint template matches. An app
 * with no inventory yet (no approved allow-list, no learned snapshot) has no
 * templates: every path is unknown there, so that challenge would meet every
 * new visitor of the app (found in the demo: within a minute of `npm start`
 * and `npm run demo:traffic`, the simulated people and app users were
 * challenged by the simulated scanner's mitigation). Through the worker in
 * workerd, with the real Aggregates and Mitigations objects: before the app
 * has an inventory the challenge does not apply and the request is proxied;
 * once it has one (an approved allow-list, or a learned inventory unchanged
 * for 10 minutes: a young one is still learning the pages newcomers enter
 * at), a newcomer at an unknown path is challenged.
 */
import { describe, expect, it } from "vitest";
import { aggregatesName } from "../../core/anomaly/shards.ts";
import type { AnomalyEvent } from "../../core/anomaly/types.ts";
import { createHandler } from "../../worker/app.ts";
import { AnomalyRuntime } from "../../worker/datapath/anomaly.ts";
import { keys } from "../../worker/state/keys.ts";
import { activatePolicy, env, originUrl, putApp, send, uniqueApp } from "../support/worker-harness.ts";

function probe(app: string, ip: string, ts: number, path: string): AnomalyEvent {
  return {
    app,
    ip,
    client: ip,
    ts,
    method: "GET",
    endpoint: undefined,
    path,
    status: 404,
    bytes: 40,
    latencyMs: 5,
    userAgent: "Mozilla/5.0",
    blockedByApiward: false,
  };
}

/** Six sources probe unknown paths: too few to mitigate one by one, enough to challenge newcomers there. */
async function scanned(app: string): Promise<void> {
  const a = new AnomalyRuntime({ flushMs: 0 });
  const minute = Math.floor(Date.now() / 60_000) * 60;
  for (let i = 0; i < 6; i++) a.observe(probe(app, `203.0.113.${i + 20}`, minute - 150 + i * 20, `/.env${i}`));
  await a.drain(env);
  const agg = env.AGGREGATES.get(env.AGGREGATES.idFromName(aggregatesName(app)));
  await agg.tick(app, minute + 1);
  const published = await agg.mitigations(app);
  expect(published.list?.map((m) => [m.scope, m.target, m.action])).toEqual([["endpoint", "?unmatched", "challenge"]]);
}

/** A learned inventory snapshot written `ageMs` ago, as the learning core writes it. */
async function learned(app: string, version: number, ageMs: number, paths: string[]): Promise<void> {
  const endpoints = paths.map((path) => ({ method: "GET", path }));
  const snap = { app, version, created_at: Date.now() - ageMs, observed: 100, inventory: { endpoints } };
  await env.SNAPSHOTS.put(keys.snapshot("inventory", app, version), JSON.stringify(snap));
  await env.SNAPSHOTS.put(keys.snapshotPointer("inventory", app), JSON.stringify({ version, updated_at: Date.now() }));
}

describe("anomaly endpoint mitigations before the app has an inventory", () => {
  it("a scan's challenge on unknown paths waits for the app's inventory", async () => {
    const h = createHandler();
    const id = uniqueApp("cold");
    await putApp({ id, hosts: [`${id}.test`], origin: originUrl(), mode: "enforce" }, [h]);
    await scanned(id);
    // Refresh the isolate's mitigation cache on every request (it happens in waitUntil, after the answer).
    const e = { ...env, APIWARD_ANOMALY_REFRESH_MS: "0" } as unknown as Env;
    const get = (path: string, ip: string) =>
      send(h, `http://${id}.test${path}`, { headers: { "cf-connecting-ip": ip } }, e);
    await get("/warm-up", "192.0.2.1");

    // No inventory: every path is unknown, and newcomers are proxied, not challenged.
    for (const [i, path] of ["/products/blue-kettle", "/api/cart", "/about"].entries()) {
      const res = await get(path, `198.51.100.${i + 10}`);
      expect(res.headers.get("content-type") ?? "").not.toContain("application/problem+json");
    }

    // With an approved allow-list the app knows its paths: a newcomer entering at an unknown one is challenged,
    // one entering at a known one is not. (The allow rule keeps the allow-list's own answer, a block, off
    // /about-us, so that the challenge is the answer.)
    await activatePolicy(h, id, {
      rules: [{ id: "open-about", action: "allow", match: { path: { prefix: "/about" } } }],
      allowlist: { endpoints: [{ method: "GET", path: "/products/{slug}" }] },
    });
    const known = await get("/products/red-kettle", "198.51.100.20");
    expect(known.headers.get("content-type") ?? "").not.toContain("application/problem+json");
    const unknown = await get("/about-us", "198.51.100.21");
    expect(unknown.headers.get("content-type")).toContain("application/problem+json");
    expect(await unknown.text()).toContain("distributed_scan");
  });

  it("a learned inventory counts once it has stopped changing for 10 minutes", async () => {
    const id = uniqueApp("cold");
    const h = createHandler();
    await putApp({ id, hosts: [`${id}.test`], origin: originUrl(), mode: "enforce" }, [h]);
    await scanned(id);
    const e = { ...env, APIWARD_ANOMALY_REFRESH_MS: "0", APIWARD_CACHE_TTL_MS: "0" } as unknown as Env;
    const get = (path: string, ip: string) =>
      send(h, `http://${id}.test${path}`, { headers: { "cf-connecting-ip": ip } }, e);
    // Just learned (still growing): a newcomer at a page it does not know yet is proxied.
    await learned(id, 1, 1000, ["/api/cart"]);
    await get("/warm-up", "192.0.2.1");
    const growing = await get("/about-us", "198.51.100.30");
    expect(growing.headers.get("content-type") ?? "").not.toContain("application/problem+json");
    // Unchanged for 11 minutes: the app knows its paths, and the scan's challenge applies.
    await learned(id, 2, 11 * 60_000, ["/api/cart"]);
    await get("/warm-up-2", "192.0.2.1");
    const settled = await get("/about-us", "198.51.100.31");
    expect(settled.headers.get("content-type")).toContain("application/problem+json");
    expect(await settled.text()).toContain("distributed_scan");
  });
});
