/**
 * @module core/anomaly/stats
 * Robust statistics for baselines: median, MAD and quantiles (copying and
 * sorting: inputs are at most a few thousand windows).
 */

/** Quantile `q` in [0, 1] with linear interpolation; 0 for an empty list. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const n = values.length;
  if (n === 0) return 0;
  const a = Float64Array.from(values).sort();
  const pos = Math.min(1, Math.max(0, q)) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return (a[lo] as number) + ((a[hi] as number) - (a[lo] as number)) * (pos - lo);
}

export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/** Median absolute deviation from the median. */
export function mad(values: ArrayLike<number>, med = median(values)): number {
  const d = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) d[i] = Math.abs((values[i] as number) - med);
  return median(d);
}

/** Scale factor making the MAD a consistent estimate of a normal standard deviation. */
export const MAD_SCALE = 1.4826;

export const round = (x: number, digits = 4): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
