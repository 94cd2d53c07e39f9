import { describe, expect, it } from "vitest";
import { compileAllowlist, proposeAllowlist } from "../../../core/discovery/allowlist.ts";
import { Learner } from "../../../core/discovery/learner.ts";
import { rand } from "./helpers.ts";

function learned(): Learner {
  const r = rand(21);
  const l = new Learner({ now: () => 0 });
  for (let i = 0; i < 600; i++) {
    l.observe({
      method: "GET",
      path: `/api/products/${Math.floor(r() * 1e5)}`,
      query: r() < 0.5 ? [["page", String(Math.floor(r() * 20))]] : [],
      status: 200,
    });
    l.observe({
      method: "GET",
      path: "/api/products/search",
      query: [
        ["q", `term${i}`],
        ["sort", ["price", "name", "date"][i % 3] as string],
      ],
      status: 200,
    });
  }
  for (let i = 0; i < 6; i++) l.observe({ method: "POST", path: "/api/admin/reindex", status: 403 });
  return l;
}

describe("allow-list", () => {
  it("proposes the learned endpoints with parameter types, and diffs against the active one", () => {
    const { proposal, diff } = proposeAllowlist(learned().inventory(), {
      endpoints: [
        { method: "GET", path: "/api/products/{id}" },
        { method: "DELETE", path: "/api/legacy" },
      ],
    });
    expect(proposal.endpoints.map((e) => `${e.method} ${e.path}`)).toEqual([
      "DELETE /api/legacy",
      "GET /api/products/search",
      "GET /api/products/{id}",
    ]);
    const search = proposal.endpoints.find((e) => e.path === "/api/products/search");
    expect(search?.params?.query).toEqual({
      q: { type: "string", required: true },
      sort: { type: "enum", required: true, enum: ["date", "name", "price"] },
    });
    expect(diff).toEqual({
      added: ["GET /api/products/search"],
      removed: ["DELETE /api/legacy"],
      changed: ["GET /api/products/{product_id}"],
    });
  });

  it("blocks unknown endpoints, disallowed methods and parameters of the wrong type", () => {
    const { proposal } = proposeAllowlist(learned().inventory());
    const al = compileAllowlist(proposal);
    expect(al.check("GET", ["api", "products", "77"], [["page", "3"]])).toEqual([]);
    expect(
      al.check(
        "GET",
        ["api", "products", "search"],
        [
          ["q", "x"],
          ["sort", "name"],
        ],
      ),
    ).toEqual([]);
    expect(al.check("GET", ["api", "admin", "reindex"], []).map((r) => r.id)).toEqual(["unknown_endpoint"]);
    expect(al.check("DELETE", ["api", "products", "77"], []).map((r) => r.id)).toEqual(["method_not_allowed"]);
    const bad = al.check("GET", ["api", "products", "77"], [["page", "1 OR 1=1"]]);
    expect(bad).toEqual([
      {
        source: "allowlist",
        id: "param_type",
        action: "block",
        detail: "query:page: expected int",
        location: "query:page",
      },
    ]);
    expect(
      al
        .check(
          "GET",
          ["api", "products", "search"],
          [
            ["q", "x"],
            ["sort", "evil"],
          ],
        )
        .map((r) => r.id),
    ).toEqual(["param_type"]);
    expect(al.check("GET", ["api", "products", "search"], [["q", "x"]]).map((r) => r.detail)).toEqual([
      "query:sort: required",
    ]);
  });

  it("with params=types, only the learned types are enforced: a new enumeration value or a missing parameter passes", () => {
    const { proposal } = proposeAllowlist(learned().inventory(), undefined, { params: "types" });
    const search = proposal.endpoints.find((e) => e.path === "/api/products/search");
    expect(search?.params?.query?.sort).toEqual({ type: "string", required: false });
    const al = compileAllowlist(proposal);
    expect(al.check("GET", ["api", "products", "search"], [["sort", "rating"]])).toEqual([]);
    expect(al.check("GET", ["api", "products", "search"], [])).toEqual([]);
    expect(al.check("GET", ["api", "products", "77"], [["page", "1 OR 1=1"]]).map((r) => r.id)).toEqual(["param_type"]);
  });

  it("HEAD goes where GET does, a CORS preflight where the method it announces does", () => {
    const al = compileAllowlist({
      endpoints: [
        { method: "GET", path: "/v1/users/{id}" },
        { method: "PATCH", path: "/v1/users/{id}" },
      ],
    });
    expect(al.check("HEAD", ["v1", "users", "7"], [])).toEqual([]);
    const preflight = (method: string) =>
      [
        ["origin", "https://app.example"],
        ["access-control-request-method", method],
      ] as Array<[string, string]>;
    expect(al.check("OPTIONS", ["v1", "users", "7"], [], preflight("PATCH"))).toEqual([]);
    expect(al.check("OPTIONS", ["v1", "users", "7"], [], preflight("DELETE")).map((r) => r.id)).toEqual([
      "method_not_allowed",
    ]);
    expect(al.check("OPTIONS", ["v1", "admin"], [], preflight("GET")).map((r) => r.id)).toEqual(["unknown_endpoint"]);
    // A plain OPTIONS (no preflight) and a HEAD where no GET is allowed stay outside it.
    expect(al.check("OPTIONS", ["v1", "users", "7"], []).map((r) => r.id)).toEqual(["method_not_allowed"]);
    const postOnly = compileAllowlist({ endpoints: [{ method: "POST", path: "/v1/login" }] });
    expect(postOnly.check("HEAD", ["v1", "login"], []).map((r) => r.id)).toEqual(["method_not_allowed"]);
  });

  it("a method override must be allowed too: POST with X-HTTP-Method-Override: DELETE is also a DELETE", () => {
    const al = compileAllowlist({
      endpoints: [
        { method: "GET", path: "/v1/projects/{id}" },
        { method: "POST", path: "/v1/projects/{id}" },
      ],
    });
    const seg = ["v1", "projects", "p1"];
    for (const name of ["X-HTTP-Method-Override", "x-http-method", "X-Method-Override"]) {
      const r = al.check("POST", seg, [], [[name, "delete"]]);
      expect(
        r.map((x) => x.id),
        name,
      ).toEqual(["method_not_allowed"]);
      expect(r[0]?.detail).toContain("method override to DELETE");
    }
    expect(al.check("POST", seg, [["_method", "DELETE"]]).map((r) => r.id)).toEqual(["method_not_allowed"]);
    // Overriding to an allowed method (or to itself) changes nothing.
    expect(al.check("POST", seg, [], [["x-http-method-override", "GET"]])).toEqual([]);
    expect(al.check("POST", seg, [], [["x-http-method-override", "post"]])).toEqual([]);
  });

  it("an endpoint seen only failing is not proposed; a malformed document compiles to deny-all", () => {
    const { proposal } = proposeAllowlist(learned().inventory());
    expect(proposal.endpoints.some((e) => e.path.includes("admin"))).toBe(false);
    const al = compileAllowlist({} as never);
    expect(al.check("GET", ["x"], []).map((r) => r.id)).toEqual(["unknown_endpoint"]);
  });
});
