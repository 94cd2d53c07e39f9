/**
 * @module core/behaviour/train
 * The model from its parts: per-endpoint statistics (which endpoints are
 * logins, which are expensive), the workflow model, and one summary per
 * client (summary.ts). `apiward learn` (learn.ts) and the learning core
 * (durable-objects/learning-core.ts, from the ClientState objects' summaries
 * of live traffic) both end here, so a model means the same wherever it was
 * trained.
 *
 * Clients with no feature evaluation (fewer than MIN_REQUESTS requests),
 * claiming to be a crawler, or already named by the floors of an
 * unambiguous kind (scanner, brute force, enumeration, injection: "mostly
 * benign" data still holds some internet noise) are left out; the rest are
 * clustered by their standardized style (cluster.ts) and each cluster gets,
 * per feature and per window-age bucket, the median, a robust spread and a
 * threshold (THRESHOLD_Q quantile of its core members' peaks, with a
 * margin). Workflow features (Markov surprise, unseen transitions) learn
 * only from summaries computed with a workflow model: a client summarised
 * before the app had one reads 0 there, which says nothing. A cluster with
 * such members and fewer than MIN_WORKFLOW_MEMBERS scored with one leaves
 * those terms UNLEARNED (not scored): the learning core's first model,
 * trained before any workflow model existed, scores workflows only from its
 * successor on.
 */
import { hash32 } from "../discovery/hash.ts";
import { chooseClusters } from "./cluster.ts";
import { thresholdFrom } from "./context.ts";
import { AGE_BOUNDS_MIN, F, FEATURE_COUNT, FEATURES, featureUnit, STYLE_FEATURES, STYLE_SQRT } from "./features.ts";
import { KIND_RULES } from "./kinds.ts";
import type { MarkovState } from "./markov.ts";
import { type BehaviourModel, type ClusterModel, MODEL_FORMAT, MODEL_VERSION } from "./model.ts";
import { scoreTs } from "./score.ts";
import { buildTables } from "./score-table.ts";
import { mean, median, quantile, robustSpread, std } from "./stats.ts";
import type { ClientSummary } from "./summary.ts";

export const THRESHOLD_Q = 0.99;
/** A cluster's core: members within CORE_FACTOR × the CORE_Q quantile of members' distances (at least 1). */
export const CORE_Q = 0.9;
export const CORE_FACTOR = 1.5;
/** Novelty boundary: NOVEL_FACTOR × the 99th percentile distance. */
export const NOVEL_FACTOR = 2;
/** A principal (or a known client) needs this many training requests for its own baseline. */
export const BASELINE_MIN_REQUESTS = 50;
/** Baselines kept of each kind (principals, clients): the busiest. */
const MAX_BASELINES = 1000;
export const EXPENSIVE_FACTOR = 5;
export const EXPENSIVE_MIN_MS = 20;
/** Clusters smaller than this are dissolved into their nearest neighbour. */
export const MIN_CLUSTER = 3;
/** Latency samples kept per endpoint (reservoir). */
export const LATENCY_SAMPLE = 256;
/** Kinds whose floors mark a training client as noise to leave out. */
const UNAMBIGUOUS = new Set(["scanner", "bruteforce", "enumeration", "injection"]);
/** Features read from the workflow model. */
const WORKFLOW = new Set<number>([F.markov_surprise, F.unseen_transitions]);
/** Members scored with a workflow model a cluster needs before its workflow thresholds are learned. */
export const MIN_WORKFLOW_MEMBERS = 10;
/**
 * Threshold of a feature the training data says nothing about (workflow
 * features of clients summarised before the app had a workflow model): out
 * of reach, so the term does not score until a later model learns it.
 */
export const UNLEARNED = 1e9;

/** Per-endpoint counts and a latency sample: what login and expensive endpoints are found from. */
export interface EndpointStat {
  count: number;
  posts: number;
  loginBodies: number;
  latencies: number[];
}

export type EndpointStats = Map<string, EndpointStat>;

/** Counts one request of `endpoint`. `cap` bounds the latency reservoir. */
export function countEndpoint(
  stats: EndpointStats,
  endpoint: string,
  r: { method: string; loginUser?: string; latencyMs: number },
  cap = LATENCY_SAMPLE,
): void {
  let st = stats.get(endpoint);
  if (!st) {
    st = { count: 0, posts: 0, loginBodies: 0, latencies: [] };
    stats.set(endpoint, st);
  }
  st.count++;
  if (r.method === "POST") st.posts++;
  if (r.loginUser !== undefined) st.loginBodies++;
  if (st.latencies.length < cap) st.latencies.push(r.latencyMs);
  else {
    // Reservoir sample: bounded memory whatever the traffic.
    const j = hash32(`${st.count}`) % st.count;
    if (j < cap) st.latencies[j] = r.latencyMs;
  }
}

/** Adds `from` into `into` (counts summed, latency samples pooled and thinned to `cap`). */
export function mergeEndpointStats(into: EndpointStats, from: EndpointStats, cap = LATENCY_SAMPLE): void {
  for (const [ep, s] of from) {
    const st = into.get(ep) ?? { count: 0, posts: 0, loginBodies: 0, latencies: [] };
    st.count += s.count;
    st.posts += s.posts;
    st.loginBodies += s.loginBodies;
    const pool = [...st.latencies, ...s.latencies];
    // Evenly thinned, so every contributor keeps its share.
    st.latencies =
      pool.length <= cap
        ? pool
        : Array.from({ length: cap }, (_, i) => pool[Math.floor((i * pool.length) / cap)] as number);
    into.set(ep, st);
  }
}

export function endpointStatsToJSON(s: EndpointStats): Array<[string, number, number, number, number[]]> {
  return [...s].map(([ep, v]) => [ep, v.count, v.posts, v.loginBodies, v.latencies]);
}

export function endpointStatsFromJSON(v: unknown, maxEndpoints = 4096): EndpointStats {
  const out: EndpointStats = new Map();
  if (!Array.isArray(v)) return out;
  for (const row of v.slice(0, maxEndpoints)) {
    if (!Array.isArray(row) || row.length !== 5 || typeof row[0] !== "string") continue;
    const [ep, count, posts, lb, lat] = row as [string, unknown, unknown, unknown, unknown];
    if (typeof count !== "number" || typeof posts !== "number" || typeof lb !== "number" || !Array.isArray(lat))
      continue;
    out.set(ep, {
      count,
      posts,
      loginBodies: lb,
      latencies: lat.filter((x): x is number => typeof x === "number" && Number.isFinite(x)).slice(0, LATENCY_SAMPLE),
    });
  }
  return out;
}

/**
 * Logins: endpoints whose POST bodies mostly carry a user name. Expensive:
 * median latency ≥ EXPENSIVE_FACTOR × the app's typical latency (the median
 * of endpoint medians, weighted by traffic up to 64) and ≥ EXPENSIVE_MIN_MS.
 */
export function endpointRoles(stats: EndpointStats): { login: string[]; expensive: string[] } {
  const med = new Map<string, number>();
  const weighted: number[] = [];
  for (const [ep, st] of stats) {
    const m = median(st.latencies);
    med.set(ep, m);
    for (let i = 0; i < Math.min(st.count, 64); i++) weighted.push(m);
  }
  const typical = median(weighted);
  const login: string[] = [];
  const expensive: string[] = [];
  for (const [ep, st] of stats) {
    if (st.posts >= 3 && st.loginBodies >= Math.max(3, 0.5 * st.posts)) login.push(ep);
    const m = med.get(ep) ?? 0;
    if (st.count >= 10 && m >= EXPENSIVE_MIN_MS && m >= EXPENSIVE_FACTOR * typical) expensive.push(ep);
  }
  return { login: login.sort(), expensive: expensive.sort() };
}

/** Everything but the clients. */
export interface ModelParts {
  app: string;
  templates: string[];
  login: string[];
  expensive: string[];
  markov: MarkovState;
  /** Records (requests) behind the model. */
  records: number;
  from: number | null;
  to: number | null;
  maxK?: number;
  now?: () => Date;
}

let floorsTable: Float64Array | null = null;

/** Why a summary was left out (null: kept). */
export function excludedBecause(s: ClientSummary): string | null {
  if (s.samples === 0) return "too few requests";
  if (s.bot) return "claims to be a crawler";
  floorsTable ??= buildTables(null).table;
  const out = new Float64Array(2 + KIND_RULES.length);
  const x = Float64Array.from(s.peak);
  scoreTs(floorsTable, x, new Float64Array(FEATURE_COUNT), out);
  const k = KIND_RULES.findIndex((r, i) => UNAMBIGUOUS.has(r.kind) && (out[2 + i] as number) >= 1);
  return k >= 0 ? `caught by the ${(KIND_RULES[k] as (typeof KIND_RULES)[number]).kind} floors` : null;
}

/** Clusters the kept clients and writes the model. */
export function buildModel(summaries: Iterable<ClientSummary>, parts: ModelParts): BehaviourModel {
  const kept: ClientSummary[] = [];
  let excluded = 0;
  for (const s of summaries) {
    if (excludedBecause(s) !== null) excluded++;
    else kept.push(s);
  }
  const style = kept.map((a) => a.style.map((v, s) => (STYLE_SQRT[s] ? Math.sqrt(Math.max(0, v)) : v)));
  const S = STYLE_FEATURES.length;
  const mu = Array.from({ length: S }, (_, s) => mean(style.map((p) => p[s] as number)));
  const sd = Array.from({ length: S }, (_, s) => Math.max(0.05, std(style.map((p) => p[s] as number))));
  const points = style.map((p) => p.map((v, s) => (v - (mu[s] as number)) / (sd[s] as number)));
  const clustering = chooseClusters(points, parts.maxK ?? 8);
  const clusters = buildClusters(points, clustering.centroids, kept);
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    created_at: (parts.now ? parts.now() : new Date()).toISOString(),
    app: parts.app,
    trained_on: { records: parts.records, clients: kept.length, excluded, from: parts.from, to: parts.to },
    features: [...FEATURES],
    endpoints: { templates: parts.templates, login: parts.login, expensive: parts.expensive },
    markov: parts.markov,
    style: { features: STYLE_FEATURES.map((f) => FEATURES[f] as string), sqrt: [...STYLE_SQRT], mean: mu, std: sd },
    clusters,
    age_minutes: [...AGE_BOUNDS_MIN],
    principals: baselines(kept),
    selection: { k: clusters.length, silhouette: clustering.silhouette },
  };
}

/**
 * Own baselines of the kept clients: per signed-in principal, the peaks of
 * the clients that acted (mostly) as it; and for a client that acted as no
 * one principal (an address, or a credential identity without principals),
 * its own peaks under its `clientKey`. Either needs BASELINE_MIN_REQUESTS
 * training requests; the busiest MAX_BASELINES of each kind are kept.
 */
function baselines(kept: ClientSummary[]): NonNullable<BehaviourModel["principals"]> {
  const by = new Map<number, { requests: number; peak: Float64Array; client: boolean }>();
  for (const s of kept) {
    let total = 0;
    let top = 0;
    let topN = 0;
    for (const [p, n] of s.principals) {
      total += n;
      if (n > topN) {
        top = p;
        topN = n;
      }
    }
    const principal = top !== 0 && topN >= 0.8 * total;
    const key = principal ? top : (s.client ?? 0);
    if (key === 0) continue;
    const b = by.get(key) ?? { requests: 0, peak: new Float64Array(FEATURE_COUNT), client: !principal };
    // A key both ways is one identity (a credential client's key is its principal's hash): a principal.
    if (principal) b.client = false;
    b.requests += s.requests;
    for (let f = 0; f < FEATURE_COUNT; f++)
      if ((s.peak[f] as number) > (b.peak[f] as number)) b.peak[f] = s.peak[f] as number;
    by.set(key, b);
  }
  const busiest = (client: boolean) =>
    [...by.entries()]
      .filter(([, b]) => b.client === client && b.requests >= BASELINE_MIN_REQUESTS)
      .sort((a, b) => b[1].requests - a[1].requests || a[0] - b[0])
      .slice(0, MAX_BASELINES);
  return [...busiest(false), ...busiest(true)].map(([p, b]) => ({
    id: p.toString(16).padStart(8, "0"),
    requests: b.requests,
    peak: [...b.peak].map((v) => Math.round(v * 1e6) / 1e6),
    ...(b.client ? { kind: "client" as const } : {}),
  }));
}

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** Median, spread and threshold per feature of the given peaks (`at(i)`: member i's peak row). */
function rows(
  core: readonly number[],
  peakOf: (i: number) => readonly number[],
  markovOk: (i: number) => boolean,
): { median: number[]; spread: number[]; threshold: number[] } {
  const med: number[] = [];
  const spread: number[] = [];
  const threshold: number[] = [];
  const withMarkov = core.filter(markovOk);
  for (let f = 0; f < FEATURE_COUNT; f++) {
    const partial = WORKFLOW.has(f) && withMarkov.length < core.length;
    if (partial && withMarkov.length < MIN_WORKFLOW_MEMBERS) {
      med.push(0);
      spread.push(featureUnit(f));
      threshold.push(UNLEARNED);
      continue;
    }
    // Workflow features only from clients scored with a workflow model.
    const from = partial ? withMarkov : core;
    const vals = from.map((i) => peakOf(i)[f] as number);
    const m = median(vals);
    const sp = Math.max(featureUnit(f), robustSpread(vals));
    const q = quantile(vals, THRESHOLD_Q);
    med.push(r6(m));
    spread.push(r6(sp));
    threshold.push(r6(thresholdFrom(q, sp)));
  }
  return { median: med, spread, threshold };
}

function buildClusters(points: number[][], centroids0: number[][], kept: ClientSummary[]): ClusterModel[] {
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
  const markovOk = (i: number) => (kept[i] as ClientSummary).markov;
  return centroids
    .map((_, c) => {
      const idx = members[c] as number[];
      const S = centroids[0]?.length ?? 0;
      const centroid = Array.from({ length: S }, (_, s) => mean(idx.map((i) => (points[i] as number[])[s] as number)));
      centroids[c] = centroid;
      const dists = idx.map((i) => {
        let d = 0;
        for (let s = 0; s < S; s++) d += (((points[i] as number[])[s] as number) - (centroid[s] as number)) ** 2;
        return Math.sqrt(d);
      });
      // The cluster's core: members within CORE_FACTOR × the 90th percentile distance. Its
      // thresholds describe the core only, so that a few far-out members (an export job among
      // app clients) do not lift the allowance of every client near the group; they are
      // covered by their own principal baselines.
      const coreRadius = Math.max(1, quantile(dists, CORE_Q) * CORE_FACTOR);
      const core = idx.filter((_, j) => (dists[j] as number) <= coreRadius);
      const radius = Math.max(coreRadius, quantile(dists, 0.99) * NOVEL_FACTOR);
      const all = rows(core, (i) => (kept[i] as ClientSummary).peak, markovOk);
      const young = AGE_BOUNDS_MIN.map((_, a) =>
        rows(core, (i) => (kept[i] as ClientSummary).age_peak[a] as number[], markovOk),
      );
      return {
        size: idx.length,
        centroid: centroid.map(r6),
        radius: r6(radius),
        median: all.median,
        spread: all.spread,
        threshold: all.threshold,
        by_age: {
          median: young.map((r) => r.median),
          spread: young.map((r) => r.spread),
          threshold: young.map((r) => r.threshold),
        },
      };
    })
    .filter((c) => c.size > 0);
}
