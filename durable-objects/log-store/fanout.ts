/**
 * @module durable-objects/log-store/fanout
 * The worker's side of the sharded log store: a query over a time range and
 * one or more apps fans out over the day shards, newest day first, merges
 * each day's shards in the global order (ts, request_id descending) and
 * stops as soon as the page is full, so a typical page (recent records)
 * touches one shard per app.
 *
 * Each call to a shard is a subrequest (50 per request on the free plan), so
 * a page visits at most `maxShards` shards; a range with more empty days
 * than that returns a short (possibly empty) page with a `next` cursor at the
 * last day visited. Clients follow `next` until it is null, never stop at a
 * short page.
 */
import type { AccessLogRecord } from "../../core/log/record.ts";
import { objectStub } from "../../worker/lib/object-stub.ts";
import { type LogStore, MAX_PAGE } from "../log-store.ts";
import { AGGREGATE_KINDS, type AggregateKind, type AggregateRow, type Bucket, mergeAggregates } from "./aggregate.ts";
import { type CursorPos, compareNewestFirst, decodeCursor, encodeCursor } from "./cursor.ts";
import type { LogFilters } from "./filters.ts";
import { dayStartMs, daysDescending, shardName } from "./shards.ts";

export type LogNamespace = DurableObjectNamespace<LogStore>;

/** Default shard visits per page: within the free plan's 50 subrequests, with room for KV reads. */
export const DEFAULT_MAX_SHARDS = 32;

export interface FanoutQuery {
  apps: string[];
  filters: LogFilters;
  /** Days scanned: those holding `fromMs <= ts < toMs`. */
  fromMs: number;
  toMs: number;
  limit: number;
  cursor: CursorPos | null;
  maxShards?: number;
}

export interface FanoutPage {
  records: AccessLogRecord[];
  next: string | null;
  /** Shards visited (subrequests spent). */
  shards: number;
}

function stub(ns: LogNamespace, app: string, day: string): DurableObjectStub<LogStore> {
  return objectStub(ns, shardName(app, day));
}

/** One page of records across shards, newest first. */
export async function queryShards(ns: LogNamespace, q: FanoutQuery): Promise<FanoutPage> {
  const maxShards = q.maxShards ?? DEFAULT_MAX_SHARDS;
  if (q.apps.length === 0) return { records: [], next: null, shards: 0 };
  // Records strictly before the cursor: at its ts too, unless it is a day boundary (id "").
  const upper = q.cursor ? Math.min(q.toMs, q.cursor.id === "" ? q.cursor.ts : q.cursor.ts + 1) : q.toMs;
  const days = daysDescending(q.fromMs, upper);
  const cursor = q.cursor ? encodeCursor(q.cursor) : null;
  const out: AccessLogRecord[] = [];
  let shards = 0;
  let scanned = 0;
  // Whether a shard reported more records than it returned (its page was full).
  let more = false;
  for (const day of days) {
    if (out.length > q.limit || more) break;
    if (scanned > 0 && shards + q.apps.length > maxShards) break;
    // One more than the page needs, to know whether a next page exists (a shard caps at MAX_PAGE and says so).
    const need = Math.min(q.limit + 1 - out.length, MAX_PAGE);
    const pages = await Promise.all(q.apps.map((app) => stub(ns, app, day).query(q.filters, need, cursor)));
    shards += q.apps.length;
    scanned++;
    const merged: AccessLogRecord[] = [];
    for (const p of pages) {
      if (p.error) throw new Error(p.error);
      if (p.next !== null) more = true;
      merged.push(...(p.records as AccessLogRecord[]));
    }
    merged.sort(compareNewestFirst);
    out.push(...merged);
  }
  if (out.length > q.limit || more) {
    // `more` implies a full shard page, so at least `limit` records are here.
    const records = out.slice(0, q.limit);
    const last = records[records.length - 1]!;
    return { records, next: encodeCursor({ ts: last.ts, id: last.request_id }), shards };
  }
  if (scanned < days.length) {
    // Budget spent before the range: continue below the last day visited.
    const lastDay = days[scanned - 1];
    const boundary = lastDay === undefined ? upper : (dayStartMs(lastDay) ?? upper);
    return { records: out, next: encodeCursor({ ts: boundary, id: "" }), shards };
  }
  return { records: out, next: null, shards };
}

/**
 * Every matching record as an NDJSON stream, paging through the shards
 * (1,000 records a page), in the order of the JSON pages; with `limit`, the
 * first `limit` of them only. A shard failing mid-stream errors the stream, so
 * the client sees a truncated transfer rather than a silently short export.
 */
export function exportShards(
  ns: LogNamespace,
  q: Omit<FanoutQuery, "limit"> & { limit: number | null },
): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let cursor = q.cursor;
  let left = q.limit ?? Number.POSITIVE_INFINITY;
  let done = left <= 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Bounded: every iteration either enqueues records or moves the cursor to an older day.
      for (let i = 0; i < 10_000 && !done; i++) {
        const page = await queryShards(ns, { ...q, limit: Math.min(1000, left), cursor });
        left -= page.records.length;
        cursor = page.next === null ? null : decodeCursor(page.next);
        if (cursor === null || left <= 0) done = true;
        if (page.records.length > 0) {
          let text = "";
          for (const r of page.records) text += `${JSON.stringify(r)}\n`;
          controller.enqueue(enc.encode(text));
          break;
        }
      }
      if (done) controller.close();
    },
  });
}

export interface LogStats {
  series: Array<{ t: number; requests: number; blocks: number; would_block: number }>;
  top_clients: AggregateRow[];
  top_endpoints: AggregateRow[];
  top_rules: AggregateRow[];
  top_anomalies: AggregateRow[];
  /** Shards visited. */
  shards: number;
}

/** Aggregates across the day shards of the range (one call per shard for all kinds). */
export async function statsShards(
  ns: LogNamespace,
  q: { apps: string[]; filters: LogFilters; fromMs: number; toMs: number; bucket: Bucket; top: number },
): Promise<LogStats> {
  const days = daysDescending(q.fromMs, q.toMs);
  const calls: Promise<Partial<Record<AggregateKind, AggregateRow[]>>>[] = [];
  for (const day of days) {
    for (const app of q.apps) {
      calls.push(stub(ns, app, day).aggregateMany([...AGGREGATE_KINDS], q.filters, { bucket: q.bucket, top: q.top }));
    }
  }
  const parts = await Promise.all(calls);
  const merged = (k: AggregateKind) =>
    mergeAggregates(
      k,
      parts.map((p) => (p[k] ?? []) as AggregateRow[]),
      q.top,
    );
  return {
    series: merged("series").map((r) => ({
      t: Number(r.key),
      requests: r.requests,
      blocks: r.blocks,
      would_block: r.would_block,
    })),
    top_clients: merged("top_clients"),
    top_endpoints: merged("top_endpoints"),
    top_rules: merged("top_rules"),
    top_anomalies: merged("top_anomalies"),
    shards: calls.length,
  };
}

/** Shards a stats request would visit (the route refuses ranges over its budget). */
export function statsShardCount(apps: number, fromMs: number, toMs: number): number {
  return apps * daysDescending(fromMs, toMs).length;
}
