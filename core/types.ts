/**
 * @module core/types
 * The vocabulary every part of apiward shares: the worker, the Durable
 * Objects and the CLI. Plain TypeScript, no Workers APIs.
 */

/** Per-app (or per-capability) mode. */
export type Mode = "learn" | "monitor" | "enforce";

/** What happens to a request when a dependency (KV, a Durable Object, Wasm) fails. */
export type FailMode = "open" | "closed";

/** Final decision recorded for a request. */
export type Decision = "allow" | "block" | "log" | "rate_limit" | "challenge";

/** Which part of apiward produced a reason. */
export type ReasonSource =
  | "canonical"
  | "policy"
  | "allowlist"
  | "signature"
  | "behaviour"
  | "anomaly"
  | "mitigation"
  | "failmode";

/** One reason behind a decision. `id` is stable (a rule id, a detection kind). */
export interface Reason {
  source: ReasonSource;
  id: string;
  /** What the reason would do on its own, before the mode is applied. */
  action: Decision;
  detail?: string;
  /** Where in the request it was found (`path`, `query:q`, `header:user-agent`, `body:json.a.b`). */
  location?: string;
  score?: number;
}

/** A header list, lower-case names, in arrival order, duplicates kept. */
export type HeaderList = Array<[name: string, value: string]>;

/**
 * The canonical view of a request, computed once; every decision reads it.
 * See core/canonicalize.
 */
export interface CanonicalRequest {
  method: string;
  /** Path and query exactly as received (origin-form), for logs. */
  rawUrl: string;
  /** Raw path as received, before decoding. */
  rawPath: string;
  /** Fully decoded, normalised path (always starts with `/`). */
  path: string;
  /** Decoded path segments (no empty segments, dot segments resolved). */
  segments: string[];
  /** Decoded query pairs, duplicates kept, in order. */
  query: Array<[string, string]>;
  /** Lower-case host without port or trailing dot. */
  host: string;
  headers: HeaderList;
  /** Anomalies found while canonicalizing, e.g. `double_encoding`, `nul_byte`. */
  anomalies: string[];
}

/** One traffic record (NDJSON contract in DESIGN.md). Only method and url are required. */
export interface TrafficRecord {
  ts?: number;
  method: string;
  url: string;
  host?: string;
  ip?: string;
  headers?: Record<string, string>;
  body?: string;
  status?: number;
  bytes?: number;
  latency_ms?: number;
  identity?: string;
  id?: string | number;
  /** From apiward's access log: apiward answered it (block, challenge, rate limit); the app never saw it. */
  apiward_answered?: boolean;
  [extra: string]: unknown;
}
