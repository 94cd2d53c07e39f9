/**
 * @module core/signatures/ref/files
 * Path traversal (`../` and `..\` in any encoding, counted on the decoded
 * value and compared with the raw one to see encoding used as evasion),
 * sensitive operating-system and secret files named in a value or requested
 * in the path, backup/secret extensions at the end of the path, hidden
 * directories, and dangerous upload file names (PHP or JSP scripts, server
 * configuration files, PHP session files). Mirrors
 * wasm/assembly/signatures/files.ts.
 */

import { PAT_BYTES, PAT_CODE, PAT_GROUP, PAT_OFF, WORD_TAG } from "../tables/flat.ts";
import {
  KW_ASSET_EXT,
  KW_ASSET_EXT_COUNT,
  KW_MEDIA_EXT,
  KW_MEDIA_EXT_COUNT,
  KW_SAMPLE_SUFFIX,
  KW_SAMPLE_SUFFIX_COUNT,
  KW_SOURCE_EXT,
  KW_SOURCE_EXT_COUNT,
  KW_STATIC_SEGMENT,
  KW_STATIC_SEGMENT_COUNT,
} from "../tables/keywords.ts";
import { K_FILENAME, K_PATH } from "../tables/kinds.ts";
import {
  EXT_PHP,
  EXT_STRONG,
  EXT_WEAK,
  FILE_OS,
  FILE_SECRET,
  FILE_UPLOAD_CONFIG,
  G_EXT,
  G_FILE,
  G_PROBE_PATH,
} from "../tables/patterns.ts";
import { R } from "../tables/rules.ts";
import { TAG_JSP_EXT, TAG_PHP_EXT } from "../tables/words.ts";
import { isAlpha, isDigit, isSpace, isWord, M_DOT } from "./chars.ts";
import { lookupWord } from "./dict.ts";
import { kwAt, kwLen } from "./kw.ts";
import { D, emit, HIT_PAT, HIT_START, st } from "./mem.ts";

function isSep(b: number): boolean {
  return b === 0x2f || b === 0x5c;
}

/** Counts dot-dot-separator sequences in buf[0..n); bit 30 set when one starts the value. */
function countTraversal(buf: Uint8Array, n: number): number {
  let count = 0;
  let atStart = 0;
  let i = 0;
  while (i < n) {
    if (buf[i] !== 0x2e || i + 1 >= n || buf[i + 1] !== 0x2e) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && buf[j] === 0x2e) j++;
    const dots = j - i;
    let sep = j < n && isSep(buf[j] as number);
    if (!sep && j + 1 < n && buf[j] === 0x3b && isSep(buf[j + 1] as number)) sep = true;
    const prev = i > 0 ? (buf[i - 1] as number) : 0x2f;
    const prevOk = !isWord(prev) && prev !== 0x2e;
    if (sep && prevOk && (dots === 2 || dots >= 4 || isSep(prev))) {
      count++;
      if (i === 0 || (isSep(prev) && i === 1)) atStart = 1;
    }
    i = j;
  }
  return count | (atStart << 30);
}

function patternFirst(p: number): number {
  return PAT_BYTES[PAT_OFF[p] as number] as number;
}

function patternLen(p: number): number {
  return (PAT_OFF[p + 1] as number) - (PAT_OFF[p] as number);
}

/** The script extension ending the name at `end` (trailing dots and spaces aside): PHP or JSP/ASP uploads. */
function checkExtensionBefore(end: number): void {
  let e = end;
  while (e > 0 && (D[e - 1] === 0x2e || isSpace(D[e - 1] as number))) e--;
  // Extension: letters and digits after the last dot, spaces around the dot allowed ("shell. jsp").
  let s = e;
  while (s > 0 && (isAlpha(D[s - 1] as number) || isDigit(D[s - 1] as number))) s--;
  let d = s;
  while (d > 0 && isSpace(D[d - 1] as number)) d--;
  if (d > 0 && D[d - 1] === 0x2e && s < e) {
    const w = lookupWord(D, s, e);
    if (w >= 0) {
      const tag = WORD_TAG[w] as number;
      if ((tag & TAG_PHP_EXT) !== 0) emit(R.PHP_UPLOAD as number);
      if ((tag & TAG_JSP_EXT) !== 0) emit(R.JSP_UPLOAD as number);
    }
  }
}

/** Upload file name checks on the basename, tolerant of trailing dots and spaces. */
function checkUploadName(): void {
  const n = st.dLen;
  checkExtensionBefore(n);
  // IIS reads a name only up to a `;` (`shell.asp;.jpg` runs as ASP).
  for (let k = 1; k < n; k++)
    if (D[k] === 0x3b) {
      checkExtensionBefore(k);
      break;
    }
  // PHP session file: sess_ followed by at least 20 id characters up to the end.
  let b = n;
  while (b > 0 && !isSep(D[b - 1] as number)) b--;
  if (
    n - b >= 25 &&
    ((D[b] as number) | 0x20) === 0x73 &&
    ((D[b + 1] as number) | 0x20) === 0x65 &&
    ((D[b + 2] as number) | 0x20) === 0x73 &&
    ((D[b + 3] as number) | 0x20) === 0x73 &&
    D[b + 4] === 0x5f
  ) {
    let ok = true;
    for (let k = b + 5; k < n; k++) {
      const c = D[k] as number;
      if (!(isAlpha(c) || isDigit(c) || c === 0x2c || c === 0x2d)) {
        ok = false;
        break;
      }
    }
    if (ok) emit(R.SESSION_FILE as number);
  }
}

/**
 * The absolute path whose name starts at `start` (just after its '/') is mentioned in a sentence:
 * a blank (or a quote or backtick after one) before its '/', and four words or more before that
 * ("the hosts file lives at /etc/hosts"), or, opening the value, four words or more after it. A
 * payload names the file where the app puts a path: as the whole value, after `../` or a scheme,
 * or as a command's argument, which the shell reader judges on its own.
 */
function mentionedInProse(start: number): boolean {
  if (start < 1 || D[start - 1] !== 0x2f) return false;
  if (start === 1) {
    // Opening the value, the sentence follows it ("/var/log/app.log grew to 30GB; …").
    const n = st.dLen;
    let e = start;
    while (e < n && !isSpace(D[e] as number)) e++;
    let after = 0;
    for (let i = e; i < n; i++) if (!isSpace(D[i] as number) && isSpace(D[i - 1] as number)) after++;
    return after >= 4;
  }
  let k = start - 2;
  const q = D[k] as number;
  if (q === 0x60 || q === 0x22 || q === 0x27) k--;
  if (k < 0 || !isSpace(D[k] as number)) return false;
  let words = 0;
  for (let i = 0; i < k; i++) if (!isSpace(D[i] as number) && (i === 0 || isSpace(D[i - 1] as number))) words++;
  return words >= 4;
}

/** A static file's name ends a segment before `end` (`/uploads/avatar.jpg/x.php`). */
function staticSegmentBefore(end: number): boolean {
  for (let k = 0; k < end; k++) {
    if (D[k] !== 0x2e) continue;
    for (let m = 0; m < KW_STATIC_SEGMENT_COUNT; m++) if (kwAt(k, KW_STATIC_SEGMENT + m)) return true;
  }
  return false;
}

/** A sample or documentation suffix at `i` ends the file name (`.env` + `.example`): a template, not the secret. */
function sampleSuffixAt(i: number): boolean {
  const n = st.dLen;
  for (let m = 0; m < KW_SAMPLE_SUFFIX_COUNT; m++) {
    if (!kwAt(i, KW_SAMPLE_SUFFIX + m)) continue;
    const e = i + kwLen(KW_SAMPLE_SUFFIX + m);
    if (e >= n || !isWord(D[e] as number)) return true;
  }
  return false;
}

/**
 * The value is a path (no blank, `?`, `#`, `;` or NUL before its end, which would cut or extend the
 * name an application opens) ending in one of the `count` extensions at keyword `first`.
 */
function pathEndsIn(first: number, count: number): boolean {
  let e = st.dLen;
  while (e > 0 && isSpace(D[e - 1] as number)) e--;
  for (let i = 0; i < e; i++) {
    const b = D[i] as number;
    if (isSpace(b) || b === 0x3f || b === 0x23 || b === 0x3b || b === 0) return false;
  }
  for (let m = 0; m < count; m++) {
    const len = kwLen(first + m);
    if (e - len > 0 && kwAt(e - len, first + m)) return true;
  }
  return false;
}

/** Traversal, sensitive files, restricted extensions and upload names. `raw` is the value before decoding. */
export function detectFiles(kind: number, raw: Uint8Array, rawLen: number): void {
  const n = st.dLen;
  const dots = (st.mask & M_DOT) !== 0;
  const t = dots ? countTraversal(D, n) : 0;
  const count = t & 0x3fffffff;
  let osFile = false;
  for (let h = 0; h < st.hits; h++) {
    const p = HIT_PAT[h] as number;
    const g = PAT_GROUP[p] as number;
    const start = HIT_START[h] as number;
    const end = start + patternLen(p);
    const prev = start > 0 ? (D[start - 1] as number) : 0x2f;
    if (g === G_FILE) {
      const code = PAT_CODE[p] as number;
      const first = patternFirst(p);
      if (code === FILE_OS) {
        if (isWord(first) && start > 0 && isWord(prev)) continue;
        if (kind !== K_PATH && count === 0 && mentionedInProse(start)) continue;
        if (kind === K_PATH) emit(R.RESTRICTED_FILE_PATH as number);
        else emit(R.OS_FILE as number);
        osFile = true;
      } else if (code === FILE_SECRET) {
        const pathContext = first === 0x2e ? start === 0 || isSep(prev) || prev === 0x7e : !isWord(prev);
        if (!pathContext || sampleSuffixAt(end)) continue;
        if (kind === K_PATH) emit(R.RESTRICTED_FILE_PATH as number);
        else if (kind === K_FILENAME) emit(R.CONFIG_UPLOAD as number);
        else emit(R.OS_FILE as number);
        osFile = true;
      } else if (code === FILE_UPLOAD_CONFIG && kind === K_FILENAME) {
        let e = end;
        while (e < n && (isSpace(D[e] as number) || D[e] === 0x2e)) e++;
        if (e === n && (start === 0 || isSep(prev))) emit(R.CONFIG_UPLOAD as number);
      }
    } else if (g === G_EXT && kind === K_PATH) {
      const code = PAT_CODE[p] as number;
      if (end !== n || start === 0 || isSep(prev)) continue;
      if (code === EXT_STRONG) emit(R.RESTRICTED_EXT as number);
      else if (code === EXT_WEAK) emit(R.RESTRICTED_EXT_WEAK as number);
      else if (code === EXT_PHP && staticSegmentBefore(start)) emit(R.PHP_PATH_INFO as number);
    } else if (g === G_PROBE_PATH && kind === K_PATH) emit(R.SCANNER_PATH as number);
  }
  if (count > 0) {
    const rawCount = countTraversal(raw, rawLen) & 0x3fffffff;
    if (rawCount < count) emit(R.TRAVERSAL_ENCODED as number);
    // Two ../ in the middle of text are a relative link ("see ../../issues"); three, a leading one, or a target file are not.
    // A leading one, unless it links to a static asset (`../css/book.css` in an e-book's XHTML).
    const leading =
      (t & (1 << 30)) !== 0 &&
      !pathEndsIn(KW_ASSET_EXT, KW_ASSET_EXT_COUNT) &&
      !pathEndsIn(KW_MEDIA_EXT, KW_MEDIA_EXT_COUNT);
    // Inside a path that ends in code, configuration or a key (`_pictures/../../config/config_db.php`).
    // An absolute path that climbs back over its own prefix (`/Users/../Groups/admins` in a SCIM bulk
    // operation, `/api/public/../admin`): a prefix check passes it, the resolver serves another tree.
    const overPrefix = D[0] === 0x2f && n > 1 && D[1] !== 0x2f;
    if (
      kind === K_PATH ||
      count >= 3 ||
      leading ||
      overPrefix ||
      osFile ||
      pathEndsIn(KW_SOURCE_EXT, KW_SOURCE_EXT_COUNT)
    )
      emit(R.TRAVERSAL as number);
    else emit(R.TRAVERSAL_WEAK as number);
  }
  if (kind === K_PATH && dots) {
    // Hidden segment (/.name), except the registered /.well-known/ prefix.
    for (let i = 0; i + 1 < n; i++) {
      if (D[i] === 0x2f && D[i + 1] === 0x2e && i + 2 < n && isWord(D[i + 2] as number)) {
        const wk = i + 12 <= n && D[i + 2] === 0x77 && D[i + 6] === 0x2d && D[i + 11] === 0x6e;
        if (!wk) {
          emit(R.HIDDEN_PATH as number);
          break;
        }
      }
    }
  }
  if (kind === K_FILENAME) checkUploadName();
}
