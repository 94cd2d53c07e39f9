/**
 * @module worker/datapath/anomaly
 * The isolate's side of distributed anomaly detection (issue 8):
 * `AnomalyRuntime`, one per isolate. The hot path only folds the request
 * into in-isolate aggregates and reads an in-isolate cache of published
 * mitigations; it never awaits a Durable Object.
 *
 * How the lead wires it (worker/datapath/handle.ts):
 *
 *   const anomaly = new AnomalyRuntime();                    // once per isolate
 *   // before proxying (now: epoch seconds, Date.now() / 1000):
 *   const r = anomaly.mitigationFor(env, app.id, endpoint, client, clientIp, now, userAgent);
 *   if (r) reasons.push(r);     // source "anomaly": block (403), challenge (403), rate_limit (429)
 *   // after the response (and after apiward answered itself, with blockedByApiward: true):
 *   anomaly.observe({ app: app.id, endpoint, ip: clientIp, client, asn: cf.asn, country: cf.country,
 *                     ts: t0 / 1000, method, path: creq.path, query: creq.query, status, bytes,
 *                     latencyMs, userAgent, blockedByApiward });
 *   anomaly.flush(env, ctx);    // schedules the batched delta send and the mitigation refresh
 *
 * `AnomalyEvent` (core/anomaly/types.ts): `{ app, endpoint?, ip, client, asn?,
 * country?, ts, method, path?, query?, status, bytes, latencyMs, userAgent?,
 * blockedByApiward }`; `endpoint` is the matched template (absent for paths
 * no template matches), `blockedByApiward: true` for every answer apiward
 * gave itself: those are counted apart, never as traffic.
 *
 * Off the hot path: every APIWARD_ANOMALY_FLUSH_MS (default 5 s) the
 * isolate's aggregates become one delta per app (and endpoint shard), sent
 * through a Batcher (retries with backoff, bounded buffer, drops counted) to
 * the Aggregates object(s). Mitigations are re-read every
 * APIWARD_ANOMALY_REFRESH_MS (default 2 s) with a version check (an
 * unchanged list costs a few bytes); a failed refresh keeps the last good
 * list. So a mitigation decided from traffic on any isolate is enforced on
 * every isolate within one refresh interval of the decision.
 */
import { IsolateAggregator } from "../../core/anomaly/aggregator.ts";
import type { AnomalyDelta, IpRow } from "../../core/anomaly/delta.ts";
import { MitigationIndex } from "../../core/anomaly/enforce.ts";
import { authTest } from "../../core/anomaly/events.ts";
import { type AnomalyEvent, type AnomalyMitigation, UNMATCHED_KEY } from "../../core/anomaly/types.ts";
import bundledRanges from "../../core/bots/published-ranges.json";
import { BOTS_KV_KEY, parseBotRanges } from "../../core/bots/ranges.ts";
import { BotVerifier } from "../../core/bots/verify.ts";
import type { Reason } from "../../core/types.ts";
import { aggregatesName, shardOfKey } from "../../durable-objects/aggregates/names.ts";
import { Batcher } from "../lib/batcher.ts";

export type { AnomalyEvent } from "../../core/anomaly/types.ts";

export interface AnomalyRuntimeOptions {
  /** Delta send interval (ms; default APIWARD_ANOMALY_FLUSH_MS or 5000). */
  flushMs?: number;
  /** Mitigation refresh interval (ms; default APIWARD_ANOMALY_REFRESH_MS or 2000). */
  refreshMs?: number;
  /** Endpoint shards per app (default APIWARD_ANOMALY_SHARDS or 1). */
  shards?: number;
  /** Wall clock in ms (tests). */
  nowMs?: () => number;
}

interface Outgoing {
  app: string;
  shard: number;
  delta: AnomalyDelta;
}

interface AppCache {
  index: MitigationIndex;
  lists: Map<number, AnomalyMitigation[]>;
  known: Map<number, { epoch: string; version: number }>;
  /** Last refresh (ms); 0: never. */
  at: number;
  refreshing: boolean;
}

/** Events folded before a flush is due regardless of the interval (bounds isolate memory). */
const MAX_PENDING = 20_000;
const ELSEWHERE = "~elsewhere";

/**
 * Splits a delta by endpoint shard. Each shard gets its keys' slices and,
 * per address, its keys' rows plus one `~elsewhere` row per minute with the
 * address's requests on other shards, so that its share of traffic (focus)
 * stays right.
 */
export function splitDelta(d: AnomalyDelta, shards: number): Map<number, AnomalyDelta> {
  const out = new Map<number, AnomalyDelta>();
  const get = (s: number) => {
    let x = out.get(s);
    if (!x) {
      x = { app: d.app, slices: [], ips: [], droppedIps: s === 0 ? d.droppedIps : 0 };
      out.set(s, x);
    }
    return x;
  };
  if (shards <= 1) {
    out.set(0, d);
    return out;
  }
  for (const sl of d.slices) get(shardOfKey(sl[1], shards)).slices.push(sl);
  for (const ip of d.ips) {
    const byShard = new Map<number, IpRow[]>();
    for (const row of ip.rows) {
      const s = shardOfKey(row[1], shards);
      const list = byShard.get(s);
      if (list) list.push(row);
      else byShard.set(s, [row]);
    }
    for (const [s, rows] of byShard) {
      const elsewhere = new Map<number, IpRow>();
      for (const [o, other] of byShard) {
        if (o === s) continue;
        for (const r of other) {
          const e = elsewhere.get(r[0]) ?? [r[0], ELSEWHERE, 0, 0, 0, 0, []];
          e[2] += r[2];
          e[5] += r[5];
          elsewhere.set(r[0], e);
        }
      }
      get(s).ips.push({ ...ip, rows: [...rows, ...elsewhere.values()] });
    }
  }
  return out;
}

export class AnomalyRuntime {
  private env: Env | null = null;
  private readonly aggs = new Map<string, IsolateAggregator>();
  private readonly caches = new Map<string, AppCache>();
  private readonly nowMs: () => number;
  private lastFlush = 0;
  private pending = 0;
  private bots = new BotVerifier(parseBotRanges(bundledRanges));
  /** Addresses seen here as verified crawlers (bounded; cleared when full). */
  private readonly goodBots = new Set<string>();
  private botsLoadedAt = 0;
  private readonly isAuth = authTest([]);
  readonly deltas: Batcher<Outgoing>;
  readonly stats = { observed: 0, deltas: 0, refreshes: 0, refreshErrors: 0, lastError: null as string | null };

  constructor(private readonly opts: AnomalyRuntimeOptions = {}) {
    this.nowMs = opts.nowMs ?? Date.now;
    this.deltas = new Batcher<Outgoing>({
      send: (batch) => this.send(batch),
      maxBatch: 64,
      // A delta is a minute's aggregate of one isolate: a few hundred buffered cover a long outage.
      maxBuffered: 600,
      lingerMs: () => 0,
    });
  }

  private setting(v: number | undefined, envValue: string | undefined, dflt: number): number {
    if (v !== undefined) return v;
    const n = Number(envValue);
    return envValue !== undefined && Number.isFinite(n) && n >= 0 ? n : dflt;
  }

  private shards(env: Env | null): number {
    return Math.max(1, Math.floor(this.setting(this.opts.shards, env?.APIWARD_ANOMALY_SHARDS, 1)));
  }

  private cache(app: string): AppCache {
    let c = this.caches.get(app);
    if (!c) {
      c = { index: new MitigationIndex(), lists: new Map(), known: new Map(), at: 0, refreshing: false };
      this.caches.set(app, c);
    }
    return c;
  }

  /**
   * The anomaly mitigation that applies to this request, from the isolate's
   * cache only (never awaits), or null. `endpoint`: the matched template
   * (undefined for unknown paths); `now`: epoch seconds; `userAgent`
   * (optional) lets a verified crawler's very first request be exempt from
   * endpoint mitigations, as its later ones are.
   */
  mitigationFor(
    env: Env,
    app: string,
    endpoint: string | undefined,
    client: string,
    ip: string,
    now: number,
    userAgent?: string,
  ): Reason | null {
    this.env = env;
    try {
      const t = now > 1e11 ? now / 1000 : now;
      const c = this.cache(app);
      // Verified crawlers are exempt from endpoint mitigations (never from their own).
      const bot =
        this.goodBots.has(ip) || (userAgent !== undefined && this.bots.check(ip, userAgent).status === "verified");
      return c.index.check(endpoint ?? UNMATCHED_KEY, client, ip, t, bot);
    } catch (e) {
      this.stats.lastError = (e as Error).message;
      return null;
    }
  }

  /** Folds one request into the isolate's aggregates (after the response). Never throws. */
  observe(e: AnomalyEvent): void {
    try {
      if (!e || typeof e.app !== "string" || typeof e.ip !== "string") return;
      let agg = this.aggs.get(e.app);
      if (!agg) {
        agg = new IsolateAggregator(e.app, {
          isAuth: this.isAuth,
          verifyBot: (ip, ua) => {
            const ok = this.bots.check(ip, ua).status === "verified";
            if (ok) this.rememberBot(ip);
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

  /** Schedules the due delta send and mitigation refreshes in `ctx.waitUntil`. Never throws. */
  flush(env: Env, ctx: ExecutionContext): void {
    this.env = env;
    try {
      const now = this.nowMs();
      if (
        this.pending > 0 &&
        (now - this.lastFlush >= this.setting(this.opts.flushMs, env.APIWARD_ANOMALY_FLUSH_MS, 5000) ||
          this.pending >= MAX_PENDING)
      ) {
        this.takeAll(env);
        this.lastFlush = now;
      }
      const p = this.deltas.flush();
      if (p) ctx.waitUntil(p);
      const ttl = this.setting(this.opts.refreshMs, env.APIWARD_ANOMALY_REFRESH_MS, 2000);
      for (const [app, c] of this.caches) {
        if (c.refreshing || now - c.at < ttl) continue;
        c.refreshing = true;
        ctx.waitUntil(this.refreshApp(env, app, c));
      }
      if (now - this.botsLoadedAt > 300_000) {
        this.botsLoadedAt = now;
        ctx.waitUntil(this.loadBots(env));
      }
    } catch (e) {
      this.stats.lastError = (e as Error).message;
    }
  }

  private rememberBot(ip: string): void {
    if (this.goodBots.size >= 10_000) this.goodBots.clear();
    this.goodBots.add(ip);
  }

  private takeAll(env: Env): void {
    const shards = this.shards(env);
    for (const [app, agg] of this.aggs) {
      const d = agg.take();
      if (!d) continue;
      for (const [shard, delta] of splitDelta(d, shards)) this.deltas.push({ app, shard, delta });
    }
    this.pending = 0;
  }

  /** Sends everything gathered now and waits for it (tests, shutdown). */
  async drain(env: Env): Promise<void> {
    this.env = env;
    this.takeAll(env);
    await this.deltas.drain();
  }

  /** Re-reads an app's published mitigations now (tests; flush does it on its interval). */
  async refresh(env: Env, app: string): Promise<void> {
    const c = this.cache(app);
    await this.refreshApp(env, app, c);
  }

  private async refreshApp(env: Env, app: string, c: AppCache): Promise<void> {
    try {
      const shards = this.shards(env);
      let changed = false;
      await Promise.all(
        Array.from({ length: shards }, async (_, s) => {
          const stub = env.AGGREGATES.get(env.AGGREGATES.idFromName(aggregatesName(app, s, shards)));
          const r = await stub.mitigations(app, c.known.get(s));
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
      // Keep the last good list; try again after another interval.
      this.stats.refreshErrors++;
      this.stats.lastError = (e as Error).message;
    } finally {
      c.at = this.nowMs();
      c.refreshing = false;
    }
  }

  private async loadBots(env: Env): Promise<void> {
    try {
      const r = parseBotRanges(await env.SNAPSHOTS.get(BOTS_KV_KEY, "json"));
      if (r) this.bots = new BotVerifier(r);
    } catch {
      // keep the current ranges
    }
  }

  /** One Aggregates call per (app, shard) with all its deltas; failed groups are handed back. */
  private async send(batch: Outgoing[]): Promise<Outgoing[]> {
    const env = this.env;
    if (!env) return batch;
    const groups = new Map<string, Outgoing[]>();
    for (const o of batch) {
      const k = `${o.app}\n${o.shard}`;
      const g = groups.get(k);
      if (g) g.push(o);
      else groups.set(k, [o]);
    }
    const failed: Outgoing[] = [];
    let lastError: unknown = null;
    const shards = this.shards(env);
    await Promise.all(
      [...groups.values()].map(async (g) => {
        const { app, shard } = g[0] as Outgoing;
        try {
          const stub = env.AGGREGATES.get(env.AGGREGATES.idFromName(aggregatesName(app, shard, shards)));
          const r = await stub.ingest(
            app,
            g.map((o) => o.delta),
          );
          this.stats.deltas += g.length;
          // A newer mitigation list than ours: refresh at the next flush.
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
