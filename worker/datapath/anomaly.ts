/**
 * @module worker/datapath/anomaly
 * The isolate's side of distributed anomaly detection on Cloudflare (issue
 * 8): `AnomalyRuntime`, one per isolate, the platform-free IsolateAnomaly
 * (core/edge/isolate-anomaly.ts) over the Aggregates Durable Objects. The
 * hot path only folds the request into in-isolate aggregates and reads an
 * in-isolate cache of published mitigations; it never awaits a Durable
 * Object.
 *
 *   const anomaly = new AnomalyRuntime();                    // once per isolate
 *   const r = anomaly.mitigationFor(env, app.id, endpoint, client, clientIp, now, userAgent);
 *   anomaly.observe(event);     // after the answer (apiward's own with blockedByApiward: true)
 *   anomaly.flush(env, ctx);    // schedules the batched delta send and the mitigation refresh
 *
 * Settings from the env: APIWARD_ANOMALY_FLUSH_MS (delta send interval,
 * default 5 s), APIWARD_ANOMALY_REFRESH_MS (mitigation refresh, default
 * 2 s), APIWARD_ANOMALY_SHARDS (endpoint shards per app, default 1).
 */

import type { AnomalyEvent } from "../../core/anomaly/types.ts";
import type { IsolateBotRanges } from "../../core/edge/bot-ranges.ts";
import { IsolateAnomaly } from "../../core/edge/isolate-anomaly.ts";
import { SubrequestBudget } from "../../core/edge/subrequest-budget.ts";
import type { Reason } from "../../core/types.ts";
import { cloudflareStorage } from "../storage/cloudflare.ts";
import { kvBotRanges } from "./behaviour.ts";

export type { AnomalyEvent } from "../../core/anomaly/types.ts";
export { splitDelta } from "../../core/edge/split-delta.ts";

export interface AnomalyRuntimeOptions {
  /** Delta send interval (ms; default APIWARD_ANOMALY_FLUSH_MS or 5000). */
  flushMs?: number;
  /** Mitigation refresh interval (ms; default APIWARD_ANOMALY_REFRESH_MS or 2000). */
  refreshMs?: number;
  /** Endpoint shards per app (default APIWARD_ANOMALY_SHARDS or 1). */
  shards?: number;
  /** Wall clock in ms (tests). */
  nowMs?: () => number;
  /** Good-bot ranges shared with the behaviour runtime; default: this runtime's own, reloaded from KV. */
  bots?: IsolateBotRanges;
  /** The env the off-hot-path sends use (the Runtime's current one); default: the last one passed in. */
  env?: () => Env | null;
}

function setting(v: number | undefined, envValue: string | undefined, dflt: number): number {
  if (v !== undefined) return v;
  const n = Number(envValue);
  return envValue !== undefined && Number.isFinite(n) && n >= 0 ? n : dflt;
}

function current(env: Env | null): Env {
  if (!env) throw new Error("no env yet");
  return env;
}

export class AnomalyRuntime {
  private lastEnv: Env | null = null;
  private readonly env: () => Env | null;
  /** The platform-free isolate state (the datapath calls it directly). */
  readonly core: IsolateAnomaly;

  constructor(opts: AnomalyRuntimeOptions = {}) {
    this.env = opts.env ?? (() => this.lastEnv);
    // Off the hot path only (sends and refreshes every few seconds): the Aggregates objects of the current env.
    const aggregates = () => cloudflareStorage(current(this.env())).aggregates;
    this.core = new IsolateAnomaly({
      store: {
        ingest: (app, shard, shards, deltas) => aggregates().ingest(app, shard, shards, deltas),
        mitigations: (app, shard, shards, known) => aggregates().mitigations(app, shard, shards, known),
        tick: (app, shard, shards, nowS) => aggregates().tick(app, shard, shards, nowS),
      },
      flushMs: () => setting(opts.flushMs, this.env()?.APIWARD_ANOMALY_FLUSH_MS, 5000),
      refreshMs: () => setting(opts.refreshMs, this.env()?.APIWARD_ANOMALY_REFRESH_MS, 2000),
      shards: () => Math.max(1, Math.floor(setting(opts.shards, this.env()?.APIWARD_ANOMALY_SHARDS, 1))),
      ...(opts.nowMs ? { nowMs: opts.nowMs } : {}),
      bots: opts.bots ?? kvBotRanges(this.env),
    });
  }

  get deltas(): IsolateAnomaly["deltas"] {
    return this.core.deltas;
  }

  get stats(): IsolateAnomaly["stats"] {
    return this.core.stats;
  }

  /** The anomaly mitigation for this request from the isolate's cache (never awaits), or null. */
  mitigationFor(
    env: Env,
    app: string,
    endpoint: string | undefined,
    client: string,
    ip: string,
    now: number,
    userAgent?: string,
    hasInventory = true,
  ): Reason | null {
    this.lastEnv = env;
    return this.core.mitigationFor(app, endpoint, client, ip, now, userAgent, hasInventory);
  }

  /** Folds one request into the isolate's aggregates (after the response). Never throws. */
  observe(e: AnomalyEvent): void {
    this.core.observe(e);
  }

  /**
   * Schedules the due delta send and mitigation refreshes in `ctx.waitUntil`,
   * within the request's subrequest budget (APIWARD_SUBREQUEST_LIMIT). Never throws.
   */
  flush(env: Env, ctx: ExecutionContext): void {
    this.lastEnv = env;
    this.core.flush((p) => ctx.waitUntil(p), undefined, SubrequestBudget.forRequest(env.APIWARD_SUBREQUEST_LIMIT));
  }

  /** Sends everything gathered now and waits for it (tests, shutdown). */
  drain(env: Env): Promise<void> {
    this.lastEnv = env;
    return this.core.drain();
  }

  /** Re-reads an app's published mitigations now (tests; flush does it on its interval). */
  refresh(env: Env, app: string): Promise<void> {
    this.lastEnv = env;
    return this.core.refresh(app);
  }
}
