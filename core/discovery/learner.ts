/**
 * @module core/discovery/learner
 * The streaming API-discovery learner: one graph of URL components per app,
 * shared by the learning-core Durable Object and `apiward discover`.
 *
 * `observe` walks the graph segment by segment: a known literal is followed,
 * a generated value (shapes.ts) goes to the parameter child, anything else
 * becomes a literal child. When CONSOLIDATE_EVERY literal children have
 * been created under one node, that node is consolidated (decide.ts folds
 * the children that are values of a parameter into it), which is what
 * keeps memory bounded under millions of unique ids; `maxNodes` and
 * `maxChildren` bound the rest (past them, new values go to the parameter
 * child: `overflow`). `inventory` consolidates a copy of the graph bottom
 * up and emits the endpoints; the live graph is not changed by reading it.
 *
 * What is learned from which responses: successes (and unknown status)
 * create structure and teach parameters; 404/405/410/501 and 5xx never
 * create anything (scanner probes, outages), they are only counted on
 * endpoints that already exist; other 4xx (401, 403, 409, 422…) create
 * tentative nodes that take no part in decisions and are listed as
 * `only_failures` once seen `minFailureOnly` times.
 */
import { defaultClassifier, type SegmentClassifier } from "./classifier.ts";
import { decideFolds } from "./decide.ts";
import type { EndStats } from "./endpoint-stats.ts";
import { paramName } from "./naming.ts";
import { mergeNode, methodSlot, type NodeState, nodeFromJSON, nodeToJSON, PathNode, ValueSketch } from "./node.ts";
import { isFileExtension, type SegmentShape, segmentShape } from "./shapes.ts";
import type { BodyType, Endpoint, Inventory, InventoryOptions, Observation, PathParamInfo } from "./types.ts";
import { inferType, type ValueType } from "./value-types.ts";

export interface LearnerOptions {
  /** Nodes in the whole graph (default 20,000: a few tens of MB at most). */
  maxNodes?: number;
  /** Literal children per node (default 512). */
  maxChildren?: number;
  /** New literal children under a node that trigger its consolidation (default 256). */
  consolidateEvery?: number;
  /** Deeper paths are not learned (default 32 segments). */
  maxDepth?: number;
  /** Requests an endpoint seen only failing needs to be listed (default 5). */
  minFailureOnly?: number;
  /** Clock for observations without `ts` (seconds). */
  now?: () => number;
  classifier?: SegmentClassifier;
}

export interface LearnerStats {
  observed: number;
  learned: number;
  /** Not-found or 5xx requests on paths the graph does not know. */
  unmatched: number;
  /** Too deep or malformed. */
  dropped: number;
  nodes: number;
}

export interface LearnerState {
  version: 1;
  stats: LearnerStats;
  root: NodeState;
}

const MAX_SEGMENT = 256;
/** Classifier probability from which a word-like segment is taken as a generated value on arrival. */
export const CONFIDENT_GENERATED = 0.95;
const STATE_VERSION = 1;

type StatusKind = "ok" | "fail" | "absent";

function statusKind(status: number | undefined): StatusKind {
  if (status === undefined || !Number.isFinite(status) || status < 400) return "ok";
  if (status === 404 || status === 405 || status === 410 || status === 501 || status >= 500) return "absent";
  return "fail";
}

function normMethod(m: string): string {
  if (m === "GET" || m === "POST" || m === "PUT" || m === "DELETE" || m === "PATCH") return m;
  const u = typeof m === "string" ? m.toUpperCase() : "";
  return /^[A-Z]{1,20}$/.test(u) ? u : "OTHER";
}

const VALUE_TYPE_OF_SHAPE: Partial<Record<SegmentShape, ValueType>> = {
  int: "int",
  snowflake: "int",
  uuid: "uuid",
  date: "date",
  email: "email",
};

/** Requests that must all carry one date before that date reads as a literal (a dated API version). */
export const CONSTANT_DATE_MIN = 30;

export class Learner {
  private root = new PathNode();
  private readonly maxNodes: number;
  private readonly maxChildren: number;
  private readonly consolidateEvery: number;
  private readonly maxDepth: number;
  private readonly minFailureOnly: number;
  private readonly now: () => number;
  private readonly classifier: SegmentClassifier;
  private readonly st: LearnerStats = { observed: 0, learned: 0, unmatched: 0, dropped: 0, nodes: 1 };
  private readonly path: PathNode[] = [];
  private readonly dirty: PathNode[] = [];

  constructor(opts: LearnerOptions = {}) {
    this.maxNodes = Math.max(16, opts.maxNodes ?? 20_000);
    this.maxChildren = Math.max(8, opts.maxChildren ?? 512);
    this.consolidateEvery = Math.max(4, opts.consolidateEvery ?? 256);
    this.maxDepth = Math.max(1, opts.maxDepth ?? 32);
    this.minFailureOnly = Math.max(1, opts.minFailureOnly ?? 5);
    this.now = opts.now ?? (() => Date.now() / 1000);
    this.classifier = opts.classifier ?? defaultClassifier();
  }

  /** Learns from one request/response. Never throws on malformed input (it is counted as dropped). */
  observe(obs: Observation): void {
    this.st.observed++;
    if (obs === null || typeof obs !== "object" || typeof obs.path !== "string") {
      this.st.dropped++;
      return;
    }
    const kind = statusKind(obs.status);
    const create = kind !== "absent";
    const ok = kind === "ok";
    const method = normMethod(obs.method);
    const p = obs.path;
    const nodes = this.path;
    nodes.length = 0;
    let node = this.root;
    let start = p.charCodeAt(0) === 47 ? 1 : 0;
    let depth = 0;
    while (start <= p.length) {
      let end = p.indexOf("/", start);
      if (end < 0) end = p.length;
      if (end > start) {
        if (++depth > this.maxDepth) {
          this.st.dropped++;
          return;
        }
        const next = this.step(node, p.slice(start, end), create, ok);
        if (next === null) {
          this.st.unmatched++;
          return;
        }
        nodes.push(next);
        node = next;
      }
      start = end + 1;
    }
    let stats: EndStats | undefined;
    if (create) stats = node.endStats(method);
    else {
      stats = node.ends?.get(method);
      if (stats === undefined) {
        this.st.unmatched++;
        return;
      }
    }
    const slot = methodSlot(method);
    this.root.count++;
    this.root.m[slot] = (this.root.m[slot] as number) + 1;
    if (ok) this.root.ok++;
    for (const n of nodes) {
      n.count++;
      n.m[slot] = (n.m[slot] as number) + 1;
      if (ok) n.ok++;
    }
    const ts = typeof obs.ts === "number" && Number.isFinite(obs.ts) ? obs.ts : this.now();
    const query = Array.isArray(obs.query) ? obs.query : undefined;
    const body =
      obs.body && typeof obs.body.text === "string" && typeof obs.body.contentType === "string" ? obs.body : undefined;
    stats.record(obs.status, ok, ts, query, body, typeof obs.identity === "string" ? obs.identity : undefined);
    if (ok) this.st.learned++;
    if (this.dirty.length > 0) {
      for (const d of this.dirty.splice(0)) this.consolidate(d, false);
    }
  }

  /** One segment: follow or create the child. Null when the path is unknown and nothing may be created. */
  private step(node: PathNode, seg: string, create: boolean, ok: boolean): PathNode | null {
    const lit = node.lits === null ? undefined : node.lits.get(seg);
    if (lit !== undefined) return lit;
    const sh = seg.length > MAX_SEGMENT ? { shape: "token" as const, strong: true } : segmentShape(seg);
    if (sh.strong) {
      const key = "skeleton" in sh && sh.skeleton !== undefined ? sh.skeleton : "{}";
      let pc = node.params === null ? undefined : node.params.get(key);
      if (pc === undefined) {
        if (!create) return null;
        pc = this.newParam(node, key);
      }
      if (ok) (pc.vals as ValueSketch).add(seg, ("inner" in sh && sh.inner) || sh.shape);
      return pc;
    }
    if (!create) {
      const pc = node.weakParam ? node.paramChild("{}") : undefined;
      return pc ?? null;
    }
    if ((node.lits !== null && node.lits.size >= this.maxChildren) || this.st.nodes >= this.maxNodes) {
      // Out of room: the value goes to the parameter child rather than growing the graph.
      const pc = node.paramChild("{}") ?? this.newParam(node, "{}");
      node.overflow++;
      if (ok) (pc.vals as ValueSketch).add(seg, sh.shape);
      return pc;
    }
    const g = this.classifier.score(seg);
    if (g >= CONFIDENT_GENERATED && seg.length >= 6) {
      // The classifier is sure: a random token without a telling shape (`CMOxYH7PEPlpJISMM`).
      const pc = node.paramChild("{}") ?? this.newParam(node, "{}");
      if (ok) (pc.vals as ValueSketch).add(seg, "token");
      return pc;
    }
    const child = new PathNode();
    child.g = g;
    if (node.lits === null) node.lits = new Map();
    node.lits.set(seg, child);
    this.st.nodes++;
    node.pending++;
    if (node.pending >= this.consolidateEvery && !this.dirty.includes(node)) this.dirty.push(node);
    return child;
  }

  private newParam(node: PathNode, key: string): PathNode {
    const pc = new PathNode();
    pc.vals = new ValueSketch();
    if (node.params === null) node.params = new Map();
    node.params.set(key, pc);
    this.st.nodes++;
    return pc;
  }

  /**
   * Folds the literal children of `node` that decide.ts finds to be values
   * into its parameter child. With `deep`, top down: this node first, then
   * every child, the parameter child after it took the folded values' sub-
   * graphs (so it decides with all their traffic pooled: deciding inside
   * each value's sub-graph first would decide on a fraction of the
   * evidence, and differently for each). Returns whether anything folded.
   */
  private consolidate(node: PathNode, deep: boolean, depth = 0): boolean {
    if (!deep) this.pruneTentative(node);
    node.pending = 0;
    let changed = this.unfoldConstantDate(node);
    changed = this.mergeFileSkeletons(node) || changed;
    const folds = decideFolds(node, node === this.root);
    if (folds.length > 0 && node.lits !== null) {
      const pc = node.paramChild("{}") ?? this.newParam(node, "{}");
      const vals = pc.vals ?? new ValueSketch();
      pc.vals = vals;
      for (const key of folds) {
        const child = node.lits.get(key);
        if (child === undefined) continue;
        node.lits.delete(key);
        vals.add(key, segmentShape(key).shape, Math.max(1, child.ok));
        this.st.nodes -= mergeNode(pc, child);
      }
      node.weakParam = true;
      changed = true;
      // File names just folded into `{}` take in their `{}.pdf` sibling (ids that look generated
      // went there on arrival): one route, not two.
      this.mergeFileSkeletons(node);
      if (!deep && pc.pending >= this.consolidateEvery) this.consolidate(pc, false, depth + 1);
    }
    if (deep && depth < this.maxDepth + 2) {
      if (node.lits) for (const c of node.lits.values()) this.consolidate(c, true, depth + 1);
      if (node.params) for (const c of node.params.values()) this.consolidate(c, true, depth + 1);
    }
    return changed;
  }

  /**
   * A date that never varies is a version (`/admin/api/2024-01/…`,
   * `/2010-04-01/Accounts/…`), not a value. Dates go to the parameter child
   * on arrival; once CONSTANT_DATE_MIN requests all carried the same one, it
   * comes back as the literal it is (later arrivals of it follow the literal;
   * other dates make a parameter beside it, which decide.ts weighs as usual).
   */
  private unfoldConstantDate(node: PathNode): boolean {
    const pc = node.paramChild("{}");
    const v = pc?.vals;
    if (pc === undefined || !v || v.n < CONSTANT_DATE_MIN || v.sample.length !== 1) return false;
    const key = v.sample[0] as string;
    if ((v.shapes.date ?? 0) !== v.n || v.hll.estimate() >= 1.5 || node.litChild(key) !== undefined) return false;
    (node.params as Map<string, PathNode>).delete("{}");
    pc.vals = null;
    pc.g = 0;
    if (node.lits === null) node.lits = new Map();
    node.lits.set(key, pc);
    return true;
  }

  /**
   * `{}.pdf`, `{}.csv` beside each other (or beside a parameter of file
   * names) are one parameter of file names, not one route per extension;
   * a single `{}.json` stays as it is (`/items/{id}.json`). An extension
   * the app answered with success fewer than twice (`/invoices/inv_1.csv`
   * refused, or one `inv_2.PDF`, beside a busy `{}.pdf`) is no evidence of
   * a second format, and neither is the same extension in another case:
   * one odd request must not turn the route into a file-name parameter.
   */
  private mergeFileSkeletons(node: PathNode): boolean {
    if (node.params === null || node.params.size < 2) {
      if (node.params === null || node.paramChild("{}") !== undefined) return false;
    }
    const params = node.params;
    const main = node.paramChild("{}");
    const mainFiles = main?.vals ? (main.vals.shapes.file ?? 0) * 2 >= main.vals.n : false;
    // Beside a parameter of file names, every file skeleton is one of its names; otherwise only
    // formats the app did serve make one.
    const keys = [...params.keys()].filter(
      (k) =>
        /^\{\}\.[A-Za-z0-9]{1,5}$/.test(k) &&
        isFileExtension(k.slice(3)) &&
        (mainFiles || (params.get(k)?.ok ?? 0) >= 2),
    );
    if (keys.length === 0) return false;
    if (!mainFiles && new Set(keys.map((k) => k.toLowerCase())).size < 2) return false;
    const pc = main ?? this.newParam(node, "{}");
    for (const k of keys) {
      const c = params.get(k) as PathNode;
      params.delete(k);
      if (c.vals) for (const shape of Object.keys(c.vals.shapes)) c.vals.shapes[shape as "file"] = 0;
      if (c.vals) c.vals.shapes.file = c.vals.n;
      this.st.nodes -= mergeNode(pc, c);
    }
    return true;
  }

  /** Drops rare children seen only failing, so scanner noise does not hold on to memory. */
  private pruneTentative(node: PathNode): void {
    if (node.lits === null) return;
    for (const [k, c] of node.lits) {
      if (c.ok === 0 && c.count <= 2) {
        node.lits.delete(k);
        this.st.nodes -= c.size();
      }
    }
  }

  /** The learned endpoints (the live graph is left as is). */
  inventory(opts: InventoryOptions = {}): Inventory {
    const copy = this.clone();
    copy.consolidate(copy.root, true);
    const out: Endpoint[] = [];
    copy.emit(copy.root, [], null, new Set(), opts, out);
    out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.method < b.method ? -1 : 1));
    return { endpoints: out };
  }

  private emit(
    node: PathNode,
    segs: string[],
    prevLit: string | null,
    used: Set<string>,
    opts: InventoryOptions,
    out: Endpoint[],
    params: Record<string, PathParamInfo> = {},
  ): void {
    if (node.ends) {
      const path = `/${segs.join("/")}`;
      for (const [method, e] of node.ends) {
        const ep = this.endpoint(method, path, e, params, opts);
        if (ep) out.push(ep);
      }
    }
    if (node.lits) {
      for (const [k, c] of node.lits) {
        if (c.ok === 0 && c.count < this.minFailureOnly) continue;
        const isVersion = segmentShape(k).shape === "version";
        this.emit(c, [...segs, escapeLiteral(k)], isVersion ? prevLit : k, used, opts, out, params);
      }
    }
    if (node.params) {
      for (const [k, c] of node.params) {
        const shape = c.vals?.dominant() ?? "word";
        const u = new Set(used);
        const info: PathParamInfo = {
          type: VALUE_TYPE_OF_SHAPE[shape] ?? "string",
          shape,
          distinct: c.vals ? c.vals.hll.estimate() : 0,
        };
        const next = { ...params };
        let full = k;
        // One name per `{}`: `{}...{}` holds two parameters.
        for (let i = 0; i < 4 && full.includes("{}"); i++) {
          const name = paramName(prevLit, shape, u);
          full = full.replace("{}", `{${name}}`);
          next[name] = info;
        }
        this.emit(c, [...segs, full], prevLit, u, opts, out, next);
      }
    }
  }

  private endpoint(
    method: string,
    path: string,
    e: EndStats,
    params: Record<string, PathParamInfo>,
    opts: InventoryOptions,
  ): Endpoint | null {
    if (e.count < (opts.minCount ?? 1)) return null;
    const onlyFailures = e.ok === 0;
    if (onlyFailures && (opts.includeFailures === false || e.count < this.minFailureOnly)) return null;
    if (onlyFailures && Object.keys(e.statuses).every((s) => s === "404" || s === "405" || s === "410" || s[0] === "5"))
      return null;
    const query: Endpoint["query"] = {};
    for (const [name, st] of [...e.query].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const t = inferType(st);
      query[name] = {
        type: t.type,
        required: e.okQueries >= 5 && st.count >= e.okQueries,
        count: st.count,
        ...(t.enum ? { enum: t.enum } : {}),
      };
    }
    const body: Endpoint["body"] = {};
    for (const [name, st] of [...e.body].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      let type: BodyType;
      const need = Math.ceil(st.count * 0.98);
      if (st.object >= need && st.object > 0) type = "object";
      else if (st.array >= need && st.array > 0) type = "array";
      else if (st.null >= need && st.null > 0) type = "null";
      else type = inferType(st).type;
      body[name] = { type, count: st.count };
    }
    const ep: Endpoint = {
      method,
      path,
      count: e.count,
      statuses: { ...e.statuses },
      first_seen: Number.isFinite(e.first) ? e.first : null,
      last_seen: Number.isFinite(e.last) ? e.last : null,
      query,
      body,
      path_params: { ...params },
      clients: { top: e.clients ? e.clients.top() : [], distinct: e.clientHll ? e.clientHll.estimate() : 0 },
    };
    if (onlyFailures) ep.only_failures = true;
    return ep;
  }

  stats(): LearnerStats {
    return { ...this.st };
  }

  /** Serialisable state (plain JSON); `fromJSON` restores it. Size is bounded by `maxNodes`. */
  toJSON(): LearnerState {
    return { version: STATE_VERSION, stats: { ...this.st }, root: nodeToJSON(this.root) };
  }

  /** Restores a learner; a malformed or foreign state gives an empty learner rather than an error. */
  static fromJSON(state: unknown, opts: LearnerOptions = {}): Learner {
    const l = new Learner(opts);
    if (state === null || typeof state !== "object") return l;
    const s = state as Partial<LearnerState>;
    if (s.version !== STATE_VERSION || !s.root || typeof s.root !== "object") return l;
    const budget = { left: l.maxNodes };
    l.root = nodeFromJSON(s.root, budget);
    const st = s.stats;
    if (st && typeof st === "object") {
      for (const k of ["observed", "learned", "unmatched", "dropped"] as const) {
        if (typeof st[k] === "number") l.st[k] = st[k];
      }
    }
    l.st.nodes = l.root.size();
    return l;
  }

  /** Adds another learner's graph into this one (e.g. shards of one app). */
  merge(other: Learner): void {
    const copy = other.clone();
    mergeNode(this.root, copy.root);
    for (const k of ["observed", "learned", "unmatched", "dropped"] as const) this.st[k] += other.st[k];
    this.consolidate(this.root, true);
    this.st.nodes = this.root.size();
  }

  private clone(): Learner {
    const c = Learner.fromJSON(this.toJSON(), {
      maxNodes: this.maxNodes * 2,
      maxChildren: this.maxChildren,
      consolidateEvery: this.consolidateEvery,
      maxDepth: this.maxDepth,
      minFailureOnly: this.minFailureOnly,
      now: this.now,
      classifier: this.classifier,
    });
    return c;
  }
}

/** A literal containing braces would read as a parameter in a template: percent-encode them. */
function escapeLiteral(k: string): string {
  return k.includes("{") || k.includes("}") ? k.replace(/\{/g, "%7B").replace(/\}/g, "%7D") : k;
}
