/**
 * Applying published mitigations without waiting: client mitigations by
 * client key or address, endpoint mitigations only for clients new since the
 * anomaly began that entered at that endpoint, rate limits per 10 s,
 * verified crawlers exempt; and the table's TTLs, extensions and audit.
 */
import { describe, expect, it } from "vitest";
import { MitigationIndex } from "../../../core/anomaly/enforce.ts";
import type { Evidence } from "../../../core/anomaly/ip-table.ts";
import { AnomalyMitigations } from "../../../core/anomaly/mitigations.ts";
import { DEFAULT_POLICY, resolvePolicy } from "../../../core/anomaly/policy.ts";
import { COMPONENT_COUNT, ownEvidence, suspicionScores, weightVector } from "../../../core/anomaly/suspicion.ts";

const T = 1_800_000_000;

function table(): AnomalyMitigations {
  const t = new AnomalyMitigations();
  t.put({
    app: "a",
    target: "203.0.113.9",
    scope: "client",
    kind: "distributed_scan",
    now: T,
    act: { action: "block", ttl_s: 600 },
    reasons: [],
  });
  t.put({
    app: "a",
    target: "POST /login",
    scope: "endpoint",
    kind: "distributed_bruteforce",
    now: T,
    since: T - 300,
    act: { action: "challenge", ttl_s: 600 },
    reasons: [],
  });
  t.put({
    app: "a",
    target: "GET /search",
    scope: "endpoint",
    kind: "distributed_dos",
    now: T,
    since: T - 300,
    act: { action: "rate_limit", ttl_s: 600, limit_10s: 2 },
    reasons: [],
  });
  return t;
}

describe("mitigation index", () => {
  it("blocks a mitigated source by its client key and by its address", () => {
    const idx = new MitigationIndex();
    idx.load(table().list(T));
    expect(idx.check("GET /x", "203.0.113.9", "203.0.113.9", T + 1)?.action).toBe("block");
    expect(idx.check("GET /x", "user:alice", "203.0.113.9", T + 1)?.id).toBe("distributed_scan");
    expect(idx.check("GET /x", "198.51.100.1", "198.51.100.1", T + 1)).toBeNull();
    expect(idx.check("GET /x", "203.0.113.9", "203.0.113.9", T + 601)).toBeNull();
  });

  it("applies an endpoint mitigation to new clients entering there, not to known ones or verified crawlers", () => {
    const idx = new MitigationIndex();
    idx.seen("10.0.0.1", T - 1000, "POST /login"); // known before the anomaly
    idx.seen("10.0.0.2", T, "GET /"); // new, but entered on a page
    idx.load(table().list(T));
    expect(idx.check("POST /login", "10.0.0.1", "10.0.0.1", T + 5)).toBeNull();
    expect(idx.check("POST /login", "10.0.0.2", "10.0.0.2", T + 5)).toBeNull();
    expect(idx.check("POST /login", "10.0.0.3", "10.0.0.3", T + 5)?.action).toBe("challenge");
    expect(idx.check("POST /login", "10.0.0.4", "10.0.0.4", T + 5, true)).toBeNull();
  });

  it("with endpointLimitsOnly applies an endpoint's rate limit but not its challenge; the client's own mitigation still", () => {
    const idx = new MitigationIndex();
    idx.load(table().list(T));
    expect(idx.check("POST /login", "10.0.0.5", "10.0.0.5", T + 5, false, true)).toBeNull();
    expect(idx.check("POST /login", "10.0.0.5", "10.0.0.5", T + 6)?.action).toBe("challenge");
    const answers = Array.from({ length: 3 }, (_, i) =>
      idx.check("GET /search", "10.0.0.6", "10.0.0.6", T + 1 + i * 0.1, false, true),
    );
    expect(answers.map((a) => a?.action ?? "pass")).toEqual(["pass", "pass", "rate_limit"]);
    expect(idx.check("GET /x", "203.0.113.9", "203.0.113.9", T + 1, false, true)?.action).toBe("block");
  });

  it("rate-limits new clients of a flooded endpoint to limit_10s requests per 10 s", () => {
    const idx = new MitigationIndex();
    idx.load(table().list(T));
    const answers = Array.from({ length: 5 }, (_, i) =>
      idx.check("GET /search", "10.1.1.1", "10.1.1.1", T + 1 + i * 0.1),
    );
    expect(answers.map((a) => a?.action ?? "pass")).toEqual(["pass", "pass", "rate_limit", "rate_limit", "rate_limit"]);
    expect(idx.check("GET /search", "10.1.1.1", "10.1.1.1", T + 12)).toBeNull();
  });
});

describe("mitigation table", () => {
  it("extends instead of piling up, lifts, expires, and audits each change", () => {
    const t = table();
    const a = t.put({
      app: "a",
      target: "203.0.113.9",
      scope: "client",
      kind: "distributed_scan",
      now: T + 700,
      act: { action: "block", ttl_s: 600 },
      reasons: [],
    });
    expect(a.created).toBe(true); // the first one had ended
    const b = t.put({
      app: "a",
      target: "203.0.113.9",
      scope: "client",
      kind: "distributed_scan",
      now: T + 1000,
      act: { action: "block", ttl_s: 600 },
      reasons: [],
    });
    expect(b.created).toBe(false);
    expect(b.m.id).toBe(a.m.id);
    expect(b.m.until).toBe(T + 1600);
    expect(t.list(T + 1000).filter((m) => m.target === "203.0.113.9")).toHaveLength(1);
    expect(t.lift("endpoint", "POST /login", "distributed_bruteforce", T + 10, "window back to normal")).toBe(true);
    t.expire(T + 5000);
    expect(t.list(T + 5000)).toEqual([]);
    const events = t.audit.map((r) => r.event);
    expect(events).toContain("created");
    expect(events).toContain("lifted");
    expect(events).toContain("expired");
    const back = AnomalyMitigations.fromJSON(JSON.parse(JSON.stringify(t.toJSON())));
    expect(back.audit.length).toBe(t.audit.length);
  });
});

describe("suspicion", () => {
  const ev = (p: Partial<Evidence>): Evidence => ({
    reqT: 0,
    reqAll: 0,
    failT: 0,
    nfT: 0,
    e4T: 0,
    e4All: 0,
    paramsT: 0,
    slotsT: 1,
    activeS: 300,
    keys: 1,
    ...p,
  });

  it("own evidence per kind: failures, probing, a rate beyond a client's, distinct objects and little else", () => {
    expect(ownEvidence("distributed_bruteforce", ev({ reqT: 2, reqAll: 2, failT: 2 }), null)).toBe(1);
    expect(ownEvidence("distributed_bruteforce", ev({ reqT: 2, reqAll: 9, failT: 1 }), null)).toBeCloseTo(0.25);
    expect(ownEvidence("distributed_scan", ev({ reqT: 1, reqAll: 1, e4T: 1, e4All: 1 }), null)).toBe(1);
    expect(ownEvidence("distributed_scan", ev({ reqT: 1, reqAll: 10, e4T: 1, e4All: 1 }), null)).toBeCloseTo(0.1);
    const norm = {
      rate: [1, 4, 6] as [number, number, number],
      params: [1, 3, 5] as [number, number, number],
      entry_share: 0,
      clients: 10,
    };
    expect(ownEvidence("distributed_dos", ev({ reqT: 60, reqAll: 60 }), norm)).toBe(1);
    expect(ownEvidence("distributed_dos", ev({ reqT: 3, reqAll: 3, activeS: 60 }), norm)).toBe(0); // three quick searches
    expect(ownEvidence("distributed_scraper", ev({ reqT: 3, reqAll: 3, paramsT: 3, keys: 1 }), norm)).toBe(1);
    expect(ownEvidence("distributed_scraper", ev({ reqT: 3, reqAll: 12, paramsT: 3, keys: 6 }), norm)).toBe(0);
  });

  it("scores rows as a clamped weighted sum (NaN counts as nothing)", () => {
    const w = weightVector(DEFAULT_POLICY.weights);
    const rows = Float64Array.from([1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 2, -1, Number.NaN, 0.5, 1]);
    const out = new Float64Array(3);
    suspicionScores(rows, rows.length / COMPONENT_COUNT, w, out);
    expect(out[0]).toBeCloseTo(1);
    expect(out[1]).toBe(0);
    expect(out[2]).toBeCloseTo(0.25 + 0.15 * 0.5 + 0.1);
  });

  it("policy overrides are validated field by field", () => {
    expect(resolvePolicy({ ip_threshold: 0.7 }).policy.ip_threshold).toBe(0.7);
    expect(resolvePolicy({ z_gate: "high" }).errors).toEqual(["anomaly.z_gate: expected a number in [1, 50]"]);
    const a = resolvePolicy({ attribution: { max_base_rate: 0.001 } });
    expect([a.errors, a.policy.attribution]).toEqual([[], { max_base_rate: 0.001, min_precision: 0.9 }]);
    expect(resolvePolicy({ attribution: { min_precision: 2 } }).errors).toEqual([
      "anomaly.attribution.min_precision: expected a number in [0.5, 1]",
    ]);
    expect(resolvePolicy({ attribution: 1 }).errors).toEqual(["anomaly.attribution: expected an object"]);
  });
});
