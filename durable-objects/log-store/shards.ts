/**
 * @module durable-objects/log-store/shards
 * How the access log is split over Durable Objects: one `LogStore` per app
 * and UTC day, named `logs:<app>:<yyyy-mm-dd>`. A day shard is written by
 * every isolate serving the app that day and read by the query API, which
 * fans out over the days of the requested range, newest first.
 *
 * How this scales (back-of-envelope, for the README):
 * - A record is about 0.6 KB with its reasons and selected headers, about
 *   1 KB with the five secondary indexes. A SQLite-backed object holds up to
 *   10 GB, so one day shard takes ~10 M records: ~115 requests/s sustained
 *   for an app. Isolates send batches of up to 500 records, so write
 *   throughput (one single-threaded object, a few thousand small
 *   transactions/s) is not the first limit; storage per object is.
 * - Hot apps shard per hour (`logs:<app>:<yyyy-mm-ddThh>`: ~2,700 req/s
 *   sustained) and, beyond that, per hour and hash of the request id
 *   (`…:<n>`); the query fan-out grows by the same factor, and the cursor
 *   (ts, request_id) stays valid because it orders records globally.
 * - Aggregates for dashboards over weeks go to Workers Analytics Engine (one
 *   data point per request, SQL API) instead of scanning shards; the shards
 *   keep the per-request detail for forensics.
 * - Archives go to R2 as one gzip NDJSON object per app and day
 *   (`logs/<app>/<day>.ndjson.gz`, ~10x smaller than the NDJSON: a
 *   10 M-record day is ~600 MB), written by `POST /__apiward/logs/archive`
 *   (a daily Cron Trigger in production) before the retention alarm deletes
 *   the shard's rows.
 */

export const DAY_MS = 86_400_000;
export const DEFAULT_RETENTION_DAYS = 30;
/** Largest retention accepted from `APIWARD_LOG_RETENTION_DAYS` (10 years). */
const MAX_RETENTION_DAYS = 3650;
/** Dates outside this range cannot be formatted; records carrying them are re-dated. */
const MAX_TS_MS = 8.64e15;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const APP_ID_RE = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** A timestamp (epoch ms) that `dayOf` accepts: non-finite or out-of-range values become `fallback`. */
export function safeTs(ts: unknown, fallback: number): number {
  return typeof ts === "number" && Number.isFinite(ts) && ts >= 0 && ts <= MAX_TS_MS ? Math.round(ts) : fallback;
}

/** The UTC day (`yyyy-mm-dd`) of an epoch-ms timestamp. */
export function dayOf(tsMs: number): string {
  return new Date(safeTs(tsMs, 0)).toISOString().slice(0, 10);
}

/** Epoch ms of 00:00 UTC of a `yyyy-mm-dd` day, or null when the day is not a real date. */
export function dayStartMs(day: string): number | null {
  const m = DAY_RE.exec(day);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === day ? t : null;
}

export function shardName(app: string, day: string): string {
  return `logs:${app}:${day}`;
}

/** The days holding records with `fromMs <= ts < toMs`, newest first (empty when the range is empty). */
export function daysDescending(fromMs: number, toMs: number): string[] {
  const out: string[] = [];
  if (!(toMs > fromMs)) return out;
  const first = dayStartMs(dayOf(toMs - 1)) ?? 0;
  const last = dayStartMs(dayOf(fromMs)) ?? 0;
  // Bounded: the caller's range is validated, this guards against a bad one.
  for (let t = first; t >= last && out.length < MAX_RETENTION_DAYS + 2; t -= DAY_MS) out.push(dayOf(t));
  return out;
}

/**
 * Retention in days from `APIWARD_LOG_RETENTION_DAYS`; default 30. A value
 * that is not a number in 1..3650 falls back to the default (a typo must
 * never delete a month of logs at once).
 */
export function retentionDays(raw: unknown): number {
  if (raw === undefined || raw === null || raw === "") return DEFAULT_RETENTION_DAYS;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 1 && n <= MAX_RETENTION_DAYS ? n : DEFAULT_RETENTION_DAYS;
}
