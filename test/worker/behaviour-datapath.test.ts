/**
 * Behaviour on the platform, in workerd with the real Durable Objects and
 * KV: the isolate's BehaviourRuntime batches events to the ClientState
 * shards, detections become mitigations in the app's Mitigations object,
 * every isolate applies them from its cache (never awaiting a Durable Object
 * on the hot path), the admin API lists and lifts them, and apiward's own
 * answers never feed a detection.
 */
import {
  createExecutionContext,
  runDurableObjectAlarm,
  runInDurableObject,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { learnModel } from "../../core/behaviour/learn.ts";
import type { BehaviourEvent } from "../../core/behaviour/types.ts";
import { offlineRequest } from "../../core/pipeline/offline.ts";
import { type ClientState, PERSIST_AT, publishModel } from "../../durable-objects/client-state.ts";
import { MAX_DETECTIONS, type Mitigations } from "../../durable-objects/mitigations.ts";
import { benignDay } from "../../eval/behaviour-traffic.ts";
import { createHandler } from "../../worker/app.ts";
import {
  BehaviourRuntime,
  clientShardName,
  compactEvent,
  mitigationsName,
  shardOf,
} from "../../worker/datapath/behaviour.ts";
import { loginFail } from "../support/behaviour-events.ts";
import { admin, uniqueApp } from "../support/worker-harness.ts";

const NOW = () => Date.now() / 1000;

/** One request's worth of runtime work: observe, flush, wait for waitUntil. */
async function flushed(rt: BehaviourRuntime): Promise<void> {
  const ctx = createExecutionContext();
  rt.flush(env, ctx);
  await waitOnExecutionContext(ctx);
  await rt.drain();
}

describe("BehaviourRuntime", () => {
  it("sends batched events to ClientState; the detection's mitigation applies in this isolate at once", async () => {
    const app = uniqueApp("bh");
    const rt = new BehaviourRuntime({ lingerMs: () => 0 });
    const t0 = NOW();
    expect(rt.mitigationFor(env, app, "203.0.113.50", "203.0.113.50", t0)).toBeNull();
    for (let i = 0; i < 12; i++) rt.observe(loginFail(app, "203.0.113.50", i, t0 - 20));
    await flushed(rt);
    const r = rt.mitigationFor(env, app, "203.0.113.50", "203.0.113.50", NOW());
    expect(r).toMatchObject({ source: "mitigation", id: "behaviour:bruteforce", action: "block" });
    expect(rt.retryAfter(app, "203.0.113.50", NOW())).toBeGreaterThan(3000);
    // Others are unaffected.
    expect(rt.mitigationFor(env, app, "203.0.113.51", "203.0.113.51", NOW())).toBeNull();
    expect(rt.stats.detections).toBeGreaterThanOrEqual(1);
  });

  it("another isolate picks the mitigation up from the Mitigations object on its next refresh", async () => {
    const app = uniqueApp("bh");
    const a = new BehaviourRuntime({ lingerMs: () => 0 });
    const t0 = NOW();
    for (let i = 0; i < 12; i++) a.observe(loginFail(app, "198.51.100.7", i, t0 - 20));
    await flushed(a);
    const b = new BehaviourRuntime({ lingerMs: () => 0, refreshMs: 0 });
    // The hot path never waits: the first call has nothing cached yet.
    expect(b.mitigationFor(env, app, "198.51.100.7", "198.51.100.7", NOW())).toBeNull();
    await flushed(b);
    expect(b.mitigationFor(env, app, "198.51.100.7", "198.51.100.7", NOW())?.id).toBe("behaviour:bruteforce");
  });

  it("apiward's own 403s never become a detection", async () => {
    const app = uniqueApp("bh");
    const rt = new BehaviourRuntime({ lingerMs: () => 0 });
    const t0 = NOW();
    for (let i = 0; i < 40; i++)
      rt.observe(loginFail(app, "192.0.2.9", i, t0 - 50, { status: 403, blockedByApiward: true }));
    await flushed(rt);
    expect(rt.stats.detections).toBe(0);
    expect(rt.mitigationFor(env, app, "192.0.2.9", "192.0.2.9", NOW())).toBeNull();
  });

  it("keeps secrets in the isolate: cookie and authorization values and identities never leave it", () => {
    const c = compactEvent(loginFail("a", "1.2.3.4", 0, 0, { identity: "alice" }));
    expect(JSON.stringify(c)).not.toContain("secret");
    expect(JSON.stringify(c)).not.toContain("alice");
    expect(c.headers.map(([n]) => n)).toEqual(["user-agent", "content-type", "cookie", "authorization"]);
  });

  it("rate-shapes a verified good bot and never blocks it", async () => {
    const app = uniqueApp("bh");
    const rt = new BehaviourRuntime({ lingerMs: () => 0 });
    const ua = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    const now = NOW();
    rt.observe({
      ...loginFail(app, "66.249.66.1", 0, now),
      method: "GET",
      path: "/",
      status: 200,
      userAgent: ua,
      loginUser: undefined,
    });
    const verdicts = Array.from(
      { length: 30 },
      () => rt.mitigationFor(env, app, "66.249.66.1", "66.249.66.1", now)?.action ?? "allow",
    );
    expect(verdicts.slice(0, 20).every((v) => v === "allow")).toBe(true);
    expect(verdicts.slice(20).every((v) => v === "rate_limit")).toBe(true);
  });

  it("never throws on odd input", () => {
    const rt = new BehaviourRuntime();
    expect(() => rt.observe(null as unknown as BehaviourEvent)).not.toThrow();
    expect(() => rt.observe({ app: "x" } as unknown as BehaviourEvent)).not.toThrow();
  });
});

describe("ClientState shards", () => {
  it("hold each client's windows, persisted, one shard per client key", async () => {
    const app = uniqueApp("bh");
    const client = "203.0.113.77";
    const stub = env.CLIENTS.get(env.CLIENTS.idFromName(clientShardName(app, shardOf(client))));
    const t0 = NOW();
    const r = await stub.observe(
      app,
      [0, 1, 2].map((i) => loginFail(app, client, i, t0)),
    );
    expect(r).toMatchObject({ detections: [], mitigations: [], dropped: 0 });
    const state = await stub.client(app, client);
    expect(state?.profile.n).toBe(3);
    const stored = () =>
      runInDurableObject(stub, async (_obj: ClientState, s) =>
        s.storage.sql.exec("SELECT client, state FROM clients WHERE app = ?", app).toArray(),
      );
    // Written behind: the alarm (PERSIST_MS later) writes the client once, whatever its events meanwhile.
    expect(await stored()).toEqual([]);
    await stub.observe(app, [loginFail(app, client, 3, t0)]);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const rows = await stored();
    expect(rows.map((r) => r.client)).toEqual([client]);
    expect((JSON.parse(String(rows[0]?.state)) as { profile: { n: number } }).profile.n).toBe(4);
    // The alarm stays set (for the hourly training sweep) while clients are stored.
    await runInDurableObject(stub, async (_obj: ClientState, s) => {
      expect(await s.storage.getAlarm()).not.toBeNull();
    });
  });

  it("write at once when PERSIST_AT clients are dirty, so the in-memory LRU never drops an unwritten one", async () => {
    const app = uniqueApp("bh");
    const stub = env.CLIENTS.get(env.CLIENTS.idFromName(clientShardName(app, 0)));
    const t0 = NOW();
    const events = Array.from({ length: PERSIST_AT }, (_, i) =>
      loginFail(app, `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, 0, t0),
    );
    await stub.observe(app, events.slice(0, PERSIST_AT - 1));
    const count = () =>
      runInDurableObject(stub, async (_obj: ClientState, s) =>
        Number(s.storage.sql.exec("SELECT COUNT(*) AS n FROM clients WHERE app = ?", app).one().n),
      );
    expect(await count()).toBe(0);
    await stub.observe(app, events.slice(PERSIST_AT - 1));
    expect(await count()).toBe(PERSIST_AT);
  });
});

describe("the app's model from KV", () => {
  it("ClientState scores with the published model (clusters), and with the floors when there is none", async () => {
    const app = uniqueApp("bh");
    const day = benignDay(21, 1_700_000_000, 25, 8);
    const model = learnModel(() => day.map((r, i) => offlineRequest(r, i + 1, app, 0)), { app });
    expect(await publishModel(env.SNAPSHOTS, app, model)).toBe(1);
    const t0 = NOW();
    const ev = (client: string, i: number) => loginFail(app, client, i, t0);
    const withModel = env.CLIENTS.get(env.CLIENTS.idFromName(clientShardName(app, 1)));
    const r = await withModel.observe(
      app,
      Array.from({ length: 12 }, (_, i) => ev("203.0.113.90", i)),
    );
    expect(r.detections[0]?.kind).toBe("bruteforce");
    expect(r.detections[0]?.cluster).toBeGreaterThanOrEqual(0);
    const other = uniqueApp("bh");
    const floors = env.CLIENTS.get(env.CLIENTS.idFromName(clientShardName(other, 1)));
    const f = await floors.observe(
      other,
      Array.from({ length: 12 }, (_, i) => ({ ...ev("203.0.113.91", i), app: other })),
    );
    expect(f.detections[0]?.cluster).toBe(-1);
  });
});

describe("Mitigations and the admin API", () => {
  it("lists, queries detections, lifts, and expires by alarm", async () => {
    const h = createHandler();
    const app = uniqueApp("bh");
    const stub = env.MITIGATIONS.get(env.MITIGATIONS.idFromName(mitigationsName(app)));
    const now = NOW();
    const det = (client: string, kind: "scanner" | "crawler", ts: number) => ({
      ts,
      app,
      client,
      ip: client,
      kind,
      action: "block" as const,
      score: 1.4,
      reasons: [{ feature: "notfound_distinct", value: 9, threshold: 6, normal: 0, z: 9 }],
      requests: 12,
      cluster: 0,
    });
    const made = await stub.record(app, [det("10.0.0.1", "scanner", now - 5), det("10.0.0.2", "crawler", now - 3)]);
    expect(made.map((m) => m.id.startsWith(`${app}.`))).toEqual([true, true]);

    const list = await admin(h, "GET", `/mitigations?app=${app}`);
    expect(list.status).toBe(200);
    const body = (await list.json()) as { mitigations: Array<Record<string, unknown>> };
    expect(body.mitigations.map((m) => m.target).sort()).toEqual(["10.0.0.1", "10.0.0.2"]);
    expect(Object.keys(body.mitigations[0] ?? {})).toEqual([
      "id",
      "app",
      "target",
      "kind",
      "action",
      "until",
      "reasons",
      "created_at",
    ]);

    const dets = (await (await admin(h, "GET", `/detections?app=${app}&from=${now - 4}&to=${now}`)).json()) as {
      detections: Array<{ client: string; kind: string }>;
    };
    expect(dets.detections.map((d) => d.kind)).toEqual(["crawler"]);
    expect((await admin(h, "GET", `/detections?app=${app}&from=yesterday`)).status).toBe(400);
    expect((await admin(h, "GET", `/detections?app=${app}&kind=ddos`)).status).toBe(400);

    const id = made.find((m) => m.kind === "scanner")?.id as string;
    expect((await admin(h, "DELETE", `/mitigations/${id}`)).status).toBe(200);
    expect((await admin(h, "DELETE", `/mitigations/${id}`)).status).toBe(404);
    expect((await admin(h, "DELETE", "/mitigations/nope")).status).toBe(404);
    expect((await stub.list(app)).map((m) => m.target)).toEqual(["10.0.0.2"]);
    expect((await admin(h, "GET", "/mitigations", undefined, "wrong")).status).toBe(401);

    // Time passes: the alarm drops what ended.
    await runInDurableObject(stub, async (_o: Mitigations, s) => {
      s.storage.sql.exec("UPDATE mitigations SET until = ?", now - 1);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await runInDurableObject(stub, async (_o: Mitigations, s) => {
      expect(s.storage.sql.exec("SELECT COUNT(*) AS n FROM mitigations").one().n).toBe(0);
    });
  });

  it("keeps the detection history bounded", async () => {
    const app = uniqueApp("bh");
    const stub = env.MITIGATIONS.get(env.MITIGATIONS.idFromName(mitigationsName(app)));
    const now = NOW();
    const det = (i: number) => ({
      ts: now + i / 1000,
      app,
      client: "10.1.0.1",
      ip: "10.1.0.1",
      kind: "injection" as const,
      action: "block" as const,
      score: 1,
      reasons: [],
      requests: i,
      cluster: -1,
    });
    for (let b = 0; b < 6; b++)
      await stub.record(
        app,
        Array.from({ length: 1750 }, (_, i) => det(b * 1750 + i)),
      );
    await runInDurableObject(stub, async (_o: Mitigations, s) => {
      expect(s.storage.sql.exec("SELECT COUNT(*) AS n FROM detections").one().n).toBe(MAX_DETECTIONS);
    });
    const newest = await stub.detections(app, { limit: 2 });
    expect(newest.map((d) => d.requests)).toEqual([10_499, 10_498]);
    expect((await stub.list(app)).length).toBe(1);
  });
});
