/**
 * @module core/behaviour/cluster
 * k-means++ on standardized style vectors, with k chosen by the
 * (macro-averaged) silhouette: for each k in 2..maxK the best of a few seeded restarts is
 * kept, and the k with the highest silhouette wins; k = 1 when no k reaches
 * MIN_SILHOUETTE (no real structure: one group of normal clients). The
 * silhouette rewards groups that are both tight and well apart, which is
 * what "several kinds of good behaviour" means (browsers, app clients,
 * integrations); it needs no assumption about cluster shape or count, unlike
 * an elbow read by eye. Deterministic (seeded PRNG); silhouettes are
 * computed on at most SAMPLE points so learning stays O(n·k).
 */
import { mulberry32 } from "../discovery/hash.ts";

/** Kaufman & Rousseeuw: above 0.5 a "reasonable structure"; uniform noise scores 0.35–0.45. */
export const MIN_SILHOUETTE = 0.5;
const SAMPLE = 1500;
const RESTARTS = 4;
const ITERATIONS = 60;

export interface Clustering {
  k: number;
  centroids: number[][];
  assign: number[];
  silhouette: Record<string, number>;
}

function dist2(a: readonly number[], b: readonly number[]): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    const x = (a[i] as number) - (b[i] as number);
    d += x * x;
  }
  return d;
}

function nearest(p: readonly number[], centroids: readonly number[][]): number {
  let best = 0;
  let bd = Number.POSITIVE_INFINITY;
  centroids.forEach((c, i) => {
    const d = dist2(p, c);
    if (d < bd) {
      bd = d;
      best = i;
    }
  });
  return best;
}

/** One k-means++ run: returns centroids, assignment and inertia. */
function kmeans(
  points: readonly number[][],
  k: number,
  rand: () => number,
): { centroids: number[][]; assign: number[]; inertia: number } {
  const n = points.length;
  const dim = points[0]?.length ?? 0;
  const centroids: number[][] = [[...(points[Math.floor(rand() * n)] as number[])]];
  const d = points.map((p) => dist2(p, centroids[0] as number[]));
  while (centroids.length < k) {
    const total = d.reduce((a, b) => a + b, 0);
    let r = rand() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      r -= d[i] as number;
      if (r <= 0) {
        pick = i;
        break;
      }
    }
    const c = [...(points[pick] as number[])];
    centroids.push(c);
    for (let i = 0; i < n; i++) d[i] = Math.min(d[i] as number, dist2(points[i] as number[], c));
  }
  const assign = new Array<number>(n).fill(0);
  for (let it = 0; it < ITERATIONS; it++) {
    let moved = false;
    for (let i = 0; i < n; i++) {
      const a = nearest(points[i] as number[], centroids);
      if (a !== assign[i]) {
        assign[i] = a;
        moved = true;
      }
    }
    const sums = centroids.map(() => new Array<number>(dim).fill(0));
    const counts = new Array<number>(k).fill(0);
    points.forEach((p, i) => {
      const a = assign[i] as number;
      counts[a] = (counts[a] as number) + 1;
      const s = sums[a] as number[];
      for (let j = 0; j < dim; j++) s[j] = (s[j] as number) + (p[j] as number);
    });
    centroids.forEach((c, a) => {
      const cnt = counts[a] as number;
      if (cnt > 0) for (let j = 0; j < dim; j++) c[j] = ((sums[a] as number[])[j] as number) / cnt;
    });
    if (!moved && it > 0) break;
  }
  let inertia = 0;
  points.forEach((p, i) => {
    inertia += dist2(p, centroids[assign[i] as number] as number[]);
  });
  return { centroids, assign, inertia };
}

/**
 * Silhouette of an assignment over (a sample of) the points, macro-averaged:
 * the mean of each cluster's mean silhouette, so that a small, tight group
 * (a handful of integrations among thousands of browsers) weighs as much as
 * a big one. Kinds of good behaviour matter, not their head counts.
 */
export function silhouette(
  points: readonly number[][],
  assign: readonly number[],
  k: number,
  rand: () => number,
): number {
  const n = points.length;
  if (k < 2 || n < 3) return 0;
  const idx = n <= SAMPLE ? points.map((_, i) => i) : Array.from({ length: SAMPLE }, () => Math.floor(rand() * n));
  const perSum = new Array<number>(k).fill(0);
  const perN = new Array<number>(k).fill(0);
  for (const i of idx) {
    const sums = new Array<number>(k).fill(0);
    const counts = new Array<number>(k).fill(0);
    for (const j of idx) {
      if (j === i) continue;
      const a = assign[j] as number;
      sums[a] = (sums[a] as number) + Math.sqrt(dist2(points[i] as number[], points[j] as number[]));
      counts[a] = (counts[a] as number) + 1;
    }
    const own = assign[i] as number;
    if ((counts[own] as number) === 0) continue;
    const a = (sums[own] as number) / (counts[own] as number);
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++)
      if (c !== own && (counts[c] as number) > 0) b = Math.min(b, (sums[c] as number) / (counts[c] as number));
    if (Number.isFinite(b)) {
      perSum[own] = (perSum[own] as number) + (b - a) / Math.max(a, b, 1e-12);
      perN[own] = (perN[own] as number) + 1;
    }
  }
  let total = 0;
  let used = 0;
  for (let c = 0; c < k; c++) {
    if ((perN[c] as number) === 0) continue;
    total += (perSum[c] as number) / (perN[c] as number);
    used++;
  }
  return used ? total / used : 0;
}

/** Clusters standardized points; `maxK` bounded by the number of points. */
export function chooseClusters(points: readonly number[][], maxK = 8, seed = 7): Clustering {
  const n = points.length;
  const one = (): Clustering => {
    const dim = points[0]?.length ?? 0;
    const c = new Array<number>(dim).fill(0);
    for (const p of points) for (let j = 0; j < dim; j++) c[j] = (c[j] as number) + (p[j] as number) / Math.max(1, n);
    return { k: 1, centroids: [c], assign: new Array<number>(n).fill(0), silhouette: {} };
  };
  if (n < 4) return one();
  const rand = mulberry32(seed);
  let best: Clustering = one();
  let bestS = MIN_SILHOUETTE;
  const sil: Record<string, number> = {};
  for (let k = 2; k <= Math.min(maxK, n - 1); k++) {
    let run = kmeans(points, k, rand);
    for (let r = 1; r < RESTARTS; r++) {
      const other = kmeans(points, k, rand);
      if (other.inertia < run.inertia) run = other;
    }
    const s = silhouette(points, run.assign, k, rand);
    sil[String(k)] = Math.round(s * 1000) / 1000;
    if (s > bestS) {
      bestS = s;
      best = { k, centroids: run.centroids, assign: run.assign, silhouette: sil };
    }
  }
  best.silhouette = sil;
  return best;
}
