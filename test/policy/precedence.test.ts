import { describe, expect, it } from "vitest";
import { evaluatePolicy } from "../../policy/evaluate.ts";
import { compile, ctx } from "./helpers.ts";

const any = {};
const c = ctx("POST", "/api/login", { ip: "203.0.113.5", identity: "user-1", endpoint: "POST /api/login" });

describe("precedence", () => {
  it("lower priority runs first", () => {
    const p = compile({
      rules: [
        { id: "allow-late", action: "allow", priority: 20, match: any },
        { id: "block-early", action: "block", priority: 10, match: any },
      ],
    });
    expect(evaluatePolicy(p, c).terminal).toEqual({ ruleId: "block-early", action: "block" });
    expect(p.ruleIds).toEqual(["block-early", "allow-late"]);
  });

  it("ties keep document order; default priority is 1000", () => {
    const p = compile({
      rules: [
        { id: "a", action: "allow", match: any },
        { id: "b", action: "block", priority: 1000, match: any },
        { id: "c", action: "block", priority: 1001, match: any },
      ],
    });
    expect(evaluatePolicy(p, c).terminal).toEqual({ ruleId: "a", action: "allow" });
    expect(evaluatePolicy(p, c).hits).toEqual(["a"]);
  });

  it("first allow/block is terminal; logs and rate limits before it are all recorded, none after", () => {
    const p = compile({
      rules: [
        { id: "log-1", action: "log", priority: 1, match: any },
        { id: "rl-1", action: "rate_limit", priority: 2, match: any, rate_limit: { limit: 5, window_s: 60 } },
        { id: "log-miss", action: "log", priority: 3, match: { method: ["GET"] } },
        { id: "log-2", action: "log", priority: 4, match: any },
        { id: "block", action: "block", priority: 5, match: any },
        { id: "log-after", action: "log", priority: 6, match: any },
        { id: "rl-after", action: "rate_limit", priority: 7, match: any, rate_limit: { limit: 5, window_s: 60 } },
      ],
    });
    const o = evaluatePolicy(p, c);
    expect(o.terminal).toEqual({ ruleId: "block", action: "block" });
    expect(o.logs).toEqual(["log-1", "log-2"]);
    expect(o.rateLimits.map((r) => r.ruleId)).toEqual(["rl-1"]);
    expect(o.hits).toEqual(["log-1", "rl-1", "log-2", "block"]);
    expect(o.reasons.map((r) => [r.id, r.action])).toEqual([
      ["log-1", "log"],
      ["rl-1", "log"], // counting is not enforcing: the caller adds a rate_limit reason when over the limit
      ["log-2", "log"],
      ["block", "block"],
    ]);
    expect(o.reasons.every((r) => r.source === "policy")).toBe(true);
  });

  it("no terminal rule: the outcome has no terminal and an empty bypass", () => {
    const p = compile({ rules: [{ id: "log", action: "log", match: any }] });
    const o = evaluatePolicy(p, c);
    expect(o.terminal).toBeUndefined();
    expect(o.bypass.size).toBe(0);
  });

  it("allow grants its bypass list, by default only the allow-list", () => {
    const def = compile({ rules: [{ id: "a", action: "allow", match: any }] });
    expect([...evaluatePolicy(def, c).bypass]).toEqual(["allowlist"]);
    const all = compile({ rules: [{ id: "a", action: "allow", match: any, bypass: ["signatures", "behaviour"] }] });
    expect([...evaluatePolicy(all, c).bypass].sort()).toEqual(["behaviour", "signatures"]);
    const none = compile({ rules: [{ id: "a", action: "allow", match: any, bypass: [] }] });
    expect(evaluatePolicy(none, c).bypass.size).toBe(0);
  });

  it("a block before the allow means no bypass", () => {
    const p = compile({
      rules: [
        { id: "b", action: "block", priority: 1, match: any },
        { id: "a", action: "allow", priority: 2, match: any, bypass: ["signatures"] },
      ],
    });
    expect(evaluatePolicy(p, c).bypass.size).toBe(0);
  });

  it("disabled rules are skipped", () => {
    const p = compile({
      rules: [
        { id: "off", action: "block", enabled: false, match: any },
        { id: "on", action: "log", match: any },
      ],
    });
    expect(evaluatePolicy(p, c).hits).toEqual(["on"]);
    expect(p.ruleIds).toEqual(["on"]);
  });

  it("rate limit counter keys per key kind", () => {
    const rl = (id: string, key: string) => ({
      id,
      action: "rate_limit",
      match: any,
      rate_limit: { limit: 20, window_s: 60, algorithm: "fixed", key },
    });
    const p = compile({ rules: [rl("a", "identity"), rl("b", "ip"), rl("c", "endpoint+identity")] });
    expect(evaluatePolicy(p, c).rateLimits).toEqual([
      { ruleId: "a", key: "rl:a:user-1", limit: 20, windowS: 60, algorithm: "fixed" },
      { ruleId: "b", key: "rl:b:ip:203.0.113.5", limit: 20, windowS: 60, algorithm: "fixed" },
      { ruleId: "c", key: "rl:c:user-1:POST /api/login", limit: 20, windowS: 60, algorithm: "fixed" },
    ]);
    const v6 = evaluatePolicy(p, { ...c, ip: "2001:db8:1:2::99", endpoint: undefined });
    expect(v6.rateLimits[1]?.key).toBe("rl:b:ip:2001:db8:1:2::/64");
    expect(v6.rateLimits[2]?.key).toBe("rl:c:user-1:~");
  });
});
