/**
 * @module worker/datapath/behaviour
 * The isolate's side of behaviour profiling: `BehaviourRuntime`, one per
 * isolate, which the datapath calls on every request. The hot path only
 * reads an in-isolate cache and appends to a queue; it never awaits a
 * Durable Object.
 *
 * How the lead wires it (worker/datapath/handle.ts):
 *
 *   const behaviour = new BehaviourRuntime();           // once per isolate
 *   // before proxying (now: epoch seconds, Date.now() / 1000):
 *   const r = behaviour.mitigationFor(env, app.id, client, clientIp, now);
 *   if (r) reasons.push(r);                             // block / challenge (403 or 429 problem+json,
 *                                                       // Retry-After: behaviour.retryAfter(app.id, client, now))
 *                                                       // / rate_limit (429) / log
 *   // after the response (or after apiward answered itself):
 *   behaviour.observe({ app, client, ip, ts, method, path, endpoint, query, status, bytes, latencyMs,
 *                       userAgent, headers, signatureScore, blockedByApiward, loginUser?, identity? });
 *   behaviour.flush(env, ctx);                           // schedules batched sends in ctx.waitUntil
 *
 * `BehaviourEvent` (core/behaviour/types.ts): `{ app, client, ip, ts (epoch
 * seconds), method, path (canonical), endpoint?, query: [k, v][], status,
 * bytes, latencyMs, userAgent?, headers: [name, value][], signatureScore?,
 * blockedByApiward, loginUser?, identity? }`. `blockedByApiward: true` for
 * every answer apiward gave itself (403/429): those never count as the
 * client's misbehaviour. `loginUser`: `loginUserHash(contentType, bodyText)`
 * (core/behaviour/login-user.ts) on POST bodies the datapath already read.
 *
 * Off the hot path: events are queued (bounded), compacted (no cookie or
 * authorization values leave the isolate, identities are hashed) and sent
 * in batches, one ClientState call per shard per flush
 * (`clients:<app>:<hash(client) mod 64>`). The answers carry new
 * mitigations, applied to this isolate's cache at once; every other isolate
 * picks them up from the app's Mitigations object within the refresh
 * interval (APIWARD_MITIGATION_REFRESH_MS, default 2 s). A refresh that
 * fails keeps the last good list. Verified good bots (published ranges,
 * KV `bots:ranges` or the bundled snapshot) are rate-shaped per policy.
 */
import { Lru } from "../../core/behaviour/lru.ts";
import type { Mitigation } from "../../core/behaviour/mitigations.ts";
import { ACTION_RANK, DEFAULT_ACTIONS } from "../../core/behaviour/policy.ts";
import type { BehaviourEvent } from "../../core/behaviour/types.ts";
import bundledRanges from "../../core/bots/published-ranges.json";
import { BOTS_KV_KEY, parseBotRanges } from "../../core/bots/ranges.ts";
import { BotVerifier } from "../../core/bots/verify.ts";
import { hash32 } from "../../core/discovery/hash.ts";
import type { HeaderList, Reason } from "../../core/types.ts";
import { Batcher } from "../lib/batcher.ts";

export type { BehaviourEvent } from "../../core/behaviour/types.ts";

/** ClientState shards per app. */
export const BEHAVIOUR_SHARDS = 64;
const MAX_CLIENTS_CACHED = 50_000;
const MAX_QUERY = 16;
const MAX_VALUE = 64;
const MAX_HEADERS = 40;
/** Header values the behaviour features read; every other header travels as a name only. */
const KEEP_VALUES = new Set([
  "user-agent",
  "accept",
  "accept-language",
  "sec-fetch-dest",
  "sec-fetch-mode",
  "sec-fetch-site",
  "content-type",
]);

export const shardOf = (client: string, shards = BEHAVIOUR_SHARDS): number => hash32(client) % shards;
export const clientShardName = (app: string, shard: number): string => `clients:${app}:${shard}`;
export const mitigationsName = (app: string): string => `mitigations:${app}`;

/** What leaves the isolate of one event: header names in order, only the values features need. */
export function compactEvent(ev: BehaviourEvent): BehaviourEvent {
  const headers: HeaderList = [];
  for (const [n, v] of Array.isArray(ev.headers) ? ev.headers.slice(0, MAX_HEADERS) : [])
    headers.push([n, KEEP_VALUES.has(n) ? String(v).slice(0, 512) : ""]);
  const out: BehaviourEvent = {
    app: ev.app,
    client: ev.client,
    ip: ev.ip,
    ts: ev.ts,
    method: ev.method,
    path: typeof ev.path === "string" ? ev.path.slice(0, 1024) : "/",
    query: (Array.isArray(ev.query) ? ev.query.slice(0, MAX_QUERY) : []).map(([k, v]) => [
      String(k).slice(0, MAX_VALUE),
      String(v).slice(0, MAX_VALUE),
    ]),
    status: ev.status,
    bytes: ev.bytes,
    latencyMs: ev.latencyMs,
    headers,
    blockedByApiward: ev.blockedByApiward === true,
  };
  if (ev.endpoint) out.endpoint = ev.endpoint;
  if (typeof ev.userAgent === "string") out.userAgent = ev.userAgent.slice(0, 512);
  if (typeof ev.signatureScore === "number") out.signatureScore = ev.signatureScore;
  if (typeof ev.loginUser === "string") out.loginUser = ev.loginUser.slice(0, 16);
  // The principal matters only as "the same one again": its hash is enough.
  if (typeof ev.identity === "string" && ev.identity.length > 0) out.identity = hash32(ev.identity).toString(16);
  return out;
}

interface AppCache {
  /** When the list was last fetched (ms); 0: never. */
  at: number;
  byTarget: Map<string, Mitigation[]>;
  refreshing: boolean;
}

export interface BehaviourRuntimeOptions {
  /** Mitigation cache lifetime (ms, default APIWARD_MITIGATION_REFRESH_MS or 2000). */
  refreshMs?: number;
  shards?: number;
  /** Batching delay of event sends (ms, default 250). */
  lingerMs?: () => number;
  /** Wall clock in ms (tests). */
  nowMs?: () => number;
}

interface Queued {
  app: string;
  shard: number;
  event: BehaviourEvent;
}

export class BehaviourRuntime {
  private env: Env | null = null;
  private readonly caches = new Map<string, AppCache>();
  private readonly windows = new Lru<string, [start: number, count: number]>(MAX_CLIENTS_CACHED);
  private readonly goodBots = new Lru<string, string>(MAX_CLIENTS_CACHED);
  private bots = new BotVerifier(parseBotRanges(bundledRanges));
  private botsLoadedAt = 0;
  private readonly shards: number;
  private readonly nowMs: () => number;
  readonly events: Batcher<Queued>;
  readonly stats = { observed: 0, detections: 0, refreshes: 0, refreshErrors: 0, lastError: null as string | null };

  constructor(private readonly opts: BehaviourRuntimeOptions = {}) {
    this.shards = Math.max(1, opts.shards ?? BEHAVIOUR_SHARDS);
    this.nowMs = opts.nowMs ?? Date.now;
    this.events = new Batcher<Queued>({
      send: (batch) => this.send(batch),
      maxBatch: 2000,
      maxBuffered: 20_000,
      lingerMs: opts.lingerMs ?? (() => 250),
    });
  }

  private refreshMs(env: Env | null): number {
    if (this.opts.refreshMs !== undefined) return this.opts.refreshMs;
    const v = Number(env?.APIWARD_MITIGATION_REFRESH_MS);
    return Number.isFinite(v) && v >= 0 ? v : 2000;
  }

  private cache(app: string): AppCache {
    let c = this.caches.get(app);
    if (!c) {
      c = { at: 0, byTarget: new Map(), refreshing: false };
      this.caches.set(app, c);
    }
    return c;
  }

  /** Puts mitigations into an app's cache (from a refresh or a ClientState answer). */
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

  /** Counts a request in the client's 10 s window; true when it is over `limit`. */
  private overLimit(key: string, now: number, limit: number): boolean {
    const w = this.windows.get(key);
    if (!w || now - w[0] >= 10) {
      this.windows.set(key, [now, 1]);
      return 1 > limit;
    }
    w[1]++;
    return w[1] > limit;
  }

  /**
   * The mitigation to apply to this request, from the isolate's cache only
   * (never awaits): the strongest active one on the client key or the
   * address, or a good bot's rate shaping; null to let it through. `now`:
   * epoch seconds. A stale or missing cache is refreshed by the next `flush`.
   */
  mitigationFor(env: Env, app: string, client: string, ip: string, now: number): Reason | null {
    this.env = env;
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

  /** Seconds until the client's mitigation ends (for Retry-After), or null. */
  retryAfter(app: string, client: string, now: number): number | null {
    const m = this.strongest(app, client, now);
    if (!m) return null;
    return m.action === "rate_limit" ? 10 : Math.max(1, Math.ceil(m.until - now));
  }

  /** Queues one event (after the response). Cheap: a bot check and an array push. Never throws. */
  observe(ev: BehaviourEvent): void {
    try {
      if (!ev || typeof ev.app !== "string" || typeof ev.client !== "string") return;
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

  /** Schedules the batched event send and any due mitigation refresh in `ctx.waitUntil`. Never throws. */
  flush(env: Env, ctx: ExecutionContext): void {
    this.env = env;
    try {
      const p = this.events.flush();
      if (p) ctx.waitUntil(p);
      const nowMs = this.nowMs();
      const ttl = this.refreshMs(env);
      for (const [app, c] of this.caches) {
        if (c.refreshing || nowMs - c.at < ttl) continue;
        c.refreshing = true;
        ctx.waitUntil(this.refresh(env, app, c));
      }
      if (nowMs - this.botsLoadedAt > 300_000) {
        this.botsLoadedAt = nowMs;
        ctx.waitUntil(this.loadBots(env));
      }
    } catch (e) {
      this.stats.lastError = (e as Error).message;
    }
  }

  /** Waits for queued events to be sent (tests, shutdown). */
  drain(): Promise<void> {
    return this.events.drain();
  }

  private async refresh(env: Env, app: string, c: AppCache): Promise<void> {
    try {
      const stub = env.MITIGATIONS.get(env.MITIGATIONS.idFromName(mitigationsName(app)));
      const list = await stub.list(app, this.nowMs() / 1000);
      this.apply(app, list, true);
      c.at = this.nowMs();
      this.stats.refreshes++;
    } catch (e) {
      // Keep the last good list; try again after another interval.
      c.at = this.nowMs();
      this.stats.refreshErrors++;
      this.stats.lastError = (e as Error).message;
    } finally {
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

  /** One ClientState call per (app, shard); failed shards are handed back to the batcher. */
  private async send(batch: Queued[]): Promise<Queued[]> {
    const env = this.env;
    if (!env) return batch;
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
          const stub = env.CLIENTS.get(env.CLIENTS.idFromName(clientShardName(app, shard)));
          const r = await stub.observe(
            app,
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
