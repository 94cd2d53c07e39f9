/**
 * @module core/anomaly/iforest
 * Isolation forest (Liu, Ting & Zhou 2008): the multivariate detector over
 * window features. Each tree splits a random subsample on a random feature
 * at a random value until points are isolated (or a depth limit); points
 * unlike the training windows are isolated in few splits, so a short mean
 * path means anomalous: score = 2^(-E[h(x)] / c(ψ)), about 0.5 for ordinary
 * points and approaching 1 for outliers. It catches combinations no single
 * z-score shows (traffic at a normal level but with a collapsed user-agent
 * entropy and an unusual error mix, say).
 *
 * Trees are packed flat (4 numbers a node: feature, split value, left,
 * right; a leaf has feature -1 and carries c(size), the expected remaining
 * path, precomputed) so the scoring loop is comparisons and additions only:
 * the same loop runs in Wasm (wasm/assembly/anomaly/iforest.ts) and here,
 * and the two give identical path lengths. Deterministic for a seed.
 */
import { mulberry32 } from "../discovery/hash.ts";

export interface PackedForest {
  /** 4 numbers per node: [feature | -1, split | c(leaf size), left, right]. */
  nodes: Float64Array;
  /** Root node index of each tree. */
  roots: Int32Array;
  /** Subsample size ψ, for the normalisation c(ψ). */
  sample: number;
  dim: number;
}

export interface ForestOptions {
  trees?: number;
  sample?: number;
  seed?: number;
}

const EULER = 0.5772156649015329;

/** Average path length of an unsuccessful search in a BST of n points: the normaliser c(n). */
export function cFactor(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER) - (2 * (n - 1)) / n;
}

/** Trains a forest on `rows` (each of length `dim`). */
export function trainForest(
  rows: ReadonlyArray<ArrayLike<number>>,
  dim: number,
  opts: ForestOptions = {},
): PackedForest {
  const trees = Math.max(1, Math.min(256, opts.trees ?? 100));
  const sample = Math.max(2, Math.min(rows.length, opts.sample ?? 256));
  const rand = mulberry32(opts.seed ?? 0x5eed);
  const maxDepth = Math.ceil(Math.log2(Math.max(2, sample)));
  const nodes: number[] = [];
  const roots: number[] = [];
  if (rows.length === 0) {
    // No history: one leaf, every point scores like an ordinary one.
    roots.push(0);
    nodes.push(-1, 0, 0, 0);
    return { nodes: Float64Array.from(nodes), roots: Int32Array.from(roots), sample: 2, dim };
  }
  const build = (idx: number[], depth: number): number => {
    const at = nodes.length / 4;
    nodes.push(-1, cFactor(idx.length), 0, 0);
    if (depth >= maxDepth || idx.length <= 1) return at;
    // A random feature that still varies in this node (a few tries, then a leaf).
    for (let attempt = 0; attempt < dim; attempt++) {
      const f = Math.floor(rand() * dim);
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (const i of idx) {
        const v = (rows[i] as ArrayLike<number>)[f] as number;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (!(hi > lo)) continue;
      const split = lo + rand() * (hi - lo);
      const left: number[] = [];
      const right: number[] = [];
      for (const i of idx) ((((rows[i] as ArrayLike<number>)[f] as number) < split ? left : right) as number[]).push(i);
      if (left.length === 0 || right.length === 0) continue;
      const l = build(left, depth + 1);
      const r = build(right, depth + 1);
      nodes[at * 4] = f;
      nodes[at * 4 + 1] = split;
      nodes[at * 4 + 2] = l;
      nodes[at * 4 + 3] = r;
      return at;
    }
    return at;
  };
  for (let t = 0; t < trees; t++) {
    // Subsample without replacement (partial Fisher-Yates over indices).
    const all = Array.from({ length: rows.length }, (_, i) => i);
    for (let i = 0; i < sample; i++) {
      const j = i + Math.floor(rand() * (all.length - i));
      const tmp = all[i] as number;
      all[i] = all[j] as number;
      all[j] = tmp;
    }
    roots.push(build(all.slice(0, sample), 0));
  }
  return { nodes: Float64Array.from(nodes), roots: Int32Array.from(roots), sample, dim };
}

/** Mean path length of `x` over the trees (the TypeScript reference of the Wasm loop). */
export function meanPathLength(forest: PackedForest, x: ArrayLike<number>, offset = 0): number {
  const { nodes, roots } = forest;
  let total = 0;
  for (let t = 0; t < roots.length; t++) {
    let n = Math.trunc(roots[t] as number);
    let depth = 0;
    // Bounded: a path is at most the depth limit; the guards protect against a corrupt model
    // (the Wasm loop has the same ones, so the two agree even then).
    const count = nodes.length / 4;
    for (let step = 0; step < 64; step++) {
      if (n < 0 || n >= count) break;
      const f = nodes[n * 4] as number;
      if (f < 0) {
        total += depth + (nodes[n * 4 + 1] as number);
        break;
      }
      const fi = Math.trunc(f);
      if (fi >= forest.dim) break;
      const v = x[offset + fi] as number;
      n = Math.trunc((v < (nodes[n * 4 + 1] as number) ? nodes[n * 4 + 2] : nodes[n * 4 + 3]) as number);
      depth++;
    }
  }
  return roots.length > 0 ? total / roots.length : 0;
}

/** Anomaly score in (0, 1] from a mean path length. */
export function scoreFromPath(forest: PackedForest, meanPath: number): number {
  const c = cFactor(forest.sample);
  return c > 0 ? 2 ** (-meanPath / c) : 0.5;
}

export function forestScore(forest: PackedForest, x: ArrayLike<number>): number {
  return scoreFromPath(forest, meanPathLength(forest, x));
}

export interface ForestJSON {
  dim: number;
  sample: number;
  roots: number[];
  nodes: number[];
}

export function forestToJSON(f: PackedForest): ForestJSON {
  return {
    dim: f.dim,
    sample: f.sample,
    roots: [...f.roots],
    nodes: [...f.nodes].map((v) => Math.round(v * 1e6) / 1e6),
  };
}

/** Validates a stored forest; returns it or an error naming the field. */
export function forestFromJSON(v: unknown, dim: number): PackedForest | string {
  const o = (v ?? {}) as Partial<Record<keyof ForestJSON, unknown>>;
  if (o.dim !== dim) return `forest.dim: expected ${dim}`;
  if (typeof o.sample !== "number" || o.sample < 2) return "forest.sample";
  if (!Array.isArray(o.roots) || !Array.isArray(o.nodes) || o.nodes.length % 4 !== 0) return "forest.nodes";
  const nodes = Float64Array.from(o.nodes as number[]);
  const count = nodes.length / 4;
  for (let i = 0; i < count; i++) {
    const f = nodes[i * 4] as number;
    if (!Number.isFinite(f) || !Number.isFinite(nodes[i * 4 + 1] as number)) return `forest.nodes[${i}]`;
    if (f >= 0) {
      const l = nodes[i * 4 + 2] as number;
      const r = nodes[i * 4 + 3] as number;
      if (f >= dim || !Number.isInteger(f) || !(l > i && l < count) || !(r > i && r < count))
        return `forest.nodes[${i}]: bad link`;
    }
  }
  const roots = Int32Array.from(o.roots as number[]);
  for (const r of roots) if (!(r >= 0 && r < count)) return "forest.roots";
  return { nodes, roots, sample: o.sample, dim };
}
