/**
 * Deterministic access-log records for the log-store tests, and an
 * independent reference of the query semantics (filter, then newest first
 * with ties broken by request id descending).
 */
import { mulberry32 } from "../../core/discovery/hash.ts";
import type { AccessLogRecord } from "../../core/log/record.ts";
import { CidrSet } from "../../core/net/cidr-set.ts";
import type { Decision } from "../../core/types.ts";

export const rng = mulberry32;

const DECISIONS: Decision[] = ["allow", "allow", "allow", "block", "log", "rate_limit", "challenge"];
const ENDPOINTS = ["GET /api/users/{id}", "POST /login", "GET /api/orders", undefined];
const STATUSES = [200, 200, 201, 301, 403, 404, 429, 500, 503];

let seq = 0;
export function uniq(prefix: string): string {
  seq++;
  return `${prefix}-${Date.now().toString(36)}-${seq}`;
}

export function record(i: number, over: Partial<AccessLogRecord> = {}): AccessLogRecord {
  return {
    ts: 1_767_225_600_000 + i * 1000,
    request_id: `r${String(i).padStart(6, "0")}`,
    app: "shop",
    client: `10.0.0.${i % 5}`,
    ip: `10.0.0.${i % 5}`,
    method: "GET",
    host: "shop.example",
    url: `/api/users/${i}?q=1`,
    endpoint: "GET /api/users/{id}",
    decision: "allow",
    would: "allow",
    mode: "enforce",
    reasons: [],
    status: 200,
    bytes: 100 + i,
    latency_ms: 3,
    policy_version: 1,
    user_agent: "test/1.0",
    headers: { "user-agent": "test/1.0" },
    ...over,
  };
}

/** Canonical anomalies of the varied records: most requests have none. */
const ANOMALY_SETS: string[][] = [
  [],
  [],
  [],
  [],
  ["duplicate_slash"],
  ["double_encoding", "dot_segment"],
  ["path_param"],
];

/** `n` varied records within [t0, t0 + spanMs), many sharing a timestamp (ties exercise the cursor). */
export function variedRecords(n: number, seed: number, t0: number, spanMs: number, app = "shop"): AccessLogRecord[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const out: AccessLogRecord[] = [];
  for (let i = 0; i < n; i++) {
    const decision = pick(DECISIONS);
    const endpoint = pick(ENDPOINTS);
    const rec = record(i, {
      ts: t0 + Math.floor(r() * 50) * Math.floor(spanMs / 50),
      request_id: `${seed.toString(16)}${Math.floor(r() * 1e9).toString(16)}x${i}`,
      app,
      client: `client-${Math.floor(r() * 7)}`,
      decision,
      would: decision === "log" ? "block" : decision,
      status: pick(STATUSES),
      reasons:
        decision === "allow"
          ? []
          : [
              { source: "signature", id: pick(["942100", "941100", "930100"]), action: "block", score: 5 },
              { source: "policy", id: pick(["deny-admin", "rl-login"]), action: decision },
            ],
    });
    if (endpoint === undefined) delete rec.endpoint;
    const anomalies = ANOMALY_SETS[Math.floor(r() * ANOMALY_SETS.length)] as string[];
    if (anomalies.length > 0) rec.anomalies = anomalies;
    out.push(rec);
  }
  return out;
}

export interface RefFilters {
  fromMs?: number;
  toMs?: number;
  client?: string;
  endpoint?: string;
  decisions?: Decision[];
  requestId?: string;
  status?: { min: number; max: number };
  anomaly?: string;
  rule?: string;
  ip?: string;
  /** A CIDR block, matched with CidrSet (independent of the store's address keys). */
  cidr?: string;
  pathPrefix?: string;
}

export function refMatch(r: AccessLogRecord, f: RefFilters): boolean {
  return (
    (f.fromMs === undefined || r.ts >= f.fromMs) &&
    (f.toMs === undefined || r.ts < f.toMs) &&
    (f.client === undefined || r.client === f.client) &&
    (f.endpoint === undefined || r.endpoint === f.endpoint) &&
    (f.decisions === undefined || f.decisions.includes(r.decision)) &&
    (f.requestId === undefined || r.request_id === f.requestId) &&
    (f.status === undefined || (r.status >= f.status.min && r.status <= f.status.max)) &&
    (f.anomaly === undefined || (r.anomalies ?? []).includes(f.anomaly)) &&
    (f.rule === undefined || r.reasons.some((x) => `${x.source}:${x.id}` === f.rule)) &&
    (f.ip === undefined || r.ip === f.ip) &&
    (f.cidr === undefined || new CidrSet([f.cidr]).has(r.ip)) &&
    (f.pathPrefix === undefined || r.url.startsWith(f.pathPrefix))
  );
}

export function refQuery(all: AccessLogRecord[], f: RefFilters): AccessLogRecord[] {
  return all
    .filter((r) => refMatch(r, f))
    .sort((a, b) => b.ts - a.ts || (a.request_id < b.request_id ? 1 : a.request_id > b.request_id ? -1 : 0));
}
