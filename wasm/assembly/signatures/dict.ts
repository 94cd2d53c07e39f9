// Word dictionary lookup: open addressing, FNV-1a over ASCII-folded bytes,
// linear probing, built once at init. Mirrors core/signatures/ref/dict.ts.
import { DICT_SIZE, MAX_WORD, WORD_BYTES, WORD_COUNT, WORD_OFF } from "./tables";
import { fold } from "./chars";
import { reserve } from "./mem";

const MASK: u32 = <u32>DICT_SIZE - 1;
let SLOTS: usize = 0;

@inline
function wordOff(w: i32): i32 {
  return load<i32>(WORD_OFF + (<usize>w << 2));
}

function hashRange(buf: usize, s: i32, e: i32): u32 {
  let h: u32 = 0x811c9dc5;
  for (let i = s; i < e; i++) h = (h ^ <u32>fold(<i32>load<u8>(buf + <usize>i))) * 0x01000193;
  return h;
}

export function dictInit(): void {
  SLOTS = reserve(<usize>DICT_SIZE << 2);
  for (let i = 0; i < DICT_SIZE; i++) store<i32>(SLOTS + (<usize>i << 2), -1);
  for (let w = 0; w < WORD_COUNT; w++) {
    let idx = hashRange(WORD_BYTES, wordOff(w), wordOff(w + 1)) & MASK;
    while (load<i32>(SLOTS + (<usize>idx << 2)) != -1) idx = (idx + 1) & MASK;
    store<i32>(SLOTS + (<usize>idx << 2), w);
  }
}

/** Index of the word buf[s..e) (ASCII case folded), or -1. */
export function lookupWord(buf: usize, s: i32, e: i32): i32 {
  const len = e - s;
  if (len <= 0 || len > MAX_WORD) return -1;
  let idx = hashRange(buf, s, e) & MASK;
  while (true) {
    const w = load<i32>(SLOTS + (<usize>idx << 2));
    if (w == -1) return -1;
    const o = wordOff(w);
    if (wordOff(w + 1) - o == len) {
      let k = 0;
      while (k < len && fold(<i32>load<u8>(buf + <usize>(s + k))) == <i32>load<u8>(WORD_BYTES + <usize>(o + k))) k++;
      if (k == len) return w;
    }
    idx = (idx + 1) & MASK;
  }
  return -1;
}
