/**
 * @module core/discovery/topk
 * Space-Saving heavy hitters (Metwally et al. 2005): at most `k` counters;
 * a new key evicts the smallest and inherits its count (so counts are upper
 * bounds, exact for keys that never left the table). Used for the client
 * identities of each endpoint, next to a HyperLogLog for the distinct count.
 */

export class TopK {
  readonly k: number;
  readonly counts = new Map<string, number>();

  constructor(k = 8) {
    this.k = Math.max(1, k);
  }

  add(key: string, n = 1): void {
    const c = this.counts.get(key);
    if (c !== undefined) {
      this.counts.set(key, c + n);
      return;
    }
    if (this.counts.size < this.k) {
      this.counts.set(key, n);
      return;
    }
    let minKey = "";
    let min = Number.POSITIVE_INFINITY;
    for (const [kk, v] of this.counts) {
      if (v < min) {
        min = v;
        minKey = kk;
      }
    }
    this.counts.delete(minKey);
    this.counts.set(key, min + n);
  }

  merge(other: TopK): void {
    for (const [key, n] of other.counts) this.add(key, n);
  }

  /** Entries by count, descending, ties by key for stable output. */
  top(): Array<{ identity: string; count: number }> {
    return [...this.counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([identity, count]) => ({ identity, count }));
  }
}
