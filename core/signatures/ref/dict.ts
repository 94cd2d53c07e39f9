/**
 * @module core/signatures/ref/dict
 * Word dictionary lookup (tables/words.ts): an open-addressing hash table
 * (FNV-1a over ASCII-folded bytes, linear probing) built once at module load.
 * Mirrors wasm/assembly/signatures/dict.ts.
 */
import { DICT_SIZE, MAX_WORD, WORD_BYTES, WORD_COUNT, WORD_OFF } from "../tables/flat.ts";
import { fold } from "./chars.ts";

const SLOTS = new Int32Array(DICT_SIZE).fill(-1);
const MASK = DICT_SIZE - 1;

function hashRange(buf: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ fold(buf[i] as number), 0x01000193) >>> 0;
  return h;
}

for (let w = 0; w < WORD_COUNT; w++) {
  let idx = hashRange(WORD_BYTES, WORD_OFF[w] as number, WORD_OFF[w + 1] as number) & MASK;
  while ((SLOTS[idx] as number) !== -1) idx = (idx + 1) & MASK;
  SLOTS[idx] = w;
}

/** Index of the word buf[s..e) (ASCII case folded), or -1. */
export function lookupWord(buf: Uint8Array, s: number, e: number): number {
  const len = e - s;
  if (len <= 0 || len > MAX_WORD) return -1;
  let idx = hashRange(buf, s, e) & MASK;
  for (;;) {
    const w = SLOTS[idx] as number;
    if (w === -1) return -1;
    const o = WORD_OFF[w] as number;
    if ((WORD_OFF[w + 1] as number) - o === len) {
      let k = 0;
      while (k < len && fold(buf[s + k] as number) === (WORD_BYTES[o + k] as number)) k++;
      if (k === len) return w;
    }
    idx = (idx + 1) & MASK;
  }
}
