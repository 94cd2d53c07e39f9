/**
 * @module adapters/vercel/storage
 * The storage interface (core/storage/types.ts) on Vercel: Edge Config for
 * read-mostly documents, a Redis-compatible store through `@upstash/redis`
 * (Upstash REST protocol) for counters, windows, mitigations, client state
 * and the access log.
 */
import { Redis } from "@upstash/redis";
import { wasmAnomalyScorer } from "../../core/anomaly/wasm-scorer.ts";
import { hasWasmScorer, wasmScorer } from "../../core/behaviour/score-wasm.ts";
import type { ApiwardStorage, SnapshotSource } from "../../core/storage/types.ts";
import { WasmHost } from "../../core/wasm/host.ts";
import { redisKeys } from "./keys.ts";
import { redisAggregateStore } from "./redis-aggregates.ts";
import { redisClientStore } from "./redis-clients.ts";
import { redisCounterStore } from "./redis-counters.ts";
import { redisLogSink } from "./redis-logs.ts";
import { redisMitigationStore } from "./redis-mitigations.ts";

export interface RedisConnection {
  url: string;
  token: string;
}

/**
 * An `@upstash/redis` client as apiward uses it: raw strings back (no
 * automatic JSON parsing), one quick retry (apiward's own batchers retry
 * with backoff), no telemetry headers.
 */
export function upstashRedis(conn: RedisConnection): Redis {
  return new Redis({
    url: conn.url,
    token: conn.token,
    automaticDeserialization: false,
    enableTelemetry: false,
    retry: { retries: 1, backoff: () => 50 },
  });
}

export interface VercelStorageOptions {
  redis: Redis;
  /** Operator documents (app index, configs, policies). */
  config: SnapshotSource;
  /** Learned documents (inventories, models); default: the same source as `config`. */
  snapshots?: SnapshotSource;
  /** Prefix of every Redis key (default `apiward`): several deployments can share one database. */
  prefix?: string;
  /**
   * The compiled Wasm module, for the behaviour and anomaly scorers (each gets
   * its own instance, as each Durable Object does); the TypeScript reference
   * scores when it is missing or unusable.
   */
  wasmModule?: () => WebAssembly.Module | null;
  /** Lease of a client shard while a batch is folded (default 10 s). */
  leaseMs?: number;
  /** How long a flush waits for a busy client shard before it is retried later (default 2 s). */
  leaseWaitMs?: number;
  /** Seconds past a minute before anomaly windows close (default 2). */
  anomalyGraceS?: number;
}

export function vercelStorage(opts: VercelStorageOptions): ApiwardStorage {
  const keys = redisKeys(opts.prefix ?? "apiward");
  const snapshots = opts.snapshots ?? opts.config;
  const mitigations = redisMitigationStore(opts.redis, keys, opts.config);
  const host = (): WasmHost | null => {
    try {
      const m = opts.wasmModule?.();
      return m ? new WasmHost(m) : null;
    } catch {
      return null;
    }
  };
  return {
    config: opts.config,
    snapshots,
    counters: redisCounterStore(opts.redis, keys),
    mitigations,
    clients: redisClientStore(opts.redis, keys, {
      config: opts.config,
      snapshots,
      mitigations,
      scorer: () => {
        const h = host();
        return h && hasWasmScorer(h) ? (t) => wasmScorer(h, t) : undefined;
      },
      ...(opts.leaseMs !== undefined ? { leaseMs: opts.leaseMs } : {}),
      ...(opts.leaseWaitMs !== undefined ? { waitMs: opts.leaseWaitMs } : {}),
    }),
    aggregates: redisAggregateStore(opts.redis, keys, {
      config: opts.config,
      snapshots,
      scorer: () => {
        const h = host();
        try {
          return h ? wasmAnomalyScorer(h) : undefined;
        } catch {
          return undefined;
        }
      },
      ...(opts.anomalyGraceS !== undefined ? { graceS: opts.anomalyGraceS } : {}),
    }),
    logs: redisLogSink(opts.redis, keys),
  };
}
