/**
 * A deliberately naive policy evaluator, written from the documented
 * semantics (policy/README.md) without the compiler, the index or the
 * tries: every rule in priority order, CIDRs compared as bigints, globs as
 * regular expressions, parameter types as regular expressions. The property
 * test holds the compiled engine equal to it.
 */
import { parseCidr, parseIp } from "../../core/net/ip.ts";
import type { PolicyDocument, PolicyRule } from "../../policy/schema.ts";
import type { PolicyContext, RateLimitHit } from "../../policy/types.ts";

export interface RefOutcome {
  terminal?: { ruleId: string; action: "allow" | "block" };
  logs: string[];
  rateLimits: RateLimitHit[];
  bypass: string[];
  hits: string[];
  details: Array<string | undefined>;
}

function big(bytes: Uint8Array): bigint {
  let x = 0n;
  for (const b of bytes) x = (x << 8n) | BigInt(b);
  return x;
}

/** Address as [family bits, value]; IPv4-mapped IPv6 counts as IPv4. */
function addr(text: string): [number, bigint] | null {
  const p = parseIp(text);
  if (!p) return null;
  const v = big(p.bytes);
  if (p.version === 6 && v >> 32n === 0xffffn) return [32, v & 0xffffffffn];
  return [p.version === 4 ? 32 : 128, v];
}

function inCidr(ip: string, cidr: string): boolean {
  const a = addr(ip);
  const c = parseCidr(cidr);
  if (!a || !c) return false;
  let bits = c.ip.version === 4 ? 32 : 128;
  let net = big(c.ip.bytes);
  let prefix = c.prefix;
  if (bits === 128 && net >> 32n === 0xffffn && prefix >= 96) {
    bits = 32;
    net &= 0xffffffffn;
    prefix -= 96;
  }
  if (bits !== a[0]) return false;
  const shift = BigInt(bits - prefix);
  return a[1] >> shift === net >> shift;
}

function globRegex(glob: string, ignoreCase: boolean): RegExp {
  const parts = glob
    .split("/")
    .filter((s) => s.length > 0)
    .map((s) =>
      s === "**"
        ? "(?:/[^/]*)*"
        : "/" +
          s
            .split("*")
            .map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
            .join("[^/]*"),
    );
  return new RegExp(`^${parts.join("")}$`, ignoreCase ? "i" : "");
}

const TYPE_RE: Record<string, RegExp> = {
  int: /^-?[0-9]{1,19}$/,
  float: /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/,
  bool: /^(true|false|1|0)$/,
  uuid: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
  email: /^[^\s@<>"\x7f]{1,64}@([A-Za-z0-9\-\u0080-\uffff]+\.)+[A-Za-z0-9\-\u0080-\uffff]+$/,
  string: /^/,
};

type Param = NonNullable<PolicyRule["match"]["params"]>[number];

function violation(p: Param, c: PolicyContext): string | undefined {
  const pairs = p.in === "query" ? c.req.query : c.bodyParams;
  if (!pairs) return undefined;
  const values = pairs.filter(([n]) => n === p.name).map(([, v]) => v);
  const where = `${p.in}:${p.name}`;
  if (values.length === 0) return p.required ? `${where}: required` : undefined;
  for (const v of values) {
    if (p.max_length !== undefined && v.length > p.max_length) return `${where}: longer than ${p.max_length}`;
    if (p.min_length !== undefined && v.length < p.min_length) return `${where}: shorter than ${p.min_length}`;
    if (
      p.type &&
      (!TYPE_RE[p.type]!.test(v) || (p.type === "float" && v.length > 64) || (p.type === "email" && v.length > 254))
    )
      return `${where}: expected ${p.type}`;
    if (p.enum && !p.enum.includes(v)) return `${where}: not one of the allowed values`;
    if (p.type === "int" || p.type === "float") {
      if (p.max !== undefined && Number(v) > p.max) return `${where}: above max ${p.max}`;
      if (p.min !== undefined && Number(v) < p.min) return `${where}: below min ${p.min}`;
    }
  }
  return undefined;
}

/** Returns null (no match) or [detail] ([undefined] for a plain match). */
function matches(rule: PolicyRule, c: PolicyContext): [string | undefined] | null {
  const m = rule.match;
  const r = c.req;
  if (m.ip && !m.ip.some((x) => inCidr(c.ip, x))) return null;
  if (m.not_ip?.some((x) => inCidr(c.ip, x))) return null;
  if (m.country && !(c.country !== undefined && m.country.includes(c.country.toUpperCase()))) return null;
  if (m.asn && !(c.asn !== undefined && m.asn.includes(c.asn))) return null;
  if (m.method) {
    // The request's own method and every method an override header or `_method` asks for: a block, log or
    // rate limit needs one of them listed, an allow needs all of them (policy/README.md, method).
    const all = [r.method.toUpperCase()];
    for (const [n, v] of r.headers)
      if (["x-http-method-override", "x-http-method", "x-method-override"].includes(n.toLowerCase())) all.push(v);
    for (const [n, v] of r.query) if (n === "_method") all.push(v);
    const methods = all.map((x) => x.trim().toUpperCase()).filter((x) => x !== "");
    const listed = (x: string) => (m.method as string[]).includes(x);
    if (rule.action === "allow" ? !methods.every(listed) : !methods.some(listed)) return null;
  }
  if (m.path) {
    const ic = m.path.ignore_case === true;
    const path = ic ? r.path.toLowerCase() : r.path;
    // Canonical paths end without a slash: an exact path is compared without its own, and a prefix
    // ending in "/" holds the directory itself.
    const exact = m.path.exact?.replace(/(.)\/+$/, "$1");
    if (exact !== undefined && path !== (ic ? exact.toLowerCase() : exact)) return null;
    const dir = path.endsWith("/") ? path : `${path}/`;
    if (m.path.prefix !== undefined && !dir.startsWith(ic ? m.path.prefix.toLowerCase() : m.path.prefix)) return null;
    if (m.path.glob !== undefined && !globRegex(m.path.glob, ic).test(r.segments.map((s) => `/${s}`).join("")))
      return null;
  }
  for (const h of m.headers ?? []) {
    const values = r.headers.filter(([n]) => n === h.name).map(([, v]) => v);
    if (h.present !== undefined) {
      if (values.length > 0 !== h.present) return null;
      continue;
    }
    const raw = h.contains ?? h.equals ?? h.prefix!;
    const wants = (Array.isArray(raw) ? raw : [raw]).map((w) => (h.case_sensitive ? w : w.toLowerCase()));
    const ok = values.some((v0) => {
      const v = h.case_sensitive ? v0 : v0.toLowerCase();
      if (h.contains) return wants.some((w) => v.includes(w));
      // equals/prefix: the trimmed value, or any trimmed element of a joined repeated header.
      const candidates = [v.trim(), ...v.split(",").map((p) => p.trim())];
      return wants.some((w) => candidates.some((c) => (h.equals ? c === w : c.startsWith(w))));
    });
    if (!ok) return null;
  }
  if (m.body_size) {
    const b = m.body_size;
    const n = c.bodySize;
    if (b.gt !== undefined && !(n > b.gt)) return null;
    if (b.gte !== undefined && !(n >= b.gte)) return null;
    if (b.lt !== undefined && !(n < b.lt)) return null;
    if (b.lte !== undefined && !(n <= b.lte)) return null;
  }
  if (m.content_type) {
    if (c.contentType === undefined) return null;
    const essence = c.contentType.split(";")[0]!.trim().toLowerCase();
    const parts = [essence, ...essence.split(",").map((x) => x.trim())];
    const ok = m.content_type.some((t) =>
      parts.some((e) => (t.endsWith("/*") ? e.startsWith(t.slice(0, -1)) : e === t)),
    );
    if (!ok) return null;
  }
  if (m.endpoint && !(c.endpoint !== undefined && m.endpoint.includes(c.endpoint))) return null;
  if (m.identity && !m.identity.includes(c.identity)) return null;
  if (m.params) {
    for (const p of m.params) {
      const v = violation(p, c);
      if (v) return [v];
    }
    return null;
  }
  return [undefined];
}

function groupKey(ip: string): string {
  const a = addr(ip);
  if (!a) return ip.trim().toLowerCase();
  if (a[0] === 32) return [24n, 16n, 8n, 0n].map((s) => String((a[1] >> s) & 255n)).join(".");
  return ""; // IPv6 keys are compared via the engine's own formatter in the test
}

export function referenceEvaluate(doc: PolicyDocument, c: PolicyContext, ipKey: (ip: string) => string): RefOutcome {
  const out: RefOutcome = { logs: [], rateLimits: [], bypass: [], hits: [], details: [] };
  const ordered = doc.rules
    .map((r, i) => [r, i] as const)
    .filter(([r]) => r.enabled !== false)
    .sort((a, b) => a[0].priority - b[0].priority || a[1] - b[1]);
  for (const [rule] of ordered) {
    const m = matches(rule, c);
    if (!m) continue;
    out.hits.push(rule.id);
    out.details.push(m[0]);
    if (rule.action === "log") out.logs.push(rule.id);
    else if (rule.action === "rate_limit") {
      const rl = rule.rate_limit!;
      const k =
        rl.key === "ip"
          ? `ip:${groupKey(c.ip) || ipKey(c.ip)}`
          : rl.key === "endpoint+identity"
            ? `${c.identity}:${c.endpoint ?? "~"}`
            : c.identity;
      out.rateLimits.push({
        ruleId: rule.id,
        key: `rl:${rule.id}:${k}`,
        limit: rl.limit,
        windowS: rl.window_s,
        algorithm: rl.algorithm,
      });
    } else {
      out.terminal = { ruleId: rule.id, action: rule.action };
      out.bypass = rule.action === "allow" ? [...(rule.bypass ?? ["allowlist"])].sort() : [];
      break;
    }
  }
  return out;
}
