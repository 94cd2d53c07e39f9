/**
 * @module eval/gen/rng
 * Seeded randomness for the traffic generator: a PRNG, Zipf sampling over
 * ranks and helpers. Every run with the same seed produces the same traffic.
 */

import { mulberry32 } from "../../core/discovery/hash.ts";

export type Rng = () => number;

/** mulberry32 (the learner's own PRNG), seeded. */
export const rng: (seed: number) => Rng = mulberry32;

/** Seed derived from a string (FNV-1a), to give each parameter its own stream. */
export function seedOf(...parts: Array<string | number>): number {
  let h = 0x811c9dc5;
  const s = parts.join("\u0001");
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function int(r: Rng, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

export function pick<T>(r: Rng, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

/** Zipf(s) sampler over ranks 0..n-1 (rank 0 most popular), by inverse CDF. */
export class Zipf {
  private readonly cdf: Float64Array;

  constructor(
    readonly n: number,
    s = 1,
  ) {
    this.cdf = new Float64Array(Math.max(1, n));
    let sum = 0;
    for (let i = 0; i < n; i++) {
      sum += 1 / (i + 1) ** s;
      this.cdf[i] = sum;
    }
    for (let i = 0; i < n; i++) this.cdf[i] = (this.cdf[i] as number) / sum;
  }

  sample(r: Rng): number {
    const u = r();
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cdf[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Fisher–Yates shuffle (copy). */
export function shuffled<T>(r: Rng, xs: readonly T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}
