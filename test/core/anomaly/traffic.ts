/**
 * Synthetic traffic for the anomaly tests: a small shop (home and product
 * pages, assets, catalogue API, search, login, cart) visited by people in
 * sessions on a diurnal curve, plus the attacks and safeguard cases of issue
 * 8 built from the same pieces. Seeded, so every test sees the same events.
 * Deliberately simpler than sim/: these tests check the mechanics, the
 * evaluation measures quality on the simulator.
 */

import type { AnomalyEvent } from "../../../core/anomaly/types.ts";
import { mulberry32 } from "../../../core/discovery/hash.ts";

export const APP = "shop";
export const T0 = 1_772_409_600; // Monday 2026-03-02 00:00 UTC

export type Rand = () => number;
export const rng = (seed: number): Rand => mulberry32(seed);

export function ipv4(r: Rand, first = 10 + Math.floor(r() * 200)): string {
  return `${first}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`;
}

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/134.0 Safari/537.36";

export function ev(
  p: Partial<AnomalyEvent> & { ip: string; ts: number; method?: string; endpoint?: string },
): AnomalyEvent {
  const e: AnomalyEvent = {
    app: APP,
    ip: p.ip,
    client: p.client ?? p.ip,
    ts: p.ts,
    method: p.method ?? "GET",
    status: p.status ?? 200,
    bytes: p.bytes ?? 1200,
    latencyMs: p.latencyMs ?? 20,
    blockedByApiward: p.blockedByApiward ?? false,
    userAgent: p.userAgent ?? BROWSER,
  };
  if (p.endpoint !== undefined) e.endpoint = p.endpoint;
  if (p.path !== undefined) e.path = p.path;
  if (p.query !== undefined) e.query = p.query;
  if (p.asn !== undefined) e.asn = p.asn;
  return e;
}

/** One person's visit: lands on a page, loads assets, browses the catalogue, sometimes logs in and buys. */
export function session(
  r: Rand,
  ip: string,
  start: number,
  opts: { landing?: number; ua?: string } = {},
): AnomalyEvent[] {
  const out: AnomalyEvent[] = [];
  let t = start;
  const step = (endpoint: string, path: string, extra: Partial<AnomalyEvent> = {}) => {
    out.push(ev({ ip, ts: t, endpoint, path, userAgent: opts.ua ?? BROWSER, ...extra }));
    t += 1 + r() * 20;
  };
  const product = opts.landing ?? Math.floor(r() * 500);
  if (r() < 0.5 || opts.landing !== undefined) step("GET /products/{slug}", `/products/p-${product}`);
  else step("GET /", "/");
  step("GET /static/{file}", "/static/app.js");
  step("GET /static/{file}", "/static/style.css");
  step("GET /api/products", "/api/products", { query: [["page", "1"]] });
  const views = 1 + Math.floor(r() * 4);
  for (let i = 0; i < views; i++) {
    const id = i === 0 && opts.landing !== undefined ? product : Math.floor(r() * 500);
    step("GET /api/products/{id}", `/api/products/${id}`);
    if (r() < 0.5) step("GET /api/products/{id}/reviews", `/api/products/${id}/reviews`);
  }
  if (r() < 0.3) step("GET /api/search", "/api/search", { query: [["q", `w${Math.floor(r() * 50)}`]] });
  if (r() < 0.35) {
    if (r() < 0.05) step("POST /api/login", "/api/login", { method: "POST", status: 401 });
    step("POST /api/login", "/api/login", { method: "POST", status: 200 });
    step("GET /api/cart", "/api/cart");
  }
  return out;
}

/** Sessions per hour on a diurnal curve (lowest at 04:00 UTC). */
export function diurnal(ts: number, perHour: number): number {
  const h = ((ts - T0) / 3600) % 24;
  return perHour * (1 + 0.6 * Math.sin((2 * Math.PI * (h - 10)) / 24));
}

/** People visiting between `from` and `to`; `returning` addresses come back with probability 0.5. */
export function benign(
  r: Rand,
  from: number,
  to: number,
  perHour: number,
  returning: string[] = [],
  rate: (ts: number) => number = (ts) => diurnal(ts, perHour),
): AnomalyEvent[] {
  const out: AnomalyEvent[] = [];
  for (let t = from; t < to; t += 60) {
    const n = rate(t) / 60;
    let k = Math.floor(n) + (r() < n - Math.floor(n) ? 1 : 0);
    while (k-- > 0) {
      const ip =
        returning.length > 0 && r() < 0.5 ? (returning[Math.floor(r() * returning.length)] as string) : ipv4(r);
      out.push(...session(r, ip, t + r() * 60));
    }
  }
  return out;
}

/** Credential stuffing from `n` addresses in distinct networks, `attempts` failed logins each, spread over `spanS`. */
export function distributedBruteforce(
  r: Rand,
  n: number,
  attempts: number,
  start: number,
  spanS: number,
): AnomalyEvent[] {
  const out: AnomalyEvent[] = [];
  for (let i = 0; i < n; i++) {
    const ip = ipv4(r);
    for (let a = 0; a < attempts; a++)
      out.push(
        ev({
          ip,
          ts: start + r() * spanS,
          method: "POST",
          endpoint: "POST /api/login",
          path: "/api/login",
          status: 401,
        }),
      );
  }
  return out;
}

/** Many new visitors landing on one product within minutes, then browsing like everyone. */
export function flashCrowd(r: Rand, n: number, start: number, spanS: number): AnomalyEvent[] {
  const out: AnomalyEvent[] = [];
  for (let i = 0; i < n; i++) out.push(...session(r, ipv4(r), start + r() * spanS, { landing: 42 }));
  return out;
}

/** One carrier address carrying `people` ordinary sessions. */
export function bigNat(r: Rand, people: number, start: number, spanS: number): AnomalyEvent[] {
  const ip = "100.64.7.9";
  const out: AnomalyEvent[] = [];
  for (let i = 0; i < people; i++) out.push(...session(r, ip, start + r() * spanS));
  return out;
}

export const sortByTs = (a: AnomalyEvent[]): AnomalyEvent[] => a.sort((x, y) => x.ts - y.ts);

/**
 * One scrape of the catalogue spread over a pool of `n` proxy addresses: each takes the next
 * item of a shared queue (a product's API object, its reviews, or its page) every `n / rate`
 * seconds on average, under a different browser user agent per request, so that each address
 * sends a handful of requests in the campaign and none looks busy.
 */
export function proxyScrape(r: Rand, n: number, start: number, rate: number, items: number): AnomalyEvent[] {
  const queue: Array<[string, string]> = [];
  for (let id = 0; id < items; id++) {
    const pick = r();
    if (pick < 0.25) queue.push(["GET /products/{slug}", `/products/p-${id}`]);
    else {
      queue.push(["GET /api/products/{id}", `/api/products/${id}`]);
      if (pick < 0.55) queue.push(["GET /api/products/{id}/reviews", `/api/products/${id}/reviews`]);
    }
  }
  const ips = Array.from({ length: n }, () => ipv4(r));
  const next = ips.map(() => start - (n / rate) * Math.log(1 - r()));
  const out: AnomalyEvent[] = [];
  for (const [endpoint, path] of queue) {
    let i = 0;
    for (let k = 1; k < n; k++) if ((next[k] as number) < (next[i] as number)) i = k;
    const ts = next[i] as number;
    out.push(ev({ ip: ips[i] as string, ts, endpoint, path, userAgent: `Mozilla/5.0 (${Math.floor(r() * 1e6)})` }));
    next[i] = ts - (n / rate) * Math.log(1 - r());
  }
  return out;
}
