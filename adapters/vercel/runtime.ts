/**
 * @module adapters/vercel/runtime
 * Everything one Vercel Edge isolate keeps between requests, over the
 * storage interface: the document caches (the worker's Registry: short TTL,
 * stale-while-revalidate, last good kept), the Wasm instance, the rate
 * limiter (the worker's: exact inside the isolate, converging through the
 * counter store), and the batchers that carry counters, hits, log records,
 * behaviour events and anomaly deltas off the hot path (`waitUntil`).
 */

import { Batcher } from "../../core/edge/batcher.ts";
import { counterBatcher, type HitBatch, hitsBatcher, type ShardDeltas } from "../../core/edge/counter-batchers.ts";
import { ANOMALY_QUIET_MS, IsolateAnomaly } from "../../core/edge/isolate-anomaly.ts";
import { IsolateBehaviour } from "../../core/edge/isolate-behaviour.ts";
import { IdentityKeyCache } from "../../core/identity/hash.ts";
import type { AccessLogRecord } from "../../core/log/record.ts";
import type { PipelineHost, WaitUntil } from "../../core/pipeline/request-pipeline.ts";
import type { ApiwardStorage, SnapshotSource } from "../../core/storage/types.ts";
import { WasmInstanceProvider } from "../../core/wasm/provider.ts";
import { RateLimiter } from "../../worker/datapath/rate-limiter.ts";
import { Registry } from "../../worker/state/registry.ts";

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
  /** Secret of the HMAC over API-key and cookie identities (default `APIWARD_IDENTITY_KEY`; none: SHA-256). */
  identityKey?: string;
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

export class VercelRuntime implements PipelineHost {
  readonly registry: Registry;
  readonly config: KVNamespace;
  readonly snapshots: KVNamespace;
  readonly rateLimiter = new RateLimiter();
  readonly wasm: WasmInstanceProvider;
  readonly behaviour: IsolateBehaviour;
  readonly anomaly: IsolateAnomaly;
  readonly logs: Batcher<AccessLogRecord>;
  readonly counters: Batcher<ShardDeltas>;
  readonly hits: Batcher<HitBatch>;
  readonly stats = { requests: 0, blocked: 0, failOpen: 0, failClosed: 0, errors: 0, clientAborts: 0 };
  private readonly identityKeys = new IdentityKeyCache();

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
    const mitigationRefreshMs = settings.mitigationRefreshMs ?? 2000;
    const anomalyFlushMs = settings.anomalyFlushMs ?? 5000;
    const anomalyRefreshMs = settings.anomalyRefreshMs ?? 2000;
    const anomalyShards = Math.max(1, settings.anomalyShards ?? 1);
    this.behaviour = new IsolateBehaviour({
      clients: storage.clients,
      mitigations: storage.mitigations,
      refreshMs: () => mitigationRefreshMs,
      lingerMs: linger,
    });
    this.anomaly = new IsolateAnomaly({
      store: storage.aggregates,
      flushMs: () => anomalyFlushMs,
      refreshMs: () => anomalyRefreshMs,
      shards: () => anomalyShards,
    });
    this.logs = new Batcher({
      send: (batch) => storage.logs.append(batch),
      maxBatch: 500,
      maxBuffered: 50_000,
      lingerMs: linger,
    });
    this.counters = counterBatcher(
      () => storage.counters,
      (sent, states) => this.rateLimiter.applyGlobal(sent, states),
      linger,
    );
    this.hits = hitsBatcher(() => storage.counters, linger);
  }

  resolveApp(host: string, defaultApp: string | undefined, wait: WaitUntil) {
    return this.registry.resolveApp(this.config, host, defaultApp, wait);
  }

  appPolicies(appId: string, wait: WaitUntil) {
    return this.registry.appPolicies(this.config, appId, wait);
  }

  identityKey(): Promise<CryptoKey | null> {
    return this.identityKeys.get(this.settings.identityKey);
  }

  inventory(appId: string, wait: WaitUntil) {
    return this.registry.inventory(this.snapshots, appId, wait);
  }

  /** Schedules every flush that is due on this request's waitUntil. */
  flushAll(waitUntil: WaitUntil): void {
    if (this.rateLimiter.hasPending()) {
      for (const [shard, deltas] of this.rateLimiter.takePending((key) => key.split("|", 1)[0] ?? "_")) {
        this.counters.push({ shard, deltas });
      }
    }
    for (const b of [this.counters, this.hits] as Batcher<unknown>[]) {
      const p = b.flush();
      if (p) waitUntil(p);
    }
    // When the log send ends and no request came meanwhile, the anomaly deltas so far go too.
    const logs = this.logs.flush();
    if (logs) waitUntil(logs.then(() => this.anomaly.flushIfQuiet(ANOMALY_QUIET_MS)));
    this.behaviour.flush(waitUntil);
    this.anomaly.flush(waitUntil);
  }

  /** Sends everything queued and waits (tests, shutdown). */
  async drain(): Promise<void> {
    await Promise.all([this.counters.drain(), this.hits.drain(), this.logs.drain(), this.behaviour.drain()]);
    await this.anomaly.drain();
  }
}
