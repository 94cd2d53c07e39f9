/**
 * @module core/anomaly/delta
 * What an isolate sends the Aggregates Durable Object: per minute and key,
 * a mergeable slice; per source address, what it did per minute and key
 * (requests, auth failures, not-founds, 4xx, a few parameter hashes, and
 * the requests apiward answered itself, kept apart). The
 * per-address rows are what "look deeper" scores; they are capped per delta
 * (the heaviest addresses are kept, the rest counted in `droppedIps`), so a
 * delta stays bounded whatever the traffic.
 */
import type { SliceJSON } from "./slice.ts";

/**
 * `[minute, key, requests, authFailures, notFound, err4xx, paramHashes, refused]`. `refused`
 * counts requests apiward answered itself: never traffic (they are in no other field), only
 * the address's presence, so that a client refused from its first request is still known
 * to have come (campaign attribution reads its entry key). Absent in older deltas: 0.
 */
export type IpRow = [number, string, number, number, number, number, number[], number?];

export interface IpDelta {
  ip: string;
  /** /24 or /48 of the address. */
  net: string;
  /** 0 when unknown. */
  asn: number;
  /** A verified crawler (published ranges): never a participant. */
  bot?: boolean;
  /** Time of its first request in this delta, and the key it hit. */
  first: number;
  entry: string;
  rows: IpRow[];
}

export interface AnomalyDelta {
  app: string;
  slices: Array<[minute: number, key: string, slice: SliceJSON]>;
  ips: IpDelta[];
  /** Addresses left out by the per-delta cap. */
  droppedIps: number;
}

/** Most parameter hashes kept per address, minute and key. */
export const MAX_PARAM_HASHES = 16;

/** Structural check of a delta received over RPC; returns an error or null. */
export function checkDelta(v: unknown): string | null {
  if (!v || typeof v !== "object") return "delta: not an object";
  const d = v as Partial<AnomalyDelta>;
  if (typeof d.app !== "string" || d.app.length === 0 || d.app.length > 128) return "delta.app";
  if (!Array.isArray(d.slices)) return "delta.slices";
  if (!Array.isArray(d.ips)) return "delta.ips";
  return null;
}
