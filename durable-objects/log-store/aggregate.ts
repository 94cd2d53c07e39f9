/**
 * @module durable-objects/log-store/aggregate
 * Aggregates over the access log for the dashboard: requests and blocks per
 * minute or hour, and the top clients, endpoints, rules and canonical
 * anomalies. Every kind has
 * the same row shape, so the worker merges shards by summing rows with the
 * same key.
 *
 * Top-N lists are computed per shard with a wider limit (`shardTopLimit`),
 * then merged: exact when each shard has at most that many distinct keys,
 * otherwise a key just below the cut in every shard can be missed (the usual
 * top-k merge error; Analytics Engine serves exact aggregates in production,
 * see shards.ts).
 */
import { BLOCKING_SQL, ruleKeySql, type SqlParam, type SqlWhere } from "./filters.ts";

export type AggregateKind = "series" | "top_clients" | "top_endpoints" | "top_rules" | "top_anomalies";
export const AGGREGATE_KINDS: readonly AggregateKind[] = [
  "series",
  "top_clients",
  "top_endpoints",
  "top_rules",
  "top_anomalies",
];
export type Bucket = "minute" | "hour";
export const BUCKET_MS: Record<Bucket, number> = { minute: 60_000, hour: 3_600_000 };

export interface AggregateOptions {
  bucket?: Bucket;
  /** Rows of a top-N list (default 10, max 1000). */
  top?: number;
}

export interface AggregateRow {
  /** Bucket start in epoch seconds (series), or the client / endpoint / `source:rule` / anomaly key. */
  key: string | number;
  requests: number;
  /** Requests stopped at the edge (block, rate_limit, challenge). */
  blocks: number;
  /** Requests that would have been stopped in enforce (monitor and learn modes show these). */
  would_block: number;
}

const COUNTS = `COUNT(*) AS requests, SUM(decision IN ${BLOCKING_SQL}) AS blocks, SUM(would IN ${BLOCKING_SQL}) AS would_block`;
/** Endpoint template, or `METHOD path` (query cut) when the inventory did not know the endpoint. */
const ENDPOINT_KEY = `COALESCE(endpoint, method || ' ' || CASE WHEN instr(url, '?') > 0 THEN substr(url, 1, instr(url, '?') - 1) ELSE url END)`;

export function clampTop(top: number | undefined): number {
  return Math.min(Math.max(Math.trunc(top ?? 10), 1), 1000);
}

/** How many rows each shard returns for a top-N list, so the merge is exact in most cases. */
export function shardTopLimit(top: number): number {
  return Math.min(Math.max(top * 4, 100), 2000);
}

/** The SQL and bindings of one aggregate over rows matching `where`. */
export function aggregateSql(
  kind: AggregateKind,
  where: SqlWhere,
  opts: AggregateOptions,
): { sql: string; params: SqlParam[] } {
  const limit = shardTopLimit(clampTop(opts.top));
  switch (kind) {
    case "series": {
      const size = BUCKET_MS[opts.bucket ?? "minute"];
      return {
        sql: `SELECT (ts / ${size}) * ${size / 1000} AS key, ${COUNTS} FROM logs ${where.sql} GROUP BY key ORDER BY key`,
        params: where.params,
      };
    }
    case "top_clients":
      return {
        sql: `SELECT client AS key, ${COUNTS} FROM logs ${where.sql} GROUP BY key ORDER BY requests DESC, key LIMIT ?`,
        params: [...where.params, limit],
      };
    case "top_endpoints":
      return {
        sql: `SELECT ${ENDPOINT_KEY} AS key, ${COUNTS} FROM logs ${where.sql} GROUP BY key ORDER BY requests DESC, key LIMIT ?`,
        params: [...where.params, limit],
      };
    case "top_rules":
      // DISTINCT: a request counts once per rule even if the rule gave two reasons.
      return {
        sql: `SELECT key, ${COUNTS} FROM (
            SELECT DISTINCT logs.request_id, logs.decision, logs.would,
              ${ruleKeySql("r")} AS key
            FROM logs, json_each(logs.reasons) AS r ${where.sql}
          ) WHERE key IS NOT NULL GROUP BY key ORDER BY requests DESC, key LIMIT ?`,
        params: [...where.params, limit],
      };
    case "top_anomalies":
      // Requests per canonical anomaly code (a request counts once per code).
      return {
        sql: `SELECT key, ${COUNTS} FROM (
            SELECT DISTINCT logs.request_id, logs.decision, logs.would, a.value AS key
            FROM logs, json_each(logs.anomalies) AS a ${where.sql}
          ) GROUP BY key ORDER BY requests DESC, key LIMIT ?`,
        params: [...where.params, limit],
      };
  }
}

/** Sums rows with the same key; series sorted by time, top lists by requests then key, cut to `top`. */
export function mergeAggregates(kind: AggregateKind, parts: AggregateRow[][], top?: number): AggregateRow[] {
  const byKey = new Map<string | number, AggregateRow>();
  for (const rows of parts) {
    for (const r of rows) {
      const m = byKey.get(r.key);
      if (m) {
        m.requests += r.requests;
        m.blocks += r.blocks;
        m.would_block += r.would_block;
      } else byKey.set(r.key, { ...r });
    }
  }
  const all = [...byKey.values()];
  if (kind === "series") return all.sort((a, b) => Number(a.key) - Number(b.key));
  all.sort(
    (a, b) => b.requests - a.requests || (String(a.key) < String(b.key) ? -1 : String(a.key) > String(b.key) ? 1 : 0),
  );
  return all.slice(0, clampTop(top));
}
