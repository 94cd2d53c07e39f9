// Aho–Corasick automaton over every pattern (tables.ts), built once at init
// as a full DFA on a reduced alphabet; one table lookup per byte, no
// backtracking. Mirrors core/signatures/ref/aho.ts.
import {
  AC_CLASS_OF,
  AC_CLASSES,
  AC_STATES,
  F_CASE,
  F_WB_L,
  F_WB_R,
  PAT_BYTES,
  PAT_COUNT,
  PAT_FLAGS,
  PAT_OFF,
} from "./tables";
import { fold, isWord } from "./chars";
import { D, HIT_CAP, HIT_PAT, HIT_START, reserve, St } from "./mem";

let GOTO: usize = 0;
let OUT: usize = 0;
let FAIL: usize = 0;
let OUT_LINK: usize = 0;

@inline
function gotoAt(s: i32, c: i32): i32 {
  return <i32>load<u16>(GOTO + ((<usize>(s * AC_CLASSES + c)) << 1));
}

@inline
function gotoSet(s: i32, c: i32, t: i32): void {
  store<u16>(GOTO + ((<usize>(s * AC_CLASSES + c)) << 1), <u16>t);
}

@inline
function i32At(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}

@inline
function i32Set(base: usize, i: i32, v: i32): void {
  store<i32>(base + (<usize>i << 2), v);
}

@inline
function patOff(p: i32): i32 {
  return load<i32>(PAT_OFF + (<usize>p << 2));
}

@inline
function classOf(b: i32): i32 {
  return <i32>load<u8>(AC_CLASS_OF + <usize>fold(b));
}

export function ahoInit(): void {
  const cells = <usize>(AC_STATES * AC_CLASSES);
  GOTO = reserve(cells << 1);
  memory.fill(GOTO, 0, cells << 1);
  OUT = reserve(<usize>AC_STATES << 2);
  FAIL = reserve(<usize>AC_STATES << 2);
  OUT_LINK = reserve(<usize>AC_STATES << 2);
  for (let s = 0; s < AC_STATES; s++) {
    i32Set(OUT, s, -1);
    i32Set(FAIL, s, 0);
    i32Set(OUT_LINK, s, -1);
  }
  let states = 1;
  for (let p = 0; p < PAT_COUNT; p++) {
    let s = 0;
    const e = patOff(p + 1);
    for (let i = patOff(p); i < e; i++) {
      const c = classOf(<i32>load<u8>(PAT_BYTES + <usize>i));
      let t = gotoAt(s, c);
      if (t == 0) {
        t = states++;
        gotoSet(s, c, t);
      }
      s = t;
    }
    i32Set(OUT, s, p);
  }
  // Breadth-first completion of the transitions (full DFA).
  const queue = reserve(<usize>states << 2);
  let head = 0;
  let tail = 0;
  for (let c = 0; c < AC_CLASSES; c++) {
    const t = gotoAt(0, c);
    if (t != 0) {
      i32Set(FAIL, t, 0);
      i32Set(queue, tail++, t);
    }
  }
  while (head < tail) {
    const s = i32At(queue, head++);
    for (let c = 0; c < AC_CLASSES; c++) {
      const t = gotoAt(s, c);
      const f = gotoAt(i32At(FAIL, s), c);
      if (t != 0) {
        i32Set(FAIL, t, f);
        i32Set(OUT_LINK, t, i32At(OUT, f) >= 0 ? f : i32At(OUT_LINK, f));
        i32Set(queue, tail++, t);
      } else gotoSet(s, c, f);
    }
  }
}

function accept(buf: usize, len: i32, p: i32, start: i32, end: i32): bool {
  const flags = <i32>load<u8>(PAT_FLAGS + <usize>p);
  const o = patOff(p);
  const last = patOff(p + 1) - 1;
  if (
    (flags & F_WB_L) != 0 &&
    start > 0 &&
    isWord(<i32>load<u8>(PAT_BYTES + <usize>o)) &&
    isWord(<i32>load<u8>(buf + <usize>(start - 1)))
  )
    return false;
  if (
    (flags & F_WB_R) != 0 &&
    end < len &&
    isWord(<i32>load<u8>(PAT_BYTES + <usize>last)) &&
    isWord(<i32>load<u8>(buf + <usize>end))
  )
    return false;
  if ((flags & F_CASE) != 0) {
    for (let k = 0; k <= last - o; k++)
      if (load<u8>(buf + <usize>(start + k)) != load<u8>(PAT_BYTES + <usize>(o + k))) return false;
  }
  return true;
}

/** Scans buf[0..n) and fills the hit list (offsets refer to buf). */
export function scanPatternsIn(buf: usize, n: i32): void {
  St.hits = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    // Upper- and lower-case letters share a class, so no fold is needed here.
    s = gotoAt(s, <i32>load<u8>(AC_CLASS_OF + <usize>load<u8>(buf + <usize>i)));
    let t = i32At(OUT, s) >= 0 ? s : i32At(OUT_LINK, s);
    while (t > 0) {
      const p = i32At(OUT, t);
      const start = i + 1 - (patOff(p + 1) - patOff(p));
      if (accept(buf, n, p, start, i + 1)) {
        if (St.hits >= HIT_CAP) return;
        store<i32>(HIT_PAT + (<usize>St.hits << 2), p);
        store<i32>(HIT_START + (<usize>St.hits << 2), start);
        St.hits++;
      }
      t = i32At(OUT_LINK, t);
    }
  }
}

export function scanPatterns(): void {
  scanPatternsIn(D, St.dLen);
}
