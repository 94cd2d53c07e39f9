/**
 * @module core/behaviour/score-table
 * The scorer's inputs as one flat Float64Array, laid out exactly as the Wasm
 * scorer (wasm/assembly/behaviour/score.ts) reads it, so the TypeScript
 * reference and the Wasm module run the same numbers. Built once per model.
 *
 * Layout (f64 slots): header [F, K, C, S, cap, excess, ageFeature, A], then
 * styleIdx[S], styleSqrt[S], styleMean[S], styleStd[S], centroid[C×S],
 * radius[C], ageBound[A], threshold[(C+1)×A×F], spread[(C+1)×A×F],
 * weight[K×F], floor[K×F], gate[K×F]. Thresholds and spreads are per row
 * (cluster) and age bucket: the client's bucket is the first whose bound is
 * at least its window age (feature `ageFeature`, minutes); the last bound is
 * +Infinity. Row C is the floors-only row used when the model has no
 * clusters (or there is no model); with clusters it holds the smallest
 * threshold and spread of any cluster, for reference. A model without
 * per-age rows (or with other bounds) has its overall row in every bucket.
 */
import { AGE_BOUNDS_MIN, FEATURE_COUNT, F as FI, featureUnit, STYLE_FEATURES, STYLE_SQRT } from "./features.ts";
import { EXCESS_WEIGHT, KIND_RULES, type KindRule, packRules, TERM_CAP } from "./kinds.ts";
import type { BehaviourModel } from "./model.ts";

export const HEADER = 8;
/** Largest table the Wasm scorer's region holds (f64 slots); see wasm/assembly/behaviour/score.ts. */
export const TABLE_CAPACITY = 16384;

export interface TableOffsets {
  F: number;
  K: number;
  C: number;
  S: number;
  /** Age buckets. */
  A: number;
  styleIdx: number;
  styleSqrt: number;
  styleMean: number;
  styleStd: number;
  centroid: number;
  radius: number;
  ageBound: number;
  threshold: number;
  spread: number;
  weight: number;
  floor: number;
  gate: number;
  end: number;
}

export function offsets(F: number, K: number, C: number, S: number, A = 1): TableOffsets {
  const styleIdx = HEADER;
  const styleSqrt = styleIdx + S;
  const styleMean = styleSqrt + S;
  const styleStd = styleMean + S;
  const centroid = styleStd + S;
  const radius = centroid + C * S;
  const ageBound = radius + C;
  const threshold = ageBound + A;
  const spread = threshold + (C + 1) * A * F;
  const weight = spread + (C + 1) * A * F;
  const floor = weight + K * F;
  const gate = floor + K * F;
  return {
    F,
    K,
    C,
    S,
    A,
    styleIdx,
    styleSqrt,
    styleMean,
    styleStd,
    centroid,
    radius,
    ageBound,
    threshold,
    spread,
    weight,
    floor,
    gate,
    end: gate + K * F,
  };
}

/** Side data for reasons (not needed by the scorer itself). */
export interface ScoreTables {
  table: Float64Array;
  o: TableOffsets;
  /** Per row (cluster, then strict) and age bucket: feature medians, at `rowStart(o, row, age)`. */
  median: Float64Array;
}

/** Start of a row's thresholds (and spreads, medians) for an age bucket, relative to the array's start. */
export const rowStart = (o: TableOffsets, row: number, age: number): number => (row * o.A + age) * o.F;

/** The age bucket the scorer uses for `x` (same comparisons as score.ts and the Wasm twin). */
export function ageBucket(t: Float64Array, o: TableOffsets, x: Float64Array): number {
  const age = x[t[6] as number] as number;
  let a = 0;
  while (a < o.A - 1 && age > (t[o.ageBound + a] as number)) a++;
  return a;
}

/** Per-age rows of one cluster: the model's own when its bounds are this build's, else the overall row. */
function ageRows(
  c: BehaviourModel["clusters"][number],
  bounds: readonly number[] | undefined,
  key: "threshold" | "spread" | "median",
): number[][] {
  const A = AGE_BOUNDS_MIN.length + 1;
  const own = c.by_age?.[key];
  const same =
    bounds !== undefined &&
    bounds.length === AGE_BOUNDS_MIN.length &&
    bounds.every((b, i) => b === AGE_BOUNDS_MIN[i]) &&
    Array.isArray(own) &&
    own.length === A - 1;
  return Array.from({ length: A }, (_, a) => (same && a < A - 1 ? (own[a] as number[]) : c[key]));
}

export function buildTables(model: BehaviourModel | null, rules: readonly KindRule[] = KIND_RULES): ScoreTables {
  const F = FEATURE_COUNT;
  const K = rules.length;
  const clusters = model?.clusters ?? [];
  const C = clusters.length;
  const S = STYLE_FEATURES.length;
  const A = AGE_BOUNDS_MIN.length + 1;
  const o = offsets(F, K, C, S, A);
  if (o.end > TABLE_CAPACITY) throw new Error(`behaviour score table too large (${o.end} > ${TABLE_CAPACITY} slots)`);
  const t = new Float64Array(o.end);
  t.set([F, K, C, S, TERM_CAP, EXCESS_WEIGHT, FI.window_minutes, A], 0);
  for (let a = 0; a < A; a++) t[o.ageBound + a] = a < A - 1 ? (AGE_BOUNDS_MIN[a] as number) : Number.POSITIVE_INFINITY;
  STYLE_FEATURES.forEach((f, s) => {
    t[o.styleIdx + s] = f;
    t[o.styleSqrt + s] = STYLE_SQRT[s] ? 1 : 0;
    t[o.styleMean + s] = model?.style.mean[s] ?? 0;
    t[o.styleStd + s] = Math.max(1e-6, model?.style.std[s] ?? 1);
  });
  const median = new Float64Array((C + 1) * A * F);
  const rows = clusters.map((c) => ({
    threshold: ageRows(c, model?.age_minutes, "threshold"),
    spread: ageRows(c, model?.age_minutes, "spread"),
    median: ageRows(c, model?.age_minutes, "median"),
  }));
  for (let a = 0; a < A; a++) {
    for (let f = 0; f < F; f++) {
      let thr = Number.POSITIVE_INFINITY;
      let spr = Number.POSITIVE_INFINITY;
      rows.forEach((r, ci) => {
        const i = rowStart(o, ci, a) + f;
        const th = (r.threshold[a] as number[])[f] ?? 0;
        const sp = Math.max(featureUnit(f), (r.spread[a] as number[])[f] ?? 0);
        t[o.threshold + i] = th;
        t[o.spread + i] = sp;
        median[i] = (r.median[a] as number[])[f] ?? 0;
        if (th < thr) thr = th;
        if (sp < spr) spr = sp;
      });
      const i = rowStart(o, C, a) + f;
      t[o.threshold + i] = C > 0 ? thr : 0;
      t[o.spread + i] = C > 0 ? spr : featureUnit(f);
      median[i] = 0;
    }
  }
  clusters.forEach((c, ci) => {
    for (let s = 0; s < S; s++) t[o.centroid + ci * S + s] = c.centroid[s] ?? 0;
    t[o.radius + ci] = c.radius;
  });
  const packed = packRules(rules);
  t.set(packed.weight, o.weight);
  t.set(packed.floor, o.floor);
  t.set(packed.gate, o.gate);
  return { table: t, o, median };
}
