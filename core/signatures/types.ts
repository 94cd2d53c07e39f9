/**
 * @module core/signatures/types
 * The signature engine's contract: what the datapath and the CLI hand it
 * (`SignatureInput`, already canonical), how an app tunes it
 * (`SignatureOptions`: paranoia, threshold, exclusions) and what it returns
 * (`SignatureResult`: score, block, every match with its location).
 */

/** A request as the signature engine sees it. Header names are lower-case. */
export interface SignatureInput {
  method: string;
  /** Canonical (decoded, dot segments resolved) path. */
  path: string;
  /** Path as received, before any decoding: traversal and encodings show here. */
  rawPath: string;
  /** Decoded query pairs, duplicates kept, in order. */
  query: Array<[string, string]>;
  /** Lower-case names, arrival order, duplicates kept. */
  headers: Array<[string, string]>;
  body?: { bytes: Uint8Array; contentType: string; truncated: boolean };
  /**
   * The address the platform saw the request come from (not a header's
   * claim), when known: a client-address header naming the server itself is
   * no claim when the request itself came from the server's host (a local
   * run under `wrangler dev` or `next dev`, whose own proxies write it).
   */
  peer?: string;
  /**
   * The request came through one of the app's trusted proxies (`trusted_proxies`), whose
   * forwarding headers (`X-Forwarded-Host`, `Forwarded`) are theirs, not a client's claim.
   */
  viaTrustedProxy?: boolean;
  /**
   * The host the request was addressed to (the canonical request's, from its URL), for a request
   * whose header list has no Host (a Worker's `Request` built from a URL need not list one).
   */
  authority?: string;
  /**
   * The request target's `#…` part as received, when it has one. Clients never send a fragment; a
   * raw one (`/public/plugins/x/#/../../etc/passwd`) is there for a server or proxy that keeps it.
   */
  fragment?: string;
  /**
   * The canonical view holds only the first part of the URL (`url_too_long`: padding pushed the rest
   * past the canonicalizer's limit): what was cut is not inspected, so the request is flagged
   * (920162, blocking, as the datapath's canonical anomaly is) rather than judged on its start alone.
   */
  urlTruncated?: boolean;
}

/**
 * Turns matches off where an app needs it. `rules` holds rule ids (`942100`),
 * families (`sqli`) or prefixes (`942*`); `param` limits it to one parameter
 * name (query, cookie or body field); `endpoint` to one endpoint template
 * (`GET /api/x/{id}`), compared with `SignatureOptions.endpoint`.
 */
export interface Exclusion {
  rules: string[];
  param?: string;
  endpoint?: string;
}

export type Paranoia = 1 | 2 | 3 | 4;

export interface SignatureOptions {
  /** 1 (default) runs the confident rules only; 2–4 add stricter ones. */
  paranoia: Paranoia;
  /** Anomaly score at or above which `block` is true (5 = one critical rule). */
  threshold: number;
  exclusions?: Exclusion[];
  /** The matched endpoint template, for endpoint-scoped exclusions. */
  endpoint?: string;
  /** Body bytes inspected; default 65536. The rest is flagged, never silently skipped. */
  bodyLimit?: number;
}

export interface SignatureMatch {
  /** Rule id, e.g. `942100`. */
  rule: string;
  family: string;
  severity: number;
  /** `path` | `query:q` | `query-name` | `header:user-agent` | `cookie:sid` | `body:json.user.name` | … */
  location: string;
  paranoia: number;
}

export interface SignatureResult {
  score: number;
  block: boolean;
  matches: SignatureMatch[];
  bodyOverLimit: boolean;
  parseErrors: string[];
}

export interface SignatureEngine {
  /** Which scanner runs the detectors. */
  readonly backend: "wasm" | "ts";
  /** Never throws: malformed input gets a safe result and a reason. */
  inspect(input: SignatureInput, options: SignatureOptions): SignatureResult;
}
