/**
 * The worker's batched sends under the plan's subrequest limit, in workerd
 * with the real Durable Objects: every call each request's `waitUntil`
 * makes is counted (the bindings wrapped, the objects real). With
 * APIWARD_SUBREQUEST_LIMIT=16 (6 calls for the flushes after the reserve),
 * no request's flushes make more than 6 calls, even though 200 clients
 * spread over the 64 ClientState shards; the deferred events still reach
 * their shards, and every access record reaches the log store.
 */

import { env } from "cloudflare:workers";
import { AsyncLocalStorage } from "node:async_hooks";
import { describe, expect, it } from "vitest";
import { FREE_PLAN_SUBREQUESTS, RESERVED_SUBREQUESTS } from "../../core/edge/subrequest-budget.ts";
import { clientShardName, shardOf } from "../../worker/datapath/behaviour.ts";
import { admin, monitoredApp, send } from "../support/worker-harness.ts";

const LIMIT = 16;
const STUB_BINDINGS = ["CLIENTS", "MITIGATIONS", "AGGREGATES", "COUNTERS", "LOGS", "LEARNING"] as const;

/** Which request the current async context belongs to (propagated through promises and timers). */
const requestOf = new AsyncLocalStorage<number>();

/** A namespace whose stubs count every method call per request (the objects behind them are the real ones). */
function countingNamespace<T extends DurableObjectNamespace>(ns: T, calls: Map<number, number>): T {
  return new Proxy(ns, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target);
      if (prop !== "get" || typeof v !== "function") return typeof v === "function" ? v.bind(target) : v;
      return (...args: unknown[]) => {
        const stub = Reflect.apply(v as (...a: unknown[]) => object, target, args);
        return new Proxy(stub, {
          get(s, m) {
            const f = Reflect.get(s, m, s);
            if (typeof f !== "function" || m === "then") return f;
            return (...a: unknown[]) => {
              const r = requestOf.getStore() ?? -1;
              calls.set(r, (calls.get(r) ?? 0) + 1);
              return Reflect.apply(f as (...x: unknown[]) => unknown, s, a);
            };
          },
        });
      };
    },
  });
}

function countingEnv(calls: Map<number, number>, limit = LIMIT): Env {
  // A linger, so that events pile up while the first flush waits and then meet many shards at once.
  const e: Record<string, unknown> = { ...env, APIWARD_SUBREQUEST_LIMIT: String(limit), APIWARD_FLUSH_LINGER_MS: "20" };
  for (const b of STUB_BINDINGS) e[b] = countingNamespace(env[b] as unknown as DurableObjectNamespace, calls);
  return e as unknown as Env;
}

describe("subrequest budget", () => {
  it("no request's flushes make more calls than the plan allows; deferred events and records still arrive", async () => {
    const { app, h } = await monitoredApp("sub");
    const calls = new Map<number, number>();
    const e = countingEnv(calls);
    const clients = Array.from({ length: 200 }, (_, i) => `198.18.${i >> 6}.${(i & 63) + 1}`);
    let sent = 0;
    const request = (client: string) => {
      const i = sent++;
      return requestOf.run(i, async () => {
        const res = await send(
          h,
          `http://${app}.test/api/products/${i}`,
          { headers: { "cf-connecting-ip": client, "user-agent": "budget-test/1.0" } },
          e,
        );
        expect(res.status).toBe(200);
      });
    };
    // 200 clients at once: their events meet the 64 ClientState shards in one flush.
    await Promise.all(clients.map((c) => request(c)));
    // Later requests carry what was deferred.
    for (let i = 0; i < 100 && h.runtime.behaviour.core.events.stats.buffered > 0; i++) await request("198.18.9.9");

    expect(calls.get(-1) ?? 0).toBe(0); // every call belonged to a request
    expect(Math.max(...calls.values())).toBeLessThanOrEqual(LIMIT - RESERVED_SUBREQUESTS);
    const events = h.runtime.behaviour.core.events.stats;
    expect(events.deferred).toBeGreaterThan(0);
    expect(events).toMatchObject({ buffered: 0, dropped: 0, failedAttempts: 0 });
    await h.runtime.logs.drain();
    expect(h.runtime.logs.stats).toMatchObject({ buffered: 0, dropped: 0, failedAttempts: 0 });

    // Health tells the operator what was deferred.
    const health = (await (await admin(h, "GET", "/health")).json()) as {
      isolate: { behaviour_events: { deferred: number; buffered: number } };
    };
    expect(health.isolate.behaviour_events).toMatchObject({ deferred: events.deferred, buffered: 0 });

    // Every client reached its own ClientState shard.
    for (const client of clients) {
      const stub = env.CLIENTS.get(env.CLIENTS.idFromName(clientShardName(app, shardOf(client, 64))));
      expect(await stub.client(app, client), client).not.toBeNull();
    }
    // And every access record reached the log store.
    const logs = await admin(h, "GET", `/logs?app=${app}&limit=1000`);
    expect(logs.status).toBe(200);
    const body = (await logs.json()) as { records: unknown[] };
    expect(body.records.length).toBe(sent);
  }, 30_000); // about 4 s here: the default 5 s left no margin on a loaded machine

  it("the last requests of a burst carry what their flushes could not send: nothing waits for a later request", async () => {
    const { app, h } = await monitoredApp("subl");
    const calls = new Map<number, number>();
    const e = countingEnv(calls, FREE_PLAN_SUBREQUESTS); // Workers Free: 40 calls a request for the flushes
    let sent = 0;
    // 200 clients at once (events for all 64 ClientState shards: more calls than one request may make), then
    // nobody: each request's `waitUntil` (awaited by `send`) is all there is.
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        requestOf.run(sent++, async () => {
          const res = await send(
            h,
            `http://${app}.test/api/products/${i}`,
            { headers: { "cf-connecting-ip": `198.19.${i >> 6}.${(i & 63) + 1}`, "user-agent": "burst-test/1.0" } },
            e,
          );
          expect(res.status).toBe(200);
        }),
      ),
    );
    expect(calls.get(-1) ?? 0).toBe(0); // a stand-by's calls count against its own request…
    expect(Math.max(...calls.values())).toBeLessThanOrEqual(FREE_PLAN_SUBREQUESTS - RESERVED_SUBREQUESTS); // …within its budget
    const events = h.runtime.behaviour.core.events.stats;
    expect(events.deferred).toBeGreaterThan(0); // the budget did run out on the way
    expect(events).toMatchObject({ buffered: 0, dropped: 0, failedAttempts: 0 });
    expect(h.runtime.logs.stats).toMatchObject({ buffered: 0, dropped: 0, failedAttempts: 0 });
    const logs = await admin(h, "GET", `/logs?app=${app}&limit=1000`);
    expect(((await logs.json()) as { records: unknown[] }).records.length).toBe(sent);
  }, 60_000);
});
