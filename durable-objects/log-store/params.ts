/**
 * @module durable-objects/log-store/params
 * Validation of the log API's query parameters (`/__apiward/logs`,
 * `/logs/stats`, `/logs/archive`). Strict on purpose: an unknown or repeated
 * parameter is a 400 naming it, since a silently ignored typo
 * (`decison=block`) would answer a forensic question with the wrong records.
 * `from`/`to` are epoch seconds (`from` inclusive, `to` exclusive); a value
 * that looks like milliseconds is rejected with a hint. The detections API
 * (worker/admin/detections.ts) validates its parameters with the same
 * helpers (exported below), so both answer the same input the same way.
 */
import { CANONICAL_ANOMALIES } from "../../core/canonicalize/anomalies.ts";
import { requestIdTime } from "../../core/http/request-id.ts";
import { UNROUTED_APP } from "../../core/log/record.ts";
import { formatIp, parseCidr, parseIp, unmapIp } from "../../core/net/ip.ts";
import { cidrKeyRange } from "../../core/net/ip-key.ts";
import type { Decision } from "../../core/types.ts";
import type { Bucket } from "./aggregate.ts";
import { type CursorPos, decodeCursor } from "./cursor.ts";
import { DECISIONS, type LogFilters } from "./filters.ts";
import { APP_ID_RE, DAY_MS, dayStartMs } from "./shards.ts";

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export interface LogQueryParams {
  /** One app, or null for every app. */
  app: string | null;
  filters: LogFilters;
  /**
   * Lower bound of the days to scan (epoch ms): `from`, else now minus the
   * retention; with a request id that encodes its time, no earlier than that time.
   */
  fromMs: number;
  /** Exclusive upper bound of the days to scan: `to`, else now plus a minute of clock skew (or the id's time). */
  toMs: number;
  /** `limit`, null when not given: a JSON page then holds DEFAULT_LIMIT records, an export every record. */
  limit: number | null;
  cursor: CursorPos | null;
  format: "json" | "ndjson";
}

export interface LogStatsParams {
  app: string | null;
  filters: LogFilters;
  fromMs: number;
  toMs: number;
  bucket: Bucket;
  top: number;
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
/** Records written in the last minute may carry a slightly later clock than this isolate's. */
const SKEW_MS = 60_000;
/** Minute buckets are allowed up to this range (10,080 points). */
const MAX_MINUTE_RANGE_MS = 7 * DAY_MS;
/** Epoch seconds beyond this are almost certainly milliseconds (year 5138). */
const MAX_EPOCH_S = 1e11;
/**
 * A request id's time is its record's `ts` (core/http/request-id.ts: both are
 * the request's start); the lookup spares a second either side all the same.
 */
const REQUEST_ID_SLACK_MS = 1000;

const FILTER_KEYS = [
  "app",
  "from",
  "to",
  "client",
  "endpoint",
  "decision",
  "request_id",
  "status",
  "anomaly",
  "rule",
  "ip",
  "path",
];
const QUERY_KEYS = new Set([...FILTER_KEYS, "limit", "cursor", "format"]);
const STATS_KEYS = new Set([...FILTER_KEYS, "bucket", "top"]);

/** A parameter error: its message starts with the parameter's name (the 400's `error`). */
export class ParamError extends Error {}

/** The one value of a parameter; a repeated parameter is an error. */
export function single(q: URLSearchParams, name: string): string | undefined {
  const all = q.getAll(name);
  if (all.length > 1) throw new ParamError(`${name}: given more than once`);
  return all[0];
}

/** Every parameter must be one of `allowed`. */
export function checkKeys(q: URLSearchParams, allowed: Set<string>): void {
  for (const k of q.keys()) {
    if (!allowed.has(k))
      throw new ParamError(`${k.slice(0, 64)}: unknown parameter (allowed: ${[...allowed].join(", ")})`);
  }
}

/** A non-empty string of at most `max` characters. */
export function text(q: URLSearchParams, name: string, max: number): string | undefined {
  const v = single(q, name);
  if (v === undefined) return undefined;
  if (v.length === 0) throw new ParamError(`${name}: must not be empty`);
  if (v.length > max) throw new ParamError(`${name}: longer than ${max} characters`);
  return v;
}

/** An app id or UNROUTED_APP; null when not given. */
export function app(q: URLSearchParams): string | null {
  const v = single(q, "app");
  if (v === undefined) return null;
  if (!APP_ID_RE.test(v) && v !== UNROUTED_APP) {
    throw new ParamError(`app: expected an app id (lower-case letters, digits, - and _) or ${UNROUTED_APP}`);
  }
  return v;
}

/** Epoch seconds (decimals allowed) to epoch ms. */
function epochSeconds(q: URLSearchParams, name: string): number | undefined {
  const v = single(q, name);
  if (v === undefined) return undefined;
  if (!/^\d{1,15}(\.\d{1,6})?$/.test(v))
    throw new ParamError(`${name}: expected epoch seconds, e.g. ${Math.floor(Date.now() / 1000)}`);
  const n = Number(v);
  if (n >= MAX_EPOCH_S) throw new ParamError(`${name}: expected epoch seconds (this looks like milliseconds)`);
  return Math.round(n * 1000);
}

/** An integer in `min..max`, `dflt` when not given. */
export function int(q: URLSearchParams, name: string, min: number, max: number, dflt: number): number {
  const v = single(q, name);
  if (v === undefined) return dflt;
  if (!/^\d{1,7}$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new ParamError(`${name}: expected an integer from ${min} to ${max}`);
  }
  return Number(v);
}

function decisions(q: URLSearchParams): Decision[] | undefined {
  const v = single(q, "decision");
  if (v === undefined) return undefined;
  const list = v.split(",").map((s) => s.trim());
  for (const d of list) {
    if (!DECISIONS.includes(d as Decision))
      throw new ParamError(`decision: expected ${DECISIONS.join(", ")} (comma-separated)`);
  }
  return list as Decision[];
}

function status(q: URLSearchParams): { min: number; max: number } | undefined {
  const v = single(q, "status");
  if (v === undefined) return undefined;
  if (/^[1-5]\d\d$/.test(v)) return { min: Number(v), max: Number(v) };
  if (/^[1-5]xx$/i.test(v)) return { min: Number(v[0]) * 100, max: Number(v[0]) * 100 + 99 };
  throw new ParamError("status: expected a status code (403) or class (4xx)");
}

function anomaly(q: URLSearchParams): string | undefined {
  const v = single(q, "anomaly");
  if (v === undefined) return undefined;
  if (!Object.hasOwn(CANONICAL_ANOMALIES, v))
    throw new ParamError(`anomaly: expected a canonical anomaly code (${Object.keys(CANONICAL_ANOMALIES).join(", ")})`);
  return v;
}

/** `source:id` as the top-rules aggregate and the CLI's table name a rule. */
function rule(q: URLSearchParams): string | undefined {
  const v = text(q, "rule", 256);
  if (v === undefined) return undefined;
  if (!/^[a-z_]{1,32}:./.test(v))
    throw new ParamError("rule: expected source:id, e.g. signature:942100 or policy:deny-admin");
  return v;
}

/**
 * An IP address, normalized as the datapath stores it (IPv4-mapped IPv6
 * unmapped, IPv6 compressed), or a CIDR block as its range of address keys.
 */
function ip(q: URLSearchParams): Pick<LogFilters, "ip" | "ipRange"> {
  const v = text(q, "ip", 68);
  if (v === undefined) return {};
  if (v.includes("/")) {
    const cidr = parseCidr(v);
    if (!cidr) throw new ParamError("ip: expected a CIDR block, e.g. 203.0.113.0/24 or 2001:db8::/32");
    return { ipRange: cidrKeyRange(cidr) };
  }
  const parsed = parseIp(v);
  if (!parsed) throw new ParamError("ip: expected an IPv4 or IPv6 address or a CIDR block, e.g. 203.0.113.7");
  return { ip: formatIp(unmapIp(parsed)) };
}

function pathPrefix(q: URLSearchParams): string | undefined {
  const v = text(q, "path", 2048);
  if (v === undefined) return undefined;
  if (!v.startsWith("/")) throw new ParamError("path: expected a URL path prefix starting with /, e.g. /admin");
  return v;
}

function filters(q: URLSearchParams, fromMs: number | undefined, toMs: number | undefined): LogFilters {
  const f: LogFilters = {};
  if (fromMs !== undefined) f.fromMs = fromMs;
  if (toMs !== undefined) f.toMs = toMs;
  const client = text(q, "client", 1024);
  if (client !== undefined) f.client = client;
  const endpoint = text(q, "endpoint", 2048);
  if (endpoint !== undefined) f.endpoint = endpoint;
  const d = decisions(q);
  if (d) f.decisions = d;
  const rid = text(q, "request_id", 128);
  if (rid !== undefined) f.requestId = rid;
  const s = status(q);
  if (s) f.status = s;
  const a = anomaly(q);
  if (a) f.anomaly = a;
  const r = rule(q);
  if (r) f.rule = r;
  Object.assign(f, ip(q));
  const prefix = pathPrefix(q);
  if (prefix) f.pathPrefix = prefix;
  return f;
}

/**
 * `from` and `to` (epoch ms, as given) and the range they mean: without `to`,
 * up to now plus the clock skew; without `from`, `defaultSpanMs` before that.
 */
export function range(
  q: URLSearchParams,
  now: number,
  defaultSpanMs: number,
): { from?: number; to?: number; fromMs: number; toMs: number } {
  const from = epochSeconds(q, "from");
  const to = epochSeconds(q, "to");
  if (from !== undefined && to !== undefined && from >= to) throw new ParamError("from: must be before to");
  const toMs = to ?? now + SKEW_MS;
  const fromMs = from ?? Math.max(0, toMs - defaultSpanMs);
  if (fromMs >= toMs) throw new ParamError("from: must be before to (or now, when to is not given)");
  return { from, to, fromMs, toMs };
}

/** `cursor` decoded by `decode` (null when not given); one it does not accept is an error. */
export function cursorParam<T>(q: URLSearchParams, decode: (raw: string) => T | null): T | null {
  const raw = single(q, "cursor");
  if (raw === undefined) return null;
  const cursor = decode(raw);
  if (cursor === null) throw new ParamError("cursor: not a cursor from a previous page's next");
  return cursor;
}

/** Runs a parser built of these helpers: a ParamError becomes `{ok: false, error}`. */
export function run<T>(f: () => T): Parsed<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (e instanceof ParamError) return { ok: false, error: e.message };
    throw e;
  }
}

/**
 * Parameters of `GET /logs`; without `from`, the scan covers the retention
 * period. A 32-hex-digit `request_id` (core/http/request-id.ts) bounds the
 * scan to the time it encodes; any other id is a plain filter over the range.
 */
export function parseLogQuery(q: URLSearchParams, now: number, retentionMs: number): Parsed<LogQueryParams> {
  return run(() => {
    checkKeys(q, QUERY_KEYS);
    const r = range(q, now, retentionMs + SKEW_MS);
    const cursor = cursorParam(q, decodeCursor);
    const format = single(q, "format") ?? "json";
    if (format !== "json" && format !== "ndjson") throw new ParamError("format: expected json or ndjson");
    const f = filters(q, r.from, r.to);
    let { fromMs, toMs } = r;
    // A request id made by newRequestId names its time: scan only that day's shards (an empty
    // range when the time is outside the query's, so the answer is one page either way).
    const idTime = f.requestId === undefined ? null : requestIdTime(f.requestId);
    if (idTime !== null) {
      fromMs = Math.max(fromMs, idTime - REQUEST_ID_SLACK_MS);
      toMs = Math.min(toMs, idTime + REQUEST_ID_SLACK_MS + 1);
    }
    return {
      app: app(q),
      filters: f,
      fromMs,
      toMs,
      limit: q.has("limit") ? int(q, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT) : null,
      cursor,
      format,
    };
  });
}

/** Parameters of `GET /logs/stats`; default range the last 24 hours, bucket minute up to 6 hours, else hour. */
export function parseLogStats(q: URLSearchParams, now: number): Parsed<LogStatsParams> {
  return run(() => {
    checkKeys(q, STATS_KEYS);
    const r = range(q, now, DAY_MS);
    const span = r.toMs - r.fromMs;
    const b = single(q, "bucket") ?? (span <= 6 * 3_600_000 ? "minute" : "hour");
    if (b !== "minute" && b !== "hour") throw new ParamError("bucket: expected minute or hour");
    if (b === "minute" && span > MAX_MINUTE_RANGE_MS) {
      throw new ParamError("bucket: minute buckets cover at most 7 days; use bucket=hour or a shorter range");
    }
    // Stats always bound the rows by the range, so buckets never extend beyond it.
    return {
      app: app(q),
      filters: filters(q, r.fromMs, r.toMs),
      fromMs: r.fromMs,
      toMs: r.toMs,
      bucket: b,
      top: int(q, "top", 1, 100, 10),
    };
  });
}

/** Parameters of `POST /logs/archive`: an app and a UTC day, both required. */
export function parseArchive(q: URLSearchParams): Parsed<{ app: string; day: string }> {
  return run(() => {
    checkKeys(q, new Set(["app", "day"]));
    const a = app(q);
    if (a === null) throw new ParamError("app: required");
    const day = single(q, "day");
    if (day === undefined) throw new ParamError("day: required (yyyy-mm-dd, UTC)");
    if (dayStartMs(day) === null) throw new ParamError("day: expected a UTC date yyyy-mm-dd");
    return { app: a, day };
  });
}
