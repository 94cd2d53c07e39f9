/**
 * @module core/behaviour/features
 * The feature vector of one client at one moment, in a fixed slot order
 * (FEATURES) shared by the learner, the scorer (TS reference and Wasm) and
 * the model JSON. Higher means "more unusual" for every feature the kinds
 * score on; the rest describe the client's style (for clustering).
 *
 * Short-term features read the ring of the last 64 requests; long-term ones
 * the 20–30 minute window of slots and distinct sets (client-profile.ts).
 */
import {
  C_4XX,
  C_5XX,
  C_404,
  C_API,
  C_AUTHN,
  C_BROWSER_UA,
  C_DOC,
  C_ID_ERR,
  C_ID_REQ,
  C_LOGIN_FAIL,
  C_MISSING_HDR,
  C_ODD,
  C_REQ,
  C_STATIC,
  C_TOOL,
  C_WRITE,
  type ClientProfile,
  I_ERR,
  I_OK,
  R_DOC,
  R_EXPENSIVE,
  R_LOGIN,
  R_NEW_READ,
  R_STATIC,
  SESSION_GAP_S,
  WINDOW_S,
} from "./client-profile.ts";
import { type MarkovModel, START } from "./markov.ts";

export const FEATURES = [
  "req_1m",
  "peak_10s",
  "regularity",
  "periodicity",
  "markov_surprise",
  "unseen_transitions",
  "static_share",
  "doc_share",
  "api_share",
  "err_ratio",
  "notfound_ratio",
  "server_err_ratio",
  "notfound_distinct",
  "endpoints_distinct",
  "login_failures",
  "users_failed",
  "login_fail_ratio",
  "ids_per_endpoint",
  "ids_denied",
  "id_err_ratio",
  "dense_walk",
  "expensive_peak_10s",
  "login_peak_10s",
  "ordered_walk",
  "query_variants",
  "ua_distinct",
  "missing_browser_headers",
  "header_families",
  "payload_requests",
  "items_read",
  "probe_hits",
  "tool_ua",
  "requests",
  "pages_distinct",
  "active_minutes",
  "auth_share",
  "write_share",
  "odd_methods",
  "request_rate",
  "pages_without_assets",
  "browser_share",
  "population",
  "read_ok_share",
  "window_minutes",
  "read_streak",
] as const;

export type FeatureName = (typeof FEATURES)[number];

/**
 * Age of the client's long window, in minutes: the scorer's "look" at it.
 * Thresholds are learned per age bucket (score-table.ts): a benign client's
 * windowed counts grow with the window's age, so reading 20 objects in the
 * first minute is compared with what benign clients do in their first
 * minute, not with their busiest half hour. Bounds (upper, minutes) of the
 * buckets before the last, unbounded one. Chosen once, a doubling ladder
 * of looks, not fitted.
 */
export const AGE_BOUNDS_MIN: readonly number[] = [1, 2, 5, 10];
export const F = Object.fromEntries(FEATURES.map((n, i) => [n, i])) as Record<FeatureName, number>;
export const FEATURE_COUNT = FEATURES.length;

/** Style features clustering uses (square-root compressed where STYLE_SQRT says). */
export const STYLE_FEATURES: readonly number[] = [
  F.periodicity,
  F.static_share,
  F.doc_share,
  F.api_share,
  F.auth_share,
  F.write_share,
  F.request_rate,
  F.missing_browser_headers,
  F.browser_share,
];
/** Style features compressed by a square root before standardizing (heavy-tailed rates). */
export const STYLE_SQRT: readonly boolean[] = [false, false, false, false, false, false, true, false, false];

/**
 * Resolution of each feature: the smallest spread a learned distribution may
 * have (a cluster whose members all sent 0 must not make 1 look infinitely
 * far). Shares and ratios 0.05, counts 1, surprise 0.5 bits, minutes 5,
 * requests per minute 5.
 */
export function featureUnit(i: number): number {
  const n = FEATURES[i] as FeatureName;
  if (
    n.endsWith("_share") ||
    n.endsWith("_ratio") ||
    n === "regularity" ||
    n === "periodicity" ||
    n === "unseen_transitions" ||
    n === "missing_browser_headers" ||
    n === "pages_without_assets" ||
    n === "tool_ua"
  )
    return 0.05;
  if (n === "markov_surprise") return 0.5;
  if (n === "active_minutes") return 5;
  if (n === "window_minutes") return 1;
  if (n === "request_rate") return 5;
  return 1;
}

/** Volume features divided by the number of people behind the client key. */
const PER_PERSON: readonly number[] = [
  F.pages_distinct,
  F.items_read,
  F.query_variants,
  F.request_rate,
  F.req_1m,
  F.peak_10s,
  F.endpoints_distinct,
  // Several people's reads interleave into one long streak.
  F.read_streak,
];

const scratchGroups = new Map<number, number>();
const gaps: number[] = [];

const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);

/** Gap features over the ring: regularity (1 − CV, ≥ 0) and periodicity (share within ±10% of the median gap). */
function gapFeatures(p: ClientProfile, out: Float64Array): void {
  gaps.length = 0;
  let prev = Number.NaN;
  for (let j = p.count - 1; j >= 0; j--) {
    const t = p.rTs[p.at(j)] as number;
    if (!Number.isNaN(prev)) {
      const g = t - prev;
      // Sub-second gaps are a page's assets and calls, not decisions.
      if (g >= 0.5 && g < SESSION_GAP_S) gaps.push(g);
    }
    prev = t;
  }
  if (gaps.length < 4) {
    out[F.regularity] = 0;
    out[F.periodicity] = 0;
    return;
  }
  let sum = 0;
  for (const g of gaps) sum += g;
  const mean = sum / gaps.length;
  let v = 0;
  for (const g of gaps) v += (g - mean) * (g - mean);
  const cv = Math.sqrt(v / gaps.length) / mean;
  out[F.regularity] = Math.max(0, 1 - cv);
  gaps.sort((a, b) => a - b);
  const med = gaps[gaps.length >> 1] as number;
  let near = 0;
  for (const g of gaps) if (Math.abs(g - med) <= 0.1 * med) near++;
  out[F.periodicity] = near / gaps.length;
}

/** Largest number of ring requests with all of `mask` and none of `not` flags inside any 10 s window. */
function peak10s(p: ClientProfile, mask: number, not = 0): number {
  let best = 0;
  let inWin = 0;
  let lo = p.count - 1;
  const hit = (i: number) => ((p.rFlags[i] as number) & mask) === mask && ((p.rFlags[i] as number) & not) === 0;
  for (let j = p.count - 1; j >= 0; j--) {
    const i = p.at(j);
    if (!hit(i)) continue;
    const t = p.rTs[i] as number;
    inWin++;
    while (lo > j && (p.rTs[p.at(lo)] as number) < t - 10) {
      if (hit(p.at(lo))) inWin--;
      lo--;
    }
    if (inWin > best) best = inWin;
  }
  return best;
}

const walkState = new Map<number, [last: number, dir: number, run: number]>();

/** Longest run of strictly increasing (or decreasing) numeric ids on one endpoint, in steps. */
function orderedWalk(p: ClientProfile): number {
  walkState.clear();
  let best = 0;
  for (let j = p.count - 1; j >= 0; j--) {
    const i = p.at(j);
    const id = p.rId[i] as number;
    if (Number.isNaN(id)) continue;
    const tpl = p.rTpl[i] as number;
    const st = walkState.get(tpl);
    if (!st) {
      walkState.set(tpl, [id, 0, 0]);
      continue;
    }
    const d = Math.sign(id - st[0]);
    if (d === 0) continue;
    st[2] = d === st[1] ? st[2] + 1 : 1;
    st[1] = d;
    st[0] = id;
    if (st[2] > best) best = st[2];
  }
  return best;
}

/** Burst, workflow and walking features over the ring. */
function ringFeatures(p: ClientProfile, now: number, markov: MarkovModel, out: Float64Array): void {
  let req1m = 0;
  for (let j = 0; j < p.count; j++) {
    if ((p.rTs[p.at(j)] as number) < now - 60) break;
    req1m++;
  }
  out[F.req_1m] = req1m;
  out[F.peak_10s] = peak10s(p, 0);
  // Expensive endpoints other than logins (login floods have their own feature).
  out[F.expensive_peak_10s] = peak10s(p, R_EXPENSIVE, R_LOGIN);
  out[F.login_peak_10s] = peak10s(p, R_LOGIN);
  out[F.ordered_walk] = orderedWalk(p);

  // Workflow surprise over non-static requests, oldest to newest.
  let prevState = -1;
  let prevT = Number.NaN;
  let n = 0;
  let bits = 0;
  let unseen = 0;
  let pairs = 0;
  let dense = 0;
  let lastId = Number.NaN;
  let lastIdTpl = 0;
  let docs = 0;
  let bareDocs = 0;
  let streak = 0;
  let bestStreak = 0;
  for (let j = p.count - 1; j >= 0; j--) {
    const i = p.at(j);
    const fl = p.rFlags[i] as number;
    const t = p.rTs[i] as number;
    if (fl & R_DOC) {
      docs++;
      // A browser follows a page with its assets or API calls within seconds.
      let followed = false;
      for (let k = j - 1; k >= 0; k--) {
        const ik = p.at(k);
        if ((p.rTs[ik] as number) > t + 5) break;
        if (!((p.rFlags[ik] as number) & R_DOC)) {
          followed = true;
          break;
        }
      }
      // The newest page may still get its assets: undecided for 5 s.
      if (!followed && (j > 0 || now - t > 5)) bareDocs++;
    }
    if (fl & R_STATIC) continue;
    // Object after object with nothing in between: no listing, search, cart, revisit or error.
    streak = fl & R_NEW_READ ? streak + 1 : 0;
    if (streak > bestStreak) bestStreak = streak;
    if (markov.trained) {
      const s = markov.stateOf(p.rTpl[i] as number);
      const from = prevState < 0 || t - prevT > SESSION_GAP_S ? START : prevState;
      // The ring's oldest request has an unknown predecessor unless it is the client's first.
      if (prevState >= 0 || p.n === p.count) {
        bits += markov.surprise(from, s);
        if (markov.count(from, s) === 0) unseen++;
        n++;
      }
      prevState = s;
    }
    prevT = t;
    const id = p.rId[i] as number;
    const tpl = p.rTpl[i] as number;
    if (!Number.isNaN(id)) {
      if (tpl === lastIdTpl && !Number.isNaN(lastId)) {
        pairs++;
        const d = Math.abs(id - lastId);
        if (d > 0 && d <= 2) dense++;
      }
      lastId = id;
      lastIdTpl = tpl;
    }
  }
  out[F.markov_surprise] = n >= 3 ? bits / n : 0;
  out[F.unseen_transitions] = n >= 3 ? unseen / n : 0;
  out[F.dense_walk] = pairs >= 4 ? dense / pairs : 0;
  out[F.pages_without_assets] = docs >= 3 ? bareDocs / docs : 0;
  out[F.read_streak] = bestStreak;
}

/** Computes every feature of `p` at time `now` into `out` (length FEATURE_COUNT). */
export function computeFeatures(
  p: ClientProfile,
  now: number,
  markov: MarkovModel,
  out = new Float64Array(FEATURE_COUNT),
): Float64Array {
  out.fill(0);
  const since = now - WINDOW_S;
  // Probes and payloads count even when apiward answered every request so far.
  // Payloads: the most from any one signed-in principal (or from the anonymous requests together).
  out[F.payload_requests] = p.sets.payloads.maxPerGroup(since, 0, scratchGroups, true);
  out[F.probe_hits] = p.sets.probes.countSince(since);
  if (p.n === 0) return out;
  ringFeatures(p, now, markov, out);
  gapFeatures(p, out);
  const req = p.counter(C_REQ, now);
  const nonStatic = req - p.counter(C_STATIC, now);
  out[F.requests] = req;
  out[F.static_share] = ratio(p.counter(C_STATIC, now), req);
  out[F.doc_share] = ratio(p.counter(C_DOC, now), req);
  out[F.api_share] = ratio(p.counter(C_API, now), req);
  out[F.err_ratio] = ratio(p.counter(C_4XX, now), nonStatic);
  out[F.notfound_ratio] = ratio(p.counter(C_404, now), req);
  out[F.server_err_ratio] = ratio(p.counter(C_5XX, now), req);
  out[F.notfound_distinct] = p.sets.nf404.countSince(since);
  out[F.endpoints_distinct] = p.sets.endpoints.countSince(since);
  const lf = p.counter(C_LOGIN_FAIL, now);
  out[F.login_failures] = lf;
  out[F.users_failed] = p.sets.users.countSince(since);
  out[F.login_fail_ratio] = ratio(lf, nonStatic);
  out[F.ids_per_endpoint] = p.sets.items.maxPerGroup(since, 0, scratchGroups);
  out[F.ids_denied] = p.sets.items.maxPerGroup(since, I_ERR, scratchGroups);
  const idReq = p.counter(C_ID_REQ, now);
  out[F.id_err_ratio] = ratio(p.counter(C_ID_ERR, now), idReq);
  out[F.read_ok_share] = idReq > 0 ? 1 - (out[F.id_err_ratio] as number) : 1;
  // Since the window began (the client's first request, or its first after a long window's silence).
  out[F.window_minutes] = Math.min(WINDOW_S, Math.max(0, now - p.since)) / 60;
  out[F.ua_distinct] = p.sets.uas.countSince(since);
  const browser = p.counter(C_BROWSER_UA, now);
  out[F.missing_browser_headers] = ratio(p.counter(C_MISSING_HDR, now), browser);
  out[F.browser_share] = ratio(browser, req);
  out[F.header_families] = p.sets.families.countSince(since);
  const items = p.sets.items.countSince(since, I_OK);
  out[F.items_read] = items;
  out[F.tool_ua] = ratio(p.counter(C_TOOL, now), req);
  out[F.pages_distinct] = p.sets.docs.countSince(since);
  // Continuous activity (no pause over RUN_GAP_S), capped at a day.
  const active = Math.min(1440, Math.max(0, (now - p.runStart) / 60));
  out[F.active_minutes] = active;
  out[F.query_variants] = p.sets.variants.maxPerGroup(since, 0, scratchGroups);
  out[F.auth_share] = ratio(p.counter(C_AUTHN, now), req);
  out[F.write_share] = ratio(p.counter(C_WRITE, now), nonStatic);
  out[F.odd_methods] = p.counter(C_ODD, now);
  out[F.request_rate] = req / Math.max(1, Math.min(active, WINDOW_S / 60));
  // Many people behind one address (a carrier NAT, an office): signed-in principals, or
  // browsers each with their own cookies and full browser headers. The address's volume is
  // theirs together, so volume features are per person. Evading this takes as many accounts
  // or convincing browser identities as the volume is large.
  const population = Math.max(1, p.sets.principals.countSince(since), p.sets.jars.countSince(since));
  out[F.population] = population;
  if (population > 1) {
    for (const f of PER_PERSON) out[f] = (out[f] as number) / population;
  }
  return out;
}
