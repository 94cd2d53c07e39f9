/**
 * Campaign attribution (core/anomaly/campaign.ts): once a distributed attack
 * has a core of sources mitigated one by one, new addresses that share its
 * fingerprint are members too, but only through fingerprints that history
 * measures as rare among new clients, and only while the campaign's matches
 * stand out from the background. Unit tests of the shape tally and of each
 * guard, then the whole pipeline on a proxy-pool scrape.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Campaigns } from "../../../core/anomaly/campaign.ts";
import { AnomalyDetector } from "../../../core/anomaly/detector.ts";
import { type IpEntry, IpTable } from "../../../core/anomaly/ip-table.ts";
import { parseAnomalyModel } from "../../../core/anomaly/model.ts";
import { DEFAULT_POLICY, resolvePolicy } from "../../../core/anomaly/policy.ts";
import { HORIZON_S, ShapeTally, type VisitShape, visitShape } from "../../../core/anomaly/shapes.ts";
import type { AnomalyEvent } from "../../../core/anomaly/types.ts";
import { background, isAuth, replay, trainedModel } from "./harness.ts";
import { APP, ev, flashCrowd, proxyScrape, rng, T0 } from "./traffic.ts";

const START = T0 + 86_400;
const PRODUCT = "GET /api/products/{id}";
const REVIEWS = "GET /api/products/{id}/reviews";
const PAGE = "GET /products/{slug}";
const ASSET = "GET /static/{file}";

/** An address that entered by `entry` at `first`, with `rows` of [offset s, key, requests, refused]. */
function entry(t: IpTable, ip: string, first: number, rows: Array<[number, string, number, number?]>, known = false) {
  const e = t.touch(ip, () => ({
    ip,
    net: `${ip}/32`,
    asn: 0,
    first,
    last: first,
    known,
    entry: rows[0]?.[1] ?? "",
    goodBot: false,
  }));
  let h = 1;
  for (const [dt, key, n, refused] of rows) {
    const p = Array.from({ length: n }, () => h++);
    t.record(e, first + dt, key, n, 0, 0, 0, p, refused ?? 0);
  }
  return e;
}

function shape(entryKey: string, keys: string[], distinct = true): VisitShape {
  return {
    entry: entryKey,
    keys: [...keys].sort(),
    wide: false,
    requests: 3,
    distinct,
    e4: false,
    fail: false,
    refused: false,
  };
}

/** History of `clients` new clients over a day: people landing on pages and loading assets, plus `extra` shapes. */
function history(clients: number, extra: VisitShape[] = [], span = 86_400): ShapeTally {
  const t = new ShapeTally();
  for (let i = 0; i < clients - extra.length; i++) t.add(shape(PAGE, [PAGE, ASSET, PRODUCT]));
  for (const s of extra) t.add(s);
  t.span = span;
  return t;
}

const CAMPAIGN_START = START + 600;
const NOW = CAMPAIGN_START + 1800;

/** A table with a core of 12 scraping addresses and `members` more that read two products each. */
function scene(members: number) {
  const t = new IpTable();
  const core: IpEntry[] = [];
  for (let i = 0; i < 12; i++)
    core.push(
      entry(t, `198.51.100.${i}`, CAMPAIGN_START + i * 10, [
        [0, PRODUCT, 2],
        [200, REVIEWS, 1],
      ]),
    );
  const campaigns = new Campaigns();
  campaigns.confirm(
    "distributed_scraper",
    [PRODUCT],
    "f1",
    CAMPAIGN_START - 300,
    CAMPAIGN_START + 600,
    core.map((e) => ({ e, keys: t.keysOf(e, CAMPAIGN_START - 300, CAMPAIGN_START + 900) })),
  );
  const ms: IpEntry[] = [];
  for (let i = 0; i < members; i++)
    ms.push(
      entry(t, `203.0.113.${i}`, CAMPAIGN_START + 300 + i * 20, [
        [0, PRODUCT, 1],
        [120, PRODUCT, 1],
      ]),
    );
  return { t, campaigns, core, members: ms };
}

const never = () => false;

// Training on a synthetic day takes a few seconds on a shared machine: once per file.
beforeAll(() => {
  trainedModel();
}, 60_000);

describe("first-visit shapes", () => {
  it("a visit's shape is its entry, the keys of its first two slots and its pattern", () => {
    const t = new IpTable();
    const e = entry(t, "192.0.2.1", START + 10, [
      [0, PAGE, 1],
      [5, ASSET, 2],
      [400, PRODUCT, 3],
      // Past the horizon (the first two 5-minute slots): not part of the shape.
      [HORIZON_S + 10, REVIEWS, 1],
    ]);
    expect(visitShape(e)).toEqual({
      entry: PAGE,
      keys: [ASSET, PRODUCT, PAGE].sort(),
      wide: false,
      requests: 6,
      distinct: true,
      e4: false,
      fail: false,
      refused: false,
    });
    const refused = entry(t, "192.0.2.2", START + 10, [[0, PRODUCT, 0, 3]]);
    expect(visitShape(refused)).toMatchObject({ entry: PRODUCT, keys: [PRODUCT], requests: 0, refused: true });
  });

  it("the tally counts shapes per entry key, round-trips, and counts overflow as a match of every fingerprint", () => {
    const t = new ShapeTally();
    t.add(shape(PAGE, [PAGE, ASSET]));
    t.add(shape(PAGE, [PAGE, ASSET]));
    t.add(shape(PRODUCT, [PRODUCT]));
    t.span = 3600;
    const back = ShapeTally.fromJSON(JSON.parse(JSON.stringify(t.toJSON()))) as ShapeTally;
    expect(back.clients).toBe(3);
    expect(back.span).toBe(3600);
    expect(back.matches(PAGE, () => true)).toBe(2);
    expect(back.matches(PAGE, (s) => s.keys.length === 1)).toBe(0);
    expect(back.matches(PRODUCT, (s) => s.keys.includes(PRODUCT))).toBe(1);
    // 256 distinct shapes per entry key at most: the rest are counted as matching anything.
    const big = new ShapeTally();
    for (let i = 0; i < 300; i++) big.add(shape(PAGE, [PAGE, `GET /k${i}`]));
    expect(big.matches(PAGE, () => false)).toBe(44);
    expect(ShapeTally.fromJSON({ clients: 1, entries: [["x", "nope", 0]] })).toBeNull();
  });

  it("a model's malformed tally is named, an absent one leaves attribution off", () => {
    const { model } = trainedModel();
    expect(model.shapes?.clients).toBeGreaterThan(200);
    const broken = parseAnomalyModel({ ...JSON.parse(JSON.stringify(model.model)), shapes: { clients: "x" } });
    expect(broken).toBe("anomaly.shapes: malformed first-visit shape tally");
    const { shapes: _, ...older } = JSON.parse(JSON.stringify(model.model));
    const parsed = parseAnomalyModel(older);
    expect(typeof parsed === "string" ? parsed : parsed.shapes).toBeNull();
  });
});

describe("campaign attribution guards", () => {
  it("attributes new addresses that fit the core's fingerprint when history says few new clients do", () => {
    const { t, campaigns, members } = scene(20);
    const found = campaigns.attribute(NOW, t.entries(), history(1000), DEFAULT_POLICY, never);
    expect(found.map((a) => a.ip).sort()).toEqual(members.map((e) => e.ip).sort());
    expect(found[0]?.baseRate).toBeCloseTo(1 / 1002, 6);
    // Attributed once: the caller mitigates them, and a second pass skips what is mitigated.
    const mitigated = new Set(found.map((a) => a.ip));
    expect(
      campaigns.attribute(NOW + 300, t.entries(), history(1000), DEFAULT_POLICY, (ip) => mitigated.has(ip)),
    ).toEqual([]);
  });

  it("the measured guard: nothing is attributed through a fingerprint 2% of history's new clients share", () => {
    const { t, campaigns } = scene(20);
    const common = Array.from({ length: 20 }, () => shape(PRODUCT, [PRODUCT]));
    expect(campaigns.attribute(NOW, t.entries(), history(1000, common), DEFAULT_POLICY, never)).toEqual([]);
    // The same with too little history to measure anything (100 new clients: at best 1%).
    expect(campaigns.attribute(NOW, t.entries(), history(100), DEFAULT_POLICY, never)).toEqual([]);
    // Or no tally at all (an older model).
    expect(campaigns.attribute(NOW, t.entries(), null, DEFAULT_POLICY, never)).toEqual([]);
    // And a policy that turns attribution off.
    const off = resolvePolicy({ attribution: { max_base_rate: 0 } }).policy;
    expect(campaigns.attribute(NOW, t.entries(), history(1000), off, never)).toEqual([]);
  });

  it("only new addresses, first seen since the attack began, that touched nothing else and finished their first ten minutes", () => {
    const { t, campaigns } = scene(0);
    entry(t, "192.0.2.10", CAMPAIGN_START + 400, [[0, PRODUCT, 2]], true); // known
    entry(t, "192.0.2.11", CAMPAIGN_START - 900, [[0, PRODUCT, 2]]); // before the attack
    entry(t, "192.0.2.12", CAMPAIGN_START + 400, [
      [0, PRODUCT, 1],
      [30, ASSET, 2],
    ]); // loads assets
    entry(t, "192.0.2.13", NOW - 200, [[0, PRODUCT, 2]]); // first ten minutes not over
    entry(t, "192.0.2.14", CAMPAIGN_START + 400, [[0, PAGE, 2]]); // entered where the core never does
    const e = entry(t, "192.0.2.15", CAMPAIGN_START + 400, [[0, PRODUCT, 2]]); // a member
    const found = campaigns.attribute(NOW, t.entries(), history(1000), DEFAULT_POLICY, never);
    expect(found.map((a) => a.ip)).toEqual([e.ip]);
  });

  it("a refused address is judged by its entry key alone, with that key's own base rate", () => {
    const { t, campaigns } = scene(0);
    const refused = entry(t, "192.0.2.20", CAMPAIGN_START + 400, [[0, PRODUCT, 0, 4]]);
    // History: nobody enters at the product API.
    expect(campaigns.attribute(NOW, t.entries(), history(1000), DEFAULT_POLICY, never).map((a) => a.ip)).toEqual([
      refused.ip,
    ]);
    // History: 3% of new clients enter there, all of them loading more than the campaign does.
    // The whole fingerprint is rare, the entry key is not: a refused address says too little.
    const apps = Array.from({ length: 30 }, () => shape(PRODUCT, [PRODUCT, "GET /api/me", "GET /api/cart"]));
    const { t: t2, campaigns: c2 } = scene(0);
    entry(t2, "192.0.2.20", CAMPAIGN_START + 400, [[0, PRODUCT, 0, 4]]);
    const member = entry(t2, "192.0.2.21", CAMPAIGN_START + 400, [[0, PRODUCT, 2]]);
    expect(c2.attribute(NOW, t2.entries(), history(1000, apps), DEFAULT_POLICY, never).map((a) => a.ip)).toEqual([
      member.ip,
    ]);
  });

  it("matches that do not stand out from the background are not attributed", () => {
    // A busy site (1,000 new clients an hour) where 0.4% of them fit: over the half hour of the
    // campaign the background alone would produce about two of the three matches.
    const { t, campaigns } = scene(3);
    const some = Array.from({ length: 3 }, () => shape(PRODUCT, [PRODUCT]));
    expect(campaigns.attribute(NOW, t.entries(), history(1000, some, 3600), DEFAULT_POLICY, never)).toEqual([]);
    // The same matches on a quiet site stand out.
    expect(campaigns.attribute(NOW, t.entries(), history(1000, some), DEFAULT_POLICY, never)).toHaveLength(3);
  });

  it("campaigns lapse half an hour after their last confirmation and survive a snapshot", () => {
    const { campaigns } = scene(0);
    const back = Campaigns.fromJSON(JSON.parse(JSON.stringify(campaigns.toJSON())));
    expect(back.list()).toEqual(campaigns.list());
    expect(back.list()[0]?.core).toHaveLength(12);
    back.expire(CAMPAIGN_START + 600 + 1799);
    expect(back.size).toBe(1);
    back.expire(CAMPAIGN_START + 600 + 1801);
    expect(back.size).toBe(0);
    expect(Campaigns.fromJSON("junk").size).toBe(0);
  });
});

describe("campaign attribution end to end", () => {
  const scrape = () => proxyScrape(rng(21), 200, START + 1200, 1, 700);

  it("flags ≥ 90% of a proxy-pool scrape's addresses, a handful of requests each, and no visitor", () => {
    const attack = scrape();
    const per = new Map<string, number>();
    for (const e of attack) per.set(e.ip, (per.get(e.ip) ?? 0) + 1);
    // Each address alone does what a visitor does: a few requests.
    expect(Math.max(...per.values())).toBeLessThanOrEqual(15);
    const out = replay([...background(21), ...attack]);
    const own = out.mitigations.filter((m) => m.scope === "client");
    const flagged = new Set(own.map((m) => m.target));
    const attackers = [...per.keys()];
    expect(attackers.filter((ip) => flagged.has(ip)).length / attackers.length).toBeGreaterThanOrEqual(0.9);
    expect([...flagged].filter((ip) => !per.has(ip))).toEqual([]);
    // Most were attributed as members of the campaign, not found one by one.
    const members = own.filter((m) => m.reasons[0]?.feature === "campaign_member");
    expect(members.length).toBeGreaterThan(own.length / 4);
    expect(members.every((m) => m.kind === "distributed_scraper" && m.action === "challenge")).toBe(true);
    expect(members[0]?.reasons[0]?.detail).toMatch(/% of new clients in history (do that|enter there)/);
    // The campaign is part of the detector's snapshot (the Durable Object saves it between evictions).
    expect(out.detector.campaigns.size).toBeGreaterThan(0);
    const again = new AnomalyDetector({ app: APP, model: trainedModel().model, isAuth });
    again.restore(JSON.parse(JSON.stringify(out.detector.snapshot())));
    expect(again.campaigns.list()).toEqual(out.detector.campaigns.list());
  });

  it("safeguard: a known partner's integration polling the scraped endpoint all along is not a participant", () => {
    // Addresses seen in training that call one endpoint for an object after object (a price or stock
    // sync) have always "entered at the target": that is no evidence against them during a scrape.
    const partners = trainedModel().returning.slice(0, 5);
    const r = rng(5);
    const poll: AnomalyEvent[] = [];
    for (const ip of partners)
      for (let t = START; t < START + 3600; t += 60 + r() * 30) {
        const path = `/api/products/${Math.floor(r() * 5000)}`;
        poll.push(ev({ ip, ts: t, endpoint: "GET /api/products/{id}", path, userAgent: "partner-sync/2.1" }));
      }
    const out = replay([...background(24), ...poll, ...proxyScrape(rng(21), 200, START + 1200, 1, 2400)]);
    const flagged = out.mitigations.filter((m) => m.scope === "client").map((m) => m.target);
    expect(flagged.length).toBeGreaterThan(150);
    expect(flagged.filter((ip) => partners.includes(ip))).toEqual([]);
  });

  it("safeguard: a flash crowd landing during the scrape is not attributed", () => {
    const attack = scrape();
    const crowd = flashCrowd(rng(22), 300, START + 1500, 600);
    const visitors = new Set(crowd.map((e) => e.ip));
    const out = replay([...background(22), ...attack, ...crowd]);
    const flagged = out.mitigations.filter((m) => m.scope === "client").map((m) => m.target);
    expect(flagged.length).toBeGreaterThan(150);
    expect(flagged.filter((ip) => visitors.has(ip))).toEqual([]);
  });
});
