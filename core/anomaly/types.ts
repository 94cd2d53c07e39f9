/**
 * @module core/anomaly/types
 * Vocabulary of distributed anomaly detection (issue 8, DESIGN.md capability
 * 4), shared by the isolate's pre-aggregation, the Aggregates Durable Object,
 * `apiward learn`/`replay` and the evaluation. Plain TypeScript.
 *
 * Times are seconds since the epoch (floats), as in traffic records; the
 * worker passes `Date.now() / 1000`.
 */
import type { Decision } from "../types.ts";

/** The kinds a distributed anomaly is named by (issue 8). */
export const DISTRIBUTED_KINDS = [
  "distributed_bruteforce",
  "distributed_dos",
  "distributed_scraper",
  "distributed_scan",
] as const;

export type DistributedKind = (typeof DISTRIBUTED_KINDS)[number];

export function isDistributedKind(v: unknown): v is DistributedKind {
  return typeof v === "string" && (DISTRIBUTED_KINDS as readonly string[]).includes(v);
}

/**
 * One request/response as the anomaly capability sees it: what the datapath
 * knows after the response, or what the offline pipeline builds from a
 * traffic record.
 */
export interface AnomalyEvent {
  app: string;
  /** Endpoint template (`POST /api/login`) when discovery matched one; absent for unknown paths. */
  endpoint?: string;
  /** Source address as received. */
  ip: string;
  /** Client key (IP, IPv6 /64, or the app's identity). */
  client: string;
  asn?: number;
  country?: string;
  /** Seconds since the epoch. */
  ts: number;
  method: string;
  /** Canonical path: the parameter values of a template (object ids) are read from it. */
  path?: string;
  /** Decoded query pairs: their values feed the parameter-value entropy. */
  query?: Array<[string, string]>;
  status: number;
  /** Response size in bytes. */
  bytes: number;
  latencyMs: number;
  userAgent?: string;
  /** apiward answered this itself (block, challenge, rate limit): never counted as traffic. */
  blockedByApiward: boolean;
}

/** The four window lengths (issue 8), with the slice each is built from. */
export const WINDOWS = [
  { name: "5m", span: 300, slice: 60 },
  { name: "30m", span: 1800, slice: 300 },
  { name: "4h", span: 14_400, slice: 1800 },
  { name: "24h", span: 86_400, slice: 14_400 },
] as const;

export type WindowName = (typeof WINDOWS)[number]["name"];

/** Key of the app-wide aggregate. */
export const APP_KEY = "*";
/** Key that groups requests no endpoint template matched (probes, new endpoints). */
export const UNMATCHED_KEY = "?unmatched";

/** One reason behind a finding or a mitigation (the shape behaviour detections use). */
export interface AnomalyReason {
  feature: string;
  value: number;
  threshold: number;
  normal: number;
  z: number;
  detail?: string;
}

/**
 * A mitigation the anomaly capability publishes, in the shape of the
 * behaviour capability's mitigations plus its scope. `target` is a client
 * key (`scope: "client"`) or an endpoint template (`scope: "endpoint"`: it
 * applies to new or suspicious clients of that endpoint only).
 */
export interface AnomalyMitigation {
  id: string;
  app: string;
  target: string;
  scope: "client" | "endpoint";
  kind: DistributedKind;
  action: Decision;
  /** Seconds since the epoch when it ends. */
  until: number;
  reasons: AnomalyReason[];
  created_at: number;
  /** Endpoint mitigations: clients first seen after this time count as new. */
  since?: number;
  /** For rate_limit: requests allowed per 10 s while it lasts. */
  limit_10s?: number;
  /** Suspicion score of the client (client scope). */
  score?: number;
  /** The finding that decided it. */
  finding?: string;
}
