/**
 * @module core/signatures/ref/aho
 * Aho–Corasick automaton over every pattern of tables/patterns.ts, built once
 * at module load as a full DFA on a reduced alphabet (bytes no pattern uses
 * share class 0). Scanning is one table lookup per byte, no backtracking; a
 * hit records pattern index and start once its word-boundary and case flags
 * pass. Mirrors wasm/assembly/signatures/aho.ts.
 */

import {
  AC_CLASSES,
  AC_MAX_STATES,
  automatonClasses,
  PAT_BYTES,
  PAT_COUNT,
  PAT_FLAGS,
  PAT_OFF,
} from "../tables/flat.ts";
import { F_CASE, F_WB_L, F_WB_R } from "../tables/patterns.ts";
import { fold, isWord } from "./chars.ts";
import { D, HIT_CAP, HIT_PAT, HIT_START, st } from "./mem.ts";

const C = AC_CLASSES;
const CLASS_OF = automatonClasses().classOf;
const GOTO = new Uint16Array(AC_MAX_STATES * C);
const OUT = new Int32Array(AC_MAX_STATES).fill(-1);
const FAIL = new Int32Array(AC_MAX_STATES);
const OUT_LINK = new Int32Array(AC_MAX_STATES).fill(-1);

function build(): number {
  let states = 1;
  for (let p = 0; p < PAT_COUNT; p++) {
    let s = 0;
    for (let i = PAT_OFF[p] as number; i < (PAT_OFF[p + 1] as number); i++) {
      const c = CLASS_OF[fold(PAT_BYTES[i] as number)] as number;
      let t = GOTO[s * C + c] as number;
      if (t === 0) {
        t = states++;
        GOTO[s * C + c] = t;
      }
      s = t;
    }
    OUT[s] = p;
  }
  const queue = new Int32Array(states);
  let head = 0;
  let tail = 0;
  for (let c = 0; c < C; c++) {
    const t = GOTO[c] as number;
    if (t !== 0) {
      FAIL[t] = 0;
      queue[tail++] = t;
    }
  }
  while (head < tail) {
    const s = queue[head++] as number;
    for (let c = 0; c < C; c++) {
      const t = GOTO[s * C + c] as number;
      const f = GOTO[(FAIL[s] as number) * C + c] as number;
      if (t !== 0) {
        FAIL[t] = f;
        OUT_LINK[t] = (OUT[f] as number) >= 0 ? f : (OUT_LINK[f] as number);
        queue[tail++] = t;
      } else GOTO[s * C + c] = f;
    }
  }
  return states;
}

/** Number of automaton states (reported by the bench and the generator check). */
export const AC_STATES = build();

function accept(buf: Uint8Array, len: number, p: number, start: number, end: number): boolean {
  const flags = PAT_FLAGS[p] as number;
  const o = PAT_OFF[p] as number;
  const last = (PAT_OFF[p + 1] as number) - 1;
  if ((flags & F_WB_L) !== 0 && start > 0 && isWord(PAT_BYTES[o] as number) && isWord(buf[start - 1] as number))
    return false;
  if ((flags & F_WB_R) !== 0 && end < len && isWord(PAT_BYTES[last] as number) && isWord(buf[end] as number))
    return false;
  if ((flags & F_CASE) !== 0) {
    for (let k = 0; k <= last - o; k++) if (buf[start + k] !== PAT_BYTES[o + k]) return false;
  }
  return true;
}

/** Scans D[0..dLen) and fills the hit list. */
export function scanPatterns(): void {
  scanPatternsIn(D, st.dLen);
}

/** Scans buf[0..n) and fills the hit list (hit offsets refer to buf). */
export function scanPatternsIn(buf: Uint8Array, n: number): void {
  st.hits = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    // Upper- and lower-case letters share a class, so no fold is needed here.
    s = GOTO[s * C + (CLASS_OF[buf[i] as number] as number)] as number;
    let t = (OUT[s] as number) >= 0 ? s : (OUT_LINK[s] as number);
    while (t > 0) {
      const p = OUT[t] as number;
      const start = i + 1 - ((PAT_OFF[p + 1] as number) - (PAT_OFF[p] as number));
      if (accept(buf, n, p, start, i + 1)) {
        if (st.hits >= HIT_CAP) return;
        HIT_PAT[st.hits] = p;
        HIT_START[st.hits] = start;
        st.hits++;
      }
      t = OUT_LINK[t] as number;
    }
  }
}
