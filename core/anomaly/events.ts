/**
 * @module core/anomaly/events
 * Traffic records → anomaly events for `apiward learn`, `replay` and the
 * evaluation: the same canonicalizer as the worker, endpoints named by the
 * model's templates (a path no template matches stays unnamed and is
 * aggregated as unmatched), and the authentication-endpoint test. Never
 * throws on a malformed record.
 */
import { looksLikeLogin } from "../behaviour/context.ts";
import { TemplateMatcher } from "../behaviour/endpoint.ts";
import { canonicalize } from "../canonicalize/index.ts";
import { clientKey } from "../identity/client-ip.ts";
import type { HeaderList, TrafficRecord } from "../types.ts";
import type { AnomalyEvent } from "./types.ts";

export type EndpointNamer = (method: string, path: string) => string | undefined;

/** Names requests by learned templates; unknown paths get no name. */
export function templateNamer(templates: readonly string[]): EndpointNamer {
  const m = new TemplateMatcher(templates);
  return (method, path) => {
    const n = m.name(method, path);
    return n.known ? n.endpoint : undefined;
  };
}

/** Authentication endpoints: listed ones, else POSTs to login-like paths. */
export function authTest(listed: readonly string[]): (endpoint: string) => boolean {
  const set = new Set(listed);
  return (e) => set.has(e) || looksLikeLogin(e);
}

const num = (v: unknown, d: number): number => (typeof v === "number" && Number.isFinite(v) ? v : d);

/** One record as an anomaly event (`fallbackTs` when it has no time). */
export function eventFromRecord(
  rec: TrafficRecord,
  app: string,
  name: EndpointNamer,
  fallbackTs: number,
): AnomalyEvent {
  const headers: HeaderList = [];
  let ua: string | undefined;
  if (rec.headers && typeof rec.headers === "object") {
    for (const [k, v] of Object.entries(rec.headers)) {
      if (typeof v !== "string") continue;
      const n = k.toLowerCase();
      headers.push([n, v]);
      if (n === "user-agent") ua = v;
    }
  }
  const c = canonicalize({ method: String(rec.method ?? "GET"), url: String(rec.url ?? "/"), host: rec.host, headers });
  const ip = typeof rec.ip === "string" && rec.ip.length > 0 ? rec.ip : "unknown";
  const e: AnomalyEvent = {
    app,
    ip,
    client: ip === "unknown" ? ip : clientKey(ip),
    ts: num(rec.ts, fallbackTs),
    method: c.method,
    path: c.path,
    query: c.query,
    status: Math.trunc(num(rec.status, 0)),
    bytes: num(rec.bytes, 0),
    latencyMs: num(rec.latency_ms, 0),
    blockedByApiward: false,
  };
  const endpoint = name(c.method, c.path);
  if (endpoint) e.endpoint = endpoint;
  if (ua !== undefined) e.userAgent = ua;
  const asn = (rec as { asn?: unknown }).asn;
  if (typeof asn === "number" && asn > 0) e.asn = asn;
  return e;
}
