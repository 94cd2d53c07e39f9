/**
 * @module test/shared/scenarios
 * Behaviour scenarios every platform adapter must pass the same way: each
 * is an app config, a policy and a sequence of requests with the outcome
 * expected of each. One runner per platform (test/worker/shared-scenarios
 * in workerd, test/vercel/shared-scenarios in Vercel's Edge Runtime) sends
 * them through its real datapath, so the two adapters cannot drift.
 *
 * `pass` means the request went on to the app (proxied on Cloudflare,
 * `next()` on Vercel); a number is apiward's own problem+json answer.
 */
import type { AppConfigInput } from "../../core/config/app-config.ts";

export interface ScenarioRequest {
  method?: string;
  /** Path and query as sent. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Client address (the platform's header for it is set by the runner). */
  ip?: string;
  /** Send to a host no app lists (unknown host). */
  unknownHost?: boolean;
  expect: "pass" | 403 | 404 | 429 | 503;
  /** A reason the answer must carry (`source:id`, or `source:` for any id of that source). */
  reason?: string;
}

export interface Scenario {
  name: string;
  app: Omit<AppConfigInput, "id" | "hosts" | "origin">;
  policy?: unknown;
  requests: ScenarioRequest[];
}

const browser = { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/124 Safari/537.36" };

export const SCENARIOS: Scenario[] = [
  {
    name: "an ordinary GET passes",
    app: { mode: "enforce" },
    policy: { rules: [] },
    requests: [
      { path: "/api/products?page=2", headers: browser, expect: "pass" },
      {
        method: "POST",
        path: "/api/cart",
        headers: { ...browser, "content-type": "application/json" },
        body: '{"sku":"A-12","qty":2}',
        expect: "pass",
      },
    ],
  },
  {
    name: "SQL injection in the query is blocked with a signature reason",
    app: { mode: "enforce" },
    policy: { rules: [] },
    requests: [
      { path: "/api/search?q=1%27%20OR%20%271%27%3D%271", headers: browser, expect: 403, reason: "signature:" },
    ],
  },
  {
    name: "XSS in a JSON body is blocked",
    app: { mode: "enforce" },
    policy: { rules: [] },
    requests: [
      {
        method: "POST",
        path: "/api/comments",
        headers: { ...browser, "content-type": "application/json" },
        body: '{"text":"<script>alert(document.cookie)</script>"}',
        expect: 403,
        reason: "signature:",
      },
    ],
  },
  {
    name: "path traversal, plain and encoded, is blocked",
    app: { mode: "enforce" },
    policy: { rules: [] },
    requests: [
      { path: "/files/../../etc/passwd", headers: browser, expect: 403 },
      { path: "/files/..%2f..%2fetc%2fpasswd", headers: browser, expect: 403 },
      { path: "/files/%2e%2e/%2e%2e/etc/passwd", headers: browser, expect: 403 },
    ],
  },
  {
    name: "a policy deny rule blocks its path, also when encoded",
    app: { mode: "enforce" },
    policy: { rules: [{ id: "no-admin", action: "block", match: { path: { prefix: "/admin" } } }] },
    requests: [
      { path: "/admin/users", headers: browser, expect: 403, reason: "policy:no-admin" },
      { path: "/%61dmin/users", headers: browser, expect: 403, reason: "policy:no-admin" },
      { path: "/public/admin", headers: browser, expect: "pass" },
    ],
  },
  {
    name: "a rate limit answers 429 past its limit, per client",
    app: { mode: "enforce" },
    policy: {
      rules: [
        {
          id: "login-rl",
          action: "rate_limit",
          match: { method: ["POST"], path: { exact: "/api/login" } },
          rate_limit: { limit: 3, window_s: 60, key: "identity" },
        },
      ],
    },
    requests: [
      ...[1, 2, 3].map(() => ({
        method: "POST",
        path: "/api/login",
        headers: browser,
        ip: "192.0.2.10",
        expect: "pass" as const,
      })),
      {
        method: "POST",
        path: "/api/login",
        headers: browser,
        ip: "192.0.2.10",
        expect: 429,
        reason: "policy:login-rl",
      },
      { method: "POST", path: "/api/login", headers: browser, ip: "192.0.2.11", expect: "pass" },
    ],
  },
  {
    name: "monitor mode only logs what enforce would block",
    app: { mode: "monitor" },
    policy: { rules: [{ id: "no-admin", action: "block", match: { path: { prefix: "/admin" } } }] },
    requests: [
      { path: "/admin", headers: browser, expect: "pass" },
      { path: "/api/search?q=1%27%20OR%20%271%27%3D%271", headers: browser, expect: "pass" },
    ],
  },
  {
    name: "a capability in enforce blocks while the app monitors",
    app: { mode: "monitor", capabilities: { signatures: "enforce" } },
    policy: { rules: [{ id: "no-admin", action: "block", match: { path: { prefix: "/admin" } } }] },
    requests: [
      { path: "/admin", headers: browser, expect: "pass" },
      { path: "/api/search?q=1%27%20OR%20%271%27%3D%271", headers: browser, expect: 403, reason: "signature:" },
    ],
  },
  {
    name: "an allow rule bypasses signatures on its path",
    app: { mode: "enforce" },
    policy: {
      rules: [
        { id: "docs", action: "allow", priority: 10, match: { path: { prefix: "/docs/" } }, bypass: ["signatures"] },
      ],
    },
    requests: [
      { path: "/docs/sql?example=1%27%20OR%20%271%27%3D%271", headers: browser, expect: "pass" },
      { path: "/api/search?q=1%27%20OR%20%271%27%3D%271", headers: browser, expect: 403 },
    ],
  },
  {
    name: "a host no app lists gets 404",
    app: { mode: "enforce" },
    requests: [{ path: "/", unknownHost: true, expect: 404 }],
  },
];

/** Checks an answer against a scenario request; returns what is wrong, or null. */
export function mismatch(r: ScenarioRequest, got: { passed: boolean; status: number; body: string }): string | null {
  if (r.expect === "pass") return got.passed ? null : `expected to pass, got ${got.status} ${got.body.slice(0, 300)}`;
  if (got.passed) return `expected ${r.expect}, passed`;
  if (got.status !== r.expect) return `expected ${r.expect}, got ${got.status} ${got.body.slice(0, 300)}`;
  if (r.reason) {
    const [source, id] = r.reason.split(":");
    let reasons: Array<{ source: string; id: string }> = [];
    try {
      reasons = (JSON.parse(got.body) as { reasons?: typeof reasons }).reasons ?? [];
    } catch {
      return `expected a problem+json body, got ${got.body.slice(0, 200)}`;
    }
    if (!reasons.some((x) => x.source === source && (!id || x.id === id)))
      return `expected reason ${r.reason}, got ${JSON.stringify(reasons)}`;
  }
  return null;
}
