/**
 * @module core/behaviour/score-table
 * The scorer's inputs as one flat Float64Array, laid out exactly as the Wasm
 * scorer (wasm/assembly/behaviour/score.ts) reads it, so the TypeScript
 * reference and the Wasm module run the same numbers. Built once per model.
 *
 * Layout (f64 slots): header [F, K, C, S, cap, excess, 0, 0], then
 * styleIdx[S], styleSqrt[S], styleMean[S], styleStd[S], centroid[C×S],
 * radius[C], threshold[(C+1)×F], spread[(C+1)×F], weight[K×F], floor[K×F],
 * gate[K×F]. Row C of threshold/spread is the floors-only row used when the
 * model has no clusters (or there is no model); with clusters it holds the
 * smallest threshold and spread of any cluster, for reference.
 */
import { FEATURE_COUNT, featureUnit, STYLE_FEATURES, STYLE_SQRT } from "./features.ts";
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
  styleIdx: number;
  styleSqrt: number;
  styleMean: number;
  styleStd: number;
  centroid: number;
  radius: number;
  threshold: number;
  spread: number;
  weight: number;
  floor: number;
  gate: number;
  end: number;
}

export function offsets(F: number, K: number, C: number, S: number): TableOffsets {
  const styleIdx = HEADER;
  const styleSqrt = styleIdx + S;
  const styleMean = styleSqrt + S;
  const styleStd = styleMean + S;
  const centroid = styleStd + S;
  const radius = centroid + C * S;
  const threshold = radius + C;
  const spread = threshold + (C + 1) * F;
  const weight = spread + (C + 1) * F;
  const floor = weight + K * F;
  const gate = floor + K * F;
  return {
    F,
    K,
    C,
    S,
    styleIdx,
    styleSqrt,
    styleMean,
    styleStd,
    centroid,
    radius,
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
  /** Per row (cluster, then strict): feature medians. */
  median: Float64Array;
}

export function buildTables(model: BehaviourModel | null, rules: readonly KindRule[] = KIND_RULES): ScoreTables {
  const F = FEATURE_COUNT;
  const K = rules.length;
  const clusters = model?.clusters ?? [];
  const C = clusters.length;
  const S = STYLE_FEATURES.length;
  const o = offsets(F, K, C, S);
  if (o.end > TABLE_CAPACITY) throw new Error(`behaviour score table too large (${o.end} > ${TABLE_CAPACITY} slots)`);
  const t = new Float64Array(o.end);
  t.set([F, K, C, S, TERM_CAP, EXCESS_WEIGHT, 0, 0], 0);
  STYLE_FEATURES.forEach((f, s) => {
    t[o.styleIdx + s] = f;
    t[o.styleSqrt + s] = STYLE_SQRT[s] ? 1 : 0;
    t[o.styleMean + s] = model?.style.mean[s] ?? 0;
    t[o.styleStd + s] = Math.max(1e-6, model?.style.std[s] ?? 1);
  });
  const median = new Float64Array((C + 1) * F);
  for (let f = 0; f < F; f++) {
    let thr = Number.POSITIVE_INFINITY;
    let spr = Number.POSITIVE_INFINITY;
    clusters.forEach((c, ci) => {
      const th = c.threshold[f] ?? 0;
      const sp = Math.max(featureUnit(f), c.spread[f] ?? 0);
      t[o.threshold + ci * F + f] = th;
      t[o.spread + ci * F + f] = sp;
      median[ci * F + f] = c.median[f] ?? 0;
      if (th < thr) thr = th;
      if (sp < spr) spr = sp;
    });
    t[o.threshold + C * F + f] = C > 0 ? thr : 0;
    t[o.spread + C * F + f] = C > 0 ? spr : featureUnit(f);
    median[C * F + f] = 0;
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
