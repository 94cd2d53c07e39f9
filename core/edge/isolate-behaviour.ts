/**
 * @module core/edge/isolate-behaviour
 * The isolate's side of behaviour profiling, platform-free (the worker's
 * BehaviourRuntime and the Vercel adapter both run this one): the hot path
 * reads an in-isolate cache of the app's mitigations and appends the
 * request to a queue; it never awaits storage.
 *
 * - The strongest active mitigation on the client key or the address
 *   applies; a rate-limit mitigation lets `limit_10s` requests through per
 *   10 s; verified good bots are rate-shaped (DEFAULT_ACTIONS.good_bot).
 * - Events leave the isolate compacted (`compactEvent`: no cookie or
 *   authorization values, identities hashed), batched, one
 *   `clients.observe` call per (app, shard) per flush; the answer's
 *   mitigations apply in this isolate at once.
 * - Every other isolate picks new mitigations up from `mitigations.list`
 *   within the refresh interval; a refresh that fails keeps the last good
 *   list.
 */
import { Lru } from "../behaviour/lru.ts";
import type { Mitigation } from "../behaviour/mitigations.ts";
import { ACTION_RANK, DEFAULT_ACTIONS } from "../behaviour/policy.ts";
import type { BehaviourEvent } from "../behaviour/types.ts";
import { hash32 } from "../discovery/hash.ts";
import type { ClientStateStore, MitigationStore } from "../storage/types.ts";
import type { HeaderList, Reason } from "../types.ts";
import { Batcher } from "./batcher.ts";
import { IsolateBotRanges, type WaitUntil } from "./bot-ranges.ts";
import { guardedRefresh, refreshDue } from "./refresh.ts";
import { type SendResult, sendByShard } from "./send-groups.ts";
import { SubrequestBudget } from "./subrequest-budget.ts";

/** ClientState shards per app. */
export const BEHAVIOUR_SHARDS = 64;
const MAX_CLIENTS_CACHED = 50_000;
/** Events an isolate holds for the ClientState shards at most (past it the oldest are dropped, counted). */
const MAX_BUFFERED_EVENTS = 20_000;
/** Events in one ClientState call at most (a busier shard takes more calls). */
const EVENTS_PER_CALL = 2000;
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

interface Queued {
  app: string;
  shard: number;
  event: BehaviourEvent;
}

export interface IsolateBehaviourOptions {
  clients: ClientStateStore;
  mitigations: MitigationStore;
  /** Mitigation cache lifetime (ms). */
  refreshMs: () => number;
  /** Batching delay of event sends (ms, default 250). */
  lingerMs?: () => number;
  shards?: number;
  /** Wall clock in ms (tests). */
  nowMs?: () => number;
  /** Good-bot ranges (shared with anomaly); default the bundled ones, never reloaded. */
  bots?: IsolateBotRanges;
}

export class IsolateBehaviour {
  private readonly caches = new Map<string, AppCache>();
  private readonly windows = new Lru<string, [start: number, count: number]>(MAX_CLIENTS_CACHED);
  private readonly goodBots = new Lru<string, string>(MAX_CLIENTS_CACHED);
  private readonly bots: IsolateBotRanges;
  private readonly shards: number;
  private readonly nowMs: () => number;
  readonly events: Batcher<Queued>;
  readonly stats = { observed: 0, detections: 0, refreshes: 0, refreshErrors: 0, lastError: null as string | null };

  constructor(private readonly opts: IsolateBehaviourOptions) {
    this.shards = Math.max(1, opts.shards ?? BEHAVIOUR_SHARDS);
    this.nowMs = opts.nowMs ?? Date.now;
    this.bots = opts.bots ?? new IsolateBotRanges();
    this.events = new Batcher<Queued>({
      send: (batch, budget) => this.send(batch, budget),
      // A flush groups everything queued by shard: a call carries all of its shard's events (up to
      // EVENTS_PER_CALL), so when the subrequest budget reaches only some shards, those are drained.
      maxBatch: MAX_BUFFERED_EVENTS,
      maxBuffered: MAX_BUFFERED_EVENTS,
      lingerMs: opts.lingerMs ?? (() => 250),
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

  /** Seconds until the client's mitigation ends (for Retry-After), or null. */
  retryAfter(app: string, client: string, now: number): number | null {
    const m = this.strongest(app, client, now);
    if (!m) return null;
    return m.action === "rate_limit" ? 10 : Math.max(1, Math.ceil(m.until - now));
  }

  /** Queues one event (after the answer). Cheap: a bot check and an array push. Never throws. */
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

  /**
   * Schedules the batched event send and any due mitigation refresh, within
   * the request's subrequest `budget` (none given: no limit). Never throws.
   */
  flush(
    waitUntil: WaitUntil,
    nowMs: number = this.nowMs(),
    budget: SubrequestBudget = SubrequestBudget.unlimited(),
  ): void {
    try {
      // Refreshes first: they are few (one per app per interval) and keep the hot path's answers current.
      refreshDue(this.caches, this.opts.refreshMs(), nowMs, waitUntil, this.refreshApp, budget, () => 1);
      this.bots.reloadIfDue(nowMs, waitUntil, budget);
      const p = this.events.flush(budget);
      if (p) waitUntil(p);
    } catch (e) {
      this.stats.lastError = (e as Error).message;
    }
  }

  /** Waits for queued events to be sent (tests, shutdown). */
  drain(): Promise<void> {
    return this.events.drain();
  }

  /** Re-reads an app's mitigations now (tests; flush does it on its interval). */
  refresh(app: string): Promise<void> {
    return this.refreshApp(app, this.cache(app));
  }

  private readonly refreshApp = (app: string, c: AppCache): Promise<void> =>
    guardedRefresh(c, this.stats, this.nowMs, async () => {
      this.apply(app, await this.opts.mitigations.list(app, this.nowMs() / 1000), true);
    });

  /** One `clients.observe` call per (app, shard); failed shards are handed back to the batcher. */
  private send(batch: Queued[], budget: SubrequestBudget): Promise<SendResult<Queued>> {
    return sendByShard(
      batch,
      budget,
      async (app, shard, g) => {
        const r = await this.opts.clients.observe(
          app,
          shard,
          g.map((q) => q.event),
        );
        this.stats.detections += r.detections.length;
        if (r.mitigations.length) this.apply(app, r.mitigations, false);
      },
      EVENTS_PER_CALL,
    );
  }
}
