/**
 * @module worker/datapath/behaviour
 * The isolate's side of behaviour profiling on Cloudflare: `BehaviourRuntime`,
 * one per isolate, the platform-free IsolateBehaviour
 * (core/edge/isolate-behaviour.ts) over the ClientState and Mitigations
 * Durable Objects. The hot path only reads an in-isolate cache and appends
 * to a queue; it never awaits a Durable Object.
 *
 *   const behaviour = new BehaviourRuntime();           // once per isolate
 *   const r = behaviour.mitigationFor(env, app.id, client, clientIp, now);   // now: epoch seconds
 *   behaviour.observe(event);                            // after the answer
 *   behaviour.flush(env, ctx);                           // batched sends in ctx.waitUntil
 *
 * Events go in batches, one ClientState call per shard per flush
 * (`clients:<app>:<hash(client) mod 64>`); the refresh interval is
 * APIWARD_MITIGATION_REFRESH_MS (default 2 s). Verified good bots
 * (published ranges, KV `bots:ranges` or the bundled snapshot) are
 * rate-shaped per policy.
 */

import type { BehaviourEvent } from "../../core/behaviour/types.ts";
import { BOTS_KV_KEY } from "../../core/bots/ranges.ts";
import { IsolateBotRanges } from "../../core/edge/bot-ranges.ts";
import { IsolateBehaviour } from "../../core/edge/isolate-behaviour.ts";
import { SubrequestBudget } from "../../core/edge/subrequest-budget.ts";
import type { Reason } from "../../core/types.ts";
import { cloudflareStorage } from "../storage/cloudflare.ts";

export type { BehaviourEvent } from "../../core/behaviour/types.ts";
export { BEHAVIOUR_SHARDS, compactEvent, shardOf } from "../../core/edge/isolate-behaviour.ts";

export { clientShardName, mitigationsName } from "../storage/cloudflare.ts";

export interface BehaviourRuntimeOptions {
  /** Mitigation cache lifetime (ms, default APIWARD_MITIGATION_REFRESH_MS or 2000). */
  refreshMs?: number;
  shards?: number;
  /** Batching delay of event sends (ms, default 250). */
  lingerMs?: () => number;
  /** Wall clock in ms (tests). */
  nowMs?: () => number;
  /** Good-bot ranges shared with the anomaly runtime; default: this runtime's own, reloaded from KV. */
  bots?: IsolateBotRanges;
  /** The env the off-hot-path sends use (the Runtime's current one); default: the last one passed in. */
  env?: () => Env | null;
}

/** Reads the bots document from the SNAPSHOTS namespace of the env in use. */
export function kvBotRanges(env: () => Env | null): IsolateBotRanges {
  return new IsolateBotRanges(async () => env()?.SNAPSHOTS.get(BOTS_KV_KEY, "json") ?? null);
}

function current(env: Env | null): Env {
  if (!env) throw new Error("no env yet");
  return env;
}

export class BehaviourRuntime {
  private lastEnv: Env | null = null;
  private readonly env: () => Env | null;
  /** The platform-free isolate state (the datapath calls it directly). */
  readonly core: IsolateBehaviour;

  constructor(opts: BehaviourRuntimeOptions = {}) {
    this.env = opts.env ?? (() => this.lastEnv);
    // The Cloudflare storage of the env in use (the same calls the storage contract suite checks).
    const storage = () => cloudflareStorage(current(this.env()));
    this.core = new IsolateBehaviour({
      clients: {
        observe: (app, shard, events) => storage().clients.observe(app, shard, events),
      },
      mitigations: {
        list: (app, now) => storage().mitigations.list(app, now),
        record: (app, detections) => storage().mitigations.record(app, detections),
        lift: (app, id) => storage().mitigations.lift(app, id),
      },
      refreshMs: () => {
        if (opts.refreshMs !== undefined) return opts.refreshMs;
        const v = Number(this.env()?.APIWARD_MITIGATION_REFRESH_MS);
        return Number.isFinite(v) && v >= 0 ? v : 2000;
      },
      lingerMs: opts.lingerMs ?? (() => 250),
      ...(opts.shards !== undefined ? { shards: opts.shards } : {}),
      ...(opts.nowMs ? { nowMs: opts.nowMs } : {}),
      bots: opts.bots ?? kvBotRanges(this.env),
    });
  }

  get events(): IsolateBehaviour["events"] {
    return this.core.events;
  }

  get stats(): IsolateBehaviour["stats"] {
    return this.core.stats;
  }

  /** The mitigation for this request from the isolate's cache (never awaits), or null. `now`: epoch seconds. */
  mitigationFor(env: Env, app: string, client: string, ip: string, now: number): Reason | null {
    this.lastEnv = env;
    return this.core.mitigationFor(app, client, ip, now);
  }

  /** Seconds until the client's mitigation ends (for Retry-After), or null. */
  retryAfter(app: string, client: string, now: number): number | null {
    return this.core.retryAfter(app, client, now);
  }

  /** Queues one event (after the response). Never throws. */
  observe(ev: BehaviourEvent): void {
    this.core.observe(ev);
  }

  /**
   * Schedules the batched event send and any due mitigation refresh in
   * `ctx.waitUntil`, within the request's subrequest budget
   * (APIWARD_SUBREQUEST_LIMIT). Never throws.
   */
  flush(env: Env, ctx: ExecutionContext): void {
    this.lastEnv = env;
    this.core.flush((p) => ctx.waitUntil(p), undefined, SubrequestBudget.forRequest(env.APIWARD_SUBREQUEST_LIMIT));
  }

  /** Waits for queued events to be sent (tests, shutdown). */
  drain(): Promise<void> {
    return this.core.drain();
  }
}
