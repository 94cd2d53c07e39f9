/**
 * @module policy/rule-index
 * Candidate selection, so a request is checked only against rules that can
 * match it. Each rule is filed under one "anchor" field, picked by expected
 * selectivity: ip (CIDR trie), endpoint, exact path, identity, asn, country
 * (hash maps), path prefix (character trie), a glob's literal first segment
 * or its last segment's literal suffix (a glob ending in `*.php`: reversed trie), a
 * body_size lower bound (sorted), header name, content type, method. A rule
 * with none of these (only `not_ip`, body upper bounds, `present: false`
 * headers, an empty match...) is always a candidate. Candidates come back
 * deduplicated and in evaluation order; the caller still runs the rule's
 * other tests, so the index only has to be complete (never miss a rule that
 * could match), which filing under a necessary condition guarantees.
 */
import { CidrSet } from "../core/net/cidr-set.ts";
import { formatCidr, parseCidr, unmapCidr } from "../core/net/ip.ts";
import { CharTrie } from "./char-trie.ts";
import { compileGlob } from "./glob.ts";
import { exactPath } from "./paths.ts";
import type { FieldName } from "./predicates.ts";
import type { RequestView } from "./request-view.ts";
import type { RuleMatch } from "./schema.ts";

/** How a rule is anchored; `proves` when being a candidate already means the field holds. */
export interface Anchor {
  field: FieldName | null;
  proves: boolean;
}

function push<K>(map: Map<K, number[]>, key: K, rule: number): void {
  const list = map.get(key);
  if (list) list.push(rule);
  else map.set(key, [rule]);
}

/** Last-segment suffix a glob needs, when its final pattern segment is anchored at the path's end. */
function globSuffix(glob: string, ignoreCase: boolean): string | undefined {
  const g = compileGlob(glob, ignoreCase);
  const tail = g.groups[g.groups.length - 1]!;
  const last = tail[tail.length - 1];
  if (!last || last.kind === "any") return undefined;
  const suffix = last.kind === "lit" ? last.text : last.chunks[last.chunks.length - 1]!;
  return suffix.length > 0 ? suffix : undefined;
}

export class RuleIndex {
  private readonly ip = new CidrSet<number[]>();
  private readonly ipLists = new Map<string, number[]>();
  private readonly endpoint = new Map<string, number[]>();
  private readonly exactPath = new Map<string, number[]>();
  private readonly identity = new Map<string, number[]>();
  private readonly asn = new Map<number, number[]>();
  private readonly country = new Map<string, number[]>();
  /** [0] case-sensitive, [1] ignore-case (keys lower-cased, walked with the lower-cased request). */
  private readonly prefix = [new CharTrie(false), new CharTrie(false)] as const;
  private readonly firstSegment = [new Map<string, number[]>(), new Map<string, number[]>()] as const;
  private readonly lastSuffix = [new CharTrie(true), new CharTrie(true)] as const;
  /** Rules needing body size > bound, sorted by bound ascending. */
  private bodyAbove: Array<[bound: number, rules: number[]]> = [];
  private readonly header = new Map<string, number[]>();
  private readonly contentType = new Map<string, number[]>();
  private readonly method = new Map<string, number[]>();
  private readonly always: number[] = [];
  private stamp = new Uint32Array(16);
  private epoch = 0;

  /** Files rule number `rule` (its position in evaluation order) under its anchor. */
  add(rule: number, m: RuleMatch): Anchor {
    if (this.stamp.length <= rule) {
      const grown = new Uint32Array((rule + 1) * 2);
      grown.set(this.stamp);
      this.stamp = grown;
    }
    if (m.ip) {
      for (const c of m.ip) this.addCidr(c, rule);
      return { field: "ip", proves: true };
    }
    const path = m.path;
    const ic = path?.ignore_case === true ? 1 : 0;
    const keyed: Array<[FieldName, Map<string, number[]>, string[] | undefined]> = [
      ["endpoint", this.endpoint, m.endpoint],
      ["path", this.exactPath, path?.exact !== undefined && !ic ? [exactPath(path.exact)] : undefined],
      ["identity", this.identity, m.identity],
    ];
    for (const [field, map, values] of keyed) {
      if (!values) continue;
      for (const v of new Set(values)) push(map, v, rule);
      return { field, proves: true };
    }
    if (m.asn) {
      for (const a of new Set(m.asn)) push(this.asn, a, rule);
      return { field: "asn", proves: true };
    }
    if (m.country) {
      for (const c of new Set(m.country)) push(this.country, c, rule);
      return { field: "country", proves: true };
    }
    if (path?.prefix !== undefined || (path?.exact !== undefined && ic)) {
      // An exact path is also a prefix of itself: case-insensitive exact paths use the ignore-case trie.
      const key = path.prefix ?? exactPath(path.exact as string);
      this.prefix[ic].add(ic ? key.toLowerCase() : key, rule);
      return { field: "path", proves: path.prefix !== undefined };
    }
    if (path?.glob !== undefined) {
      const first = compileGlob(path.glob, ic === 1).firstLiteral;
      if (first !== undefined) {
        push(this.firstSegment[ic], first, rule);
        return { field: "path", proves: false };
      }
      const suffix = globSuffix(path.glob, ic === 1);
      if (suffix !== undefined) {
        this.lastSuffix[ic].add(suffix, rule);
        return { field: "path", proves: false };
      }
    }
    const lower = m.body_size ? Math.max(m.body_size.gt ?? -1, (m.body_size.gte ?? 0) - 1) : -1;
    if (lower >= 0) {
      this.bodyAbove.push([lower, [rule]]);
      this.bodyAbove.sort((a, b) => a[0] - b[0]);
      return { field: "body_size", proves: false };
    }
    const named = m.headers?.find((h) => h.present !== false);
    if (named) {
      push(this.header, named.name, rule);
      return { field: "headers", proves: false };
    }
    if (m.content_type) {
      for (const c of new Set(m.content_type)) push(this.contentType, c, rule);
      return { field: "content_type", proves: true };
    }
    if (m.method) {
      for (const x of new Set(m.method)) push(this.method, x, rule);
      // Found by one of the request's methods (its own or an override): the rule's method test still runs.
      return { field: "method", proves: false };
    }
    this.always.push(rule);
    return { field: null, proves: false };
  }

  private addCidr(text: string, rule: number): void {
    const parsed = parseCidr(text);
    if (parsed === null) throw new Error(`ip: invalid IP address or CIDR ${JSON.stringify(text)}`);
    // One list per distinct block: adding a block again would replace the trie value.
    const block = unmapCidr(parsed);
    const key = formatCidr(block);
    const existing = this.ipLists.get(key);
    if (existing) {
      if (existing[existing.length - 1] !== rule) existing.push(rule);
      return;
    }
    const list = [rule];
    this.ipLists.set(key, list);
    this.ip.addParsed(block, list);
  }

  /** Candidate rule numbers for a request, deduplicated, ascending (evaluation order). */
  candidates(v: RequestView): number[] {
    this.epoch = (this.epoch + 1) >>> 0;
    if (this.epoch === 0) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
    const out: number[] = [];
    const stamp = this.stamp;
    const epoch = this.epoch;
    const take = (list: readonly number[] | undefined) => {
      if (!list) return;
      for (let i = 0; i < list.length; i++) {
        const r = list[i]!;
        if (stamp[r] !== epoch) {
          stamp[r] = epoch;
          out.push(r);
        }
      }
    };
    if (v.ip !== null && this.ip.size > 0) this.ip.forEachMatch(v.ip, take);
    const ctx = v.ctx;
    if (typeof ctx.endpoint === "string") take(this.endpoint.get(ctx.endpoint));
    take(this.exactPath.get(v.path));
    take(this.identity.get(ctx.identity));
    if (typeof ctx.asn === "number") take(this.asn.get(ctx.asn));
    if (v.country !== undefined) take(this.country.get(v.country));
    // Against the path with a slash after it: a prefix `/admin/` also holds `/admin` (canonical paths end
    // without one), and no other prefix is gained (`/admin/` is no prefix of `/administrator/`).
    if (this.prefix[0].size > 0) this.prefix[0].collect(v.pathWithSlash, take);
    if (this.prefix[1].size > 0) this.prefix[1].collect(v.lowerPathWithSlash, take);
    const segs = v.segments;
    if (segs.length > 0) {
      const first = segs[0]!;
      const last = segs[segs.length - 1]!;
      take(this.firstSegment[0].get(first));
      if (this.firstSegment[1].size > 0) take(this.firstSegment[1].get(first.toLowerCase()));
      if (this.lastSuffix[0].size > 0) this.lastSuffix[0].collect(last, take);
      if (this.lastSuffix[1].size > 0) this.lastSuffix[1].collect(last.toLowerCase(), take);
    }
    const size = ctx.bodySize;
    if (typeof size === "number") {
      const above = this.bodyAbove;
      for (let i = 0; i < above.length && above[i]![0] < size; i++) take(above[i]![1]);
    }
    if (this.header.size > 0) for (const [name] of v.headers) take(this.header.get(name));
    if (this.contentType.size > 0) {
      // Each media type the request names (a repeated Content-Type arrives joined) selects its rules.
      for (const t of v.contentTypes) {
        take(this.contentType.get(t));
        const slash = t.indexOf("/");
        if (slash > 0) take(this.contentType.get(`${t.slice(0, slash)}/*`));
      }
    }
    if (this.method.size > 0) {
      take(this.method.get(v.method));
      for (const o of v.overrides) take(this.method.get(o));
    }
    take(this.always);
    sortAscending(out);
    return out;
  }
}

/**
 * Sorts small candidate lists by insertion (a comparator sort costs ~2 µs for
 * 30 numbers in V8, more than the rest of the lookup); long lists go through a
 * typed array's native numeric sort.
 */
function sortAscending(a: number[]): void {
  const n = a.length;
  if (n > 64) {
    const sorted = Uint32Array.from(a).sort();
    for (let i = 0; i < n; i++) a[i] = sorted[i]!;
    return;
  }
  for (let i = 1; i < n; i++) {
    const x = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! > x) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
}
