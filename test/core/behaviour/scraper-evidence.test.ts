/**
 * Scraper evidence that does not need ids walked in order: the read streak
 * (object after object with nothing else in between) and thresholds learned
 * per window age (a young client is compared with what benign clients do at
 * that age, not with their busiest half hour).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ClientProfile } from "../../../core/behaviour/client-profile.ts";
import { contextFromModel } from "../../../core/behaviour/context.ts";
import { eventFacts } from "../../../core/behaviour/facts.ts";
import { AGE_BOUNDS_MIN, computeFeatures, F, FEATURE_COUNT, FEATURES } from "../../../core/behaviour/features.ts";
import { KIND_RULES } from "../../../core/behaviour/kinds.ts";
import type { BehaviourModel } from "../../../core/behaviour/model.ts";
import { parseModel } from "../../../core/behaviour/model.ts";
import { scoreTs } from "../../../core/behaviour/score.ts";
import { ageBucket, buildTables } from "../../../core/behaviour/score-table.ts";
import { scoreSlots } from "../../../core/behaviour/scorer.ts";
import type { BehaviourEvent } from "../../../core/behaviour/types.ts";
import * as T from "../../../eval/behaviour-traffic.ts";
import { replay, train } from "./helpers.ts";

const ctx = contextFromModel(null);
let seq = 0;
const ev = (path: string, status = 200, ts = 1000 + seq++, method = "GET"): BehaviourEvent => ({
  app: "a",
  client: "c",
  ip: "1.1.1.1",
  ts,
  method,
  path,
  query: [],
  status,
  bytes: 10,
  latencyMs: 1,
  headers: [["user-agent", "curl/8"]],
  userAgent: "curl/8",
  blockedByApiward: false,
});

function streakOf(paths: Array<[string, number?]>): number {
  const p = new ClientProfile();
  let last = 0;
  for (const [path, status] of paths) {
    const e = ev(path, status ?? 200);
    last = e.ts;
    p.add(eventFacts(e, ctx));
  }
  return computeFeatures(p, last, ctx.markov, new Float64Array(FEATURE_COUNT))[F.read_streak] as number;
}

describe("read streak", () => {
  it("counts new objects read one after another", () => {
    expect(streakOf(Array.from({ length: 9 }, (_, i) => [`/api/products/${i + 1}`] as [string]))).toBe(9);
  });

  it("a listing, a search, a revisit or an error ends it", () => {
    const objs = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => [`/api/products/${from + i}`] as [string]);
    expect(streakOf([...objs(1, 4), ["/api/cart"], ...objs(10, 3)])).toBe(4);
    expect(streakOf([...objs(1, 3), ["/api/products/2"], ...objs(20, 5)])).toBe(5);
    expect(streakOf([...objs(1, 3), ["/api/products/77", 404], ...objs(20, 2)])).toBe(3);
  });

  it("static assets neither extend nor end it", () => {
    expect(streakOf([["/api/products/1"], ["/static/app.js"], ["/api/products/2"], ["/static/a.css"]])).toBe(2);
  });
});

describe("edits are not reads", () => {
  it("a PATCH between reads neither counts as an object read nor as a step of a walk", () => {
    // Triage: read an issue, edit it, read the next one, in list order.
    const p = new ClientProfile();
    let ts = 5_000;
    for (let id = 20; id > 10; id--) {
      p.add(eventFacts(ev(`/api/products/${id}`, 200, ts++), ctx));
      p.add(eventFacts(ev(`/api/products/${id}`, 200, ts++, "PATCH"), ctx));
      p.add(eventFacts(ev(`/api/orders/${id}`, 201, ts++, "POST"), ctx));
    }
    const x = computeFeatures(p, ts, ctx.markov, new Float64Array(FEATURE_COUNT));
    expect(x[F.items_read]).toBe(10);
    expect(x[F.ordered_walk]).toBe(9);
  });
});

describe("payloads behind one address", () => {
  const payloads = (identities: Array<string | undefined>): number => {
    const p = new ClientProfile();
    let ts = 9_000;
    identities.forEach((identity, i) => {
      const e: BehaviourEvent = { ...ev(`/api/search?q=${i}`, 200, ts++), signatureScore: 5 };
      if (identity) e.identity = identity;
      p.add(eventFacts(e, ctx));
    });
    return computeFeatures(p, ts, ctx.markov, new Float64Array(FEATURE_COUNT))[F.payload_requests] as number;
  };

  it("count per signed-in person: three colleagues with one odd search each are not three payloads", () => {
    expect(payloads(["ann", "bob", "cy"])).toBe(1);
    expect(payloads(["ann", "ann", "ann", "bob"])).toBe(3);
  });

  it("anonymous requests count together, so rotating nothing at all evades nothing", () => {
    expect(payloads([undefined, undefined, undefined])).toBe(3);
    expect(payloads([undefined, "ann", undefined, undefined])).toBe(3);
  });
});

describe("a workflow never seen alone", () => {
  it("does not name a scraper: a renamed endpoint makes every user's sequences unseen at once", () => {
    const tables = buildTables(null);
    const k = KIND_RULES.findIndex((r) => r.kind === "scraper");
    const x = new Float64Array(FEATURE_COUNT);
    x[F.requests] = 40;
    x[F.read_ok_share] = 1;
    x[F.unseen_transitions] = 1;
    const out = new Float64Array(scoreSlots(KIND_RULES.length));
    scoreTs(tables.table, x, new Float64Array(FEATURE_COUNT), out);
    expect(out[2 + k]).toBeGreaterThan(0);
    expect(out[2 + k]).toBeLessThan(1);
    // With one more line of evidence at its threshold it does.
    x[F.read_streak] = 12;
    scoreTs(tables.table, x, new Float64Array(FEATURE_COUNT), out);
    expect(out[2 + k]).toBeGreaterThanOrEqual(1);
  });
});

describe("window age", () => {
  it("is the minutes since the window began, capped at the long window, restarting after its silence", () => {
    const p = new ClientProfile();
    p.add(eventFacts(ev("/api/products/1", 200, 10_000), ctx));
    p.add(eventFacts(ev("/api/products/2", 200, 10_090), ctx));
    expect(computeFeatures(p, 10_090, ctx.markov)[F.window_minutes]).toBeCloseTo(1.5);
    expect(computeFeatures(p, 20_000, ctx.markov)[F.window_minutes]).toBe(30);
    p.add(eventFacts(ev("/api/products/3", 200, 20_000), ctx));
    expect(computeFeatures(p, 20_030, ctx.markov)[F.window_minutes]).toBeCloseTo(0.5);
  });
});

describe("thresholds per window age", () => {
  let model: BehaviourModel;
  beforeAll(() => {
    model = train(T.benignDay(1, 1_700_000_000));
  });

  it("the model carries one row per age bucket, never above the overall one by more than its spread margin", () => {
    expect(parseModel(JSON.parse(JSON.stringify(model)))).not.toBeTypeOf("string");
    expect(model.age_minutes).toEqual([...AGE_BOUNDS_MIN]);
    for (const c of model.clusters) {
      expect(c.by_age?.threshold).toHaveLength(AGE_BOUNDS_MIN.length);
      const f = F.items_read;
      const young = c.by_age?.threshold[0]?.[f] ?? Number.NaN;
      expect(young).toBeLessThanOrEqual((c.threshold[f] as number) + 2 * (c.spread[f] as number));
    }
  });

  it("the scorer reads the row of the client's age: the same reads count when young, not when old", () => {
    // A hand-made model: one cluster, items_read allowed 10 in the first minute, 200 overall.
    const m = structuredClone(model);
    m.clusters = [structuredClone(model.clusters[0] as BehaviourModel["clusters"][number])];
    const c = m.clusters[0] as BehaviourModel["clusters"][number];
    c.threshold[F.items_read] = 200;
    c.spread[F.items_read] = 1;
    c.by_age = {
      median: AGE_BOUNDS_MIN.map(() => [...c.median]),
      spread: AGE_BOUNDS_MIN.map(() => [...c.spread]),
      threshold: AGE_BOUNDS_MIN.map((_, a) => c.threshold.map((v, f) => (f === F.items_read && a === 0 ? 10 : v))),
    };
    const tables = buildTables(m);
    const k = KIND_RULES.findIndex((r) => r.kind === "scraper");
    const x = new Float64Array(FEATURE_COUNT);
    x[F.items_read] = 30;
    x[F.requests] = 30;
    x[F.read_ok_share] = 1;
    const out = new Float64Array(scoreSlots(KIND_RULES.length));
    x[F.window_minutes] = 0.5;
    expect(ageBucket(tables.table, tables.o, x)).toBe(0);
    scoreTs(tables.table, x, new Float64Array(FEATURE_COUNT), out);
    const young = out[2 + k] as number;
    x[F.window_minutes] = 20;
    expect(ageBucket(tables.table, tables.o, x)).toBe(AGE_BOUNDS_MIN.length);
    scoreTs(tables.table, x, new Float64Array(FEATURE_COUNT), out);
    expect(young).toBeGreaterThan(0);
    expect(out[2 + k]).toBe(0);
  });

  it("a model without per-age rows scores every age with its overall row", () => {
    const m = structuredClone(model);
    for (const c of m.clusters) delete c.by_age;
    delete m.age_minutes;
    expect(parseModel(JSON.parse(JSON.stringify(m)))).not.toBeTypeOf("string");
    const t = buildTables(m);
    const F_ = FEATURES.length;
    for (let a = 1; a < t.o.A; a++)
      expect([...t.table.subarray(t.o.threshold + a * F_, t.o.threshold + (a + 1) * F_)]).toEqual([
        ...t.table.subarray(t.o.threshold, t.o.threshold + F_),
      ]);
  });

  it("a human-paced headless browser reading shuffled products is a scraper within 30 product pages; new humans are not", () => {
    const t1 = 1_700_000_000 + 90_000;
    const r = T.rng(5);
    const slow = replay(model, T.slowScraper("7.7.7.1", t1, r, 80, 10));
    const first = slow.detections.find((d) => d.kind === "scraper");
    expect(first).toBeDefined();
    expect(first?.requests).toBeLessThanOrEqual(30 * 3 + 8);
    expect(first?.reasons.map((x) => x.feature)).toContain("read_streak");
    const people = [];
    for (let i = 0; i < 40; i++) people.push(...T.human(`10.9.1.${i}`, t1 + r() * 3000, r, 4 + Math.floor(r() * 12)));
    expect(replay(model, people).detections).toEqual([]);
  });
});
