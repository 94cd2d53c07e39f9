/**
 * @module durable-objects/log-store/keys
 * The finding index of a log shard: one row per record and rule that gave
 * it a reason (`rule:<source>:<id>`) and per record and canonical anomaly
 * (`anomaly:<code>`), ordered like the query API reads (key, then newest
 * first), so `rule=` and `anomaly=` are one index range instead of a JSON
 * scan of every record in the time range.
 *
 * The keys are computed by SQL from the stored rows, with the expression the
 * JSON-scan filter uses (`ruleKeySql`), so the two cannot disagree; the
 * LogStore runs the same statements on each inserted batch (rows after the
 * batch's starting rowid) and, for a shard written before the index existed,
 * from its alarm a chunk of rows at a time (the backfill). Until a shard's
 * backfill is complete (`log_meta` still holds its position) its queries
 * use the JSON scan: slower, never incomplete. The backfill also gives the
 * old rows their address key (`ip_key`, core/net/ip-key.ts), which rows
 * stored before that column existed lack, so once it is done `ip=` (exact
 * or a block) is an index range over every record too.
 */
import { addressKey } from "../../core/net/ip-key.ts";
import type { CursorPos } from "./cursor.ts";
import {
  anomalyKey,
  keyRange,
  type LogFilters,
  narrowedByIndex,
  ruleKey,
  ruleKeySql,
  type SqlParam,
  type SqlWhere,
  whereClause,
} from "./filters.ts";
import { sqlTableExists } from "./schema.ts";

export const KEYS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS log_keys (
    key TEXT NOT NULL,
    kts INTEGER NOT NULL,
    kid TEXT NOT NULL,
    PRIMARY KEY (key, kts, kid)
  ) WITHOUT ROWID`;

/** Backfill position: `keys_next` (last rowid done) and `keys_to` (last rowid to do). */
export const META_TABLE_SQL = "CREATE TABLE IF NOT EXISTS log_meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL)";

/** Rows per backfill step (one alarm run): a bounded slice of work for an old, large shard. */
export const BACKFILL_CHUNK = 50_000;
/** Pause between backfill steps, so inserts and queries interleave with them. */
export const BACKFILL_PAUSE_MS = 1_000;

/** Malformed JSON (never written by recordToValues, but the statement must not fail a batch) reads as none. */
const safeJson = (col: string) => `CASE WHEN json_valid(${col}) THEN ${col} ELSE '[]' END`;

/** The keys of the rows whose rowid is in (?, ?]: two statements, each bound to (after, upTo). */
export const KEYS_FROM_ROWS_SQL: readonly string[] = [
  `INSERT OR IGNORE INTO log_keys (key, kts, kid)
    SELECT 'rule:' || ${ruleKeySql("r")}, logs.ts, logs.request_id
    FROM logs, json_each(${safeJson("logs.reasons")}) AS r
    WHERE logs.rowid > ? AND logs.rowid <= ? AND ${ruleKeySql("r")} IS NOT NULL`,
  `INSERT OR IGNORE INTO log_keys (key, kts, kid)
    SELECT 'anomaly:' || a.value, logs.ts, logs.request_id
    FROM logs, json_each(${safeJson("logs.anomalies")}) AS a
    WHERE logs.rowid > ? AND logs.rowid <= ? AND a.type = 'text'`,
];

/** What the shard's finding index holds. */
export type KeysState = { complete: true } | { complete: false; next: number; to: number };

/** Reads the backfill position (no row: the index holds every record). */
export function readKeysState(sql: SqlStorage): KeysState {
  const rows = sql
    .exec<{ k: string; v: number }>("SELECT k, v FROM log_meta WHERE k IN ('keys_next', 'keys_to')")
    .toArray();
  const next = rows.find((r) => r.k === "keys_next")?.v;
  const to = rows.find((r) => r.k === "keys_to")?.v;
  return next === undefined || to === undefined
    ? { complete: true }
    : { complete: false, next: Number(next), to: Number(to) };
}

/** Indexes the rows with rowid in (after, upTo]. */
export function indexRows(sql: SqlStorage, after: number, upTo: number): void {
  if (upTo <= after) return;
  for (const stmt of KEYS_FROM_ROWS_SQL) sql.exec(stmt, after, upTo);
}

/** The highest rowid of the logs table (0 when empty). */
export function maxRowid(sql: SqlStorage): number {
  return Number(sql.exec<{ m: number | null }>("SELECT MAX(rowid) AS m FROM logs").one().m ?? 0);
}

/**
 * Creates the index tables. On a shard that already holds records and had
 * no index, records the backfill to do and returns true (the caller
 * schedules its alarm); a new shard starts complete.
 */
export function createKeys(sql: SqlStorage): boolean {
  const existed = sqlTableExists(sql, "log_keys");
  sql.exec(KEYS_TABLE_SQL);
  sql.exec(META_TABLE_SQL);
  if (existed) return !readKeysState(sql).complete;
  const to = maxRowid(sql);
  if (to === 0) return false;
  sql.exec("INSERT OR REPLACE INTO log_meta (k, v) VALUES ('keys_next', 0), ('keys_to', ?)", to);
  return true;
}

/** Address keys for the rows in (after, upTo] stored before the `ip_key` column existed. */
function fillAddressKeys(sql: SqlStorage, after: number, upTo: number): void {
  const rows = sql
    .exec<{ r: number; ip: string }>(
      "SELECT rowid AS r, ip FROM logs WHERE rowid > ? AND rowid <= ? AND ip_key IS NULL",
      after,
      upTo,
    )
    .toArray();
  for (const row of rows) {
    const key = addressKey(row.ip);
    if (key) sql.exec("UPDATE logs SET ip_key = ? WHERE rowid = ?", key, row.r);
  }
}

/** One backfill step (finding keys and address keys of a chunk of rows); returns the state after it. */
export function backfillStep(sql: SqlStorage, chunk = BACKFILL_CHUNK): KeysState {
  const state = readKeysState(sql);
  if (state.complete) return state;
  const upTo = Math.min(state.next + chunk, state.to);
  indexRows(sql, state.next, upTo);
  fillAddressKeys(sql, state.next, upTo);
  if (upTo >= state.to) {
    sql.exec("DELETE FROM log_meta WHERE k IN ('keys_next', 'keys_to')");
    return { complete: true };
  }
  sql.exec("UPDATE log_meta SET v = ? WHERE k = 'keys_next'", upTo);
  return { complete: false, next: upTo, to: state.to };
}

/**
 * The finding-index key that drives a page of these filters (`rule` first, then `anomaly`), if
 * any, and unless a client, address or request id leads (`narrowedByIndex`).
 */
export function drivingKey(f: LogFilters): string | undefined {
  if (narrowedByIndex(f)) return undefined;
  if (f.rule !== undefined) return ruleKey(f.rule);
  if (f.anomaly !== undefined) return anomalyKey(f.anomaly);
  return undefined;
}

/**
 * A page's SELECT (without its LIMIT) on a complete finding index: the
 * driving key's index range walked newest first (CROSS JOIN fixes the join
 * order: the index drives, each of its rows is one primary-key lookup in
 * `logs`), the other filters checked on each row, so it stops at the limit
 * however many records carry the key.
 */
export function keyedPageSql(f: LogFilters, key: string, before: CursorPos | null): SqlWhere {
  const rest = whereClause({ ...f, rule: undefined, anomaly: key.startsWith("rule:") ? f.anomaly : undefined }, null, {
    backfilled: true,
  });
  const range = keyRange("log_keys", key, f);
  const conds = [range.sql];
  const params: SqlParam[] = [...range.params];
  if (before) {
    conds.push("(log_keys.kts, log_keys.kid) < (?, ?)");
    params.push(before.ts, before.id);
  }
  conds.push("logs.request_id = log_keys.kid");
  if (rest.sql) conds.push(rest.sql.replace(/^WHERE /, ""));
  return {
    sql: `SELECT logs.* FROM log_keys CROSS JOIN logs WHERE ${conds.join(" AND ")} ORDER BY log_keys.kts DESC, log_keys.kid DESC`,
    params: [...params, ...rest.params],
  };
}
