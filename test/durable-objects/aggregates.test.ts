/**
 * The Aggregates Durable Object in workerd with its real storage and KV:
 * isolate deltas merge into windows, a tick (the minute alarm) detects a
 * distributed brute force and publishes version-checked mitigations with
 * their audit, state survives a restart of the object, models are uploaded
 * and stored as versioned KV snapshots, and deltas split by endpoint shard.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { IsolateAggregator } from "../../core/anomaly/aggregator.ts";
import type { AnomalyDelta } from "../../core/anomaly/delta.ts";
import { authTest } from "../../core/anomaly/events.ts";
import { aggregatesName, shardOfKey } from "../../core/anomaly/shards.ts";
import type { AnomalyEvent } from "../../core/anomaly/types.ts";
import { Aggregates } from "../../durable-objects/aggregates.ts";
import { splitDelta } from "../../worker/datapath/anomaly.ts";
import { keys } from "../../worker/state/keys.ts";
import { uniqueApp } from "../support/worker-harness.ts";

const stub = (app: string): DurableObjectStub<Aggregates> =>
  env.AGGREGATES.get(env.AGGREGATES.idFromName(aggregatesName(app)));

function loginFail(app: string, ip: string, ts: number): AnomalyEvent {
  return {
    app,
    ip,
    client: ip,
    ts,
    method: "POST",
    endpoint: "POST /api/login",
    path: "/api/login",
    status: 401,
    bytes: 40,
    latencyMs: 90,
    blockedByApiward: false,
    userAgent: "python-requests/2.32",
  };
}

/** 60 sources in distinct networks, 3 failed logins each, in the minutes before `end`. */
function stuffing(app: string, end: number, n = 60): AnomalyDelta {
  const agg = new IsolateAggregator(app, { isAuth: authTest([]) });
  for (let i = 0; i < n; i++)
    for (let k = 0; k < 3; k++) agg.observe(loginFail(app, `198.${18 + (i % 2)}.${i}.7`, end - 200 + i * 2 + k * 0.5));
  return agg.take()!;
}

describe("Aggregates", () => {
  it("merges deltas, detects on tick and publishes version-checked mitigations with an audit", async () => {
    const app = uniqueApp("agg");
    const s = stub(app);
    const now = Math.floor(Date.now() / 60_000) * 60;
    const r = await s.ingest(app, [stuffing(app, now)]);
    expect(r.rejected).toBe(0);
    const before = await s.mitigations(app);
    expect(before.list).toEqual([]);
    const t = await s.tick(app, now + 1);
    expect(t.created).toBeGreaterThanOrEqual(60);
    const m = await s.mitigations(app);
    expect(m.version).toBeGreaterThan(before.version);
    const own = (m.list ?? []).filter((x) => x.scope === "client");
    expect(own).toHaveLength(60);
    expect(
      own.every((x) => x.kind === "distributed_bruteforce" && x.until > x.created_at && x.reasons.length > 0),
    ).toBe(true);
    expect(own[0]?.id.startsWith(`${app}.a`)).toBe(true);
    // An unchanged list is not sent again.
    expect((await s.mitigations(app, { epoch: m.epoch, version: m.version })).list).toBeNull();
    const audit = await s.audit(app, 500);
    expect(audit.filter((a) => a.event === "created").length).toBe(t.created);
    const findings = await s.findings(app);
    expect(findings.some((f) => f.kind === "distributed_bruteforce" && f.action === "ip_mitigations")).toBe(true);
    // An operator lifts one.
    expect(await s.lift(app, own[0]!.id)).toBe(true);
    expect((await s.mitigations(app)).list?.some((x) => x.id === own[0]!.id)).toBe(false);
  });

  it("rejects deltas of another app and malformed ones without failing the batch", async () => {
    const app = uniqueApp("agg");
    const s = stub(app);
    const now = Math.floor(Date.now() / 60_000) * 60;
    const r = await s.ingest(app, [stuffing("other-app", now, 2), { app: "" } as AnomalyDelta, stuffing(app, now, 3)]);
    expect(r.rejected).toBe(2);
    const st = await s.status(app);
    expect(st.ips).toBe(3);
    expect(st.scorer).toBe("wasm");
  });

  it("keeps windows, addresses and mitigations across a restart of the object", async () => {
    const app = uniqueApp("agg");
    const s = stub(app);
    const now = Math.floor(Date.now() / 60_000) * 60;
    await s.ingest(app, [stuffing(app, now)]);
    await s.tick(app, now + 1);
    await s.flushState(app);
    const before = await s.status(app);
    await runInDurableObject(s, async (_instance: Aggregates, state) => {
      // A fresh instance over the same storage, as after an eviction.
      const fresh = new Aggregates(state, env);
      const after = await fresh.status(app);
      expect(after.ips).toBe(before.ips);
      expect(after.keys).toBe(before.keys);
      expect(after.mitigations).toBe(before.mitigations);
      expect((await fresh.audit(app, 5)).length).toBeGreaterThan(0);
    });
  });

  it("the alarm ticks every minute while there is traffic", async () => {
    const app = uniqueApp("agg");
    const s = stub(app);
    await s.ingest(app, [stuffing(app, Math.floor(Date.now() / 1000))]);
    const minute = () => Math.floor(Date.now() / 60_000) * 60;
    const from = minute();
    expect(await runDurableObjectAlarm(s)).toBe(true);
    const st = await s.status(app);
    // The minute the alarm ran in (a minute boundary may fall between these calls).
    expect([from, minute()]).toContain(st.last_tick);
    // It re-armed itself for the next minute.
    expect(await runInDurableObject(s, (_i, state) => state.storage.getAlarm())).not.toBeNull();
  });

  it("stores uploaded models as versioned KV snapshots with a pointer, and refuses broken ones", async () => {
    const app = uniqueApp("agg");
    const s = stub(app);
    const bad = await s.setModel(app, { format: "apiward.anomaly", version: 1 });
    expect("error" in bad && bad.error).toMatch(/anomaly\./);
    expect(await env.SNAPSHOTS.get(keys.snapshotPointer("anomaly", app))).toBeNull();
    // Too little history to learn from yet.
    const none = await s.publishModel(app);
    expect("error" in none && none.error).toMatch(/history/);
  });

  it("splits deltas by endpoint shard, keeping each address's traffic elsewhere for its focus", () => {
    const app = "shard-test";
    const agg = new IsolateAggregator(app, { isAuth: authTest([]) });
    const endpoints = ["GET /a", "GET /b", "GET /c", "GET /d", "POST /api/login"];
    for (let i = 0; i < 50; i++)
      agg.observe({ ...loginFail(app, "203.0.113.5", 1_800_000_000 + i), endpoint: endpoints[i % 5], status: 200 });
    const d = agg.take()!;
    const parts = splitDelta(d, 4);
    let slices = 0;
    for (const [shard, part] of parts) {
      for (const sl of part.slices) expect(shardOfKey(sl[1], 4)).toBe(shard);
      slices += part.slices.length;
      const rows = part.ips[0]!.rows;
      const total = rows.reduce((a, r) => a + r[2], 0);
      expect(total).toBe(50);
    }
    expect(slices).toBe(d.slices.length);
    expect(splitDelta(d, 1).get(0)).toBe(d);
  });
});
