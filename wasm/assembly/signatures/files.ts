// files detector: AssemblyScript port of core/signatures/ref/files.ts (see there for the
// rationale of every check); keep the two in step, the equality test holds them equal.
import {
  KW_ASSET_EXT,
  KW_ASSET_EXT_COUNT,
  KW_MEDIA_EXT,
  KW_MEDIA_EXT_COUNT,
  KW_SOURCE_EXT,
  KW_SOURCE_EXT_COUNT,
  EXT_PHP,
  EXT_STRONG,
  EXT_WEAK,
  KW_SAMPLE_SUFFIX,
  KW_SAMPLE_SUFFIX_COUNT,
  KW_STATIC_SEGMENT,
  KW_STATIC_SEGMENT_COUNT,
  FILE_OS,
  FILE_SECRET,
  FILE_UPLOAD_CONFIG,
  G_EXT,
  G_FILE,
  G_PROBE_PATH,
  K_FILENAME,
  K_PATH,
  R_CONFIG_UPLOAD,
  R_HIDDEN_PATH,
  R_JSP_UPLOAD,
  R_OS_FILE,
  R_PHP_UPLOAD,
  R_RESTRICTED_EXT,
  R_RESTRICTED_EXT_WEAK,
  R_RESTRICTED_FILE_PATH,
  R_SCANNER_PATH,
  R_SESSION_FILE,
  R_TRAVERSAL,
  R_TRAVERSAL_ENCODED,
  R_TRAVERSAL_WEAK,
  TAG_JSP_EXT,
  TAG_PHP_EXT,
  R_PHP_PATH_INFO,
} from "./tables";
import { M_DOT, isAlpha, isDigit, isSpace, isWord } from "./chars";
import { D, St, dAt, emit, hitPat, hitStart } from "./mem";
import { patByte, patCode, patGroup, patOff, wordTag } from "./tab";
import { lookupWord } from "./dict";
import { kwAt, kwLen } from "./kw";


function isSep(b: i32): bool {
  return b == 0x2f || b == 0x5c;
}

/** Counts dot-dot-separator sequences in buf[0..n); bit 30 set when one starts the value. */
function countTraversal(buf: usize, n: i32): i32 {
  let count = 0;
  let atStart = 0;
  let i = 0;
  while (i < n) {
    if ((<i32>load<u8>(buf + <usize>(i))) != 0x2e || i + 1 >= n || (<i32>load<u8>(buf + <usize>(i + 1))) != 0x2e) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && (<i32>load<u8>(buf + <usize>(j))) == 0x2e) j++;
    const dots = j - i;
    let sep = j < n && isSep((<i32>load<u8>(buf + <usize>(j))));
    if (!sep && j + 1 < n && (<i32>load<u8>(buf + <usize>(j))) == 0x3b && isSep((<i32>load<u8>(buf + <usize>(j + 1))))) sep = true;
    const prev = i > 0 ? ((<i32>load<u8>(buf + <usize>(i - 1)))) : 0x2f;
    const prevOk = !isWord(prev) && prev != 0x2e;
    if (sep && prevOk && (dots == 2 || dots >= 4 || isSep(prev))) {
      count++;
      if (i == 0 || (isSep(prev) && i == 1)) atStart = 1;
    }
    i = j;
  }
  return count | (atStart << 30);
}

function patternFirst(p: i32): i32 {
  return patByte(patOff(p));
}

function patternLen(p: i32): i32 {
  return patOff(p + 1) - patOff(p);
}

/** The script extension ending the name at `end` (trailing dots and spaces aside): PHP or JSP/ASP uploads. */
function checkExtensionBefore(end: i32): void {
  let e = end;
  while (e > 0 && (dAt(e - 1) == 0x2e || isSpace(dAt(e - 1)))) e--;
  // Extension: letters and digits after the last dot, spaces around the dot allowed ("shell. jsp").
  let s = e;
  while (s > 0 && (isAlpha(dAt(s - 1)) || isDigit(dAt(s - 1)))) s--;
  let d = s;
  while (d > 0 && isSpace(dAt(d - 1))) d--;
  if (d > 0 && dAt(d - 1) == 0x2e && s < e) {
    const w = lookupWord(D, s, e);
    if (w >= 0) {
      const tag = wordTag(w);
      if ((tag & TAG_PHP_EXT) != 0) emit(R_PHP_UPLOAD);
      if ((tag & TAG_JSP_EXT) != 0) emit(R_JSP_UPLOAD);
    }
  }
}

/** Upload file name checks on the basename, tolerant of trailing dots and spaces. */
function checkUploadName(): void {
  const n = St.dLen;
  checkExtensionBefore(n);
  // IIS reads a name only up to a `;` (`shell.asp;.jpg` runs as ASP).
  for (let k = 1; k < n; k++)
    if (dAt(k) == 0x3b) {
      checkExtensionBefore(k);
      break;
    }
  // PHP session file: sess_ followed by at least 20 id characters up to the end.
  let b = n;
  while (b > 0 && !isSep(dAt(b - 1))) b--;
  if (
    n - b >= 25 &&
    (dAt(b) | 0x20) == 0x73 &&
    (dAt(b + 1) | 0x20) == 0x65 &&
    (dAt(b + 2) | 0x20) == 0x73 &&
    (dAt(b + 3) | 0x20) == 0x73 &&
    dAt(b + 4) == 0x5f
  ) {
    let ok = true;
    for (let k = b + 5; k < n; k++) {
      const c = dAt(k);
      if (!(isAlpha(c) || isDigit(c) || c == 0x2c || c == 0x2d)) {
        ok = false;
        break;
      }
    }
    if (ok) emit(R_SESSION_FILE);
  }
}

/** A sample or documentation suffix at `i` ends the file name (`.env` + `.example`): a template, not the secret. */
function sampleSuffixAt(i: i32): bool {
  const n = St.dLen;
  for (let m = 0; m < KW_SAMPLE_SUFFIX_COUNT; m++) {
    if (!kwAt(i, KW_SAMPLE_SUFFIX + m)) continue;
    const e = i + kwLen(KW_SAMPLE_SUFFIX + m);
    if (e >= n || !isWord(dAt(e))) return true;
  }
  return false;
}

/** Traversal, sensitive files, restricted extensions and upload names. `raw` is the value before decoding. */
function mentionedInProse(start: i32): bool {
  if (start < 1 || dAt(start - 1) != 0x2f) return false;
  if (start == 1) {
    const n = St.dLen;
    let e = start;
    while (e < n && !isSpace(dAt(e))) e++;
    let after = 0;
    for (let i = e; i < n; i++) if (!isSpace(dAt(i)) && isSpace(dAt(i - 1))) after++;
    return after >= 4;
  }
  let k = start - 2;
  const q = dAt(k);
  if (q == 0x60 || q == 0x22 || q == 0x27) k--;
  if (k < 0 || !isSpace(dAt(k))) return false;
  let words = 0;
  for (let i = 0; i < k; i++) if (!isSpace(dAt(i)) && (i == 0 || isSpace(dAt(i - 1)))) words++;
  return words >= 4;
}

function staticSegmentBefore(end: i32): bool {
  for (let k = 0; k < end; k++) {
    if (dAt(k) != 0x2e) continue;
    for (let m = 0; m < KW_STATIC_SEGMENT_COUNT; m++) if (kwAt(k, KW_STATIC_SEGMENT + m)) return true;
  }
  return false;
}

/** A path ending in one of `count` extensions at keyword `first` (mirrors the reference's pathEndsIn). */
function pathEndsIn(first: i32, count: i32): bool {
  let e = St.dLen;
  while (e > 0 && isSpace(dAt(e - 1))) e--;
  for (let i = 0; i < e; i++) {
    const b = dAt(i);
    if (isSpace(b) || b == 0x3f || b == 0x23 || b == 0x3b || b == 0) return false;
  }
  for (let m = 0; m < count; m++) {
    const len = kwLen(first + m);
    if (e - len > 0 && kwAt(e - len, first + m)) return true;
  }
  return false;
}

export function detectFiles(kind: i32, raw: usize, rawLen: i32): void {
  const n = St.dLen;
  const dots = (St.mask & M_DOT) != 0;
  const t = dots ? countTraversal(D, n) : 0;
  const count = t & 0x3fffffff;
  let osFile = false;
  for (let h = 0; h < St.hits; h++) {
    const p = hitPat(h);
    const g = patGroup(p);
    const start = hitStart(h);
    const end = start + patternLen(p);
    const prev = start > 0 ? dAt(start - 1) : 0x2f;
    if (g == G_FILE) {
      const code = patCode(p);
      const first = patternFirst(p);
      if (code == FILE_OS) {
        if (isWord(first) && start > 0 && isWord(prev)) continue;
        if (kind != K_PATH && count == 0 && mentionedInProse(start)) continue;
        if (kind == K_PATH) emit(R_RESTRICTED_FILE_PATH);
        else emit(R_OS_FILE);
        osFile = true;
      } else if (code == FILE_SECRET) {
        const pathContext = first == 0x2e ? start == 0 || isSep(prev) || prev == 0x7e : !isWord(prev);
        if (!pathContext || sampleSuffixAt(end)) continue;
        if (kind == K_PATH) emit(R_RESTRICTED_FILE_PATH);
        else if (kind == K_FILENAME) emit(R_CONFIG_UPLOAD);
        else emit(R_OS_FILE);
        osFile = true;
      } else if (code == FILE_UPLOAD_CONFIG && kind == K_FILENAME) {
        let e = end;
        while (e < n && (isSpace(dAt(e)) || dAt(e) == 0x2e)) e++;
        if (e == n && (start == 0 || isSep(prev))) emit(R_CONFIG_UPLOAD);
      }
    } else if (g == G_EXT && kind == K_PATH) {
      const code = patCode(p);
      if (end != n || start == 0 || isSep(prev)) continue;
      if (code == EXT_STRONG) emit(R_RESTRICTED_EXT);
      else if (code == EXT_WEAK) emit(R_RESTRICTED_EXT_WEAK);
      else if (code == EXT_PHP && staticSegmentBefore(start)) emit(R_PHP_PATH_INFO);
    } else if (g == G_PROBE_PATH && kind == K_PATH) emit(R_SCANNER_PATH);
  }
  if (count > 0) {
    const rawCount = countTraversal(raw, rawLen) & 0x3fffffff;
    if (rawCount < count) emit(R_TRAVERSAL_ENCODED);
    // Two ../ in the middle of text are a relative link ("see ../../issues"); three, a leading one, or a target file are not.
    const leading = (t & (1 << 30)) != 0 && !pathEndsIn(KW_ASSET_EXT, KW_ASSET_EXT_COUNT) && !pathEndsIn(KW_MEDIA_EXT, KW_MEDIA_EXT_COUNT);
    // An absolute path that climbs back over its own prefix (see the reference).
    const overPrefix = dAt(0) == 0x2f && n > 1 && dAt(1) != 0x2f;
    if (kind == K_PATH || count >= 3 || leading || overPrefix || osFile || pathEndsIn(KW_SOURCE_EXT, KW_SOURCE_EXT_COUNT))
      emit(R_TRAVERSAL);
    else emit(R_TRAVERSAL_WEAK);
  }
  if (kind == K_PATH && dots) {
    // Hidden segment (/.name), except the registered /.well-known/ prefix.
    for (let i = 0; i + 1 < n; i++) {
      if (dAt(i) == 0x2f && dAt(i + 1) == 0x2e && i + 2 < n && isWord(dAt(i + 2))) {
        const wk = i + 12 <= n && dAt(i + 2) == 0x77 && dAt(i + 6) == 0x2d && dAt(i + 11) == 0x6e;
        if (!wk) {
          emit(R_HIDDEN_PATH);
          break;
        }
      }
    }
  }
  if (kind == K_FILENAME) checkUploadName();
}

