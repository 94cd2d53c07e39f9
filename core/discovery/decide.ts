/**
 * @module core/discovery/decide
 * The literal-or-parameter decision at one node of the graph. Generated
 * values (shapes.ts) never reach here: they went to the parameter child on
 * arrival. What is left are word-like children (`search`, `alice`,
 * `master`, `available`), and they are values of one parameter only on
 * evidence from the structure:
 *
 * - **anchored**: a parameter child already exists (ids seen) and the word
 *   behaves like it (compatible signature) and looks generated to the
 *   classifier, or word-like values were folded here before;
 * - **open-ended**: a group of ≥ OPEN_GROWTH_MIN compatible siblings that
 *   keeps growing (the node's requests hit new values at a rate ≥
 *   OPEN_NEW_RATE and a large share of the group was seen once), or of
 *   ≥ OPEN_MIN that is nearly every sibling there is (user names beside
 *   `login`/`logout`);
 * - **shared sub-graph**: siblings whose sub-graphs (MinHash over relative
 *   paths) contain each other's by ≥ SHARED_CONTAINMENT and are rich
 *   (tenant names before the same dozen resources);
 * - **enumeration**: every sibling (3..32 of them, none an id) behaves the
 *   same on an informative signature (`/status/{state}`), under a literal
 *   only: under a parameter a few alike words are its sub-resources
 *   (`/users/{u}/followers`, `/users/{u}/repos`);
 *
 * The last two, and the "nearly every sibling" case, never apply to
 * siblings that lead on to a parameter: `/orders/{id}`, `/customers/{id}`
 * are collections, however alike they behave.
 * - **file names**: ≥ 2 compatible siblings that are all file names, below
 *   the root only: the root's files (`favicon.ico`, `robots.txt`,
 *   `sitemap.xml`) are the site's own fixed resources, and a parameter there
 *   would take in the whole root namespace, every probe (`/.env`,
 *   `/config.php`) included. Not when every one is a word with a response
 *   format (`refunds.json`, `transactions.json`): those are resources.
 *
 * Version segments (`v1`) are always literal; children seen only with
 * failing statuses take no part. Compatibility is a G-test over the
 * signatures (signature.ts): values of one parameter share a handler, so
 * siblings that differ significantly are different routes.
 */
import { jaccard, minhash } from "./minhash.ts";
import type { PathNode } from "./node.ts";
import { type SegmentShape, segmentShape } from "./shapes.ts";
import {
  compatible,
  critFor,
  GENERATED,
  informativeFeatures,
  leadsToParam,
  type Signature,
  signature,
  subgraphTokens,
  sumSignatures,
} from "./signature.ts";

export const OPEN_MIN = 8;
/** Growth alone needs more members: at low traffic a parent's rare literal children look like new values too. */
export const OPEN_GROWTH_MIN = 16;
/** Share of a group's requests that hit a value seen once, for the group to count as open-ended. */
export const OPEN_SINGLETON_SHARE = 0.25;
/** Share of the undecided siblings a group must hold to count as "nearly all of them". */
export const OPEN_MAJORITY = 0.8;
export const SHARED_CONTAINMENT = 0.7;
export const SHARED_MIN_TOKENS = 6;
export const ENUM_MIN = 3;
export const ENUM_MAX = 32;
/** Requests each member of an enumeration needs: below that, distinct routes look alike. */
export const ENUM_MIN_HITS = 5;

interface Cand {
  key: string;
  node: PathNode;
  sig: Signature;
  shape: SegmentShape;
}

interface Cluster {
  members: Cand[];
  sig: Signature;
}

function cluster(cands: Cand[]): Cluster[] {
  const out: Cluster[] = [];
  for (const c of cands) {
    let joined = false;
    for (const k of out) {
      if (compatible(c.sig, k.sig)) {
        k.members.push(c);
        k.sig = sumSignatures(k.sig, c.sig);
        joined = true;
        break;
      }
    }
    if (!joined) out.push({ members: [c], sig: c.sig });
  }
  // A frequent literal can seed a group that rare values join (one request
  // has little power against it): test each member with some traffic
  // against the rest of its group and let the ones that differ go.
  const ejected: Cluster[] = [];
  for (const k of out) {
    for (let round = 0; round < 3 && k.members.length > 1; round++) {
      const keep: Cand[] = [];
      const crit = critFor(k.members.length);
      for (const m of k.members) {
        if (m.node.count >= 2 && !compatible(m.sig, subtract(k.sig, m.sig), crit))
          ejected.push({ members: [m], sig: m.sig });
        else keep.push(m);
      }
      if (keep.length === k.members.length) break;
      if (keep.length === 0) keep.push((ejected.pop() as Cluster).members[0] as Cand);
      k.members = keep;
      k.sig = keep.map((m) => m.sig).reduce(sumSignatures);
    }
  }
  return out.concat(ejected);
}

function subtract(a: Signature, b: Signature): Signature {
  const f = new Map<string, number>();
  for (const [k, v] of a.f) {
    const d = v - (b.f.get(k) ?? 0);
    if (d > 0) f.set(k, d);
  }
  return { n: Math.max(0, a.n - b.n), f };
}

function sharesSubgraph(k: Cluster): boolean {
  const sets = k.members.map((m) => subgraphTokens(m.node));
  const pooled = new Set<string>();
  for (const s of sets) for (const t of s) pooled.add(t);
  if (pooled.size < SHARED_MIN_TOKENS) return false;
  const sigs = sets.map((s) => minhash(s));
  // Containment of each member's sub-graph in the most frequent member's
  // (or the reverse): a value seen less often shows a subset of the same
  // paths, so plain Jaccard would understate it. |A∩B| = J(|A|+|B|)/(1+J).
  const seed = sigs[0] as Uint32Array;
  const seedSize = (sets[0] as Set<string>).size;
  let sum = 0;
  for (let i = 1; i < sigs.length; i++) {
    const size = (sets[i] as Set<string>).size;
    const j = jaccard(seed, sigs[i] as Uint32Array);
    const inter = (j * (seedSize + size)) / (1 + j);
    sum += Math.min(1, inter / Math.max(1, Math.min(seedSize, size)));
  }
  return sum / (sigs.length - 1) >= SHARED_CONTAINMENT;
}

/** Share of a node's requests that hit a child seen once (Good–Turing: the chance the next one is new). */
export const OPEN_NEW_RATE = 0.05;

function isParamGroup(
  k: Cluster,
  undecided: number,
  newRate: number,
  hasParam: boolean,
  atRoot: boolean,
  underParam: boolean,
): boolean {
  const size = k.members.length;
  if (size < 2) return false;
  if (!atRoot && k.members.every((m) => m.shape === "file") && !k.members.every((m) => formatSuffixed(m.key)))
    return true;
  let singles = 0;
  let hits = 0;
  for (const m of k.members) {
    hits += m.node.count;
    if (m.node.count === 1) singles++;
  }
  if (size >= OPEN_GROWTH_MIN && newRate >= OPEN_NEW_RATE && singles >= OPEN_SINGLETON_SHARE * hits) return true;
  // Word-like siblings that each lead to their own ids are collections
  // (`/orders/{id}`, `/customers/{id}`) however alike they behave: only
  // growth (above) makes them values.
  if (leadsToParam(k.sig)) return false;
  if (sharesSubgraph(k)) return true;
  if (size >= OPEN_MIN && size >= OPEN_MAJORITY * undecided) return true;
  return (
    !underParam &&
    (!hasParam || size >= ENUM_MIN) &&
    size === undecided &&
    size >= ENUM_MIN &&
    size <= ENUM_MAX &&
    k.members.every((m) => m.node.count >= ENUM_MIN_HITS) &&
    informativeFeatures(k.sig) >= 2
  );
}

/**
 * A resource name with a response-format suffix (`orders.json`,
 * `refunds.xml`): a word of letters before `.json`, `.xml` or `.html`. Such
 * siblings are routes (Rails, Shopify, Twilio), not file names: the file-name
 * rule leaves them to the others.
 */
function formatSuffixed(key: string): boolean {
  return /^[A-Za-z][A-Za-z_-]*\.(json|xml|html?)$/.test(key);
}

/** `cus_` when most sampled values of a parameter start with that id prefix, else null. */
function commonPrefix(param: PathNode): string | null {
  const sample = param.vals?.sample ?? [];
  if (sample.length < 3) return null;
  const counts = new Map<string, number>();
  for (const v of sample) {
    const m = /^[A-Za-z]{1,12}[_-]/.exec(v);
    if (m) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  }
  for (const [p, n] of counts) if (n * 2 > sample.length) return p;
  return null;
}

/** Keys of the literal children of `node` (the graph's root when `atRoot`) that are values of its parameter. */
export function decideFolds(node: PathNode, atRoot = false): string[] {
  if (node.lits === null || node.lits.size === 0) return [];
  const cands: Cand[] = [];
  for (const [key, c] of node.lits) {
    if (c.ok === 0) continue;
    const shape = segmentShape(key).shape;
    if (shape === "version") continue;
    cands.push({ key, node: c, sig: signature(c), shape });
  }
  if (cands.length === 0) return [];
  cands.sort((a, b) => b.node.count - a.node.count || (a.key < b.key ? -1 : 1));
  const folds = new Set<string>();
  const param = node.paramChild("{}");
  if (param !== undefined && param.ok > 0) {
    const ps = signature(param);
    const prefix = commonPrefix(param);
    for (const c of cands) {
      const looksLikeValue =
        c.node.g > GENERATED ||
        node.weakParam ||
        (prefix !== null && c.key.startsWith(prefix) && c.key.length >= prefix.length + 6);
      if (looksLikeValue && compatible(c.sig, ps)) folds.add(c.key);
    }
  }
  const rest = cands.filter((c) => !folds.has(c.key));
  let singles = 0;
  let hits = 0;
  for (const c of rest) {
    hits += c.node.count;
    if (c.node.count === 1) singles++;
  }
  const newRate = hits > 0 ? singles / hits : 0;
  let pool: Signature | null = null;
  for (const k of cluster(rest)) {
    if (isParamGroup(k, rest.length, newRate, param !== undefined && param.ok > 0, atRoot, node.vals !== null)) {
      for (const m of k.members) folds.add(m.key);
      pool = pool === null ? k.sig : sumSignatures(pool, k.sig);
    }
  }
  if (pool !== null) {
    // The parameter is now known: siblings that behave like it join it
    // (values that happened to resemble a literal while the groups formed),
    // compared loosely: a popular value has its own established children
    // (an owner's many repositories) that the others do not share by name.
    // Only for a large group (an open set of values), and never for a collection.
    let loose: Signature | null = null;
    let members = 0;
    for (const c of rest) {
      if (!folds.has(c.key)) continue;
      members++;
      loose = loose === null ? signature(c.node, true) : sumSignatures(loose, signature(c.node, true));
    }
    if (members < OPEN_MIN) loose = null;
    const crit = critFor(rest.length);
    for (const c of rest) {
      if (folds.has(c.key)) continue;
      if (compatible(c.sig, pool, crit)) folds.add(c.key);
      else if (loose !== null && !leadsToParam(c.sig) && compatible(signature(c.node, true), loose, crit))
        folds.add(c.key);
    }
  }
  return [...folds];
}
