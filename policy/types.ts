/**
 * @module policy/types
 * What the policy engine reads per request and what it answers. Kept apart
 * from the evaluator so the compiler, the index and callers share them
 * without import cycles; policy/evaluate.ts re-exports them.
 */
import type { CanonicalRequest, Reason } from "../core/types.ts";
import type { Bypass } from "./schema.ts";

/** Everything a rule can look at, computed once per request by the caller. */
export interface PolicyContext {
  req: CanonicalRequest;
  /** Client address as text (IPv4, IPv6, IPv4-mapped); unparseable text matches no `ip` and every `not_ip`. */
  ip: string;
  /** ISO 3166-1 alpha-2 (Cloudflare `request.cf.country`, also `T1` for Tor, `XX` unknown). */
  country?: string;
  asn?: number;
  /** Client identity (core/identity): IP group key, `key:…`, a JWT subject. */
  identity: string;
  /** `"GET /api/users/{id}"` from the endpoint matcher, when known. */
  endpoint?: string;
  /** Request body size in bytes (declared or read, whichever is larger). */
  bodySize: number;
  /** Raw `content-type` header; parameters after `;` are ignored. */
  contentType?: string;
  /** Parsed body parameters; undefined when the body was not inspected (then body constraints cannot be violated). */
  bodyParams?: Array<[string, string]>;
  /**
   * The body is larger than the inspection limit, so its fields were not read:
   * a body constraint counts as violated (padding a body must not get past it).
   */
  bodyTruncated?: boolean;
}

export type RateLimitAlgorithm = "fixed" | "sliding";

/** One counter the caller increments (in a Durable Object) for a matching `rate_limit` rule. */
export interface RateLimitHit {
  ruleId: string;
  /** Counter key: `rl:<ruleId>:<identity>`, `rl:<ruleId>:ip:<ip group>`, `rl:<ruleId>:<identity>:<endpoint>`. */
  key: string;
  limit: number;
  windowS: number;
  algorithm: RateLimitAlgorithm;
}

export interface PolicyOutcome {
  /** First matching allow/block rule in evaluation order, if any. */
  terminal?: { ruleId: string; action: "allow" | "block" };
  /** Ids of matching `log` rules. */
  logs: string[];
  rateLimits: RateLimitHit[];
  /** Later stages a matching `allow` rule lets this request skip. */
  bypass: Set<Bypass>;
  /** Every matching rule id, in evaluation order, for per-rule hit counters. */
  hits: string[];
  /** One reason per hit, source "policy". rate_limit hits carry action "log": counting is not enforcing; the caller adds a "rate_limit" reason when a counter is over its limit. */
  reasons: Reason[];
}
