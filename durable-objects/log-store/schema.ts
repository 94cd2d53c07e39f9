/**
 * @module durable-objects/log-store/schema
 * The SQLite table of one log shard and the conversion between an
 * `AccessLogRecord` and its row. One column per record field; `reasons`,
 * `headers` and `anomalies` are JSON text (read back whole; `reasons` is
 * unnested with `json_each` for the top-rules aggregate, `anomalies` for the
 * `anomaly` filter). One column more, `ip_key`, is not a record field: the
 * address as a sort key (core/net/ip-key.ts), so a CIDR block is one range.
 * `request_id` is the primary key, so `INSERT OR IGNORE` makes a retried
 * batch a no-op for the records that already landed.
 *
 * Indexes serve the query API's filters in its order (newest first):
 * (ts, request_id) for a plain page, and (filter, ts, request_id) for client,
 * endpoint, decision, status and address key, so a filtered page is one
 * index range scan.
 *
 * A record that arrives malformed (it should not: the datapath builds them)
 * is coerced to safe values rather than rejected: a store that throws on one
 * bad record would make the batcher retry the whole batch forever. Only a
 * record without a usable request id is skipped (and counted), since it
 * cannot be stored idempotently.
 */
import type { AccessLogRecord } from "../../core/log/record.ts";
import { addressKey } from "../../core/net/ip-key.ts";
import type { Decision, Mode, Reason } from "../../core/types.ts";
import { DECISIONS } from "./filters.ts";
import { safeTs } from "./shards.ts";

export const TABLE_SQL = `CREATE TABLE IF NOT EXISTS logs (
    request_id TEXT PRIMARY KEY,
    ts INTEGER NOT NULL,
    app TEXT NOT NULL,
    client TEXT NOT NULL,
    ip TEXT NOT NULL,
    country TEXT,
    asn INTEGER,
    method TEXT NOT NULL,
    host TEXT NOT NULL,
    url TEXT NOT NULL,
    endpoint TEXT,
    decision TEXT NOT NULL,
    would TEXT NOT NULL,
    mode TEXT NOT NULL,
    reasons TEXT NOT NULL,
    status INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    latency_ms REAL NOT NULL,
    policy_version INTEGER,
    model_version TEXT,
    user_agent TEXT,
    headers TEXT,
    anomalies TEXT,
    ip_key TEXT
  )`;

/** Indexes, created after the columns they name exist (ADDED_COLUMNS on an old shard). */
export const INDEX_SQL = [
  "CREATE INDEX IF NOT EXISTS logs_ts ON logs (ts, request_id)",
  "CREATE INDEX IF NOT EXISTS logs_client ON logs (client, ts, request_id)",
  "CREATE INDEX IF NOT EXISTS logs_endpoint ON logs (endpoint, ts, request_id)",
  "CREATE INDEX IF NOT EXISTS logs_decision ON logs (decision, ts, request_id)",
  "CREATE INDEX IF NOT EXISTS logs_status ON logs (status, ts, request_id)",
  // `ip=<cidr>`: one range of address keys (core/net/ip-key.ts). Partial: on a shard written
  // before the key existed (every key NULL), building it reads the table but writes nothing.
  "CREATE INDEX IF NOT EXISTS logs_ip_key ON logs (ip_key, ts, request_id) WHERE ip_key IS NOT NULL",
];

/** Whether the shard's database has this table. */
export function sqlTableExists(sql: SqlStorage, name: string): boolean {
  return sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", name).toArray().length > 0;
}

export const COLUMNS = [
  "request_id",
  "ts",
  "app",
  "client",
  "ip",
  "country",
  "asn",
  "method",
  "host",
  "url",
  "endpoint",
  "decision",
  "would",
  "mode",
  "reasons",
  "status",
  "bytes",
  "latency_ms",
  "policy_version",
  "model_version",
  "user_agent",
  "headers",
  "anomalies",
  /** The address as a sort key (core/net/ip-key.ts), not a record field: what `ip=<cidr>` ranges over. */
  "ip_key",
] as const;

/**
 * Columns added after a shard's table may have been created, with their type:
 * the LogStore's `createSchema` adds the missing ones to an old shard (SQLite's `ADD COLUMN`
 * leaves existing rows NULL, which reads back as the field absent).
 */
export const ADDED_COLUMNS: ReadonlyArray<readonly [(typeof COLUMNS)[number], string]> = [
  ["anomalies", "TEXT"],
  ["ip_key", "TEXT"],
];

export const INSERT_SQL = `INSERT OR IGNORE INTO logs (${COLUMNS.join(", ")}) VALUES (${COLUMNS.map(() => "?").join(", ")})`;

export type Row = Record<(typeof COLUMNS)[number], SqlStorageValue>;

/** Longest value kept per text column; longer ones are cut with a marker (a URL can be 16 KB+). */
const MAX_TEXT = 8192;
const MAX_REQUEST_ID = 128;
/** Anomaly codes kept per record (the canonicalizer has fewer than 30). */
const MAX_ANOMALIES = 32;
const ANOMALY_CODE = /^[a-z0-9_]{1,64}$/;
const MODES: readonly Mode[] = ["learn", "monitor", "enforce"];

function text(v: unknown, fallback = ""): string {
  const s = typeof v === "string" ? v : v === undefined || v === null ? fallback : String(v);
  return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…[truncated]` : s;
}

function optText(v: unknown): string | null {
  return v === undefined || v === null ? null : text(v);
}

function num(v: unknown, fallback = 0): number {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}

function optInt(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : null;
}

function decision(v: unknown): Decision {
  return DECISIONS.includes(v as Decision) ? (v as Decision) : "log";
}

function json(v: unknown, fallback: string): string {
  try {
    return JSON.stringify(v) ?? fallback;
  } catch {
    return fallback;
  }
}

/** The row values of a record, in `COLUMNS` order; null when it has no usable request id. */
export function recordToValues(r: AccessLogRecord, now: number): SqlStorageValue[] | null {
  const id = r.request_id;
  if (typeof id !== "string" || id.length === 0 || id.length > MAX_REQUEST_ID) return null;
  return [
    id,
    safeTs(r.ts, now),
    text(r.app),
    text(r.client),
    text(r.ip),
    optText(r.country),
    optInt(r.asn),
    text(r.method),
    text(r.host),
    text(r.url),
    optText(r.endpoint),
    decision(r.decision),
    decision(r.would),
    MODES.includes(r.mode) ? r.mode : "monitor",
    json(Array.isArray(r.reasons) ? r.reasons : [], "[]"),
    Math.trunc(num(r.status)),
    Math.trunc(num(r.bytes)),
    num(r.latency_ms),
    optInt(r.policy_version),
    optText(r.model_version),
    optText(r.user_agent),
    r.headers && typeof r.headers === "object" ? json(r.headers, "{}") : null,
    anomalies(r.anomalies),
    addressKey(r.ip),
  ];
}

/** The anomaly codes as JSON text, or null when there are none (malformed entries dropped). */
function anomalies(v: unknown): string | null {
  if (!Array.isArray(v)) return null;
  const codes = v.filter((c): c is string => typeof c === "string" && ANOMALY_CODE.test(c)).slice(0, MAX_ANOMALIES);
  return codes.length > 0 ? JSON.stringify(codes) : null;
}

function parseJsonOr<T>(v: SqlStorageValue, fallback: T): T {
  if (typeof v !== "string") return fallback;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
}

/** The record a row stores (optional fields absent when null, as the datapath writes them). */
export function rowToRecord(row: Row): AccessLogRecord {
  const rec: AccessLogRecord = {
    ts: Number(row.ts),
    request_id: String(row.request_id),
    app: String(row.app),
    client: String(row.client),
    ip: String(row.ip),
    method: String(row.method),
    host: String(row.host),
    url: String(row.url),
    decision: String(row.decision) as Decision,
    would: String(row.would) as Decision,
    mode: String(row.mode) as Mode,
    reasons: parseJsonOr<Reason[]>(row.reasons, []),
    status: Number(row.status),
    bytes: Number(row.bytes),
    latency_ms: Number(row.latency_ms),
    policy_version: row.policy_version === null ? null : Number(row.policy_version),
  };
  if (row.country !== null) rec.country = String(row.country);
  if (row.asn !== null) rec.asn = Number(row.asn);
  if (row.endpoint !== null) rec.endpoint = String(row.endpoint);
  if (row.model_version !== null) rec.model_version = String(row.model_version);
  if (row.user_agent !== null) rec.user_agent = String(row.user_agent);
  if (row.headers !== null) rec.headers = parseJsonOr<Record<string, string>>(row.headers, {});
  // Undefined on a row read before the column existed; NULL when the request had none.
  if (typeof row.anomalies === "string") {
    const codes = parseJsonOr<unknown>(row.anomalies, null);
    if (Array.isArray(codes)) rec.anomalies = codes.filter((c): c is string => typeof c === "string");
  }
  return rec;
}
