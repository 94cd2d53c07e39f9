/**
 * @module core/discovery/hll
 * HyperLogLog distinct counter (Flajolet et al. 2007, with the small-range
 * linear-counting correction). Precision `p` gives 2^p one-byte registers and
 * a standard error of about 1.04 / sqrt(2^p): p = 10 (1 KiB) is about 3 %,
 * p = 8 (256 B) about 6.5 %. Mergeable (register-wise max) and serialisable
 * as base64, so learner shards and snapshots can combine it.
 */
import { hash32 } from "./hash.ts";

export class HyperLogLog {
  readonly p: number;
  readonly regs: Uint8Array;

  constructor(p = 10, regs?: Uint8Array) {
    this.p = Math.max(4, Math.min(16, Math.floor(p)));
    const m = 1 << this.p;
    this.regs = regs && regs.length === m ? regs : new Uint8Array(m);
  }

  /** Adds a string value. */
  add(value: string): void {
    this.addHash(hash32(value, 0x9e3779b9));
  }

  /** Adds a precomputed unsigned 32-bit hash. */
  addHash(h: number): void {
    const idx = h >>> (32 - this.p);
    // The remaining 32-p bits, kept a signed int32: Math.clz32 counts the same
    // bits either way, and V8's Maglev, fed an unsigned value of 2^31 or more
    // here, deoptimized on every such hash ("not int32") and recompiled, over
    // and over, on the hot path of every request the anomaly slice counts.
    const rest = h << this.p;
    // Rank = position of the first 1 bit in the remaining 32-p bits (1-based).
    const rank = rest === 0 ? 33 - this.p : Math.clz32(rest) + 1;
    if (rank > (this.regs[idx] as number)) this.regs[idx] = rank;
  }

  /** Estimated number of distinct values added. */
  estimate(): number {
    const m = this.regs.length;
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < m; i++) {
      const r = this.regs[i] as number;
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const alpha = m === 16 ? 0.673 : m === 32 ? 0.697 : m === 64 ? 0.709 : 0.7213 / (1 + 1.079 / m);
    const raw = (alpha * m * m) / sum;
    if (raw <= 2.5 * m && zeros > 0) return Math.round(m * Math.log(m / zeros));
    return Math.round(raw);
  }

  /** Register-wise max; both must have the same precision (otherwise a no-op). */
  merge(other: HyperLogLog): void {
    if (other.p !== this.p) return;
    for (let i = 0; i < this.regs.length; i++) {
      const o = other.regs[i] as number;
      if (o > (this.regs[i] as number)) this.regs[i] = o;
    }
  }

  toBase64(): string {
    let s = "";
    for (let i = 0; i < this.regs.length; i++) s += String.fromCharCode(this.regs[i] as number);
    return btoa(s);
  }

  /** Restores from `toBase64`; a malformed string gives an empty sketch. */
  static fromBase64(p: number, b64: string): HyperLogLog {
    try {
      const s = atob(b64);
      const regs = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) regs[i] = s.charCodeAt(i);
      return new HyperLogLog(p, regs);
    } catch {
      return new HyperLogLog(p);
    }
  }
}
