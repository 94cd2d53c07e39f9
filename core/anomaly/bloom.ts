/**
 * @module core/anomaly/bloom
 * The addresses seen before, for the "share of never-seen IPs" feature and
 * each address's novelty: a Bloom filter (k = 3 double-hashed probes), so
 * that millions of addresses cost bits, not strings. A false positive makes
 * a new address look known (it loses novelty evidence, never gains
 * suspicion). Sized at 16 bits per expected address (~0.3 % false positives);
 * `fill()` tells the owner when to start a fresh generation.
 */
import { hash32 } from "../discovery/hash.ts";

const K = 3;

export class Bloom {
  readonly bits: Uint8Array;
  readonly m: number;
  private set = 0;

  /** `bits` is rounded up to a power of two, between 2^12 and 2^24. */
  constructor(bits = 1 << 18, data?: Uint8Array) {
    let m = 1 << 12;
    while (m < bits && m < 1 << 24) m <<= 1;
    this.m = m;
    this.bits = data && data.length === m >>> 3 ? data : new Uint8Array(m >>> 3);
    if (data) for (const b of this.bits) this.set += popcount(b);
  }

  /** A filter sized for `n` addresses. */
  static forCount(n: number): Bloom {
    return new Bloom(Math.max(1, n) * 16);
  }

  private probes(value: string): [number, number] {
    return [hash32(value, 0x2545f491), hash32(value, 0x9e3779b1) | 1];
  }

  add(value: string): void {
    const [h1, h2] = this.probes(value);
    for (let i = 0; i < K; i++) {
      const bit = (h1 + Math.imul(i, h2)) & (this.m - 1);
      const byte = bit >>> 3;
      const mask = 1 << (bit & 7);
      const cur = this.bits[byte] as number;
      if ((cur & mask) === 0) {
        this.bits[byte] = cur | mask;
        this.set++;
      }
    }
  }

  has(value: string): boolean {
    const [h1, h2] = this.probes(value);
    for (let i = 0; i < K; i++) {
      const bit = (h1 + Math.imul(i, h2)) & (this.m - 1);
      if (((this.bits[bit >>> 3] as number) & (1 << (bit & 7))) === 0) return false;
    }
    return true;
  }

  /** Share of bits set (false-positive rate is about fill^3). */
  fill(): number {
    return this.set / this.m;
  }

  toJSON(): { m: number; b64: string } {
    let s = "";
    for (let i = 0; i < this.bits.length; i += 8192)
      s += String.fromCharCode(...this.bits.subarray(i, Math.min(this.bits.length, i + 8192)));
    return { m: this.m, b64: btoa(s) };
  }

  /** Restores from `toJSON`; a malformed value gives an empty filter. */
  static fromJSON(v: unknown): Bloom {
    const o = (v ?? {}) as { m?: unknown; b64?: unknown };
    if (typeof o.m !== "number" || typeof o.b64 !== "string") return new Bloom();
    try {
      const s = atob(o.b64);
      const data = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) data[i] = s.charCodeAt(i);
      return new Bloom(o.m, data);
    } catch {
      return new Bloom(o.m);
    }
  }
}

function popcount(b: number): number {
  let n = 0;
  for (let x = b; x; x &= x - 1) n++;
  return n;
}
