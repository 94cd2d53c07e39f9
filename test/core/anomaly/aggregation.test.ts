/**
 * Window aggregates are mergeable: what several isolates pre-aggregate and
 * one Durable Object merges equals what one place would have counted.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IsolateAggregator, paramKey } from "../../../core/anomaly/aggregator.ts";
import { Bloom } from "../../../core/anomaly/bloom.ts";
import { windowFeatures } from "../../../core/anomaly/features.ts";
import { subnetKey } from "../../../core/anomaly/net-group.ts";
import { Distinct, Hist, SPARSE_MAX } from "../../../core/anomaly/sketch.ts";
import { Slice } from "../../../core/anomaly/slice.ts";
import { AggregateState } from "../../../core/anomaly/state.ts";
import { APP_KEY, UNMATCHED_KEY } from "../../../core/anomaly/types.ts";
import { KeyWindows } from "../../../core/anomaly/windows.ts";
import { APP, ev, T0 } from "./traffic.ts";

const isAuth = (e: string) => e === "POST /api/login";

const eventArb = fc.record({
  ip: fc.integer({ min: 0, max: 40 }).map((i) => `203.0.${i % 5}.${i}`),
  dt: fc.integer({ min: 0, max: 899 }),
  endpoint: fc.constantFrom("GET /a", "POST /api/login", undefined),
  status: fc.constantFrom(200, 401, 404, 500),
  id: fc.integer({ min: 0, max: 30 }),
  ua: fc.constantFrom("a", "b", "c"),
});

describe("sketches", () => {
  it("Distinct is exact while sparse and within a few percent once dense", () => {
    const d = new Distinct(10);
    for (let i = 0; i < SPARSE_MAX; i++) d.add(`ip${i}`);
    expect(d.estimate()).toBe(SPARSE_MAX);
    for (let i = SPARSE_MAX; i < 20_000; i++) d.add(`ip${i}`);
    expect(Math.abs(d.estimate() - 20_000) / 20_000).toBeLessThan(0.08);
    const back = Distinct.fromJSON(JSON.parse(JSON.stringify(d.toJSON())), 10);
    expect(back.estimate()).toBe(d.estimate());
    expect(Distinct.fromJSON({ p: 10, h: "nope" }, 10).estimate()).toBe(0);
  });

  it("Hist entropy: one value is 0 bits, many distinct values close to 6", () => {
    const one = new Hist();
    for (let i = 0; i < 100; i++) one.add("curl/8");
    expect(one.entropy()).toBe(0);
    const many = new Hist();
    for (let i = 0; i < 5000; i++) many.add(`ua${i}`);
    expect(many.entropy()).toBeGreaterThan(5.8);
  });

  it("subnetKey groups IPv4 by /24 and IPv6 by /48, and never throws", () => {
    expect(subnetKey("203.0.113.77")).toBe("203.0.113.0/24");
    expect(subnetKey("2001:db8:1:2::5")).toBe("2001:db8:1::/48");
    expect(subnetKey("::ffff:198.51.100.9")).toBe("198.51.100.0/24");
    expect(subnetKey("not an ip")).toBe("not an ip");
  });

  it("Bloom remembers what it saw and survives a round trip", () => {
    const b = Bloom.forCount(1000);
    for (let i = 0; i < 1000; i++) b.add(`10.0.${i >> 8}.${i & 255}`);
    expect(b.has("10.0.1.7")).toBe(true);
    let fp = 0;
    for (let i = 0; i < 1000; i++) if (b.has(`172.16.${i >> 8}.${i & 255}`)) fp++;
    expect(fp).toBeLessThan(20);
    const back = Bloom.fromJSON(JSON.parse(JSON.stringify(b.toJSON())));
    expect(back.has("10.0.1.7")).toBe(true);
    expect(back.fill()).toBeCloseTo(b.fill(), 10);
  });
});

describe("isolate pre-aggregation and merge", () => {
  it("deltas from several isolates merge into the same windows as one isolate's", () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 1, max: 4 }),
        (raw, parts) => {
          const events = raw
            .map((r) =>
              ev({
                ip: r.ip,
                ts: T0 + r.dt,
                endpoint: r.endpoint,
                method: r.endpoint?.startsWith("POST") ? "POST" : "GET",
                path: `/a/${r.id}`,
                status: r.status,
                userAgent: r.ua,
              }),
            )
            .sort((a, b) => a.ts - b.ts);
          const one = new AggregateState();
          const single = new IsolateAggregator(APP, { isAuth });
          for (const e of events) single.observe(e);
          one.ingest(single.take()!);
          const many = new AggregateState();
          const isolates = Array.from({ length: parts }, () => new IsolateAggregator(APP, { isAuth }));
          events.forEach((e, i) => {
            isolates[i % parts]!.observe(e);
          });
          for (const iso of isolates) {
            const d = iso.take();
            if (d) many.ingest(JSON.parse(JSON.stringify(d)));
          }
          for (const key of one.keys.keys()) {
            const a = one.keys.get(key)!.window(1, T0 + 900);
            const b = many.keys.get(key)!.window(1, T0 + 900);
            expect([b.n, b.e4, b.auth, b.nf, b.e5, b.ips.estimate(), b.params.estimate()]).toEqual([
              a.n,
              a.e4,
              a.auth,
              a.nf,
              a.e5,
              a.ips.estimate(),
              a.params.estimate(),
            ]);
            expect(b.ua.entropy()).toBeCloseTo(a.ua.entropy(), 10);
          }
          // Every address is new exactly once, whichever isolate saw it first.
          const distinct = new Set(events.map((e) => e.ip)).size;
          expect(many.keys.get(APP_KEY)!.window(1, T0 + 900).newIps).toBe(distinct);
          expect(one.keys.get(APP_KEY)!.window(1, T0 + 900).newIps).toBe(distinct);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("counts auth failures only on authentication endpoints and groups unknown paths", () => {
    const agg = new IsolateAggregator(APP, { isAuth });
    agg.observe(ev({ ip: "1.2.3.4", ts: T0, method: "POST", endpoint: "POST /api/login", status: 401 }));
    agg.observe(ev({ ip: "1.2.3.4", ts: T0 + 1, endpoint: "GET /a", status: 401 }));
    agg.observe(ev({ ip: "1.2.3.4", ts: T0 + 2, path: "/.env", status: 404 }));
    const st = new AggregateState();
    st.ingest(agg.take()!);
    const app = st.keys.get(APP_KEY)!.window(0, T0 + 60);
    expect([app.n, app.auth, app.nf, app.e4]).toEqual([3, 1, 1, 3]);
    expect(st.keys.get(UNMATCHED_KEY)!.window(0, T0 + 60).n).toBe(1);
    expect(agg.take()).toBeNull();
  });

  it("apiward's own answers are presence only: never traffic, a new source, evidence or a participant", () => {
    const agg = new IsolateAggregator(APP, { isAuth });
    const refusedIp = "198.51.100.7";
    for (let i = 0; i < 4; i++)
      agg.observe(
        ev({ ip: refusedIp, ts: T0 + i, endpoint: "GET /api/p/{id}", path: `/api/p/${i}`, blockedByApiward: true }),
      );
    agg.observe(ev({ ip: "198.51.100.8", ts: T0 + 5, endpoint: "GET /api/p/{id}", path: "/api/p/9" }));
    const d = agg.take()!;
    const row = d.ips.find((x) => x.ip === refusedIp)!;
    expect(row.entry).toBe("GET /api/p/{id}");
    expect(row.rows).toEqual([[T0, "GET /api/p/{id}", 0, 0, 0, 0, [], 4]]);
    const st = new AggregateState();
    st.ingest(d);
    const app = st.keys.get(APP_KEY)!.window(0, T0 + 60);
    expect([app.n, app.blocked, app.newIps]).toEqual([1, 4, 1]);
    const key = st.keys.get("GET /api/p/{id}")!.window(0, T0 + 60);
    expect([key.n, key.newIps, key.ips.estimate()]).toEqual([1, 1, 1]);
    // Its presence and entry key are kept; it did nothing a window or a look deeper counts.
    const e = st.ips.get(refusedIp)!;
    expect([e.entry, e.known]).toEqual(["GET /api/p/{id}", false]);
    expect(st.ips.participants("GET /api/p/{id}", T0, T0 + 300)).toEqual(["198.51.100.8"]);
    expect(st.ips.evidence(e, new Set(["GET /api/p/{id}"]), T0, T0 + 300)).toMatchObject({
      reqT: 0,
      reqAll: 0,
      keys: 0,
    });
    // A delta from an older isolate (rows of seven fields) still merges.
    const old = new AggregateState();
    old.ingest({ ...d, ips: d.ips.map((x) => ({ ...x, rows: x.rows.map((r) => r.slice(0, 7) as typeof r) })) });
    expect(old.ips.get("198.51.100.8")?.slots.size).toBe(1);
    // Presence is kept only while the table is under half full: a refused flood evicts nothing.
    const small = new AggregateState({ maxIps: 10 });
    const flood = new IsolateAggregator(APP, { isAuth });
    for (let i = 0; i < 4; i++) flood.observe(ev({ ip: `192.0.2.${i}`, ts: T0 }));
    for (let i = 0; i < 50; i++) flood.observe(ev({ ip: `203.0.113.${i}`, ts: T0, blockedByApiward: true }));
    small.ingest(flood.take()!);
    expect(small.ips.size).toBe(5);
    expect([0, 1, 2, 3].every((i) => small.ips.get(`192.0.2.${i}`) !== undefined)).toBe(true);
  });

  it("caps addresses per delta, keeping the heaviest, and never throws on junk", () => {
    const agg = new IsolateAggregator(APP, { isAuth, maxIps: 3 });
    for (let i = 0; i < 10; i++) for (let k = 0; k <= i; k++) agg.observe(ev({ ip: `9.9.9.${i}`, ts: T0 + k }));
    agg.observe(null as never);
    agg.observe({ ...ev({ ip: "1.1.1.1", ts: Number.NaN }) });
    const d = agg.take()!;
    expect(d.ips.map((x) => x.ip).sort()).toEqual(["9.9.9.7", "9.9.9.8", "9.9.9.9"]);
    expect(d.droppedIps).toBe(7);
    const st = new AggregateState();
    expect(st.ingest({ app: "", slices: [], ips: [], droppedIps: 0 })).toMatch(/delta.app/);
    expect(
      st.ingest({ app: APP, slices: [[T0, "x", "junk" as never]], ips: [null as never], droppedIps: 0 }),
    ).toBeNull();
  });

  it("parameter values: path and sorted query values", () => {
    expect(
      paramKey({
        path: "/api/products/7",
        query: [
          ["b", "2"],
          ["a", "1"],
        ],
      }),
    ).toBe("/api/products/7?1&2");
    expect(paramKey({})).toBe("");
  });
});

describe("windows", () => {
  it("each level sums its slices and forgets what no window can reach", () => {
    const kw = new KeyWindows();
    for (let m = 0; m < 120; m++) {
      const s = new Slice();
      s.n = 1;
      kw.addMinute(T0 + m * 60, s);
    }
    const end = T0 + 120 * 60;
    expect(kw.window(0, end).n).toBe(5);
    expect(kw.window(1, end).n).toBe(30);
    expect(kw.window(2, end).n).toBe(120);
    const back = KeyWindows.fromJSON(JSON.parse(JSON.stringify(kw.toJSON())));
    expect(back.window(1, end).n).toBe(30);
    expect(kw.prune(end + 2 * 86_400)).toBe(true);
  });

  it("features of an empty window are zeros; ratios and logs otherwise", () => {
    expect([...windowFeatures(new Slice())].every((x) => x === 0)).toBe(true);
    const s = new Slice();
    s.n = 10;
    s.e4 = 5;
    const x = windowFeatures(s);
    expect(x[0]).toBeCloseTo(Math.log1p(10));
    expect(x[5]).toBe(0.5);
  });
});
