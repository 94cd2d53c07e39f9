/**
 * @module eval/behaviour-traffic
 * Hand-made traffic for the behaviour tests and bench: small, seeded generators of
 * traffic records (DESIGN.md contract) for benign clients of a shop API and
 * for each attack kind, independent of the simulator in sim/ so that the
 * tests do not share its assumptions.
 */
import { mulberry32 } from "../core/discovery/hash.ts";
import type { TrafficRecord } from "../core/types.ts";

export type Rand = () => number;
export const rng = (seed: number): Rand => mulberry32(seed);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const think = (r: Rand, median: number): number => median * Math.exp((r() - 0.5) * 2);

export const CHROME =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const SLUGS = Array.from({ length: 200 }, (_, i) => `oak-desk-lamp-${i + 1}`);
const CATEGORIES = ["books", "garden", "toys", "office", "sports"];

function browser(dest: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    "user-agent": CHROME,
    accept: dest === "document" ? "text/html,application/xhtml+xml" : dest === "empty" ? "application/json" : "*/*",
    "accept-language": "en-GB,en;q=0.9",
    "accept-encoding": "gzip, br",
    "sec-fetch-dest": dest,
    "sec-fetch-mode": dest === "document" ? "navigate" : "cors",
    "sec-fetch-site": "same-origin",
    cookie: "_ga=GA1.1.42.1700000000",
    ...extra,
  };
}

const rec = (
  ip: string,
  ts: number,
  method: string,
  url: string,
  status: number,
  headers: Record<string, string>,
  more: Partial<TrafficRecord> = {},
): TrafficRecord => ({
  ts,
  ip,
  method,
  url,
  host: "shop.test",
  headers,
  status,
  bytes: 1200,
  latency_ms: 3,
  ...more,
});

/** A person browsing: pages with their assets and API calls, searches, now and then a (sometimes mistyped) login. */
export function human(ip: string, t0: number, r: Rand, pages = 8): TrafficRecord[] {
  const out: TrafficRecord[] = [];
  let t = t0;
  let cached = false;
  for (let p = 0; p < pages; p++) {
    const cat = r() < 0.3;
    const url = cat ? `/categories/${pick(r, CATEGORIES)}` : `/products/${pick(r, SLUGS)}`;
    out.push(rec(ip, t, "GET", url, 200, browser("document")));
    if (!cached) {
      out.push(rec(ip, t + 0.05, "GET", "/static/app.js", 200, browser("script")));
      out.push(rec(ip, t + 0.06, "GET", "/static/style.css", 200, browser("style")));
      cached = true;
    }
    if (cat)
      out.push(rec(ip, t + 0.2, "GET", `/api/products?category=${pick(r, CATEGORIES)}&page=1`, 200, browser("empty")));
    else {
      const id = 1 + Math.floor(r() * 200);
      out.push(rec(ip, t + 0.2, "GET", `/api/products/by-slug/${pick(r, SLUGS)}`, 200, browser("empty")));
      out.push(rec(ip, t + 0.21, "GET", `/api/products/${id}/reviews`, 200, browser("empty")));
    }
    if (r() < 0.2)
      out.push(
        rec(ip, t + 3, "GET", `/api/search?q=${pick(r, ["lamp", "desk", "gift", "chair"])}`, 200, browser("empty"), {
          latency_ms: 120,
        }),
      );
    if (p === 3 && r() < 0.4) {
      const user = `user${Math.floor(r() * 50)}`;
      if (r() < 0.3)
        out.push(
          rec(ip, t + 5, "POST", "/api/login", 401, browser("empty", { "content-type": "application/json" }), {
            body: JSON.stringify({ username: user, password: "typo" }),
            latency_ms: 150,
          }),
        );
      out.push(
        rec(ip, t + 9, "POST", "/api/login", 200, browser("empty", { "content-type": "application/json" }), {
          body: JSON.stringify({ username: user, password: "right" }),
          latency_ms: 150,
        }),
      );
    }
    t += think(r, 12);
  }
  return out;
}

/** The shop's mobile app: API calls only, bearer token, short bursts. */
export function mobile(ip: string, t0: number, r: Rand, actions = 10): TrafficRecord[] {
  const h = { "user-agent": "ShopApp/4.2 (iPhone; iOS 17.5)", accept: "application/json", authorization: "Bearer t" };
  const out: TrafficRecord[] = [
    rec(ip, t0, "GET", "/api/products?page=1&per_page=20", 200, h, { identity: `m-${ip}` }),
  ];
  let t = t0;
  for (let i = 0; i < actions; i++) {
    t += think(r, 4);
    const id = 1 + Math.floor(r() * 200);
    out.push(rec(ip, t, "GET", r() < 0.7 ? `/api/products/${id}` : "/api/cart", 200, h, { identity: `m-${ip}` }));
  }
  return out;
}

/** A partner integration polling every `period` seconds. */
export function integration(ip: string, t0: number, polls: number, period = 60): TrafficRecord[] {
  const h = { "user-agent": "python-requests/2.32", accept: "application/json", authorization: "Bearer svc" };
  return Array.from({ length: polls }, (_, i) =>
    rec(ip, t0 + i * period, "GET", "/api/orders?limit=100", 200, h, { identity: "svc-erp" }),
  );
}

const tool = (ua = "python-requests/2.32") => ({ "user-agent": ua, accept: "*/*" });

export function scanner(ip: string, t0: number, gap = 0.3): TrafficRecord[] {
  const probes = [
    "/.env",
    "/.git/config",
    "/wp-admin/",
    "/phpmyadmin/",
    "/admin",
    "/backup.zip",
    "/server-status",
    "/api/v1/debug",
    "/config.php",
    "/test",
    "/old",
    "/.aws/credentials",
  ];
  return probes.map((p, i) =>
    rec(ip, t0 + i * gap, "GET", p, 404, tool("Mozilla/5.0 (compatible; Nuclei - Open-source project)")),
  );
}

export function crawler(ip: string, t0: number, pages = 40, gap = 0.5): TrafficRecord[] {
  return Array.from({ length: pages }, (_, i) =>
    rec(
      ip,
      t0 + i * gap,
      "GET",
      i % 5 === 0 ? `/categories/${CATEGORIES[i % 5]}?page=${i}` : `/products/${SLUGS[i]}`,
      200,
      {
        "user-agent": "Mozilla/5.0 (compatible; SiteSucker/3.0)",
        accept: "text/html,*/*;q=0.8",
      },
    ),
  );
}

export function scraper(ip: string, t0: number, items = 120, gap = 0.2): TrafficRecord[] {
  return Array.from({ length: items }, (_, i) => rec(ip, t0 + i * gap, "GET", `/api/products/${100 + i}`, 200, tool()));
}

/**
 * A headless browser reading product page after product page at a person's
 * pace (think time around `medianS`), each with its API calls, in shuffled
 * order (no id walk to give it away), one listing every `perListing` products.
 */
export function slowScraper(
  ip: string,
  t0: number,
  r: Rand,
  products = 60,
  medianS = 10,
  perListing = 24,
): TrafficRecord[] {
  const out: TrafficRecord[] = [];
  const order = SLUGS.map((s, i) => ({ s, id: i + 1, k: r() })).sort((a, b) => a.k - b.k);
  let t = t0;
  for (let p = 0; p < products; p++) {
    if (p % perListing === 0) {
      const cat = pick(r, CATEGORIES);
      out.push(rec(ip, t, "GET", `/categories/${cat}`, 200, browser("document")));
      out.push(
        rec(ip, t + 0.2, "GET", `/api/products?category=${cat}&page=${1 + p / perListing}`, 200, browser("empty")),
      );
      t += think(r, medianS);
    }
    const { s, id } = order[p % order.length] as { s: string; id: number };
    out.push(rec(ip, t, "GET", `/products/${s}`, 200, browser("document")));
    if (p === 0) {
      out.push(rec(ip, t + 0.05, "GET", "/static/app.js", 200, browser("script")));
      out.push(rec(ip, t + 0.06, "GET", "/static/style.css", 200, browser("style")));
    }
    out.push(rec(ip, t + 0.2, "GET", `/api/products/by-slug/${s}`, 200, browser("empty")));
    out.push(rec(ip, t + 0.21, "GET", `/api/products/${id}/reviews`, 200, browser("empty")));
    t += think(r, medianS);
  }
  return out;
}

export function dictionary(ip: string, t0: number, tries = 30, gap = 1): TrafficRecord[] {
  return Array.from({ length: tries }, (_, i) =>
    rec(
      ip,
      t0 + i * gap,
      "POST",
      "/api/login",
      401,
      { ...tool(), "content-type": "application/json" },
      {
        body: JSON.stringify({ username: "admin", password: `pw${i}` }),
        latency_ms: 150,
      },
    ),
  );
}

export function stuffing(ip: string, t0: number, tries = 30, gap = 2): TrafficRecord[] {
  return Array.from({ length: tries }, (_, i) =>
    rec(
      ip,
      t0 + i * gap,
      "POST",
      "/api/login",
      401,
      { ...tool(), "content-type": "application/x-www-form-urlencoded" },
      {
        body: `email=victim${i}%40mail.test&password=Summer2024`,
        latency_ms: 150,
      },
    ),
  );
}

/** Login flood: `rps` requests per second, not waiting for answers. */
export function loginFlood(ip: string, t0: number, rps = 20, seconds = 10): TrafficRecord[] {
  return Array.from({ length: rps * seconds }, (_, i) =>
    rec(
      ip,
      t0 + i / rps,
      "POST",
      "/api/login",
      401,
      { ...tool(), "content-type": "application/json" },
      {
        body: JSON.stringify({ username: `x${i}`, password: "p" }),
        latency_ms: 400,
      },
    ),
  );
}

export function searchFlood(ip: string, t0: number, rps = 10, seconds = 10): TrafficRecord[] {
  return Array.from({ length: rps * seconds }, (_, i) =>
    rec(ip, t0 + i / rps, "GET", `/api/search?q=lamp+${(i * 7919).toString(16)}`, 200, tool(), { latency_ms: 300 }),
  );
}

/** A signed-in user walking other people's orders: 403/404 on ids they do not own. */
export function enumeration(ip: string, t0: number, n = 30, gap = 1): TrafficRecord[] {
  const h = { ...tool(), authorization: "Bearer mine" };
  return Array.from({ length: n }, (_, i) =>
    rec(
      ip,
      t0 + i * gap,
      "GET",
      `/api/orders/${(0x5000 + i * 17).toString(16).padStart(8, "0")}-0000-4000-8000-000000000000`,
      i % 4 === 0 ? 404 : 403,
      h,
      {
        identity: "mallory",
      },
    ),
  );
}

export function injection(ip: string, t0: number, n = 12, gap = 1): TrafficRecord[] {
  const payloads = [
    "' OR '1'='1' --",
    "1 UNION SELECT username,password FROM users--",
    "<script>alert(1)</script>",
    "../../../../etc/passwd",
  ];
  return Array.from({ length: n }, (_, i) =>
    rec(
      ip,
      t0 + i * gap,
      "GET",
      `/api/search?q=${encodeURIComponent(payloads[i % payloads.length] as string)}`,
      200,
      tool(),
      { latency_ms: 100 },
    ),
  );
}

/** A day of benign training traffic: humans, app users, an integration. */
export function benignDay(seed: number, t0: number, humans = 60, apps = 20): TrafficRecord[] {
  const r = rng(seed);
  const out: TrafficRecord[] = [];
  for (let i = 0; i < humans; i++) {
    const ip = `10.1.${i >> 8}.${i & 255}`;
    for (let s = 0; s < 3; s++) out.push(...human(ip, t0 + r() * 80_000, r, 4 + Math.floor(r() * 12)));
  }
  for (let i = 0; i < apps; i++) {
    const ip = `10.2.${i >> 8}.${i & 255}`;
    for (let s = 0; s < 4; s++) out.push(...mobile(ip, t0 + r() * 80_000, r, 5 + Math.floor(r() * 10)));
  }
  out.push(...integration("10.3.0.1", t0, 600, 120));
  return out.sort((a, b) => (a.ts as number) - (b.ts as number));
}
