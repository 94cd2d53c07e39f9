/**
 * @module core/signatures/ref/normalize
 * Transformations applied to every value before matching, so an encoding
 * cannot hide a payload: URL decoding (repeated, %uXXXX too), backslash
 * escapes (\uXXXX, \xHH), HTML entities (numeric, and named ones by longest
 * prefix since browsers accept `&lt` without `;`), then Unicode folding
 * (overlong UTF-8 and fullwidth forms to ASCII, slash lookalikes to `/` and
 * `\`, typographic quotes to ASCII quotes, NUL and zero-width characters dropped). Case is folded at match
 * time, comments and whitespace by the lexers. Every step only shrinks the
 * value, so it works in place and in bounded time. Flags record what was
 * seen (NUL, CR/LF, overlong forms, repeated encoding…) for the protocol
 * rules. Mirrors wasm/assembly/signatures/normalize.ts.
 */
import { ENT_BYTES, ENT_CODE, ENT_COUNT, ENT_OFF } from "../tables/flat.ts";
import { hexVal, isAlpha, isHex, maskOf } from "./chars.ts";
import { D, st } from "./mem.ts";

export const N_NUL = 1;
export const N_CR = 2;
export const N_LF = 4;
export const N_OVERLONG = 8;
export const N_FULLWIDTH = 16;
export const N_INVALID_UTF8 = 32;
export const N_CTRL = 64;
export const N_ENTITY = 128;
export const N_ESCAPE = 256;
export const N_URL = 512;

/** Writes `cp` as UTF-8 at D[j]; returns the next write index. */
function putUtf8(cp: number, j: number): number {
  if (cp < 0x80) {
    D[j] = cp;
    return j + 1;
  }
  if (cp < 0x800) {
    D[j] = 0xc0 | (cp >> 6);
    D[j + 1] = 0x80 | (cp & 0x3f);
    return j + 2;
  }
  if (cp < 0x10000) {
    D[j] = 0xe0 | (cp >> 12);
    D[j + 1] = 0x80 | ((cp >> 6) & 0x3f);
    D[j + 2] = 0x80 | (cp & 0x3f);
    return j + 3;
  }
  D[j] = 0xf0 | (cp >> 18);
  D[j + 1] = 0x80 | ((cp >> 12) & 0x3f);
  D[j + 2] = 0x80 | ((cp >> 6) & 0x3f);
  D[j + 3] = 0x80 | (cp & 0x3f);
  return j + 4;
}

function hex4(i: number, n: number): number {
  if (i + 4 > n) return -1;
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const b = D[i + k] as number;
    if (!isHex(b)) return -1;
    v = (v << 4) | hexVal(b);
  }
  return v;
}

/** One URL-decoding pass in place; returns true when something was decoded. */
function urlPass(): boolean {
  const n = st.dLen;
  let j = 0;
  let changed = false;
  let i = 0;
  while (i < n) {
    const b = D[i] as number;
    if (b === 0x25 && i + 2 < n) {
      const h1 = D[i + 1] as number;
      const h2 = D[i + 2] as number;
      if (isHex(h1) && isHex(h2)) {
        D[j++] = (hexVal(h1) << 4) | hexVal(h2);
        i += 3;
        changed = true;
        continue;
      }
      if ((h1 | 0x20) === 0x75) {
        const cp = hex4(i + 2, n);
        if (cp >= 0) {
          j = putUtf8(cp, j);
          i += 6;
          changed = true;
          continue;
        }
      }
    }
    D[j++] = b;
    i++;
  }
  st.dLen = j;
  return changed;
}

/** \uXXXX and \xHH escapes (JavaScript, Java, JSON); returns true when something changed. */
function escapePass(): boolean {
  const n = st.dLen;
  let j = 0;
  let changed = false;
  let i = 0;
  while (i < n) {
    const b = D[i] as number;
    if (b === 0x5c && i + 1 < n) {
      const e = (D[i + 1] as number) | 0x20;
      if (e === 0x75) {
        const cp = hex4(i + 2, n);
        if (cp >= 0) {
          j = putUtf8(cp, j);
          i += 6;
          changed = true;
          continue;
        }
      } else if (e === 0x78 && i + 3 < n) {
        const h1 = D[i + 2] as number;
        const h2 = D[i + 3] as number;
        if (isHex(h1) && isHex(h2)) {
          D[j++] = (hexVal(h1) << 4) | hexVal(h2);
          i += 4;
          changed = true;
          continue;
        }
      }
    }
    D[j++] = b;
    i++;
  }
  st.dLen = j;
  return changed;
}

/** Longest named entity that prefixes D[i..i+len) (letters only); returns its index or -1. */
function namedEntity(i: number, len: number): number {
  let best = -1;
  let bestLen = 0;
  for (let e = 0; e < ENT_COUNT; e++) {
    const o = ENT_OFF[e] as number;
    const m = (ENT_OFF[e + 1] as number) - o;
    if (m > len || m <= bestLen) continue;
    let k = 0;
    while (k < m && ((D[i + k] as number) | 0x20) === (ENT_BYTES[o + k] as number)) k++;
    if (k === m) {
      best = e;
      bestLen = m;
    }
  }
  return best;
}

/** HTML entities; returns true when something changed. */
function entityPass(): boolean {
  const n = st.dLen;
  let j = 0;
  let changed = false;
  let i = 0;
  while (i < n) {
    const b = D[i] as number;
    if (b === 0x26 && i + 2 < n) {
      const c = D[i + 1] as number;
      if (c === 0x23) {
        // &#DDD; or &#xHHH;
        let k = i + 2;
        let isHexForm = false;
        if (k < n && ((D[k] as number) | 0x20) === 0x78) {
          isHexForm = true;
          k++;
        }
        let cp = 0;
        let digits = 0;
        while (k < n && digits < 8) {
          const d = D[k] as number;
          if (isHexForm ? isHex(d) : d >= 0x30 && d <= 0x39) {
            cp = isHexForm ? cp * 16 + hexVal(d) : cp * 10 + (d - 0x30);
            digits++;
            k++;
          } else break;
        }
        if (digits > 0 && cp > 0 && cp <= 0x10ffff) {
          if (k < n && D[k] === 0x3b) k++;
          j = putUtf8(cp, j);
          i = k;
          changed = true;
          continue;
        }
      } else if (isAlpha(c)) {
        let k = i + 1;
        while (k < n && k - i - 1 < 10 && isAlpha(D[k] as number)) k++;
        const len = k - i - 1;
        const e = namedEntity(i + 1, len);
        if (e >= 0) {
          let end = i + 1 + (ENT_OFF[e + 1] as number) - (ENT_OFF[e] as number);
          if (end < n && D[end] === 0x3b) end++;
          D[j++] = ENT_CODE[e] as number;
          i = end;
          changed = true;
          continue;
        }
      }
    }
    D[j++] = b;
    i++;
  }
  st.dLen = j;
  return changed;
}

/** The ASCII letter or digit a Mathematical Alphanumeric Symbol (U+1D400–U+1D6A3, U+1D7CE–U+1D7FF) folds to, or 0. */
function mathAlnumAscii(cp: number): number {
  if (cp >= 0x1d400 && cp <= 0x1d6a3) {
    const w = (cp - 0x1d400) % 52;
    return w < 26 ? 0x41 + w : 0x61 + (w - 26);
  }
  if (cp >= 0x1d7ce && cp <= 0x1d7ff) return 0x30 + ((cp - 0x1d7ce) % 10);
  return 0;
}

/** ASCII for a circled digit 0–9 or letter, or the ideographic full stop; 0 for anything else. */
function circledAscii(cp: number): number {
  if (cp >= 0x2460 && cp <= 0x2468) return 0x31 + (cp - 0x2460);
  if (cp === 0x24ea) return 0x30;
  if (cp >= 0x24b6 && cp <= 0x24cf) return 0x61 + (cp - 0x24b6);
  if (cp >= 0x24d0 && cp <= 0x24e9) return 0x61 + (cp - 0x24d0);
  // Full stops a host parser maps to '.' (UTS #46): ideographic 。, one dot leader ․, small ﹒, halfwidth ｡.
  return cp === 0x3002 || cp === 0x2024 || cp === 0xfe52 || cp === 0xff61 ? 0x2e : 0;
}

function isCont(b: number): boolean {
  return (b & 0xc0) === 0x80;
}

/**
 * Overlong and fullwidth forms to ASCII, typographic quotes to ASCII, NUL and
 * zero-width characters dropped; flags control bytes, CR, LF and invalid UTF-8.
 */
function unicodePass(): boolean {
  const n = st.dLen;
  let j = 0;
  let changed = false;
  let i = 0;
  let f = st.flags;
  while (i < n) {
    const b = D[i] as number;
    if (b < 0x80) {
      if (b === 0) {
        f |= N_NUL;
        i++;
        changed = true;
        continue;
      }
      if (b === 0x0d) f |= N_CR;
      else if (b === 0x0a) f |= N_LF;
      else if ((b < 0x20 && b !== 0x09) || b === 0x7f) f |= N_CTRL;
      D[j++] = b;
      i++;
      continue;
    }
    const b1 = i + 1 < n ? (D[i + 1] as number) : 0;
    const b2 = i + 2 < n ? (D[i + 2] as number) : 0;
    const b3 = i + 3 < n ? (D[i + 3] as number) : 0;
    if ((b === 0xc0 || b === 0xc1) && isCont(b1)) {
      D[j++] = ((b & 1) << 6) | (b1 & 0x3f);
      f |= N_OVERLONG;
      i += 2;
      changed = true;
      continue;
    }
    if (b === 0xe0 && b1 >= 0x80 && b1 <= 0x9f && isCont(b2)) {
      const cp = ((b1 & 0x3f) << 6) | (b2 & 0x3f);
      f |= N_OVERLONG;
      if (cp < 0x80) {
        D[j++] = cp;
        i += 3;
        changed = true;
        continue;
      }
    }
    if (b === 0xf0 && b1 >= 0x80 && b1 <= 0x8f && isCont(b2) && isCont(b3)) {
      const cp = ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
      f |= N_OVERLONG;
      if (cp < 0x80) {
        D[j++] = cp;
        i += 4;
        changed = true;
        continue;
      }
    }
    if (b === 0xef && (b1 === 0xbc || b1 === 0xbd) && isCont(b2)) {
      const ascii = b1 === 0xbc ? 0x20 + (b2 - 0x80) : 0x60 + (b2 - 0x80);
      if (ascii >= 0x21 && ascii <= 0x7e) {
        D[j++] = ascii;
        f |= N_FULLWIDTH;
        i += 3;
        changed = true;
        continue;
      }
    }
    // Circled digits and letters (①②⑦.⓪.⓪.①, ⓛⓞⓒⓐⓛⓗⓞⓢⓣ) and full stops (127。0。0。1, ①⑥⑨․②⑤④):
    // a URL's host parser maps them to ASCII (UTS #46), so a host spelled with them is that host.
    if ((b === 0xe2 || b === 0xe3 || b === 0xef) && isCont(b1) && isCont(b2)) {
      const ascii = circledAscii(((b & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f));
      if (ascii !== 0) {
        D[j++] = ascii;
        f |= N_FULLWIDTH;
        i += 3;
        changed = true;
        continue;
      }
    }
    // Mathematical alphanumerics (𝐬𝐜𝐫𝐢𝐩𝐭, 𝖮𝖱, 𝟏): NFKC, which Python's, Java's and .NET's normalizers apply
    // to identifiers and some back ends to input, folds them to ASCII letters and digits.
    if (b === 0xf0 && b1 === 0x9d && isCont(b2) && isCont(b3)) {
      const ascii = mathAlnumAscii(0x1d000 | ((b2 & 0x3f) << 6) | (b3 & 0x3f));
      if (ascii !== 0) {
        D[j++] = ascii;
        f |= N_FULLWIDTH;
        i += 4;
        changed = true;
        continue;
      }
    }
    // Slash lookalikes that best-fit code pages turn into '/' or '\\' (∕ ⁄ ∖ ﹨): separators to a Windows back end.
    if (
      (b === 0xe2 && ((b1 === 0x88 && (b2 === 0x95 || b2 === 0x96)) || (b1 === 0x81 && b2 === 0x84))) ||
      (b === 0xef && b1 === 0xb9 && b2 === 0xa8)
    ) {
      D[j++] = b2 === 0x95 || b2 === 0x84 ? 0x2f : 0x5c;
      f |= N_FULLWIDTH;
      i += 3;
      changed = true;
      continue;
    }
    if (b === 0xef && b1 === 0xbb && b2 === 0xbf) {
      i += 3;
      changed = true;
      continue;
    }
    if (b === 0xe2 && b1 === 0x80) {
      if (b2 === 0x98 || b2 === 0x99) {
        D[j++] = 0x27;
        i += 3;
        changed = true;
        continue;
      }
      if (b2 === 0x9c || b2 === 0x9d) {
        D[j++] = 0x22;
        i += 3;
        changed = true;
        continue;
      }
      if (b2 === 0x8b || b2 === 0x8c || b2 === 0x8d) {
        i += 3;
        changed = true;
        continue;
      }
    }
    if (b === 0xe3 && b1 === 0x80 && b2 === 0x80) {
      D[j++] = 0x20;
      i += 3;
      changed = true;
      continue;
    }
    if (b === 0xc2 && b1 === 0xa0) {
      D[j++] = 0x20;
      i += 2;
      changed = true;
      continue;
    }
    // Validate one UTF-8 sequence; copy it unchanged either way.
    let need = 0;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    let ok = need > 0 && i + need < n;
    for (let k = 1; ok && k <= need; k++) if (!isCont(D[i + k] as number)) ok = false;
    if (!ok) {
      f |= N_INVALID_UTF8;
      D[j++] = b;
      i++;
      continue;
    }
    for (let k = 0; k <= need; k++) D[j++] = D[i + k] as number;
    i += need + 1;
  }
  st.dLen = j;
  st.flags = f;
  return changed;
}

const P_PCT = 1;
const P_BSL = 2;
const P_AMP = 4;
const P_UNI = 8;

/** Which passes could change D, and the presence mask of D, in one scan. */
function probe(): number {
  const n = st.dLen;
  let m = 0;
  let mask = 0;
  for (let i = 0; i < n; i++) {
    const b = D[i] as number;
    mask |= maskOf(b);
    if (b === 0x25) m |= P_PCT;
    else if (b === 0x5c) m |= P_BSL;
    else if (b === 0x26) m |= P_AMP;
    else if (b >= 0x80 || b < 0x20 || b === 0x7f) m |= P_UNI;
  }
  st.mask = mask;
  return m;
}

/** Decodes `src[0..len)` into D (st.dLen, st.flags, st.passes). */
export function normalize(src: Uint8Array, len: number): void {
  for (let i = 0; i < len; i++) D[i] = src[i] as number;
  st.dLen = len;
  st.flags = 0;
  st.passes = 0;
  let stale = false;
  for (let round = 0; round < 3; round++) {
    let m = probe();
    stale = false;
    let pass = 0;
    while (pass < 4 && (m & P_PCT) !== 0 && urlPass()) {
      pass++;
      st.flags |= N_URL;
      m = probe();
    }
    st.passes += pass;
    const esc = (m & P_BSL) !== 0 && escapePass();
    if (esc) {
      st.flags |= N_ESCAPE;
      m = probe();
    }
    const ent = (m & P_AMP) !== 0 && entityPass();
    if (ent) {
      st.flags |= N_ENTITY;
      entityPass();
      m = probe();
    }
    stale = (m & P_UNI) !== 0 && unicodePass();
    if (!esc && !ent) break;
  }
  if (stale) {
    let mask = 0;
    const n = st.dLen;
    for (let i = 0; i < n; i++) mask |= maskOf(D[i] as number);
    st.mask = mask;
  }
}
