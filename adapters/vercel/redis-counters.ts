/**
 * @module adapters/vercel/redis-counters
 * Rate-limit windows and rule hit counts in Redis (the CounterShard's job on
 * Cloudflare). One pipeline per flush: per delta `INCRBY` the fixed window
 * `start`, `PEXPIRE` it to two windows, and `GET` the previous window (for
 * sliding estimates). The answer is the global count after the add, which
 * refreshes the isolate's view exactly as the Durable Object's answer does
 * (worker/datapath/rate-limiter.ts). Windows need no alarm: Redis expires them.
 */
import type { Redis } from "@upstash/redis";
import { type CounterState, windowStart } from "../../core/ratelimit/window.ts";
import type { CounterStore } from "../../core/storage/types.ts";
import type { RedisKeys } from "./keys.ts";
import { hashObject } from "./redis-values.ts";

const HITS_TTL_S = 30 * 86_400;

const num = (v: unknown): number => {
  const n = Number(v ?? 0);
  return Number.isFinite(n) ? n : 0;
};

export function redisCounterStore(redis: Redis, keys: RedisKeys): CounterStore {
  return {
    async add(_shard, deltas, nowMs) {
      if (deltas.length === 0) return [];
      const p = redis.pipeline();
      const starts: number[] = [];
      for (const d of deltas) {
        const w = d.windowS * 1000;
        const start = windowStart(nowMs, d.windowS);
        starts.push(start);
        const cur = keys.window(d.key, d.windowS, start);
        p.incrby(cur, d.delta);
        p.pexpire(cur, 2 * w + 1000);
        p.get(keys.window(d.key, d.windowS, start - w));
      }
      const r = await p.exec<unknown[]>();
      return deltas.map(
        (d, i): CounterState => ({
          key: d.key,
          start: starts[i] as number,
          count: num(r[3 * i]),
          prev: num(r[3 * i + 2]),
        }),
      );
    },
    async addHits(app, version, hits) {
      const entries = Object.entries(hits);
      if (entries.length === 0) return;
      const key = keys.hits(app, version);
      const p = redis.pipeline();
      for (const [rule, n] of entries) p.hincrby(key, rule, n);
      p.expire(key, HITS_TTL_S);
      await p.exec();
    },
    async getHits(app, version) {
      const all = hashObject(await redis.hgetall(keys.hits(app, version)));
      const out: Record<string, number> = {};
      for (const [rule, n] of Object.entries(all)) out[rule] = num(n);
      return out;
    },
  };
}
