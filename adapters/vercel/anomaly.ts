/**
 * @module adapters/vercel/anomaly
 * The isolate's side of distributed anomaly detection over the storage
 * interface, with the worker's rules (worker/datapath/anomaly.ts): the hot
 * path folds the request into in-isolate aggregates and reads a cached
 * index of published mitigations; every `flushMs` (default 5 s) the
 * aggregates become one delta per app (split by endpoint shard) sent
 * through a batcher; mitigations are re-read every `refreshMs` (default
 * 2 s) with a version check; a failed refresh keeps the last good list.
 */
import { IsolateAggregator } from "../../core/anomaly/aggregator.ts";
import type { AnomalyDelta } from "../../core/anomaly/delta.ts";
import { MitigationIndex } from "../../core/anomaly/enforce.ts";
import { authTest } from "../../core/anomaly/events.ts";
import { type AnomalyEvent, type AnomalyMitigation, UNMATCHED_KEY } from "../../core/anomaly/types.ts";
import bundledRanges from "../../core/bots/published-ranges.json";
import { parseBotRanges } from "../../core/bots/ranges.ts";
import { BotVerifier } from "../../core/bots/verify.ts";
import type { AggregateStore, AggregatesVersion } from "../../core/storage/types.ts";
import type { Reason } from "../../core/types.ts";
import { splitDelta } from "../../worker/datapath/anomaly.ts";
import { Batcher } from "../../worker/lib/batcher.ts";

const MAX_PENDING = 20_000;

interface Outgoing {
  app: string;
  shard: number;
  delta: AnomalyDelta;
}

interface AppCache {
  index: MitigationIndex;
  lists: Map<number, AnomalyMitigation[]>;
  known: Map<number, AggregatesVersion>;
  at: number;
  refreshing: boolean;
}

export interface IsolateAnomalyOptions {
  store: AggregateStore;
  flushMs: number;
  refreshMs: number;
  shards: number;
}

export class IsolateAnomaly {
  private readonly aggs = new Map<string, IsolateAggregator>();
  private readonly caches = new Map<string, AppCache>();
  private readonly bots = new BotVerifier(parseBotRanges(bundledRanges));
  private readonly goodBots = new Set<string>();
  private readonly isAuth = authTest([]);
  private lastFlush = 0;
  private pending = 0;
  readonly deltas: Batcher<Outgoing>;
  readonly stats = { observed: 0, deltas: 0, refreshes: 0, refreshErrors: 0, lastError: null as string | null };

  constructor(private readonly opts: IsolateAnomalyOptions) {
    this.deltas = new Batcher<Outgoing>({
      send: (batch) => this.send(batch),
      maxBatch: 64,
      maxBuffered: 600,
      lingerMs: () => 0,
    });
  }

  private cache(app: string): AppCache {
    let c = this.caches.get(app);
    if (!c) {
      c = { index: new MitigationIndex(), lists: new Map(), known: new Map(), at: 0, refreshing: false };
      this.caches.set(app, c);
    }
    return c;
  }

  /** The anomaly mitigation for this request from the isolate's cache (never awaits), or null. */
  mitigationFor(
    app: string,
    endpoint: string | undefined,
    client: string,
    ip: string,
    now: number,
    userAgent?: string,
  ): Reason | null {
    try {
      const bot =
        this.goodBots.has(ip) || (userAgent !== undefined && this.bots.check(ip, userAgent).status === "verified");
      return this.cache(app).index.check(endpoint ?? UNMATCHED_KEY, client, ip, now, bot);
    } catch (e) {
      this.stats.lastError = (e as Error).message;
      return null;
    }
  }

  /** Folds one request into the isolate's aggregates. Never throws. */
  observe(e: AnomalyEvent): void {
    try {
      let agg = this.aggs.get(e.app);
      if (!agg) {
        agg = new IsolateAggregator(e.app, {
          isAuth: this.isAuth,
          verifyBot: (ip, ua) => {
            const ok = this.bots.check(ip, ua).status === "verified";
            if (ok) {
              if (this.goodBots.size >= 10_000) this.goodBots.clear();
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
    } catch (err) {
      this.stats.lastError = (err as Error).message;
    }
  }

  private takeAll(): void {
    for (const [app, agg] of this.aggs) {
      const d = agg.take();
      if (!d) continue;
      for (const [shard, delta] of splitDelta(d, this.opts.shards)) this.deltas.push({ app, shard, delta });
    }
    this.pending = 0;
  }

  /** Schedules the due delta send and mitigation refreshes. Never throws. */
  flush(waitUntil: (p: Promise<unknown>) => void, nowMs: number = Date.now()): void {
    try {
      if (this.pending > 0 && (nowMs - this.lastFlush >= this.opts.flushMs || this.pending >= MAX_PENDING)) {
        this.takeAll();
        this.lastFlush = nowMs;
      }
      const p = this.deltas.flush();
      if (p) waitUntil(p);
      for (const [app, c] of this.caches) {
        if (c.refreshing || nowMs - c.at < this.opts.refreshMs) continue;
        c.refreshing = true;
        waitUntil(this.refreshApp(app, c));
      }
    } catch (e) {
      this.stats.lastError = (e as Error).message;
    }
  }

  /** Sends everything gathered now and waits (tests, shutdown). */
  async drain(): Promise<void> {
    this.takeAll();
    await this.deltas.drain();
  }

  /** Re-reads an app's published mitigations now. */
  refresh(app: string): Promise<void> {
    return this.refreshApp(app, this.cache(app));
  }

  private async refreshApp(app: string, c: AppCache): Promise<void> {
    try {
      const shards = this.opts.shards;
      let changed = false;
      await Promise.all(
        Array.from({ length: shards }, async (_, s) => {
          const r = await this.opts.store.mitigations(app, s, shards, c.known.get(s));
          c.known.set(s, { epoch: r.epoch, version: r.version });
          if (r.list) {
            c.lists.set(s, r.list);
            changed = true;
          }
        }),
      );
      if (changed) c.index.load([...c.lists.values()].flat());
      this.stats.refreshes++;
    } catch (e) {
      this.stats.refreshErrors++;
      this.stats.lastError = (e as Error).message;
    } finally {
      c.at = Date.now();
      c.refreshing = false;
    }
  }

  private async send(batch: Outgoing[]): Promise<Outgoing[]> {
    const groups = new Map<string, Outgoing[]>();
    for (const o of batch) {
      const k = `${o.app}\n${o.shard}`;
      const g = groups.get(k);
      if (g) g.push(o);
      else groups.set(k, [o]);
    }
    const failed: Outgoing[] = [];
    let lastError: unknown = null;
    await Promise.all(
      [...groups.values()].map(async (g) => {
        const { app, shard } = g[0] as Outgoing;
        try {
          const r = await this.opts.store.ingest(
            app,
            shard,
            this.opts.shards,
            g.map((o) => o.delta),
          );
          this.stats.deltas += g.length;
          const known = this.caches.get(app)?.known.get(shard);
          if (known && (known.epoch !== r.epoch || known.version !== r.version)) {
            const c = this.caches.get(app);
            if (c) c.at = 0;
          }
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
