/**
 * @module core/discovery/node
 * One node of the streaming URL-component graph: a path segment at a depth
 * under its parent. Literal children are keyed by their value; parameter
 * children by a skeleton (`{}` for a whole-segment parameter, `{}.json`,
 * `{}...{}` for embedded ones) and carry a value sketch (HyperLogLog distinct
 * count, shape counts, a small deterministic reservoir), never the values.
 * `ends` holds per-method endpoint statistics for paths that end here.
 */
import { EndStats, type EndStatsState } from "./endpoint-stats.ts";
import { hash32 } from "./hash.ts";
import { HyperLogLog } from "./hll.ts";
import type { SegmentShape } from "./shapes.ts";

/** Method slots for the per-node method mix; anything else counts as OTHER. */
export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "OTHER"] as const;

export function methodSlot(m: string): number {
  switch (m) {
    case "GET":
      return 0;
    case "POST":
      return 1;
    case "PUT":
      return 2;
    case "PATCH":
      return 3;
    case "DELETE":
      return 4;
    case "HEAD":
      return 5;
    case "OPTIONS":
      return 6;
    default:
      return 7;
  }
}

/** Values kept as examples per parameter node (for shapes and names, not for output). */
export const SAMPLE_SIZE = 8;
const VALUES_HLL_P = 10;

export class ValueSketch {
  hll = new HyperLogLog(VALUES_HLL_P);
  n = 0;
  shapes: Partial<Record<SegmentShape, number>> = {};
  sample: string[] = [];

  add(value: string, shape: SegmentShape, times = 1): void {
    const h = hash32(value, 0x9e3779b9);
    this.hll.addHash(h);
    this.n += times;
    this.shapes[shape] = (this.shapes[shape] ?? 0) + times;
    if (this.sample.length < SAMPLE_SIZE) {
      if (!this.sample.includes(value)) this.sample.push(value.length > 64 ? value.slice(0, 64) : value);
    } else {
      // Deterministic reservoir: the same stream always keeps the same values.
      const j = (Math.imul(h ^ this.n, 0x9e3779b1) >>> 0) % this.n;
      if (j < SAMPLE_SIZE) this.sample[j] = value.length > 64 ? value.slice(0, 64) : value;
    }
  }

  merge(o: ValueSketch): void {
    this.hll.merge(o.hll);
    this.n += o.n;
    for (const [k, v] of Object.entries(o.shapes)) {
      const s = k as SegmentShape;
      this.shapes[s] = (this.shapes[s] ?? 0) + (v ?? 0);
    }
    for (const v of o.sample) if (this.sample.length < SAMPLE_SIZE && !this.sample.includes(v)) this.sample.push(v);
  }

  /** The most frequent shape. */
  dominant(): SegmentShape {
    let best: SegmentShape = "word";
    let n = -1;
    for (const [k, v] of Object.entries(this.shapes)) {
      if ((v ?? 0) > n) {
        n = v ?? 0;
        best = k as SegmentShape;
      }
    }
    return best;
  }
}

export class PathNode {
  /** Requests through this node (ending here or below). */
  count = 0;
  /** Of which successful (or of unknown status). */
  ok = 0;
  /** Method mix of the requests through this node, by METHODS slot. */
  m: number[] = [0, 0, 0, 0, 0, 0, 0, 0];
  lits: Map<string, PathNode> | null = null;
  params: Map<string, PathNode> | null = null;
  ends: Map<string, EndStats> | null = null;
  /** Only on parameter nodes. */
  vals: ValueSketch | null = null;
  /** Literal children created since the last consolidation of this node. */
  pending = 0;
  /** Word-like values were folded into the parameter child here: later ones are tested against it. */
  weakParam = false;
  /** Values sent to the parameter child because a cap was reached. */
  overflow = 0;
  /** Classifier probability that this literal is a generated value (-1: not computed). */
  g = -1;

  litChild(key: string): PathNode | undefined {
    return this.lits === null ? undefined : this.lits.get(key);
  }

  paramChild(key: string): PathNode | undefined {
    return this.params === null ? undefined : this.params.get(key);
  }

  endStats(method: string): EndStats {
    if (this.ends === null) this.ends = new Map();
    let e = this.ends.get(method);
    if (e === undefined) {
      e = new EndStats();
      this.ends.set(method, e);
    }
    return e;
  }

  /** Number of nodes in this subtree, this one included. */
  size(): number {
    let n = 1;
    if (this.lits) for (const c of this.lits.values()) n += c.size();
    if (this.params) for (const c of this.params.values()) n += c.size();
    return n;
  }
}

/**
 * Merges `from` into `into` (counts, endpoints, sketches, children,
 * recursively). Returns the number of nodes that disappeared (children of
 * `from` merged into existing children of `into`, plus `from` itself).
 */
export function mergeNode(into: PathNode, from: PathNode): number {
  let freed = 1;
  into.count += from.count;
  into.ok += from.ok;
  for (let i = 0; i < 8; i++) into.m[i] = (into.m[i] as number) + (from.m[i] as number);
  into.overflow += from.overflow;
  if (from.weakParam) into.weakParam = true;
  if (from.ends) {
    for (const [method, e] of from.ends) {
      const cur = into.ends?.get(method);
      if (cur) cur.merge(e);
      else {
        if (into.ends === null) into.ends = new Map();
        into.ends.set(method, e);
      }
    }
  }
  if (from.vals) {
    if (into.vals === null) into.vals = from.vals;
    else into.vals.merge(from.vals);
  }
  if (from.lits) {
    for (const [k, c] of from.lits) {
      const cur = into.lits?.get(k);
      if (cur) freed += mergeNode(cur, c);
      else {
        if (into.lits === null) into.lits = new Map();
        into.lits.set(k, c);
        into.pending++;
      }
    }
  }
  if (from.params) {
    for (const [k, c] of from.params) {
      const cur = into.params?.get(k);
      if (cur) freed += mergeNode(cur, c);
      else {
        if (into.params === null) into.params = new Map();
        into.params.set(k, c);
      }
    }
  }
  return freed;
}

/** Serialised node (short keys: snapshots hold thousands of them). */
export interface NodeState {
  n: number;
  ok: number;
  m: number[];
  l?: Record<string, NodeState>;
  p?: Record<string, NodeState>;
  e?: Record<string, EndStatsState>;
  v?: { h: string; n: number; s: Partial<Record<SegmentShape, number>>; x: string[] };
  pe?: number;
  w?: 1;
  o?: number;
  g?: number;
}

export function nodeToJSON(node: PathNode): NodeState {
  const s: NodeState = { n: node.count, ok: node.ok, m: [...node.m] };
  if (node.lits && node.lits.size > 0) {
    s.l = {};
    for (const [k, c] of node.lits) s.l[k] = nodeToJSON(c);
  }
  if (node.params && node.params.size > 0) {
    s.p = {};
    for (const [k, c] of node.params) s.p[k] = nodeToJSON(c);
  }
  if (node.ends && node.ends.size > 0) {
    s.e = {};
    for (const [k, e] of node.ends) s.e[k] = e.toJSON();
  }
  if (node.vals) s.v = { h: node.vals.hll.toBase64(), n: node.vals.n, s: node.vals.shapes, x: node.vals.sample };
  if (node.pending) s.pe = node.pending;
  if (node.weakParam) s.w = 1;
  if (node.overflow) s.o = node.overflow;
  if (node.g >= 0) s.g = node.g;
  return s;
}

function n0(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : 0;
}

/** Restores a node; malformed parts are dropped, never thrown. `budget` caps the nodes restored. */
export function nodeFromJSON(s: NodeState, budget: { left: number }, depth = 0): PathNode {
  const node = new PathNode();
  budget.left--;
  node.count = n0(s.n);
  node.ok = n0(s.ok);
  if (Array.isArray(s.m)) for (let i = 0; i < 8; i++) node.m[i] = n0(s.m[i]);
  node.pending = n0(s.pe);
  node.weakParam = s.w === 1;
  node.overflow = n0(s.o);
  node.g = typeof s.g === "number" ? s.g : -1;
  if (s.e && typeof s.e === "object") {
    node.ends = new Map();
    for (const [k, e] of Object.entries(s.e)) if (e && typeof e === "object") node.ends.set(k, EndStats.fromJSON(e));
  }
  if (s.v && typeof s.v === "object") {
    const vs = new ValueSketch();
    if (typeof s.v.h === "string") vs.hll = HyperLogLog.fromBase64(VALUES_HLL_P, s.v.h);
    vs.n = n0(s.v.n);
    if (s.v.s && typeof s.v.s === "object") vs.shapes = { ...s.v.s };
    if (Array.isArray(s.v.x)) vs.sample = s.v.x.filter((x) => typeof x === "string").slice(0, SAMPLE_SIZE);
    node.vals = vs;
  }
  if (depth > 64) return node;
  if (s.l && typeof s.l === "object") {
    node.lits = new Map();
    for (const [k, c] of Object.entries(s.l)) {
      if (budget.left <= 0) break;
      if (c && typeof c === "object") node.lits.set(k, nodeFromJSON(c, budget, depth + 1));
    }
  }
  if (s.p && typeof s.p === "object") {
    node.params = new Map();
    for (const [k, c] of Object.entries(s.p)) {
      if (budget.left <= 0) break;
      if (c && typeof c === "object") node.params.set(k, nodeFromJSON(c, budget, depth + 1));
    }
  }
  return node;
}
