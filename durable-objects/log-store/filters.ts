/**
 * @module durable-objects/log-store/filters
 * The filters a log query or aggregate takes, as plain data (they travel
 * over RPC from the worker to each shard), and their translation into a
 * parameterised SQL `WHERE` clause. Values are always bound, never spliced
 * into the SQL: filter values come from the admin API and the records hold
 * attackers' payloads.
 */
import { addressKey } from "../../core/net/ip-key.ts";
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
  /** The client's address, exact (normalized as records store it). */
  ip?: string;
  /** A CIDR block as its first and last address key (core/net/ip-key.ts), inclusive. */
  ipRange?: { lo: string; hi: string };
  /** Records whose URL (path and query as logged) starts with this. */
  pathPrefix?: string;
}

export type SqlParam = string | number;

export interface SqlWhere {
  sql: string;
  params: SqlParam[];
}

/**
 * The `source:id` key of a reason (a `json_each` row `alias`), as the top-rules aggregate groups
 * by and the finding index stores (log-store/keys.ts); NULL for an element that is not an object.
 */
export function ruleKeySql(alias: string): string {
  return `CASE WHEN ${alias}.type = 'object' THEN json_extract(${alias}.value, '$.source') || ':' || json_extract(${alias}.value, '$.id') END`;
}

/** The finding-index key of `rule=source:id` and of `anomaly=code` (log-store/keys.ts). */
export const ruleKey = (rule: string): string => `rule:${rule}`;
export const anomalyKey = (code: string): string => `anomaly:${code}`;

export interface WhereOptions {
  /**
   * The shard's backfill is done (log-store/keys.ts): every record is in the finding index and
   * every record with an address has its address key, so `rule`, `anomaly` and `ip` become index
   * ranges instead of scans of each record in the time range.
   */
  backfilled?: boolean;
}

/** A key's range of the finding index (`alias` names `log_keys`) within the filters' time range. */
export function keyRange(alias: string, key: string, f: LogFilters): SqlWhere {
  let sql = `${alias}.key = ?`;
  const params: SqlParam[] = [key];
  if (f.fromMs !== undefined) {
    sql += ` AND ${alias}.kts >= ?`;
    params.push(f.fromMs);
  }
  if (f.toMs !== undefined) {
    sql += ` AND ${alias}.kts < ?`;
    params.push(f.toMs);
  }
  return { sql, params };
}

/**
 * Whether the filters name one client, address, block or request: an index range that is usually
 * narrower than any rule's or anomaly's, so it leads and the finding keys are checked per row.
 */
export function narrowedByIndex(f: LogFilters): boolean {
  return f.client !== undefined || f.ip !== undefined || f.ipRange !== undefined || f.requestId !== undefined;
}

/** `WHERE …` (or an empty string) for the filters and an optional keyset position. */
export function whereClause(f: LogFilters, before: CursorPos | null = null, opts: WhereOptions = {}): SqlWhere {
  const conds: string[] = [];
  const params: SqlParam[] = [];
  const add = (cond: string, ...values: SqlParam[]) => {
    conds.push(cond);
    params.push(...values);
  };
  if (f.fromMs !== undefined) add("ts >= ?", f.fromMs);
  if (f.toMs !== undefined) add("ts < ?", f.toMs);
  if (f.client !== undefined) add("client = ?", f.client);
  if (f.endpoint !== undefined) add("endpoint = ?", f.endpoint);
  if (f.decisions !== undefined && f.decisions.length > 0) {
    const known = f.decisions.filter((d) => DECISIONS.includes(d));
    // Unknown decisions match nothing rather than everything.
    if (known.length === 0) add("0");
    else add(`decision IN (${known.map(() => "?").join(",")})`, ...known);
  }
  if (f.requestId !== undefined) add("request_id = ?", f.requestId);
  if (f.status !== undefined) add("status BETWEEN ? AND ?", f.status.min, f.status.max);
  // Indexed (logs_ip_key); records stored before the column existed have no key, and match only
  // once the shard's backfill has given them one (log-store/keys.ts).
  // A range on the key implies the partial index's `ip_key IS NOT NULL` (the store test checks the plan).
  if (f.ipRange !== undefined) add("ip_key BETWEEN ? AND ?", f.ipRange.lo, f.ipRange.hi);
  if (f.ip !== undefined) {
    // The same address in any spelling, through logs_ip_key, once every row has its key.
    const key = opts.backfilled ? addressKey(f.ip) : null;
    if (key) add("ip_key = ?", key);
    else add("ip = ?", f.ip);
  }
  // No index for these: the time range and the other filters bound the scan (for `rule`, `anomaly`
  // and `ip` too on a shard whose backfill is not done).
  // substr and length count characters alike, and nothing in the prefix is a pattern.
  if (f.pathPrefix !== undefined) add("substr(url, 1, length(?)) = ?", f.pathPrefix, f.pathPrefix);
  if (opts.backfilled) {
    // The same records through the finding index: a lookup of the row's key when another index
    // leads, else the key's range within the time range (log-store/keys.ts drives pages by it).
    const narrow = narrowedByIndex(f);
    const keyed = (key: string) => {
      if (narrow) {
        add(
          "EXISTS (SELECT 1 FROM log_keys AS lk WHERE lk.key = ? AND lk.kts = logs.ts AND lk.kid = logs.request_id)",
          key,
        );
        return;
      }
      const range = keyRange("lk", key, f);
      add(`logs.request_id IN (SELECT lk.kid FROM log_keys AS lk WHERE ${range.sql})`, ...range.params);
    };
    if (f.anomaly !== undefined) keyed(anomalyKey(f.anomaly));
    if (f.rule !== undefined) keyed(ruleKey(f.rule));
  } else {
    if (f.anomaly !== undefined) add("EXISTS (SELECT 1 FROM json_each(logs.anomalies) WHERE value = ?)", f.anomaly);
    if (f.rule !== undefined)
      add(`EXISTS (SELECT 1 FROM json_each(logs.reasons) AS fr WHERE ${ruleKeySql("fr")} = ?)`, f.rule);
  }
  // Row-value comparison: SQLite seeks the (…, ts, request_id) indexes with it.
  if (before) add("(ts, request_id) < (?, ?)", before.ts, before.id);
  return { sql: conds.length ? `WHERE ${conds.join(" AND ")}` : "", params };
}

/** SQL list literal of the blocking decisions (constants, safe to inline). */
export const BLOCKING_SQL = `(${BLOCKING_DECISIONS.map((d) => `'${d}'`).join(",")})`;
