/**
 * @module core/traffic/ndjson
 * Reads traffic records (DESIGN.md contract) from NDJSON text, line by line;
 * apiward's own access-log export is read as traffic records too.
 * A bad line is reported with its line number and skipped, never silently
 * dropped: the caller gets an `error` item for it.
 */
import { parseIp } from "../net/ip.ts";
import { answeredByApiward } from "../pipeline/decide.ts";
import type { TrafficRecord } from "../types.ts";

/** A `ts` at or over this is not seconds since the epoch (it is the year 5138): most likely milliseconds. */
const MAX_TS = 1e11;

export type NdjsonItem =
  | { kind: "record"; line: number; record: TrafficRecord }
  | { kind: "error"; line: number; error: string };

/**
 * apiward's own access-log record (`GET /__apiward/logs?format=ndjson`,
 * `apiward logs --format ndjson`) as a traffic record: `ts` from
 * milliseconds to seconds, the client identity as `identity`, the user
 * agent as a header, and `apiward_answered` when apiward answered it (a
 * block, challenge or rate limit: its status is apiward's, not the app's).
 * Null when `v` is not one.
 */
function fromAccessLog(v: Record<string, unknown>): Record<string, unknown> | null {
  if (typeof v.request_id !== "string" || typeof v.decision !== "string" || typeof v.ts !== "number") return null;
  if (!Number.isFinite(v.ts) || v.ts < MAX_TS) return null;
  const headers = v.headers && typeof v.headers === "object" && !Array.isArray(v.headers) ? { ...v.headers } : {};
  if (typeof v.user_agent === "string" && !("user-agent" in headers))
    (headers as Record<string, string>)["user-agent"] = v.user_agent;
  return {
    ...v,
    ts: v.ts / 1000,
    headers,
    ...(typeof v.client === "string" ? { identity: v.client } : {}),
    apiward_answered: answeredByApiward(v.decision),
  };
}

/** Validates one parsed JSON value as a traffic record (apiward's own access-log records too). */
export function toTrafficRecord(value: unknown): TrafficRecord | string {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "not a JSON object";
  const v = fromAccessLog(value as Record<string, unknown>) ?? (value as Record<string, unknown>);
  if (typeof v.method !== "string" || v.method.length === 0) return "missing or invalid field: method";
  if (typeof v.url !== "string") return "missing or invalid field: url";
  if (v.ts !== undefined) {
    if (typeof v.ts !== "number" || !Number.isFinite(v.ts) || v.ts < 0) return "invalid field: ts";
    // Seconds since the epoch (DESIGN.md); 1e11 s is the year 5138, so this is milliseconds.
    if (v.ts >= MAX_TS) return "invalid field: ts (milliseconds? the contract is seconds since the epoch)";
  }
  if (v.ip !== undefined && v.ip !== null && v.ip !== "") {
    if (typeof v.ip !== "string" || parseIp(v.ip) === null)
      return "invalid field: ip (not an IPv4 or IPv6 address; give it without a port or a list)";
  }
  if (v.status !== undefined && typeof v.status !== "number") return "invalid field: status";
  if (v.headers !== undefined && (v.headers === null || typeof v.headers !== "object" || Array.isArray(v.headers)))
    return "invalid field: headers";
  if (v.body !== undefined && typeof v.body !== "string") return "invalid field: body";
  return v as TrafficRecord;
}

/** Parses one line; `null` for a blank line. */
export function parseLine(text: string, line: number): NdjsonItem | null {
  const t = text.trim();
  if (t.length === 0) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(t);
  } catch (e) {
    return { kind: "error", line, error: `invalid JSON (${(e as Error).message})` };
  }
  const rec = toTrafficRecord(parsed);
  return typeof rec === "string" ? { kind: "error", line, error: rec } : { kind: "record", line, record: rec };
}

/** Splits a stream of text chunks into NDJSON items, in order. */
export async function* readNdjson(chunks: AsyncIterable<string | Uint8Array>): AsyncGenerator<NdjsonItem> {
  const decoder = new TextDecoder();
  let buf = "";
  let line = 0;
  for await (const chunk of chunks) {
    buf += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    let nl = buf.indexOf("\n");
    while (nl >= 0) {
      line++;
      const item = parseLine(buf.slice(0, nl), line);
      if (item) yield item;
      buf = buf.slice(nl + 1);
      nl = buf.indexOf("\n");
    }
  }
  buf += decoder.decode();
  if (buf.length > 0) {
    line++;
    const item = parseLine(buf, line);
    if (item) yield item;
  }
}
