import { describe, expect, it } from "vitest";
import { evaluatePolicy } from "../../policy/evaluate.ts";
import type { PolicyContext } from "../../policy/types.ts";
import { compile, ctx } from "./helpers.ts";

/** True when a single block rule with this match blocks the context. */
function blocks(match: Record<string, unknown>, c: PolicyContext): boolean {
  const p = compile({ rules: [{ id: "r", action: "block", match }] });
  return evaluatePolicy(p, c).terminal?.action === "block";
}

const UA = (v: string): Array<[string, string]> => [["user-agent", v]];

describe("each match kind, positive and negative", () => {
  const cases: Array<[string, Record<string, unknown>, PolicyContext, boolean]> = [
    ["ip v4 in", { ip: ["203.0.113.0/24"] }, ctx("GET", "/", { ip: "203.0.113.77" }), true],
    ["ip v4 out", { ip: ["203.0.113.0/24"] }, ctx("GET", "/", { ip: "203.0.114.1" }), false],
    ["ip v6 in", { ip: ["2001:db8::/32"] }, ctx("GET", "/", { ip: "2001:db8:5::1" }), true],
    ["ip v6 out", { ip: ["2001:db8::/32"] }, ctx("GET", "/", { ip: "2001:db9::1" }), false],
    ["ip mapped v4 in", { ip: ["203.0.113.0/24"] }, ctx("GET", "/", { ip: "::ffff:203.0.113.5" }), true],
    ["ip invalid", { ip: ["0.0.0.0/0"] }, ctx("GET", "/", { ip: "unknown" }), false],
    ["not_ip outside", { not_ip: ["10.0.0.0/8"] }, ctx("GET", "/", { ip: "11.0.0.1" }), true],
    ["not_ip inside", { not_ip: ["10.0.0.0/8"] }, ctx("GET", "/", { ip: "10.2.3.4" }), false],
    ["not_ip invalid ip", { not_ip: ["10.0.0.0/8"] }, ctx("GET", "/", { ip: "" }), true],
    ["country in", { country: ["KP", "IR"] }, ctx("GET", "/", { country: "IR" }), true],
    ["country lower-case ctx", { country: ["KP"] }, ctx("GET", "/", { country: "kp" }), true],
    ["country out", { country: ["KP"] }, ctx("GET", "/", { country: "DE" }), false],
    ["country unknown", { country: ["KP"] }, ctx("GET", "/"), false],
    ["asn in", { asn: [64500, 64501] }, ctx("GET", "/", { asn: 64501 }), true],
    ["asn out", { asn: [64500] }, ctx("GET", "/", { asn: 13335 }), false],
    ["asn unknown", { asn: [64500] }, ctx("GET", "/"), false],
    ["method in", { method: ["post", "PUT"] }, ctx("POST", "/"), true],
    ["method lower-case request", { method: ["POST"] }, ctx("post", "/"), true],
    ["method out", { method: ["POST"] }, ctx("GET", "/"), false],
    [
      "method by an override header",
      { method: ["DELETE"] },
      ctx("POST", "/", { headers: [["X-HTTP-Method-Override", "delete"]] }),
      true,
    ],
    ["method by X-HTTP-Method", { method: ["PUT"] }, ctx("POST", "/", { headers: [["x-http-method", "PUT"]] }), true],
    ["method by _method", { method: ["DELETE"] }, ctx("POST", "/", { query: [["_method", "DELETE"]] }), true],
    [
      "method: an override of another method",
      { method: ["DELETE"] },
      ctx("POST", "/", { headers: [["x-method-override", "PATCH"]] }),
      false,
    ],
    ["path exact", { path: { exact: "/login" } }, ctx("GET", "/login"), true],
    ["path exact other", { path: { exact: "/login" } }, ctx("GET", "/login/x"), false],
    ["path exact case", { path: { exact: "/login" } }, ctx("GET", "/LOGIN"), false],
    ["path exact ignore_case", { path: { exact: "/login", ignore_case: true } }, ctx("GET", "/LOGIN"), true],
    ["path prefix", { path: { prefix: "/admin/" } }, ctx("GET", "/admin/users"), true],
    ["path prefix not", { path: { prefix: "/admin/" } }, ctx("GET", "/administrator"), false],
    // `/admin/` canonicalises to `/admin`: the prefix holds the directory itself.
    ["path prefix holds its directory", { path: { prefix: "/admin/" } }, ctx("GET", "/admin"), true],
    [
      "header equals one value of a repeated header",
      { headers: [{ name: "x-role", equals: "admin" }] },
      ctx("GET", "/", { headers: [["x-role", "user, admin"]] }),
      true,
    ],
    [
      "header equals ignores surrounding blanks",
      { headers: [{ name: "x-role", equals: "admin" }] },
      ctx("GET", "/", { headers: [["x-role", "admin\t "]] }),
      true,
    ],
    [
      "content type of a repeated Content-Type header",
      { content_type: ["application/xml"] },
      ctx("POST", "/", { contentType: "application/xml, application/xml" }),
      true,
    ],
    [
      "header equals is no substring",
      { headers: [{ name: "x-role", equals: "admin" }] },
      ctx("GET", "/", { headers: [["x-role", "administrator, user"]] }),
      false,
    ],
    [
      "path prefix directory, ignore_case",
      { path: { prefix: "/admin/", ignore_case: true } },
      ctx("GET", "/ADMIN"),
      true,
    ],
    ["path exact with a trailing slash", { path: { exact: "/private/" } }, ctx("GET", "/private"), true],
    ["path prefix ignore_case", { path: { prefix: "/admin/", ignore_case: true } }, ctx("GET", "/Admin/x"), true],
    ["path glob", { path: { glob: "/api/*/export/**" } }, ctx("GET", "/api/v1/export/a/b.csv"), true],
    ["path glob not", { path: { glob: "/api/*/export/**" } }, ctx("GET", "/api/v1/x/export"), false],
    ["path glob suffix", { path: { glob: "/**/*.php" } }, ctx("GET", "/a/b/index.php"), true],
    ["path glob suffix not", { path: { glob: "/**/*.php" } }, ctx("GET", "/a/b/index.phpx"), false],
    ["path glob ignore_case", { path: { glob: "/**/*.php", ignore_case: true } }, ctx("GET", "/X.PHP"), true],
    [
      "header contains",
      { headers: [{ name: "user-agent", contains: "sqlmap" }] },
      ctx("GET", "/", { headers: UA("SQLMap/1.7") }),
      true,
    ],
    [
      "header contains list",
      { headers: [{ name: "user-agent", contains: ["nikto", "sqlmap"] }] },
      ctx("GET", "/", { headers: UA("x sqlmap") }),
      true,
    ],
    [
      "header contains not",
      { headers: [{ name: "user-agent", contains: "sqlmap" }] },
      ctx("GET", "/", { headers: UA("Mozilla") }),
      false,
    ],
    [
      "header contains case_sensitive",
      { headers: [{ name: "user-agent", contains: "sqlmap", case_sensitive: true }] },
      ctx("GET", "/", { headers: UA("SQLMAP") }),
      false,
    ],
    [
      "header equals",
      { headers: [{ name: "x-env", equals: "debug" }] },
      ctx("GET", "/", { headers: [["x-env", "DEBUG"]] }),
      true,
    ],
    [
      "header equals not",
      { headers: [{ name: "x-env", equals: "debug" }] },
      ctx("GET", "/", { headers: [["x-env", "debug2"]] }),
      false,
    ],
    [
      "header prefix",
      { headers: [{ name: "user-agent", prefix: "curl/" }] },
      ctx("GET", "/", { headers: UA("curl/8.1") }),
      true,
    ],
    [
      "header prefix not",
      { headers: [{ name: "user-agent", prefix: "curl/" }] },
      ctx("GET", "/", { headers: UA("x curl/8.1") }),
      false,
    ],
    [
      "header present",
      { headers: [{ name: "x-debug", present: true }] },
      ctx("GET", "/", { headers: [["x-debug", ""]] }),
      true,
    ],
    ["header present absent", { headers: [{ name: "x-debug", present: true }] }, ctx("GET", "/"), false],
    ["header absent", { headers: [{ name: "user-agent", present: false }] }, ctx("GET", "/"), true],
    [
      "header absent present",
      { headers: [{ name: "user-agent", present: false }] },
      ctx("GET", "/", { headers: UA("x") }),
      false,
    ],
    [
      "header duplicates: any value",
      { headers: [{ name: "x-a", equals: "2" }] },
      ctx("GET", "/", {
        headers: [
          ["x-a", "1"],
          ["x-a", "2"],
        ],
      }),
      true,
    ],
    [
      "headers are AND",
      {
        headers: [
          { name: "x-a", present: true },
          { name: "x-b", present: true },
        ],
      },
      ctx("GET", "/", { headers: [["x-a", "1"]] }),
      false,
    ],
    ["body_size gt", { body_size: { gt: 100 } }, ctx("POST", "/", { bodySize: 101 }), true],
    ["body_size gt equal", { body_size: { gt: 100 } }, ctx("POST", "/", { bodySize: 100 }), false],
    ["body_size gte", { body_size: { gte: 100 } }, ctx("POST", "/", { bodySize: 100 }), true],
    ["body_size lt", { body_size: { lt: 10 } }, ctx("POST", "/", { bodySize: 9 }), true],
    ["body_size range out", { body_size: { gt: 10, lte: 20 } }, ctx("POST", "/", { bodySize: 21 }), false],
    [
      "content_type",
      { content_type: ["application/xml"] },
      ctx("POST", "/", { contentType: "Application/XML; charset=utf-8" }),
      true,
    ],
    ["content_type wildcard", { content_type: ["text/*"] }, ctx("POST", "/", { contentType: "text/xml" }), true],
    [
      "content_type not",
      { content_type: ["application/xml"] },
      ctx("POST", "/", { contentType: "application/json" }),
      false,
    ],
    ["content_type missing", { content_type: ["application/xml"] }, ctx("POST", "/"), false],
    [
      "endpoint",
      { endpoint: ["GET /api/users/{id}"] },
      ctx("GET", "/api/users/7", { endpoint: "GET /api/users/{id}" }),
      true,
    ],
    [
      "endpoint not",
      { endpoint: ["GET /api/users/{id}"] },
      ctx("GET", "/api/users/7", { endpoint: "GET /api/users/{id}/x" }),
      false,
    ],
    ["endpoint unknown", { endpoint: ["GET /api/users/{id}"] }, ctx("GET", "/api/users/7"), false],
    ["identity", { identity: ["svc-billing"] }, ctx("GET", "/", { identity: "svc-billing" }), true],
    ["identity not", { identity: ["svc-billing"] }, ctx("GET", "/", { identity: "svc-orders" }), false],
    ["empty match matches all", {}, ctx("GET", "/"), true],
    ["fields are AND", { method: ["POST"], path: { exact: "/login" } }, ctx("GET", "/login"), false],
    ["fields are AND, all hold", { method: ["POST"], path: { exact: "/login" } }, ctx("POST", "/login"), true],
  ];
  it.each(cases)("%s", (_name, match, c, expected) => {
    expect(blocks(match, c)).toBe(expected);
  });

  it("an allow rule holds only when every method the request may be read as is listed", () => {
    const p = compile({
      rules: [{ id: "reads", action: "allow", match: { method: ["GET", "HEAD"], path: { prefix: "/public/" } } }],
    });
    const allowed = (c: PolicyContext) => evaluatePolicy(p, c).terminal?.action === "allow";
    expect(allowed(ctx("GET", "/public/a"))).toBe(true);
    expect(allowed(ctx("GET", "/public/a", { headers: [["x-http-method-override", "HEAD"]] }))).toBe(true);
    // A DELETE in disguise rides no read allow, whichever way it is disguised.
    expect(allowed(ctx("GET", "/public/a", { headers: [["x-http-method-override", "DELETE"]] }))).toBe(false);
    expect(allowed(ctx("GET", "/public/a", { query: [["_method", "delete"]] }))).toBe(false);
    expect(allowed(ctx("POST", "/public/a", { headers: [["x-http-method-override", "GET"]] }))).toBe(false);
  });

  it("never throws on a malformed context", () => {
    const p = compile({
      rules: [
        { id: "a", action: "log", match: { headers: [{ name: "x", contains: "y" }] } },
        { id: "b", action: "block", match: { not_ip: ["10.0.0.0/8"], path: { glob: "/**/x" } } },
      ],
    });
    const bad = { req: { method: 3 }, ip: null, identity: undefined, bodySize: "x" } as unknown as PolicyContext;
    const out = evaluatePolicy(p, bad);
    expect(out.terminal).toBeUndefined();
    expect(evaluatePolicy(p, { ...bad, req: undefined } as unknown as PolicyContext).hits).toEqual([]);
  });
});
