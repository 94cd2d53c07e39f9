/**
 * @module adapters/vercel/redis-clients
 * Per-client behaviour state on Vercel, where there is no strongly
 * consistent object per key: the ClientState Durable Object's job, done by
 * whichever isolate flushes, under a Redis lease per client shard.
 *
 * One call per (app, shard) per flush, as on Cloudflare:
 * 1. take the shard's lease (`SET NX PX`; wait up to `waitMs` for a holder);
 * 2. read the batch's clients' states (`MGET <prefix>:cs:<app>:<client>`);
 * 3. fold the events in time order through the same BehaviourEngine as the
 *    Durable Object and `apiward replay` (core/behaviour/engine.ts), with the
 *    app's behaviour model from the snapshot source;
 * 4. write the states back only if the lease is still held (Lua fencing),
 *    with a TTL of IDLE_S, so a paused holder never overwrites newer state;
 * 5. record the detections as mitigations (redis-mitigations.ts), release.
 *
 * A batch that cannot get the lease, or loses it, rejects: the isolate's
 * batcher re-queues it with backoff, nothing is folded twice. So each
 * client's profile sees every isolate's requests, in per-batch time order
 * (the Durable Object sorts per batch too). What is weaker than Cloudflare:
 * a flush costs 3–5 round trips instead of one call, a busy shard makes
 * flushes wait on each other (64 shards per app spread that), and the
 * lease is time-based: a holder stalled past `leaseMs` loses its write
 * (retried), it cannot corrupt state.
 */
import type { Redis } from "@upstash/redis";
import { BehaviourEngine, entryFromJSON, entryToJSON } from "../../core/behaviour/engine.ts";
import { EngineCache } from "../../core/behaviour/engine-cache.ts";
import { type BehaviourModel, parseModel } from "../../core/behaviour/model.ts";
import type { ScoreTables } from "../../core/behaviour/score-table.ts";
import type { Scorer } from "../../core/behaviour/scorer.ts";
import { BOTS_KV_KEY } from "../../core/bots/ranges.ts";
import { botRangesOrBundled } from "../../core/edge/bot-ranges.ts";
import type { ClientStateStore, MitigationStore, SnapshotSource } from "../../core/storage/types.ts";
import type { RedisKeys } from "./keys.ts";
import { acquire, release, SET_IF_HELD } from "./lease.ts";

/** Clients idle this long are forgotten (as on Cloudflare). */
export const IDLE_S = 6 * 3600;
export const MAX_BATCH = 5_000;
const MODEL_TTL_MS = 60_000;
/** Clients read or written per Redis call (bounds request size: ~8 KB a client). */
const CHUNK = 64;

export interface ClientStoreOptions {
  config: SnapshotSource;
  snapshots: SnapshotSource;
  mitigations: MitigationStore;
  /** Builds the behaviour scorer (the Wasm one when the module is usable); default: the TypeScript reference. */
  scorer?: () => ((t: ScoreTables) => Scorer) | undefined;
  leaseMs?: number;
  waitMs?: number;
}

async function loadModel(src: SnapshotSource, app: string): Promise<{ model: BehaviourModel; version: number } | null> {
  const ptr = await src.get(`behaviour:${app}:pointer`);
  if (!ptr) return null;
  const version = (JSON.parse(ptr) as { version?: unknown }).version;
  if (typeof version !== "number") return null;
  const raw = await src.get(`behaviour:${app}:v${version}`);
  const m = parseModel(raw ? JSON.parse(raw) : null);
  return typeof m === "string" ? null : { model: m, version };
}

export function redisClientStore(redis: Redis, keys: RedisKeys, opts: ClientStoreOptions): ClientStateStore {
  const leaseMs = opts.leaseMs ?? 10_000;
  const waitMs = opts.waitMs ?? 2_000;

  // Client entries are read from Redis on every batch, so an engine only needs the batch's clients.
  const engines = new EngineCache({
    ttlMs: MODEL_TTL_MS,
    loadBots: () =>
      botRangesOrBundled(async () => {
        const raw = await opts.snapshots.get(BOTS_KV_KEY);
        return raw ? JSON.parse(raw) : null;
      }),
    loadModel: (app) => loadModel(opts.snapshots, app),
    build: (model, bots) => new BehaviourEngine({ model, bots, maxClients: 4096, scorer: opts.scorer?.() }),
  });

  return {
    async observe(app, shard, events) {
      const list = Array.isArray(events) ? events.slice(0, MAX_BATCH) : [];
      const dropped = Array.isArray(events) ? events.length - list.length : 0;
      const valid = list.filter(
        (ev) => ev && typeof ev.client === "string" && ev.client.length > 0 && ev.client.length <= 256,
      );
      if (valid.length === 0) return { detections: [], mitigations: [], dropped };
      const engine = await engines.get(app);
      const lease = keys.clientLease(app, shard);
      const token = await acquire(redis, lease, leaseMs, waitMs);
      if (!token) throw new Error(`client shard ${app}/${shard} is busy`);
      try {
        valid.sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));
        const clients = [...new Set(valid.map((ev) => ev.client))];
        for (let i = 0; i < clients.length; i += CHUNK) {
          const part = clients.slice(i, i + CHUNK);
          const states = await redis.mget<Array<string | null>>(...part.map((c) => keys.clientState(app, c)));
          part.forEach((c, j) => {
            const raw = states[j];
            let parsed: unknown = null;
            try {
              parsed = raw ? JSON.parse(raw) : null;
            } catch {
              parsed = null;
            }
            // Always the stored state: another isolate may have folded this client since.
            engine.restore(c, entryFromJSON(parsed));
          });
        }
        // As the ClientState objects: each client scored once, after its last event of the batch.
        const detections = engine.observeBatch(valid.map((ev) => ({ ...ev, app })));
        for (let i = 0; i < clients.length; i += CHUNK) {
          const part = clients.slice(i, i + CHUNK);
          const values = part.map((c) => {
            const e = engine.peek(c);
            return e ? JSON.stringify(entryToJSON(e)) : "null";
          });
          const ok = await redis.eval(
            SET_IF_HELD,
            [lease, ...part.map((c) => keys.clientState(app, c))],
            [token, IDLE_S, ...values],
          );
          if (Number(ok) !== 1) throw new Error(`client shard ${app}/${shard}: lease lost, batch not written`);
        }
        const mitigations = detections.length > 0 ? await opts.mitigations.record(app, detections) : [];
        return { detections, mitigations, dropped };
      } finally {
        await release(redis, lease, token).catch(() => undefined);
      }
    },
  };
}
