/**
 * @module core/anomaly/sketch
 * The mergeable sketches window aggregates are made of, sized for the
 * isolate → Durable Object path:
 * - `Distinct`: a distinct counter that stays an exact set of 32-bit hashes
 *   while small (what one isolate sees in a minute is usually a handful of
 *   addresses, so a delta carries a few numbers, not 1 KiB of registers)
 *   and becomes a HyperLogLog (core/discovery/hll.ts) past `SPARSE_MAX`.
 * - `Hist`: counts of values hashed into 64 buckets, for the entropy of
 *   user agents and parameter values (capped at 6 bits: enough to tell one
 *   shared tool from a crowd of browsers).
 * Both merge exactly (set union / register max; bucket sums).
 */
import { hash32 } from "../discovery/hash.ts";
import { HyperLogLog } from "../discovery/hll.ts";

/** Largest exact set kept before switching to registers. */
export const SPARSE_MAX = 64;

/** Serialised `Distinct`: hashes while sparse, base64 registers once dense. */
export type DistinctJSON = { p: number; h: number[] } | { p: number; r: string };

export class Distinct {
  private sparse: Set<number> | null = new Set();
  private hll: HyperLogLog | null = null;

  constructor(readonly p = 10) {}

  add(value: string): void {
    this.addHash(hash32(value, 0x5bd1e995));
  }

  addHash(h: number): void {
    if (this.sparse) {
      this.sparse.add(h >>> 0);
      if (this.sparse.size > SPARSE_MAX) this.densify();
    } else this.hll?.addHash(h >>> 0);
  }

  private densify(): void {
    const hll = new HyperLogLog(this.p);
    for (const h of this.sparse ?? []) hll.addHash(h);
    this.hll = hll;
    this.sparse = null;
  }

  estimate(): number {
    return this.sparse ? this.sparse.size : (this.hll?.estimate() ?? 0);
  }

  merge(other: Distinct): void {
    if (other.p !== this.p) return;
    if (other.sparse) {
      for (const h of other.sparse) this.addHash(h);
      return;
    }
    if (this.sparse) this.densify();
    if (other.hll) this.hll?.merge(other.hll);
  }

  toJSON(): DistinctJSON {
    if (this.sparse) return { p: this.p, h: [...this.sparse] };
    return { p: this.p, r: this.hll?.toBase64() ?? "" };
  }

  /** Restores from `toJSON`; anything malformed gives an empty counter. */
  static fromJSON(v: unknown, p: number): Distinct {
    const d = new Distinct(p);
    if (!v || typeof v !== "object") return d;
    const o = v as { p?: unknown; h?: unknown; r?: unknown };
    if (o.p !== p) return d;
    if (Array.isArray(o.h)) {
      for (const h of o.h.slice(0, 4 * SPARSE_MAX)) if (typeof h === "number") d.addHash(h);
    } else if (typeof o.r === "string") {
      d.sparse = null;
      d.hll = HyperLogLog.fromBase64(p, o.r);
    }
    return d;
  }
}

export const HIST_BUCKETS = 64;

export class Hist {
  readonly counts: Uint32Array;

  constructor(counts?: Uint32Array) {
    this.counts = counts && counts.length === HIST_BUCKETS ? counts : new Uint32Array(HIST_BUCKETS);
  }

  add(value: string, n = 1): void {
    this.addBucket(Hist.bucketOf(value), n);
  }

  /** The bucket of a value (callers adding one value to several histograms hash it once). */
  static bucketOf(value: string): number {
    return hash32(value, 0x1b873593) & (HIST_BUCKETS - 1);
  }

  addBucket(i: number, n = 1): void {
    this.counts[i] = (this.counts[i] as number) + n;
  }

  merge(other: Hist): void {
    for (let i = 0; i < HIST_BUCKETS; i++) this.counts[i] = (this.counts[i] as number) + (other.counts[i] as number);
  }

  /** Shannon entropy in bits of the bucket distribution (0 when empty). */
  entropy(): number {
    let total = 0;
    for (let i = 0; i < HIST_BUCKETS; i++) total += this.counts[i] as number;
    if (total === 0) return 0;
    let h = 0;
    for (let i = 0; i < HIST_BUCKETS; i++) {
      const c = this.counts[i] as number;
      if (c > 0) {
        const p = c / total;
        h -= p * Math.log2(p);
      }
    }
    return h;
  }

  /** Sparse form: [bucket, count] pairs. */
  toJSON(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let i = 0; i < HIST_BUCKETS; i++) if ((this.counts[i] as number) > 0) out.push([i, this.counts[i] as number]);
    return out;
  }

  static fromJSON(v: unknown): Hist {
    const h = new Hist();
    if (!Array.isArray(v)) return h;
    for (const row of v.slice(0, HIST_BUCKETS)) {
      if (!Array.isArray(row)) continue;
      const [i, c] = row as [unknown, unknown];
      if (typeof i === "number" && typeof c === "number" && i >= 0 && i < HIST_BUCKETS && c >= 0)
        h.counts[i] = (h.counts[i] as number) + Math.floor(c);
    }
    return h;
  }
}
