/**
 * @module adapters/vercel/behaviour
 * The isolate's side of behaviour profiling over the storage interface: the
 * hot path reads an in-isolate cache of the app's mitigations and appends
 * the request to a queue; it never awaits storage. The same rules as the
 * worker's BehaviourRuntime (worker/datapath/behaviour.ts): the strongest
 * active mitigation on the client key or the address applies, rate-limit
 * mitigations allow `limit_10s` requests per 10 s, verified good bots are
 * rate-shaped, events leave the isolate compacted (`compactEvent`), one
 * `clients.observe` call per (app, shard) per flush, whose answer is applied
 * at once; every other isolate picks new mitigations up within the refresh
 * interval (default 2 s). A refresh that fails keeps the last good list.
 */
import { Lru } from "../../core/behaviour/lru.ts";
import type { Mitigation } from "../../core/behaviour/mitigations.ts";
import { ACTION_RANK, DEFAULT_ACTIONS } from "../../core/behaviour/policy.ts";
import type { BehaviourEvent } from "../../core/behaviour/types.ts";
import bundledRanges from "../../core/bots/published-ranges.json";
import { parseBotRanges } from "../../core/bots/ranges.ts";
import { BotVerifier } from "../../core/bots/verify.ts";
import type { ClientStateStore, MitigationStore } from "../../core/storage/types.ts";
import type { Reason } from "../../core/types.ts";
import { BEHAVIOUR_SHARDS, compactEvent, shardOf } from "../../worker/datapath/behaviour.ts";
import { Batcher } from "../../worker/lib/batcher.ts";

const MAX_CLIENTS_CACHED = 50_000;

interface AppCache {
  at: number;
  byTarget: Map<string, Mitigation[]>;
  refreshing: boolean;
}

interface Queued {
  app: string;
  shard: number;
  event: BehaviourEvent;
}

export interface IsolateBehaviourOptions {
  clients: ClientStateStore;
  mitigations: MitigationStore;
  refreshMs: number;
  lingerMs: () => number;
  shards?: number;
}

export class IsolateBehaviour {
  private readonly caches = new Map<string, AppCache>();
  private readonly windows = new Lru<string, [start: number, count: number]>(MAX_CLIENTS_CACHED);
  private readonly goodBots = new Lru<string, string>(MAX_CLIENTS_CACHED);
  private readonly bots = new BotVerifier(parseBotRanges(bundledRanges));
  private readonly shards: number;
  readonly events: Batcher<Queued>;
  readonly stats = { observed: 0, detections: 0, refreshes: 0, refreshErrors: 0, lastError: null as string | null };

  constructor(private readonly opts: IsolateBehaviourOptions) {
    this.shards = Math.max(1, opts.shards ?? BEHAVIOUR_SHARDS);
    this.events = new Batcher<Queued>({
      send: (batch) => this.send(batch),
      maxBatch: 2000,
      maxBuffered: 20_000,
      lingerMs: opts.lingerMs,
    });
  }

  private cache(app: string): AppCache {
    let c = this.caches.get(app);
    if (!c) {
      c = { at: 0, byTarget: new Map(), refreshing: false };
      this.caches.set(app, c);
    }
    return c;
  }

  private apply(app: string, list: Mitigation[], replace: boolean): void {
    const c = this.cache(app);
    if (replace) c.byTarget.clear();
    for (const m of list) {
      const cur = (c.byTarget.get(m.target) ?? []).filter((x) => x.id !== m.id);
      cur.push(m);
      c.byTarget.set(m.target, cur);
    }
  }

  private strongest(app: string, target: string, now: number): Mitigation | null {
    let best: Mitigation | null = null;
    for (const m of this.caches.get(app)?.byTarget.get(target) ?? [])
      if (m.until > now && (!best || ACTION_RANK[m.action] > ACTION_RANK[best.action])) best = m;
    return best;
  }

  private overLimit(key: string, now: number, limit: number): boolean {
    const w = this.windows.get(key);
    if (!w || now - w[0] >= 10) {
      this.windows.set(key, [now, 1]);
      return 1 > limit;
    }
    w[1]++;
    return w[1] > limit;
  }

  /** The mitigation for this request from the isolate's cache (never awaits), or null. `now`: epoch seconds. */
  mitigationFor(app: string, client: string, ip: string, now: number): Reason | null {
    this.cache(app);
    const m = this.strongest(app, client, now) ?? (ip !== client ? this.strongest(app, ip, now) : null);
    if (m) {
      if (m.action === "rate_limit" && !this.overLimit(`${app}\n${client}\n${m.kind}`, now, m.limit_10s ?? 5))
        return null;
      const reason: Reason = {
        source: "mitigation",
        id: `behaviour:${m.kind}`,
        action: m.action,
        detail: `${m.kind} mitigation until ${new Date(m.until * 1000).toISOString()}`,
      };
      const top = m.reasons[0];
      if (top) reason.location = `feature:${top.feature}`;
      return reason;
    }
    const bot = this.goodBots.peek(`${app}\n${client}`);
    if (bot !== undefined) {
      const limit = DEFAULT_ACTIONS.good_bot.limit_10s ?? 20;
      if (this.overLimit(`${app}\n${client}\ngood_bot`, now, limit))
        return {
          source: "mitigation",
          id: "behaviour:good_bot",
          action: "rate_limit",
          detail: `verified ${bot}: over ${limit} requests per 10 s`,
        };
    }
    return null;
  }

  retryAfter(app: string, client: string, now: number): number | null {
    const m = this.strongest(app, client, now);
    if (!m) return null;
    return m.action === "rate_limit" ? 10 : Math.max(1, Math.ceil(m.until - now));
  }

  /** Queues one event (after the answer). Never throws. */
  observe(ev: BehaviourEvent): void {
    try {
      this.stats.observed++;
      if (ev.userAgent) {
        const b = this.bots.check(ev.ip, ev.userAgent);
        if (b.status === "verified") this.goodBots.set(`${ev.app}\n${ev.client}`, b.bot);
      }
      this.events.push({ app: ev.app, shard: shardOf(ev.client, this.shards), event: compactEvent(ev) });
    } catch (e) {
      this.stats.lastError = (e as Error).message;
    }
  }

  /** Schedules the event send and any due mitigation refresh. Never throws. */
  flush(waitUntil: (p: Promise<unknown>) => void, nowMs: number = Date.now()): void {
    try {
      const p = this.events.flush();
      if (p) waitUntil(p);
      for (const [app, c] of this.caches) {
        if (c.refreshing || nowMs - c.at < this.opts.refreshMs) continue;
        c.refreshing = true;
        waitUntil(this.refresh(app, c));
      }
    } catch (e) {
      this.stats.lastError = (e as Error).message;
    }
  }

  /** Re-reads an app's mitigations now (tests; flush does it on its interval). */
  async refresh(app: string, c: AppCache = this.cache(app)): Promise<void> {
    try {
      this.apply(app, await this.opts.mitigations.list(app, Date.now() / 1000), true);
      this.stats.refreshes++;
    } catch (e) {
      this.stats.refreshErrors++;
      this.stats.lastError = (e as Error).message;
    } finally {
      c.at = Date.now();
      c.refreshing = false;
    }
  }

  drain(): Promise<void> {
    return this.events.drain();
  }

  private async send(batch: Queued[]): Promise<Queued[]> {
    const groups = new Map<string, Queued[]>();
    for (const q of batch) {
      const k = `${q.app}\n${q.shard}`;
      const g = groups.get(k);
      if (g) g.push(q);
      else groups.set(k, [q]);
    }
    const failed: Queued[] = [];
    let lastError: unknown = null;
    await Promise.all(
      [...groups.values()].map(async (g) => {
        const { app, shard } = g[0] as Queued;
        try {
          const r = await this.opts.clients.observe(
            app,
            shard,
            g.map((q) => q.event),
          );
          this.stats.detections += r.detections.length;
          if (r.mitigations.length) this.apply(app, r.mitigations, false);
        } catch (e) {
          lastError = e;
          failed.push(...g);
        }
      }),
    );
    if (failed.length === batch.length && lastError) throw lastError;
    return failed;
  }
}
