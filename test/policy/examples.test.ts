import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compilePolicy, loadPolicy } from "../../policy/compile.ts";
import { evaluatePolicy } from "../../policy/evaluate.ts";
import { makeBenchPolicy } from "../../policy/examples/bench-policy.ts";
import { RequestView } from "../../policy/request-view.ts";
import { parsePolicy } from "../../policy/schema.ts";
import { ctx } from "./helpers.ts";

const read = (name: string) => readFileSync(new URL(`../../policy/examples/${name}`, import.meta.url), "utf8");

describe("example policies", () => {
  it("default.json validates, compiles and does what it says", () => {
    const r = loadPolicy(read("default.json"));
    if (!r.ok) throw new Error(r.error);
    const p = r.value;
    const ua = (v: string): Array<[string, string]> => [["user-agent", v]];
    expect(
      evaluatePolicy(p, ctx("GET", "/api/products", { headers: ua("sqlmap/1.7.2#stable") })).terminal?.action,
    ).toBe("block");
    expect(evaluatePolicy(p, ctx("GET", "/api/products", { headers: ua("Mozilla/5.0") })).terminal).toBeUndefined();
    const login = evaluatePolicy(p, ctx("POST", "/api/login", { identity: "203.0.113.4" }));
    expect(login.rateLimits).toEqual([
      {
        ruleId: "rate-limit-login",
        key: "rl:rate-limit-login:203.0.113.4",
        limit: 20,
        windowS: 60,
        algorithm: "sliding",
      },
    ]);
    expect(evaluatePolicy(p, ctx("GET", "/ADMIN/panel")).logs).toEqual(["log-admin-paths"]);
    expect(evaluatePolicy(p, ctx("GET", "/app/.env")).terminal?.ruleId).toBe("block-dotfiles");
    expect(evaluatePolicy(p, ctx("GET", "/api/products", { query: [["page", "1 OR 1=1"]] })).terminal?.ruleId).toBe(
      "products-paging-ints",
    );
    expect(
      evaluatePolicy(
        p,
        ctx("GET", "/api/products", {
          query: [
            ["page", "3"],
            ["per_page", "50"],
          ],
        }),
      ).terminal,
    ).toBeUndefined();
    const health = evaluatePolicy(p, ctx("GET", "/healthz"));
    expect(health.terminal?.action).toBe("allow");
    expect([...health.bypass].sort()).toEqual(["allowlist", "behaviour"]);
  });

  it("bench-200.json validates, compiles, has ~200 rules and is what the generator makes", () => {
    const text = read("bench-200.json");
    const r = parsePolicy(text);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.rules.length).toBeGreaterThanOrEqual(190);
    expect(r.value.rules.length).toBeLessThanOrEqual(220);
    const kinds = new Set(r.value.rules.flatMap((x) => Object.keys(x.match)));
    for (const k of [
      "ip",
      "not_ip",
      "country",
      "asn",
      "method",
      "path",
      "headers",
      "body_size",
      "content_type",
      "endpoint",
      "identity",
      "params",
    ]) {
      expect(kinds).toContain(k);
    }
    expect(new Set(r.value.rules.map((x) => x.action))).toEqual(new Set(["allow", "block", "log", "rate_limit"]));
    compilePolicy(r.value);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(makeBenchPolicy())));
  });

  it("bench-200 lets ordinary shop traffic through and checks few rules per request", () => {
    const r = loadPolicy(read("bench-200.json"));
    if (!r.ok) throw new Error(r.error);
    const browser: Array<[string, string]> = [
      ["user-agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120"],
      ["accept", "application/json"],
      ["cookie", "sid=abc"],
    ];
    const o = evaluatePolicy(
      r.value,
      ctx("GET", "/api/products/12", {
        headers: browser,
        endpoint: "GET /api/products/{id}",
        country: "DE",
        asn: 3320,
      }),
    );
    expect(o.terminal).toBeUndefined();
    // The index, not a scan: an ordinary request is tested against a small share of the rules.
    const candidates = r.value.index.candidates(
      new RequestView(ctx("GET", "/api/products/12", { headers: browser, endpoint: "GET /api/products/{id}" })),
    );
    expect(candidates.length).toBeLessThan(r.value.rules.length / 5);
    // A 10 KB path still costs a bounded walk (tries stop at their depth).
    const long = evaluatePolicy(r.value, ctx("GET", `/${"a/".repeat(5000)}x.php`, { headers: browser }));
    expect(long.terminal?.ruleId).toBe("path-glob-0");
  });
});
