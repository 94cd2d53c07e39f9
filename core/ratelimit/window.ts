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

/**
 * Seconds until one more request would be within `limit` (at least 1), if
 * none comes meanwhile. Fixed: the window's end. Sliding: when the weighted
 * estimate (every request counted, refused ones too) has fallen to
 * `limit - 1`: within this window as the previous one's weight fades, else
 * in the next one as this one's does (before, the answer was at most the
 * rest of this window, and a client that waited it out was refused again).
 */
export function retryAfterS(
  algorithm: WindowAlgorithm,
  nowMs: number,
  windowS: number,
  start: number,
  count = 0,
  prev = 0,
  limit = 0,
): number {
  const w = windowS * 1000;
  const end = start + w;
  if (algorithm === "fixed") return Math.max(1, Math.ceil((end - nowMs) / 1000));
  const room = limit - 1;
  let at: number;
  if (count <= room) {
    // This window: prev·(1 − e/w) + count ≤ room.
    at = prev > 0 ? start + w * Math.max(0, 1 - (room - count) / prev) : nowMs;
  } else {
    // The next window, where this one's count is the fading previous one.
    at = end + (count > 0 ? w * Math.max(0, 1 - room / count) : 0);
  }
  return Math.max(1, Math.ceil((at - nowMs) / 1000));
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
