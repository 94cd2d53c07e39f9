/**
 * @module test/browser/support/traffic
 * Traffic for the browser tests, sent over raw HTTP (node:http keeps `<`,
 * `>` and `"` in the request target as sent, where fetch would
 * percent-encode them): ordinary shop requests from several clients, XSS
 * payloads in the path, the query and the user agent, and a few dozen
 * requests from the attack corpus (/work/shared/corpus/waf/dev.ndjson), a
 * fixed selection of each attack class plus benign lines.
 */
import { existsSync, readFileSync } from "node:fs";
import { request } from "node:http";

export const XSS_UA = "<img src=x onerror=alert(1)>";
export const XSS_PATH = '/api/items/"><script>alert(1)</script>';
export const XSS_QUERY = "/api/search?q=<img src=x onerror=alert(1)>";
/** Logged headers (core/log/redact.ts keeps referer and accept-language) carry payloads verbatim. */
export const XSS_REFERER = '"><script>alert(1)</script>';
export const XSS_LANG = "<svg/onload=alert(1)>";
/** The client sending the XSS payloads. */
export const XSS_CLIENT_IP = "203.0.113.66";

const CORPUS = "/work/shared/corpus/waf/dev.ndjson";
/** Lines taken per attack class, and benign lines. */
const PER_CLASS = 4;
const BENIGN = 8;

export interface Sent {
  ok: number;
  failed: number;
  statuses: Record<string, number>;
}

interface Req {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function send(base: URL, r: Req): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        method: r.method,
        path: r.path,
        headers: { ...r.headers, ...(r.body ? { "content-length": String(Buffer.byteLength(r.body)) } : {}) },
        timeout: 10_000,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.on("timeout", () => req.destroy(new Error("timeout")));
    if (r.body) req.write(r.body);
    req.end();
  });
}

/** The corpus selection: the first PER_CLASS lines of each attack class, the first BENIGN benign lines. */
export function corpusRequests(): Req[] {
  if (!existsSync(CORPUS)) return [];
  const taken = new Map<string, number>();
  const out: Req[] = [];
  for (const line of readFileSync(CORPUS, "utf8").split("\n")) {
    if (!line.trim()) continue;
    let rec: { method?: string; url?: string; headers?: Record<string, string>; body?: string; class?: string };
    try {
      rec = JSON.parse(line);
    } catch {
      continue;
    }
    const cls = rec.class ?? "?";
    const n = taken.get(cls) ?? 0;
    if (n >= (cls === "benign" ? BENIGN : PER_CLASS) || !rec.method || !rec.url?.startsWith("/")) continue;
    taken.set(cls, n + 1);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(rec.headers ?? {})) if (k !== "host" && k !== "content-length") headers[k] = v;
    out.push({
      method: rec.method,
      path: rec.url,
      headers: { "cf-connecting-ip": `198.51.100.${10 + out.length}`, ...headers },
      body: rec.body || undefined,
    });
  }
  return out;
}

function shopRequests(): Req[] {
  const ua = "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36";
  const out: Req[] = [];
  for (let i = 0; i < 30; i++) {
    const ip = `192.0.2.${1 + (i % 5)}`;
    const headers = { "cf-connecting-ip": ip, "user-agent": ua, accept: "application/json" };
    out.push({ method: "GET", path: `/api/products/${1000 + i}`, headers });
    if (i % 3 === 0) out.push({ method: "GET", path: `/api/search?q=red+widget+${i}`, headers });
    if (i % 5 === 0) {
      out.push({
        method: "POST",
        path: "/api/cart/items",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ product_id: 1000 + i, quantity: 1 }),
      });
    }
    if (i % 10 === 0) out.push({ method: "GET", path: "/api/export/orders.csv", headers });
    // An empty segment: a canonical anomaly that changes no decision, recorded on the log record.
    if (i % 10 === 7) out.push({ method: "GET", path: `/api//products/${1000 + i}`, headers });
  }
  const evil = {
    "cf-connecting-ip": XSS_CLIENT_IP,
    "user-agent": XSS_UA,
    referer: XSS_REFERER,
    "accept-language": XSS_LANG,
  };
  out.push({ method: "GET", path: XSS_PATH, headers: evil });
  out.push({ method: "GET", path: XSS_QUERY, headers: evil });
  out.push({ method: "GET", path: "/wp-login.php", headers: evil });
  out.push({ method: "GET", path: "/.git/config", headers: evil });
  return out;
}

/** Sends everything; a request Node refuses to send (odd corpus bytes) counts as failed, not thrown. */
export async function driveTraffic(baseUrl: string): Promise<Sent> {
  const base = new URL(baseUrl);
  const sent: Sent = { ok: 0, failed: 0, statuses: {} };
  const all = [...shopRequests(), ...corpusRequests()];
  // A few at a time: realistic concurrency without starving the 2-core machine.
  for (let i = 0; i < all.length; i += 8) {
    const results = await Promise.allSettled(all.slice(i, i + 8).map((r) => send(base, r)));
    for (const r of results) {
      if (r.status === "fulfilled") {
        sent.ok++;
        sent.statuses[String(r.value)] = (sent.statuses[String(r.value)] ?? 0) + 1;
      } else sent.failed++;
    }
  }
  return sent;
}
