/**
 * @module adapters/vercel/lease
 * A lease in Redis: one holder at a time for a client shard or an anomaly
 * shard, standing in for the single-threaded Durable Object of Cloudflare.
 * Acquired with `SET key token NX PX ms`; every write made under it goes
 * through a Lua script that first checks the token is still the holder's
 * (a fencing check), so a holder paused past its lease can never overwrite
 * what the next holder wrote; released with a compare-and-delete.
 */
import type { Redis } from "@upstash/redis";

/** Compare-and-delete: releases the lease only if the token still holds it. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/**
 * KEYS[1] lease, KEYS[2..] values; ARGV[1] token, ARGV[2] TTL in seconds,
 * ARGV[3..] values. Sets every value with the TTL if the lease is held; 1 or 0.
 */
export const SET_IF_HELD = `if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
local ttl = tonumber(ARGV[2])
for i = 2, #KEYS do redis.call('set', KEYS[i], ARGV[i + 1], 'EX', ttl) end
return 1`;

export function newToken(): string {
  const a = new Uint8Array(12);
  crypto.getRandomValues(a);
  let s = "";
  for (const b of a) s += b.toString(16).padStart(2, "0");
  return s;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Tries to take the lease, waiting up to `waitMs` (polling) for a holder to
 * release it; the token, or null when it stayed taken.
 */
export async function acquire(redis: Redis, key: string, leaseMs: number, waitMs: number): Promise<string | null> {
  const token = newToken();
  const deadline = Date.now() + waitMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    const ok = await redis.set(key, token, { nx: true, px: leaseMs });
    if (ok === "OK") return token;
    if (Date.now() + delay > deadline) return null;
    await sleep(delay);
  }
}

export async function release(redis: Redis, key: string, token: string): Promise<void> {
  await redis.eval(RELEASE, [key], [token]);
}
