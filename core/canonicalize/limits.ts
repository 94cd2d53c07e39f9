/**
 * @module core/canonicalize/limits
 * Size limits of the canonical view. Input beyond them is truncated (the work
 * stays bounded on hostile input) and flagged with a blocking anomaly, so no
 * decision is silently taken on part of a request.
 */

export interface CanonicalLimits {
  /** URL characters canonicalized; default 8192 (nginx and Apache request-line limits are about 8 KB). */
  maxUrlLength: number;
  /** Headers kept; default 100 (Envoy's default). */
  maxHeaders: number;
  /** Characters of one header, name plus value; default 16384. */
  maxHeaderBytes: number;
  /** Percent-decoding rounds on the path; default 3 (triple encoding), more is `excessive_encoding`. */
  maxDecodeRounds: number;
}

export const DEFAULT_CANONICAL_LIMITS: Readonly<CanonicalLimits> = Object.freeze({
  maxUrlLength: 8192,
  maxHeaders: 100,
  maxHeaderBytes: 16384,
  maxDecodeRounds: 3,
});

/** Merges overrides onto the defaults, ignoring values that are not positive integers. */
export function resolveLimits(over?: Partial<CanonicalLimits>): Readonly<CanonicalLimits> {
  if (over === undefined) return DEFAULT_CANONICAL_LIMITS;
  const pick = (v: unknown, d: number) => (typeof v === "number" && Number.isInteger(v) && v > 0 ? v : d);
  const d = DEFAULT_CANONICAL_LIMITS;
  return {
    maxUrlLength: pick(over.maxUrlLength, d.maxUrlLength),
    maxHeaders: pick(over.maxHeaders, d.maxHeaders),
    maxHeaderBytes: pick(over.maxHeaderBytes, d.maxHeaderBytes),
    maxDecodeRounds: Math.min(pick(over.maxDecodeRounds, d.maxDecodeRounds), 8),
  };
}
