/**
 * @module core/discovery/hash
 * Fast, seedable 32-bit string hashing for the sketches (HyperLogLog,
 * MinHash, reservoir decisions). FNV-1a over UTF-16 code units followed by the
 * murmur3 finaliser, so every output bit depends on every input bit (plain
 * FNV-1a has weak high bits, which HyperLogLog reads first). Not
 * cryptographic: an attacker can craft collisions, which only skews counts.
 */

/** Murmur3 32-bit finaliser. */
export function fmix32(h: number): number {
  let x = h | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hash of a string with an optional seed, as an unsigned 32-bit integer. */
export function hash32(s: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) | 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h ^ s.length);
}

/** Deterministic PRNG (mulberry32) for reproducible sampling decisions. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
