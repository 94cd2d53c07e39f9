/**
 * @module core/log/record
 * One access-log record per request: who, what endpoint, what was decided
 * and why, and the response. Written by the worker (off the hot path) and by
 * `apiward replay`; stored by the log store; returned by the query API.
 */
import type { Decision, Mode, Reason } from "../types.ts";

/**
 * The log of requests that reached no app (a host no app serves, or no app
 * configuration to be had): not a valid app id, so no app can take it.
 */
export const UNROUTED_APP = "_unrouted";

export interface AccessLogRecord {
  /** Epoch milliseconds when the request arrived. */
  ts: number;
  request_id: string;
  app: string;
  /** The client identity every counter uses (IP, /64, key hash, JWT subject). */
  client: string;
  ip: string;
  country?: string;
  asn?: number;
  method: string;
  host: string;
  /** Path and query as received, with sensitive parameter values redacted. */
  url: string;
  /** Endpoint template (`GET /api/users/{id}`) when the inventory knows it. */
  endpoint?: string;
  decision: Decision;
  /** The decision the request would have had in enforce (monitor/learn show what they would do). */
  would: Decision;
  mode: Mode;
  reasons: Reason[];
  /**
   * The canonicalizer's findings (core/canonicalize/anomalies.ts: `double_encoding`,
   * `dot_segment`, `windows_path`…), when there are any. The blocking ones are also
   * reasons; the others change no decision and are recorded here for forensics.
   */
  anomalies?: string[];
  status: number;
  /** Response body bytes (from content-length when known, else counted). */
  bytes: number;
  latency_ms: number;
  policy_version: number | null;
  model_version?: string | null;
  user_agent?: string;
  /** Selected request headers, sensitive ones redacted. */
  headers?: Record<string, string>;
}

/**
 * What a record found, as `source:id` terms: its reasons, then its canonical
 * anomalies that are not reasons already (`anomaly:duplicate_slash`). The
 * one-line summary the CLI's table and the dashboard's log list show.
 */
export function recordFindings(r: Pick<AccessLogRecord, "reasons" | "anomalies">): string[] {
  const out = r.reasons.map((x) => `${x.source}:${x.id}`);
  for (const a of r.anomalies ?? []) {
    if (!r.reasons.some((x) => x.source === "canonical" && x.id === a)) out.push(`anomaly:${a}`);
  }
  return out;
}
