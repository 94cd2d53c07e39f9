import { describe, expect, it } from "vitest";
import { MAX_RULES, parsePolicy } from "../../policy/schema.ts";

const rule = (extra: Record<string, unknown> = {}, match: Record<string, unknown> = {}) => ({
  id: "r",
  action: "block",
  match,
  ...extra,
});
const doc = (...rules: unknown[]) => ({ rules });

describe("parsePolicy: errors name the field", () => {
  const cases: Array<[string, unknown, string]> = [
    [
      "bad CIDR",
      doc(rule({}, { ip: ["203.0.113.0/24", "203.0.113.0/33"] })),
      "rules.0.match.ip.1: expected an IP address or CIDR",
    ],
    ["bad not_ip", doc(rule({}, { not_ip: ["nope"] })), "rules.0.match.not_ip.0: expected an IP address or CIDR"],
    ["typo in rule", doc({ id: "r", acton: "block", match: {} }), 'rules.0: Unrecognized key: "acton"'],
    ["typo in match", doc(rule({}, { methods: ["GET"] })), 'rules.0.match: Unrecognized key: "methods"'],
    ["typo at top", { rules: [], rule: [] }, 'Unrecognized key: "rule"'],
    // Path patterns that can never meet a canonical path are refused, not kept silently dead.
    ["query in a path", doc(rule({}, { path: { exact: "/admin?x=1" } })), "rules.0.match.path.exact: a path pattern"],
    [
      "encoded path",
      doc(rule({}, { path: { prefix: "/a%20b" } })),
      "rules.0.match.path.prefix: write the path decoded",
    ],
    ["dot segment", doc(rule({}, { path: { exact: "/x/../hidden" } })), "rules.0.match.path.exact: no . or .."],
    ["template in a glob", doc(rule({}, { path: { glob: "/users/{id}" } })), "rules.0.match.path.glob: {name}"],
    ["impossible body size", doc(rule({}, { body_size: { gt: 100, lt: 50 } })), "rules.0.match.body_size: no size"],
    ["digits as a country", doc(rule({}, { country: ["99"] })), "rules.0.match.country.0: expected a two-letter"],
    ["a blank in a CIDR", doc(rule({}, { ip: ["10.0.0.0/ 8"] })), "rules.0.match.ip.0: expected an IP address"],
    [
      "rate_limit without block",
      doc(rule({ action: "rate_limit" })),
      "rules.0.rate_limit: action rate_limit needs a rate_limit block",
    ],
    [
      "rate_limit block on block",
      doc(rule({ rate_limit: { limit: 1, window_s: 1 } })),
      "rules.0.rate_limit: rate_limit is only allowed with action rate_limit",
    ],
    [
      "bad rate limit",
      doc(rule({ action: "rate_limit", rate_limit: { limit: 0, window_s: 60 } })),
      "rules.0.rate_limit.limit",
    ],
    [
      "bypass on block",
      doc(rule({ bypass: ["signatures"] })),
      "rules.0.bypass: bypass is only allowed with action allow",
    ],
    ["unknown bypass", doc(rule({ action: "allow", bypass: ["everything"] })), "rules.0.bypass.0"],
    ["duplicate ids", doc(rule(), { ...rule(), action: "log" }), "rules.1.id: duplicate rule id (first at rules.0)"],
    ["bad id", doc(rule({ id: "a:b" })), "rules.0.id"],
    ["bad action", doc(rule({ action: "deny" })), "rules.0.action"],
    [
      "glob with partial **",
      doc(rule({}, { path: { glob: "/api/x**" } })),
      "rules.0.match.path.glob: ** must be a whole segment",
    ],
    ["glob without /", doc(rule({}, { path: { glob: "api/*" } })), "rules.0.match.path.glob: a glob must start with /"],
    ["glob with //", doc(rule({}, { path: { glob: "/a//b" } })), "rules.0.match.path.glob: empty segment"],
    [
      "two path kinds",
      doc(rule({}, { path: { exact: "/a", prefix: "/a" } })),
      "rules.0.match.path: exactly one of exact, prefix, glob",
    ],
    ["no path kind", doc(rule({}, { path: {} })), "rules.0.match.path: exactly one of"],
    [
      "header two ops",
      doc(rule({}, { headers: [{ name: "a", contains: "x", present: true }] })),
      "rules.0.match.headers.0: exactly one of",
    ],
    [
      "header bad name",
      doc(rule({}, { headers: [{ name: "bad name", present: true }] })),
      "rules.0.match.headers.0.name: expected a header name",
    ],
    ["country", doc(rule({}, { country: ["DEU"] })), "rules.0.match.country.0: expected a two-letter country code"],
    ["asn", doc(rule({}, { asn: [-1] })), "rules.0.match.asn.0"],
    ["method", doc(rule({}, { method: ["GET /"] })), "rules.0.match.method.0: expected an HTTP method"],
    ["endpoint", doc(rule({}, { endpoint: ["/api/x"] })), 'rules.0.match.endpoint.0: expected "METHOD /path"'],
    ["content type", doc(rule({}, { content_type: ["json"] })), "rules.0.match.content_type.0: expected a media type"],
    ["body size empty", doc(rule({}, { body_size: {} })), "rules.0.match.body_size: at least one of gt, gte, lt, lte"],
    ["empty list", doc(rule({}, { ip: [] })), "rules.0.match.ip: must not be empty"],
    [
      "param min on string",
      doc(rule({}, { params: [{ name: "q", in: "query", type: "string", max: 3 }] })),
      "rules.0.match.params.0.type: min and max need type int or float",
    ],
    [
      "param no constraint",
      doc(rule({}, { params: [{ name: "q", in: "query" }] })),
      "rules.0.match.params.0: a parameter constraint needs at least one of",
    ],
    ["param bad in", doc(rule({}, { params: [{ name: "q", in: "path", type: "int" }] })), "rules.0.match.params.0.in"],
    ["match missing", doc({ id: "r", action: "block" }), "rules.0.match"],
    ["priority negative", doc(rule({ priority: -1 })), "rules.0.priority"],
    ["signatures paranoia", { rules: [], signatures: { paranoia: 5 } }, "signatures.paranoia"],
    [
      "exclusion typo",
      { rules: [], signatures: { exclusions: [{ rule: ["942100"] }] } },
      'signatures.exclusions.0: Unrecognized key: "rule"',
    ],
    [
      "allowlist path",
      { allowlist: { endpoints: [{ method: "GET", path: "api" }] } },
      "allowlist.endpoints.0.path: a path starts with /",
    ],
    [
      "param min over max",
      doc(rule({}, { params: [{ name: "n", in: "query", type: "int", min: 10, max: 1 }] })),
      "rules.0.match.params.0.min: min is greater than max",
    ],
    [
      "exclusion of a family that does not exist",
      { rules: [], signatures: { exclusions: [{ rules: ["nosuchfamily"] }] } },
      'signatures.exclusions.0.rules.0: no signature rule or family is called "nosuchfamily"',
    ],
    [
      "exclusion prefix matching no rule",
      { rules: [], signatures: { exclusions: [{ rules: ["999*"] }] } },
      'signatures.exclusions.0.rules.0: no signature rule or family is called "999*"',
    ],
    [
      "allowlist param min over max",
      {
        allowlist: {
          endpoints: [{ method: "GET", path: "/x", params: { query: { n: { type: "int", min: 5, max: 1 } } } }],
        },
      },
      "allowlist.endpoints.0.params.query.n.min: min is greater than max",
    ],
    [
      "allowlist param type",
      { allowlist: { endpoints: [{ method: "GET", path: "/a", params: { query: { p: { type: "number" } } } }] } },
      "allowlist.endpoints.0.params.query.p.type",
    ],
    ["not an object", 42, "(document)"],
    ["invalid JSON text", "{rules:", "(document): invalid JSON"],
  ];
  it.each(cases)("%s", (_name, input, expected) => {
    const r = parsePolicy(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(expected);
  });

  it(`rejects more than ${MAX_RULES} rules`, () => {
    const rules = Array.from({ length: MAX_RULES + 1 }, (_, i) => ({ id: `r${i}`, action: "log", match: {} }));
    const r = parsePolicy({ rules });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(`rules: at most ${MAX_RULES} rules`);
    expect(parsePolicy({ rules: rules.slice(0, MAX_RULES) }).ok).toBe(true);
  });
});

describe("parsePolicy: accepted documents are normalised", () => {
  it("fills defaults and normalises case", () => {
    const r = parsePolicy(
      JSON.stringify({
        version: 3,
        created_at: 1700000000000,
        rules: [
          {
            id: "a",
            action: "rate_limit",
            match: {
              method: ["post"],
              country: ["kp"],
              endpoint: ["post /api/login"],
              headers: [{ name: "User-Agent", contains: "x" }],
              content_type: ["Application/JSON"],
            },
            rate_limit: { limit: 10, window_s: 60 },
          },
          { id: "b", action: "allow", match: { ip: ["10.1.2.3/8"] } },
        ],
        signatures: {
          paranoia: 2,
          exclusions: [{ rules: ["942100", "sqli", "941*"], param: "q", endpoint: "GET /search" }],
        },
        allowlist: {
          endpoints: [{ method: "get", path: "/api/products/{id}", params: { query: { page: { type: "int" } } } }],
        },
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [a, b] = r.value.rules;
    expect(a?.priority).toBe(1000);
    expect(a?.enabled).toBe(true);
    expect(a?.match.method).toEqual(["POST"]);
    expect(a?.match.country).toEqual(["KP"]);
    expect(a?.match.endpoint).toEqual(["POST /api/login"]);
    expect(a?.match.headers?.[0]?.name).toBe("user-agent");
    expect(a?.match.content_type).toEqual(["application/json"]);
    expect(a?.rate_limit).toEqual({ limit: 10, window_s: 60, algorithm: "sliding", key: "identity" });
    expect(b?.bypass).toBeUndefined();
    expect(r.value.allowlist?.endpoints[0]?.method).toBe("GET");
    // A stored (already normalised) document validates again unchanged: the worker re-reads what the admin API wrote.
    const again = parsePolicy(JSON.parse(JSON.stringify(r.value)));
    expect(again).toEqual(r);
  });

  it("accepts an empty document and not_ip: []", () => {
    expect(parsePolicy({}).ok).toBe(true);
    expect(parsePolicy({ rules: [{ id: "x", action: "log", match: { not_ip: [] } }] }).ok).toBe(true);
  });
});
