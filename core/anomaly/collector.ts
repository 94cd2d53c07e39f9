/**
 * @module core/anomaly/collector
 * Learns the anomaly model from history, wherever history flows: `apiward
 * learn` feeds it the deltas of traffic records (learn.ts), the Aggregates
 * Durable Object the deltas of live traffic. At each window's cadence every
 * key's window features are sampled from the merged view (empty windows
 * included: they are a quiet endpoint's normal); from the deltas' address
 * rows it learns what one client normally does on a key in five minutes and
 * where clients enter. `finish` turns that into a model: per key and window
 * length the robust seasonal baseline (seasonal.ts), per key the client
 * norm, and the isolation forest over the 5-minute windows' z-scores, its
 * threshold at the 99.5th percentile of the training windows' own scores
 * plus a margin (at least 0.6).
 *
 * Windows are sampled once the history covers their whole span, so a
 * one-day history has no 24-hour baseline (that level is then skipped in
 * detection, never compared with nothing). Bounded: at most `maxKeys` keys
 * (the first seen), `maxSamples` samples per key and level (past it every
 * other one is dropped, so the history thins instead of being cut), 50,000
 * norm values per key likewise.
 */
import { Bloom } from "./bloom.ts";
import type { AnomalyDelta } from "./delta.ts";
import { FEATURE_COUNT, FEATURES, windowFeatures } from "./features.ts";
import { forestScore, forestToJSON, trainForest } from "./iforest.ts";
import { SLOT_S } from "./ip-table.ts";
import {
  ANOMALY_MODEL_FORMAT,
  ANOMALY_MODEL_VERSION,
  type AnomalyModel,
  type ClientNorm,
  type KeyModel,
} from "./model.ts";
import { DEFAULT_POLICY } from "./policy.ts";
import { type LevelBaseline, learnBaseline, type WindowSample, zScores } from "./seasonal.ts";
import { horizonEnd, ShapeTally, visitShape } from "./shapes.ts";
import type { AggregateState } from "./state.ts";
import { quantile, round } from "./stats.ts";
import { APP_KEY, WINDOWS } from "./types.ts";

/** Sampling cadence per level (seconds): tumbling 5-minute windows, sliding longer ones. */
const CADENCE = [300, 300, 1800, 14_400];
const MAX_NORM_VALUES = 50_000;
/** Fewest samples for a level baseline; below it the level is skipped in detection. */
const MIN_LEVEL_SAMPLES = 6;

function capPush<T>(list: T[], v: T, max: number): void {
  list.push(v);
  if (list.length > max) {
    // Thin evenly: keep every other sample.
    let w = 0;
    for (let r = 0; r < list.length; r += 2) list[w++] = list[r] as T;
    list.length = w;
  }
}

export interface CollectorOptions {
  maxKeys?: number;
  maxSamples?: number;
}

export interface FinishOptions {
  app: string;
  templates: readonly string[];
  authEndpoints: readonly string[];
  isAuth: (endpoint: string) => boolean;
  trees?: number;
  seed?: number;
}

interface NormAcc {
  rate: number[];
  params: number[];
  clients: number;
}

export class BaselineCollector {
  private readonly samples = new Map<string, WindowSample[][]>();
  private readonly norms = new Map<string, NormAcc>();
  /** `slot|ip|key` → requests and parameter hashes in the open slots. */
  private open = new Map<string, { n: number; p: Set<number> }>();
  private openSlot = Number.NEGATIVE_INFINITY;
  private readonly entries = new Map<string, number>();
  private readonly maxKeys: number;
  private readonly maxSamples: number;
  /** First-visit shapes of new clients (shapes.ts), tallied as each one's first ten minutes close. */
  private shapes = new ShapeTally();
  /** Addresses seen (for entries and the model's history filter): 2^20 bits, ~65,000 addresses at 16 bits each. */
  private seen = new Bloom(1 << 20);
  clients = 0;
  records = 0;
  start: number | null = null;
  end: number | null = null;

  constructor(opts: CollectorOptions = {}) {
    this.maxKeys = opts.maxKeys ?? 2000;
    this.maxSamples = opts.maxSamples ?? 20_000;
  }

  /** Learns client norms, entries and history from a delta (before it is merged). */
  noteDelta(d: AnomalyDelta): void {
    for (const ip of Array.isArray(d.ips) ? d.ips : []) {
      if (!ip || typeof ip.ip !== "string" || !Array.isArray(ip.rows)) continue;
      // An address apiward answered every time in this delta brought no traffic to learn from.
      if (!ip.rows.some((r) => Array.isArray(r) && (+r[2] || 0) > 0)) continue;
      if (!this.seen.has(ip.ip)) {
        this.seen.add(ip.ip);
        this.clients++;
        if (typeof ip.entry === "string") this.entries.set(ip.entry, (this.entries.get(ip.entry) ?? 0) + 1);
      }
      for (const row of ip.rows) {
        if (!Array.isArray(row) || typeof row[0] !== "number" || typeof row[1] !== "string") continue;
        const n = +row[2] || 0;
        // A row of refused requests only (apiward answered them) is presence, not traffic.
        if (n <= 0) continue;
        const slot = Math.floor(row[0] / SLOT_S) * SLOT_S;
        if (slot > this.openSlot) this.closeSlots(slot);
        this.records += n;
        const k = `${slot}|${ip.ip}|${row[1]}`;
        let c = this.open.get(k);
        if (!c) {
          c = { n: 0, p: new Set() };
          this.open.set(k, c);
        }
        c.n += n;
        for (const h of Array.isArray(row[6]) ? row[6] : []) if (c.p.size < 64) c.p.add(h);
        if (this.start === null || row[0] < this.start) this.start = row[0];
        if (this.end === null || row[0] + 60 > this.end) this.end = row[0] + 60;
      }
    }
  }

  /** Folds slots before `slot` - 1 into the norms (one slot of slack for late deltas). */
  private closeSlots(slot: number): void {
    const keep = new Map<string, { n: number; p: Set<number> }>();
    for (const [k, c] of this.open) {
      const s = Number(k.slice(0, k.indexOf("|")));
      if (s >= slot - SLOT_S) {
        keep.set(k, c);
        continue;
      }
      const key = k.slice(k.indexOf("|", k.indexOf("|") + 1) + 1);
      let nm = this.norms.get(key);
      if (!nm) {
        if (this.norms.size >= this.maxKeys) continue;
        nm = { rate: [], params: [], clients: 0 };
        this.norms.set(key, nm);
      }
      capPush(nm.rate, c.n, MAX_NORM_VALUES);
      capPush(nm.params, c.p.size, MAX_NORM_VALUES);
      nm.clients++;
    }
    this.open = keep;
    this.openSlot = slot;
  }

  /** Samples every window of `state` due at `now` (a minute boundary), and tallies the visits whose start just closed. */
  sample(state: AggregateState, now: number): void {
    if (now % SLOT_S === 0)
      for (const e of state.ips.entries())
        if (!e.known && !e.goodBot && horizonEnd(e) === now) this.shapes.add(visitShape(e));
    for (let level = 0; level < WINDOWS.length; level++) {
      const w = WINDOWS[level] as (typeof WINDOWS)[number];
      if (now % (CADENCE[level] as number) !== 0) continue;
      if (this.start === null || now - this.start < w.span) continue;
      for (const key of new Set([...this.samples.keys(), ...state.keys.keys()])) {
        const s = state.keys.get(key)?.window(level, now);
        const n = s?.n ?? 0;
        const x = s && n > 0 ? windowFeatures(s, new Float64Array(FEATURE_COUNT)) : new Float64Array(FEATURE_COUNT);
        let per = this.samples.get(key);
        if (!per) {
          if (this.samples.size >= this.maxKeys && key !== APP_KEY) continue;
          per = WINDOWS.map(() => []);
          this.samples.set(key, per);
        }
        capPush(per[level] as WindowSample[], { x, n, ts: now }, this.maxSamples);
      }
    }
  }

  /** Seconds of history sampled so far. */
  get span(): number {
    return this.start !== null && this.end !== null ? this.end - this.start : 0;
  }

  finish(o: FinishOptions): AnomalyModel {
    this.closeSlots(Number.POSITIVE_INFINITY);
    const keys: Record<string, KeyModel> = {};
    const forestRows: Float64Array[] = [];
    const z = new Float64Array(FEATURE_COUNT);
    let windows = 0;
    for (const [key, per] of this.samples) {
      const levels: Array<LevelBaseline | null> = per.map((list) =>
        list.length >= MIN_LEVEL_SAMPLES ? learnBaseline(list) : null,
      );
      windows += per.reduce((a, l) => a + l.length, 0);
      const base0 = levels[0];
      if (base0)
        for (const s of per[0] ?? [])
          if (s.n >= DEFAULT_POLICY.min_requests) forestRows.push(Float64Array.from(zScores(base0, s.x, s.ts, z)));
      keys[key] = { levels, norm: this.normOf(key) };
    }
    const step = Math.ceil(forestRows.length / 20_000);
    const rows = step > 1 ? forestRows.filter((_, i) => i % step === 0) : forestRows;
    const forest = trainForest(rows, FEATURE_COUNT, { trees: o.trees ?? 100, seed: o.seed ?? 0x5eed });
    const scores = rows.map((r) => forestScore(forest, r));
    const threshold = round(Math.min(0.95, Math.max(0.6, quantile(scores, 0.995) + 0.02)), 4);
    const auth = [...new Set([...o.authEndpoints, ...[...this.samples.keys()].filter((k) => o.isAuth(k))])];
    return {
      format: ANOMALY_MODEL_FORMAT,
      version: ANOMALY_MODEL_VERSION,
      created_at: new Date().toISOString(),
      app: o.app,
      trained_on: { records: this.records, clients: this.clients, windows, from: this.start, to: this.end },
      features: [...FEATURES],
      templates: [...o.templates],
      auth_endpoints: auth.sort(),
      keys,
      forest: { ...forestToJSON(forest), threshold },
      seen: this.seen.toJSON(),
      shapes: { ...this.shapes.toJSON(), span_s: this.span },
    };
  }

  private normOf(key: string): ClientNorm {
    const nm = this.norms.get(key);
    const q = (a: number[]): [number, number, number] => [
      round(quantile(a, 0.5), 2),
      round(quantile(a, 0.95), 2),
      round(quantile(a, 0.99), 2),
    ];
    return {
      rate: nm ? q(nm.rate) : [0, 0, 0],
      params: nm ? q(nm.params) : [0, 0, 0],
      entry_share: round((this.entries.get(key) ?? 0) / Math.max(1, this.clients), 4),
      clients: nm?.clients ?? 0,
    };
  }

  /** Serialisable state (the Durable Object saves it between evictions). */
  toJSON(): unknown {
    const enc = (list: WindowSample[]) => list.map((s) => [s.ts, s.n, ...Array.from(s.x, (v) => round(v, 4))]);
    return {
      samples: [...this.samples].map(([k, per]) => [k, per.map(enc)]),
      norms: [...this.norms],
      entries: [...this.entries],
      seen: this.seen.toJSON(),
      shapes: this.shapes.toJSON(),
      clients: this.clients,
      records: this.records,
      start: this.start,
      end: this.end,
    };
  }

  static fromJSON(v: unknown, opts: CollectorOptions = {}): BaselineCollector {
    const c = new BaselineCollector(opts);
    const o = (v ?? {}) as Record<string, unknown>;
    for (const row of Array.isArray(o.samples) ? o.samples : []) {
      if (!Array.isArray(row) || typeof row[0] !== "string" || !Array.isArray(row[1])) continue;
      const per: WindowSample[][] = WINDOWS.map((_, l) =>
        (((row[1] as unknown[])[l] as unknown[] | undefined) ?? [])
          .filter((s): s is number[] => Array.isArray(s) && s.length === FEATURE_COUNT + 2)
          .map((s) => ({ ts: s[0] as number, n: s[1] as number, x: Float64Array.from(s.slice(2)) })),
      );
      c.samples.set(row[0], per);
    }
    for (const row of Array.isArray(o.norms) ? o.norms : [])
      if (Array.isArray(row) && typeof row[0] === "string" && row[1] && typeof row[1] === "object") {
        const n = row[1] as Partial<NormAcc>;
        c.norms.set(row[0], {
          rate: Array.isArray(n.rate) ? n.rate : [],
          params: Array.isArray(n.params) ? n.params : [],
          clients: typeof n.clients === "number" ? n.clients : 0,
        });
      }
    for (const row of Array.isArray(o.entries) ? o.entries : [])
      if (Array.isArray(row) && typeof row[0] === "string" && typeof row[1] === "number") c.entries.set(row[0], row[1]);
    if (o.seen) c.seen = Bloom.fromJSON(o.seen);
    c.shapes = ShapeTally.fromJSON(o.shapes) ?? new ShapeTally();
    c.clients = typeof o.clients === "number" ? o.clients : 0;
    c.records = typeof o.records === "number" ? o.records : 0;
    c.start = typeof o.start === "number" ? o.start : null;
    c.end = typeof o.end === "number" ? o.end : null;
    return c;
  }
}
