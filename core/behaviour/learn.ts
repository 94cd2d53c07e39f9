/**
 * @module core/behaviour/learn
 * Learning the behaviour model from traffic that is mostly benign, without
 * labels, in three streaming passes over the same requests (time order):
 *
 * 1. inventory: API discovery's Learner names the endpoints (templates);
 * 2. endpoints: which are logins (bodies carrying a user name), which are
 *    expensive (median latency ≥ EXPENSIVE_FACTOR × the app's typical
 *    latency and ≥ EXPENSIVE_MIN_MS), and the workflow Markov model, learned
 *    twice on halves of the clients so that pass 3 scores each client with
 *    the half it is not in (no client explains its own sequences);
 * 3. clients: every client's profile is replayed and its features computed
 *    after each request; a client contributes its peak value of each feature
 *    and its mean style.
 *
 * Then: clients with fewer than MIN_REQUESTS requests, claiming to be a
 * crawler, or already named by the floors of an unambiguous kind (scanner,
 * brute force, enumeration, injection: "mostly benign" data still holds some
 * internet noise) are left out; the rest are clustered (cluster.ts) and each
 * cluster gets per-feature medians, robust spreads and thresholds
 * (THRESHOLD_Q quantile of members' peaks, plus a margin).
 */
import { claimedBot } from "../bots/tokens.ts";
import { hash32 } from "../discovery/hash.ts";
import { Learner } from "../discovery/learner.ts";
import type { Observation } from "../discovery/types.ts";
import type { OfflineRequest } from "../pipeline/offline.ts";
import { ClientProfile, SESSION_GAP_S } from "./client-profile.ts";
import { chooseClusters } from "./cluster.ts";
import { type BehaviourContext, thresholdFrom } from "./context.ts";
import { type EndpointName, heuristicName, TemplateMatcher, templateHash } from "./endpoint.ts";
import { eventFacts } from "./facts.ts";
import { computeFeatures, FEATURE_COUNT, FEATURES, featureUnit, STYLE_FEATURES, STYLE_SQRT } from "./features.ts";
import { KIND_RULES } from "./kinds.ts";
import { Lru } from "./lru.ts";
import { MarkovLearner, MarkovModel, type MarkovState } from "./markov.ts";
import { type BehaviourModel, type ClusterModel, MODEL_FORMAT, MODEL_VERSION } from "./model.ts";
import { CLASS_STATIC, requestClass } from "./request-class.ts";
import { scoreTs } from "./score.ts";
import { buildTables } from "./score-table.ts";
import { mean, median, quantile, robustSpread, std } from "./stats.ts";

export const MIN_REQUESTS = 5;
export const THRESHOLD_Q = 0.99;
/** A cluster's core: members within CORE_FACTOR × the CORE_Q quantile of members' distances (at least 1). */
export const CORE_Q = 0.9;
export const CORE_FACTOR = 1.5;
/** Novelty boundary: NOVEL_FACTOR × the 99th percentile distance. */
export const NOVEL_FACTOR = 2;
/** A principal needs this many training requests for its own baseline. */
export const BASELINE_MIN_REQUESTS = 50;
const MAX_BASELINES = 1000;
export const EXPENSIVE_FACTOR = 5;
export const EXPENSIVE_MIN_MS = 20;
/** Clusters smaller than this are dissolved into their nearest neighbour. */
export const MIN_CLUSTER = 3;
const MAX_TRAIN_CLIENTS = 200_000;
const LATENCY_SAMPLE = 256;
/** Kinds whose floors mark a training client as noise to leave out. */
const UNAMBIGUOUS = new Set(["scanner", "bruteforce", "enumeration", "injection"]);

interface EndpointStats {
  count: number;
  posts: number;
  loginBodies: number;
  latencies: number[];
}

interface ClientAcc {
  profile: ClientProfile;
  peak: Float64Array;
  styleSum: Float64Array;
  styleN: number;
  fold: number;
  prev: string | undefined;
  prevTs: number;
  bot: boolean;
  /** Principal hash → authenticated requests (at most 8 principals tracked). */
  principals: Map<number, number>;
}

export interface TrainerOptions {
  app?: string;
  /** Most clusters tried (default 8). */
  maxK?: number;
  now?: () => Date;
}

function observation(req: OfflineRequest): Observation {
  const e = req.event;
  const obs: Observation = { method: e.method, path: e.path, query: e.query };
  if (e.status > 0) obs.status = e.status;
  obs.ts = e.ts;
  if (e.identity) obs.identity = e.identity;
  if (req.body.length > 0)
    obs.body = {
      contentType: req.contentType || (req.body.trimStart().startsWith("{") ? "application/json" : ""),
      text: req.body,
    };
  return obs;
}

export class BehaviourTrainer {
  private readonly learner = new Learner();
  private matcher: TemplateMatcher | null = null;
  private readonly endpoints = new Map<string, EndpointStats>();
  private readonly markovAll = new MarkovLearner();
  private readonly markovFold = [new MarkovLearner(), new MarkovLearner()];
  private readonly seqPrev = new Lru<string, [string, number]>(MAX_TRAIN_CLIENTS);
  private markovState: MarkovState | null = null;
  private ctxFold: BehaviourContext[] = [];
  private login: string[] = [];
  private expensive: string[] = [];
  private readonly clients = new Lru<string, ClientAcc>(MAX_TRAIN_CLIENTS);
  private readonly x = new Float64Array(FEATURE_COUNT);
  private records = 0;
  private from: number | null = null;
  private to: number | null = null;

  constructor(private readonly opts: TrainerOptions = {}) {}

  /** Pass 1: endpoint discovery. */
  observeInventory(req: OfflineRequest): void {
    this.records++;
    const ts = req.event.ts;
    if (this.from === null || ts < this.from) this.from = ts;
    if (this.to === null || ts > this.to) this.to = ts;
    this.learner.observe(observation(req));
  }

  finishInventory(): void {
    const templates = this.learner.inventory().endpoints.map((e) => `${e.method} ${e.path}`);
    this.matcher = new TemplateMatcher(templates);
  }

  private name(method: string, path: string): EndpointName {
    return this.matcher ? this.matcher.name(method, path) : heuristicName(method, path);
  }

  /** Pass 2: endpoint roles and workflows. */
  observeEndpoints(req: OfflineRequest): void {
    const e = req.event;
    const n = this.name(e.method, e.path);
    let st = this.endpoints.get(n.endpoint);
    if (!st) {
      st = { count: 0, posts: 0, loginBodies: 0, latencies: [] };
      this.endpoints.set(n.endpoint, st);
    }
    st.count++;
    if (e.method === "POST") st.posts++;
    if (e.loginUser !== undefined) st.loginBodies++;
    if (st.latencies.length < LATENCY_SAMPLE) st.latencies.push(e.latencyMs);
    else {
      // Reservoir sample: bounded memory whatever the traffic.
      const j = hash32(`${st.count}`) % st.count;
      if (j < LATENCY_SAMPLE) st.latencies[j] = e.latencyMs;
    }
    if (requestClass(e.path, e.headers) === CLASS_STATIC) return;
    const prev = this.seqPrev.get(e.client);
    const from = prev && e.ts - prev[1] <= SESSION_GAP_S ? prev[0] : undefined;
    this.markovAll.observe(from, n.endpoint);
    (this.markovFold[this.foldOf(e.client)] as MarkovLearner).observe(from, n.endpoint);
    this.seqPrev.set(e.client, [n.endpoint, e.ts]);
  }

  private foldOf(client: string): number {
    return hash32(client, 0x5eed) & 1;
  }

  finishEndpoints(): void {
    const med = new Map<string, number>();
    const weighted: number[] = [];
    for (const [ep, st] of this.endpoints) {
      const m = median(st.latencies);
      med.set(ep, m);
      for (let i = 0; i < Math.min(st.count, 64); i++) weighted.push(m);
    }
    const typical = median(weighted);
    this.login = [];
    this.expensive = [];
    for (const [ep, st] of this.endpoints) {
      if (st.posts >= 3 && st.loginBodies >= Math.max(3, 0.5 * st.posts)) this.login.push(ep);
      const m = med.get(ep) ?? 0;
      if (st.count >= 10 && m >= EXPENSIVE_MIN_MS && m >= EXPENSIVE_FACTOR * typical) this.expensive.push(ep);
    }
    this.login.sort();
    this.expensive.sort();
    this.markovState = this.markovAll.build();
    const loginSet = new Set(this.login.map(templateHash));
    const expSet = new Set(this.expensive.map(templateHash));
    const matcher = this.matcher;
    this.ctxFold = this.markovFold.map((ml) => ({
      name: (m: string, p: string) => (matcher ? matcher.name(m, p) : heuristicName(m, p)),
      login: loginSet,
      expensive: expSet,
      // Each half is scored with the model learned on the other half.
      markov: new MarkovModel(ml.build()),
      baselines: new Map<number, Float64Array>(),
      learned: true,
    }));
  }

  /** Pass 3: client profiles, in time order. */
  observeClients(req: OfflineRequest): void {
    const e = req.event;
    let acc = this.clients.get(e.client);
    if (!acc) {
      acc = {
        profile: new ClientProfile(),
        peak: new Float64Array(FEATURE_COUNT),
        styleSum: new Float64Array(STYLE_FEATURES.length),
        styleN: 0,
        fold: this.foldOf(e.client),
        prev: undefined,
        prevTs: 0,
        bot: false,
        principals: new Map(),
      };
      this.clients.set(e.client, acc);
    }
    if (claimedBot(e.userAgent)) acc.bot = true;
    const ctx = this.ctxFold[1 - acc.fold] as BehaviourContext;
    const facts = eventFacts(e, ctx);
    acc.profile.add(facts);
    if (facts.principal !== 0 && (acc.principals.has(facts.principal) || acc.principals.size < 8))
      acc.principals.set(facts.principal, (acc.principals.get(facts.principal) ?? 0) + 1);
    if (acc.profile.n < MIN_REQUESTS) return;
    computeFeatures(acc.profile, e.ts, ctx.markov, this.x);
    for (let f = 0; f < FEATURE_COUNT; f++)
      if ((this.x[f] as number) > (acc.peak[f] as number)) acc.peak[f] = this.x[f] as number;
    STYLE_FEATURES.forEach((f, s) => {
      acc.styleSum[s] = (acc.styleSum[s] as number) + (this.x[f] as number);
    });
    acc.styleN++;
  }

  /** Clusters the clients and writes the model. */
  finish(): BehaviourModel {
    const floorsOnly = buildTables(null);
    const out = new Float64Array(2 + KIND_RULES.length);
    const kept: ClientAcc[] = [];
    let excluded = 0;
    for (const [, acc] of this.clients.entries()) {
      if (acc.styleN === 0 || acc.bot) {
        excluded++;
        continue;
      }
      scoreTs(floorsOnly.table, acc.peak, new Float64Array(FEATURE_COUNT), out);
      if (KIND_RULES.some((r, k) => UNAMBIGUOUS.has(r.kind) && (out[2 + k] as number) >= 1)) {
        excluded++;
        continue;
      }
      kept.push(acc);
    }
    const style = kept.map((a) =>
      STYLE_FEATURES.map((_, s) => {
        const v = (a.styleSum[s] as number) / a.styleN;
        return STYLE_SQRT[s] ? Math.sqrt(Math.max(0, v)) : v;
      }),
    );
    const S = STYLE_FEATURES.length;
    const mu = Array.from({ length: S }, (_, s) => mean(style.map((p) => p[s] as number)));
    const sd = Array.from({ length: S }, (_, s) => Math.max(0.05, std(style.map((p) => p[s] as number))));
    const points = style.map((p) => p.map((v, s) => (v - (mu[s] as number)) / (sd[s] as number)));
    const clustering = chooseClusters(points, this.opts.maxK ?? 8);
    const clusters = this.buildClusters(points, clustering.centroids, kept);
    return {
      format: MODEL_FORMAT,
      version: MODEL_VERSION,
      created_at: (this.opts.now ? this.opts.now() : new Date()).toISOString(),
      app: this.opts.app ?? "default",
      trained_on: { records: this.records, clients: kept.length, excluded, from: this.from, to: this.to },
      features: [...FEATURES],
      endpoints: {
        templates: this.matcher ? this.learner.inventory().endpoints.map((e) => `${e.method} ${e.path}`) : [],
        login: this.login,
        expensive: this.expensive,
      },
      markov: this.markovState ?? new MarkovLearner().build(),
      style: { features: STYLE_FEATURES.map((f) => FEATURES[f] as string), sqrt: [...STYLE_SQRT], mean: mu, std: sd },
      clusters,
      principals: this.baselines(kept),
      selection: { k: clusters.length, silhouette: clustering.silhouette },
    };
  }

  /** Per-principal peaks of the kept clients that acted (mostly) as one principal. */
  private baselines(kept: ClientAcc[]): Array<{ id: string; requests: number; peak: number[] }> {
    const by = new Map<number, { requests: number; peak: Float64Array }>();
    for (const acc of kept) {
      let total = 0;
      let top = 0;
      let topN = 0;
      for (const [p, n] of acc.principals) {
        total += n;
        if (n > topN) {
          top = p;
          topN = n;
        }
      }
      if (top === 0 || topN < 0.8 * total) continue;
      const b = by.get(top) ?? { requests: 0, peak: new Float64Array(FEATURE_COUNT) };
      b.requests += acc.profile.n;
      for (let f = 0; f < FEATURE_COUNT; f++)
        if ((acc.peak[f] as number) > (b.peak[f] as number)) b.peak[f] = acc.peak[f] as number;
      by.set(top, b);
    }
    return [...by.entries()]
      .filter(([, b]) => b.requests >= BASELINE_MIN_REQUESTS)
      .sort((a, b) => b[1].requests - a[1].requests || a[0] - b[0])
      .slice(0, MAX_BASELINES)
      .map(([p, b]) => ({
        id: p.toString(16).padStart(8, "0"),
        requests: b.requests,
        peak: [...b.peak].map((v) => Math.round(v * 1e6) / 1e6),
      }));
  }

  private buildClusters(points: number[][], centroids0: number[][], kept: ClientAcc[]): ClusterModel[] {
    let centroids = centroids0.map((c) => [...c]);
    const near = (p: number[]) => {
      let best = 0;
      let bd = Number.POSITIVE_INFINITY;
      centroids.forEach((c, i) => {
        let d = 0;
        for (let j = 0; j < c.length; j++) d += ((p[j] as number) - (c[j] as number)) ** 2;
        if (d < bd) {
          bd = d;
          best = i;
        }
      });
      return { best, d: Math.sqrt(bd) };
    };
    // Dissolve tiny clusters: their members join the nearest remaining group.
    for (let guard = 0; guard < 16 && centroids.length > 1; guard++) {
      const counts = centroids.map(() => 0);
      for (const p of points) {
        const b = near(p).best;
        counts[b] = (counts[b] as number) + 1;
      }
      const small = counts.findIndex((c) => c < MIN_CLUSTER);
      if (small < 0) break;
      centroids = centroids.filter((_, i) => i !== small);
    }
    if (points.length === 0) return [];
    const members: number[][] = centroids.map(() => []);
    points.forEach((p, i) => {
      (members[near(p).best] as number[]).push(i);
    });
    return centroids
      .map((_, c) => {
        const idx = members[c] as number[];
        const S = centroids[0]?.length ?? 0;
        const centroid = Array.from({ length: S }, (_, s) =>
          mean(idx.map((i) => (points[i] as number[])[s] as number)),
        );
        centroids[c] = centroid;
        const dists = idx.map((i) => {
          let d = 0;
          for (let s = 0; s < S; s++) d += (((points[i] as number[])[s] as number) - (centroid[s] as number)) ** 2;
          return Math.sqrt(d);
        });
        // The cluster's core: members within CORE_FACTOR × the 90th percentile distance. Its
        // thresholds describe the core only, so that a few far-out members (an export job among
        // app clients) do not lift the allowance of every client near the group; they are
        // covered by their own principal baselines. Clients beyond `radius` (twice the farthest
        // typical member) are like no group at all and get the strict row.
        const coreRadius = Math.max(1, quantile(dists, CORE_Q) * CORE_FACTOR);
        const core = idx.filter((_, j) => (dists[j] as number) <= coreRadius);
        const radius = Math.max(coreRadius, quantile(dists, 0.99) * NOVEL_FACTOR);
        const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
        const med: number[] = [];
        const spread: number[] = [];
        const threshold: number[] = [];
        for (let f = 0; f < FEATURE_COUNT; f++) {
          const vals = core.map((i) => (kept[i] as ClientAcc).peak[f] as number);
          const m = median(vals);
          const sp = Math.max(featureUnit(f), robustSpread(vals));
          const q = quantile(vals, THRESHOLD_Q);
          med.push(r6(m));
          spread.push(r6(sp));
          threshold.push(r6(thresholdFrom(q, sp)));
        }
        return {
          size: idx.length,
          centroid: centroid.map(r6),
          radius: r6(radius),
          median: med,
          spread,
          threshold,
        };
      })
      .filter((c) => c.size > 0);
  }
}

/**
 * Runs the three passes over `requests()` (called once per pass, in time
 * order) and returns the model: what `apiward learn` and the learning core do.
 */
export function learnModel(requests: () => Iterable<OfflineRequest>, opts: TrainerOptions = {}): BehaviourModel {
  const t = new BehaviourTrainer(opts);
  for (const q of requests()) t.observeInventory(q);
  t.finishInventory();
  for (const q of requests()) t.observeEndpoints(q);
  t.finishEndpoints();
  for (const q of requests()) t.observeClients(q);
  return t.finish();
}
