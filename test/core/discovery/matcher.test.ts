import { describe, expect, it } from "vitest";
import { compileMatcher } from "../../../core/discovery/matcher.ts";

const m = compileMatcher([
  { method: "GET", path: "/api/users/{id}" },
  { method: "DELETE", path: "/api/users/{id}" },
  { method: "GET", path: "/api/users/search" },
  { method: "GET", path: "/api/users/{id}/orders" },
  { method: "GET", path: "/api/items/{id}.json" },
  { method: "GET", path: "/api/items/{id}" },
  { method: "GET", path: "/compare/{base}...{head}" },
  { method: "GET", path: "/" },
]);

describe("compileMatcher", () => {
  it("literal beats parameter", () => {
    expect(m.match("GET", ["api", "users", "search"])).toEqual({
      template: "GET /api/users/search",
      path: "/api/users/search",
      params: {},
      methodAllowed: true,
    });
    expect(m.match("GET", ["api", "users", "42"])).toMatchObject({
      template: "GET /api/users/{id}",
      params: { id: "42" },
    });
  });

  it("backtracks from a literal that dead-ends, and to a parameter that has the method", () => {
    expect(m.match("GET", ["api", "users", "search", "orders"])).toMatchObject({
      path: "/api/users/{id}/orders",
      params: { id: "search" },
      methodAllowed: true,
    });
    expect(m.match("DELETE", ["api", "users", "search"])).toMatchObject({
      path: "/api/users/{id}",
      methodAllowed: true,
    });
  });

  it("reports a known path with a method it does not have", () => {
    expect(m.match("POST", ["api", "users", "7"])).toMatchObject({ path: "/api/users/{id}", methodAllowed: false });
  });

  it("matches embedded parameters before whole-segment ones", () => {
    expect(m.match("GET", ["api", "items", "12.json"])).toMatchObject({
      path: "/api/items/{id}.json",
      params: { id: "12" },
    });
    expect(m.match("GET", ["api", "items", "12"])).toMatchObject({ path: "/api/items/{id}", params: { id: "12" } });
    expect(m.match("GET", ["compare", "main...dev"])).toMatchObject({ params: { base: "main", head: "dev" } });
  });

  it("unknown paths give null; the root matches; odd input does not throw", () => {
    expect(m.match("GET", ["nope"])).toBeNull();
    expect(m.match("GET", ["api", "users", "1", "orders", "x"])).toBeNull();
    expect(m.match("GET", [])).toMatchObject({ path: "/" });
    expect(() => m.match(undefined as unknown as string, null as unknown as string[])).not.toThrow();
  });
});
