import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ipGroupKey } from "../../core/net/ip.ts";
import { compilePolicy } from "../../policy/compile.ts";
import { evaluatePolicy } from "../../policy/evaluate.ts";
import { parsePolicy } from "../../policy/schema.ts";
import type { PolicyContext } from "../../policy/types.ts";
import { req } from "./helpers.ts";
import { referenceEvaluate } from "./reference-evaluator.ts";

const opt = <T>(arb: fc.Arbitrary<T>, freq = 4) =>
  fc.oneof({ weight: freq - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
const someOf = <T>(xs: readonly T[]) => fc.uniqueArray(fc.constantFrom(...xs), { minLength: 1, maxLength: 3 });

const CIDRS = [
  "10.0.0.0/8",
  "10.1.0.0/16",
  "10.1.2.3",
  "192.0.2.0/24",
  "0.0.0.0/0",
  "2001:db8::/32",
  "2001:db8:1::/48",
  "::ffff:10.0.0.0/104",
  "::/0",
];
const IPS = [
  "10.0.0.1",
  "10.1.2.3",
  "10.1.9.9",
  "192.0.2.5",
  "::ffff:10.0.0.9",
  "2001:db8::1",
  "2001:db8:1::5",
  "198.51.100.1",
  "garbage",
  "",
];
const SEGS = ["api", "Admin", "admin", "x.php", "users", "1", "export", "v1"];
const GLOBS = [
  "/api/**",
  "/**/*.php",
  "/*/users/*",
  "/**",
  "/admin/**",
  "/api/*/export/**",
  "/**/1",
  "/*",
  "/a*/**",
  "/**/users/**/1",
];
const PREFIXES = ["/api", "/api/", "/adm", "/", "/Admin/", "/x.php"];
const HEADER_NAMES = ["user-agent", "x-debug", "accept", "x-http-method-override"];
const HEADER_VALUES = ["sqlmap/1.0", "Mozilla/5.0", "curl/8", "application/XML", "", "delete", "GET"];
const VALUES = [
  "put",
  "1",
  "100",
  "1000",
  "abc",
  "-5",
  "1.5",
  "true",
  "a@b.co",
  "123e4567-e89b-12d3-a456-426614174000",
  "",
  "x".repeat(20),
];
const ENDPOINTS = ["GET /api/users/{id}", "POST /login"];

const path = fc.array(fc.constantFrom(...SEGS), { maxLength: 4 }).map((s) => `/${s.join("/")}`);

const header = fc.oneof(
  fc.record({ name: fc.constantFrom(...HEADER_NAMES), present: fc.boolean() }),
  fc
    .record({
      name: fc.constantFrom(...HEADER_NAMES),
      op: fc.constantFrom("contains", "equals", "prefix"),
      value: fc.oneof(fc.constantFrom("sql", "Moz", "curl", "xml", "mozilla/5.0"), fc.constant(["curl", "XML"])),
      case_sensitive: opt(fc.boolean(), 2),
    })
    .map(({ op, value, ...h }) => ({ ...h, [op]: value })),
);

const param = fc
  .record({
    name: fc.constantFrom("limit", "q"),
    in: fc.constantFrom("query", "body"),
    type: fc.constantFrom("int", "float", "bool", "uuid", "email", "string"),
    bound: opt(fc.record({ max: opt(fc.constantFrom(1, 100), 2), min: opt(fc.constantFrom(-10, 1), 2) }), 2),
    max_length: opt(fc.constantFrom(3, 10), 3),
    min_length: opt(fc.constantFrom(1, 2), 3),
    enum: opt(fc.constant(["1", "abc", "true"]), 4),
    required: opt(fc.boolean(), 2),
  })
  .map(({ bound, ...p }) => {
    const numeric = p.type === "int" || p.type === "float";
    return numeric && bound ? { ...p, ...bound } : p;
  });

const match = fc.record(
  {
    ip: opt(someOf(CIDRS)),
    not_ip: opt(fc.uniqueArray(fc.constantFrom(...CIDRS), { maxLength: 2 }), 5),
    country: opt(someOf(["US", "DE", "kp"])),
    asn: opt(someOf([1, 2, 3])),
    method: opt(someOf(["GET", "post", "PUT"])),
    path: opt(
      fc.oneof(
        fc.record({ exact: path, ignore_case: opt(fc.boolean(), 2) }),
        fc.record({ prefix: fc.constantFrom(...PREFIXES), ignore_case: opt(fc.boolean(), 2) }),
        fc.record({ glob: fc.constantFrom(...GLOBS), ignore_case: opt(fc.boolean(), 2) }),
      ),
      3,
    ),
    headers: opt(fc.array(header, { minLength: 1, maxLength: 2 })),
    body_size: opt(
      fc
        .record({
          gt: opt(fc.constantFrom(0, 100), 2),
          gte: opt(fc.constantFrom(50), 3),
          lte: opt(fc.constantFrom(100, 1000), 2),
        })
        .filter((b) => Object.values(b).some((x) => x !== undefined))
        // Bounds no size meets are refused by validation (a rule that could never match).
        .filter((b) => Math.max(b.gt === undefined ? 0 : b.gt + 1, b.gte ?? 0) <= (b.lte ?? Number.POSITIVE_INFINITY)),
      5,
    ),
    content_type: opt(someOf(["application/xml", "text/*", "application/json"]), 5),
    endpoint: opt(someOf(ENDPOINTS), 5),
    identity: opt(someOf(["u1", "u2"]), 5),
    params: opt(fc.array(param, { minLength: 1, maxLength: 2 }), 4),
  },
  { requiredKeys: [] },
);

const rule = fc
  .record({
    action: fc.constantFrom("allow", "block", "log", "rate_limit"),
    priority: opt(fc.constantFrom(1, 2, 1000), 2),
    enabled: opt(fc.boolean(), 6),
    match,
    bypass: opt(fc.uniqueArray(fc.constantFrom("allowlist", "signatures", "behaviour"), { maxLength: 3 }), 2),
    rl: fc.record({
      limit: fc.constantFrom(1, 20),
      window_s: fc.constantFrom(1, 60),
      algorithm: opt(fc.constantFrom("fixed", "sliding"), 2),
      key: opt(fc.constantFrom("identity", "ip", "endpoint+identity"), 2),
    }),
  })
  .map(({ rl, bypass, ...r }) => {
    const out: Record<string, unknown> = { ...r };
    if (r.action === "rate_limit") out.rate_limit = rl;
    if (r.action === "allow" && bypass) out.bypass = bypass;
    return JSON.parse(JSON.stringify(out)); // drop undefined
  });

const policy = fc
  .array(rule, { maxLength: 14 })
  .map((rules) => ({ rules: rules.map((r, i) => ({ id: `r${i}`, ...r })) }));

const pairs = fc.array(fc.tuple(fc.constantFrom("limit", "q", "other", "_method"), fc.constantFrom(...VALUES)), {
  maxLength: 3,
});

const context: fc.Arbitrary<PolicyContext> = fc
  .record({
    method: fc.constantFrom("GET", "POST", "put", "DELETE"),
    path,
    query: pairs,
    headers: fc.array(fc.tuple(fc.constantFrom(...HEADER_NAMES), fc.constantFrom(...HEADER_VALUES)), { maxLength: 3 }),
    ip: fc.constantFrom(...IPS),
    country: opt(fc.constantFrom("US", "de", "KP"), 2),
    asn: opt(fc.constantFrom(1, 2, 4), 2),
    identity: fc.constantFrom("u1", "u2", "u3"),
    endpoint: opt(fc.constantFrom(...ENDPOINTS), 2),
    bodySize: fc.constantFrom(0, 50, 100, 101, 5000),
    contentType: opt(
      fc.constantFrom("application/json; charset=utf-8", "text/xml", "TEXT/plain", "application/xml"),
      2,
    ),
    bodyParams: opt(pairs, 2),
  })
  .map(({ method, path: p, query, headers, ...rest }) => {
    const c = { req: req(method, p, { query, headers }), ...rest } as PolicyContext;
    for (const k of Object.keys(c) as Array<keyof PolicyContext>) if (c[k] === undefined) delete c[k];
    return c;
  });

describe("compiled evaluation equals the naive reference evaluator", () => {
  it("on random policies and requests", () => {
    let matched = 0;
    let terminal = 0;
    fc.assert(
      fc.property(policy, fc.array(context, { minLength: 1, maxLength: 8 }), (input, ctxs) => {
        const parsed = parsePolicy(input);
        if (!parsed.ok) throw new Error(`generator produced an invalid policy: ${parsed.error}`);
        const compiled = compilePolicy(parsed.value);
        for (const c of ctxs) {
          const got = evaluatePolicy(compiled, c);
          const want = referenceEvaluate(parsed.value, c, ipGroupKey);
          expect(got.hits).toEqual(want.hits);
          expect(got.terminal).toEqual(want.terminal);
          expect(got.logs).toEqual(want.logs);
          expect(got.rateLimits).toEqual(want.rateLimits);
          expect([...got.bypass].sort()).toEqual(want.bypass);
          expect(got.reasons.map((r) => r.detail)).toEqual(want.details);
          matched += got.hits.length;
          if (got.terminal) terminal++;
        }
      }),
      { numRuns: 400 },
    );
    // The generators must exercise matching, not only misses.
    expect(matched).toBeGreaterThan(500);
    expect(terminal).toBeGreaterThan(100);
  });
});
