/**
 * @module core/discovery/signature
 * How a node behaves, as counted features, and whether two nodes could be
 * values of one parameter. Features are rates over the requests through a
 * node: method mix (`m:GET`), ending here (`end`), next segments (`c:users`,
 * `c:{}`), query names (`q:page`) and body fields (`b:email`). Two siblings
 * are *compatible* when no feature rate differs significantly between them
 * (two-sample G-test per feature, max over features against G_CRIT): values
 * of one parameter reach the same handler, so they share every rate;
 * distinct routes differ somewhere as soon as there is enough traffic to
 * tell. With little traffic everything is compatible, so compatibility is
 * necessary for a merge, never sufficient.
 */
import { METHODS, type PathNode } from "./node.ts";

/** Critical G value (1 degree of freedom): p ≈ 0.0005 per feature. */
export const G_CRIT = 12;
/** A literal child is an established feature (`c:name`) from this many requests; rarer ones pool as `c:~`. */
export const ESTABLISHED = 3;
/** Classifier probability above which a segment looks generated. */
export const GENERATED = 0.5;
/** Features kept per node (most frequent). */
const MAX_FEATURES = 48;

export interface Signature {
  n: number;
  f: Map<string, number>;
}

function add(f: Map<string, number>, k: string, v: number): void {
  if (v > 0) f.set(k, (f.get(k) ?? 0) + v);
}

/** Is a literal child a stable name (shown as itself) rather than a rare or generated-looking value. */
export function isEstablished(c: PathNode): boolean {
  return c.count >= ESTABLISHED && c.g <= GENERATED;
}

/**
 * `loose`: children count only as "goes on below" (`c:*`), for the second
 * look decide.ts takes once a parameter is known: a popular value has
 * established children of its own (an owner's repositories) that other
 * values do not share by name.
 */
export function signature(node: PathNode, loose = false): Signature {
  const f = new Map<string, number>();
  for (let i = 0; i < 8; i++) add(f, `m:${METHODS[i]}`, node.m[i] as number);
  if (node.ends) {
    let end = 0;
    for (const e of node.ends.values()) {
      end += e.count;
      for (const [q, st] of e.query) add(f, `q:${q}`, st.count);
      for (const [b, st] of e.body) if (!b.includes(".") && !b.includes("[")) add(f, `b:${b}`, st.count);
    }
    add(f, "end", end);
  }
  // Rare literal children are kept by name (`r:`) and matched by name only when the other side has
  // them too (see maxG): `projects` under one value vs `projects` under the parameter is the same
  // route, while `linux` under one owner and `react` under another are both just "some value".
  if (loose) {
    // Only whether requests go on below, not where to.
    if (node.lits) for (const c of node.lits.values()) add(f, "c:*", c.count);
    if (node.params) for (const c of node.params.values()) add(f, "c:*", c.count);
  } else {
    if (node.lits) {
      for (const [k, c] of node.lits) add(f, c.g > GENERATED ? "c:~" : isEstablished(c) ? `c:${k}` : `r:${k}`, c.count);
    }
    if (node.params) for (const [k, c] of node.params) add(f, `c:${k}`, c.count);
  }
  if (f.size > MAX_FEATURES) {
    const top = [...f].sort((a, b) => b[1] - a[1]).slice(0, MAX_FEATURES);
    return { n: node.count, f: new Map(top) };
  }
  return { n: node.count, f };
}

export function sumSignatures(a: Signature, b: Signature): Signature {
  const f = new Map(a.f);
  for (const [k, v] of b.f) f.set(k, (f.get(k) ?? 0) + v);
  return { n: a.n + b.n, f };
}

function xlogx(o: number, e: number): number {
  return o > 0 && e > 0 ? o * Math.log(o / e) : 0;
}

/** Two-sample G statistic for "has feature" in k1 of n1 vs k2 of n2 requests. */
export function gStat(k1: number, n1: number, k2: number, n2: number): number {
  const a = Math.min(k1, n1);
  const c = Math.min(k2, n2);
  const b = n1 - a;
  const d = n2 - c;
  const n = n1 + n2;
  if (n1 === 0 || n2 === 0) return 0;
  const r1 = a + c;
  const r2 = b + d;
  return 2 * (xlogx(a, (n1 * r1) / n) + xlogx(b, (n1 * r2) / n) + xlogx(c, (n2 * r1) / n) + xlogx(d, (n2 * r2) / n));
}

/** Rewrites `r:name` as `c:name` when the other side has that name, else pools it into `c:~`. */
function unify(x: Signature, other: Signature): Signature {
  let rare = false;
  for (const k of x.f.keys()) if (k.charCodeAt(0) === 114) rare = true;
  if (!rare) return x;
  const f = new Map<string, number>();
  for (const [k, v] of x.f) {
    if (k.charCodeAt(0) !== 114) f.set(k, (f.get(k) ?? 0) + v);
    else {
      const name = k.slice(2);
      const key = other.f.has(`c:${name}`) || other.f.has(`r:${name}`) ? `c:${name}` : "c:~";
      f.set(key, (f.get(key) ?? 0) + v);
    }
  }
  return { n: x.n, f };
}

/**
 * Rates closer than this are the same behaviour however many requests show
 * the difference: values of one parameter differ a little in their mix (a
 * popular deployment is scaled more often), and with enough traffic the G
 * test calls any difference significant. Distinct routes differ by far more
 * (a method or a child present or absent).
 */
export const MIN_EFFECT = 0.1;

function effect(ka: number, na: number, kb: number, nb: number): number {
  return Math.abs(ka / Math.max(1, na) - kb / Math.max(1, nb));
}

/** Largest per-feature G statistic between two signatures, over features whose rates differ by MIN_EFFECT or more. */
export function maxG(x: Signature, y: Signature): number {
  const a = unify(x, y);
  const b = unify(y, x);
  let max = 0;
  for (const [k, ka] of a.f) {
    const kb = b.f.get(k) ?? 0;
    if (effect(ka, a.n, kb, b.n) < MIN_EFFECT) continue;
    const g = gStat(ka, a.n, kb, b.n);
    if (g > max) max = g;
  }
  for (const [k, kb] of b.f) {
    if (a.f.has(k) || effect(0, a.n, kb, b.n) < MIN_EFFECT) continue;
    const g = gStat(0, a.n, kb, b.n);
    if (g > max) max = g;
  }
  return max;
}

/** No feature differs significantly; `crit` grows with the number of tests made (see decide.ts). */
export function compatible(a: Signature, b: Signature, crit = G_CRIT): boolean {
  return maxG(a, b) < crit;
}

/** Bonferroni-style critical value for `tests` comparisons: the chi-square(1) tail is ~exp(-G/2). */
export function critFor(tests: number): number {
  return G_CRIT + 2 * Math.log(Math.max(1, tests));
}

/** Do these requests mostly continue to a parameter (`/orders/{id}`): a collection, not a value. */
export function leadsToParam(s: Signature): boolean {
  for (const [k, v] of s.f) if (k.startsWith("c:{") && v >= 0.2 * s.n) return true;
  return false;
}

/**
 * Features whose pooled rate is neither ~0 nor ~1 count as informative, and
 * so does every method or name beyond the first: a sibling group whose
 * members all show only `GET`, ending here, tells nothing.
 */
export function informativeFeatures(s: Signature): number {
  let n = 0;
  for (const [k, v] of s.f) {
    if (k === "end") continue;
    const r = v / Math.max(1, s.n);
    if (r >= 0.02) n++;
  }
  return n;
}

/**
 * Relative paths under a node, depth-tagged, to depth 3: `users`,
 * `users/{}`, `users/{}/groups`. Rare or generated-looking literals are
 * written `~` so that sub-graphs of values compare by their stable parts.
 * Bounded to MAX_TOKENS.
 */
export const MAX_TOKENS = 256;

export function subgraphTokens(node: PathNode, out: Set<string> = new Set(), prefix = "", depth = 0): Set<string> {
  if (depth >= 3 || out.size >= MAX_TOKENS) return out;
  if (node.lits) {
    for (const [k, c] of node.lits) {
      if (out.size >= MAX_TOKENS) return out;
      const t = prefix + (isEstablished(c) ? k : "~");
      out.add(t);
      subgraphTokens(c, out, `${t}/`, depth + 1);
    }
  }
  if (node.params) {
    for (const [k, c] of node.params) {
      if (out.size >= MAX_TOKENS) return out;
      const t = prefix + k;
      out.add(t);
      subgraphTokens(c, out, `${t}/`, depth + 1);
    }
  }
  return out;
}
