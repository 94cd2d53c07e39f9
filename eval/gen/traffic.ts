/**
 * @module eval/gen/traffic
 * Seeded traffic from a route table (../shared/corpus/openapi/*.routes.json
 * format): routes with Zipf popularity, path parameters from realistic value
 * pools shared by routes under the same prefix, required and some optional
 * query parameters, JSON bodies on writes, client identities, a mix of
 * statuses (404 for unknown ids, some 4xx and 5xx, one short 5xx storm) and
 * a little scanner noise (404). Each request carries the index of the route
 * it exercised (null for noise), which the evaluation scores against.
 */
import type { TrafficRecord } from "../../core/types.ts";
import { int, pick, type Rng, rng, seedOf, shuffled, Zipf } from "./rng.ts";
import { queryValue, type RouteParam, styleFor, ValuePool } from "./values.ts";
import { FIELD_NAMES, WORDS } from "./words.ts";

export interface Route {
  method: string;
  path: string;
  params: RouteParam[];
  deprecated?: boolean;
}

export interface RouteTable {
  name: string;
  servers_base_path?: string;
  routes: Route[];
}

export interface GenOptions {
  seed: number;
  requests: number;
  /** Share of scanner probes (default 0.02). */
  noise?: number;
  /** Zipf exponent of route popularity (default 1). */
  routeSkew?: number;
}

export interface GenRequest {
  record: TrafficRecord;
  /** Index of the route in the table; null for scanner noise. */
  route: number | null;
  /** Whether the app answered with a success. */
  ok: boolean;
}

const SCANNER_PATHS = [
  "/.env",
  "/.git/config",
  "/wp-login.php",
  "/wp-admin/admin-ajax.php",
  "/phpmyadmin/index.php",
  "/admin/config.php",
  "/server-status",
  "/actuator/health",
  "/api/v1/../../etc/passwd",
  "/cgi-bin/luci",
  "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
  "/.aws/credentials",
  "/backup.zip",
  "/console",
  "/solr/admin/info/system",
  "/HNAP1",
  "/boaform/admin/formLogin",
  "/owa/auth/logon.aspx",
];

function segmentsOf(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}

/** Body fields of a route: a few names chosen from the route itself, stable across requests. */
function bodyFieldsFor(route: Route): string[] {
  const r = rng(seedOf("body", route.method, route.path));
  const n = int(r, 2, 6);
  const out = new Set<string>();
  while (out.size < n) out.add(pick(r, FIELD_NAMES));
  return [...out];
}

function bodyValue(field: string, r: Rng): unknown {
  if (/amount|quantity|price|count|limit|priority|interval|size/.test(field)) return int(r, 1, 10_000);
  if (/enabled|active/.test(field)) return r() < 0.5;
  if (/email/.test(field)) return `${pick(r, WORDS)}@example.com`;
  if (/date|_at$/.test(field)) return `2024-0${int(r, 1, 9)}-1${int(r, 0, 9)}`;
  if (/tags|items|members|permissions/.test(field)) return [pick(r, WORDS), pick(r, WORDS)];
  if (/metadata|address/.test(field)) return { key: pick(r, WORDS) };
  return `${pick(r, WORDS)} ${pick(r, WORDS)}`;
}

export function* generateTraffic(table: RouteTable, opts: GenOptions): Generator<GenRequest> {
  const r = rng(seedOf("traffic", table.name, opts.seed));
  const order = shuffled(
    r,
    table.routes.map((_, i) => i),
  );
  const routeZipf = new Zipf(order.length, opts.routeSkew ?? 1);
  const clients = Array.from({ length: 40 }, (_, i) =>
    i % 3 === 0 ? `svc-${WORDS[(i * 7) % WORDS.length]}` : `user:${1000 + i * 37}`,
  );
  const clientZipf = new Zipf(clients.length, 1.1);
  const pools = new Map<string, ValuePool>();
  const poolFor = (route: Route, p: RouteParam): ValuePool => {
    // Routes under one prefix share the parameter's values (/customers/{c} and /customers/{c}/cards).
    const segs = segmentsOf(route.path);
    const at = segs.findIndex((s) => s.includes(`{${p.name}}`));
    const key = `${table.name}:${segs.slice(0, at + 1).join("/")}`;
    let pool = pools.get(key);
    if (!pool) {
      pool = new ValuePool(styleFor(p, table.name, opts.seed), key, opts.seed, p.enum);
      pools.set(key, pool);
    }
    return pool;
  };
  const noise = opts.noise ?? 0.02;
  const stormStart = Math.floor(opts.requests * (0.3 + 0.4 * r()));
  const stormLen = Math.floor(opts.requests * 0.01);
  const t0 = 1_700_000_000;
  for (let i = 0; i < opts.requests; i++) {
    const ts = t0 + i * 0.05;
    const identity = clients[clientZipf.sample(r)] as string;
    if (r() < noise) {
      const path =
        r() < 0.6 ? pick(r, SCANNER_PATHS) : `/${pick(r, WORDS)}${r() < 0.5 ? `/${pick(r, WORDS)}.php` : ""}`;
      yield {
        record: { ts, method: r() < 0.8 ? "GET" : "POST", url: path, status: 404, ip: "203.0.113.9" },
        route: null,
        ok: false,
      };
      continue;
    }
    const idx = order[routeZipf.sample(r)] as number;
    const route = table.routes[idx] as Route;
    let status = route.method === "POST" ? 201 : route.method === "DELETE" ? 204 : 200;
    const u = r();
    let unknownId = false;
    if (i >= stormStart && i < stormStart + stormLen) status = 503;
    else if (u < 0.015) {
      status = 404;
      unknownId = true;
    } else if (u < 0.035) status = pick(r, [400, 401, 403, 422]);
    else if (u < 0.04) status = 500;
    const pathParams = route.params.filter((p) => p.in === "path");
    let path = route.path;
    for (const p of pathParams) {
      const pool = poolFor(route, p);
      const v = unknownId ? pool.unknown(r) : pool.sample(r);
      path = path.replace(`{${p.name}}`, encodeURIComponent(v));
    }
    const q: string[] = [];
    let optional = 0;
    for (const p of route.params) {
      if (p.in !== "query") continue;
      if (p.required || (optional < 6 && r() < 0.25)) {
        if (!p.required) optional++;
        q.push(`${encodeURIComponent(p.name)}=${encodeURIComponent(queryValue(p, r))}`);
      }
    }
    const record: TrafficRecord = {
      ts,
      method: route.method,
      url: q.length > 0 ? `${path}?${q.join("&")}` : path,
      status,
      identity,
    };
    if (route.method === "POST" || route.method === "PUT" || route.method === "PATCH") {
      const body: Record<string, unknown> = {};
      for (const f of bodyFieldsFor(route)) if (r() < 0.9) body[f] = bodyValue(f, r);
      record.body = JSON.stringify(body);
      record.headers = { "content-type": "application/json" };
    }
    yield { record, route: idx, ok: status < 400 };
  }
}
