/**
 * @module core/anomaly/features
 * The window features of one aggregate key, in a fixed order (the model's
 * columns). Counts are log1p-scaled so that a baseline's spread means "by
 * what factor", which is how traffic varies; ratios and entropies stay as
 * they are. A window without requests is all zeros.
 *
 * `RESOLUTION` is each feature's smallest meaningful change: the floor of
 * its robust spread, so that a feature constant in training (zero 5xx, say)
 * does not turn any later wobble into an infinite z-score.
 */
import type { Slice } from "./slice.ts";

export const FEATURES = [
  "requests",
  "ips",
  "nets",
  "asns",
  "new_ip_share",
  "err4_ratio",
  "auth_failures",
  "err5_ratio",
  "not_found",
  "bytes_mean",
  "latency_mean",
  "ua_entropy",
  "param_entropy",
  "param_values",
  "top_share",
  "req_per_ip",
] as const;

export type FeatureName = (typeof FEATURES)[number];
export const FEATURE_COUNT = FEATURES.length;
export const F: Readonly<Record<FeatureName, number>> = Object.fromEntries(FEATURES.map((f, i) => [f, i])) as Record<
  FeatureName,
  number
>;

/** Smallest meaningful change per feature (robust spread floor). */
export const RESOLUTION: Readonly<Record<FeatureName, number>> = {
  requests: 0.3,
  ips: 0.3,
  nets: 0.3,
  asns: 0.3,
  new_ip_share: 0.08,
  err4_ratio: 0.03,
  auth_failures: 0.4,
  err5_ratio: 0.02,
  not_found: 0.4,
  bytes_mean: 0.2,
  latency_mean: 0.2,
  ua_entropy: 0.25,
  param_entropy: 0.25,
  param_values: 0.3,
  top_share: 0.08,
  req_per_ip: 0.25,
};

/** Features whose rise is what attacks produce: the ones that can open a look deeper on their own. */
export const RISING: readonly FeatureName[] = [
  "requests",
  "ips",
  "nets",
  "auth_failures",
  "not_found",
  "err4_ratio",
  "err5_ratio",
  "latency_mean",
  "param_values",
];

/** Count features: their excess is measured in requests (or sources), not only in z. */
export const COUNT_FEATURES: readonly FeatureName[] = [
  "requests",
  "ips",
  "nets",
  "auth_failures",
  "not_found",
  "param_values",
];

/** Fills `out` with the features of a window. */
export function windowFeatures(s: Slice, out: Float64Array = new Float64Array(FEATURE_COUNT)): Float64Array {
  out.fill(0);
  if (s.n === 0) return out;
  const ips = Math.max(1, s.ips.estimate());
  out[F.requests] = Math.log1p(s.n);
  out[F.ips] = Math.log1p(ips);
  out[F.nets] = Math.log1p(s.nets.estimate());
  out[F.asns] = Math.log1p(s.asns.estimate());
  out[F.new_ip_share] = Math.min(1, s.newIps / ips);
  out[F.err4_ratio] = s.e4 / s.n;
  out[F.auth_failures] = Math.log1p(s.auth);
  out[F.err5_ratio] = s.e5 / s.n;
  out[F.not_found] = Math.log1p(s.nf);
  out[F.bytes_mean] = Math.log1p(s.bytes / s.n);
  out[F.latency_mean] = Math.log1p(s.lat / s.n);
  out[F.ua_entropy] = s.ua.entropy();
  out[F.param_entropy] = s.pv.entropy();
  out[F.param_values] = Math.log1p(s.params.estimate());
  out[F.top_share] = s.topShare();
  out[F.req_per_ip] = Math.log1p(s.n / ips);
  return out;
}

/** Raw count behind a log1p count feature. */
export function countOf(s: Slice, f: FeatureName): number {
  switch (f) {
    case "requests":
      return s.n;
    case "ips":
      return s.ips.estimate();
    case "nets":
      return s.nets.estimate();
    case "auth_failures":
      return s.auth;
    case "not_found":
      return s.nf;
    case "param_values":
      return s.params.estimate();
    default:
      return 0;
  }
}
