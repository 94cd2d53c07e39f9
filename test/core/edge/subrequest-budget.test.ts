/**
 * The per-request subrequest budget of the isolate's batched sends: each
 * store call takes one unit, what does not fit is deferred to a later
 * flush (not failed: no backoff, nothing dropped, nothing sent twice).
 */
import { describe, expect, it } from "vitest";
import { Batcher } from "../../../core/edge/batcher.ts";
import { IsolateAnomaly } from "../../../core/edge/isolate-anomaly.ts";
import { IsolateBehaviour } from "../../../core/edge/isolate-behaviour.ts";
import { type ShardItem, sendByShard, sendGroups } from "../../../core/edge/send-groups.ts";
import { FREE_PLAN_SUBREQUESTS, RESERVED_SUBREQUESTS, SubrequestBudget } from "../../../core/edge/subrequest-budget.ts";
import { getEvent } from "../../support/behaviour-events.ts";

describe("SubrequestBudget", () => {
  it("defaults to the free plan's limit less the request's own reserve; a bad setting falls back", () => {
    const free = FREE_PLAN_SUBREQUESTS - RESERVED_SUBREQUESTS;
    for (const v of [undefined, "", "abc", "0", "-3", "NaN", "Infinity"]) {
      expect(SubrequestBudget.forRequest(v).remaining, String(v)).toBe(free);
    }
    expect(SubrequestBudget.forRequest("10000").remaining).toBe(10_000 - RESERVED_SUBREQUESTS);
    // A limit at or under the reserve still lets one call through, so sends never stall for good.
    expect(SubrequestBudget.forRequest("5").remaining).toBe(1);
  });

  it("takes all or nothing", () => {
    const b = new SubrequestBudget(3);
    expect(b.take(2)).toBe(true);
    expect(b.take(2)).toBe(false);
    expect(b.remaining).toBe(1);
    expect(b.take()).toBe(true);
    expect(b.take()).toBe(false);
    expect(SubrequestBudget.unlimited().take(1e9)).toBe(true);
  });
});

describe("sendGroups", () => {
  it("calls one group per unit of budget and defers the rest, in order", async () => {
    const called: number[] = [];
    const groups = [[1], [2, 3], [4], [5], [6]];
    const r = await sendGroups(groups, new SubrequestBudget(2), async (g) => {
      called.push(...g);
    });
    expect(called).toEqual([1, 2, 3]);
    expect(r.failed).toEqual([]);
    expect(r.deferred).toEqual([4, 5, 6]);
  });

  it("throws when every group tried failed, even with some deferred (the batcher re-queues the whole batch)", async () => {
    await expect(
      sendGroups([[1], [2]], new SubrequestBudget(1), async () => {
        throw new Error("down");
      }),
    ).rejects.toThrow("down");
  });
});

interface Item extends ShardItem {
  id: number;
}

function shardedBatcher(calls: Array<{ shard: number; ids: number[] }>, failShard?: { shard: number; times: number }) {
  return new Batcher<Item>({
    send: (batch, budget) =>
      sendByShard(batch, budget, async (_app, shard, g) => {
        if (failShard && failShard.shard === shard && failShard.times > 0) {
          failShard.times--;
          throw new Error(`shard ${shard} down`);
        }
        calls.push({ shard, ids: g.map((x) => x.id) });
      }),
    lingerMs: () => 0,
  });
}

describe("Batcher with a subrequest budget", () => {
  it("sends no more calls per flush than the budget allows, and delivers everything exactly once over later flushes", async () => {
    const calls: Array<{ shard: number; ids: number[] }> = [];
    const b = shardedBatcher(calls);
    for (let i = 0; i < 100; i++) b.push({ app: "a", shard: i % 10, id: i });
    const perFlush: number[] = [];
    for (let f = 0; f < 10 && b.stats.buffered + (f === 0 ? 100 : 0) > 0; f++) {
      const before = calls.length;
      const p = b.flush(new SubrequestBudget(3));
      if (!p) break;
      await p;
      perFlush.push(calls.length - before);
    }
    expect(perFlush).toEqual([3, 3, 3, 1]);
    expect(b.stats).toMatchObject({ buffered: 0, sent: 100, failedAttempts: 0, dropped: 0 });
    expect(b.stats.deferred).toBe(70 + 40 + 10);
    const ids = calls.flatMap((c) => c.ids).sort((x, y) => x - y);
    expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => i));
    // A spent budget starts nothing.
    b.push({ app: "a", shard: 0, id: 100 });
    expect(b.flush(new SubrequestBudget(0))).toBeNull();
    expect(b.stats.buffered).toBe(1);
  });

  it("keeps failures and deferrals apart: a failed shard backs off and is retried, deferred ones are not failures", async () => {
    const calls: Array<{ shard: number; ids: number[] }> = [];
    let now = 0;
    const fail = { shard: 1, times: 1 };
    const b = new Batcher<Item>({
      send: (batch, budget) =>
        sendByShard(batch, budget, async (_app, shard, g) => {
          if (shard === fail.shard && fail.times > 0) {
            fail.times--;
            throw new Error("shard 1 down");
          }
          calls.push({ shard, ids: g.map((x) => x.id) });
        }),
      lingerMs: () => 0,
      now: () => now,
    });
    for (let i = 0; i < 4; i++) b.push({ app: "a", shard: i, id: i });
    await b.flush(new SubrequestBudget(2));
    // Shard 0 went, shard 1 failed, shards 2 and 3 were deferred.
    expect(calls.map((c) => c.shard)).toEqual([0]);
    expect(b.stats.failedAttempts).toBe(1);
    expect(b.stats.lastError).toMatch(/shard 1 down/);
    expect(b.stats.deferred).toBe(2);
    expect(b.flush(new SubrequestBudget(10))).toBeNull(); // backing off
    now += 1000;
    await b.flush(new SubrequestBudget(10));
    expect(calls.map((c) => c.shard).sort()).toEqual([0, 1, 2, 3]);
    expect(b.stats).toMatchObject({ buffered: 0, sent: 4, dropped: 0 });
  });
});

/** One request's flush, with its own budget of `calls`, waiting for what it started. */
async function flushOnce(iso: IsolateBehaviour, calls: number, now: number): Promise<void> {
  const started: Array<Promise<unknown>> = [];
  iso.flush((p) => started.push(p), now * 1000, new SubrequestBudget(calls));
  await Promise.all(started);
}

describe("IsolateBehaviour under a subrequest budget", () => {
  it("spreads a 64-shard flush over requests: never more calls than the budget, every event delivered once", async () => {
    const now = 1_700_000_000;
    const delivered = new Map<string, number>();
    let calls = 0;
    let lists = 0;
    const iso = new IsolateBehaviour({
      clients: {
        observe: async (_app, _shard, events) => {
          calls++;
          for (const e of events) delivered.set(e.client, (delivered.get(e.client) ?? 0) + 1);
          return { detections: [], mitigations: [], dropped: 0 };
        },
      },
      mitigations: {
        list: async () => {
          calls++;
          lists++;
          return [];
        },
        record: async () => [],
        lift: async () => false,
      },
      refreshMs: () => 0,
      lingerMs: () => 0,
      nowMs: () => now * 1000,
    });
    const clients = Array.from({ length: 500 }, (_, i) => `198.51.${i >> 8}.${i & 255}`);
    // The hot path has looked the app up: its mitigations are refreshed on every flush (refreshMs 0).
    expect(iso.mitigationFor("a", clients[0] as string, clients[0] as string, now)).toBeNull();
    for (const client of clients) iso.observe(getEvent("a", client, "/api/products/1", now));
    for (let r = 0; r < 20 && delivered.size < clients.length; r++) {
      const before = calls;
      await flushOnce(iso, 12, now);
      expect(calls - before).toBeLessThanOrEqual(12);
    }
    expect(delivered.size).toBe(clients.length);
    expect([...delivered.values()].every((n) => n === 1)).toBe(true);
    expect(iso.events.stats.deferred).toBeGreaterThan(0);
    expect(iso.events.stats.failedAttempts).toBe(0);
    expect(lists).toBeGreaterThan(0);
  });
});

describe("IsolateBehaviour under sustained load and a budget", () => {
  it("keeps up when each flush reaches only some shards: calls carry all of their shard's events, nothing piles up or drops", async () => {
    const now = 1_700_000_000;
    const delivered = new Map<string, number>();
    const iso = new IsolateBehaviour({
      clients: {
        observe: async (_app, _shard, events) => {
          for (const e of events) delivered.set(e.path, (delivered.get(e.path) ?? 0) + 1);
          return { detections: [], mitigations: [], dropped: 0 };
        },
      },
      mitigations: { list: async () => [], record: async () => [], lift: async () => false },
      refreshMs: () => 60_000,
      lingerMs: () => 0,
      nowMs: () => now * 1000,
    });
    const PER_CYCLE = 3000;
    let sent = 0;
    let peak = 0;
    // 30 cycles of 3,000 events from 1,000 clients over the 64 shards, one 40-call flush each.
    for (let cycle = 0; cycle < 30; cycle++) {
      for (let i = 0; i < PER_CYCLE; i++)
        iso.observe(getEvent("a", `10.0.${(i % 1000) >> 8}.${i % 256}`, `/e/${sent++}`, now));
      await flushOnce(iso, 40, now);
      peak = Math.max(peak, iso.events.stats.buffered);
    }
    for (let i = 0; i < 5 && iso.events.stats.buffered > 0; i++) await flushOnce(iso, 40, now);
    expect(peak).toBeLessThan(2 * PER_CYCLE);
    expect(iso.events.stats).toMatchObject({ buffered: 0, dropped: 0, failedAttempts: 0 });
    expect(delivered.size).toBe(sent);
    expect([...delivered.values()].every((n) => n === 1)).toBe(true);
  });
});

describe("IsolateAnomaly refresh under a budget smaller than its shards", () => {
  it("reads as many shards as the budget leaves, round robin, so every shard is read and none starves", async () => {
    const now = 1_700_000_000_000;
    const reads: number[] = [];
    const iso = new IsolateAnomaly({
      store: {
        ingest: async () => ({ epoch: "e", version: 1 }),
        mitigations: async (_app, shard) => {
          reads.push(shard);
          return { epoch: "e", version: 1, list: [] };
        },
        tick: async () => ({ findings: 0, created: 0 }),
      },
      flushMs: () => 60_000,
      refreshMs: () => 0,
      shards: () => 8,
      nowMs: () => now,
    });
    // The hot path has looked the app up, so its mitigations are kept fresh.
    expect(iso.mitigationFor("a", undefined, "198.51.100.1", "198.51.100.1", now / 1000)).toBeNull();
    const perFlush: number[] = [];
    for (let f = 0; f < 3; f++) {
      const before = reads.length;
      const started: Array<Promise<unknown>> = [];
      iso.flush((p) => started.push(p), now, new SubrequestBudget(3));
      await Promise.all(started);
      perFlush.push(reads.length - before);
    }
    expect(perFlush).toEqual([3, 3, 3]);
    expect(new Set(reads)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7]));
    // With the budget for all of them, one refresh reads every shard.
    const before = reads.length;
    const started: Array<Promise<unknown>> = [];
    iso.flush((p) => started.push(p), now, new SubrequestBudget(40));
    await Promise.all(started);
    expect(reads.slice(before).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
