/**
 * @module worker/runtime
 * Everything one isolate keeps between requests: the KV caches, the Wasm
 * instance, the rate limiter and the batchers that carry counters and
 * records off the hot path. One Runtime per handler instance (tests build
 * their own with injected faults).
 */
import type { Observation } from "../core/discovery/types.ts";
import type { AccessLogRecord } from "../core/log/record.ts";
import type { CounterDelta } from "../core/ratelimit/window.ts";
import type { WasmHost } from "../core/wasm/host.ts";
import { WasmInstanceProvider } from "../core/wasm/provider.ts";
import { AnomalyRuntime } from "./datapath/anomaly.ts";
import { BehaviourRuntime } from "./datapath/behaviour.ts";
import { RateLimiter } from "./datapath/rate-limiter.ts";
import { Batcher } from "./lib/batcher.ts";
import { Registry } from "./state/registry.ts";

export interface RuntimeOptions {
  /** The compiled Wasm scorer; a module that fails to instantiate exercises the fail mode. */
  wasmModule: WebAssembly.Module;
  /** Sends access-log batches to the log store. */
  sendLogs: (env: Env, batch: AccessLogRecord[]) => Promise<void>;
}

export interface HitBatch {
  app: string;
  version: number;
  hits: Record<string, number>;
}

export class Runtime {
  readonly registry: Registry;
  readonly rateLimiter = new RateLimiter();
  /** Behaviour profiling: cached mitigations on the hot path, events batched to ClientState DOs. */
  readonly behaviour: BehaviourRuntime;
  /** Distributed anomaly detection: window aggregates flushed to Aggregates DOs, cached mitigations. */
  readonly anomaly = new AnomalyRuntime();
  readonly startedAt = Date.now();
  private readonly wasm: WasmInstanceProvider;
  /** Env of the request being served: batch senders use the current one. */
  env!: Env;
  readonly logs: Batcher<AccessLogRecord>;
  readonly counters: Batcher<{ shard: string; deltas: CounterDelta[] }>;
  readonly hits: Batcher<HitBatch>;
  /** Request/response samples for the learning core of each app. */
  readonly samples: Batcher<{ app: string; obs: Observation }>;
  readonly stats = { requests: 0, blocked: 0, failOpen: 0, failClosed: 0, errors: 0 };

  constructor(readonly opts: RuntimeOptions) {
    this.registry = new Registry(() => this.cacheTtlMs());
    this.wasm = new WasmInstanceProvider(() => opts.wasmModule);
    this.behaviour = new BehaviourRuntime({ lingerMs: this.slowLinger });
    this.logs = new Batcher({
      send: (batch) => opts.sendLogs(this.env, batch),
      maxBatch: 500,
      maxBuffered: 50_000,
      lingerMs: this.linger,
    });
    this.counters = new Batcher({
      send: async (batch) => {
        // One call per shard (the deltas of every request in the batch summed per
        // key); the answers refresh the isolate's global view. Shards that fail
        // are handed back to be retried, the others are done.
        const failed: Array<{ shard: string; deltas: CounterDelta[] }> = [];
        let lastError: unknown = null;
        await Promise.all(
          mergeByShard(batch).map(async (item) => {
            try {
              const stub = this.env.COUNTERS.get(this.env.COUNTERS.idFromName(item.shard));
              this.rateLimiter.applyGlobal(item.deltas, await stub.add(item.deltas));
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
      lingerMs: this.linger,
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
        for (const m of merged.values()) {
          const stub = this.env.COUNTERS.get(this.env.COUNTERS.idFromName(`hits:${m.app}`));
          await stub.addHits(m.version, m.hits);
        }
      },
      maxBatch: 1000,
      maxBuffered: 10_000,
      lingerMs: this.slowLinger,
    });
    this.samples = new Batcher({
      send: async (batch) => {
        const byApp = new Map<string, Observation[]>();
        for (const { app, obs } of batch) {
          const list = byApp.get(app);
          if (list) list.push(obs);
          else byApp.set(app, [obs]);
        }
        for (const [app, list] of byApp) {
          await this.env.LEARNING.get(this.env.LEARNING.idFromName(app)).ingest(app, list);
        }
      },
      maxBatch: 2000,
      // Learning tolerates loss better than logs: a smaller buffer, drops counted.
      maxBuffered: 10_000,
      lingerMs: this.slowLinger,
    });
  }

  /** Batching delay of off-hot-path sends (APIWARD_FLUSH_LINGER_MS, default 250). */
  private readonly linger = (): number => {
    const v = Number(this.env?.APIWARD_FLUSH_LINGER_MS);
    return Number.isFinite(v) && v >= 0 ? v : 250;
  };

  /**
   * Batching delay of sends nobody waits for (behaviour events, rule hits,
   * learning samples): four times the flush linger (1 s by default). Fewer,
   * larger batches: a Durable Object call costs about as much as the
   * hundreds of events it carries.
   */
  private readonly slowLinger = (): number => this.linger() * 4;

  cacheTtlMs(): number {
    const v = Number(this.env?.APIWARD_CACHE_TTL_MS);
    return Number.isFinite(v) && v >= 0 ? v : 5000;
  }

  /** The Wasm host, instantiated once; null (with `wasmFailure`) when the module is unusable (retried every 30 s). */
  wasmHost(): WasmHost | null {
    return this.wasm.wasmHost();
  }

  get wasmFailure(): string | null {
    return this.wasm.wasmFailure;
  }

  /** Drops the Wasm instance after a trap, so the next request gets a fresh one. */
  resetWasm(error: string): void {
    this.wasm.resetWasm(error);
  }

  get lastWasmTrap(): string | null {
    return this.wasm.lastWasmTrap;
  }

  /** Schedules every flush that is due on this request's waitUntil. */
  flushAll(ctx: ExecutionContext): void {
    if (this.rateLimiter.hasPending()) {
      for (const [shard, deltas] of this.rateLimiter.takePending((key) => key.split("|", 1)[0] ?? "_")) {
        this.counters.push({ shard, deltas });
      }
    }
    for (const b of [this.counters, this.hits, this.logs, this.samples] as Batcher<unknown>[]) {
      const p = b.flush();
      if (p) ctx.waitUntil(p);
    }
  }
}

/** Sums the deltas of a batch per shard and key: one Durable Object call per shard. */
export function mergeByShard(
  batch: Array<{ shard: string; deltas: CounterDelta[] }>,
): Array<{ shard: string; deltas: CounterDelta[] }> {
  const shards = new Map<string, Map<string, CounterDelta>>();
  for (const item of batch) {
    let keys = shards.get(item.shard);
    if (!keys) {
      keys = new Map();
      shards.set(item.shard, keys);
    }
    for (const d of item.deltas) {
      const k = `${d.windowS}|${d.key}`;
      const cur = keys.get(k);
      if (cur) cur.delta += d.delta;
      else keys.set(k, { key: d.key, windowS: d.windowS, delta: d.delta });
    }
  }
  return [...shards].map(([shard, keys]) => ({ shard, deltas: [...keys.values()] }));
}
