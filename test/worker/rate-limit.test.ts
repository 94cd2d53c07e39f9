import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createHandler } from "../../worker/app.ts";
import { activatePolicy, originUrl, putApp, send, uniqueApp } from "../support/worker-harness.ts";

async function limitedApp(
  h: ReturnType<typeof createHandler>,
  limit: number,
  algorithm: "fixed" | "sliding" = "fixed",
) {
  const id = uniqueApp();
  await putApp({ id, hosts: [`${id}.test`], origin: originUrl(), mode: "enforce" }, [h]);
  await activatePolicy(h, id, {
    rules: [
      {
        id: "login-rl",
        action: "rate_limit",
        match: { method: ["POST"], path: { exact: "/login" } },
        rate_limit: { limit, window_s: 3600, algorithm, key: "identity" },
      },
    ],
  });
  return id;
}

const login = (id: string, ip: string) =>
  new Request(`http://${id}.test/login`, { method: "POST", body: "{}", headers: { "cf-connecting-ip": ip } });

describe("rate limiting counted in a Durable Object", () => {
  it("answers 429 with Retry-After past the limit, per identity", async () => {
    const h = createHandler();
    const id = await limitedApp(h, 3);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await send(h, login(id, "198.51.100.1"))).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const res = await send(h, login(id, "198.51.100.1"));
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    // Another client is not affected.
    expect((await send(h, login(id, "198.51.100.2"))).status).toBe(200);
    // Other endpoints are not counted.
    expect(
      (await send(h, new Request(`http://${id}.test/other`, { headers: { "cf-connecting-ip": "198.51.100.1" } })))
        .status,
    ).toBe(200);
  });

  it("counts reach the counter Durable Object, and a second isolate learns the global count from it", async () => {
    const a = createHandler();
    const b = createHandler(); // a separate runtime: another isolate's view
    const id = await limitedApp(a, 4);
    for (let i = 0; i < 4; i++) expect((await send(a, login(id, "192.0.2.10"))).status).toBe(200);
    // A's counts are in the Durable Object: each request's flush normally carries them, but a send
    // that failed under load (workerd's "Network connection lost" in a busy CI run) stays queued for
    // A's next flush, and what B learns is what reached the object.
    await a.runtime.counters.drain();
    // Isolate B has counted nothing yet: its first request passes locally, and its
    // flush brings back the global count (5) from the Durable Object.
    expect((await send(b, login(id, "192.0.2.10"))).status).toBe(200);
    expect((await send(b, login(id, "192.0.2.10"))).status).toBe(429);
    // The DO holds the global window. Each request's flush normally carries its delta, but a send that
    // failed or ran out of time under load leaves it queued for the next flush: drain what is left.
    await a.runtime.counters.drain();
    await b.runtime.counters.drain();
    const shards = [];
    for (let n = 0; n < 16; n++) shards.push(env.COUNTERS.get(env.COUNTERS.idFromName(`rl:${id}:${n}`)));
    const windows = (await Promise.all(shards.map((s) => s.list(`${id}|`)))).flat();
    expect(windows).toHaveLength(1);
    expect(windows[0]?.key).toContain("192.0.2.10");
    expect(windows[0]?.count).toBe(6);
  });

  it("sliding windows also hold the limit", async () => {
    const h = createHandler();
    const id = await limitedApp(h, 2, "sliding");
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await send(h, login(id, "198.51.100.9"))).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
  });
});
