/**
 * @module adapters/vercel/redis-aggregates
 * Distributed anomaly detection's central view on Vercel (the Aggregates
 * Durable Object's job on Cloudflare), in Redis:
 *
 * - `ingest`: an isolate's window deltas are appended to the shard's queue
 *   (`RPUSH`, capped, one pipeline per flush): cheap, no lease.
 * - once a minute (two seconds past it, as the Durable Object's alarm), the
 *   first isolate whose `ingest` or `mitigations` call sees the minute
 *   unclosed takes the shard's lease, restores the detector snapshot (kept
 *   in the isolate while nobody else wrote one), merges the queued deltas,
 *   closes windows and runs detection (core/anomaly/detector.ts, the same as
 *   the Durable Object and `apiward replay`), then, only if it still holds
 *   the lease, removes the merged deltas, saves the snapshot and publishes
 *   the mitigations with a new version;
 * - `mitigations`: version check first (a few bytes), the list only when it
 *   changed.
 *
 * Weaker than Cloudflare: ticks need traffic (an app with no requests for
 * a while has no isolate to close its windows, and catches up on the next
 * request); the detector snapshot travels as one JSON value per tick, so
 * its size (bounded by `maxIps`, default 20,000 addresses here) must fit the
 * Redis plan's request limit; no baseline collector runs on Vercel (models
 * are learned with `apiward learn` or on Cloudflare and published as snapshots).
 */
import type { Redis } from "@upstash/redis";
import type { AnomalyDelta } from "../../core/anomaly/delta.ts";
import { AnomalyDetector } from "../../core/anomaly/detector.ts";
import { authTest } from "../../core/anomaly/events.ts";
import { type LoadedModel, parseAnomalyModel } from "../../core/anomaly/model.ts";
import { resolvePolicy } from "../../core/anomaly/policy.ts";
import type { AnomalyScorer } from "../../core/anomaly/scorer.ts";
import type { AnomalyMitigation } from "../../core/anomaly/types.ts";
import type { AggregateStore, AggregatesVersion, SnapshotSource } from "../../core/storage/types.ts";
import type { RedisKeys } from "./keys.ts";
import { acquire, newToken, release } from "./lease.ts";

const MAX_QUEUE = 20_000;
const QUEUE_TTL_S = 2 * 86_400;
const STATE_TTL_S = 3 * 86_400;
const MODEL_TTL_MS = 10 * 60_000;

/**
 * KEYS: lease, queue, state, seq, lastTick, published, version. ARGV: token,
 * merged count, state JSON, seq, minute, published JSON or "", TTL.
 */
const COMMIT = `if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('ltrim', KEYS[2], tonumber(ARGV[2]), -1)
local ttl = tonumber(ARGV[7])
redis.call('set', KEYS[3], ARGV[3], 'EX', ttl)
redis.call('set', KEYS[4], ARGV[4], 'EX', ttl)
redis.call('set', KEYS[5], ARGV[5], 'EX', ttl)
if ARGV[6] ~= '' then
  redis.call('set', KEYS[6], ARGV[6], 'EX', ttl)
  redis.call('incr', KEYS[7])
  redis.call('expire', KEYS[7], ttl)
end
return 1`;

export interface AggregateStoreOptions {
  config: SnapshotSource;
  snapshots: SnapshotSource;
  /** The Wasm scoring loops when usable; default the TypeScript reference. */
  scorer?: () => AnomalyScorer | undefined;
  maxIps?: number;
  leaseMs?: number;
  /** Seconds past a minute before it is closed (late deltas of the minute arrive first). */
  graceS?: number;
  now?: () => number;
}

interface Cached {
  det: AnomalyDetector;
  seq: number;
  modelAt: number;
  modelVersion: number;
}

async function readModel(src: SnapshotSource, app: string): Promise<{ model: LoadedModel | null; version: number }> {
  const ptr = await src.get(`anomaly:${app}:pointer`);
  if (!ptr) return { model: null, version: 0 };
  const version = (JSON.parse(ptr) as { version?: unknown }).version;
  if (typeof version !== "number") return { model: null, version: 0 };
  const raw = await src.get(`anomaly:${app}:v${version}`);
  const m = raw ? parseAnomalyModel(JSON.parse(raw)) : "missing";
  return { model: typeof m === "string" ? null : m, version };
}

export function redisAggregateStore(redis: Redis, keys: RedisKeys, opts: AggregateStoreOptions): AggregateStore {
  const cache = new Map<string, Cached>();
  const now = opts.now ?? (() => Date.now() / 1000);
  const graceS = opts.graceS ?? 2;
  const leaseMs = opts.leaseMs ?? 30_000;
  const epochs = new Map<string, string>();

  const epochOf = async (app: string, shard: number): Promise<string> => {
    const k = keys.anomalyEpoch(app, shard);
    const known = epochs.get(k);
    if (known) return known;
    await redis.set(k, newToken().slice(0, 8), { nx: true });
    const e = (await redis.get<string>(k)) ?? "";
    epochs.set(k, e);
    return e;
  };

  const build = async (app: string): Promise<{ det: AnomalyDetector; modelVersion: number }> => {
    let policy = resolvePolicy(undefined).policy;
    try {
      const raw = await opts.config.get(`anomaly-policy:${app}`);
      if (raw) policy = resolvePolicy(JSON.parse(raw)).policy;
    } catch {
      // defaults
    }
    let m: Awaited<ReturnType<typeof readModel>> = { model: null, version: 0 };
    try {
      m = await readModel(opts.snapshots, app);
    } catch {
      // no model: detection judges new traffic against zero, as on Cloudflare
    }
    const det = new AnomalyDetector({
      app,
      model: m.model,
      policy,
      scorer: opts.scorer?.(),
      isAuth: authTest(m.model?.model.auth_endpoints ?? []),
      idPrefix: `${app}.a`,
      maxIps: opts.maxIps ?? 20_000,
    });
    return { det, modelVersion: m.version };
  };

  /** Merges the queue and closes windows up to `nowS` under the lease; false when another isolate holds it. */
  const tickUnderLease = async (
    app: string,
    shard: number,
    nowS: number,
  ): Promise<{ findings: number; created: number } | null> => {
    const lease = keys.anomalyLease(app, shard);
    const token = await acquire(redis, lease, leaseMs, 0);
    if (!token) return null;
    try {
      const stateKey = keys.anomalyState(app, shard);
      const seqKey = `${stateKey}:seq`;
      const queueKey = keys.anomalyQueue(app, shard);
      const p = redis.pipeline();
      p.get(seqKey);
      p.lrange(queueKey, 0, MAX_QUEUE - 1);
      const [seqRaw, queued] = await p.exec<[unknown, string[]]>();
      const seq = Number(seqRaw ?? 0) || 0;
      const ck = `${app}\n${shard}`;
      let c = cache.get(ck);
      if (!c || c.seq !== seq) {
        const built = await build(app);
        const snap = seq > 0 ? await redis.get<string>(stateKey) : null;
        if (snap) {
          try {
            built.det.restore(JSON.parse(snap));
          } catch {
            // a snapshot that does not parse: start afresh (as the Durable Object does)
          }
        }
        c = { det: built.det, seq, modelAt: Date.now(), modelVersion: built.modelVersion };
        cache.set(ck, c);
      } else if (Date.now() - c.modelAt >= MODEL_TTL_MS) {
        c.modelAt = Date.now();
        try {
          const m = await readModel(opts.snapshots, app);
          if (m.version !== c.modelVersion && m.model) {
            c.det.setModel(m.model);
            c.modelVersion = m.version;
          }
        } catch {
          // keep the model in use
        }
      }
      const det = c.det;
      const before = det.mitigations.version;
      for (const raw of queued ?? []) {
        try {
          const d = (typeof raw === "string" ? JSON.parse(raw) : raw) as AnomalyDelta;
          if (d && d.app === app) det.ingest(d);
        } catch {
          // a malformed delta is skipped
        }
      }
      const r = det.tick(nowS);
      const changed = det.mitigations.version !== before;
      const minute = Math.floor(nowS / 60) * 60;
      const ok = await redis.eval(
        COMMIT,
        [
          lease,
          queueKey,
          stateKey,
          seqKey,
          keys.anomalyLastTick(app, shard),
          keys.anomalyPublished(app, shard),
          `${keys.anomalyPublished(app, shard)}:v`,
        ],
        [
          token,
          (queued ?? []).length,
          JSON.stringify(det.snapshot()),
          seq + 1,
          minute,
          changed ? JSON.stringify(det.mitigations.list(nowS)) : "",
          STATE_TTL_S,
        ],
      );
      if (Number(ok) !== 1) {
        cache.delete(ck);
        return null;
      }
      c.seq = seq + 1;
      return { findings: r.findings.length, created: r.created.length };
    } catch (e) {
      cache.delete(`${app}\n${shard}`);
      throw e;
    } finally {
      await release(redis, lease, token).catch(() => undefined);
    }
  };

  /** Closes the last minute when it is due and nobody has (off the hot path: callers run in waitUntil). */
  const maybeTick = async (app: string, shard: number, lastTick: unknown): Promise<boolean> => {
    const t = now();
    const minute = Math.floor(t / 60) * 60;
    const last = Number(lastTick ?? 0) || 0;
    if (last < minute && t - minute >= graceS) return (await tickUnderLease(app, shard, t)) !== null;
    return false;
  };

  const version = async (app: string, shard: number): Promise<AggregatesVersion & { lastTick: unknown }> => {
    const p = redis.pipeline();
    p.get(`${keys.anomalyPublished(app, shard)}:v`);
    p.get(keys.anomalyLastTick(app, shard));
    const [v, lastTick] = await p.exec<[unknown, unknown]>();
    return { epoch: await epochOf(app, shard), version: Number(v ?? 0) || 0, lastTick };
  };

  return {
    async ingest(app, shard, _shards, deltas) {
      const list = (Array.isArray(deltas) ? deltas : []).filter((d) => d && d.app === app);
      if (list.length > 0) {
        const q = keys.anomalyQueue(app, shard);
        const p = redis.pipeline();
        p.rpush(q, ...list.map((d) => JSON.stringify(d)));
        p.ltrim(q, -MAX_QUEUE, -1);
        p.expire(q, QUEUE_TTL_S);
        await p.exec();
      }
      let v = await version(app, shard);
      if (await maybeTick(app, shard, v.lastTick)) v = await version(app, shard);
      return { epoch: v.epoch, version: v.version };
    },

    async mitigations(app, shard, _shards, known) {
      let v = await version(app, shard);
      if (await maybeTick(app, shard, v.lastTick)) v = await version(app, shard);
      if (known && known.epoch === v.epoch && known.version === v.version)
        return { epoch: v.epoch, version: v.version, list: null };
      const raw = await redis.get<string>(keys.anomalyPublished(app, shard));
      let list: AnomalyMitigation[] = [];
      try {
        const parsed = raw ? (JSON.parse(raw) as unknown) : [];
        if (Array.isArray(parsed)) list = (parsed as AnomalyMitigation[]).filter((m) => m && m.until > now());
      } catch {
        list = [];
      }
      return { epoch: v.epoch, version: v.version, list };
    },

    async tick(app, shard, _shards, nowS) {
      const r = await tickUnderLease(app, shard, nowS);
      if (!r) throw new Error(`anomaly shard ${app}/${shard} is busy`);
      return r;
    },
  };
}
