/**
 * @module adapters/vercel/redis-logs
 * The access log on Vercel: records (core/log/record.ts, the same format as
 * on Cloudflare) appended to a capped Redis list per app and UTC day
 * (`<prefix>:log:<app>:<day>`), in batches off the hot path. A Lua script
 * skips request ids already stored that day (a set beside the list), so a
 * retried batch never duplicates a record. Lists keep the newest
 * `maxPerDay` records (default 100,000) and expire after `retentionDays`
 * (default 7). This is a forensic buffer, not the queryable log store of
 * Cloudflare: export it (LRANGE) to a log platform for long retention.
 */
import type { Redis } from "@upstash/redis";
import type { AccessLogRecord } from "../../core/log/record.ts";
import type { LogSink } from "../../core/storage/types.ts";
import type { RedisKeys } from "./keys.ts";

/** KEYS[1] list, KEYS[2] id set; ARGV[1] cap, ARGV[2] TTL s, then (id, json) pairs. Returns records added. */
const APPEND = `local added = 0
for i = 3, #ARGV, 2 do
  if redis.call('sadd', KEYS[2], ARGV[i]) == 1 then
    redis.call('rpush', KEYS[1], ARGV[i + 1])
    added = added + 1
  end
end
redis.call('ltrim', KEYS[1], -tonumber(ARGV[1]), -1)
redis.call('expire', KEYS[1], tonumber(ARGV[2]))
redis.call('expire', KEYS[2], tonumber(ARGV[2]))
return added`;

export interface LogSinkOptions {
  maxPerDay?: number;
  retentionDays?: number;
}

const dayOf = (ms: number): string => {
  const d = new Date(Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? ms : Date.now());
  return d.toISOString().slice(0, 10);
};

export function redisLogSink(redis: Redis, keys: RedisKeys, opts: LogSinkOptions = {}): LogSink {
  const cap = opts.maxPerDay ?? 100_000;
  const ttl = Math.round((opts.retentionDays ?? 7) * 86_400);
  return {
    async append(records) {
      const groups = new Map<string, { app: string; day: string; list: AccessLogRecord[] }>();
      for (const r of records) {
        const day = dayOf(r.ts);
        const k = `${r.app}\n${day}`;
        const g = groups.get(k);
        if (g) g.list.push(r);
        else groups.set(k, { app: r.app, day, list: [r] });
      }
      for (const g of groups.values()) {
        for (let i = 0; i < g.list.length; i += 200) {
          const part = g.list.slice(i, i + 200);
          const args: Array<string | number> = [cap, ttl];
          for (const r of part) args.push(r.request_id, JSON.stringify(r));
          await redis.eval(APPEND, [keys.logList(g.app, g.day), keys.logIds(g.app, g.day)], args);
        }
      }
    },
    async recent(app, dayMs, limit) {
      const raw = await redis.lrange<string>(keys.logList(app, dayOf(dayMs)), -Math.max(1, limit), -1);
      const out: AccessLogRecord[] = [];
      for (const line of raw.reverse()) {
        try {
          out.push((typeof line === "string" ? JSON.parse(line) : line) as AccessLogRecord);
        } catch {
          // skip a line that does not parse
        }
      }
      return out;
    },
  };
}
