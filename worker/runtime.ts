/**
 * @module worker/runtime
 * Everything one isolate keeps between requests: the KV caches, the Wasm
 * instance, the rate limiter and the batchers that carry counters and
 * records off the hot path. One Runtime per handler instance (tests build
 * their own with injected faults).
 */
import type { Observation } from "../core/discovery/types.ts";
import { Batcher } from "../core/edge/batcher.ts";
import { counterBatcher, type HitBatch, hitsBatcher, type ShardDeltas } from "../core/edge/counter-batchers.ts";
import { ANOMALY_QUIET_MS } from "../core/edge/isolate-anomaly.ts";
import { groupBy, sendGroups } from "../core/edge/send-groups.ts";
import { SubrequestBudget } from "../core/edge/subrequest-budget.ts";
import { IdentityKeyCache } from "../core/identity/hash.ts";
import type { AccessLogRecord } from "../core/log/record.ts";
import type { PipelineHost, WaitUntil } from "../core/pipeline/request-pipeline.ts";
import type { WasmHost } from "../core/wasm/host.ts";
import { WasmInstanceProvider } from "../core/wasm/provider.ts";
import { AnomalyRuntime } from "./datapath/anomaly.ts";
import { BehaviourRuntime, kvBotRanges } from "./datapath/behaviour.ts";
import { RateLimiter } from "./datapath/rate-limiter.ts";
import { objectStub } from "./lib/object-stub.ts";
import { Registry } from "./state/registry.ts";
import { cloudflareStorage } from "./storage/cloudflare.ts";

export interface RuntimeOptions {
  /** The compiled Wasm scorer; a module that fails to instantiate exercises the fail mode. */
  wasmModule: WebAssembly.Module;
  /** Sends access-log batches to the log store. */
  /**
   * Stores a batch of access records, one call per shard taken from `budget`;
   * resolves with a `SendResult` (failed and deferred records) or nothing.
   */
  sendLogs: (env: Env, batch: AccessLogRecord[], budget: SubrequestBudget) => Promise<unknown>;
}

export class Runtime {
  readonly registry: Registry;
  readonly rateLimiter = new RateLimiter();
  /** Behaviour profiling: cached mitigations on the hot path, events batched to ClientState DOs. */
  readonly behaviour: BehaviourRuntime;
  /** Distributed anomaly detection: window aggregates flushed to Aggregates DOs, cached mitigations. */
  readonly anomaly: AnomalyRuntime;
  /** What the shared request pipeline (core/pipeline/request-pipeline.ts) uses of this isolate. */
  readonly pipeline: PipelineHost;
  readonly startedAt = Date.now();
  private readonly wasm: WasmInstanceProvider;
  /** Env of the request being served: batch senders use the current one. */
  env!: Env;
  readonly logs: Batcher<AccessLogRecord>;
  readonly counters: Batcher<ShardDeltas>;
  readonly hits: Batcher<HitBatch>;
  /** Request/response samples for the learning core of each app. */
  readonly samples: Batcher<{ app: string; obs: Observation }>;
  readonly stats = { requests: 0, blocked: 0, failOpen: 0, failClosed: 0, errors: 0, clientAborts: 0 };
  /** The HMAC key of API-key and cookie identities (APIWARD_IDENTITY_KEY), imported once per value. */
  private readonly identityKeys = new IdentityKeyCache();

  constructor(readonly opts: RuntimeOptions) {
    this.registry = new Registry(() => this.cacheTtlMs());
    this.wasm = new WasmInstanceProvider(() => opts.wasmModule);
    const env = () => this.env ?? null;
    // One set of good-bot ranges for behaviour and anomaly, reloaded from KV.
    const bots = kvBotRanges(env);
    this.behaviour = new BehaviourRuntime({ lingerMs: this.slowLinger, bots, env });
    this.anomaly = new AnomalyRuntime({ bots, env });
    this.logs = new Batcher({
      send: (batch, budget) => opts.sendLogs(this.env, batch, budget),
      maxBatch: 500,
      maxBuffered: 50_000,
      lingerMs: this.linger,
    });
    // Off the hot path only: the counter objects of the current env.
    const counters = () => cloudflareStorage(this.env).counters;
    this.counters = counterBatcher(counters, (sent, states) => this.rateLimiter.applyGlobal(sent, states), this.linger);
    this.hits = hitsBatcher(counters, this.slowLinger);
    this.samples = new Batcher({
      // One learning-core call per app.
      send: (batch, budget) =>
        sendGroups(groupBy(batch, (s) => s.app).values(), budget, async (group) => {
          const app = (group[0] as { app: string }).app;
          await objectStub(this.env.LEARNING, app).ingest(
            app,
            group.map((s) => s.obs),
          );
        }),
      maxBatch: 2000,
      // Learning tolerates loss better than logs: a smaller buffer, drops counted.
      maxBuffered: 10_000,
      lingerMs: this.slowLinger,
    });
    this.pipeline = {
      resolveApp: (host, defaultApp, wait) => this.registry.resolveApp(this.env.CONFIG, host, defaultApp, wait),
      appPolicies: (appId, wait) => this.registry.appPolicies(this.env.CONFIG, appId, wait),
      inventory: (appId, wait) => this.registry.inventory(this.env.SNAPSHOTS, appId, wait),
      wasm: this,
      identityKey: () => this.identityKeys.get(this.env?.APIWARD_IDENTITY_KEY),
      rateLimiter: this.rateLimiter,
      hits: this.hits,
      logs: this.logs,
      behaviour: this.behaviour.core,
      anomaly: this.anomaly.core,
      stats: this.stats,
      flushAll: (wait) => this.flushAll(wait),
    };
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

  /**
   * Schedules every flush that is due on this request's waitUntil
   * (`ctx.waitUntil`, bound). Everything they send counts against this
   * request's subrequests (APIWARD_SUBREQUEST_LIMIT, default Workers Free's
   * 50, less a reserve for the request's own fetch and KV reads): what does
   * not fit waits for a later request's flush. Calls due at once (refreshes,
   * anomaly deltas) take their share first, then logs and counters (250 ms
   * linger), then the rest (1 s).
   */
  flushAll(wait: WaitUntil): void {
    if (this.rateLimiter.hasPending()) {
      for (const [shard, deltas] of this.rateLimiter.takePending((key) => key.split("|", 1)[0] ?? "_")) {
        this.counters.push({ shard, deltas });
      }
    }
    const budget = SubrequestBudget.forRequest(this.env?.APIWARD_SUBREQUEST_LIMIT);
    const logs = this.logs.flush(budget);
    // When the log send this request carries ends and no request came meanwhile, the anomaly deltas
    // of the interval so far go too (see IsolateAnomaly.flushIfQuiet), in the same waitUntil.
    if (logs) wait(logs.then(() => this.anomaly.core.flushIfQuiet(ANOMALY_QUIET_MS, undefined, budget)));
    for (const b of [this.counters, this.hits, this.samples] as Batcher<unknown>[]) {
      const p = b.flush(budget);
      if (p) wait(p);
    }
    this.behaviour.core.flush(wait, undefined, budget);
    this.anomaly.core.flush(wait, undefined, budget);
  }
}
