/**
 * @module core/signatures/ref/b64
 * Base64 where a value looks like Base64 (long enough, Base64 alphabet only,
 * both letter cases): the bit stream is decoded at the three byte alignments
 * a fragment can have (bit offsets 0, 2 and 4), so a payload cut out of a
 * longer Base64 string is still read whole, and each decoding is searched for
 * Java and .NET gadget and class keywords, for Node.js, PHP, Python (and
 * pickle) and shell code, for PHP serialized objects, and for markup that
 * runs script (`<script`, `javascript:`, `onerror=`).
 * Mirrors wasm/assembly/signatures/b64.ts.
 */

import { PAT_CODE, PAT_GROUP } from "../tables/flat.ts";
import { KW_JAVASCRIPT, KW_ONERROR, KW_SCRIPT } from "../tables/keywords.ts";
import {
  G_JAVA_GADGET,
  G_JAVA_KW,
  G_JAVA_PKG,
  G_NODE,
  G_PHP_HIGHRISK,
  G_PYTHON,
  G_SHELL_PATH,
  NODE_STRONG,
} from "../tables/patterns.ts";
import { R } from "../tables/rules.ts";
import { scanPatternsIn } from "./aho.ts";
import { base64Value, M_EQ, M_MINUS, M_PLUS, M_SLASH } from "./chars.ts";
import { kwAtDecoded, kwLen } from "./kw.ts";
import { B, D, emit, HIT_PAT, st } from "./mem.ts";

function looksBase64(): boolean {
  const n = st.dLen;
  if (n < 12) return false;
  // Only these punctuation classes can appear in Base64; anything else rules it out without a scan.
  if ((st.mask & ~(M_SLASH | M_MINUS | M_EQ | M_PLUS)) !== 0) return false;
  let upper = 0;
  let lower = 0;
  let pad = 0;
  for (let i = 0; i < n; i++) {
    const b = D[i] as number;
    if (b === 0x3d) {
      pad++;
      continue;
    }
    if (pad > 0) return false;
    const v = base64Value(b);
    if (v < 0) return false;
    if (v < 26) upper++;
    else if (v < 52) lower++;
  }
  return upper > 0 && lower > 0 && pad <= 2;
}

/** Decodes D's Base64 bit stream from bit `offset` into B; returns the byte count. */
function decodeAt(offset: number): number {
  const n = st.dLen;
  let acc = 0;
  let bits = -offset;
  let out = 0;
  for (let i = 0; i < n; i++) {
    const v = base64Value(D[i] as number);
    if (v < 0) break;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      B[out++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** Keyword k at B[i..len) and then the byte c. */
function followedBy(i: number, len: number, k: number, c: number): boolean {
  const e = i + kwLen(k);
  return e < len && B[e] === c && kwAtDecoded(i, len, k);
}

/** Markup that runs script in the decoded bytes: `<script`, `javascript:`, `onerror=`. */
function scriptMarkup(len: number): boolean {
  for (let i = 0; i + 7 <= len; i++) {
    if (B[i] === 0x3c && kwAtDecoded(i + 1, len, KW_SCRIPT)) return true;
    if (followedBy(i, len, KW_JAVASCRIPT, 0x3a) || followedBy(i, len, KW_ONERROR, 0x3d)) return true;
  }
  return false;
}

/** A PHP serialized object in the decoded bytes: `O:31:"Class"` or `C:5:"Class"` (a POP chain's start). */
function phpObject(len: number): boolean {
  for (let i = 0; i + 4 < len; i++) {
    const b = B[i] as number;
    if ((b !== 0x4f && b !== 0x43) || B[i + 1] !== 0x3a || (i > 0 && isWordByte(B[i - 1] as number))) continue;
    let k = i + 2;
    while (k < len && k - i < 8 && (B[k] as number) >= 0x30 && (B[k] as number) <= 0x39) k++;
    if (k > i + 2 && k + 1 < len && B[k] === 0x3a && B[k + 1] === 0x22) return true;
  }
  return false;
}

function isWordByte(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f;
}

export function detectBase64(): void {
  if (!looksBase64()) return;
  for (let offset = 0; offset <= 4; offset += 2) {
    const len = decodeAt(offset);
    if (len < 4) continue;
    if (scriptMarkup(len)) emit(R.B64_CODE as number);
    if (phpObject(len)) emit(R.PHP_SERIALIZED as number);
    scanPatternsIn(B, len);
    for (let h = 0; h < st.hits; h++) {
      const p = HIT_PAT[h] as number;
      const g = PAT_GROUP[p] as number;
      if (g === G_JAVA_GADGET || g === G_JAVA_KW || g === G_JAVA_PKG) emit(R.JAVA_B64 as number);
      else if (
        (g === G_NODE && PAT_CODE[p] === NODE_STRONG) ||
        g === G_PHP_HIGHRISK ||
        g === G_PYTHON ||
        g === G_SHELL_PATH
      )
        emit(R.B64_CODE as number);
    }
  }
}
