/**
 * A block must not feed itself: requests apiward answered (blockedByApiward)
 * count for the client's volume and payloads, never for their outcome.
 */
import { describe, expect, it } from "vitest";
import { BehaviourEngine } from "../../../core/behaviour/engine.ts";
import type { BehaviourEvent } from "../../../core/behaviour/types.ts";

const base = (i: number, over: Partial<BehaviourEvent>): BehaviourEvent => ({
  app: "shop",
  client: "7.7.7.7",
  ip: "7.7.7.7",
  ts: 1000 + i * 2,
  method: "GET",
  path: "/",
  query: [],
  status: 200,
  bytes: 100,
  latencyMs: 2,
  headers: [["user-agent", "curl/8.5"]],
  userAgent: "curl/8.5",
  blockedByApiward: false,
  ...over,
});

describe("apiward's own answers", () => {
  it("403s apiward answered on login are not failed logins", () => {
    const e = new BehaviourEngine({ model: null });
    const out = [];
    for (let i = 0; i < 30; i++)
      out.push(
        ...e.observe(
          base(i, { method: "POST", path: "/api/login", status: 403, loginUser: `u${i}`, blockedByApiward: true }),
        ),
      );
    expect(out.filter((d) => d.kind === "bruteforce")).toEqual([]);
    // The same failures answered by the origin are brute force.
    const f = new BehaviourEngine({ model: null });
    const real = [];
    for (let i = 0; i < 30; i++)
      real.push(...f.observe(base(i, { method: "POST", path: "/api/login", status: 401, loginUser: `u${i}` })));
    expect(real.some((d) => d.kind === "bruteforce")).toBe(true);
  });

  it("404s and 403s apiward answered are not probing or enumeration", () => {
    const e = new BehaviourEngine({ model: null });
    const out = [];
    for (let i = 0; i < 40; i++) {
      out.push(...e.observe(base(i, { path: `/api/orders/${1000 + i * 13}`, status: 403, blockedByApiward: true })));
      out.push(...e.observe(base(i, { path: `/page-${i}`, status: 404, blockedByApiward: true })));
    }
    expect(out.map((d) => d.kind).filter((k) => k === "scanner" || k === "enumeration")).toEqual([]);
  });

  it("new payloads still count when apiward blocked them; retrying one payload does not", () => {
    const e = new BehaviourEngine({ model: null });
    const out = [];
    const q = (v: string): Array<[string, string]> => [["q", v]];
    for (let i = 0; i < 20; i++)
      out.push(
        ...e.observe(
          base(i, { path: "/api/search", query: q("' or 1=1"), signatureScore: 10, blockedByApiward: true }),
        ),
      );
    expect(out).toEqual([]);
    for (let i = 0; i < 5; i++)
      out.push(
        ...e.observe(
          base(i, { path: "/api/search", query: q(`' or ${i}=${i}`), signatureScore: 10, blockedByApiward: true }),
        ),
      );
    expect(out.map((d) => d.kind)).toContain("injection");
  });

  it("malformed events are ignored, never thrown on", () => {
    const e = new BehaviourEngine({ model: null });
    expect(e.observe(null as unknown as BehaviourEvent)).toEqual([]);
    expect(() => e.observe({ client: "x" } as unknown as BehaviourEvent)).not.toThrow();
    expect(() =>
      e.observe(base(0, { ts: Number.NaN, status: Number.NaN, path: "", method: "", headers: undefined as never })),
    ).not.toThrow();
  });
});
