/**
 * @module durable-objects/log-store/filters
 * The filters a log query or aggregate takes, as plain data (they travel
 * over RPC from the worker to each shard), and their translation into a
 * parameterised SQL `WHERE` clause. Values are always bound, never spliced
 * into the SQL: filter values come from the admin API and the records hold
 * attackers' payloads.
 */
import type { Decision } from "../../core/types.ts";
import type { CursorPos } from "./cursor.ts";

export const DECISIONS: readonly Decision[] = ["allow", "block", "log", "rate_limit", "challenge"];
/** Decisions that stopped the request at the edge (what the dashboard counts as blocks). */
export const BLOCKING_DECISIONS: readonly Decision[] = ["block", "rate_limit", "challenge"];

export interface LogFilters {
  /** Inclusive lower bound, epoch ms. */
  fromMs?: number;
  /** Exclusive upper bound, epoch ms. */
  toMs?: number;
  client?: string;
  /** Endpoint template, exact (`GET /api/users/{id}`). */
  endpoint?: string;
  /** Any of these decisions. */
  decisions?: Decision[];
  requestId?: string;
  /** Response status range, inclusive (`403` is 403..403, `5xx` is 500..599). */
  status?: { min: number; max: number };
  /** Records whose canonical anomalies include this code (`double_encoding`). */
  anomaly?: string;
  /** Records with a reason from this rule, as `source:id` (`signature:942100`, `policy:deny-admin`). */
  rule?: string;
}

export type SqlParam = string | number;

export interface SqlWhere {
  sql: string;
  params: SqlParam[];
}

/** `WHERE …` (or an empty string) for the filters and an optional keyset position. */
export function whereClause(f: LogFilters, before: CursorPos | null = null): SqlWhere {
  const conds: string[] = [];
  const params: SqlParam[] = [];
  if (f.fromMs !== undefined) {
    conds.push("ts >= ?");
    params.push(f.fromMs);
  }
  if (f.toMs !== undefined) {
    conds.push("ts < ?");
    params.push(f.toMs);
  }
  if (f.client !== undefined) {
    conds.push("client = ?");
    params.push(f.client);
  }
  if (f.endpoint !== undefined) {
    conds.push("endpoint = ?");
    params.push(f.endpoint);
  }
  if (f.decisions !== undefined && f.decisions.length > 0) {
    const known = f.decisions.filter((d) => DECISIONS.includes(d));
    // Unknown decisions match nothing rather than everything.
    if (known.length === 0) conds.push("0");
    else {
      conds.push(`decision IN (${known.map(() => "?").join(",")})`);
      params.push(...known);
    }
  }
  if (f.requestId !== undefined) {
    conds.push("request_id = ?");
    params.push(f.requestId);
  }
  if (f.status !== undefined) {
    conds.push("status BETWEEN ? AND ?");
    params.push(f.status.min, f.status.max);
  }
  if (f.anomaly !== undefined) {
    // No index: the time range and the other filters bound the scan.
    conds.push("EXISTS (SELECT 1 FROM json_each(logs.anomalies) WHERE value = ?)");
    params.push(f.anomaly);
  }
  if (f.rule !== undefined) {
    // The key the top-rules aggregate groups by; no index either.
    conds.push(
      "EXISTS (SELECT 1 FROM json_each(logs.reasons) AS fr WHERE json_extract(fr.value, '$.source') || ':' || json_extract(fr.value, '$.id') = ?)",
    );
    params.push(f.rule);
  }
  if (before) {
    // Row-value comparison: SQLite seeks the (…, ts, request_id) indexes with it.
    conds.push("(ts, request_id) < (?, ?)");
    params.push(before.ts, before.id);
  }
  return { sql: conds.length ? `WHERE ${conds.join(" AND ")}` : "", params };
}

/** SQL list literal of the blocking decisions (constants, safe to inline). */
export const BLOCKING_SQL = `(${BLOCKING_DECISIONS.map((d) => `'${d}'`).join(",")})`;
