/**
 * One simulated half hour with every kind of client: records follow the
 * traffic-record contract (core/traffic/ndjson.ts accepts every line), come
 * out sorted, carry the label of their kind, every kind appears, and each
 * kind behaves as the real thing does (issues 4, 7, 8).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { toTrafficRecord } from "../../../core/traffic/ndjson.ts";
import { ALL_KINDS, DISTRIBUTED_KINDS, type Kind, labelOf } from "../../../sim/kinds.ts";
import { LabelIndex } from "../../../sim/labels.ts";
import { generateScenario, type Mix } from "../../../sim/scenario.ts";
import type { LabelledRecord } from "../../../sim/types.ts";

const START = 1_772_409_600 + 14 * 3600;
const DURATION = 1800;
const mix: Mix = Object.fromEntries(ALL_KINDS.map((k) => [k, 3]));
Object.assign(mix, {
  human: 25,
  mobile_app: 6,
  login_dos: 1,
  http_dos: 1,
  distributed_bruteforce: 300,
  distributed_dos: 30,
  distributed_scraper: 40,
  distributed_scan: 40,
  flash_crowd: 12,
  big_nat: 12,
  daily_rise: 8,
});

let recs: LabelledRecord[] = [];
const byKind = new Map<Kind, LabelledRecord[]>();
const ofKind = (k: Kind) => byKind.get(k) ?? [];
const byIp = (list: LabelledRecord[]) => {
  const m = new Map<string, LabelledRecord[]>();
  for (const r of list) {
    const l = m.get(r.ip);
    if (l) l.push(r);
    else m.set(r.ip, [r]);
  }
  return m;
};

beforeAll(async () => {
  recs = await generateScenario({
    seed: 11,
    startTs: START,
    durationS: DURATION,
    mix,
    attackLevels: ["medium", "slow"],
  });
  for (const r of recs) {
    const l = byKind.get(r.kind);
    if (l) l.push(r);
    else byKind.set(r.kind, [r]);
  }
}, 120_000);

describe("scenario records", () => {
  it("follow the traffic-record contract and stay inside the window, sorted by ts", () => {
    expect(recs.length).toBeGreaterThan(1000);
    const problems: string[] = [];
    for (let i = 0; i < recs.length; i++) {
      const r = recs[i] as LabelledRecord;
      const parsed = toTrafficRecord(JSON.parse(JSON.stringify(r)));
      if (typeof parsed === "string") problems.push(`${i}: ${parsed}`);
      if (!(r.ts >= START && r.ts < START + DURATION)) problems.push(`${i}: ts ${r.ts} outside the window`);
      if (i > 0 && r.ts < (recs[i - 1] as LabelledRecord).ts) problems.push(`${i}: not sorted`);
      if (!r.url.startsWith("/")) problems.push(`${i}: url ${r.url}`);
      if (!Number.isInteger(r.status) || r.status < 100 || r.status > 599) problems.push(`${i}: status ${r.status}`);
      if (!(r.bytes >= 0 && r.latency_ms > 0)) problems.push(`${i}: bytes/latency`);
      if (typeof r.headers["user-agent"] !== "string") problems.push(`${i}: no user-agent`);
      for (const name of Object.keys(r.headers)) if (name !== name.toLowerCase()) problems.push(`${i}: header ${name}`);
      if (r.label !== labelOf(r.kind)) problems.push(`${i}: label ${r.label} for ${r.kind}`);
      if (r.body !== undefined && r.method === "GET") problems.push(`${i}: GET with a body`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it("cover every kind, each with its label", () => {
    const missing = ALL_KINDS.filter((k) => ofKind(k).length === 0);
    expect(missing).toEqual([]);
    const labels = new LabelIndex();
    for (const r of recs) labels.add(r);
    const json = labels.toJSON();
    for (const l of Object.values(json)) {
      expect(l.label).toBe(labelOf(l.kind));
      expect(l.first_ts).toBeLessThanOrEqual(l.last_ts);
    }
    expect(Object.values(json).reduce((s, l) => s + l.requests, 0)).toBe(recs.length);
    // No address carries two kinds: attackers never share addresses with anyone.
    expect(Object.values(json).filter((l) => l.kinds).length).toBe(0);
    for (const k of DISTRIBUTED_KINDS)
      expect(
        Object.values(json)
          .filter((l) => l.kind === k)
          .every((l) => l.campaign === `${k}#0`),
      ).toBe(true);
  });

  it("humans load pages with their assets, think between pages and mostly get 2xx", () => {
    const h = ofKind("human");
    expect(h.some((r) => r.url === "/static/app.js")).toBe(true);
    expect(h.some((r) => r.headers["sec-fetch-dest"] === "document" && r.headers["accept-language"])).toBe(true);
    const ok = h.filter((r) => r.status < 400).length / h.length;
    expect(ok).toBeGreaterThan(0.95);
    const gaps: number[] = [];
    for (const list of byIp(h).values())
      for (let i = 1; i < list.length; i++) {
        const a = list[i - 1] as LabelledRecord;
        const b = list[i] as LabelledRecord;
        if (b.headers["sec-fetch-dest"] === "document") gaps.push(b.ts - a.ts);
      }
    gaps.sort((a, b) => a - b);
    expect(gaps[Math.floor(gaps.length / 2)]).toBeGreaterThan(1.5);
  });

  it("the mobile app calls only the API, with one app user agent per device", () => {
    const m = ofKind("mobile_app");
    expect(m.every((r) => r.url.startsWith("/api/"))).toBe(true);
    for (const list of byIp(m).values()) expect(new Set(list.map((r) => r.headers["user-agent"])).size).toBe(1);
    expect(m.filter((r) => r.identity).length / m.length).toBeGreaterThan(0.7);
  });

  it("integrations are authenticated and regular", () => {
    for (const list of byIp(ofKind("api_integration")).values()) {
      expect(list.filter((r) => r.url !== "/api/login").every((r) => r.identity?.startsWith("svc-"))).toBe(true);
      const polls = list.filter((r) => r.url !== "/api/login" && !/^\/api\/orders\/[0-9a-f-]{36}$/.test(r.url));
      const gaps = polls.slice(1).map((r, i) => r.ts - (polls[i] as LabelledRecord).ts);
      if (gaps.length < 3) continue;
      const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
      const sd = Math.sqrt(gaps.reduce((a, b) => a + (b - mean) ** 2, 0) / gaps.length);
      expect(sd / mean).toBeLessThan(0.1);
    }
  });

  it("attacks look like themselves", () => {
    const scan = ofKind("scanner");
    expect(scan.filter((r) => r.status === 404).length / scan.length).toBeGreaterThan(0.6);
    const brute = ofKind("bruteforce").filter((r) => r.url === "/api/login");
    expect(brute.filter((r) => r.status === 401).length / brute.length).toBeGreaterThan(0.9);
    const stuffing = ofKind("credential_stuffing").filter((r) => r.body);
    const names = new Set(stuffing.map((r) => (JSON.parse(r.body as string) as { username: string }).username));
    expect(names.size / stuffing.length).toBeGreaterThan(0.5);
    expect(ofKind("enumeration").some((r) => r.status === 403 && r.url.startsWith("/api/orders/"))).toBe(true);
    expect(
      ofKind("injection").some((r) => /%27|'|%3C|<|jndi|\.\./i.test(r.url + (r.body ?? "") + r.headers["user-agent"])),
    ).toBe(true);
    expect(ofKind("login_dos").every((r) => r.url === "/api/login" && r.method === "POST")).toBe(true);
    expect(ofKind("http_dos").every((r) => r.url.startsWith("/api/search?q="))).toBe(true);
    const scraper = ofKind("scraper");
    expect(new Set(scraper.map((r) => r.url)).size).toBeGreaterThan(50);
    const slow = ofKind("scraper_slow");
    const productPages = new Set(slow.filter((r) => r.url.startsWith("/products/")).map((r) => r.url)).size;
    expect(productPages).toBeGreaterThan(20);
  });

  it("distributed brute force uses 300+ addresses with a few attempts each", () => {
    const d = byIp(ofKind("distributed_bruteforce").filter((r) => r.url === "/api/login"));
    expect(d.size).toBeGreaterThanOrEqual(300);
    const per = [...d.values()].map((l) => l.length);
    expect(Math.max(...per)).toBeLessThanOrEqual(6);
    const scrapeIps = byIp(ofKind("distributed_scraper"));
    expect(scrapeIps.size).toBeGreaterThan(20);
    expect(new Set(ofKind("distributed_scraper").map((r) => r.headers["user-agent"])).size).toBeGreaterThan(5);
    const scanPer = [...byIp(ofKind("distributed_scan")).values()].map((l) => l.length);
    expect(Math.max(...scanPer)).toBeLessThanOrEqual(6);
  });

  it("safeguard cases: a flash crowd arrives together, a big NAT carries many people on one address", () => {
    const firsts = [...byIp(ofKind("flash_crowd")).values()]
      .map((l) => (l[0] as LabelledRecord).ts)
      .sort((a, b) => a - b);
    expect((firsts[Math.floor(firsts.length * 0.75)] as number) - (firsts[0] as number)).toBeLessThan(DURATION / 2);
    expect(ofKind("flash_crowd").some((r) => r.url.includes("utm_medium=social"))).toBe(true);
    const nat = byIp(ofKind("big_nat"));
    expect(nat.size).toBe(1);
    const uas = new Set(ofKind("big_nat").map((r) => r.headers["user-agent"]));
    expect(uas.size).toBeGreaterThan(5);
  });
});
