/**
 * @module core/behaviour/types
 * The behaviour capability's vocabulary, shared by the offline pipeline
 * (`apiward learn`/`replay`), the ClientState and Mitigations Durable Objects
 * and the isolate's BehaviourRuntime. Plain TypeScript.
 *
 * Times are seconds since the epoch (floats), as in traffic records; the
 * worker passes `Date.now() / 1000`.
 */
import type { Decision, HeaderList } from "../types.ts";

/** What a detection calls a client. `good_bot` is a verdict, never a malicious detection. */
export const DETECTION_KINDS = [
  "scanner",
  "crawler",
  "scraper",
  "bruteforce",
  "login_dos",
  "http_dos",
  "enumeration",
  "injection",
  "fake_bot",
  // Distributed kinds (core/anomaly): decided from aggregates across every client.
  "distributed_bruteforce",
  "distributed_dos",
  "distributed_scraper",
  "distributed_scan",
] as const;

export type DetectionKind = (typeof DETECTION_KINDS)[number];

export function isDetectionKind(v: unknown): v is DetectionKind {
  return typeof v === "string" && (DETECTION_KINDS as readonly string[]).includes(v);
}

/**
 * One observed request/response of one client, as the datapath (after the
 * response) or the offline pipeline hands it to the behaviour engine.
 */
export interface BehaviourEvent {
  app: string;
  /** Client key (IP, IPv6 /64, or the app's configured identity). */
  client: string;
  /** Source address as received. */
  ip: string;
  /** Seconds since the epoch. */
  ts: number;
  method: string;
  /** Canonical path. */
  path: string;
  /** Endpoint template (`GET /api/products/{id}`) when discovery matched one; else derived. */
  endpoint?: string;
  query: Array<[string, string]>;
  status: number;
  /** Response size in bytes. */
  bytes: number;
  latencyMs: number;
  userAgent?: string;
  headers: HeaderList;
  /** Signature anomaly score of the request (0 when clean). */
  signatureScore?: number;
  /** apiward answered this itself (403/429 block, challenge): never counted as the client's misbehaviour. */
  blockedByApiward: boolean;
  /** Hash of the user name tried on a login (see login-user.ts); absent when none. */
  loginUser?: string;
  /** Authenticated principal when known (record `identity`). */
  identity?: string;
}

/** One reason behind a detection: which feature, its value, and how far from normal. */
export interface DetectionReason {
  feature: string;
  value: number;
  /** The threshold it crossed (learned per cluster, never below the kind's floor). */
  threshold: number;
  /** Typical value of the client's cluster (median). */
  normal: number;
  /** Robust z-score: (value - normal) / robust spread. */
  z: number;
  /** Free-text detail (e.g. which crawler a fake bot claimed). */
  detail?: string;
}

export interface Detection {
  ts: number;
  app: string;
  /** Client key the detection is about. */
  client: string;
  /** Address of the request that triggered it. */
  ip: string;
  kind: DetectionKind;
  action: Decision;
  /** Kind score; 1 is the detection threshold. */
  score: number;
  reasons: DetectionReason[];
  /** Requests of the client seen when it fired (those apiward answered included). */
  requests: number;
  /** Cluster the client was compared with (`-1`: floors only). */
  cluster: number;
}

export type ClientVerdict = "benign" | "malicious" | "good_bot";
