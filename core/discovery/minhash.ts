/**
 * @module core/discovery/minhash
 * MinHash signatures of token sets (Broder 1997): the fraction of equal
 * minima over `k` hash functions estimates the Jaccard similarity of two
 * sets with standard error about 1/sqrt(k) (k = 64: ±0.125 at worst, ±0.06
 * near 0.9). The learner signs the sub-graph under each sibling segment
 * (relative paths, depth-tagged) so siblings that lead to the same
 * structure, the values of one parameter, are found without comparing the
 * sets themselves.
 */
import { fmix32, hash32 } from "./hash.ts";

export const MINHASH_K = 64;

/** Signature of a set of tokens; an empty set gives all-0xffffffff. */
export function minhash(tokens: Iterable<string>, k = MINHASH_K): Uint32Array {
  const sig = new Uint32Array(k).fill(0xffffffff);
  for (const t of tokens) {
    const h1 = hash32(t, 0x1234567);
    const h2 = hash32(t, 0x7654321) | 1;
    for (let i = 0; i < k; i++) {
      // Kirsch–Mitzenmacher double hashing: k hash functions from two.
      const h = fmix32((h1 + Math.imul(i, h2)) | 0);
      if (h < (sig[i] as number)) sig[i] = h;
    }
  }
  return sig;
}

/** Estimated Jaccard similarity of the two sets behind the signatures. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  const k = Math.min(a.length, b.length);
  if (k === 0) return 0;
  let eq = 0;
  let empty = 0;
  for (let i = 0; i < k; i++) {
    if (a[i] === b[i]) {
      if (a[i] === 0xffffffff) empty++;
      else eq++;
    }
  }
  return empty === k ? 0 : eq / k;
}
