/**
 * @module core/anomaly/detector
 * Detection over the merged view (state.ts), once a minute (`tick`):
 *
 * 1. Every window that is due (5 min each minute, 30 min every 5 minutes,
 *    4 h every 30 minutes, 24 h every 4 hours) of every key is compared
 *    with its seasonal baseline (robust z-scores) and, for 5-minute
 *    windows, scored by the isolation forest (signals.ts).
 * 2. Each anomalous endpoint key is looked at deeper, by the family its
 *    excess points to (credential, probe, volume): its participants
 *    (addresses active on it in the window), the attack
 *    kind (for volume: a flood when participants each exceed what one
 *    normal client does, a scrape when the excess is in distinct objects or
 *    the typical participant reads distinct objects and little else),
 *    and every participant's suspicion (suspicion.ts).
 * 3. With at least `min_sources` suspicious sources from `min_nets`
 *    networks the anomaly is distributed: each suspicious source is
 *    mitigated. When the attack is too diffuse for that (few sources over
 *    the threshold, but the anomaly's traffic suspicious on average),
 *    clients new since the anomaly began are mitigated on the endpoint
 *    instead, until its window is normal again. "Diffuse" means the median
 *    participant is suspicious (over `group_threshold`) but most suspicious
 *    sources stay under the per-source threshold. An endpoint mitigation
 *    applies to clients new since the anomaly began that enter the app at
 *    that endpoint (enforce.ts): what a rotating botnet looks like, and
 *    what a flash crowd landing on a page does not.
 * 4. Every 5 minutes, the distributed anomalies established in step 3 (their
 *    "core" of sources mitigated one by one) attribute the new addresses
 *    that share their fingerprint, through fingerprints history measures as
 *    rare among new clients (campaign.ts).
 * A rise with no attack signal, or whose participants look like ordinary
 * clients, is a `surge` finding: reported, never mitigated (flash crowds,
 * campaigns, big NATs, daily rises). Verified crawlers never participate.
 */
import { clientKey } from "../identity/client-ip.ts";
import { Bloom } from "./bloom.ts";
import { Campaigns } from "./campaign.ts";
import type { AnomalyDelta } from "./delta.ts";
import { FEATURE_COUNT, windowFeatures } from "./features.ts";
import { scoreFromPath } from "./iforest.ts";
import { type Evidence, type IpEntry, IpTable, SLOT_S } from "./ip-table.ts";
import { AnomalyMitigations } from "./mitigations.ts";
import type { ClientNorm, LoadedModel } from "./model.ts";
import { type AnomalyPolicy, DEFAULT_POLICY } from "./policy.ts";
import { type AnomalyScorer, tsScorer } from "./scorer.ts";
import { zScores } from "./seasonal.ts";
import { type SignalFamily, type WindowVerdict, windowVerdict } from "./signals.ts";
import type { Slice } from "./slice.ts";
import { AggregateState } from "./state.ts";
import { COMPONENT_COUNT, COMPONENTS, components, ownEvidence, rate5m, weightVector } from "./suspicion.ts";
import {
  type AnomalyMitigation,
  type AnomalyReason,
  APP_KEY,
  type DistributedKind,
  UNMATCHED_KEY,
  WINDOWS,
  type WindowName,
} from "./types.ts";
import { KeyWindows } from "./windows.ts";

export interface DetectorOptions {
  app: string;
  model: LoadedModel | null;
  policy?: AnomalyPolicy;
  scorer?: AnomalyScorer;
  /** Authentication endpoint test for keys the model does not list. */
  isAuth?: (endpoint: string) => boolean;
  maxIps?: number;
  maxKeys?: number;
  /** Prefix of mitigation ids (shards use distinct ones). */
  idPrefix?: string;
  /** Receives every look deeper's sources with their scores (evaluation, debugging). */
  trace?: (finding: AnomalyFinding, sources: TracedSource[]) => void;
}

export interface TracedSource {
  ip: string;
  score: number;
  components: number[];
}

export interface AnomalyFinding {
  id: string;
  ts: number;
  app: string;
  window: WindowName;
  keys: string[];
  kind: DistributedKind | "surge";
  family: SignalFamily | "app";
  over: WindowVerdict["over"];
  forest: number;
  participants: number;
  flagged: number;
  nets: number;
  mean_suspicion: number;
  action: "ip_mitigations" | "endpoint_mitigation" | "none";
  mitigations: string[];
}

/** Everything a detector holds, as JSON (the Durable Object saves it between evictions). */
export interface DetectorSnapshot {
  v: 1;
  lastTick: number;
  findingSeq: number;
  runs: Array<[string, number]>;
  keys: Array<[string, unknown]>;
  ips: unknown;
  seen: unknown;
  mitigations: unknown;
  findings: AnomalyFinding[];
  /** Established campaigns (campaign.ts); absent in older snapshots. */
  campaigns?: unknown;
}

export interface TickResult {
  findings: AnomalyFinding[];
  created: AnomalyMitigation[];
}

const MAX_PARTICIPANTS = 20_000;
/** How far before a run of anomalous windows began a long window's participants may have last been on the target. */
const LONG_LOOKBACK_S = 1800;
const MAX_FINDINGS = 500;
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

interface Candidate {
  key: string;
  level: number;
  verdict: WindowVerdict;
  n: number;
}

export class AnomalyDetector {
  readonly app: string;
  readonly state: AggregateState;
  mitigations: AnomalyMitigations;
  /** Established distributed attacks whose fingerprint attributes later members (campaign.ts). */
  campaigns = new Campaigns();
  readonly findings: AnomalyFinding[] = [];
  policy: AnomalyPolicy;
  private model: LoadedModel | null;
  private readonly scorer: AnomalyScorer;
  private readonly isAuthFallback: (endpoint: string) => boolean;
  private readonly trace: DetectorOptions["trace"];
  private authSet: Set<string>;
  private lastTick = 0;
  private findingSeq = 0;
  /** `family|key` → first tick of the current anomalous run. */
  private readonly runs = new Map<string, number>();
  private readonly x = new Float64Array(FEATURE_COUNT);
  private readonly z = new Float64Array(FEATURE_COUNT);

  constructor(opts: DetectorOptions) {
    this.app = opts.app;
    this.model = opts.model;
    this.policy = opts.policy ?? DEFAULT_POLICY;
    this.scorer = opts.scorer ?? tsScorer;
    this.isAuthFallback = opts.isAuth ?? (() => false);
    this.trace = opts.trace;
    this.authSet = new Set(opts.model?.model.auth_endpoints ?? []);
    this.state = new AggregateState({
      maxIps: opts.maxIps,
      maxKeys: opts.maxKeys,
      history: opts.model ? Bloom.fromJSON(opts.model.model.seen) : null,
    });
    this.idPrefix = opts.idPrefix ?? "a";
    this.mitigations = new AnomalyMitigations(undefined, undefined, this.idPrefix);
  }

  private readonly idPrefix: string;

  snapshot(): DetectorSnapshot {
    return {
      v: 1,
      lastTick: this.lastTick,
      findingSeq: this.findingSeq,
      runs: [...this.runs],
      keys: [...this.state.keys].map(([k, kw]) => [k, kw.toJSON()]),
      ips: this.state.ips.toJSON(),
      seen: this.state.seen.toJSON(),
      mitigations: this.mitigations.toJSON(),
      findings: this.findings,
      campaigns: this.campaigns.toJSON(),
    };
  }

  /** Restores a snapshot; a malformed one leaves the detector empty (never throws). */
  restore(v: unknown): void {
    const o = (v ?? {}) as Partial<DetectorSnapshot>;
    if (o.v !== 1) return;
    this.lastTick = typeof o.lastTick === "number" ? o.lastTick : 0;
    this.findingSeq = typeof o.findingSeq === "number" ? o.findingSeq : 0;
    this.runs.clear();
    for (const r of Array.isArray(o.runs) ? o.runs : [])
      if (Array.isArray(r) && typeof r[0] === "string") this.runs.set(r[0], Number(r[1]) || 0);
    this.state.keys.clear();
    for (const r of Array.isArray(o.keys) ? o.keys : [])
      if (Array.isArray(r) && typeof r[0] === "string") this.state.keys.set(r[0], KeyWindows.fromJSON(r[1]));
    this.state.ips = IpTable.fromJSON(o.ips, this.state.ips.maxIps);
    if (o.seen) this.state.seen = Bloom.fromJSON(o.seen);
    this.mitigations = AnomalyMitigations.fromJSON(o.mitigations, this.idPrefix);
    this.campaigns = Campaigns.fromJSON(o.campaigns);
    this.findings.length = 0;
    if (Array.isArray(o.findings)) this.findings.push(...o.findings.slice(-MAX_FINDINGS));
  }

  /** Swaps in a newer model (baselines, forest); the merged state is kept. */
  setModel(model: LoadedModel | null): void {
    this.model = model;
    this.authSet = new Set(model?.model.auth_endpoints ?? []);
    this.state.history = model ? Bloom.fromJSON(model.model.seen) : null;
  }

  get scorerName(): string {
    return this.scorer.name;
  }

  get modelInfo(): { created_at: string; app: string } | null {
    return this.model ? { created_at: this.model.model.created_at, app: this.model.model.app } : null;
  }

  isAuth(key: string): boolean {
    return this.authSet.has(key) || this.isAuthFallback(key);
  }

  ingest(delta: AnomalyDelta): string | null {
    return this.state.ingest(delta);
  }

  /** Runs every window due at `now` (rounded down to the minute). Idempotent per minute. */
  tick(nowTs: number): TickResult {
    const now = Math.floor(nowTs / 60) * 60;
    const out: TickResult = { findings: [], created: [] };
    if (now <= this.lastTick) return out;
    this.lastTick = now;
    const candidates: Candidate[] = [];
    const forestRows: Array<{ c: Candidate; z: Float64Array; n: number; slice: Slice }> = [];
    for (let level = 0; level < WINDOWS.length; level++) {
      const w = WINDOWS[level] as (typeof WINDOWS)[number];
      if (now % w.slice !== 0) continue;
      for (const [key, kw] of this.state.keys) {
        // A key the model knows is judged only where it learned a baseline; an unknown
        // key (a new endpoint) against zero at the short levels only.
        const km = this.model?.model.keys[key];
        const base = km ? km.levels[level] : null;
        if (km ? !base : level >= 2) continue;
        const slice = kw.window(level, now);
        if (slice.n === 0) continue;
        windowFeatures(slice, this.x);
        const z = Float64Array.from(zScores(base, this.x, now, this.z));
        const c: Candidate = { key, level, n: slice.n, verdict: null as unknown as WindowVerdict };
        forestRows.push({ c, z, n: slice.n, slice });
      }
    }
    // Forest scores for the 5-minute windows with enough traffic, in one batch.
    const forest = this.model?.forest;
    const scored = forestRows.filter((r) => r.c.level === 0 && r.n >= this.policy.min_requests);
    const fscore = new Map<Candidate, number>();
    if (forest && scored.length > 0) {
      const rows = new Float64Array(scored.length * FEATURE_COUNT);
      scored.forEach((r, i) => {
        rows.set(r.z, i * FEATURE_COUNT);
      });
      const paths = new Float64Array(scored.length);
      this.scorer.forestPaths(forest, rows, scored.length, paths);
      scored.forEach((r, i) => {
        fscore.set(r.c, scoreFromPath(forest, paths[i] as number));
      });
    }
    const threshold = this.model?.model.forest.threshold ?? 1.01;
    for (const r of forestRows) {
      windowFeatures(r.slice, this.x);
      r.c.verdict = windowVerdict({
        slice: r.slice,
        x: this.x,
        z: r.z,
        baseline: this.model?.model.keys[r.c.key]?.levels[r.c.level] ?? null,
        ts: now,
        level: r.c.level,
        forestScore: fscore.get(r.c) ?? 0,
        forestThreshold: threshold,
        isAuth: this.isAuth(r.c.key),
        isUnmatched: r.c.key === UNMATCHED_KEY,
        policy: this.policy,
      });
      if (r.c.verdict.anomalous) candidates.push(r.c);
    }

    const activeRuns = new Set<string>();
    for (let level = 0; level < WINDOWS.length; level++) {
      const atLevel = candidates.filter((c) => c.level === level);
      for (const c of atLevel) {
        if (c.key === APP_KEY) {
          out.findings.push(this.finding(now, level, [c.key], "surge", "app", c.verdict, 0, 0, 0, 0, "none", []));
        }
      }
      // Each anomalous endpoint is looked at on its own, by the first family its excess
      // points to, except probing: a scan spreads over many paths, so its keys go together.
      const probes: Candidate[] = [];
      for (const c of atLevel) {
        const family = c.verdict.families[0];
        if (c.key === APP_KEY || !family) continue;
        const run = `${family}|${c.key}`;
        activeRuns.add(run);
        if (!this.runs.has(run)) this.runs.set(run, now);
        if (family === "probe") {
          probes.push(c);
          continue;
        }
        const f = this.lookDeeper(now, level, family, [c], out);
        if (f) out.findings.push(f);
      }
      if (probes.length > 0) {
        // Probes land on known templates too (`/{page}` catches `/.env`): at the 5- and 30-minute
        // levels every key with not-founds in the window joins the anomalous ones (64 keys at most).
        const short = (WINDOWS[level] as (typeof WINDOWS)[number]).span <= 1800;
        for (const [key, kw] of short ? this.state.keys : []) {
          if (key === APP_KEY || probes.some((c) => c.key === key)) continue;
          const s = kw.window(level, now);
          if (s.nf > 0)
            probes.push({
              key,
              level,
              n: s.n,
              verdict: { anomalous: false, over: [], forest: 0, forestAnomalous: false, families: [] },
            });
          if (probes.length >= 64) break;
        }
        const f = this.lookDeeper(now, level, "probe", probes, out);
        if (f) out.findings.push(f);
      }
    }
    // Runs that ended at the 5-minute level: their endpoint mitigations are lifted.
    if (now % WINDOWS[0].slice === 0) {
      for (const run of [...this.runs.keys()]) {
        if (activeRuns.has(run)) continue;
        this.runs.delete(run);
        const key = run.slice(run.indexOf("|") + 1);
        for (const m of this.mitigations.activeEndpoint(key, now))
          this.mitigations.lift("endpoint", key, m.kind, now, "window back to normal");
      }
    }
    if (now % SLOT_S === 0) this.attribute(now, out);
    this.mitigations.expire(now);
    if (now % 300 === 0) this.state.prune(now);
    for (const f of out.findings) {
      this.findings.push(f);
      if (this.findings.length > MAX_FINDINGS) this.findings.splice(0, this.findings.length - MAX_FINDINGS);
    }
    return out;
  }

  /** Campaign attribution (campaign.ts): members of established campaigns get the kind's source mitigation. */
  private attribute(now: number, out: TickResult): void {
    this.campaigns.expire(now);
    if (this.campaigns.size === 0) return;
    const found = this.campaigns.attribute(
      now,
      this.state.ips.entries(),
      this.model?.shapes ?? null,
      this.policy,
      (ip, kind) => this.mitigations.has("client", clientKey(ip), kind, now),
    );
    for (const a of found) {
      const c = a.campaign;
      const r = this.mitigations.put({
        app: this.app,
        target: clientKey(a.ip),
        scope: "client",
        kind: c.kind,
        now,
        act: this.policy.actions[c.kind],
        finding: c.finding,
        reasons: [
          {
            feature: "campaign_member",
            value: round3(a.baseRate),
            threshold: this.policy.attribution.max_base_rate,
            normal: 0,
            z: 0,
            detail:
              `${c.kind} on ${c.targets.join(", ")}: new since the attack began, entered by ${a.shape.entry} like ` +
              `the ${c.core.length} sources mitigated one by one, ` +
              (a.shape.refused
                ? `refused by apiward (judged by its entry key and what it did unrefused); ${(a.baseRate * 100).toFixed(2)}% of new clients in history enter there; `
                : `touched only the campaign's keys (${a.shape.keys.join(", ")}) with its pattern; ${(a.baseRate * 100).toFixed(2)}% of new clients in history do that; `) +
              `${round3(a.expected)} background matches expected for ${a.matched}`,
          },
        ],
      });
      if (r.created) out.created.push(r.m);
    }
  }

  private norm(key: string): ClientNorm | null {
    return this.model?.model.keys[key]?.norm ?? null;
  }

  private lookDeeper(
    now: number,
    level: number,
    family: SignalFamily,
    group: Candidate[],
    out: TickResult,
  ): AnomalyFinding | null {
    const p = this.policy;
    const w = WINDOWS[level] as (typeof WINDOWS)[number];
    const from = now - w.span;
    const long = level >= 2;
    const targets = new Set(group.map((c) => c.key));
    const busiest = group.reduce((a, b) => (b.n > a.n ? b : a));
    const norm = this.norm(busiest.key);
    const entryShare = Math.max(0, ...group.map((c) => this.norm(c.key)?.entry_share ?? 0));
    const ips = new Set<string>();
    for (const c of group) {
      // A long window looks back hours: only sources on the target since shortly before this run
      // of anomalous windows began are its participants, not whoever passed by hours earlier.
      const runStart = this.runs.get(`${family}|${c.key}`) ?? now;
      const list = long
        ? this.state.ips.longParticipants(c.key, Math.max(from, runStart - LONG_LOOKBACK_S))
        : this.state.ips.participants(c.key, from, now);
      for (const ip of list) {
        if (ips.size >= MAX_PARTICIPANTS) break;
        ips.add(ip);
      }
    }
    const parts: Array<{ e: IpEntry; ev: Evidence }> = [];
    for (const ip of ips) {
      const e = this.state.ips.get(ip);
      if (!e || e.goodBot) continue;
      const ev = this.state.ips.evidence(e, targets, from, now, long);
      if (ev.reqT > 0) parts.push({ e, ev });
    }
    const over = group.flatMap((c) => c.verdict.over).sort((a, b) => b.z - a.z);
    const forestMax = Math.max(...group.map((c) => c.verdict.forest));
    const kind = this.kindOf(family, group, parts, norm);
    if (!kind) {
      return this.finding(
        now,
        level,
        [...targets],
        "surge",
        family,
        { ...busiest.verdict, over },
        parts.length,
        0,
        0,
        0,
        "none",
        [],
      );
    }

    // Suspicion, in two passes: neighbours count only sources suspicious without them.
    const n = parts.length;
    const rows = new Float64Array(n * COMPONENT_COUNT);
    const scores = new Float64Array(n);
    const weights = weightVector(p.weights);
    const novelty = (e: IpEntry) => (e.known ? 0 : e.first >= from - 1800 ? 1 : 0.5);
    const fill = (peers: (e: IpEntry) => number) => {
      parts.forEach(({ e, ev }, i) => {
        components(
          ev,
          // Entering straight at the target says something of a new source; a known one (a partner's
          // integration calling its one endpoint for months) has always done so.
          {
            kind,
            norm,
            novelty: novelty(e),
            enteredAtTarget: !e.known && targets.has(e.entry),
            entryShare,
            peers: peers(e),
          },
          rows,
          i * COMPONENT_COUNT,
        );
      });
      this.scorer.suspicion(rows, n, weights, scores);
    };
    fill(() => 0);
    const byNet = new Map<string, number>();
    const byAsn = new Map<number, number>();
    parts.forEach(({ e }, i) => {
      if ((scores[i] as number) < p.ip_threshold - p.weights.neighbours) return;
      byNet.set(e.net, (byNet.get(e.net) ?? 0) + 1);
      if (e.asn > 0) byAsn.set(e.asn, (byAsn.get(e.asn) ?? 0) + 1);
    });
    fill((e) => Math.max((byNet.get(e.net) ?? 1) - 1, e.asn > 0 ? (byAsn.get(e.asn) ?? 1) - 1 : 0));

    const flagged: number[] = [];
    const nets = new Set<string>();
    const asns = new Set<number>();
    const C = COMPONENT_COUNT;
    const passes = (i: number): boolean =>
      (scores[i] as number) >= p.ip_threshold &&
      (rows[i * C + 1] as number) >= p.min_own &&
      (rows[i * C + 2] as number) + (rows[i * C + 3] as number) + (rows[i * C + 4] as number) > 0;
    for (let i = 0; i < n; i++) {
      const { e } = parts[i] as { e: IpEntry; ev: Evidence };
      if (!passes(i)) continue;
      flagged.push(i);
      nets.add(e.net);
      if (e.asn > 0) asns.add(e.asn);
    }
    // The typical source, not the heaviest: a few busy clients must not decide for the crowd.
    const medianOf = (idx: number[]) => {
      const v = Float64Array.from(idx.map((i) => scores[i] as number)).sort();
      return v.length > 0 ? (v[Math.floor(v.length / 2)] as number) : 0;
    };
    const all = Array.from({ length: n }, (_, i) => i);
    const meanSuspicion = medianOf(all);
    const spread = Math.max(nets.size, asns.size);
    const distributed = flagged.length >= p.min_sources && spread >= p.min_nets;
    const findingId = `f${(++this.findingSeq).toString(36)}`;
    const ids: string[] = [];
    const windowReasons: AnomalyReason[] = over.slice(0, 3).map((o) => ({
      feature: `${w.name}:${o.feature}`,
      value: round3(o.value),
      threshold: p.z_gate,
      normal: round3(o.normal),
      z: round3(o.z),
      detail: `excess ${round3(o.excess)} on ${[...targets].join(", ")}`,
    }));
    if (distributed) {
      const busiestRun = this.runs.get(`${family}|${busiest.key}`) ?? now;
      this.campaigns.confirm(
        kind,
        [...targets],
        findingId,
        busiestRun - WINDOWS[0].span,
        now,
        flagged.map((i) => {
          const { e } = parts[i] as { e: IpEntry };
          return { e, keys: long ? e.long.keys() : this.state.ips.keysOf(e, from, now) };
        }),
      );
      for (const i of flagged) {
        const { e } = parts[i] as { e: IpEntry; ev: Evidence };
        const comp = COMPONENTS.map((name, k) => `${name} ${round3(rows[i * COMPONENT_COUNT + k] as number)}`).join(
          ", ",
        );
        const r = this.mitigations.put({
          app: this.app,
          target: clientKey(e.ip),
          scope: "client",
          kind,
          now,
          act: p.actions[kind],
          score: scores[i] as number,
          finding: findingId,
          reasons: [
            {
              feature: "suspicion",
              value: round3(scores[i] as number),
              threshold: p.ip_threshold,
              normal: 0,
              z: 0,
              detail: `${kind}: ${comp}; ${flagged.length} suspicious sources in ${spread} networks`,
            },
            ...windowReasons,
          ],
        });
        ids.push(r.m.id);
        if (r.created) out.created.push(r.m);
      }
    }
    // Too diffuse for per-source mitigation: the typical source is suspicious, yet most of the
    // suspicious sources stay under the threshold (or too few pass it to call it distributed).
    // Then the endpoint is mitigated for clients that are new since the anomaly began and
    // enter the app right there. A scan is answered on the paths no template matches only.
    const endpointTargets =
      kind === "distributed_scan" ? [...targets].filter((k) => k === UNMATCHED_KEY) : [...targets];
    const onEndpoint =
      endpointTargets.length === targets.size
        ? all
        : (() => {
            const on = new Set(endpointTargets.flatMap((k) => this.state.ips.participants(k, from, now)));
            return all.filter((i) => on.has((parts[i] as { e: IpEntry }).e.ip));
          })();
    // Only new clients that entered at the target can be reached by an endpoint mitigation:
    // only they count toward one (a known partner working hard on an endpoint does not).
    let suspicious = 0;
    let under = 0;
    for (const i of onEndpoint) {
      if ((scores[i] as number) < p.group_threshold) continue;
      suspicious++;
      const reachable = (rows[i * C + 2] as number) > 0 && targets.has((parts[i] as { e: IpEntry }).e.entry);
      if (reachable && !(distributed && passes(i))) under++;
    }
    let action: AnomalyFinding["action"] = distributed ? "ip_mitigations" : "none";
    if (
      medianOf(onEndpoint) >= p.group_threshold &&
      under >= p.min_endpoint_sources &&
      under >= suspicious / 2 &&
      endpointTargets.length > 0
    ) {
      for (const key of endpointTargets) {
        const since = (this.runs.get(`${family}|${key}`) ?? now) - WINDOWS[0].span;
        const r = this.mitigations.put({
          app: this.app,
          target: key,
          scope: "endpoint",
          kind,
          now,
          act: p.endpoint_actions[kind],
          since,
          finding: findingId,
          reasons: [
            {
              feature: "median_suspicion",
              value: round3(meanSuspicion),
              threshold: p.group_threshold,
              normal: 0,
              z: 0,
              detail: `${kind} too diffuse: ${flagged.length} of ${n} sources over ${p.ip_threshold}; new clients since ${since}: ${p.endpoint_actions[kind].action}`,
            },
            ...windowReasons,
          ],
        });
        ids.push(r.m.id);
        if (r.created) out.created.push(r.m);
      }
      action = "endpoint_mitigation";
    }
    const f = this.finding(
      now,
      level,
      [...targets],
      kind,
      family,
      { ...busiest.verdict, over, forest: forestMax },
      n,
      distributed ? flagged.length : 0,
      spread,
      meanSuspicion,
      action,
      ids,
      findingId,
    );
    this.trace?.(
      f,
      parts.map(({ e }, i) => ({
        ip: e.ip,
        score: scores[i] as number,
        components: Array.from(rows.subarray(i * COMPONENT_COUNT, (i + 1) * COMPONENT_COUNT)),
      })),
    );
    return f;
  }

  /** The attack kind of an anomalous group, or null when it is a benign surge. */
  private kindOf(
    family: SignalFamily,
    group: Candidate[],
    parts: Array<{ ev: Evidence }>,
    norm: ClientNorm | null,
  ): DistributedKind | null {
    if (family === "credential") return "distributed_bruteforce";
    if (family === "probe") return "distributed_scan";
    // Volume: a flood when the focused participants each exceed one normal client's rate there.
    const p95 = Math.max(2, norm?.rate[1] ?? 4);
    const ratios = parts
      .filter((x) => x.ev.reqAll > 0 && x.ev.reqT / x.ev.reqAll >= 0.5)
      .map((x) => rate5m(x.ev) / p95)
      .sort((a, b) => a - b);
    const focused = ratios.length;
    if (focused >= this.policy.min_sources && (ratios[Math.floor(focused / 2)] as number) >= 2)
      return "distributed_dos";
    if (group.some((c) => c.verdict.over.some((o) => o.feature === "param_values"))) return "distributed_scraper";
    // More sources than usual, each reading distinct objects and little else: a scrape spread thin
    // enough that the object count hides in the endpoint's normal noise.
    const spread = group.some((c) => c.verdict.over.some((o) => o.feature === "ips" || o.feature === "nets"));
    if (spread && parts.length >= this.policy.min_sources) {
      const own = parts.map((x) => ownEvidence("distributed_scraper", x.ev, norm)).sort((a, b) => a - b);
      if ((own[Math.floor(own.length / 2)] as number) >= 0.5) return "distributed_scraper";
    }
    return null;
  }

  private finding(
    ts: number,
    level: number,
    keys: string[],
    kind: AnomalyFinding["kind"],
    family: AnomalyFinding["family"],
    v: WindowVerdict,
    participants: number,
    flagged: number,
    nets: number,
    meanSuspicion: number,
    action: AnomalyFinding["action"],
    mitigations: string[],
    id = `f${(++this.findingSeq).toString(36)}`,
  ): AnomalyFinding {
    return {
      id,
      ts,
      app: this.app,
      window: (WINDOWS[level] as (typeof WINDOWS)[number]).name,
      keys,
      kind,
      family,
      over: v.over.slice(0, 5).map((o) => ({
        ...o,
        z: round3(o.z),
        excess: round3(o.excess),
        normal: round3(o.normal),
        value: round3(o.value),
      })),
      forest: round3(v.forest),
      participants,
      flagged,
      nets,
      mean_suspicion: round3(meanSuspicion),
      action,
      mitigations,
    };
  }
}
