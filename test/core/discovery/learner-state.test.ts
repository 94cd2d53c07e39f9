import { describe, expect, it } from "vitest";
import { Learner } from "../../../core/discovery/learner.ts";
import { serviceGraph } from "../../../core/discovery/service-graph.ts";
import type { Observation } from "../../../core/discovery/types.ts";
import { pick, rand, token, userName } from "./helpers.ts";

function stream(seed: number, n: number): Observation[] {
  const r = rand(seed);
  const out: Observation[] = [];
  for (let i = 0; i < n; i++) {
    const k = r();
    const identity = pick(r, ["svc-billing", "svc-web", "user:1", "user:2"]);
    if (k < 0.4)
      out.push({ method: "GET", path: `/v1/customers/cus_${token(r, 14)}`, status: 200, identity, ts: 1000 + i });
    else if (k < 0.7)
      out.push({ method: "GET", path: `/v1/users/${userName(r)}/repos`, status: 200, identity, ts: 1000 + i });
    else
      out.push({
        method: "POST",
        path: "/v1/orders",
        body: {
          contentType: "application/json",
          text: JSON.stringify({ amount: i, currency: "usd", paid: i % 2 === 0 }),
        },
        status: 201,
        identity,
        ts: 1000 + i,
      });
  }
  return out;
}

describe("learner state", () => {
  it("round-trips through JSON to the same inventory", () => {
    const l = new Learner();
    for (const o of stream(31, 3000)) l.observe(o);
    const json = JSON.parse(JSON.stringify(l.toJSON()));
    expect(Learner.fromJSON(json).inventory()).toEqual(l.inventory());
    expect(Learner.fromJSON({ version: 99 }).inventory()).toEqual({ endpoints: [] });
    expect(Learner.fromJSON("garbage").inventory()).toEqual({ endpoints: [] });
  });

  it("merging two shards gives the templates and counts of one learner over both", () => {
    const all = stream(32, 4000);
    const one = new Learner();
    const a = new Learner();
    const b = new Learner();
    all.forEach((o, i) => {
      one.observe(o);
      (i % 2 ? a : b).observe(o);
    });
    a.merge(b);
    const summary = (l: Learner) => l.inventory().endpoints.map((e) => [e.method, e.path, e.count]);
    expect(summary(a)).toEqual(summary(one));
  });

  it("types bodies, tracks first/last seen and clients, and builds the service graph", () => {
    const l = new Learner();
    for (const o of stream(33, 2000)) l.observe(o);
    const inv = l.inventory();
    const orders = inv.endpoints.find((e) => e.path === "/v1/orders");
    expect(orders?.body).toEqual({
      amount: { type: "int", count: expect.any(Number) },
      currency: { type: "enum", count: expect.any(Number) },
      paid: { type: "bool", count: expect.any(Number) },
    });
    expect(orders?.first_seen).toBeGreaterThanOrEqual(1000);
    expect(orders?.last_seen).toBeLessThan(3000);
    expect(orders?.clients.distinct).toBe(4);
    expect(orders?.clients.top.map((c) => c.identity).sort()).toEqual(["svc-billing", "svc-web", "user:1", "user:2"]);
    const g = serviceGraph(inv);
    expect(g.nodes.filter((n) => n.kind === "client")).toHaveLength(4);
    expect(g.edges.filter((e) => e.endpoint === "POST /v1/orders").reduce((s, e) => s + e.count, 0)).toBe(
      orders?.count,
    );
  });

  it("infers query types: int, float, bool, enum, uuid, date, email, free text, and required", () => {
    const r = rand(34);
    const l = new Learner();
    for (let i = 0; i < 200; i++) {
      const q: Array<[string, string]> = [
        ["limit", String(i % 50)],
        ["price", (r() * 100).toFixed(2)],
        ["active", i % 2 ? "true" : "false"],
        ["state", pick(r, ["open", "closed", "merged"])],
        ["ref", crypto.randomUUID()],
        ["since", "2024-03-0" + (1 + (i % 9))],
        ["email", `u${i}@example.com`],
      ];
      if (r() < 0.5) q.push(["q", `free text ${i}`]);
      l.observe({ method: "GET", path: "/search", query: q, status: 200 });
    }
    const q = l.inventory().endpoints[0]?.query ?? {};
    expect(Object.fromEntries(Object.entries(q).map(([k, v]) => [k, [v.type, v.required]]))).toEqual({
      active: ["bool", true],
      email: ["email", true],
      limit: ["int", true],
      price: ["float", true],
      q: ["string", false],
      ref: ["uuid", true],
      since: ["date", true],
      state: ["enum", true],
    });
  });

  it("stays bounded under a flood of unique ids and unique word-like values", () => {
    const r = rand(35);
    const l = new Learner();
    for (let i = 0; i < 100_000; i++) {
      l.observe({
        method: "GET",
        path: `/u/${i % 3 ? crypto.randomUUID() : `${userName(r)}${i}`}/profile`,
        status: 200,
      });
    }
    expect(l.stats().nodes).toBeLessThan(600);
    expect(JSON.stringify(l.toJSON()).length).toBeLessThan(2_000_000);
    expect(l.inventory().endpoints.map((e) => e.path.replace(/\{[^}]*\}/g, "{}"))).toEqual(["/u/{}/profile"]);
  });
});
