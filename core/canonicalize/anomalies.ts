/**
 * @module core/canonicalize/anomalies
 * The anomaly codes the canonicalizer reports, what each means, and which of
 * them are unsafe enough that the worker should reject the request outright
 * (the rest are signals for scoring). Kept in one table so the worker, the
 * signatures and the docs share one vocabulary.
 */
import type { Reason } from "../types.ts";

/** Every anomaly code with a one-line meaning. */
export const CANONICAL_ANOMALIES = {
  invalid_percent: "`%` not followed by two hex digits (e.g. `%zz`), kept literally",
  double_encoding: "percent-decoding the path a second time changed it again (`%252e`)",
  excessive_encoding: "the path is still encoded after the maximum number of decoding rounds",
  percent_u: "IIS-style `%uXXXX` escape (`%u002e`)",
  overlong_utf8: "overlong UTF-8 sequence (`%c0%ae`), decoded to its ASCII meaning",
  invalid_utf8: "invalid UTF-8 (or a lone surrogate) in the decoded path, replaced by U+FFFD",
  query_invalid_utf8: "invalid UTF-8 in a decoded query key or value, replaced by U+FFFD",
  nul_byte: "NUL byte in the path (removed) or in a query value or header",
  control_char: "control character in the URL, the decoded path or a header value",
  backslash: "backslash in the path, treated as `/`",
  encoded_slash: "`%2f` or `%5c` decoded into a path separator",
  duplicate_slash: "empty path segment (`//`), collapsed",
  dot_segment: "`.` or `..` path segment, resolved (never above the root)",
  ambiguous_path:
    "a `..` removes a segment only through an encoding trick (`..%2f`, `..;/`, `%2e%2e`, `\\..\\`); origins disagree on it",
  path_param: "`;` path parameter (`;jsessionid=…`), removed from its segment",
  non_nfc: "path not in Unicode NFC, normalised",
  windows_path:
    "Windows path form folded as the app's Windows origin reads it: trailing dot or space, `::$DATA` stream, fullwidth ASCII",
  fragment: "`#fragment` in the request target, ignored",
  url_too_long: "URL longer than the limit; only the first part was canonicalized",
  too_many_headers: "more headers than the limit; only the first ones were kept",
  header_too_large: "a header longer than the limit; its value was truncated",
  absolute_form: "request target in absolute form (`http://host/path`)",
  host_trailing_dot: "host with a trailing dot (`example.com.`), removed",
  host_mismatch: "absolute-form authority differs from the Host header",
  invalid_host: "host with characters a hostname or IP literal cannot have",
  invalid_method: "method is not an HTTP token, or not upper case",
  internal_error: "the canonicalizer failed unexpectedly; a minimal safe view was returned",
} as const;

export type CanonicalAnomaly = keyof typeof CANONICAL_ANOMALIES;

/**
 * Anomalies that should reject the request: the canonical view is either
 * truncated (decisions would be taken on part of the request) or the request
 * uses an encoding no legitimate client produces and that origins interpret
 * inconsistently (NUL, overlong or invalid UTF-8, four-level encoding, a
 * `..` that climbs only through an encoding trick).
 */
export const CANONICAL_BLOCKING_ANOMALIES: ReadonlySet<CanonicalAnomaly> = new Set<CanonicalAnomaly>([
  "nul_byte",
  "overlong_utf8",
  "invalid_utf8",
  "excessive_encoding",
  "ambiguous_path",
  "url_too_long",
  "too_many_headers",
  "header_too_large",
  "internal_error",
]);

/** True when `code` is a known anomaly that should reject the request. */
export function isBlockingAnomaly(code: string): boolean {
  return CANONICAL_BLOCKING_ANOMALIES.has(code as CanonicalAnomaly);
}

/** Collects anomaly codes once each, in the order found. */
export class AnomalyList {
  readonly codes: CanonicalAnomaly[] = [];
  add(code: CanonicalAnomaly): void {
    if (!this.codes.includes(code)) this.codes.push(code);
  }
}

/**
 * The anomalies of a canonical request as decision reasons: blocking ones with
 * action `block`, the others `log`. Unknown codes are reported as `log`.
 */
export function anomalyReasons(anomalies: readonly string[]): Reason[] {
  return anomalies.map((id) => ({
    source: "canonical",
    id,
    action: isBlockingAnomaly(id) ? "block" : "log",
    detail: (CANONICAL_ANOMALIES as Record<string, string>)[id] ?? "unknown canonicalization anomaly",
  }));
}
