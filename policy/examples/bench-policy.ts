/**
 * @module policy/examples/bench-policy
 * Deterministic generator of bench-200.json: a realistic ~200-rule policy for
 * the datapath benchmark, shaped like a production one (IP and ASN feeds,
 * country rules, path prefixes and globs, scanner headers, endpoint parameter
 * constraints, a few rate limits). Seeded PRNG, so regenerating gives the
 * same file (test/policy/examples.test.ts checks it). Regenerate with
 * `npx tsx policy/examples/make-bench-policy.ts > policy/examples/bench-200.json`.
 */
import { mulberry32 } from "../../core/discovery/hash.ts";
import type { PolicyInput } from "../schema.ts";

type RuleInput = PolicyInput["rules"] extends Array<infer R> | undefined ? R : never;

const prng = mulberry32;

const COUNTRIES = ["KP", "IR", "SY", "CU", "RU", "CN", "BY", "VE", "MM", "T1", "NG", "PK", "VN", "ID", "BR"];
const SCANNERS = ["sqlmap", "nikto", "nuclei", "masscan", "zgrab", "dirbuster", "gobuster", "wpscan", "acunetix"];
const PREFIXES = [
  "/admin/",
  "/wp-admin/",
  "/wp-content/",
  "/wp-includes/",
  "/.git/",
  "/.svn/",
  "/.hg/",
  "/cgi-bin/",
  "/phpmyadmin/",
  "/server-status",
  "/server-info",
  "/actuator/",
  "/console/",
  "/manager/html",
  "/jmx-console/",
  "/solr/",
  "/_profiler/",
  "/debug/",
  "/internal/",
  "/private/",
  "/backup/",
  "/old/",
  "/test/",
  "/api/v0/",
  "/api/internal/",
  "/telescope/",
  "/vendor/phpunit/",
  "/autodiscover/",
  "/owa/",
  "/remote/",
];
const GLOBS = [
  "/**/*.php",
  "/**/*.asp",
  "/**/*.aspx",
  "/**/*.jsp",
  "/**/.env",
  "/**/*.bak",
  "/**/*.sql",
  "/**/*.swp",
  "/static/**/*.map",
  "/api/*/export/**",
  "/api/*/admin/**",
  "/api/v*/debug/**",
  "/**/web.config",
  "/**/.htaccess",
  "/**/id_rsa*",
  "/uploads/**/*.sh",
  "/api/*/internal/*",
  "/**/config.json",
  "/**/*.old",
  "/**/dump*",
];
const ENDPOINTS: Array<
  [
    string,
    Array<{
      name: string;
      in: "query" | "body";
      type: "int" | "uuid" | "email" | "string";
      max?: number;
      max_length?: number;
    }>,
  ]
> = [
  [
    "GET /api/products",
    [
      { name: "page", in: "query", type: "int", max: 100000 },
      { name: "per_page", in: "query", type: "int", max: 100 },
    ],
  ],
  ["GET /api/products/{id}", [{ name: "fields", in: "query", type: "string", max_length: 200 }]],
  ["GET /api/products/{id}/reviews", [{ name: "page", in: "query", type: "int", max: 10000 }]],
  ["GET /api/search", [{ name: "q", in: "query", type: "string", max_length: 200 }]],
  ["GET /api/orders", [{ name: "limit", in: "query", type: "int", max: 100 }]],
  ["POST /api/login", [{ name: "username", in: "body", type: "string", max_length: 64 }]],
  ["POST /api/orders", [{ name: "quantity", in: "body", type: "int", max: 1000 }]],
  ["POST /api/cart", [{ name: "product_id", in: "body", type: "int", max: 999999999 }]],
  ["GET /api/users/{username}", [{ name: "expand", in: "query", type: "string", max_length: 32 }]],
  ["GET /api/categories", [{ name: "depth", in: "query", type: "int", max: 5 }]],
];

/** Builds the benchmark policy; the same seed always gives the same document. */
export function makeBenchPolicy(seed = 200): PolicyInput {
  const rand = prng(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const rules: RuleInput[] = [];
  const ipv4 = (prefix: number) => `${1 + int(222)}.${int(256)}.${int(256)}.${int(256)}/${prefix}`;
  const ipv6 = () => `2001:db8:${int(65536).toString(16)}:${int(65536).toString(16)}::/64`;

  rules.push({
    id: "allow-office",
    action: "allow",
    priority: 10,
    match: { ip: ["192.0.2.0/24", "2001:db8:ffff::/48"] },
  });
  rules.push({
    id: "allow-healthz",
    action: "allow",
    priority: 10,
    match: { method: ["GET"], path: { exact: "/healthz" } },
    bypass: ["allowlist", "behaviour"],
  });
  for (let i = 0; i < 46; i++) {
    const n = 1 + int(20);
    const ip = Array.from({ length: n }, () => (rand() < 0.8 ? ipv4(16 + int(17)) : ipv6()));
    rules.push({
      id: `ipfeed-${i}`,
      description: "threat feed block",
      action: i % 8 === 0 ? "log" : "block",
      priority: 100,
      match: { ip },
    });
  }
  for (let i = 0; i < 15; i++) {
    const country = [COUNTRIES[i]!, ...(rand() < 0.3 ? [pick(COUNTRIES)] : [])];
    const rule: RuleInput = { id: `geo-${i}`, action: i < 5 ? "block" : "log", priority: 150, match: { country } };
    if (i >= 10) rule.match.method = ["POST", "PUT", "DELETE"];
    rules.push(rule);
  }
  for (let i = 0; i < 15; i++) {
    const asn = Array.from({ length: 1 + int(4) }, () => 1000 + int(400000));
    rules.push({
      id: `asn-${i}`,
      description: "hosting provider ASN",
      action: i % 3 === 0 ? "block" : "log",
      priority: 160,
      match: { asn },
    });
  }
  PREFIXES.forEach((prefix, i) => {
    rules.push({
      id: `path-prefix-${i}`,
      action: i % 5 === 4 ? "log" : "block",
      priority: 200,
      match: { path: { prefix } },
    });
  });
  GLOBS.forEach((glob, i) => {
    rules.push({
      id: `path-glob-${i}`,
      action: "block",
      priority: 210,
      match: { path: { glob, ignore_case: i % 4 === 0 } },
    });
  });
  SCANNERS.forEach((ua, i) => {
    rules.push({
      id: `ua-${i}`,
      action: "block",
      priority: 120,
      match: { headers: [{ name: "user-agent", contains: ua }] },
    });
  });
  const headerRules: Array<[string, RuleInput["match"]]> = [
    ["x-debug", { headers: [{ name: "x-debug", present: true }] }],
    ["x-forwarded-host-evil", { headers: [{ name: "x-forwarded-host", contains: ["evil", "burpcollaborator"] }] }],
    ["x-original-url", { headers: [{ name: "x-original-url", present: true }] }],
    ["x-rewrite-url", { headers: [{ name: "x-rewrite-url", present: true }] }],
    ["no-ua-post", { method: ["POST"], headers: [{ name: "user-agent", present: false }] }],
    ["curl-on-login", { path: { exact: "/api/login" }, headers: [{ name: "user-agent", prefix: "curl/" }] }],
    ["python-requests", { headers: [{ name: "user-agent", prefix: ["python-requests/", "python-urllib/"] }] }],
    ["go-http", { headers: [{ name: "user-agent", prefix: "go-http-client/" }] }],
    ["te-chunked-get", { method: ["GET"], headers: [{ name: "transfer-encoding", present: true }] }],
    ["range-abuse", { headers: [{ name: "range", contains: ",", case_sensitive: true }] }],
    ["accept-xml", { headers: [{ name: "accept", equals: ["application/xml", "text/xml"] }] }],
    ["origin-null", { headers: [{ name: "origin", equals: "null" }] }],
    ["x-http-method-override", { headers: [{ name: "x-http-method-override", present: true }] }],
    ["proxy-header", { headers: [{ name: "proxy", present: true }] }],
    ["cookie-debug", { headers: [{ name: "cookie", contains: "debug=1" }] }],
    ["referer-spam", { headers: [{ name: "referer", contains: ["casino", "viagra", "seo-offer"] }] }],
  ];
  headerRules.forEach(([id, match], i) => {
    rules.push({ id: `hdr-${id}`, action: i % 3 === 2 ? "log" : "block", priority: 130, match });
  });
  ENDPOINTS.forEach(([endpoint, params], i) => {
    for (const p of params) {
      rules.push({
        id: `param-${i}-${p.name}`,
        action: "block",
        priority: 300,
        match: { endpoint: [endpoint], params: [p] },
      });
      rules.push({
        id: `param-${i}-${p.name}-log`,
        action: "log",
        priority: 310,
        match: { endpoint: [endpoint], params: [{ ...p, max_length: 1024 }] },
      });
    }
  });
  for (let i = 0; i < 12; i++) {
    const [endpoint] = ENDPOINTS[i % ENDPOINTS.length]!;
    const [method, path] = endpoint.split(" ") as [string, string];
    rules.push({
      id: `rl-${i}`,
      action: "rate_limit",
      priority: 250,
      match:
        i % 2 === 0 ? { endpoint: [endpoint] } : { method: [method], path: { glob: path.replace(/\{[^}]+\}/g, "*") } },
      rate_limit: {
        limit: 20 + int(200),
        window_s: pick([10, 60, 300]),
        algorithm: i % 3 === 0 ? "fixed" : "sliding",
        key: pick(["identity", "ip", "endpoint+identity"] as const),
      },
    });
  }
  const cts = [
    "application/xml",
    "text/xml",
    "application/x-java-serialized-object",
    "application/x-php",
    "multipart/*",
  ];
  cts.forEach((ct, i) => {
    rules.push({
      id: `ct-${i}`,
      action: i === 4 ? "log" : "block",
      priority: 220,
      match: { content_type: [ct], method: ["POST", "PUT", "PATCH"] },
    });
  });
  const sizes: Array<RuleInput["match"]["body_size"]> = [
    { gt: 1048576 },
    { gt: 65536 },
    { gt: 262144 },
    { gte: 8388608 },
    { gt: 0 },
  ];
  sizes.forEach((body_size, i) => {
    const match: RuleInput["match"] = { body_size };
    if (i === 4) match.method = ["GET", "HEAD"];
    if (i === 1) match.path = { prefix: "/api/login" };
    rules.push({ id: `body-${i}`, action: i === 2 ? "log" : "block", priority: 230, match });
  });
  rules.push({
    id: "methods-odd",
    action: "block",
    priority: 140,
    match: { method: ["TRACE", "TRACK", "CONNECT", "PROPFIND", "DEBUG"] },
  });
  rules.push({
    id: "identity-watch",
    action: "log",
    priority: 400,
    match: { identity: ["svc-legacy", "svc-batch", "key:deadbeef"] },
  });
  rules.push({
    id: "admin-not-office",
    action: "block",
    priority: 90,
    match: { path: { prefix: "/api/admin/" }, not_ip: ["192.0.2.0/24"] },
  });
  return {
    version: 1,
    description: "Benchmark policy: ~200 rules of every kind (generated by policy/examples/make-bench-policy.ts)",
    rules,
    signatures: { paranoia: 1, threshold: 5 },
  };
}
