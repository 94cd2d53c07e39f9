// b64 detector: AssemblyScript port of core/signatures/ref/b64.ts (see there for the
// rationale of every check); keep the two in step, the equality test holds them equal.
import {
  G_JAVA_GADGET,
  G_JAVA_KW,
  G_JAVA_PKG,
  G_NODE,
  G_PHP_HIGHRISK,
  G_PYTHON,
  G_SHELL_PATH,
  KW_JAVASCRIPT,
  KW_ONERROR,
  KW_SCRIPT,
  NODE_STRONG,
  R_B64_CODE,
  R_JAVA_B64,
  R_PHP_SERIALIZED,
} from "./tables";
import { M_EQ, M_MINUS, M_PLUS, M_SLASH } from "./chars";
import { B, D, St, bAt, bSet, dAt, emit, hitPat } from "./mem";
import { patCode, patGroup } from "./tab";
import { scanPatternsIn } from "./aho";
import { kwAtDecoded, kwLen } from "./kw";


function b64Value(b: i32): i32 {
  if (b >= 0x41 && b <= 0x5a) return b - 0x41;
  if (b >= 0x61 && b <= 0x7a) return b - 0x61 + 26;
  if (b >= 0x30 && b <= 0x39) return b - 0x30 + 52;
  if (b == 0x2b || b == 0x2d) return 62;
  if (b == 0x2f || b == 0x5f) return 63;
  return -1;
}

function looksBase64(): bool {
  const n = St.dLen;
  if (n < 12) return false;
  // Only these punctuation classes can appear in Base64; anything else rules it out without a scan.
  if ((St.mask & ~(M_SLASH | M_MINUS | M_EQ | M_PLUS)) != 0) return false;
  let upper = 0;
  let lower = 0;
  let pad = 0;
  for (let i = 0; i < n; i++) {
    const b = dAt(i);
    if (b == 0x3d) {
      pad++;
      continue;
    }
    if (pad > 0) return false;
    const v = b64Value(b);
    if (v < 0) return false;
    if (v < 26) upper++;
    else if (v < 52) lower++;
  }
  return upper > 0 && lower > 0 && pad <= 2;
}

/** Decodes D's Base64 bit stream from bit `offset` into B; returns the byte count. */
function decodeAt(offset: i32): i32 {
  const n = St.dLen;
  let acc = 0;
  let bits = -offset;
  let out = 0;
  for (let i = 0; i < n; i++) {
    const v = b64Value(dAt(i));
    if (v < 0) break;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bSet(out++, (acc >> bits) & 0xff);
    }
  }
  return out;
}

/** Keyword k at B[i..len) and then the byte c. */
function followedBy(i: i32, len: i32, k: i32, c: i32): bool {
  const e = i + kwLen(k);
  return e < len && bAt(e) == c && kwAtDecoded(i, len, k);
}

/** Markup that runs script in the decoded bytes: `<script`, `javascript:`, `onerror=`. */
function scriptMarkup(len: i32): bool {
  for (let i = 0; i + 7 <= len; i++) {
    if (bAt(i) == 0x3c && kwAtDecoded(i + 1, len, KW_SCRIPT)) return true;
    if (followedBy(i, len, KW_JAVASCRIPT, 0x3a) || followedBy(i, len, KW_ONERROR, 0x3d)) return true;
  }
  return false;
}

function isWordByte(b: i32): bool {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b == 0x5f;
}

function phpObject(len: i32): bool {
  for (let i = 0; i + 4 < len; i++) {
    const b = bAt(i);
    if ((b != 0x4f && b != 0x43) || bAt(i + 1) != 0x3a || (i > 0 && isWordByte(bAt(i - 1)))) continue;
    let k = i + 2;
    while (k < len && k - i < 8 && bAt(k) >= 0x30 && bAt(k) <= 0x39) k++;
    if (k > i + 2 && k + 1 < len && bAt(k) == 0x3a && bAt(k + 1) == 0x22) return true;
  }
  return false;
}

export function detectBase64(): void {
  if (!looksBase64()) return;
  for (let offset = 0; offset <= 4; offset += 2) {
    const len = decodeAt(offset);
    if (len < 4) continue;
    if (scriptMarkup(len)) emit(R_B64_CODE);
    if (phpObject(len)) emit(R_PHP_SERIALIZED);
    scanPatternsIn(B, len);
    for (let h = 0; h < St.hits; h++) {
      const p = hitPat(h);
      const g = patGroup(p);
      if (g == G_JAVA_GADGET || g == G_JAVA_KW || g == G_JAVA_PKG) emit(R_JAVA_B64);
      else if ((g == G_NODE && patCode(p) == NODE_STRONG) || g == G_PHP_HIGHRISK || g == G_PYTHON || g == G_SHELL_PATH)
        emit(R_B64_CODE);
    }
  }
}

