/**
 * Exclusion proposals (core/signatures/tuning.ts): a place the app's own
 * clients keep tripping, answered as usual, is proposed; a scanner's spray,
 * a refused campaign, too few clients or unknown paths are not.
 */
import { describe, expect, it } from "vitest";
import type { SignatureMatch } from "../../../core/signatures/index.ts";
import { ExclusionTuner, paramOfLocation } from "../../../core/signatures/tuning.ts";

const m = (family: string, location: string, rule = "942100"): SignatureMatch => ({
  rule,
  family,
  severity: 5,
  location,
  paranoia: 1,
});

describe("paramOfLocation", () => {
  it("names the parameter an exclusion matches, or nothing", () => {
    expect(paramOfLocation("query:q")).toBe("q");
    expect(paramOfLocation("body:json.steps.0.run")).toBe("run");
    expect(paramOfLocation("body:form.message")).toBe("message");
    expect(paramOfLocation("body:multipart.file.content.code")).toBe("code");
    expect(paramOfLocation("query:q[joined]")).toBe("q");
    expect(paramOfLocation("header:x-note")).toBe("x-note");
    expect(paramOfLocation("path")).toBeUndefined();
    expect(paramOfLocation("body:raw")).toBeUndefined();
    expect(paramOfLocation("body:json.items.3")).toBeUndefined();
  });
});

describe("ExclusionTuner", () => {
  const EP = "POST /api/exercises/{id}/submit";

  it("proposes the place many steady clients trip, with its evidence", () => {
    const t = new ExclusionTuner();
    for (let i = 0; i < 12; i++)
      t.observe({ endpoint: EP, client: `c${i % 6}`, status: 200, matches: [m("sqli", "body:json.solution")] });
    t.observe({ endpoint: EP, client: "c0", status: 200, matches: [] });
    const p = t.proposals();
    expect(p).toHaveLength(1);
    expect(p[0]?.exclusion).toEqual({ rules: ["sqli"], param: "solution", endpoint: EP });
    expect(p[0]?.evidence).toMatchObject({ requests: 12, endpoint_requests: 13, clients: 6, clients_not_spraying: 6 });
    expect(p[0]?.evidence.ok_share).toBe(1);
  });

  it("does not count sprayers, refuses what the app refused, and needs enough clients and requests", () => {
    const spray = new ExclusionTuner();
    for (let i = 0; i < 12; i++) {
      const client = `s${i % 6}`;
      spray.observe({ endpoint: EP, client, status: 200, matches: [m("sqli", "query:q")] });
      spray.observe({ endpoint: EP, client, status: 200, matches: [m("xss", "query:q")] });
      spray.observe({ endpoint: EP, client, status: 200, matches: [m("lfi", "query:q")] });
    }
    expect(spray.proposals()).toEqual([]);

    const wide = new ExclusionTuner();
    for (let i = 0; i < 12; i++)
      for (const f of ["a", "b", "c", "d"])
        wide.observe({ endpoint: EP, client: `w${i % 6}`, status: 200, matches: [m("sqli", `query:${f}`)] });
    expect(wide.proposals()).toEqual([]);

    const refused = new ExclusionTuner();
    for (let i = 0; i < 20; i++)
      refused.observe({ endpoint: EP, client: `r${i % 8}`, status: 400, matches: [m("sqli", "query:q")] });
    expect(refused.proposals()).toEqual([]);
    expect(refused.proposals({ minOkShare: 0 })).toHaveLength(1);

    const few = new ExclusionTuner();
    for (let i = 0; i < 20; i++)
      few.observe({ endpoint: EP, client: `f${i % 4}`, status: 200, matches: [m("sqli", "query:q")] });
    expect(few.proposals()).toEqual([]);
    expect(few.proposals({ minClients: 4 })).toHaveLength(1);
    expect(few.proposals({ minClients: 4, minRequests: 21 })).toEqual([]);
  });

  it("ignores unknown paths and unnamed places, but they still mark a client as spraying", () => {
    const t = new ExclusionTuner();
    for (let i = 0; i < 12; i++) {
      const client = `u${i % 6}`;
      t.observe({ endpoint: undefined, client, status: 200, matches: [m("sqli", "query:q")] });
      t.observe({ endpoint: EP, client, status: 200, matches: [m("lfi", "path")] });
    }
    expect(t.proposals({ minClients: 1, minRequests: 1 })).toEqual([]);
    for (let i = 0; i < 12; i++)
      t.observe({ endpoint: EP, client: `u${i % 6}`, status: 200, matches: [m("sqli", "body:json.a")] });
    for (let i = 0; i < 12; i++)
      t.observe({ endpoint: EP, client: `u${i % 6}`, status: 200, matches: [m("sqli", "body:json.b")] });
    // Four places each (unknown path, the path, a, b): every client sprays.
    expect(t.proposals({ minClients: 1 })).toEqual([]);
  });

  it("keeps its memory bounded", () => {
    const t = new ExclusionTuner();
    for (let i = 0; i < 6000; i++)
      t.observe({ endpoint: `GET /e${i}`, client: `c${i}`, status: 200, matches: [m("sqli", "query:q")] });
    expect(t.proposals({ minClients: 1, minRequests: 1 }).length).toBeLessThanOrEqual(4096);
  });
});
