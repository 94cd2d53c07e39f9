/**
 * The platform-free isolate pieces both platforms run (core/edge): sends
 * split per shard with partial retries, counter deltas summed per shard,
 * good-bot ranges reloaded on their interval (last good kept), and the
 * behaviour mitigation cache (an answer applies at once, a failed refresh
 * keeps the last good list).
 */
import { describe, expect, it } from "vitest";
import type { Mitigation } from "../../../core/behaviour/mitigations.ts";
import { botRangesOrBundled, IsolateBotRanges } from "../../../core/edge/bot-ranges.ts";
import { counterBatcher, mergeByShard } from "../../../core/edge/counter-batchers.ts";
import { ANOMALY_QUIET_MS, IsolateAnomaly } from "../../../core/edge/isolate-anomaly.ts";
import { IsolateBehaviour } from "../../../core/edge/isolate-behaviour.ts";
import { sendByShard } from "../../../core/edge/send-groups.ts";
import { SubrequestBudget } from "../../../core/edge/subrequest-budget.ts";
import type { CounterDelta, CounterState } from "../../../core/ratelimit/window.ts";
import { getEvent } from "../../support/behaviour-events.ts";

const GOOGLEBOT_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

describe("sendByShard", () => {
  it("sends one group per (app, shard) and hands back only the failed groups", async () => {
    const calls: string[] = [];
    const batch = [
      { app: "a", shard: 1, v: 1 },
      { app: "a", shard: 2, v: 2 },
      { app: "a", shard: 1, v: 3 },
      { app: "b", shard: 1, v: 4 },
    ];
    const r = await sendByShard(batch, SubrequestBudget.unlimited(), async (app, shard, g) => {
      calls.push(`${app}/${shard}:${g.map((x) => x.v).join(",")}`);
      if (app === "b") throw new Error("down");
    });
    expect(calls.sort()).toEqual(["a/1:1,3", "a/2:2", "b/1:4"]);
    expect(r.failed.map((x) => x.v)).toEqual([4]);
    expect(r.deferred).toEqual([]);
    expect(r.error).toBe("down");
  });

  it("throws when every group failed, so the batcher backs off", async () => {
    await expect(
      sendByShard([{ app: "a", shard: 0 }], SubrequestBudget.unlimited(), async () => {
        throw new Error("down");
      }),
    ).rejects.toThrow("down");
  });
});

describe("counter batching", () => {
  it("sums deltas per shard and key: one store call per shard", async () => {
    const d = (key: string, delta: number): CounterDelta => ({ key, windowS: 60, delta });
    expect(
      mergeByShard([
        { shard: "rl:a:1", deltas: [d("k1", 1), d("k2", 1)] },
        { shard: "rl:a:1", deltas: [d("k1", 2)] },
        { shard: "rl:a:2", deltas: [d("k3", 1)] },
      ]),
    ).toEqual([
      { shard: "rl:a:1", deltas: [d("k1", 3), d("k2", 1)] },
      { shard: "rl:a:2", deltas: [d("k3", 1)] },
    ]);
    const adds: Array<[string, number]> = [];
    const applied: CounterDelta[][] = [];
    const b = counterBatcher(
      () => ({
        add: async (shard: string, deltas: CounterDelta[]): Promise<CounterState[]> => {
          adds.push([shard, deltas.reduce((s, x) => s + x.delta, 0)]);
          return deltas.map(() => ({ start: 0, count: 1, prev: 0 }) as unknown as CounterState);
        },
      }),
      (sent) => applied.push(sent),
      () => 0,
    );
    b.push({ shard: "rl:a:1", deltas: [d("k1", 1)] });
    b.push({ shard: "rl:a:1", deltas: [d("k1", 1)] });
    await b.drain();
    expect(adds).toEqual([["rl:a:1", 2]]);
    expect(applied).toHaveLength(1);
  });
});

describe("botRangesOrBundled", () => {
  it("takes a valid learned document, else the bundled ranges (also when the read throws)", async () => {
    const learned = { version: 1, prefixes: { googlebot: ["192.0.2.0/24"] } };
    expect((await botRangesOrBundled(async () => learned))?.prefixes.googlebot).toEqual(["192.0.2.0/24"]);
    const bundled = await botRangesOrBundled(async () => null);
    expect(bundled?.prefixes.googlebot?.length).toBeGreaterThan(1);
    expect(await botRangesOrBundled(async () => ({ version: 9 }))).toEqual(bundled);
    expect(
      await botRangesOrBundled(async () => {
        throw new Error("KV down");
      }),
    ).toEqual(bundled);
  });
});

describe("IsolateBotRanges", () => {
  it("starts from the bundled ranges, reloads when due, keeps the last good ranges", async () => {
    let doc: unknown = { version: 1, prefixes: { googlebot: ["192.0.2.0/24"] } };
    const waits: Promise<unknown>[] = [];
    const bots = new IsolateBotRanges(async () => {
      if (doc instanceof Error) throw doc;
      return doc;
    });
    expect(bots.check("66.249.66.1", GOOGLEBOT_UA).status).toBe("verified");
    bots.reloadIfDue(1_000_000, (p) => waits.push(p));
    await Promise.all(waits);
    expect(bots.check("192.0.2.7", GOOGLEBOT_UA).status).toBe("verified");
    expect(bots.check("66.249.66.1", GOOGLEBOT_UA).status).toBe("fake");
    // Not due again within five minutes.
    bots.reloadIfDue(1_000_000 + 299_000, (p) => waits.push(p));
    expect(waits).toHaveLength(1);
    doc = new Error("store down");
    bots.reloadIfDue(1_000_000 + 301_000, (p) => waits.push(p));
    doc = "not a ranges document";
    bots.reloadIfDue(1_000_000 + 602_000, (p) => waits.push(p));
    await Promise.all(waits);
    expect(waits).toHaveLength(3);
    expect(bots.check("192.0.2.7", GOOGLEBOT_UA).status).toBe("verified");
  });
});

function mitigation(target: string, until: number): Mitigation {
  return {
    id: `m-${target}`,
    app: "a",
    target,
    kind: "bruteforce",
    action: "block",
    created_at: 0,
    until,
    reasons: [{ feature: "login_fail_ratio", value: 1, weight: 1 }],
  } as unknown as Mitigation;
}

describe("IsolateBehaviour", () => {
  it("applies a store answer at once, and keeps the last good list when a refresh fails", async () => {
    const now = 1_700_000_000;
    let listFails = false;
    let listed: Mitigation[] = [mitigation("203.0.113.9", now + 600)];
    const iso = new IsolateBehaviour({
      clients: {
        observe: async (_app, _shard, events) => ({
          detections: [],
          mitigations: events.map((e) => mitigation(e.client, now + 60)),
          dropped: 0,
        }),
      },
      mitigations: {
        list: async () => {
          if (listFails) throw new Error("store down");
          return listed;
        },
        record: async () => [],
        lift: async () => false,
      },
      refreshMs: () => 0,
      lingerMs: () => 0,
      nowMs: () => now * 1000,
    });
    expect(iso.mitigationFor("a", "198.51.100.1", "198.51.100.1", now)).toBeNull();
    iso.observe({
      app: "a",
      client: "198.51.100.1",
      ip: "198.51.100.1",
      ts: now,
      method: "POST",
      path: "/login",
      query: [],
      status: 401,
      bytes: 0,
      latencyMs: 1,
      headers: [],
      blockedByApiward: false,
    });
    await iso.drain();
    expect(iso.mitigationFor("a", "198.51.100.1", "198.51.100.1", now)?.id).toBe("behaviour:bruteforce");
    await iso.refresh("a");
    // A refresh replaces the list with the store's.
    expect(iso.mitigationFor("a", "203.0.113.9", "203.0.113.9", now)?.action).toBe("block");
    expect(iso.mitigationFor("a", "198.51.100.1", "198.51.100.1", now)).toBeNull();
    listFails = true;
    listed = [];
    await iso.refresh("a");
    expect(iso.stats.refreshErrors).toBe(1);
    expect(iso.mitigationFor("a", "203.0.113.9", "203.0.113.9", now)?.action).toBe("block");
    expect(iso.retryAfter("a", "203.0.113.9", now)).toBe(600);
  });
});

describe("IsolateAnomaly when the isolate goes quiet", () => {
  function isolate(clock: { now: number }, sent: number[]) {
    return new IsolateAnomaly({
      store: {
        ingest: async (_app, _shard, _shards, deltas) => {
          sent.push(deltas.length);
          return { epoch: "e", version: 1 };
        },
        mitigations: async () => ({ epoch: "e", version: 1, list: [] }),
        tick: async () => ({ findings: 0, created: 0 }),
      },
      flushMs: () => 5_000,
      refreshMs: () => 60_000,
      shards: () => 1,
      nowMs: () => clock.now,
    });
  }

  it("sends the interval so far once no event came for the quiet time, not before, and only once", async () => {
    const clock = { now: 1_700_000_000_000 };
    const sent: number[] = [];
    const iso = isolate(clock, sent);
    iso.observe(getEvent("shop", "198.51.100.9", "/api/items", clock.now / 1000));
    // Mid-burst (an event 100 ms ago): the 5 s interval holds.
    expect(iso.flushIfQuiet(ANOMALY_QUIET_MS, clock.now + 100)).toBeNull();
    clock.now += ANOMALY_QUIET_MS;
    await iso.flushIfQuiet(ANOMALY_QUIET_MS);
    expect(sent).toEqual([1]);
    // Nothing new folded: nothing to send.
    expect(iso.flushIfQuiet(ANOMALY_QUIET_MS, clock.now + 10_000)).toBeNull();
    expect(iso.stats.deltas).toBeGreaterThan(0);
  });
});
