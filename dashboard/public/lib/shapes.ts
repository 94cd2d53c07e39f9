/**
 * @module dashboard/lib/shapes
 * Typed views of the admin API's JSON. Every parser accepts `unknown` and
 * returns a well-formed value with defaults, so a malformed or newer answer
 * (several endpoints are still being built) degrades a cell, never a view.
 * The access-log record type is the worker's own (core/log/record.ts).
 */
import type { AccessLogRecord } from "../../../core/log/record.ts";
import type { Decision, Reason } from "../../../core/types.ts";

export type { AccessLogRecord, Decision, Reason };

export function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown, dflt = ""): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return dflt;
}

export function num(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function field(o: unknown, k: string): unknown {
  return isObj(o) ? o[k] : undefined;
}

/** A reason from a log record; a plain string is read as a behaviour reason id. */
export function parseReason(v: unknown): Reason {
  if (typeof v === "string") return { source: "behaviour", id: v, action: "log" };
  const o = isObj(v) ? v : {};
  const r: Reason = {
    source: str(o.source, "?") as Reason["source"],
    id: str(o.id, "?"),
    action: str(o.action, "log") as Decision,
  };
  if (o.detail !== undefined) r.detail = str(o.detail);
  if (o.location !== undefined) r.location = str(o.location);
  const score = num(o.score);
  if (score !== null) r.score = score;
  return r;
}

/**
 * Why a detection or a mitigation was made: the feature it rests on, its
 * value and the threshold it crossed (core/behaviour/types.ts
 * DetectionReason, core/anomaly/types.ts AnomalyReason), with the detail
 * when there is one. A plain string or a log-style reason (`source`, `id`)
 * is kept as its text, so an older or newer answer still shows something.
 */
export interface Evidence {
  feature: string;
  value: number | null;
  threshold: number | null;
  detail?: string;
}

export function parseEvidence(v: unknown): Evidence {
  if (typeof v === "string") return { feature: v, value: null, threshold: null };
  const o = isObj(v) ? v : {};
  const feature =
    typeof o.feature === "string" ? o.feature : o.id !== undefined ? `${str(o.source, "?")}:${str(o.id, "?")}` : "?";
  const e: Evidence = { feature, value: num(o.value), threshold: num(o.threshold) };
  if (o.detail !== undefined) e.detail = str(o.detail);
  return e;
}

export function parseRecord(v: unknown): AccessLogRecord {
  const o = isObj(v) ? v : {};
  const headers: Record<string, string> = {};
  if (isObj(o.headers)) for (const [k, hv] of Object.entries(o.headers)) headers[k] = str(hv);
  return {
    ts: num(o.ts) ?? 0,
    request_id: str(o.request_id),
    app: str(o.app),
    client: str(o.client),
    ip: str(o.ip),
    country: o.country === undefined ? undefined : str(o.country),
    asn: num(o.asn) ?? undefined,
    method: str(o.method),
    host: str(o.host),
    url: str(o.url),
    endpoint: o.endpoint === undefined || o.endpoint === null ? undefined : str(o.endpoint),
    decision: str(o.decision, "allow") as Decision,
    would: str(o.would, str(o.decision, "allow")) as Decision,
    mode: str(o.mode, "monitor") as AccessLogRecord["mode"],
    reasons: arr(o.reasons).map(parseReason),
    status: num(o.status) ?? 0,
    bytes: num(o.bytes) ?? 0,
    latency_ms: num(o.latency_ms) ?? 0,
    policy_version: num(o.policy_version),
    model_version: o.model_version === undefined || o.model_version === null ? null : str(o.model_version),
    user_agent: o.user_agent === undefined ? undefined : str(o.user_agent),
    headers,
    anomalies: Array.isArray(o.anomalies) ? arr(o.anomalies).map((a) => str(a)) : undefined,
  };
}

export interface LogPage {
  records: AccessLogRecord[];
  next: string | null;
}

export function parseLogPage(v: unknown): LogPage {
  const next = field(v, "next");
  return { records: arr(field(v, "records")).map(parseRecord), next: typeof next === "string" && next ? next : null };
}

export interface StatRow {
  key: string;
  requests: number;
  blocks: number;
  would_block: number;
}

export interface Stats {
  apps: string[];
  from: number;
  to: number;
  bucket: string;
  series: Array<StatRow & { t: number }>;
  top_clients: StatRow[];
  top_endpoints: StatRow[];
  top_rules: StatRow[];
  top_anomalies: StatRow[];
}

function statRow(v: unknown): StatRow {
  const o = isObj(v) ? v : {};
  return {
    key: str(o.key),
    requests: num(o.requests) ?? 0,
    blocks: num(o.blocks) ?? 0,
    would_block: num(o.would_block) ?? 0,
  };
}

export function parseStats(v: unknown): Stats {
  const o = isObj(v) ? v : {};
  return {
    apps: arr(o.apps).map((a) => str(a)),
    from: num(o.from) ?? 0,
    to: num(o.to) ?? 0,
    bucket: str(o.bucket, "minute"),
    // Bucket start in epoch seconds: `t` (current API) or `key` (the store's raw rows).
    series: arr(o.series).map((r) => ({ ...statRow(r), t: num(field(r, "t")) ?? (Number(field(r, "key")) || 0) })),
    top_clients: arr(o.top_clients).map(statRow),
    top_endpoints: arr(o.top_endpoints).map(statRow),
    top_rules: arr(o.top_rules).map(statRow),
    top_anomalies: arr(o.top_anomalies).map(statRow),
  };
}

export interface Detection {
  ts: number;
  app: string;
  client: string;
  kind: string;
  action: string;
  score: number | null;
  reasons: Evidence[];
}

export function parseDetections(v: unknown): Detection[] {
  return arr(field(v, "detections")).map((d) => {
    const o = isObj(d) ? d : {};
    return {
      ts: num(o.ts) ?? 0,
      app: str(o.app),
      client: str(o.client),
      kind: str(o.kind, "?"),
      action: str(o.action),
      score: num(o.score),
      reasons: arr(o.reasons).map(parseEvidence),
    };
  });
}

export interface Mitigation {
  id: string;
  app: string;
  target: string;
  kind: string;
  action: string;
  until: number | null;
  reasons: Evidence[];
  created_at: number | null;
}

export function parseMitigations(v: unknown): Mitigation[] {
  return arr(field(v, "mitigations")).map((m) => {
    const o = isObj(m) ? m : {};
    return {
      id: str(o.id),
      app: str(o.app),
      target: str(o.target),
      kind: str(o.kind),
      action: str(o.action),
      until: num(o.until),
      reasons: arr(o.reasons).map(parseEvidence),
      created_at: num(o.created_at),
    };
  });
}

export interface GraphData {
  nodes: Array<{ id: string; kind: "client" | "endpoint"; label: string }>;
  edges: Array<{ client: string; endpoint: string; count: number }>;
}

export function parseGraph(v: unknown): GraphData {
  const nodes = arr(field(v, "nodes")).map((n) => {
    const o = isObj(n) ? n : {};
    const id = str(o.id);
    return { id, kind: o.kind === "client" ? ("client" as const) : ("endpoint" as const), label: str(o.label, id) };
  });
  const edges = arr(field(v, "edges")).map((e) => {
    const o = isObj(e) ? e : {};
    return { client: str(o.client), endpoint: str(o.endpoint), count: num(o.count) ?? 0 };
  });
  return { nodes: nodes.filter((n) => n.id !== ""), edges };
}

export interface PolicyVersion {
  version: number;
  description: string | null;
  created_at: number | null;
  rules: number;
}

export interface PolicyIndex {
  active: number | null;
  dry_run: number | null;
  history: number[];
  latest: number;
  versions: PolicyVersion[];
}

export function parsePolicyIndex(v: unknown): PolicyIndex {
  const o = isObj(v) ? v : {};
  return {
    active: num(o.active),
    dry_run: num(o.dry_run),
    history: arr(o.history)
      .map(num)
      .filter((n): n is number => n !== null),
    latest: num(o.latest) ?? 0,
    versions: arr(o.versions).map((p) => {
      const q = isObj(p) ? p : {};
      return {
        version: num(q.version) ?? 0,
        description: q.description === null || q.description === undefined ? null : str(q.description),
        created_at: num(q.created_at),
        rules: num(q.rules) ?? 0,
      };
    }),
  };
}

export function parseApps(v: unknown): string[] {
  return arr(field(v, "apps"))
    .map((a) => str(field(a, "id")))
    .filter((id) => id !== "")
    .sort();
}

/** A KV document this isolate could not load (health's `isolate.cache_errors`): the last good one is served instead. */
export interface ConfigError {
  key: string;
  error: string;
}

export function parseConfigErrors(health: unknown): ConfigError[] | null {
  const iso = field(health, "isolate");
  const errs = field(iso, "cache_errors");
  if (!isObj(errs)) return null;
  return Object.entries(errs)
    .map(([key, e]) => ({ key, error: str(e) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}
