/**
 * @module core/ratelimit/window
 * Fixed and sliding windows shared by the isolate cache and the counter
 * Durable Object. The sliding estimate weighs the previous fixed window by the
 * part of it still inside the sliding window (the approximation Cloudflare and
 * nginx use): constant memory per key, error bounded by one window's drift.
 */

export type WindowAlgorithm = "fixed" | "sliding";

export interface CounterDelta {
  key: string;
  windowS: number;
  delta: number;
}

export interface CounterState {
  key: string;
  /** Start of the current fixed window, epoch ms. */
  start: number;
  count: number;
  /** Count of the previous fixed window (for sliding estimates). */
  prev: number;
}

export function windowStart(nowMs: number, windowS: number): number {
  const w = windowS * 1000;
  return Math.floor(nowMs / w) * w;
}

/** Requests counted in the window ending now. */
export function estimate(
  algorithm: WindowAlgorithm,
  nowMs: number,
  windowS: number,
  start: number,
  count: number,
  prev: number,
): number {
  if (algorithm === "fixed") return count;
  const w = windowS * 1000;
  const elapsed = Math.min(Math.max(nowMs - start, 0), w);
  return prev * (1 - elapsed / w) + count;
}

/** Seconds until the window frees up enough for one more request (at least 1). */
export function retryAfterS(algorithm: WindowAlgorithm, nowMs: number, windowS: number, start: number): number {
  const end = start + windowS * 1000;
  const s = Math.ceil((end - nowMs) / 1000);
  return Math.max(1, algorithm === "fixed" ? s : Math.min(s, windowS));
}

/** FNV-1a, for picking a shard. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
