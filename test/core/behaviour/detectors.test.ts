/**
 * Each detection kind on hand-made sequences (test/core/behaviour/traffic.ts):
 * a model learned from a benign day must leave new benign clients alone and
 * name every attack, within a few requests.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { BehaviourEngine } from "../../../core/behaviour/engine.ts";
import type { BehaviourModel } from "../../../core/behaviour/model.ts";
import { offlineRequest } from "../../../core/pipeline/offline.ts";
import type { TrafficRecord } from "../../../core/types.ts";
import * as T from "../../../eval/behaviour-traffic.ts";
import { replay, train } from "./helpers.ts";

const T0 = 1_700_000_000;
let model: BehaviourModel;

beforeAll(() => {
  model = train(T.benignDay(1, T0));
});

/** A day later: 40 new humans and 15 new app users (addresses 10.9.<net>.x, 10.8.<net>.x). */
function newBenign(seed: number, net: number): TrafficRecord[] {
  const r = T.rng(seed);
  const t1 = T0 + 86_400;
  const recs: TrafficRecord[] = [];
  for (let i = 0; i < 40; i++) recs.push(...T.human(`10.9.${net}.${i}`, t1 + r() * 3000, r, 4 + Math.floor(r() * 10)));
  for (let i = 0; i < 15; i++) recs.push(...T.mobile(`10.8.${net}.${i}`, t1 + r() * 3000, r, 12));
  return recs;
}

function kindsOf(records: TrafficRecord[]) {
  const r = replay(model, records);
  return { ...r, kinds: new Set(r.detections.map((d) => d.kind)) };
}

describe("learned model", () => {
  it("finds the login and the expensive endpoint and some clusters", () => {
    expect(model.endpoints.login).toContain("POST /api/login");
    expect(model.endpoints.expensive).toContain("GET /api/search");
    expect(model.clusters.length).toBeGreaterThanOrEqual(1);
    expect(model.trained_on.clients).toBeGreaterThan(50);
  });
});

describe("benign clients", () => {
  it("new humans, app users and the integration are not flagged", () => {
    const recs = newBenign(99, 0);
    recs.push(...T.integration("10.3.0.1", T0 + 86_400, 60, 120));
    const { detections, summaries } = kindsOf(recs);
    expect(detections).toEqual([]);
    expect(summaries.every((s) => s.verdict === "benign")).toBe(true);
  });
});

describe("attacks", () => {
  const t1 = T0 + 90_000;
  const cases: Array<[string, TrafficRecord[], number]> = [
    ["scanner", T.scanner("6.6.6.1", t1), 8],
    ["crawler", T.crawler("6.6.6.2", t1), 30],
    ["scraper", T.scraper("6.6.6.3", t1), 70],
    ["bruteforce", T.dictionary("6.6.6.4", t1), 8],
    ["bruteforce", T.stuffing("6.6.6.5", t1), 8],
    ["login_dos", T.loginFlood("6.6.6.6", t1), 20],
    ["http_dos", T.searchFlood("6.6.6.7", t1), 20],
    ["enumeration", T.enumeration("6.6.6.8", t1), 12],
    ["injection", T.injection("6.6.6.9", t1), 5],
  ];
  for (const [kind, recs, within] of cases) {
    it(`names ${kind} within ${within} requests`, () => {
      const { detections, kinds } = kindsOf(recs);
      expect(kinds.has(kind as never)).toBe(true);
      const first = detections.find((d) => d.kind === kind);
      expect(first?.requests).toBeLessThanOrEqual(within);
      expect(first?.reasons.length).toBeGreaterThan(0);
      expect(first?.score).toBeGreaterThanOrEqual(1);
    });
  }

  it("reasons say which feature, how far from normal", () => {
    const { detections } = kindsOf(T.dictionary("6.6.7.1", t1));
    const r = detections.find((d) => d.kind === "bruteforce")?.reasons[0];
    expect(r).toMatchObject({ feature: expect.any(String), value: expect.any(Number), threshold: expect.any(Number) });
    expect((r?.value ?? 0) >= (r?.threshold ?? 1)).toBe(true);
  });

  it("a claimed Googlebot from outside Google's ranges is a fake bot; from inside, a good bot", () => {
    const ua = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    const page = (ip: string, i: number): TrafficRecord => ({
      ts: t1 + i * 5,
      ip,
      method: "GET",
      url: `/products/p${i}`,
      status: 200,
      headers: { "user-agent": ua },
    });
    const fake = kindsOf([page("203.0.113.9", 0)]);
    expect(fake.kinds.has("fake_bot")).toBe(true);
    expect(fake.detections[0]?.requests).toBe(1);
    const real = kindsOf(Array.from({ length: 60 }, (_, i) => page("66.249.66.10", i)));
    expect(real.detections).toEqual([]);
    expect(real.summaries[0]).toMatchObject({ summary: true, client: "66.249.66.10", verdict: "good_bot", kinds: [] });
  });
});

describe("an uptime check", () => {
  // One page once a minute for 40 minutes, no assets, a monitoring service's agent: no breadth at all.
  const t1 = T0 + 90_000;
  const checks: TrafficRecord[] = Array.from({ length: 40 }, (_, i) => ({
    ts: t1 + i * 60,
    method: "HEAD",
    url: "/health",
    ip: "216.245.221.90",
    headers: {
      "user-agent": "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
      accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    },
    status: 200,
    bytes: 0,
    latency_ms: 5,
  }));

  it("is no crawler, with or without a model (a crawler needs breadth)", () => {
    for (const m of [model, null]) {
      const r = replay(m, checks);
      expect(r.detections.filter((d) => d.kind === "crawler")).toEqual([]);
    }
  });
});

describe("a flood of an endpoint that is not expensive", () => {
  // One product page at 100 requests a second for 30 s, answered from cache (20 ms) and then with
  // 503s as the origin gives way: no expensive endpoint is involved, no query varies.
  const t1 = T0 + 90_000;
  const flood = (ip: string): TrafficRecord[] =>
    Array.from({ length: 3000 }, (_, i) => ({
      ts: t1 + i / 100,
      method: "GET",
      url: "/api/products/42",
      ip,
      headers: { "user-agent": "Go-http-client/1.1", "accept-encoding": "gzip" },
      status: i % 3 === 0 ? 200 : 503,
      bytes: 200,
      latency_ms: 20,
    }));

  it("is http_dos by its rate alone, per request and per 1 s batch", () => {
    expect(model.endpoints.expensive).not.toContain("GET /api/products/{id}");
    for (const batchS of [undefined, 1]) {
      const r = replay(model, flood("6.6.10.1"), batchS ? { batchS } : {});
      const d = r.detections.find((x) => x.kind === "http_dos");
      expect(d, JSON.stringify(r.detections.slice(0, 3))).toBeDefined();
      // 1,500 requests in its first minute (25 a second sustained, per person): 15 s at this pace.
      expect(d?.requests).toBeLessThanOrEqual(1500);
    }
  });
});

describe("scored per batch, as the ClientState objects score", () => {
  const t1 = T0 + 90_000;
  const cases: Array<[string, TrafficRecord[]]> = [
    ["scanner", T.scanner("6.6.8.1", t1)],
    ["scraper", T.scraper("6.6.8.3", t1)],
    ["bruteforce", T.dictionary("6.6.8.4", t1)],
    ["http_dos", T.searchFlood("6.6.8.7", t1)],
    ["enumeration", T.enumeration("6.6.8.8", t1)],
  ];
  for (const [kind, recs] of cases)
    it(`names ${kind} with 1 s batches`, () => {
      const r = replay(model, recs, { batchS: 1 });
      expect(r.detections.some((d) => d.kind === kind)).toBe(true);
      expect(r.summaries[0]?.verdict).toBe("malicious");
    });

  it("benign clients stay unflagged with 1 s batches", () => {
    const out = replay(model, newBenign(98, 1), { batchS: 1 });
    expect(out.detections).toEqual([]);
  });

  it("observeBatch scores each client once, after its last event of the batch", () => {
    const flood = T.searchFlood("6.6.9.1", t1).slice(0, 40);
    const events = flood.map((rec, i) => offlineRequest(rec, i + 1, "shop", 0).event);
    const perEvent = new BehaviourEngine({ model });
    const first = events.flatMap((ev) => perEvent.observe(ev)).find((d) => d.kind === "http_dos");
    expect(first).toBeDefined();
    const batched = new BehaviourEngine({ model });
    const out = batched.observeBatch(events);
    const d = out.find((x) => x.kind === "http_dos");
    // One score, over all 40 requests: the detection is the batch's last request's.
    expect(d?.requests).toBe(40);
    expect(d?.ts).toBe(events[39]?.ts);
    expect(batched.peek("6.6.9.1")?.profile.seen).toBe(40);
    // Unscored events still fold in: the same windows as the per-event engine's.
    expect(batched.peek("6.6.9.1")?.profile.toJSON()).toEqual(perEvent.peek("6.6.9.1")?.profile.toJSON());
  });
});
