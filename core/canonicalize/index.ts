/**
 * @module core/canonicalize
 * The canonical view of a request, computed once per request; every decision
 * (policy, allow-list, signatures, discovery) reads it, so an attacker cannot
 * pick an encoding that one stage decodes and another does not.
 *
 * `canonicalize` never throws, on any input: malformed input gets a safe
 * canonical form plus anomaly codes (see CANONICAL_ANOMALIES); codes in
 * CANONICAL_BLOCKING_ANOMALIES should reject the request, the others are
 * scoring signals. Pass the request target as received (origin form:
 * `url.pathname + url.search` of `request.url` in the worker) and the host
 * separately; an absolute URL is accepted but flagged `absolute_form`.
 *
 * Cost: a plain API URL takes a fast path (about 1 µs in Node, see
 * test/core/canonicalize/canonicalize.test.ts).
 */
import type { CanonicalRequest, HeaderList } from "../types.ts";
import { AnomalyList } from "./anomalies.ts";
import { limitHeaders } from "./headers.ts";
import { normalizeHost } from "./host.ts";
import { type CanonicalLimits, resolveLimits } from "./limits.ts";
import { normalizeMethod } from "./method.ts";
import { canonicalizePathInto } from "./path.ts";
import { parseQuery } from "./query.ts";
import { splitUrl } from "./split-url.ts";

export {
  AnomalyList,
  anomalyReasons,
  CANONICAL_ANOMALIES,
  CANONICAL_BLOCKING_ANOMALIES,
  type CanonicalAnomaly,
  isBlockingAnomaly,
} from "./anomalies.ts";
export { type CanonicalLimits, DEFAULT_CANONICAL_LIMITS } from "./limits.ts";
export { type CanonicalPath, canonicalizePath } from "./path.ts";
export { pathKey } from "./path-segments.ts";
export { parseQuery } from "./query.ts";

/**
 * The `#…` part of a canonical request's raw target, when canonicalization found one (its
 * `fragment` anomaly), else undefined: what the signature engine reads beside the path.
 */
export function fragmentOf(c: Pick<CanonicalRequest, "rawUrl" | "anomalies">): string | undefined {
  if (c.anomalies.length === 0 || !c.anomalies.includes("fragment")) return undefined;
  const h = c.rawUrl.indexOf("#");
  return h < 0 ? undefined : c.rawUrl.slice(h + 1);
}

export interface CanonicalInput {
  method: string;
  /** Request target as received: origin form (`/p?q`) or absolute (`http://h/p?q`). */
  url: string;
  /** Host the request was addressed to; defaults to the `host` header. */
  host?: string;
  headers?: HeaderList;
  /** The origin is Windows (IIS): fold trailing dots and spaces, `::$DATA`, fullwidth ASCII (windows-path.ts). */
  windowsPaths?: boolean;
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");

function findHost(headers: HeaderList): string | undefined {
  for (const [name, value] of headers) if (name === "host") return value;
  return undefined;
}

function canonicalizeUnsafe(input: CanonicalInput, limits: Readonly<CanonicalLimits>): CanonicalRequest {
  const anomalies = new AnomalyList();
  const method = normalizeMethod(str(input.method), anomalies);
  let url = str(input.url);
  const rawUrl = url;
  if (url.length > limits.maxUrlLength) {
    anomalies.add("url_too_long");
    url = url.slice(0, limits.maxUrlLength);
  }
  const split = splitUrl(url);
  if (split.authority !== undefined) anomalies.add("absolute_form");
  if (split.hasFragment) anomalies.add("fragment");
  const p = canonicalizePathInto(split.path, limits.maxDecodeRounds, anomalies, input.windowsPaths === true);
  const query = parseQuery(split.query, anomalies);
  const headers = limitHeaders(input.headers, limits, anomalies);
  const given = typeof input.host === "string" ? input.host : findHost(headers);
  let host = given === undefined ? "" : normalizeHost(given, anomalies);
  if (split.authority !== undefined) {
    const authority = normalizeHost(split.authority, anomalies);
    if (given !== undefined && authority !== host) anomalies.add("host_mismatch");
    host = authority;
  }
  return {
    method,
    rawUrl,
    rawPath: split.path,
    path: p.path,
    segments: p.segments,
    query,
    host,
    headers,
    anomalies: anomalies.codes,
  };
}

/**
 * Canonical view of one request. Never throws: if something unexpected
 * fails, a minimal view (`/`, no query) flagged `internal_error` (blocking).
 * @example canonicalize({ method: "GET", url: "/a/%2e%2e/admin;x=1/", host: "Api.Example.com." }).path // "/admin"
 */
export function canonicalize(input: CanonicalInput, limits?: Partial<CanonicalLimits>): CanonicalRequest {
  try {
    return canonicalizeUnsafe(input, resolveLimits(limits));
  } catch {
    return {
      method: "GET",
      rawUrl: "",
      rawPath: "",
      path: "/",
      segments: [],
      query: [],
      host: "",
      headers: [],
      anomalies: ["internal_error"],
    };
  }
}
