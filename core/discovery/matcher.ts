/**
 * @module core/discovery/matcher
 * The endpoint matcher the worker compiles from an inventory snapshot (or an
 * allow-list): a trie of template segments where a literal beats an
 * embedded parameter (`{id}.json`), which beats a whole-segment parameter,
 * with backtracking when the more specific branch dead-ends
 * (`/users/search/orders` still matches `/users/{id}/orders`). A path whose
 * template exists but not for this method matches with `methodAllowed:
 * false`. Cost is O(depth) for the usual trie; backtracking is bounded by
 * the number of branches tried (MAX_STEPS). Never throws.
 */

export interface MatchResult {
  /** `GET /api/users/{id}`. */
  template: string;
  /** `/api/users/{id}`. */
  path: string;
  params: Record<string, string>;
  methodAllowed: boolean;
}

export interface EndpointMatcher {
  match(method: string, segments: string[]): MatchResult | null;
  /** Templates compiled (method, path), for diagnostics. */
  readonly size: number;
}

interface Embedded {
  prefix: string;
  /** Literal text between parameters (`...` in `{base}...{head}`), then the suffix. */
  parts: string[];
  names: string[];
  node: TrieNode;
}

class TrieNode {
  lits = new Map<string, TrieNode>();
  embedded: Embedded[] = [];
  param: { name: string; node: TrieNode } | null = null;
  /** method → template path; `*` allows any method. */
  methods = new Map<string, string>();
}

const MAX_STEPS = 10_000;

/** `{base}...{head}` → prefix "", names [base, head], parts ["...", ""]. Null for a plain literal. */
function parseSegment(seg: string): { prefix: string; names: string[]; parts: string[] } | null {
  const open = seg.indexOf("{");
  if (open < 0) return null;
  const names: string[] = [];
  const parts: string[] = [];
  const prefix = seg.slice(0, open);
  let i = open;
  while (i < seg.length) {
    const close = seg.indexOf("}", i);
    if (close < 0) return null;
    names.push(seg.slice(i + 1, close) || `p${names.length}`);
    const next = seg.indexOf("{", close + 1);
    parts.push(seg.slice(close + 1, next < 0 ? seg.length : next));
    if (next < 0) break;
    i = next;
  }
  return { prefix, names, parts };
}

function splitTemplate(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}

/** Matches `value` against prefix, then name/part pairs; parts are matched leftmost, non-empty values. */
function matchEmbedded(e: Embedded, value: string, out: Record<string, string>): boolean {
  if (!value.startsWith(e.prefix)) return false;
  let pos = e.prefix.length;
  for (let i = 0; i < e.names.length; i++) {
    const part = e.parts[i] as string;
    const last = i === e.names.length - 1;
    let end: number;
    if (last) {
      if (!value.endsWith(part) || value.length - part.length <= pos) return false;
      end = value.length - part.length;
    } else {
      end = part.length === 0 ? -1 : value.indexOf(part, pos + 1);
      if (end < 0) return false;
    }
    out[e.names[i] as string] = value.slice(pos, end);
    pos = end + part.length;
  }
  return true;
}

export function compileMatcher(endpoints: ReadonlyArray<{ method: string; path: string }>): EndpointMatcher {
  const root = new TrieNode();
  let size = 0;
  for (const ep of endpoints) {
    if (typeof ep.path !== "string" || typeof ep.method !== "string") continue;
    let node = root;
    for (const seg of splitTemplate(ep.path)) {
      const parsed = parseSegment(seg);
      if (parsed === null) {
        let next = node.lits.get(seg);
        if (!next) {
          next = new TrieNode();
          node.lits.set(seg, next);
        }
        node = next;
      } else if (parsed.prefix === "" && parsed.names.length === 1 && parsed.parts[0] === "") {
        if (node.param === null) node.param = { name: parsed.names[0] as string, node: new TrieNode() };
        node = node.param.node;
      } else {
        const key = `${parsed.prefix}\u0000${parsed.parts.join("\u0000")}`;
        let e = node.embedded.find((x) => `${x.prefix}\u0000${x.parts.join("\u0000")}` === key);
        if (!e) {
          e = { ...parsed, node: new TrieNode() };
          node.embedded.push(e);
          // Longer fixed text first: `{id}.tar.gz` before `{id}.gz`.
          node.embedded.sort(
            (a, b) => b.prefix.length + b.parts.join("").length - (a.prefix.length + a.parts.join("").length),
          );
        }
        node = e.node;
      }
    }
    node.methods.set(ep.method.toUpperCase(), ep.path);
    size++;
  }

  function walk(
    node: TrieNode,
    segs: string[],
    i: number,
    params: Record<string, string>,
    accept: (n: TrieNode) => boolean,
    budget: { steps: number },
  ): TrieNode | null {
    if (--budget.steps < 0) return null;
    if (i === segs.length) return accept(node) ? node : null;
    const seg = segs[i] as string;
    const lit = node.lits.get(seg);
    if (lit) {
      const r = walk(lit, segs, i + 1, params, accept, budget);
      if (r) return r;
    }
    for (const e of node.embedded) {
      const got: Record<string, string> = {};
      if (matchEmbedded(e, seg, got)) {
        const r = walk(e.node, segs, i + 1, params, accept, budget);
        if (r) {
          Object.assign(params, got);
          return r;
        }
      }
    }
    if (node.param) {
      const r = walk(node.param.node, segs, i + 1, params, accept, budget);
      if (r) {
        params[node.param.name] = seg;
        return r;
      }
    }
    return null;
  }

  return {
    size,
    match(method: string, segments: string[]): MatchResult | null {
      if (!Array.isArray(segments)) return null;
      const m = typeof method === "string" ? method.toUpperCase() : "";
      const segs = segments.filter((s) => typeof s === "string" && s.length > 0);
      let params: Record<string, string> = {};
      let node = walk(root, segs, 0, params, (n) => n.methods.has(m) || n.methods.has("*"), { steps: MAX_STEPS });
      let allowed = true;
      if (node === null) {
        params = {};
        node = walk(root, segs, 0, params, (n) => n.methods.size > 0, { steps: MAX_STEPS });
        allowed = false;
      }
      if (node === null) return null;
      const path = node.methods.get(m) ?? node.methods.get("*") ?? (node.methods.values().next().value as string);
      return { template: `${m} ${path}`, path, params, methodAllowed: allowed };
    },
  };
}
