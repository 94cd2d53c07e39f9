/**
 * @module core/discovery/allowlist
 * From inventory to enforcement. `proposeAllowlist` turns the learned
 * inventory into an allow-list document (the policy's `allowlist` section,
 * policy/schema.ts: endpoints, methods, query and body parameter types) and
 * diffs it against the active one; endpoints seen only failing are not
 * proposed. `compileAllowlist` compiles a document once into a matcher plus
 * per-endpoint parameter checks; `check` then returns the reasons a request
 * falls outside it: `unknown_endpoint`, `method_not_allowed`, `param_type`
 * (a query value of the wrong type or not in its enumeration, or a required
 * parameter missing), all with action "block" (the mode decides whether a
 * block is enforced or only logged). Query names not in the document are
 * allowed: the allow-list constrains the parameters it knows.
 *
 * HTTP semantics the check keeps: HEAD is allowed wherever GET is (RFC 9110
 * §9.3.2: the same request without the body), and a CORS preflight (OPTIONS
 * with `Access-Control-Request-Method`) wherever the method it asks about
 * is. A method override (`X-HTTP-Method-Override`, `X-HTTP-Method`,
 * `X-Method-Override`, a `_method` query parameter), which many frameworks
 * honour, must be allowed too: `POST` with `X-HTTP-Method-Override: DELETE`
 * is checked as a POST and as a DELETE.
 */

import { overrideMethods } from "../http/method-override.ts";
import { stableJson } from "../json/stable-json.ts";
import type { Reason } from "../types.ts";
import { compileMatcher, type EndpointMatcher } from "./matcher.ts";
import type { Inventory } from "./types.ts";
import { conforms, type ValueType } from "./value-types.ts";

export interface AllowlistParam {
  type: ValueType;
  required?: boolean;
  enum?: string[];
}

export interface AllowlistEndpoint {
  method: string;
  path: string;
  params?: { query?: Record<string, AllowlistParam>; body?: Record<string, AllowlistParam> };
}

export interface AllowlistDoc {
  endpoints: AllowlistEndpoint[];
}

export interface AllowlistDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

const BODY_TYPES = new Set<string>(["int", "float", "bool", "enum", "uuid", "date", "email", "string"]);

function key(e: { method: string; path: string }): string {
  return `${e.method.toUpperCase()} ${e.path}`;
}

/** Structural key: parameter names do not matter (`/users/{id}` = `/users/{user_id}`). */
function shapeKey(e: { method: string; path: string }): string {
  return `${e.method.toUpperCase()} ${e.path.replace(/\{[^}]*\}/g, "{}")}`;
}

/**
 * What a proposal constrains of query parameters: `learned`, everything the
 * inventory learned (type, enumeration, required); `types`, the types only
 * (an enumeration is a string, nothing is required), for parameters whose
 * values the traffic seen so far does not exhaust (labels, search terms).
 */
export type ParamConstraints = "learned" | "types";

/**
 * The allow-list the inventory supports, and how it differs from `active`
 * (by method and template; `changed` when the parameters differ). Endpoints
 * of `active` that the inventory has not seen stay in the proposal (an
 * approved endpoint is not dropped because it was quiet) but are listed in
 * `removed` for review… unless `dropUnseen` is set.
 */
export function proposeAllowlist(
  inventory: Inventory,
  active?: AllowlistDoc,
  opts: { minCount?: number; dropUnseen?: boolean; params?: ParamConstraints } = {},
): { proposal: AllowlistDoc; diff: AllowlistDiff } {
  const learned: AllowlistEndpoint[] = [];
  const typesOnly = opts.params === "types";
  for (const e of inventory.endpoints) {
    if (e.only_failures || e.count < (opts.minCount ?? 1)) continue;
    const query: Record<string, AllowlistParam> = {};
    for (const [name, q] of Object.entries(e.query)) {
      query[name] = typesOnly
        ? { type: q.type === "enum" ? "string" : q.type, required: false }
        : { type: q.type, required: q.required, ...(q.enum ? { enum: q.enum } : {}) };
    }
    const body: Record<string, AllowlistParam> = {};
    for (const [name, b] of Object.entries(e.body)) {
      if (BODY_TYPES.has(b.type) && !name.includes(".") && !name.includes("["))
        body[name] = { type: b.type as ValueType };
    }
    const params: AllowlistEndpoint["params"] = {};
    if (Object.keys(query).length > 0) params.query = query;
    if (Object.keys(body).length > 0) params.body = body;
    learned.push({ method: e.method, path: e.path, ...(Object.keys(params).length > 0 ? { params } : {}) });
  }
  const activeByShape = new Map((active?.endpoints ?? []).map((e) => [shapeKey(e), e]));
  const learnedByShape = new Map(learned.map((e) => [shapeKey(e), e]));
  const diff: AllowlistDiff = { added: [], removed: [], changed: [] };
  const endpoints: AllowlistEndpoint[] = [];
  for (const e of learned) {
    const prev = activeByShape.get(shapeKey(e));
    if (!prev) diff.added.push(key(e));
    else if (stableJson(prev.params ?? {}) !== stableJson(e.params ?? {})) diff.changed.push(key(e));
    // An approved endpoint keeps its approved name for the path parameters.
    endpoints.push(prev ? { ...e, path: prev.path } : e);
  }
  for (const [k, e] of activeByShape) {
    if (learnedByShape.has(k)) continue;
    diff.removed.push(key(e));
    if (!opts.dropUnseen) endpoints.push(e);
  }
  endpoints.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.method < b.method ? -1 : 1));
  return { proposal: { endpoints }, diff };
}

export interface CompiledAllowlist {
  /** `headers`: lower-case names (the override and preflight headers are read from them). */
  check(
    method: string,
    segments: string[],
    query: ReadonlyArray<readonly [string, string]>,
    headers?: ReadonlyArray<readonly [string, string]>,
  ): Reason[];
  readonly matcher: EndpointMatcher;
}

function headerValue(headers: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  for (const [n, v] of headers) if (n.toLowerCase() === name) return v;
  return undefined;
}

interface CompiledParam {
  name: string;
  type: ValueType;
  required: boolean;
  allowed: Set<string> | null;
}

function block(id: string, detail: string, location?: string): Reason {
  return { source: "allowlist", id, action: "block", detail, ...(location ? { location } : {}) };
}

/** Compiles a document once; `check` is the per-request hot path (never throws). */
export function compileAllowlist(doc: AllowlistDoc): CompiledAllowlist {
  const endpoints = Array.isArray(doc?.endpoints) ? doc.endpoints : [];
  const matcher = compileMatcher(endpoints);
  const params = new Map<string, CompiledParam[]>();
  for (const e of endpoints) {
    const q = e.params?.query ?? {};
    const list: CompiledParam[] = Object.entries(q).map(([name, p]) => ({
      name,
      type: p.type,
      required: p.required === true,
      allowed: p.type === "enum" && Array.isArray(p.enum) ? new Set(p.enum) : null,
    }));
    if (list.length > 0) params.set(key(e), list);
  }
  const checkOne = (method: string, segments: string[], query: ReadonlyArray<readonly [string, string]>): Reason[] => {
    let m = matcher.match(method, segments);
    if (m === null) return [block("unknown_endpoint", "no allowed endpoint matches this path", "path")];
    if (!m.methodAllowed && method === "HEAD") m = matcher.match("GET", segments) ?? m;
    if (!m.methodAllowed) return [block("method_not_allowed", `${method} is not allowed on ${m.path}`, "method")];
    const list = params.get(m.template);
    if (list === undefined) return [];
    const out: Reason[] = [];
    for (const p of list) {
      let seen = false;
      for (const [name, value] of query) {
        if (name !== p.name) continue;
        seen = true;
        const bad = p.allowed ? !p.allowed.has(value) : !conforms(p.type, value);
        if (bad) {
          out.push(
            block(
              "param_type",
              `query:${p.name}: expected ${p.type === "enum" ? "one of the allowed values" : p.type}`,
              `query:${p.name}`,
            ),
          );
          break;
        }
      }
      if (!seen && p.required) out.push(block("param_type", `query:${p.name}: required`, `query:${p.name}`));
    }
    return out;
  };
  return {
    matcher,
    check(method, segments, query, headers = []) {
      try {
        const own = method.toUpperCase();
        const preflight = own === "OPTIONS" ? headerValue(headers, "access-control-request-method") : undefined;
        if (preflight !== undefined) {
          // The preflight stands for the request it announces; its query is checked when that one comes.
          return checkOne(preflight.trim().toUpperCase(), segments, []);
        }
        const out = checkOne(own, segments, query);
        if (out.length > 0) return out;
        for (const m of overrideMethods(own, query, headers)) {
          const r = checkOne(m, segments, query);
          if (r.length > 0) {
            const first = r[0] as Reason;
            return [{ ...first, detail: `method override to ${m}: ${first.detail ?? ""}` }];
          }
        }
        return out;
      } catch {
        return [block("unknown_endpoint", "allow-list check failed on malformed input", "path")];
      }
    },
  };
}
