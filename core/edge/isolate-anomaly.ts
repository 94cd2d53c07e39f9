/**
 * @module core/edge/isolate-anomaly
 * The isolate's side of distributed anomaly detection, platform-free (the
 * worker's AnomalyRuntime and the Vercel adapter both run this one). The hot
 * path folds the request into in-isolate aggregates and reads a cached
 * index of published mitigations; it never awaits storage.
 *
 * Off the hot path: every `flushMs` (or after 20,000 events) the
 * aggregates become one delta per app (split by endpoint shard), sent
 * through a batcher (retries with backoff, bounded buffer, drops counted);
 * mitigations are re-read every `refreshMs` with a version check (an
 * unchanged list costs a few bytes); a failed refresh keeps the last good
 * list. So a mitigation decided from traffic on any isolate is enforced on
 * every isolate within one refresh interval of the decision.
 */
import { IsolateAggregator } from "../anomaly/aggregator.ts";
import type { AnomalyDelta } from "../anomaly/delta.ts";
import { MitigationIndex } from "../anomaly/enforce.ts";
import { authTest } from "../anomaly/events.ts";
import { type AnomalyEvent, type AnomalyMitigation, UNMATCHED_KEY } from "../anomaly/types.ts";
import type { AggregateStore, AggregatesVersion } from "../storage/types.ts";
import type { Reason } from "../types.ts";
import { Batcher } from "./batcher.ts";
import { IsolateBotRanges, type WaitUntil } from "./bot-ranges.ts";
import { guardedRefresh, refreshDue } from "./refresh.ts";
import { type SendResult, sendByShard } from "./send-groups.ts";
import { splitDelta } from "./split-delta.ts";
import { SubrequestBudget } from "./subrequest-budget.ts";

/** No event for this long (ms) when a request's log send ends: the isolate is quiet (`flushIfQuiet`). */
export const ANOMALY_QUIET_MS = 250;
/** Events folded before a flush is due regardless of the interval (bounds isolate memory). */
const MAX_PENDING = 20_000;
const MAX_GOOD_BOTS = 10_000;

interface Outgoing {
  app: string;
  shard: number;
  delta: AnomalyDelta;
}

interface AppCache {
  index: MitigationIndex;
  lists: Map<number, AnomalyMitigation[]>;
  known: Map<number, AggregatesVersion>;
  /** Last refresh (ms); 0: never. */
  at: number;
  refreshing: boolean;
  /** The shard the next refresh starts at, when a refresh reads only some of them. */
  next: number;
}

export interface IsolateAnomalyOptions {
  store: AggregateStore;
  /** Delta send interval (ms). */
  flushMs: () => number;
  /** Mitigation refresh interval (ms). */
  refreshMs: () => number;
  /** Endpoint shards per app (at least 1). */
  shards: () => number;
  /** Wall clock in ms (tests). */
  nowMs?: () => number;
  /** Good-bot ranges (shared with behaviour); default the bundled ones, never reloaded. */
  bots?: IsolateBotRanges;
}

export class IsolateAnomaly {
  private readonly aggs = new Map<string, IsolateAggregator>();
  private readonly caches = new Map<string, AppCache>();
  private readonly bots: IsolateBotRanges;
  /** Addresses seen here as verified crawlers (bounded; cleared when full). */
  private readonly goodBots = new Set<string>();
  private readonly isAuth = authTest([]);
  private readonly nowMs: () => number;
  private lastFlush = 0;
  private pending = 0;
  /** When the last event was folded (ms). */
  private lastObserved = 0;
  readonly deltas: Batcher<Outgoing>;
  readonly stats = { observed: 0, deltas: 0, refreshes: 0, refreshErrors: 0, lastError: null as string | null };

  constructor(private readonly opts: IsolateAnomalyOptions) {
    this.nowMs = opts.nowMs ?? Date.now;
    this.bots = opts.bots ?? new IsolateBotRanges();
    this.deltas = new Batcher<Outgoing>({
      send: (batch, budget) => this.send(batch, budget),
      maxBatch: 64,
      // A delta is a minute's aggregate of one isolate: a few hundred buffered cover a long outage.
      maxBuffered: 600,
      lingerMs: () => 0,
    });
  }

  private cache(app: string): AppCache {
    let c = this.caches.get(app);
    if (!c) {
      c = { index: new MitigationIndex(), lists: new Map(), known: new Map(), at: 0, refreshing: false, next: 0 };
      this.caches.set(app, c);
    }
    return c;
  }

  /**
   * The anomaly mitigation that applies to this request, from the isolate's
   * cache only (never awaits), or null. `endpoint`: the matched template
   * (undefined for unknown paths); `now`: epoch seconds; `userAgent`
   * (optional) lets a verified crawler's very first request be exempt from
   * endpoint mitigations, as its later ones are. `hasInventory`: false while
   * the app does not know its paths yet (no approved allow-list, and no
   * learned inventory unchanged for the pipeline's INVENTORY_SETTLED_MS);
   * then most unknown paths are real pages, and a challenge or block
   * published for unknown paths (a distributed scan's answer) would meet the
   * app's new visitors, so on unknown paths only an endpoint rate limit
   * applies until it does. Mitigations of the client itself always apply.
   */
  mitigationFor(
    app: string,
    endpoint: string | undefined,
    client: string,
    ip: string,
    now: number,
    userAgent?: string,
    hasInventory = true,
  ): Reason | null {
    try {
      const t = now > 1e11 ? now / 1000 : now;
      const index = this.cache(app).index;
      // Verified crawlers are exempt from endpoint mitigations (never from their own);
      // with nothing published there is nothing to be exempt from.
      const bot =
        index.size > 0 &&
        (this.goodBots.has(ip) || (userAgent !== undefined && this.bots.check(ip, userAgent).status === "verified"));
      return index.check(endpoint ?? UNMATCHED_KEY, client, ip, t, bot, endpoint === undefined && !hasInventory);
    } catch (e) {
      this.stats.lastError = (e as Error).message;
      return null;
    }
  }

  /** Folds one request into the isolate's aggregates (after the answer). Never throws. */
  observe(e: AnomalyEvent): void {
    try {
      if (!e || typeof e.app !== "string" || typeof e.ip !== "string") return;
      let agg = this.aggs.get(e.app);
      if (!agg) {
        agg = new IsolateAggregator(e.app, {
          isAuth: this.isAuth,
          verifyBot: (ip, ua) => {
            const ok = this.bots.check(ip, ua).status === "verified";
            if (ok) {
              if (this.goodBots.size >= MAX_GOOD_BOTS) this.goodBots.clear();
              this.goodBots.add(ip);
            }
            return ok;
          },
        });
        this.aggs.set(e.app, agg);
      }
      agg.observe(e);
      this.cache(e.app);
      this.stats.observed++;
      this.pending++;
      this.lastObserved = this.nowMs();
    } catch (err) {
      this.stats.lastError = (err as Error).message;
    }
  }

  /** Schedules the due delta send and mitigation refreshes. Never throws. */
  flush(
    waitUntil: WaitUntil,
    nowMs: number = this.nowMs(),
    budget: SubrequestBudget = SubrequestBudget.unlimited(),
  ): void {
    try {
      if (this.pending > 0 && (nowMs - this.lastFlush >= this.opts.flushMs() || this.pending >= MAX_PENDING)) {
        this.takeAll();
        this.lastFlush = nowMs;
      }
      // A refresh reads every shard of the app's mitigations, or as many as the budget leaves (the rest next time).
      refreshDue(this.caches, this.opts.refreshMs(), nowMs, waitUntil, this.refreshApp, budget, () =>
        this.opts.shards(),
      );
      this.bots.reloadIfDue(nowMs, waitUntil, budget);
      const p = this.deltas.flush(budget);
      if (p) waitUntil(p);
    } catch (e) {
      this.stats.lastError = (e as Error).message;
    }
  }

  /**
   * When the isolate has gone quiet (no event for `quietMs`), sends what was
   * folded since the last send now, without waiting out the interval: the
   * last seconds before traffic stops would otherwise wait for a next
   * request (or go with an evicted isolate). Called at the end of work a
   * request's `waitUntil` already does (the log flush); returns the send to
   * chain onto it, or null. Under load the isolate is never quiet, so the
   * interval holds. Never throws.
   */
  flushIfQuiet(
    quietMs: number,
    nowMs: number = this.nowMs(),
    budget: SubrequestBudget = SubrequestBudget.unlimited(),
  ): Promise<void> | null {
    try {
      if (this.pending === 0 || nowMs - this.lastObserved < quietMs) return null;
      this.takeAll();
      this.lastFlush = nowMs;
      return this.deltas.flush(budget);
    } catch (e) {
      this.stats.lastError = (e as Error).message;
      return null;
    }
  }

  private takeAll(): void {
    const shards = this.opts.shards();
    for (const [app, agg] of this.aggs) {
      const d = agg.take();
      if (!d) continue;
      for (const [shard, delta] of splitDelta(d, shards)) this.deltas.push({ app, shard, delta });
    }
    this.pending = 0;
  }

  /** Sends everything gathered now and waits for it (tests, shutdown). */
  async drain(): Promise<void> {
    this.takeAll();
    await this.deltas.drain();
  }

  /** Re-reads an app's published mitigations now (tests; flush does it on its interval). */
  refresh(app: string): Promise<void> {
    return this.refreshApp(app, this.cache(app));
  }

  /** Reads `reads` shards of the app's mitigations (all by default), round robin from where the last one stopped. */
  private readonly refreshApp = (app: string, c: AppCache, reads?: number): Promise<void> =>
    guardedRefresh(c, this.stats, this.nowMs, async () => {
      const shards = this.opts.shards();
      const n = Math.min(shards, Math.max(1, reads ?? shards));
      const start = n === shards ? 0 : c.next % shards;
      c.next = (start + n) % shards;
      let changed = false;
      await Promise.all(
        Array.from({ length: n }, async (_, i) => {
          const s = (start + i) % shards;
          const r = await this.opts.store.mitigations(app, s, shards, c.known.get(s));
          c.known.set(s, { epoch: r.epoch, version: r.version });
          if (r.list) {
            c.lists.set(s, r.list);
            changed = true;
          }
        }),
      );
      if (changed) c.index.load([...c.lists.values()].flat());
    });

  /** One `store.ingest` per (app, shard) with all its deltas; failed groups are handed back. */
  private send(batch: Outgoing[], budget: SubrequestBudget): Promise<SendResult<Outgoing>> {
    const shards = this.opts.shards();
    return sendByShard(batch, budget, async (app, shard, g) => {
      const r = await this.opts.store.ingest(
        app,
        shard,
        shards,
        g.map((o) => o.delta),
      );
      this.stats.deltas += g.length;
      // A newer mitigation list than ours: refresh at the next flush.
      const c = this.caches.get(app);
      const known = c?.known.get(shard);
      if (c && known && (known.epoch !== r.epoch || known.version !== r.version)) c.at = 0;
    });
  }
}
