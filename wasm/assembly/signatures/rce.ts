// rce detector: AssemblyScript port of core/signatures/ref/rce.ts (see there for the
// rationale of every check); keep the two in step, the equality test holds them equal.
import {
  G_GIT_OPTION,
  G_POWERSHELL,
  G_SHELL_PATH,
  KW_ALIAS,
  KW_CMP_COUNT,
  KW_DEFINED,
  KW_DEMO_PROGRAM,
  KW_DEMO_PROGRAM_COUNT,
  KW_DO,
  KW_EQU,
  KW_ERRORLEVEL,
  KW_EXIST,
  KW_FOR,
  KW_IF,
  KW_IN,
  KW_LINK_HTTP,
  KW_LINK_MAILTO,
  KW_NOT,
  KW_MSEXCEL,
  KW_NET,
  KW_NET_SUB,
  KW_NET_SUB_COUNT,
  KW_PROSE,
  KW_PROSE_COUNT,
  KW_SLEEP,
  KW_ECHO,
  KW_EXEC_URI,
  KW_START,
  KW_THEN,
  KW_WIN_EXT,
  KW_WIN_EXT_COUNT,
  K_BODY_NAME,
  K_COOKIE_NAME,
  K_PATH,
  K_QUERY_NAME,
  K_USER_AGENT,
  K_BODY_RAW,
  MISC_SQLITE_DOT,
  R_DDE_FORMULA,
  R_GLOB_PATH,
  R_GIT_OPTION,
  R_POWERSHELL,
  R_SHELL_ALIAS,
  R_SHELL_EXPANSION,
  R_SHELL_FUNCTION,
  R_SHELL_OBFUSCATION,
  R_SHELL_PATH,
  R_SQLITE_DOT,
  R_UNIX_CMD,
  R_UNIX_CMD_ALONE,
  R_UNIX_CMD_START,
  R_WIN_BATCH,
  R_WIN_CMD,
  SH_AMBIGUOUS,
  SH_BATCH,
  SH_INTERPRETER,
  SH_PREFIX,
  SH_UNIX,
  SH_WINDOWS,
  SYSDIR_COUNT,
} from "./tables";
import { M_AMP, M_BSL, M_BT, M_COLON, M_DOLLAR, M_DQ, M_GT, M_LBRACE, M_LP, M_LT, M_NL, M_PCT, M_PIPE, M_SEMI, M_TILDE, fold, hexVal, isAlpha, isDigit, isHex, isWord } from "./chars";
import { D, St, dAt, emit, hitPat, hitStart } from "./mem";
import { patGroup, patOff, sysdirByte, sysdirOff, wordMisc, wordShell } from "./tab";
import { lookupWord } from "./dict";
import { kwAt, kwByte, kwLen } from "./kw";


const CTX_START = 0;
const CTX_SEP = 1;
const CTX_PIPE = 2;
const CTX_SUBST = 3;
const CTX_GROUP = 4;
const CTX_PREFIXED = 5;
/** Inside backticks: a substitution in shell, inline code in Markdown ("`init` returns…"). */
const CTX_BACKTICK = 6;

const WMAX = 64;
/** The word being read, de-obfuscated. */
const SW: usize = memory.data(64);
@inline function swAt(i: i32): i32 { return <i32>load<u8>(SW + <usize>i); }
@inline function swSet(i: i32, v: i32): void { store<u8>(SW + <usize>i, <u8>v); }
let swLen = 0;
/** Word flags from readWord. */
let wObf = false;
/** Quoted segments and unquoted bytes of the word: quotes wrapping a whole word are not obfuscation. */
let wQuotes = 0;
let wBare = 0;
/** The word had cmd.exe carets between letters. */
let wCaret = false;
let wGlob = false;
let wIfs = false;
/** The command word, copied out of SW before its arguments are read. */
const CW: usize = memory.data(64);
@inline function cwAt(i: i32): i32 { return <i32>load<u8>(CW + <usize>i); }
@inline function cwSet(i: i32, v: i32): void { store<u8>(CW + <usize>i, <u8>v); }
let cwLen = 0;

function put(b: i32): void {
  if (swLen < WMAX) swSet(swLen++, b);
}

function isBlank(b: i32): bool {
  return b == 0x20 || b == 0x09;
}

function isTerminator(b: i32): bool {
  return (
    b == 0x20 ||
    b == 0x09 ||
    b == 0x3b ||
    b == 0x7c ||
    b == 0x26 ||
    b == 0x60 ||
    b == 0x0a ||
    b == 0x0d ||
    b == 0x28 ||
    b == 0x29 ||
    b == 0x7b ||
    b == 0x7d ||
    b == 0x3c ||
    b == 0x3e
  );
}

/** Backslash-n and backslash-r written literally: payloads use them as line breaks. */
function literalNewline(i: i32): bool {
  const n = St.dLen;
  return dAt(i) == 0x5c && i + 1 < n && (dAt(i + 1) == 0x6e || dAt(i + 1) == 0x72);
}

/** `;`, `|` or `&`. */
function shellBreak(b: i32): bool {
  return b == 0x3b || b == 0x7c || b == 0x26;
}

function betweenLetters(k: i32): bool {
  return k > 0 && k + 1 < St.dLen && isAlpha(dAt(k - 1)) && isAlpha(dAt(k + 1));
}

/** The backtick at i stands between two letters, and so does the next one, if any, in another word. */
function apostropheBacktick(i: i32): bool {
  if (!betweenLetters(i)) return false;
  let blank = false;
  for (let k = i + 1; k < St.dLen; k++) {
    if (dAt(k) == 0x60) return blank && betweenLetters(k);
    if (isBlank(dAt(k))) blank = true;
  }
  return true;
}

/** Is the next thing after blanks at i a command separator? Mirrors the reference. */
function separatorAt(i: i32): bool {
  const j = skipBlanks(i);
  if (j >= St.dLen) return false;
  const c = dAt(j);
  if (c == 0x3b || c == 0x26 || c == 0x0a || c == 0x0d || literalNewline(j)) return true;
  return c == 0x7c && j + 1 < St.dLen && dAt(j + 1) == 0x7c;
}

/** Three or more bare words joined by single pipes (mirrors the reference's bareWordPipeList). */
function bareWordPipeList(): bool {
  const n = St.dLen;
  let items = 1;
  let len = 0;
  for (let k = 0; k < n; k++) {
    const b = dAt(k);
    if (b == 0x7c) {
      if (len == 0) return false;
      items++;
      len = 0;
    } else if (isWord(b) || b == 0x2d || b == 0x2e) len++;
    else return false;
  }
  return len > 0 && items >= 3;
}

/** The separator after blanks at i is followed by a plain word that no shell runs ("History & culture"). */
function separatorThenWord(i: i32): bool {
  const n = St.dLen;
  let j = skipBlanks(i);
  if (j >= n) return false;
  const c = dAt(j);
  if (c == 0x3b || c == 0x26 || c == 0x7c) {
    j++;
    if (j < n && dAt(j) == c) j++;
  } else if (c == 0x0a || c == 0x0d) {
    while (j < n && (dAt(j) == 0x0a || dAt(j) == 0x0d)) j++;
  } else if (literalNewline(j)) j += 2;
  else return false;
  j = skipBlanks(j);
  let e = j;
  while (e < n && (isAlpha(dAt(e)) || (e > j && isDigit(dAt(e))))) e++;
  if (e - j < 2) return false;
  if (e < n) {
    const b = dAt(e);
    if (!isBlank(b) && b != 0x2c && b != 0x2e && b != 0x21 && b != 0x3f && b != 0x29 && b != 0x3a) return false;
  }
  const w = lookupWord(D, j, e);
  return w < 0 || (wordShell(w) & (SH_UNIX | SH_WINDOWS)) == 0;
}

/** Reads one shell word at i into SW; returns the index after it. `comma` ends the word at ',' too. */
/** See the reference: a `$'…'` word part, octal and hex escapes decoded. */
function ansiQuoted(i: i32): i32 {
  const n = St.dLen;
  wQuotes++;
  wObf = true;
  while (i < n && dAt(i) != 0x27) {
    const b = dAt(i);
    if (b != 0x5c || i + 1 >= n) {
      put(b);
      i++;
      continue;
    }
    const e = dAt(i + 1);
    let j = i + 2;
    let v = 0;
    if (e == 0x78 && j < n && isHex(dAt(j))) {
      while (j < n && j < i + 4 && isHex(dAt(j))) v = v * 16 + hexVal(dAt(j++));
    } else if (e >= 0x30 && e <= 0x37) {
      v = e - 0x30;
      while (j < n && j < i + 4 && dAt(j) >= 0x30 && dAt(j) <= 0x37) v = v * 8 + (dAt(j++) - 0x30);
    } else v = e;
    put(v & 0xff);
    i = j;
  }
  return i + 1;
}

function readWord(i: i32, comma: bool): i32 {
  const n = St.dLen;
  swLen = 0;
  wObf = false;
  wGlob = false;
  wIfs = false;
  wQuotes = 0;
  wBare = 0;
  wCaret = false;
  while (i < n) {
    const b = dAt(i);
    if (isTerminator(b) || (comma && b == 0x2c)) {
      // Empty process substitution inside a word (pi>()ng) is an obfuscation, not a break.
      if ((b == 0x3c || b == 0x3e) && i + 2 < n && dAt(i + 1) == 0x28 && dAt(i + 2) == 0x29 && swLen > 0) {
        wObf = true;
        i += 3;
        continue;
      }
      break;
    }
    if (literalNewline(i)) break;
    if (b == 0x27 || b == 0x22) {
      wQuotes++;
      let j = i + 1;
      while (j < n && dAt(j) != b) {
        put(dAt(j));
        j++;
      }
      i = j + 1;
      continue;
    }
    if (b == 0x5c) {
      wObf = true;
      if (i + 1 < n && dAt(i + 1) == 0x0a) i += 2;
      else if (i + 2 < n && dAt(i + 1) == 0x0d && dAt(i + 2) == 0x0a) i += 3;
      else {
        if (i + 1 < n) put(dAt(i + 1));
        i += 2;
      }
      continue;
    }
    if (b == 0x24 && i + 1 < n) {
      const c = dAt(i + 1);
      // Bash's ANSI-C quoting (`$'\143\165rl'`, `$'\x73h'`): the escapes are the word's letters.
      if (c == 0x27) {
        i = ansiQuoted(i + 2);
        continue;
      }
      if (c == 0x40 || c == 0x2a || c == 0x23 || c == 0x3f || c == 0x21 || c == 0x2d || c == 0x24 || isDigit(c)) {
        wObf = true;
        i += 2;
        continue;
      }
      if (c == 0x7b) {
        let j = i + 2;
        while (j < n && j - i < 40 && dAt(j) != 0x7d) j++;
        if (j >= n || dAt(j) != 0x7d) {
          put(b);
          i++;
          continue;
        }
        if (j - i - 2 >= 3 && fold(dAt(i + 2)) == 0x69 && fold(dAt(i + 3)) == 0x66 && fold(dAt(i + 4)) == 0x73) {
          wIfs = true;
          return j + 1;
        }
        wObf = true;
        i = j + 1;
        continue;
      }
      if (c == 0x28) {
        if (i + 2 < n && dAt(i + 2) == 0x29) {
          wObf = true;
          i += 3;
          continue;
        }
        break;
      }
      if (isAlpha(c) || c == 0x5f) {
        let j = i + 1;
        while (j < n && (isWord(dAt(j)))) j++;
        if (j - i - 1 == 3 && fold(c) == 0x69 && fold(dAt(i + 2)) == 0x66 && fold(dAt(i + 3)) == 0x73) {
          wIfs = true;
          return j;
        }
        wObf = true;
        i = j;
        continue;
      }
      put(b);
      i++;
      continue;
    }
    if (b == 0x5b) {
      if (i + 2 < n && dAt(i + 2) == 0x5d && dAt(i + 1) != 0x5d) {
        wObf = true;
        put(dAt(i + 1));
        i += 3;
        continue;
      }
      wGlob = true;
    }
    // cmd.exe's escape between two letters (`c^m^d`, `who^ami`): dropped, as cmd drops it.
    if (b == 0x5e && i + 1 < n && isAlpha(dAt(i + 1)) && (swLen == 0 ? i + 2 < n && dAt(i + 2) == 0x5e : isAlpha(swAt(swLen - 1)))) {
      wCaret = true;
      i++;
      continue;
    }
    if (b == 0x2a || b == 0x3f) wGlob = true;
    put(b);
    wBare++;
    i++;
  }
  if (wQuotes > 1 || (wQuotes == 1 && wBare > 0)) wObf = true;
  // A caret in a word of three letters or more (not `e^x` in a formula) is an escape.
  if (wCaret && swLen >= 3) wObf = true;
  return i;
}

function skipBlanks(i: i32): i32 {
  const n = St.dLen;
  while (i < n && isBlank(dAt(i))) i++;
  return i;
}

/**
 * The command word in SW is a file under a system directory named with `?`
 * wildcards (`/???/c?t`, `/b?n/w?oami`): a directory and a name, a `?`
 * (not only `[…]`: `/home/[draft]/plan.md`), no `*` (`/**` opens a comment
 * in code).
 */
function globCommandPath(): bool {
  let slashes = 0;
  let wild = false;
  for (let k = 0; k < swLen; k++) {
    const c = swAt(k);
    if (c == 0x2a) return false;
    if (c == 0x2f) slashes++;
    else if (c == 0x3f) wild = true;
  }
  return wild && slashes >= 2 && swAt(swLen - 1) != 0x2f && globSystemPath();
}

/** Does SW[s..e) match system directory `dir` (SYSDIR table), wildcards allowed (`/e??/`, `/ET*`)? */
function globMatch(s: i32, e: i32, dir: i32, di: i32): bool {
  const base = sysdirOff(dir);
  const len = sysdirOff(dir + 1) - base;
  let i = s;
  let d = di;
  while (i < e) {
    const c = fold(swAt(i));
    if (c == 0x2a) {
      for (let k = d; k <= len; k++) if (globMatch(i + 1, e, dir, k)) return true;
      return false;
    }
    if (d >= len) return false;
    if (c == 0x5b) {
      let j = i + 1;
      while (j < e && swAt(j) != 0x5d) j++;
      i = j + 1;
      d++;
      continue;
    }
    if (c != 0x3f && c != sysdirByte(base + d)) return false;
    i++;
    d++;
  }
  return d == len;
}

function globSystemPath(): bool {
  if (swLen < 3 || swAt(0) != 0x2f || !wGlob) return false;
  let e = 1;
  while (e < swLen && swAt(e) != 0x2f) e++;
  for (let k = 0; k < SYSDIR_COUNT; k++) if (globMatch(1, e, k, 0)) return true;
  return false;
}

/**
 * Classifies the word in SW as an argument: 3 shell-specific (option, path, drive path: strong even
 * for a command that is also an English word), 2 strong for a real command (URL, IP, file name,
 * quoted or obfuscated word), 1 plain word, 0 nothing.
 */
function argStrength(): i32 {
  if (swLen == 0) return 0;
  const c0 = swAt(0);
  const c1 = swLen > 1 ? swAt(1) : 0;
  // A quoted word is data in most languages: strong for a real command, not shell-specific.
  if (wQuotes > 0 && !wObf) return 2;
  // An option (`-e`, `--help`); a lone `--` or `---` is a dash in prose.
  if (c0 == 0x2d && swLen >= 2 && (isAlpha(c1) || (c1 == 0x2d && swLen > 2 && isAlpha(swAt(2))))) return 3;
  if (c0 == 0x2f && swLen >= 2) return c1 == 0x5e || c1 == 0x28 || c1 == 0x5c || (c1 == 0x2f && swLen == 2) ? 1 : 3;
  if (c0 == 0x2e && (c1 == 0x2f || (c1 == 0x2e && swLen > 2 && swAt(2) == 0x2f))) return 3;
  if (c0 == 0x7e && (swLen == 1 || c1 == 0x2f)) return 3;
  if (isAlpha(c0) && c1 == 0x3a && swLen > 2 && (swAt(2) == 0x5c || swAt(2) == 0x2f)) return 3;
  let dots = 0;
  let digits = 0;
  let lastDot = -1;
  for (let k = 0; k < swLen; k++) {
    const b = swAt(k);
    if (b == 0x3a && k + 2 < swLen && swAt(k + 1) == 0x2f && swAt(k + 2) == 0x2f) return 2;
    if (b == 0x2e) {
      dots++;
      lastDot = k;
    } else if (isDigit(b)) digits++;
  }
  if (dots == 3 && digits + dots == swLen) return 2;
  // dir/file.ext or a/b/c: a relative path (one slash alone is "S/N", "km/h", "and/or").
  let slashes = 0;
  let dotAfterSlash = false;
  for (let k = 1; k < swLen; k++) {
    if (swAt(k) == 0x2f) slashes++;
    else if (swAt(k) == 0x2e && slashes > 0) dotAfterSlash = true;
  }
  // Numbers only (`4.1/4.2`, `14/05/2024`): a fraction, a pair or a date, not a file.
  if ((slashes >= 2 || (slashes == 1 && dotAfterSlash)) && digits + dots + slashes != swLen) return 3;
  // v20.10.0, 1.2.3: a version, not a file name with an extension.
  const version = digits + dots == swLen || (digits + dots + 1 == swLen && (swAt(0) | 0x20) == 0x76);
  if (!version && lastDot > 0 && swLen - lastDot - 1 >= 1 && swLen - lastDot - 1 <= 4) {
    let ok = true;
    for (let k = lastDot + 1; k < swLen; k++) if (!isWord(swAt(k))) ok = false;
    if (ok) return 2;
  }
  if (wObf && swLen > 0) return 2;
  return 1;
}

/**
 * The argument D[s..e) as written is Windows shell syntax, which the Unix
 * reading of backslashes hides: a drive path, a UNC path or an environment
 * variable (`%TEMP%`).
 */
function windowsArgument(s: i32, e: i32): bool {
  if (e - s >= 3 && isAlpha(dAt(s)) && dAt(s + 1) == 0x3a && (dAt(s + 2) == 0x5c || dAt(s + 2) == 0x2f)) return true;
  if (e - s >= 3 && dAt(s) == 0x5c && dAt(s + 1) == 0x5c && isWord(dAt(s + 2))) return true;
  if (dAt(s) == 0x25 && e - s >= 3) {
    let k = s + 1;
    while (k < e && (isWord(dAt(k)) || dAt(k) == 0x28 || dAt(k) == 0x29)) k++;
    return k > s + 1 && k < e && dAt(k) == 0x25;
  }
  return false;
}

let argCount = 0;
/** Some argument is strong for a real command (URL, file, quoted…). */
let argStrong = false;
/** Some argument is shell-specific (option, path) or a redirection follows. */
let argShell = false;
/** A pipe follows the command. */
let argPipe = false;
let argPipeAt: i32 = 0;
let argAssign = false;
let braceAt: i32 = -1;
/** The command word was written in quotes (`| "start"` continues a TypeScript union type). */
let cwQuoted = false;
/** The first argument names a program (`start calc`, `start cmd`, `start x.exe`); read for `start` only. */
let argProgram = false;
/** The first argument is an English function word: prose, not a command line. */
let argProse = false;
let argCall = false;
/** The last separator is one cmd.exe reads too (`&`, `&&`, `||`, a line break), not `;`. */
let sepWin = false;
/** What precedes the last separator or pipe (`leadToken`); 2 for a pipe makes its next word a command (`| id`). */
let sepLead = 0;
let scanStart: i32 = 0;
let btData = false;
let parenDepth: i32 = 0;

/**
 * What precedes the separator at i: 2 when it opens the value or follows one
 * token of data with a digit or a dot; 1 after one such token without
 * (unless the separator is spaced as in text); 0 after words or punctuation.
 */
function leadToken(i: i32): i32 {
  let k = i - 1;
  while (k >= scanStart && isBlank(dAt(k))) k--;
  if (k < scanStart) return 2;
  let dataLike = false;
  while (k >= scanStart && !isBlank(dAt(k))) {
    const c = dAt(k);
    if (isDigit(c) || c == 0x2e) dataLike = true;
    else if (!(isWord(c) || c == 0x2d || c == 0x3a)) return 0;
    k--;
  }
  while (k >= scanStart && isBlank(dAt(k))) k--;
  if (k >= scanStart) return 0;
  return dataLike ? 2 : textSeparator(i) ? 0 : 1;
}

/** The separator at i is spaced as in text: `;` before a blank, or a lone `&` with blanks around it. */
function textSeparator(i: i32): bool {
  const n = St.dLen;
  const c = dAt(i);
  const after = i + 1 < n && isBlank(dAt(i + 1));
  if (c == 0x3b) return after;
  return c == 0x26 && after && i > 0 && isBlank(dAt(i - 1));
}

/** See the reference: after i, the subshell's close and its output redirected. */
function subshellRedirected(i: i32): bool {
  const n = St.dLen;
  let k = skipBlanks(i);
  if (k >= n || dAt(k) != 0x29 || parenDepth == 0) return false;
  k = skipBlanks(k + 1);
  return k < n && dAt(k) == 0x3e;
}

/** Nothing but blanks, a separator or a comment after i: the command ends the value. */
function endsValue(i: i32): bool {
  const n = St.dLen;
  let k = skipBlanks(i);
  if (k < n && dAt(k) == 0x29 && parenDepth > 0) k = skipBlanks(k + 1);
  if (k < n && (dAt(k) == 0x3b || dAt(k) == 0x26 || dAt(k) == 0x7c || dAt(k) == 0x0a || dAt(k) == 0x0d)) k = skipBlanks(k + 1);
  return k >= n || dAt(k) == 0x23;
}

/** A separator and a bare shell comment end the value after i (mirrors the reference's separatorThenComment). */
function separatorThenComment(i: i32): bool {
  const n = St.dLen;
  let k = skipBlanks(i);
  if (k >= n || !(dAt(k) == 0x3b || dAt(k) == 0x26 || dAt(k) == 0x7c)) return false;
  k++;
  if (k < n && (dAt(k) == 0x26 || dAt(k) == 0x7c)) k++;
  k = skipBlanks(k);
  if (k >= n || dAt(k) != 0x23) return false;
  k = skipBlanks(k + 1);
  return k >= n;
}

/** Looks at up to four arguments after a command ending at i (same simple command). */
/** Where Slack's mention syntax at i ends (mirrors the reference's chatMention); i when none. */
function chatMention(i: i32): i32 {
  const n = St.dLen;
  const s = dAt(i + 1);
  if (i + 2 >= n || (s != 0x40 && s != 0x23 && s != 0x21)) return i;
  let k = i + 2;
  while (k < n && k - i < 96 && dAt(k) != 0x3e && !isBlank(dAt(k)) && dAt(k) != 0x3c) k++;
  return k > i + 2 && k < n && dAt(k) == 0x3e ? k + 1 : i;
}

function placeholderAt(i: i32): i32 {
  const n = St.dLen;
  let k = i + 1;
  const closing = k < n && dAt(k) == 0x2f;
  if (closing) k++;
  while (k < n && k - i < 40 && (isWord(dAt(k)) || dAt(k) == 0x2d)) k++;
  if (k == i + (closing ? 2 : 1) || k >= n || dAt(k) != 0x3e) return i;
  const e = k + 1;
  if (e >= n || closing) return e;
  let p = i;
  while (p > 0 && isBlank(dAt(p - 1))) p--;
  if (p > 0 && dAt(p - 1) == 0x3e) return e;
  const b = dAt(e);
  return b == 0x0a || b == 0x0d || b == 0x2c || b == 0x2e || b == 0x3c || literalNewline(e) ? e : i;
}

function typeArguments(i: i32): i32 {
  const n = St.dLen;
  if (i == 0 || i + 1 >= n) return i;
  const p = dAt(i - 1);
  if (!(isWord(p) || p == 0x2e)) return i;
  if (!isAlpha(dAt(i + 1))) return i;
  let depth = 0;
  for (let j = i; j < n && j - i < 96; j++) {
    const b = dAt(j);
    if (b == 0x3c) depth++;
    else if (b == 0x3e) {
      depth--;
      if (depth == 0) return j + 1;
    } else if (!(isWord(b) || b == 0x20 || b == 0x2c || b == 0x3d || b == 0x7c || b == 0x3f || b == 0x3a || b == 0x5b || b == 0x5d))
      return i;
  }
  return i;
}

function commentEnd(i: i32): i32 {
  const n = St.dLen;
  for (let k = i; k + 1 < n; k++) if (dAt(k) == 0x2a && dAt(k + 1) == 0x2f) return k + 2;
  return 0;
}

function comparisonAt(i: i32): i32 {
  const n = St.dLen;
  const c = i + 1 < n ? dAt(i + 1) : 0;
  if (c == 0x3d) return i + 2;
  if (i > 0 && dAt(i - 1) == 0x3d && dAt(i) == 0x3e) return i + 1;
  if (dAt(i) == 0x3e && c == 0x3e && i + 2 < n && dAt(i + 2) == 0x3e) return i + 3;
  return 0;
}

function heartAt(i: i32): i32 {
  const n = St.dLen;
  let k = i + 1;
  while (k < n && k - i <= 2 && isDigit(dAt(k))) k++;
  return k > i + 1 && (k >= n || !isWord(dAt(k))) ? k : i;
}

/**
 * At i (`>`), "more than" an amount in text (`>$500?`, `> 50%`, `>5`) rather than a redirect into a file
 * named by digits: its end, or i. An attacker's redirect writes a path or a script (`>/tmp/x`,
 * `>x.php`, `>&2`), never a bare number.
 */
function amountAt(i: i32): i32 {
  const n = St.dLen;
  let k = i + 1;
  while (k < n && k - i <= 2 && dAt(k) == 0x20) k++;
  if (k < n && dAt(k) == 0x24) k++;
  const digits = k;
  while (k < n && k - digits < 9 && isDigit(dAt(k))) k++;
  if (k == digits) return i;
  if (k + 1 < n && (dAt(k) == 0x2e || dAt(k) == 0x2c) && isDigit(dAt(k + 1))) {
    k++;
    while (k < n && isDigit(dAt(k))) k++;
  }
  if (k < n && (dAt(k) == 0x25 || dAt(k) == 0x2b)) k++;
  return k >= n || !(isWord(dAt(k)) || dAt(k) == 0x2e || dAt(k) == 0x2f) ? k : i;
}

/** At i (`>`), an emoticon (mirrors the reference's emoticonAt): its end, or i. */
function emoticonAt(i: i32): i32 {
  const n = St.dLen;
  let k = i + 1;
  if (k >= n || (dAt(k) != 0x3a && dAt(k) != 0x3b && dAt(k) != 0x3d)) return i;
  k++;
  if (k < n && dAt(k) == 0x2d) k++;
  if (k >= n) return i;
  const m = dAt(k);
  const mouth = m == 0x7c || m == 0x28 || m == 0x29 || m == 0x44 || m == 0x50 || m == 0x4f || m == 0x5b || m == 0x5d;
  if (!mouth) return i;
  k++;
  return k >= n || isBlank(dAt(k)) ? k : i;
}

/** Is `>` at k glued between a word character and a letter (mirrors the reference)? */
function gluedAngle(k: i32): bool {
  return k > 0 && k + 1 < St.dLen && dAt(k) == 0x3e && isWord(dAt(k - 1)) && isAlpha(dAt(k + 1));
}

/** At i (`>`), a breadcrumb's separator (mirrors the reference's breadcrumbAt): its end, or i. */
function breadcrumbAt(i: i32): i32 {
  if (!gluedAngle(i) || (St.mask & (M_SEMI | M_PIPE | M_AMP | M_BT | M_NL | M_DOLLAR)) != 0) return i;
  let count = 0;
  for (let k = 1; k + 1 < St.dLen && count < 2; k++) if (gluedAngle(k)) count++;
  return count >= 2 ? i + 1 : i;
}

function lookArgs(i: i32): void {
  const n = St.dLen;
  argCount = 0;
  argStrong = false;
  argShell = false;
  argPipe = false;
  argAssign = false;
  argProgram = false;
  argProse = false;
  argCall = false;
  const start = cwIs(KW_START);
  let j = i;
  for (let a = 0; a < 4; a++) {
    j = skipBlanks(j);
    if (j >= n) return;
    const b = dAt(j);
    if (b == 0x7c && j + 1 < n && dAt(j + 1) == 0x7c) return;
    if (b == 0x7c) {
      argPipe = true;
      argPipeAt = j;
      return;
    }
    if (b == 0x2f && j + 1 < n && dAt(j + 1) == 0x2a) {
      const e = commentEnd(j + 2);
      if (e > 0) {
        j = e;
        continue;
      }
    }
    if (b == 0x3c || b == 0x3e) {
      let past = b == 0x3c ? typeArguments(j) : j;
      if (past == j && b == 0x3c) past = placeholderAt(j);
      if (past == j) {
        const c = comparisonAt(j);
        if (c > 0) past = c;
      }
      if (past == j && b == 0x3c) past = heartAt(j);
      if (past == j && b == 0x3c) past = chatMention(j);
      if (past == j && b == 0x3e) past = amountAt(j);
      if (past == j && b == 0x3e) past = emoticonAt(j);
      if (past == j && b == 0x3e) past = breadcrumbAt(j);
      if (past > j) {
        j = past;
        continue;
      }
      argStrong = true;
      argShell = true;
      return;
    }
    if (isTerminator(b) || literalNewline(j)) return;
    if (b == 0x23 && isBlank(dAt(j - 1)) && (j + 1 >= n || isBlank(dAt(j + 1)))) return;
    const e = readWord(j, false);
    if (e == j) return;
    const raw = j;
    j = e;
    if (swLen == 0) continue;
    argCount++;
    const st2 = windowsArgument(raw, e) ? 3 : argStrength();
    if (st2 >= 2) argStrong = true;
    if (st2 == 3) argShell = true;
    if (a == 0) for (let k = 0; k < swLen; k++) if (swAt(k) == 0x3d) argAssign = true;
    if (a == 0 && start) argProgram = swProgram();
    if (a == 0 && cwIs(KW_NET) && swIsKeyword(KW_NET_SUB, KW_NET_SUB_COUNT)) {
      argStrong = true;
      argShell = true;
    }
    if (a == 0 && raw == j - swLen && swLen <= 6) argProse = swIsProse();
    if (a == 0 && j < n && dAt(j) == 0x28 && isWord(dAt(j - 1))) argCall = true;
    if (globSystemPath()) emit(R_GLOB_PATH);
  }
}

function isNameKind(kind: i32): bool {
  return kind == K_QUERY_NAME || kind == K_BODY_NAME || kind == K_COOKIE_NAME;
}

function cwIs(k: i32): bool {
  const len = kwLen(k);
  if (cwLen != len) return false;
  for (let q = 0; q < len; q++) if (fold(cwAt(q)) != kwByte(k, q)) return false;
  return true;
}

/** Case-insensitive word at i followed by a non-letter. */
function wordAt(i: i32, k: i32): bool {
  const e = i + kwLen(k);
  return kwAt(i, k) && (e >= St.dLen || !isAlpha(dAt(e)));
}

function nonBlankRun(i: i32): i32 {
  const n = St.dLen;
  while (i < n && !isBlank(dAt(i)) && dAt(i) != 0x0a && dAt(i) != 0x0d) i++;
  return i;
}

/** FOR [/x …] ["opts"] %v IN (…) DO */
function batchFor(i: i32): bool {
  const n = St.dLen;
  let k = skipBlanks(i);
  let rootPath = false;
  for (let guard = 0; guard < 6; guard++) {
    if (k + 1 < n && dAt(k) == 0x2f && isAlpha(dAt(k + 1))) {
      // FOR /R takes a root directory before the variable (FOR /R C:\dir %A IN …).
      rootPath = fold(dAt(k + 1)) == 0x72;
      k = skipBlanks(k + 2);
      continue;
    }
    if (rootPath && k < n && dAt(k) != 0x25) {
      rootPath = false;
      k = skipBlanks(nonBlankRun(k));
      continue;
    }
    if (k < n && (dAt(k) == 0x22 || (dAt(k) == 0x5c && k + 1 < n && dAt(k + 1) == 0x22))) {
      const q = dAt(k) == 0x22 ? k + 1 : k + 2;
      let j = q;
      while (j < n && dAt(j) != 0x22) j++;
      k = skipBlanks(j + 1);
      continue;
    }
    break;
  }
  if (k >= n || dAt(k) != 0x25) return false;
  k = nonBlankRun(k);
  k = skipBlanks(k);
  if (!wordAt(k, KW_IN)) return false;
  k = skipBlanks(k + 2);
  if (k >= n || dAt(k) != 0x28) return false;
  let j = k + 1;
  while (j < n && j - k < 512 && dAt(j) != 0x29) j++;
  if (j >= n || dAt(j) != 0x29) return false;
  k = skipBlanks(j + 1);
  return wordAt(k, KW_DO);
}

function cStyleCondition(k: i32): bool {
  const n = St.dLen;
  for (let j = k + 1; j + 1 < n && j - k < 128; j++) {
    const b = dAt(j);
    if (b == 0x29) return false;
    const c = dAt(j + 1);
    if ((b == 0x21 && c == 0x3d) || (b == 0x26 && c == 0x26) || (b == 0x7c && c == 0x7c)) return true;
    if (b == 0x3d && c == 0x3d && j + 2 < n && dAt(j + 2) == 0x3d) return true;
  }
  return false;
}

function batchVarStart(b: i32): bool {
  return isAlpha(b) || isDigit(b) || b == 0x7e || b == 0x25 || b == 0x2a;
}

/** IF [/I] [NOT] (EXIST x | DEFINED x | ERRORLEVEL n | a==b | a EQU b) command */
function batchIf(i: i32): bool {
  const n = St.dLen;
  let k = skipBlanks(i);
  if (k + 1 < n && dAt(k) == 0x2f && fold(dAt(k + 1)) == 0x69) k = skipBlanks(k + 2);
  if (wordAt(k, KW_NOT)) k = skipBlanks(k + 3);
  if (k < n && dAt(k) == 0x28 && cStyleCondition(k)) return false;
  if (wordAt(k, KW_EXIST) || wordAt(k, KW_DEFINED) || wordAt(k, KW_ERRORLEVEL)) {
    k = skipBlanks(nonBlankRun(k));
    k = skipBlanks(nonBlankRun(k));
  } else {
    const s = k;
    const e = nonBlankRun(k);
    if (e == s) return false;
    let eq = false;
    let pct = false;
    for (let q = s; q + 1 < e; q++) {
      if (dAt(q) == 0x3d && dAt(q + 1) == 0x3d) eq = true;
      if (dAt(q) == 0x25 && batchVarStart(dAt(q + 1))) pct = true;
    }
    // A comparison of a batch variable (IF [%1]==[/?], IF %x%==y) is batch whatever follows.
    if (eq && pct) return true;
    k = skipBlanks(e);
    if (!eq) {
      let op = false;
      if (k + 1 < n && dAt(k) == 0x3d && dAt(k + 1) == 0x3d) op = true;
      for (let c = 0; c < KW_CMP_COUNT && !op; c++) if (wordAt(k, KW_EQU + c)) op = true;
      if (!op) return false;
      k = skipBlanks(nonBlankRun(k));
      const e2 = nonBlankRun(k);
      if (e2 == k) return false;
      k = skipBlanks(e2);
    }
  }
  if (k >= n || wordAt(k, KW_THEN)) return false;
  if (dAt(k) == 0x28 || dAt(k) == 0x40) return true;
  let e = k;
  while (e < n && (isWord(dAt(e)) || dAt(e) == 0x2d)) e++;
  const w = lookupWord(D, k, e);
  return w >= 0 && (wordShell(w) & (SH_BATCH | SH_WINDOWS | SH_UNIX)) != 0;
}

function bracketGlobSystemFile(): bool {
  if (cwLen < 6 || cwAt(0) != 0x2f) return false;
  let e = 1;
  while (e < cwLen && cwAt(e) != 0x2f) e++;
  if (e >= cwLen - 1) return false;
  let dir = false;
  for (let k = 0; k < SYSDIR_COUNT && !dir; k++) {
    const base = sysdirOff(k);
    const len = sysdirOff(k + 1) - base;
    if (len != e - 1) continue;
    let q = 0;
    while (q < len && fold(cwAt(1 + q)) == sysdirByte(base + q)) q++;
    dir = q == len;
  }
  if (!dir) return false;
  for (let k = e + 1; k < cwLen; k++) {
    if (cwAt(k) != 0x5b) continue;
    let j = k + 1;
    let range = false;
    while (j < cwLen && cwAt(j) != 0x5d && cwAt(j) != 0x2f) {
      if (cwAt(j) == 0x2d && j > k + 1 && j + 1 < cwLen && cwAt(j + 1) != 0x5d) range = true;
      j++;
    }
    if (j >= cwLen || cwAt(j) != 0x5d || j == k + 1) continue;
    const first = cwAt(k + 1);
    if (j == k + 2 || range || first == 0x21 || first == 0x5e) return true;
  }
  return false;
}

/** A GraphQL selection field inside `{…}`; mirrors the reference. */
function selectionField(next: i32): bool {
  const n = St.dLen;
  const k = skipBlanks(next);
  if (k >= n) return false;
  if (dAt(k) == 0x7b) return true;
  if (dAt(k) != 0x28) return false;
  let j = skipBlanks(k + 1);
  const start = j;
  while (j < n && isWord(dAt(j))) j++;
  if (j == start) return false;
  j = skipBlanks(j);
  return j < n && dAt(j) == 0x3a;
}

/** Does buf[0..len) end with keyword k (case-insensitive), after at least one byte? */
function endsWithKw(buf: usize, len: i32, k: i32): bool {
  const kl = kwLen(k);
  if (len <= kl) return false;
  for (let q = 0; q < kl; q++) if (fold(<i32>load<u8>(buf + <usize>(len - kl + q))) != kwByte(k, q)) return false;
  return true;
}

/** buf[0..len) names a file cmd.exe runs by its extension (`calc.exe`, `run.bat`, `a.ps1`). */
function windowsFile(buf: usize, len: i32): bool {
  for (let k = 0; k < KW_WIN_EXT_COUNT; k++) if (endsWithKw(buf, len, KW_WIN_EXT + k)) return true;
  return false;
}

/** The word in SW is one of the keywords `from`..`from + count - 1` (case-insensitive). */
function swIsKeyword(from: i32, count: i32): bool {
  for (let k = from; k < from + count; k++) {
    if (swLen != kwLen(k)) continue;
    let q = 0;
    while (q < swLen && fold(swAt(q)) == kwByte(k, q)) q++;
    if (q == swLen) return true;
  }
  return false;
}

/** The word in SW, as written, is an English function word (`KW_PROSE`). */
function swIsProse(): bool {
  return swIsKeyword(KW_PROSE, KW_PROSE_COUNT);
}

/** The word in SW is a program `start` would launch: a command, a proof-of-concept program, a `.exe`. */
function swProgram(): bool {
  if (windowsFile(SW, swLen) || swIsKeyword(KW_DEMO_PROGRAM, KW_DEMO_PROGRAM_COUNT)) return true;
  const w = lookupWord(SW, 0, swLen);
  const flags = w >= 0 ? wordShell(w) : 0;
  return (flags & (SH_UNIX | SH_WINDOWS)) != 0 && (flags & SH_AMBIGUOUS) == 0;
}

/** cmd.exe would run a command here: after `&`, `&&`, `||`, a line break, a leading pipe, in `$(…)`. */
function windowsPosition(ctx: i32): bool {
  return (ctx == CTX_SEP && sepWin) || (ctx == CTX_PIPE && sepLead == 2) || ctx == CTX_SUBST;
}

/** A time-based blind probe: `sleep N` and then the end of the value or of the command. */
function sleepProbe(next: i32): bool {
  const n = St.dLen;
  let k = skipBlanks(next);
  const s = k;
  while (k < n && isDigit(dAt(k))) k++;
  if (k == s || k - s > 4) return false;
  if (k + 1 < n && dAt(k) == 0x2e && isDigit(dAt(k + 1))) {
    k++;
    while (k < n && isDigit(dAt(k))) k++;
  }
  if (k < n) {
    const u = fold(dAt(k));
    if (u == 0x73 || u == 0x6d || u == 0x68) k++;
  }
  k = skipBlanks(k);
  if (k >= n) return true;
  const c = dAt(k);
  return (
    c == 0x3b ||
    c == 0x26 ||
    c == 0x7c ||
    c == 0x0a ||
    c == 0x0d ||
    c == 0x60 ||
    c == 0x29 ||
    c == 0x23 ||
    c == 0x27 ||
    c == 0x22 ||
    literalNewline(k)
  );
}

/** Judges the command word CW in context `ctx`; returns its shell flags. */
function bracedName(next: i32): bool {
  const n = St.dLen;
  const k = skipBlanks(next);
  if (k >= n) return false;
  if (dAt(k) == 0x7d) return true;
  return dAt(k) == 0x2c && braceAt + 1 < n && isBlank(dAt(braceAt + 1));
}

function parameterList(next: i32): bool {
  const n = St.dLen;
  const k = skipBlanks(next);
  if (k >= n || dAt(k) != 0x29) return false;
  const b = skipBlanks(k + 1);
  return b < n && dAt(b) == 0x7b;
}

function cwCapitalised(): bool {
  if (cwLen < 1 || cwAt(0) < 0x41 || cwAt(0) > 0x5a) return false;
  if (cwLen == 1) return true;
  const upper = cwAt(1) >= 0x41 && cwAt(1) <= 0x5a;
  const lo = upper ? 0x41 : 0x61;
  for (let k = 1; k < cwLen; k++) if (cwAt(k) < lo || cwAt(k) > lo + 25) return false;
  return true;
}

function judgeCommand(ctx: i32, next: i32, kind: i32, obf: bool): i32 {
  if (cwIs(KW_FOR)) {
    if (batchFor(next)) emit(R_WIN_BATCH);
    return 0;
  }
  if (cwIs(KW_IF)) {
    if (batchIf(next)) emit(R_WIN_BATCH);
    return 0;
  }
  // SQLite shell dot-command (.shell, .system, .databases).
  if (cwLen > 1 && cwAt(0) == 0x2e && (ctx == CTX_START || ctx == CTX_SEP)) {
    let e = 1;
    while (e < cwLen && isWord(cwAt(e))) e++;
    const w = lookupWord(CW, 1, e);
    if (w >= 0 && (wordMisc(w) & MISC_SQLITE_DOT) != 0) emit(R_SQLITE_DOT);
    return 0;
  }
  // `/???/c?t`, `/b?n/w?oami`: a command named by wildcards over a system directory.
  if (bracketGlobSystemFile() || globCommandPath()) emit(R_GLOB_PATH);
  // Basename of a path-qualified command (/usr/bin/perl → perl).
  let b = 0;
  if (cwAt(0) == 0x2f || (cwAt(0) == 0x2e && cwLen > 1 && cwAt(1) == 0x2f)) {
    for (let k = 0; k < cwLen; k++) if (cwAt(k) == 0x2f) b = k + 1;
  }
  const w = lookupWord(CW, b, cwLen);
  const flags = w >= 0 ? wordShell(w) : 0;
  if ((flags & (SH_UNIX | SH_WINDOWS)) == 0) {
    // "& calc.exe", "| payload.ps1": a program run by its file name where cmd.exe reads a command.
    if (windowsPosition(ctx) && windowsFile(CW, cwLen)) emit(R_WIN_CMD);
    return 0;
  }
  const amb = (flags & SH_AMBIGUOUS) != 0;
  const rule = (flags & SH_WINDOWS) != 0 && (flags & SH_UNIX) == 0 ? (R_WIN_CMD) : (R_UNIX_CMD);
  lookArgs(next);
  if (obf) {
    emit(R_SHELL_OBFUSCATION);
    return flags;
  }
  if (cwIs(KW_ALIAS) && argAssign) emit(R_SHELL_ALIAS);
  const called = (next < St.dLen && dAt(next) == 0x28) || argCall;
  if (called && scanStart == 0 && rule != R_WIN_CMD && ctx != CTX_SUBST && ctx != CTX_BACKTICK) return flags;
  if ((flags & SH_WINDOWS) == 0 && cwCapitalised() && ctx != CTX_SUBST && ctx != CTX_BACKTICK)
    return flags;
  // A user agent's comment lists its platform ("(python 3.12.3; os linux)"): product tokens.
  if (kind == K_USER_AGENT && parenDepth > 0 && !argShell && (St.mask & UA_SHELL) == 0)
    return flags;
  if (kind == K_USER_AGENT && ctx == CTX_SEP && (flags & SH_INTERPRETER) != 0 && argCount == 0 && !argShell && !argPipe)
    return flags;
  // A command name at the start of a value that an English function word follows is prose or a search
  // query; so is it after a separator while nothing after it is shell-like (no path, option or address).
  if (argProse && (ctx == CTX_START || (ctx == CTX_SEP && !argStrong && !argShell))) return flags;
  // "& start calc", "| start cmd": cmd.exe launching a program.
  if (argProgram && windowsPosition(ctx)) {
    emit(R_WIN_CMD);
    return flags;
  }
  // ";sleep 5", "|sleep 5|", "`sleep 5`": a time-based blind probe.
  if (
    cwIs(KW_SLEEP) &&
    (ctx == CTX_SEP || ctx == CTX_BACKTICK || ctx == CTX_PREFIXED || (ctx == CTX_PIPE && sepLead == 2)) &&
    sleepProbe(next)
  ) {
    emit(ctx == CTX_BACKTICK ? R_SHELL_EXPANSION : rule);
    return flags;
  }
  const btWord = btData && argCount == 0 && next < St.dLen && dAt(next) == 0x60;
  if (ctx == CTX_SUBST || (ctx == CTX_BACKTICK && (!amb || argShell || btWord))) {
    emit(R_SHELL_EXPANSION);
    return flags;
  }
  if (ctx == CTX_BACKTICK) return flags;
  if (ctx == CTX_PIPE && (flags & SH_INTERPRETER) != 0 && !argPipe) {
    // "| sh", "| bash -s": but "| node |" is a cell of a markdown table.
    emit(rule);
    return flags;
  }
  // A following pipe is shell syntax, except after a pipe (markdown tables: "| find |").
  const pipeArg = argPipe && ctx != CTX_PIPE && !(amb && separatorThenWord(argPipeAt));
  const strong = amb ? argShell || pipeArg : argStrong || argShell || pipeArg;
  if (ctx == CTX_START) {
    if (isNameKind(kind) && !strong) return flags;
    if (!strong && argCount == 0 && next < St.dLen && dAt(next) == 0x28) return flags;
    if (strong && !bareWordPipeList()) emit(rule == (R_WIN_CMD) ? rule : (R_UNIX_CMD_START));
    else if (!amb && argCount == 0 && kind != K_USER_AGENT) {
      emit(separatorAt(next) && !separatorThenWord(next) ? R_UNIX_CMD_START : R_UNIX_CMD_ALONE);
    } else if (amb && argCount == 0 && kind != K_USER_AGENT) emit(R_UNIX_CMD_ALONE);
    return flags;
  }
  if (ctx == CTX_GROUP) {
    if (braceAt > 0 && dAt(braceAt - 1) == 0x7b) return flags;
    if (braceAt >= 0 && !strong && (bracedName(next) || selectionField(next))) return flags;
    if (argProse && !argShell) return flags;
    if (braceAt < 0 && !strong && parameterList(next)) return flags;
    // "(exec lounge)", "(exec summary)": a prefix runs the word after it, judged as in CTX_PREFIXED.
    if ((flags & SH_PREFIX) != 0 && !amb && !strong) return flags;
    // "(test)", "(free)": parentheses are prose too; only unambiguous commands or shell arguments count.
    if (!amb || strong) emit(rule);
    return flags;
  }
  // After a pipe in prose or a table a word needs shell arguments; after a pipe that opens the value
  // or follows the one token the app expected ("| id", "127.0.0.1|id") it is a command.
  if (ctx == CTX_PIPE && ((amb && !argShell && !(sepLead == 2 && !cwQuoted)) || (argPipe && argCount == 0))) return flags;
  // A word that is also English, alone after a separator, is a command where the separator opens the
  // value or follows its one data token, or follows one word and ends the value; in a list it is an item.
  if ((flags & SH_PREFIX) != 0 && !amb && !strong) return flags;
  const lone = ctx != CTX_SEP || sepLead == 2 || (sepLead == 1 && endsValue(next)) || separatorThenComment(next) || subshellRedirected(next);
  if (!amb || (argCount == 0 && !argPipe && lone) || strong || echoProbe(next)) emit(rule);
  return flags;
}

/** echo glued to a separator after the one data token (mirrors the reference's echoProbe). */
function echoProbe(next: i32): bool {
  if (!cwIs(KW_ECHO) || sepLead != 2 || argCount == 0) return false;
  const s = next - cwLen - 1;
  if (s <= scanStart) return false;
  const c = dAt(s);
  return (c == 0x7c || c == 0x3b || c == 0x26) && isWord(dAt(skipBlanks(scanStart)));
}

/** cmd.exe's substring expansion (mirrors the reference's cmdSubstrings). */
function cmdSubstrings(): void {
  const n = St.dLen;
  for (let i = 0; i + 4 < n; i++) {
    if (dAt(i) != 0x25) continue;
    let k = i + 1;
    while (k < n && k - i <= 32 && (isWord(dAt(k)) || dAt(k) == 0x28 || dAt(k) == 0x29)) k++;
    if (k - i < 3 || k + 2 >= n || dAt(k) != 0x3a || dAt(k + 1) != 0x7e) continue;
    k += 2;
    if (dAt(k) == 0x2d) k++;
    if (k < n && isDigit(dAt(k))) {
      emit(R_SHELL_OBFUSCATION);
      return;
    }
  }
}

function shellStructure(): void {
  const n = St.dLen;
  for (let i = 0; i < n; i++) {
    const b = dAt(i);
    if (b == 0x24 && i + 1 < n) {
      const c = dAt(i + 1);
      // $IFS / ${IFS}
      const v = c == 0x7b ? i + 2 : i + 1;
      if (v + 2 < n && fold(dAt(v)) == 0x69 && fold(dAt(v + 1)) == 0x66 && fold(dAt(v + 2)) == 0x73 && (v + 3 >= n || !isWord(dAt(v + 3))))
        emit(R_SHELL_EXPANSION);
      // $(( arithmetic ))
      if (c == 0x28 && i + 2 < n && dAt(i + 2) == 0x28) {
        for (let k = i + 3; k + 1 < n; k++)
          if (dAt(k) == 0x29 && dAt(k + 1) == 0x29) {
            emit(R_SHELL_EXPANSION);
            break;
          }
      }
      // ${NAME:0:1} substring tricks
      if (c == 0x7b) {
        let k = i + 2;
        while (k < n && k - i < 24 && (isAlpha(dAt(k)) || dAt(k) == 0x5f)) k++;
        if (k > i + 2 && k + 1 < n && dAt(k) == 0x3a && isDigit(dAt(k + 1))) emit(R_SHELL_EXPANSION);
      }
    } else if (b == 0x7b) {
      // Brace expansion {cmd,arg} / {,cmd,arg}
      let k = i + 1;
      if (k < n && dAt(k) == 0x2c) k++;
      const e = readWord(k, true);
      if (swLen > 0 && e < n && dAt(e) == 0x2c) {
        const w = lookupWord(SW, 0, swLen);
        const f = w >= 0 ? wordShell(w) : 0;
        // A command that is also a word needs a shell argument after it: `{test,tests}` is a glob's.
        const c = e + 1 < n ? dAt(e + 1) : 0;
        const arg = c == 0x2f || c == 0x2d || c == 0x7e || c == 0x24 || c == 0x2e || c == 0x7d;
        const lead = dAt(i + 1) == 0x2c;
        if ((f & (SH_UNIX | SH_WINDOWS)) != 0 && ((f & SH_AMBIGUOUS) == 0 || arg || lead)) emit(R_SHELL_EXPANSION);
      }
    } else if (b == 0x28 && i + 1 < n && dAt(i + 1) == 0x29) {
      // Function definition: "() {" at the start (Shellshock) or a body with | and & (fork bomb).
      let k = i + 2;
      while (k < n && isBlank(dAt(k))) k++;
      if (k < n && dAt(k) == 0x7b) {
        let s = 0;
        while (s < i && (isBlank(dAt(s)) || isWord(dAt(s)) || dAt(s) == 0x3a)) s++;
        let pipe = false;
        let amp = false;
        for (let q = k + 1; q < n && dAt(q) != 0x7d; q++) {
          if (dAt(q) == 0x7c) pipe = true;
          if (dAt(q) == 0x26) amp = true;
        }
        let lead = true;
        for (let q = 0; q < i; q++) if (!isBlank(dAt(q))) lead = false;
        if (lead || (s == i && pipe && amp)) emit(R_SHELL_FUNCTION);
      }
    }
  }
}

/** A spreadsheet DDE formula: a program name, `|'`, its command line, and `'!`. */
function ddeFormula(): void {
  const n = St.dLen;
  for (let i = 1; i + 2 < n; i++) {
    if (dAt(i) != 0x7c || dAt(i + 1) != 0x27) continue;
    let s = i;
    while (s > 0 && (isWord(dAt(s - 1)) || dAt(s - 1) == 0x2e || dAt(s - 1) == 0x5c)) s--;
    if (s == i) continue;
    let b = s;
    for (let k = s; k < i; k++) if (dAt(k) == 0x5c) b = k + 1;
    const w = lookupWord(D, b, i);
    const program = (w >= 0 && (wordShell(w) & (SH_UNIX | SH_WINDOWS)) != 0) || windowsFile(D + <usize>b, i - b) || (i - b == kwLen(KW_MSEXCEL) && kwAt(b, KW_MSEXCEL));
    if (!program) continue;
    for (let k = i + 2; k + 1 < n && k < i + 512; k++)
      if (dAt(k) == 0x27 && dAt(k + 1) == 0x21) {
        emit(R_DDE_FORMULA);
        return;
      }
  }
}

const UA_SHELL = M_DOLLAR | M_BT | M_PIPE | M_AMP | M_LT | M_GT | M_LBRACE | M_NL;
const SHELL_BREAKS = M_SEMI | M_NL | M_PIPE | M_AMP | M_BT | M_DOLLAR | M_LP | M_LBRACE | M_LT | M_GT | M_BSL;

// The value's first and last blank (-1: none), set by detectShell when the value has a backtick.
let firstBlank: i32 = -1;
let lastBlank: i32 = -1;

/** A markdown code span in prose opens at i; returns its closing index, else -1 (mirrors the reference). */
function codeSpanEnd(i: i32): i32 {
  const n = St.dLen;
  const before = i > 0 ? dAt(i - 1) : 0x20;
  if (!isBlank(before) && before != 0x28 && before != 0x22 && before != 0x27) return -1;
  if (i + 1 >= n || dAt(i + 1) == 0x60) return -1;
  let j = i + 1;
  while (j < n && dAt(j) != 0x60 && dAt(j) != 0x0a && j - i <= 200) j++;
  if (j >= n || dAt(j) != 0x60 || j - i > 200) return -1;
  const after = j + 1 < n ? dAt(j + 1) : 0x20;
  if (!isBlank(after) && after != 0x2e && after != 0x2c && after != 0x3a && after != 0x29 && after != 0x3f && after != 0x21)
    return -1;
  return (firstBlank >= 0 && firstBlank < i) || lastBlank > j ? j : -1;
}

// In the URL path, a program with an extension that is no shell command after `/bin/`: see
// webProgramAfter in core/signatures/ref/rce.ts.
function webProgramAfter(kind: i32, e: i32): bool {
  if (kind != K_PATH || dAt(e - 1) != 0x2f) return false;
  const n = St.dLen;
  let j = e;
  while (j < n && (isWord(dAt(j)) || dAt(j) == 0x2d)) j++;
  if (j == e || j + 1 >= n || dAt(j) != 0x2e || !isAlpha(dAt(j + 1))) return false;
  const w = lookupWord(D, e, j);
  return w < 0 || (wordShell(w) & (SH_UNIX | SH_INTERPRETER)) == 0;
}

export function detectShell(kind: i32): void {
  const n = St.dLen;
  for (let h = 0; h < St.hits; h++) {
    const p = hitPat(h);
    const g = patGroup(p);
    if (g == G_SHELL_PATH) {
      const e = hitStart(h) + patOff(p + 1) - patOff(p);
      const s = hitStart(h);
      const before = s > 0 ? dAt(s - 1) : 0x20;
      if (isWord(before) || before == 0x2d || webProgramAfter(kind, e)) continue;
      if (e >= n || !isBlank(dAt(e)) || dAt(e - 1) != 0x2f) emit(R_SHELL_PATH);
    } else if (g == G_POWERSHELL) emit(R_POWERSHELL);
    else if (g == G_GIT_OPTION) {
      const s = hitStart(h);
      const e = s + patOff(p + 1) - patOff(p);
      const before = s > 0 ? dAt(s - 1) : 0x20;
      const after = e < n ? dAt(e) : 0x20;
      const named = dAt(e - 1) == 0x3a || (!isWord(after) && after != 0x2d);
      if ((isBlank(before) || before == 0x22 || before == 0x27) && named) emit(R_GIT_OPTION);
    }
  }
  if ((St.mask & (M_DOLLAR | M_LBRACE | M_LP)) != 0) shellStructure();
  if ((St.mask & (M_PCT | M_TILDE)) == (M_PCT | M_TILDE)) cmdSubstrings();
  if ((St.mask & M_PIPE) != 0) ddeFormula();
  shellScan(kind, 0);
  // The value's first quote closes the app's own quoting and a separator follows: read on after it.
  const q = shellBreakoutQuote();
  if (q >= 0) {
    shellScan(kind, q + 1);
    const q2 = polyglotQuote(q);
    if (q2 >= 0) shellScan(kind, q2 + 1);
  }
  if ((St.mask & M_PIPE) != 0) {
    const g = gluedPipeQuote();
    if (g >= 0 && g != q) shellScan(kind, g + 1);
  }
  if ((St.mask & M_COLON) != 0) {
    const x = execUri();
    if (x >= 0) shellScan(kind, x, true);
  }
  if (kind != K_BODY_RAW && (St.mask & M_DQ) != 0 && (St.mask & (M_BT | M_DOLLAR)) != 0) {
    const s = quotedSubstitution();
    if (s >= 0) shellScan(kind, s);
  }
}

/** Just inside the first double-quoted string holding a command substitution (mirrors the reference's quotedSubstitution). */
function quotedSubstitution(): i32 {
  const n = St.dLen;
  let dq = -1;
  let sq = false;
  for (let i = 0; i < n; i++) {
    const b = dAt(i);
    if (b == 0x5c) i++;
    else if (b == 0x27 && dq < 0) sq = !sq;
    else if (b == 0x22 && !sq) dq = dq < 0 ? i : -1;
    else if (dq >= 0 && (b == 0x60 || (b == 0x24 && i + 1 < n && dAt(i + 1) == 0x28))) return dq + 1;
  }
  return -1;
}

/** The value's first quote, after one token without blanks at most, with a separator after it; else -1. */
/** See the reference: just after the first `exec:` at the value's start or after a blank or a quote, or -1. */
function execUri(): i32 {
  const n = St.dLen;
  for (let k = 0; k + 5 < n; k++) {
    if (dAt(k + 4) != 0x3a || !kwAt(k, KW_EXEC_URI)) continue;
    if (k > 0 && !isBlank(dAt(k - 1)) && dAt(k - 1) != 0x22 && dAt(k - 1) != 0x27) continue;
    if (!isBlank(dAt(k + 5))) return k + 5;
  }
  return -1;
}

/** See the reference: the pipe at i sits in chat link markup (`<https://…|label>`); just after the `>`, or -1. */
function linkLabelEnd(i: i32): i32 {
  const n = St.dLen;
  let k = i - 1;
  while (k > scanStart && i - k < 512 && dAt(k) != 0x3c && !isBlank(dAt(k))) k--;
  if (dAt(k) != 0x3c || !(kwAt(k + 1, KW_LINK_HTTP) || kwAt(k + 1, KW_LINK_MAILTO))) return -1;
  let j = i + 1;
  while (j < n && j - i < 256 && dAt(j) != 0x3e && dAt(j) != 0x3c) j++;
  return j < n && dAt(j) == 0x3e && j > i + 1 ? j + 1 : -1;
}

/** See the reference: the first quote glued to a lone `|` glued to a letter, or -1. */
function gluedPipeQuote(): i32 {
  const n = St.dLen;
  for (let k = 0; k + 2 < n; k++) {
    const b = dAt(k);
    if ((b == 0x22 || b == 0x27) && dAt(k + 1) == 0x7c && isAlpha(dAt(k + 2))) return k;
  }
  return -1;
}

/** A polyglot's second quote after the breakout quote at q (mirrors the reference's polyglotQuote). */
function polyglotQuote(q: i32): i32 {
  const n = St.dLen;
  const other = dAt(q) == 0x27 ? 0x22 : 0x27;
  let k = q + 1;
  while (k < n && (dAt(k) == 0x7c || dAt(k) == 0x3b || dAt(k) == 0x26 || isBlank(dAt(k)))) k++;
  if (k >= n || dAt(k) != other) return -1;
  const j = skipBlanks(k + 1);
  if (j >= n) return -1;
  const c = dAt(j);
  return c == 0x3b || c == 0x7c || c == 0x26 ? k : -1;
}

function shellBreakoutQuote(): i32 {
  const n = St.dLen;
  let q = 0;
  let blank = false;
  while (q < n && dAt(q) != 0x27 && dAt(q) != 0x22) {
    if (isBlank(dAt(q))) blank = true;
    q++;
  }
  if (q + 1 >= n) return -1;
  const c1 = dAt(q + 1);
  if ((c1 == 0x24 && q + 2 < n && dAt(q + 2) == 0x28) || c1 == 0x60) return q;
  const j = blank ? q + 1 : skipBlanks(q + 1);
  if (j >= n) return -1;
  const c = dAt(j);
  return c == 0x3b || c == 0x7c || c == 0x26 || c == 0x0a || c == 0x0d || literalNewline(j) ? q : -1;
}

/** See the reference: the backtick at i starts a line after a first line of one word. */
function lineAfterOneWord(i: i32): bool {
  let k = i;
  while (k > scanStart && (dAt(k - 1) == 0x0a || dAt(k - 1) == 0x0d)) k--;
  if (k == i || k == scanStart) return false;
  for (let j = scanStart; j < k; j++) {
    const b = dAt(j);
    if (isBlank(b) || b == 0x0a || b == 0x0d) return false;
  }
  return true;
}

/** The command scan from `start`. */
function shellScan(kind: i32, start: i32, commandUri: bool = false): void {
  const n = St.dLen;
  scanStart = start;
  parenDepth = 0;
  let i = start;
  // After a command URI's `exec:` the word is in a separator's command position, the value's own.
  let ctx = commandUri ? CTX_SEP : CTX_START;
  if (commandUri) {
    sepWin = true;
    sepLead = 2;
  }
  let expect = true;
  let steps = 0;
  let spanEnd = -1;
  if ((St.mask & M_BT) != 0) {
    firstBlank = -1;
    lastBlank = -1;
    for (let k = 0; k < n; k++) {
      if (!isBlank(dAt(k))) continue;
      if (firstBlank < 0) firstBlank = k;
      lastBlank = k;
    }
  }
  while (i < n && steps < 4096) {
    steps++;
    const b = dAt(i);
    const b1 = i + 1 < n ? dAt(i + 1) : 0;
    if (isBlank(b)) {
      i++;
      continue;
    }
    if (b == 0x3b || b == 0x0a || b == 0x0d) {
      ctx = CTX_SEP;
      sepWin = b != 0x3b;
      sepLead = leadToken(i);
      expect = true;
      i++;
      continue;
    }
    if (literalNewline(i)) {
      ctx = CTX_SEP;
      sepWin = true;
      sepLead = leadToken(i);
      expect = true;
      i += 2;
      continue;
    }
    if (b == 0x7c) {
      const label = (St.mask & M_LT) != 0 ? linkLabelEnd(i) : -1;
      if (label > 0) {
        i = label;
        expect = false;
        continue;
      }
      ctx = b1 == 0x7c ? CTX_SEP : CTX_PIPE;
      sepWin = true;
      sepLead = leadToken(i);
      i += b1 == 0x7c ? 2 : 1;
      expect = true;
      continue;
    }
    if (b == 0x26) {
      if (b1 == 0x3e) {
        i += 2;
        expect = false;
        continue;
      }
      // "&copy;", "&hellip;": an HTML entity in text, not a background operator.
      let e = i + 1;
      while (e < n && e - i <= 9 && isAlpha(dAt(e))) e++;
      if (e - i >= 3 && e < n && dAt(e) == 0x3b) {
        i = e + 1;
        expect = false;
        continue;
      }
      ctx = CTX_SEP;
      sepWin = true;
      sepLead = leadToken(i);
      i += b1 == 0x26 ? 2 : 1;
      expect = true;
      continue;
    }
    if (b == 0x60) {
      if (i == spanEnd) {
        spanEnd = -1;
        expect = false;
        i++;
        continue;
      }
      const afterWord = lineAfterOneWord(i);
      const end = afterWord ? -1 : codeSpanEnd(i);
      if (end > 0) {
        spanEnd = end;
        ctx = CTX_START;
        expect = true;
        i++;
        continue;
      }
      // A backtick between two letters that nothing closes, or whose next one is between letters too.
      if (i > scanStart && apostropheBacktick(i)) {
        expect = false;
        i++;
        continue;
      }
      ctx = CTX_BACKTICK;
      btData = i > scanStart && (afterWord || shellBreak(dAt(i - 1)) || (!isBlank(dAt(i - 1)) && leadToken(i) == 2));
      expect = true;
      i++;
      continue;
    }
    if (b == 0x24 && b1 == 0x28) {
      ctx = CTX_SUBST;
      expect = true;
      i += 2;
      if (i < n && dAt(i) == 0x28) i++;
      continue;
    }
    if ((b == 0x3c || b == 0x3e) && b1 == 0x28) {
      ctx = CTX_SUBST;
      expect = true;
      i += 2;
      continue;
    }
    if (b == 0x28 || b == 0x7b) {
      // "name(" is a function call in code, not a subshell.
      const p = i > 0 ? dAt(i - 1) : 0x20;
      const call = b == 0x28 && (isWord(p) || p == 0x2e || p == 0x5d);
      braceAt = b == 0x7b ? i : -1;
      if (b == 0x28) parenDepth++;
      // A subshell opened right after a separator: its first word is judged as after the separator.
      if (!(b == 0x28 && expect && (ctx == CTX_SEP || ctx == CTX_PIPE))) ctx = CTX_GROUP;
      expect = !call;
      i++;
      continue;
    }
    if (b == 0x29 || b == 0x7d) {
      if (b == 0x29 && parenDepth > 0) parenDepth--;
      expect = false;
      i++;
      continue;
    }
    if (b == 0x3c || b == 0x3e) {
      i++;
      while (i < n && (dAt(i) == 0x3e || dAt(i) == 0x26 || isDigit(dAt(i)))) i++;
      expect = false;
      continue;
    }
    const e = readWord(i, false);
    if (e == i) {
      i++;
      continue;
    }
    const ifs = wIfs;
    i = e;
    if (swLen == 0 || !expect) {
      if (ifs && swLen == 0) continue;
      expect = false;
      continue;
    }
    cwLen = swLen;
    for (let k = 0; k < swLen; k++) cwSet(k, swAt(k));
    const obf = wObf;
    cwQuoted = wQuotes > 0 && !wObf;
    const flags = judgeCommand(ctx, i, kind, obf);
    if ((flags & SH_PREFIX) != 0) {
      ctx = CTX_PREFIXED;
      expect = true;
    } else {
      expect = false;
      // Without separators or substitutions no later word is in command position.
      if ((St.mask & SHELL_BREAKS) == 0) return;
    }
  }
}

