// Transformations before matching: repeated URL decoding (%XX, %uXXXX),
// backslash escapes (\uXXXX, \xHH), HTML entities (numeric; named by longest
// prefix), Unicode folding (overlong UTF-8 and fullwidth forms to ASCII,
// slash lookalikes to `/` and `\`, typographic quotes to ASCII, NUL and zero-width characters dropped). Every
// step shrinks the value, so it works in place in bounded time. Mirrors
// core/signatures/ref/normalize.ts.
import { ENT_BYTES, ENT_CODE, ENT_COUNT, ENT_OFF } from "./tables";
import { hexVal, isAlpha, isHex, maskOf } from "./chars";
import { D, dAt, dSet, St } from "./mem";

export const N_NUL: i32 = 1;
export const N_CR: i32 = 2;
export const N_LF: i32 = 4;
export const N_OVERLONG: i32 = 8;
export const N_FULLWIDTH: i32 = 16;
export const N_INVALID_UTF8: i32 = 32;
export const N_CTRL: i32 = 64;
export const N_ENTITY: i32 = 128;
export const N_ESCAPE: i32 = 256;
export const N_URL: i32 = 512;

function putUtf8(cpIn: u32, j: i32): i32 {
  const cp = <i32>cpIn;
  if (cp < 0x80) {
    dSet(j, cp);
    return j + 1;
  }
  if (cp < 0x800) {
    dSet(j, 0xc0 | (cp >> 6));
    dSet(j + 1, 0x80 | (cp & 0x3f));
    return j + 2;
  }
  if (cp < 0x10000) {
    dSet(j, 0xe0 | (cp >> 12));
    dSet(j + 1, 0x80 | ((cp >> 6) & 0x3f));
    dSet(j + 2, 0x80 | (cp & 0x3f));
    return j + 3;
  }
  dSet(j, 0xf0 | (cp >> 18));
  dSet(j + 1, 0x80 | ((cp >> 12) & 0x3f));
  dSet(j + 2, 0x80 | ((cp >> 6) & 0x3f));
  dSet(j + 3, 0x80 | (cp & 0x3f));
  return j + 4;
}

function hex4(i: i32, n: i32): i32 {
  if (i + 4 > n) return -1;
  let v: i32 = 0;
  for (let k = 0; k < 4; k++) {
    const b = dAt(i + k);
    if (!isHex(b)) return -1;
    v = (v << 4) | <i32>hexVal(b);
  }
  return v;
}

function urlPass(): bool {
  const n = St.dLen;
  let j = 0;
  let changed = false;
  let i = 0;
  while (i < n) {
    const b = dAt(i);
    if (b == 0x25 && i + 2 < n) {
      const h1 = dAt(i + 1);
      const h2 = dAt(i + 2);
      if (isHex(h1) && isHex(h2)) {
        dSet(j++, (hexVal(h1) << 4) | hexVal(h2));
        i += 3;
        changed = true;
        continue;
      }
      if ((h1 | 0x20) == 0x75) {
        const cp = hex4(i + 2, n);
        if (cp >= 0) {
          j = putUtf8(<u32>cp, j);
          i += 6;
          changed = true;
          continue;
        }
      }
    }
    dSet(j++, b);
    i++;
  }
  St.dLen = j;
  return changed;
}

function escapePass(): bool {
  const n = St.dLen;
  let j = 0;
  let changed = false;
  let i = 0;
  while (i < n) {
    const b = dAt(i);
    if (b == 0x5c && i + 1 < n) {
      const e = dAt(i + 1) | 0x20;
      if (e == 0x75) {
        const cp = hex4(i + 2, n);
        if (cp >= 0) {
          j = putUtf8(<u32>cp, j);
          i += 6;
          changed = true;
          continue;
        }
      } else if (e == 0x78 && i + 3 < n) {
        const h1 = dAt(i + 2);
        const h2 = dAt(i + 3);
        if (isHex(h1) && isHex(h2)) {
          dSet(j++, (hexVal(h1) << 4) | hexVal(h2));
          i += 4;
          changed = true;
          continue;
        }
      }
    }
    dSet(j++, b);
    i++;
  }
  St.dLen = j;
  return changed;
}

function namedEntity(i: i32, len: i32): i32 {
  let best = -1;
  let bestLen = 0;
  for (let e = 0; e < ENT_COUNT; e++) {
    const o = load<i32>(ENT_OFF + (<usize>e << 2));
    const m = load<i32>(ENT_OFF + (<usize>(e + 1) << 2)) - o;
    if (m > len || m <= bestLen) continue;
    let k = 0;
    while (k < m && (dAt(i + k) | 0x20) == <i32>load<u8>(ENT_BYTES + <usize>(o + k))) k++;
    if (k == m) {
      best = e;
      bestLen = m;
    }
  }
  return best;
}

function entityPass(): bool {
  const n = St.dLen;
  let j = 0;
  let changed = false;
  let i = 0;
  while (i < n) {
    const b = dAt(i);
    if (b == 0x26 && i + 2 < n) {
      const c = dAt(i + 1);
      if (c == 0x23) {
        let k = i + 2;
        let hexForm = false;
        if (k < n && (dAt(k) | 0x20) == 0x78) {
          hexForm = true;
          k++;
        }
        let cp: u32 = 0;
        let digits = 0;
        while (k < n && digits < 8) {
          const d = dAt(k);
          if (hexForm ? isHex(d) : d >= 0x30 && d <= 0x39) {
            cp = hexForm ? cp * 16 + <u32>hexVal(d) : cp * 10 + <u32>(d - 0x30);
            digits++;
            k++;
          } else break;
        }
        if (digits > 0 && cp > 0 && cp <= 0x10ffff) {
          if (k < n && dAt(k) == 0x3b) k++;
          j = putUtf8(cp, j);
          i = k;
          changed = true;
          continue;
        }
      } else if (isAlpha(c)) {
        let k = i + 1;
        while (k < n && k - i - 1 < 10 && isAlpha(dAt(k))) k++;
        const len = k - i - 1;
        const e = namedEntity(i + 1, len);
        if (e >= 0) {
          let end = i + 1 + load<i32>(ENT_OFF + (<usize>(e + 1) << 2)) - load<i32>(ENT_OFF + (<usize>e << 2));
          if (end < n && dAt(end) == 0x3b) end++;
          dSet(j++, <i32>load<u8>(ENT_CODE + <usize>e));
          i = end;
          changed = true;
          continue;
        }
      }
    }
    dSet(j++, b);
    i++;
  }
  St.dLen = j;
  return changed;
}

@inline
function mathAlnumAscii(cp: i32): i32 {
  if (cp >= 0x1d400 && cp <= 0x1d6a3) {
    const w = (cp - 0x1d400) % 52;
    return w < 26 ? 0x41 + w : 0x61 + (w - 26);
  }
  if (cp >= 0x1d7ce && cp <= 0x1d7ff) return 0x30 + ((cp - 0x1d7ce) % 10);
  return 0;
}

/** ASCII for a circled digit 0–9 or letter, or the ideographic full stop; 0 for anything else. */
function circledAscii(cp: i32): i32 {
  if (cp >= 0x2460 && cp <= 0x2468) return 0x31 + (cp - 0x2460);
  if (cp == 0x24ea) return 0x30;
  if (cp >= 0x24b6 && cp <= 0x24cf) return 0x61 + (cp - 0x24b6);
  if (cp >= 0x24d0 && cp <= 0x24e9) return 0x61 + (cp - 0x24d0);
  // Full stops a host parser maps to '.' (UTS #46): ideographic 。, one dot leader ․, small ﹒, halfwidth ｡.
  return cp == 0x3002 || cp == 0x2024 || cp == 0xfe52 || cp == 0xff61 ? 0x2e : 0;
}

function isCont(b: i32): bool {
  return (b & 0xc0) == 0x80;
}

function unicodePass(): bool {
  const n = St.dLen;
  let j = 0;
  let changed = false;
  let i = 0;
  let f = St.flags;
  while (i < n) {
    const b = dAt(i);
    if (b < 0x80) {
      if (b == 0) {
        f |= N_NUL;
        i++;
        changed = true;
        continue;
      }
      if (b == 0x0d) f |= N_CR;
      else if (b == 0x0a) f |= N_LF;
      else if ((b < 0x20 && b != 0x09) || b == 0x7f) f |= N_CTRL;
      dSet(j++, b);
      i++;
      continue;
    }
    const b1: i32 = i + 1 < n ? dAt(i + 1) : 0;
    const b2: i32 = i + 2 < n ? dAt(i + 2) : 0;
    const b3: i32 = i + 3 < n ? dAt(i + 3) : 0;
    if ((b == 0xc0 || b == 0xc1) && isCont(b1)) {
      dSet(j++, ((b & 1) << 6) | (b1 & 0x3f));
      f |= N_OVERLONG;
      i += 2;
      changed = true;
      continue;
    }
    if (b == 0xe0 && b1 >= 0x80 && b1 <= 0x9f && isCont(b2)) {
      const cp = ((b1 & 0x3f) << 6) | (b2 & 0x3f);
      f |= N_OVERLONG;
      if (cp < 0x80) {
        dSet(j++, cp);
        i += 3;
        changed = true;
        continue;
      }
    }
    if (b == 0xf0 && b1 >= 0x80 && b1 <= 0x8f && isCont(b2) && isCont(b3)) {
      const cp = ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
      f |= N_OVERLONG;
      if (cp < 0x80) {
        dSet(j++, cp);
        i += 4;
        changed = true;
        continue;
      }
    }
    if (b == 0xef && (b1 == 0xbc || b1 == 0xbd) && isCont(b2)) {
      const ascii: i32 = b1 == 0xbc ? 0x20 + (b2 - 0x80) : 0x60 + (b2 - 0x80);
      if (ascii >= 0x21 && ascii <= 0x7e) {
        dSet(j++, ascii);
        f |= N_FULLWIDTH;
        i += 3;
        changed = true;
        continue;
      }
    }
    // Circled digits and letters and the ideographic full stop: a URL's host parser maps them to ASCII.
    if ((b == 0xe2 || b == 0xe3 || b == 0xef) && isCont(b1) && isCont(b2)) {
      const ascii = circledAscii(((b & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f));
      if (ascii != 0) {
        dSet(j++, ascii);
        f |= N_FULLWIDTH;
        i += 3;
        changed = true;
        continue;
      }
    }
    if (b == 0xf0 && b1 == 0x9d && isCont(b2) && isCont(b3)) {
      const ascii = mathAlnumAscii(0x1d000 | ((b2 & 0x3f) << 6) | (b3 & 0x3f));
      if (ascii != 0) {
        dSet(j++, ascii);
        f |= N_FULLWIDTH;
        i += 4;
        changed = true;
        continue;
      }
    }
    // Slash lookalikes that best-fit code pages turn into '/' or '\\' (∕ ⁄ ∖ ﹨): separators to a Windows back end.
    if (
      (b == 0xe2 && ((b1 == 0x88 && (b2 == 0x95 || b2 == 0x96)) || (b1 == 0x81 && b2 == 0x84))) ||
      (b == 0xef && b1 == 0xb9 && b2 == 0xa8)
    ) {
      dSet(j++, b2 == 0x95 || b2 == 0x84 ? 0x2f : 0x5c);
      f |= N_FULLWIDTH;
      i += 3;
      changed = true;
      continue;
    }
    if (b == 0xef && b1 == 0xbb && b2 == 0xbf) {
      i += 3;
      changed = true;
      continue;
    }
    if (b == 0xe2 && b1 == 0x80) {
      if (b2 == 0x98 || b2 == 0x99) {
        dSet(j++, 0x27);
        i += 3;
        changed = true;
        continue;
      }
      if (b2 == 0x9c || b2 == 0x9d) {
        dSet(j++, 0x22);
        i += 3;
        changed = true;
        continue;
      }
      if (b2 == 0x8b || b2 == 0x8c || b2 == 0x8d) {
        i += 3;
        changed = true;
        continue;
      }
    }
    if (b == 0xe3 && b1 == 0x80 && b2 == 0x80) {
      dSet(j++, 0x20);
      i += 3;
      changed = true;
      continue;
    }
    if (b == 0xc2 && b1 == 0xa0) {
      dSet(j++, 0x20);
      i += 2;
      changed = true;
      continue;
    }
    let need = 0;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    let ok = need > 0 && i + need < n;
    for (let k = 1; ok && k <= need; k++) if (!isCont(dAt(i + k))) ok = false;
    if (!ok) {
      f |= N_INVALID_UTF8;
      dSet(j++, b);
      i++;
      continue;
    }
    for (let k = 0; k <= need; k++) dSet(j++, dAt(i + k));
    i += need + 1;
  }
  St.dLen = j;
  St.flags = f;
  return changed;
}

const P_PCT: i32 = 1;
const P_BSL: i32 = 2;
const P_AMP: i32 = 4;
const P_UNI: i32 = 8;

function probe(): i32 {
  const n = St.dLen;
  let m: i32 = 0;
  let mask: i32 = 0;
  for (let i = 0; i < n; i++) {
    const b = dAt(i);
    mask |= maskOf(b);
    if (b == 0x25) m |= P_PCT;
    else if (b == 0x5c) m |= P_BSL;
    else if (b == 0x26) m |= P_AMP;
    else if (b >= 0x80 || b < 0x20 || b == 0x7f) m |= P_UNI;
  }
  St.mask = mask;
  return m;
}

/** Decodes INPUT[0..len) into D (St.dLen, St.flags, St.passes). */
export function normalize(src: usize, len: i32): void {
  memory.copy(D, src, <usize>len);
  St.dLen = len;
  St.flags = 0;
  St.passes = 0;
  let stale = false;
  for (let round = 0; round < 3; round++) {
    let m = probe();
    stale = false;
    let pass = 0;
    while (pass < 4 && (m & P_PCT) != 0 && urlPass()) {
      pass++;
      St.flags |= N_URL;
      m = probe();
    }
    St.passes += pass;
    const esc = (m & P_BSL) != 0 && escapePass();
    if (esc) {
      St.flags |= N_ESCAPE;
      m = probe();
    }
    const ent = (m & P_AMP) != 0 && entityPass();
    if (ent) {
      St.flags |= N_ENTITY;
      entityPass();
      m = probe();
    }
    stale = (m & P_UNI) != 0 && unicodePass();
    if (!esc && !ent) break;
  }
  if (stale) {
    let mask: i32 = 0;
    const n = St.dLen;
    for (let i = 0; i < n; i++) mask |= maskOf(dAt(i));
    St.mask = mask;
  }
}
