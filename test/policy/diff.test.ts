import { describe, expect, it } from "vitest";
import { diffOutcomes, evaluatePolicy } from "../../policy/evaluate.ts";
import { compile, ctx } from "./helpers.ts";

const base = [
  { id: "log-admin", action: "log", match: { path: { prefix: "/admin" } } },
  {
    id: "rl-login",
    action: "rate_limit",
    match: { path: { exact: "/login" } },
    rate_limit: { limit: 20, window_s: 60 },
  },
  { id: "block-ua", action: "block", match: { headers: [{ name: "user-agent", contains: "sqlmap" }] } },
];

describe("diffOutcomes (dry run)", () => {
  const active = compile({ rules: base });

  it("null when both decide the same, even with other rule ids and priorities", () => {
    const same = compile({ rules: [...base].reverse() });
    for (const c of [
      ctx("GET", "/admin/x"),
      ctx("POST", "/login"),
      ctx("GET", "/", { headers: [["user-agent", "sqlmap"]] }),
    ]) {
      expect(diffOutcomes(evaluatePolicy(active, c), evaluatePolicy(same, c))).toBeNull();
    }
  });

  it("names every difference", () => {
    const candidate = compile({
      rules: [
        { id: "log-admin2", action: "log", match: { path: { prefix: "/admin" } } },
        {
          id: "rl-login",
          action: "rate_limit",
          match: { path: { exact: "/login" } },
          rate_limit: { limit: 10, window_s: 60 },
        },
        { id: "allow-all", action: "allow", match: {}, bypass: ["signatures"] },
      ],
    });
    const c = ctx("POST", "/admin", { identity: "u1", headers: [["user-agent", "sqlmap"]] });
    expect(diffOutcomes(evaluatePolicy(active, c), evaluatePolicy(candidate, c))).toEqual([
      "terminal: block by block-ua -> allow by allow-all",
      "bypass +signatures",
      "log +log-admin2",
      "log -log-admin",
    ]);
    const login = ctx("POST", "/login", { identity: "u1" });
    expect(diffOutcomes(evaluatePolicy(active, login), evaluatePolicy(candidate, login))).toEqual([
      "terminal: none -> allow by allow-all",
      "rate_limit +rl-login (10/60s sliding, key rl:rl-login:u1)",
      "rate_limit -rl-login (20/60s sliding, key rl:rl-login:u1)",
      "bypass +signatures",
    ]);
  });
});
