/**
 * @module adapters/vercel/runtime
 * Everything one Vercel Edge isolate keeps between requests, over the
 * storage interface: the document caches (the worker's Registry: short TTL,
 * stale-while-revalidate, last good kept), the Wasm instance, the rate
 * limiter (the worker's: exact inside the isolate, converging through the
 * counter store), and the batchers that carry counters, hits, log records,
 * behaviour events and anomaly deltas off the hot path (`waitUntil`).
 */
import type { AccessLogRecord } from "../../core/log/record.ts";
import type { CounterDelta } from "../../core/ratelimit/window.ts";
import type { ApiwardStorage, SnapshotSource } from "../../core/storage/types.ts";
import { WasmInstanceProvider } from "../../core/wasm/provider.ts";
import { RateLimiter } from "../../worker/datapath/rate-limiter.ts";
import { Batcher } from "../../worker/lib/batcher.ts";
import { Registry } from "../../worker/state/registry.ts";
import { IsolateAnomaly } from "./anomaly.ts";
import { IsolateBehaviour } from "./behaviour.ts";

export interface RuntimeSettings {
  /** Document cache TTL (ms, default 5000). */
  cacheTtlMs?: number;
  /** Batching delay of off-hot-path sends (ms, default 250). */
  flushLingerMs?: number;
  /** Behaviour mitigation refresh (ms, default 2000). */
  mitigationRefreshMs?: number;
  /** Anomaly delta send interval (ms, default 5000). */
  anomalyFlushMs?: number;
  /** Anomaly mitigation refresh (ms, default 2000). */
  anomalyRefreshMs?: number;
  /** Anomaly endpoint shards per app (default 1). */
  anomalyShards?: number;
}

export type WasmSource =
  | WebAssembly.Module
  | Promise<WebAssembly.Module>
  | (() => WebAssembly.Module | Promise<WebAssembly.Module>);

/**
 * The worker's Registry reads documents with `kv.get(key)` and nothing else;
 * this hands it a snapshot source in that shape (one cast, here only).
 */
export function asKv(source: SnapshotSource): KVNamespace {
  return { get: (key: string) => source.get(key) } as unknown as KVNamespace;
}

interface HitBatch {
  app: string;
  version: number;
  hits: Record<string, number>;
}

export class VercelRuntime {
  readonly registry: Registry;
  readonly config: KVNamespace;
  readonly snapshots: KVNamespace;
  readonly rateLimiter = new RateLimiter();
  readonly wasm: WasmInstanceProvider;
  readonly behaviour: IsolateBehaviour;
  readonly anomaly: IsolateAnomaly;
  readonly logs: Batcher<AccessLogRecord>;
  readonly counters: Batcher<{ shard: string; deltas: CounterDelta[] }>;
  readonly hits: Batcher<HitBatch>;
  readonly stats = { requests: 0, blocked: 0, failOpen: 0, failClosed: 0, errors: 0 };

  constructor(
    readonly storage: ApiwardStorage,
    wasm: WasmSource,
    readonly settings: RuntimeSettings = {},
  ) {
    const ttl = settings.cacheTtlMs ?? 5000;
    const linger = () => settings.flushLingerMs ?? 250;
    this.registry = new Registry(() => ttl);
    this.config = asKv(storage.config);
    this.snapshots = asKv(storage.snapshots);
    this.wasm = new WasmInstanceProvider(() => (typeof wasm === "function" ? wasm() : wasm));
    this.behaviour = new IsolateBehaviour({
      clients: storage.clients,
      mitigations: storage.mitigations,
      refreshMs: settings.mitigationRefreshMs ?? 2000,
      lingerMs: linger,
    });
    this.anomaly = new IsolateAnomaly({
      store: storage.aggregates,
      flushMs: settings.anomalyFlushMs ?? 5000,
      refreshMs: settings.anomalyRefreshMs ?? 2000,
      shards: Math.max(1, settings.anomalyShards ?? 1),
    });
    this.logs = new Batcher({
      send: (batch) => storage.logs.append(batch),
      maxBatch: 500,
      maxBuffered: 50_000,
      lingerMs: linger,
    });
    this.counters = new Batcher({
      send: async (batch) => {
        const failed: Array<{ shard: string; deltas: CounterDelta[] }> = [];
        let lastError: unknown = null;
        await Promise.all(
          batch.map(async (item) => {
            try {
              this.rateLimiter.applyGlobal(
                item.deltas,
                await storage.counters.add(item.shard, item.deltas, Date.now()),
              );
            } catch (e) {
              lastError = e;
              failed.push(item);
            }
          }),
        );
        if (failed.length === batch.length && lastError) throw lastError;
        return failed;
      },
      maxBatch: 64,
      maxBuffered: 1024,
      lingerMs: linger,
    });
    this.hits = new Batcher({
      send: async (batch) => {
        const merged = new Map<string, HitBatch>();
        for (const b of batch) {
          const k = `${b.app}:${b.version}`;
          const m = merged.get(k) ?? { app: b.app, version: b.version, hits: {} };
          for (const [r, n] of Object.entries(b.hits)) m.hits[r] = (m.hits[r] ?? 0) + n;
          merged.set(k, m);
        }
        for (const m of merged.values()) await storage.counters.addHits(m.app, m.version, m.hits);
      },
      maxBatch: 1000,
      maxBuffered: 10_000,
      lingerMs: linger,
    });
  }

  /** Schedules every flush that is due on this request's waitUntil. */
  flushAll(waitUntil: (p: Promise<unknown>) => void): void {
    if (this.rateLimiter.hasPending()) {
      for (const [shard, deltas] of this.rateLimiter.takePending((key) => key.split("|", 1)[0] ?? "_")) {
        this.counters.push({ shard, deltas });
      }
    }
    for (const b of [this.counters, this.hits, this.logs] as Batcher<unknown>[]) {
      const p = b.flush();
      if (p) waitUntil(p);
    }
    this.behaviour.flush(waitUntil);
    this.anomaly.flush(waitUntil);
  }

  /** Sends everything queued and waits (tests, shutdown). */
  async drain(): Promise<void> {
    await Promise.all([this.counters.drain(), this.hits.drain(), this.logs.drain(), this.behaviour.drain()]);
    await this.anomaly.drain();
  }
}
