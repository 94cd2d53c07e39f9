/**
 * @module core/behaviour/engine
 * The behaviour engine: one per app and process (a replay, a ClientState
 * shard). `observe(event)` folds a request into its client's profile,
 * computes the features, scores every kind and returns the detections that
 * are new (a kind already reported for a client is reported again only
 * after its mitigation TTL, if the client still scores). Requests apiward
 * answered itself add only new probe paths and new payload-carrying
 * requests, never their status, pace or volume: a block must not feed
 * itself (client-profile.ts). Verified good bots are recognised and exempt from behaviour
 * kinds; a crawler claim from outside the crawler's published ranges is
 * `fake_bot`. Clients are held in an LRU (default 50,000).
 *
 * With `collect` (the ClientState objects), the engine also gathers what
 * the learning core trains on: per client a summary of its features
 * (summary.ts), and per engine the endpoints' statistics and workflow
 * transitions of the traffic it saw; apiward's own answers add nothing.
 */
import { claimedBot } from "../bots/tokens.ts";
import { type BotCheck, BotVerifier } from "../bots/verify.ts";
import { ClientProfile, type ClientProfileState, SESSION_GAP_S } from "./client-profile.ts";
import { type BehaviourContext, contextFromModel } from "./context.ts";
import { type EventFacts, eventFacts } from "./facts.ts";
import { computeFeatures, FEATURE_COUNT, FEATURES } from "./features.ts";
import { KIND_RULES } from "./kinds.ts";
import { Lru } from "./lru.ts";
import { MarkovLearner } from "./markov.ts";
import type { BehaviourModel } from "./model.ts";
import { actionFor, type BehaviourPolicy } from "./policy.ts";
import { CLASS_STATIC } from "./request-class.ts";
import { ageBucket, buildTables, rowStart, type ScoreTables } from "./score-table.ts";
import { type Scorer, scoreSlots, tsScorer } from "./scorer.ts";
import { type ClientSummary, clientKey, MIN_REQUESTS, SummaryAccumulator } from "./summary.ts";
import { countEndpoint, type EndpointStats } from "./train.ts";
import {
  type BehaviourEvent,
  type ClientVerdict,
  type Detection,
  type DetectionKind,
  type DetectionReason,
  isDetectionKind,
} from "./types.ts";

export interface EngineOptions {
  model: BehaviourModel | null;
  bots?: BotVerifier | null;
  policy?: BehaviourPolicy;
  maxClients?: number;
  /** Builds the scorer for the tables (default: the TypeScript reference). */
  scorer?: (tables: ScoreTables) => Scorer;
  /** Gather training material (client summaries, endpoint statistics, workflow transitions). */
  collect?: boolean;
}

/** A client's training material since its last summary. */
export interface ClientTraining {
  acc: SummaryAccumulator;
  /** Previous non-static endpoint and when (for workflow transitions). */
  prev: string | null;
  prevTs: number;
  /** When this summary began (seconds). */
  since: number;
  /**
   * Detected in a way that rules it out of training: a kind named with a
   * learned model, or an unambiguous kind (scanner, brute force,
   * enumeration, injection) whatever the model. Ambiguous kinds named by the
   * floors alone (no model yet) do not: `apiward learn` keeps those clients
   * too, and a first model must not be trained without the busiest people.
   */
  flagged: boolean;
}

/** The engine's training material besides client summaries. */
export interface EngineTraining {
  markov: MarkovLearner;
  endpoints: EndpointStats;
}

/** Endpoints whose statistics one engine gathers between two takes. */
const MAX_COLLECT_ENDPOINTS = 2048;
/** Latency samples per endpoint one engine keeps between two takes (the learning core pools them). */
export const COLLECT_LATENCY_SAMPLE = 32;

export interface ClientEntry {
  profile: ClientProfile;
  /** Kind → time until which it is not reported again. */
  emitted: Map<DetectionKind, number>;
  /** Every kind ever detected (for summaries). */
  kinds: Set<DetectionKind>;
  /** Verified crawler name, when the client is a good bot. */
  goodBot: string | null;
  /** Training material (engines that collect). */
  train: ClientTraining | null;
  /** The client's `clientKey`, once computed (not persisted). */
  key?: number;
}

export interface ClientEntryState {
  profile: ClientProfileState;
  emitted: Array<[string, number]>;
  kinds: string[];
  goodBot: string | null;
  train?: {
    acc: ReturnType<SummaryAccumulator["toJSON"]>;
    prev: string | null;
    prevTs: number;
    since: number;
    flagged?: boolean;
  } | null;
}

export function entryToJSON(e: ClientEntry): ClientEntryState {
  const out: ClientEntryState = {
    profile: e.profile.toJSON(),
    emitted: [...e.emitted],
    kinds: [...e.kinds],
    goodBot: e.goodBot,
  };
  if (e.train)
    out.train = {
      acc: e.train.acc.toJSON(),
      prev: e.train.prev,
      prevTs: e.train.prevTs,
      since: e.train.since,
      flagged: e.train.flagged,
    };
  return out;
}

export function entryFromJSON(s: unknown): ClientEntry {
  const v = (s ?? {}) as Partial<ClientEntryState>;
  const emitted = new Map<DetectionKind, number>();
  for (const row of Array.isArray(v.emitted) ? v.emitted : [])
    if (Array.isArray(row) && isDetectionKind(row[0]) && typeof row[1] === "number") emitted.set(row[0], row[1]);
  const t = v.train;
  return {
    profile: ClientProfile.fromJSON(v.profile),
    emitted,
    kinds: new Set((Array.isArray(v.kinds) ? v.kinds : []).filter(isDetectionKind)),
    goodBot: typeof v.goodBot === "string" ? v.goodBot : null,
    train:
      t && typeof t === "object"
        ? {
            acc: SummaryAccumulator.fromJSON(t.acc),
            prev: typeof t.prev === "string" ? t.prev : null,
            prevTs: typeof t.prevTs === "number" ? t.prevTs : 0,
            since: typeof t.since === "number" ? t.since : 0,
            flagged: t.flagged === true,
          }
        : null,
  };
}

const newEntry = (): ClientEntry => ({
  profile: new ClientProfile(),
  emitted: new Map(),
  kinds: new Set(),
  goodBot: null,
  train: null,
});

/**
 * Kinds whose floors alone are evidence enough: they rule a client out of
 * training (as in `apiward learn`) and are mitigated before the app has a
 * model. The others (crawler, scraper, the floods) need the app's own normal.
 */
const UNAMBIGUOUS = new Set<DetectionKind>(["scanner", "bruteforce", "enumeration", "injection", "fake_bot"]);

/**
 * The client's summary when it may train a model, else null: it sent enough
 * requests, was not detected (with a model, or of an unambiguous kind: see
 * ClientTraining.flagged), is no crawler (verified or claimed) and apiward
 * never answered it itself (blocked, challenged, rate-limited).
 */
export function trainingSummary(e: ClientEntry, client?: string): ClientSummary | null {
  const t = e.train;
  if (!t || t.acc.samples === 0 || t.acc.bot || t.flagged || e.goodBot !== null) return null;
  if (e.profile.seen > e.profile.n) return null;
  return t.acc.summary(e.profile.n, client === undefined ? 0 : clientKey(client));
}

/** Starts the client's next summary (its workflow position and whether it was ruled out carry over). */
export function restartTraining(e: ClientEntry, now: number): void {
  if (e.train) e.train = { ...e.train, acc: new SummaryAccumulator(), since: now };
}

export class BehaviourEngine {
  readonly ctx: BehaviourContext;
  readonly scorer: Scorer;
  private readonly clients: Lru<string, ClientEntry>;
  private readonly bots: BotVerifier;
  private readonly policy: BehaviourPolicy | undefined;
  private readonly x = new Float64Array(FEATURE_COUNT);
  private readonly noBase = new Float64Array(FEATURE_COUNT);
  private readonly out: Float64Array;
  private readonly collect: boolean;
  private training: EngineTraining = { markov: new MarkovLearner(), endpoints: new Map() };

  constructor(opts: EngineOptions) {
    this.ctx = contextFromModel(opts.model);
    const tables = buildTables(opts.model);
    this.scorer = opts.scorer ? opts.scorer(tables) : tsScorer(tables);
    this.clients = new Lru(Math.max(1, opts.maxClients ?? 50_000));
    this.bots = opts.bots ?? new BotVerifier(null);
    this.policy = opts.policy;
    this.out = new Float64Array(scoreSlots(KIND_RULES.length));
    this.collect = opts.collect === true;
  }

  /** The endpoint statistics and workflow transitions gathered since the last take; starts afresh. */
  takeTraining(): EngineTraining {
    const t = this.training;
    this.training = { markov: new MarkovLearner(), endpoints: new Map() };
    return t;
  }

  /** Endpoint statistics and the workflow transition of one request the client made (not apiward's answer). */
  private collectTraffic(ev: BehaviourEvent, facts: EventFacts, entry: ClientEntry): void {
    entry.train ??= { acc: new SummaryAccumulator(), prev: null, prevTs: 0, since: facts.ts, flagged: false };
    const t = entry.train;
    if (this.training.endpoints.has(facts.endpoint) || this.training.endpoints.size < MAX_COLLECT_ENDPOINTS)
      countEndpoint(this.training.endpoints, facts.endpoint, ev, COLLECT_LATENCY_SAMPLE);
    if (claimedBot(ev.userAgent)) t.acc.bot = true;
    t.acc.principal(facts.principal);
    if (facts.cls === CLASS_STATIC) return;
    const from = t.prev !== null && facts.ts - t.prevTs <= SESSION_GAP_S ? t.prev : undefined;
    this.training.markov.observe(from, facts.endpoint);
    t.prev = facts.endpoint;
    t.prevTs = facts.ts;
  }

  get size(): number {
    return this.clients.size;
  }

  /** The client's entry (created when absent). */
  entry(client: string): ClientEntry {
    let e = this.clients.get(client);
    if (!e) {
      e = newEntry();
      this.clients.set(client, e);
    }
    return e;
  }

  /** Replaces a client's entry (restoring a Durable Object's state). */
  restore(client: string, entry: ClientEntry): void {
    this.clients.set(client, entry);
  }

  /** Forgets a client (its state was dropped elsewhere). */
  forget(client: string): void {
    this.clients.delete(client);
  }

  peek(client: string): ClientEntry | undefined {
    return this.clients.peek(client);
  }

  entries(): IterableIterator<[string, ClientEntry]> {
    return this.clients.entries();
  }

  /**
   * Folds one request in; returns the detections it triggers. Never throws
   * on malformed events. `score` false folds the request into the client's
   * windows (and training counts) without computing its features or scoring
   * it: for a request the same batch has a later one of the same client,
   * which is scored over all of them (observeBatch).
   */
  observe(ev: BehaviourEvent, score = true): Detection[] {
    if (!ev || typeof ev !== "object" || typeof ev.client !== "string") return [];
    const facts = eventFacts(ev, this.ctx);
    const entry = this.entry(ev.client);
    entry.profile.add(facts);
    const collecting = this.collect && !facts.blocked;
    if (collecting) this.collectTraffic(ev, facts, entry);
    const out: Detection[] = [];
    const bot = this.bots.check(ev.ip, ev.userAgent);
    if (bot.status === "verified") entry.goodBot = bot.bot;
    if (bot.status === "fake")
      this.maybeEmit(ev, facts.ts, entry, "fake_bot", 1, this.fakeBotReasons(ev, bot), -1, out);
    if (entry.goodBot !== null || !score) return out;

    computeFeatures(entry.profile, facts.ts, this.ctx.markov, this.x);
    if (collecting && entry.profile.n >= MIN_REQUESTS) entry.train?.acc.observe(this.x, this.ctx.markov.trained);
    // The signed-in principal's own baseline, else the client's own (a known address or credential).
    entry.key ??= clientKey(ev.client);
    const base = this.ctx.baselines.get(entry.profile.principal) ?? this.ctx.baselines.get(entry.key) ?? this.noBase;
    this.scorer.score(this.x, base, this.out);
    const row = this.out[0] as number;
    for (let k = 0; k < KIND_RULES.length; k++) {
      const sc = this.out[2 + k] as number;
      if (sc < 1) continue;
      const kind = (KIND_RULES[k] as (typeof KIND_RULES)[number]).kind;
      const at = entry.emitted.get(kind);
      if (at !== undefined && facts.ts < at) continue;
      this.maybeEmit(ev, facts.ts, entry, kind, sc, this.reasons(k, row, base), row, out);
    }
    return out;
  }

  /**
   * Folds a batch in (in the order given: callers sort by time), scoring each
   * client once, after its last request of the batch, over everything it
   * sent: what the ClientState objects do, whose detections take effect when
   * the batch's answer reaches the isolate anyway. Features and scores are
   * most of an event's cost, and a busy client sends many requests a batch.
   */
  observeBatch(events: readonly BehaviourEvent[]): Detection[] {
    const last = new Map<string, number>();
    events.forEach((ev, i) => {
      if (ev && typeof ev === "object" && typeof ev.client === "string") last.set(ev.client, i);
    });
    const out: Detection[] = [];
    events.forEach((ev, i) => {
      const score = !ev || typeof ev !== "object" || last.get(ev.client) === i;
      for (const d of this.observe(ev, score)) out.push(d);
    });
    return out;
  }

  private maybeEmit(
    ev: BehaviourEvent,
    ts: number,
    entry: ClientEntry,
    kind: DetectionKind,
    score: number,
    reasons: DetectionReason[],
    row: number,
    out: Detection[],
  ): void {
    const at = entry.emitted.get(kind);
    if (at !== undefined && ts < at) return;
    let ka = actionFor(kind, this.policy);
    // Before the app has a model, an ambiguous kind rests on its floors alone, which fit no app's own
    // clients (eval/results/behaviour-central.md, "no model yet"): it is detected and logged, not
    // challenged or blocked. Rate limits and the unambiguous kinds apply from the first request.
    if (!this.ctx.learned && !UNAMBIGUOUS.has(kind) && ka.action !== "rate_limit") ka = { ...ka, action: "log" };
    entry.emitted.set(kind, ts + ka.ttl_s);
    entry.kinds.add(kind);
    if (entry.train && (this.ctx.learned || UNAMBIGUOUS.has(kind))) entry.train.flagged = true;
    out.push({
      ts,
      app: ev.app,
      client: ev.client,
      ip: ev.ip,
      kind,
      action: ka.action,
      score: Math.round(score * 1000) / 1000,
      reasons,
      requests: entry.profile.seen,
      cluster: row >= 0 && row < this.scorer.tables.o.C ? row : -1,
    });
  }

  private fakeBotReasons(ev: BehaviourEvent, bot: BotCheck & { status: "fake" }): DetectionReason[] {
    return [
      {
        feature: "bot_claim",
        value: 1,
        threshold: 1,
        normal: 0,
        z: 0,
        detail: `user agent claims ${bot.bot}; ${ev.ip} is outside its published ranges`,
      },
    ];
  }

  /** The terms of kind k that crossed their thresholds, largest contribution first. */
  private reasons(k: number, row: number, base: Float64Array): DetectionReason[] {
    const { table: t, o, median } = this.scorer.tables;
    const F = o.F;
    const r0 = rowStart(o, row, ageBucket(t, o, this.x));
    const out: Array<DetectionReason & { c: number }> = [];
    for (let f = 0; f < F; f++) {
      const w = t[o.weight + k * F + f] as number;
      if (w <= 0) continue;
      const fl = t[o.floor + k * F + f] as number;
      const th = t[o.threshold + r0 + f] as number;
      const T = Math.max(fl, th, base[f] as number);
      const v = this.x[f] as number;
      if (v < T) continue;
      const spread = t[o.spread + r0 + f] as number;
      const normal = median[r0 + f] ?? 0;
      const r = (x: number) => Math.round(x * 1000) / 1000;
      out.push({
        feature: FEATURES[f] as string,
        value: r(v),
        threshold: r(T),
        normal: r(normal),
        z: r((v - normal) / spread),
        c: w * (1 + (t[5] as number) * Math.min((v - T) / spread, t[4] as number)),
      });
    }
    out.sort((a, b) => b.c - a.c);
    return out.map(({ c: _c, ...rest }) => rest);
  }

  /** Summary verdict of a client: good bot, malicious (any kind detected) or benign. */
  verdict(client: string): { verdict: ClientVerdict; kinds: DetectionKind[] } {
    const e = this.clients.peek(client);
    if (!e) return { verdict: "benign", kinds: [] };
    const kinds = [...e.kinds].sort();
    if (kinds.length > 0) return { verdict: "malicious", kinds };
    return { verdict: e.goodBot !== null ? "good_bot" : "benign", kinds };
  }
}
