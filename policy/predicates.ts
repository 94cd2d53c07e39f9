/**
 * @module policy/predicates
 * Compiles one rule's `match` block into per-field tests over a RequestView
 * (coraza operator style: arguments parsed once, a small function per
 * request). Within a field, list values are alternatives (OR); the fields of
 * a rule must all hold (AND); `headers` entries must all hold; `params`
 * entries are constraints and the rule matches when one is violated.
 */
import { CidrSet } from "../core/net/cidr-set.ts";
import { compileGlob, matchGlob } from "./glob.ts";
import { type CompiledParam, compileParam, findViolation, type Violation } from "./params.ts";
import { exactPath } from "./paths.ts";
import type { RequestView } from "./request-view.ts";
import type { HeaderMatch, RuleMatch } from "./schema.ts";

export type FieldName = Exclude<keyof RuleMatch, "params">;
export type FieldTest = (v: RequestView) => boolean;

function cidrSet(list: string[], field: string): CidrSet {
  const set = new CidrSet();
  for (const c of list) if (!set.add(c)) throw new Error(`${field}: invalid IP address or CIDR ${JSON.stringify(c)}`);
  return set;
}

function headerTest(h: HeaderMatch): FieldTest {
  const name = h.name;
  if (h.present !== undefined) {
    const want = h.present;
    return (v) => {
      for (const [n] of v.headers) if (n === name) return want;
      return !want;
    };
  }
  const op = h.contains !== undefined ? "contains" : h.equals !== undefined ? "equals" : "prefix";
  const raw = h.contains ?? h.equals ?? h.prefix ?? [];
  const cs = h.case_sensitive === true;
  const values = (Array.isArray(raw) ? raw : [raw]).map((s) => (cs ? s : s.toLowerCase()));
  const whole =
    op === "contains"
      ? (s: string) => values.some((x) => s.includes(x))
      : op === "equals"
        ? (s: string) => values.includes(s)
        : (s: string) => values.some((x) => s.startsWith(x));
  // Origins trim a value's surrounding blanks, and the runtime joins a repeated header with ", " (`X-Role:
  // user` + `X-Role: admin` arrive as "user, admin"): `equals` and `prefix` also hold for any one trimmed
  // element, as a server reading the first or the last one sees it.
  const test =
    op === "contains"
      ? whole
      : (s: string) => {
          const t = s.trim();
          if (whole(t)) return true;
          if (!t.includes(",")) return false;
          for (const part of t.split(",")) if (whole(part.trim())) return true;
          return false;
        };
  return (v) => {
    const hs = v.headers;
    for (let i = 0; i < hs.length; i++) {
      const pair = hs[i]!;
      if (pair[0] === name && test(cs ? pair[1] : v.lowerHeader(i))) return true;
    }
    return false;
  };
}

function pathTest(p: NonNullable<RuleMatch["path"]>): FieldTest {
  const ic = p.ignore_case === true;
  if (p.exact !== undefined) {
    const want = exactPath(ic ? p.exact.toLowerCase() : p.exact);
    return ic ? (v) => v.lowerPath === want : (v) => v.path === want;
  }
  if (p.prefix !== undefined) {
    // `/admin/` holds `/admin` too: canonical paths end without a slash.
    const want = ic ? p.prefix.toLowerCase() : p.prefix;
    return ic ? (v) => v.lowerPathWithSlash.startsWith(want) : (v) => v.pathWithSlash.startsWith(want);
  }
  const g = compileGlob(p.glob ?? "/", ic);
  return ic ? (v) => matchGlob(g, v.lowerSegments) : (v) => matchGlob(g, v.segments);
}

/**
 * Compiles each present field of `m` (except `params` and `skip`, a field the
 * rule index already proved) into a test. Throws only on values validation
 * should have refused.
 */
export function compileFieldTests(m: RuleMatch, skip?: FieldName, allowRule = false): Map<FieldName, FieldTest> {
  const tests = new Map<FieldName, FieldTest>();
  if (m.ip && skip !== "ip") {
    const set = cidrSet(m.ip, "ip");
    tests.set("ip", (v) => v.ip !== null && set.hasParsed(v.ip));
  }
  if (m.not_ip && m.not_ip.length > 0) {
    const set = cidrSet(m.not_ip, "not_ip");
    tests.set("not_ip", (v) => v.ip === null || !set.hasParsed(v.ip));
  }
  if (m.country) {
    const set = new Set(m.country);
    tests.set("country", (v) => v.country !== undefined && set.has(v.country));
  }
  if (m.asn) {
    const set = new Set(m.asn);
    tests.set("asn", (v) => typeof v.ctx.asn === "number" && set.has(v.ctx.asn));
  }
  if (m.method) {
    const set = new Set(m.method);
    // A method override makes the request that method too, to origins that honour it: a block, log or
    // rate limit holds when any of its methods is listed; an allow only when all of them are, so that
    // `POST` + `X-HTTP-Method-Override: DELETE` neither dodges a DELETE block nor rides a POST allow.
    tests.set(
      "method",
      allowRule
        ? (v) => set.has(v.method) && v.overrides.every((o) => set.has(o))
        : (v) => set.has(v.method) || v.overrides.some((o) => set.has(o)),
    );
  }
  if (m.path) tests.set("path", pathTest(m.path));
  if (m.headers) {
    const hs = m.headers.map(headerTest);
    tests.set("headers", (v) => hs.every((t) => t(v)));
  }
  if (m.body_size) {
    const { gt, gte, lt, lte } = m.body_size;
    tests.set("body_size", (v) => {
      const n = v.ctx.bodySize;
      if (typeof n !== "number" || Number.isNaN(n)) return false;
      return (
        (gt === undefined || n > gt) &&
        (gte === undefined || n >= gte) &&
        (lt === undefined || n < lt) &&
        (lte === undefined || n <= lte)
      );
    });
  }
  if (m.content_type) {
    const exact = new Set(m.content_type.filter((c) => !c.endsWith("/*")));
    const types = new Set(m.content_type.filter((c) => c.endsWith("/*")).map((c) => c.slice(0, -2)));
    // Any media type the request names counts (a repeated Content-Type arrives joined).
    tests.set("content_type", (v) =>
      v.contentTypes.some((ct) => {
        if (exact.has(ct)) return true;
        const slash = ct.indexOf("/");
        return slash > 0 && types.has(ct.slice(0, slash));
      }),
    );
  }
  if (m.endpoint) {
    const set = new Set(m.endpoint);
    tests.set("endpoint", (v) => typeof v.ctx.endpoint === "string" && set.has(v.ctx.endpoint));
  }
  if (m.identity) {
    const set = new Set(m.identity);
    tests.set("identity", (v) => set.has(v.ctx.identity));
  }
  if (skip !== undefined) tests.delete(skip);
  return tests;
}

/** Compiles `params`: returns the first violation for a request, or null. */
export function compileParamCheck(params: NonNullable<RuleMatch["params"]>): (v: RequestView) => Violation | null {
  const compiled: CompiledParam[] = params.map(compileParam);
  return (v) => {
    for (const p of compiled) {
      if (p.in === "body" && v.ctx.bodyTruncated === true)
        return { location: p.location, detail: `${p.location}: body over the inspection limit, not checked` };
      const found = findViolation(p, p.in === "query" ? v.query : v.ctx.bodyParams);
      if (found) return found;
    }
    return null;
  };
}
