/**
 * @module core/signatures/ref/rce
 * Command injection, read the way a shell would read the value: words are
 * de-obfuscated as the shell does (quotes, backslashes, `$@`, `$1`, empty
 * `${}`/`$()`, undefined `$vars`, one-letter `[r]` classes, `$IFS` as a word
 * break), each word in command position (value start, after `; | & &&
 * newline`, inside `$(…)`, backticks, `<(…)`, `{…}`) is looked up in the
 * command dictionary and judged with its context and arguments: an
 * unambiguous command after a separator is enough; a command that is also an
 * English word ("time", "set", "cat") needs shell-looking arguments (options,
 * paths, pipes, redirections). Obfuscation inside a command name is itself
 * strong evidence. Also: Windows `FOR … IN (…) DO` and `IF … command`
 * grammar, brace expansion, `$IFS`, arithmetic `$((`, Shellshock and fork-bomb
 * function definitions, SQLite dot-commands, shell binary paths and
 * PowerShell cradles (from the pattern hits). Mirrors
 * wasm/assembly/signatures/rce.ts.
 */

import { PAT_GROUP, PAT_OFF, SYSDIR_BYTES, SYSDIR_COUNT, SYSDIR_OFF, WORD_MISC, WORD_SHELL } from "../tables/flat.ts";
import {
  KW_ALIAS,
  KW_CMP_COUNT,
  KW_DEFINED,
  KW_DEMO_PROGRAM,
  KW_DEMO_PROGRAM_COUNT,
  KW_DO,
  KW_ECHO,
  KW_EQU,
  KW_ERRORLEVEL,
  KW_EXEC_URI,
  KW_EXIST,
  KW_FOR,
  KW_IF,
  KW_IN,
  KW_LINK_HTTP,
  KW_LINK_MAILTO,
  KW_MSEXCEL,
  KW_NET,
  KW_NET_SUB,
  KW_NET_SUB_COUNT,
  KW_NOT,
  KW_PROSE,
  KW_PROSE_COUNT,
  KW_SLEEP,
  KW_START,
  KW_THEN,
  KW_WIN_EXT,
  KW_WIN_EXT_COUNT,
} from "../tables/keywords.ts";
import { K_BODY_NAME, K_BODY_RAW, K_COOKIE_NAME, K_PATH, K_QUERY_NAME, K_USER_AGENT } from "../tables/kinds.ts";
import { G_GIT_OPTION, G_POWERSHELL, G_SHELL_PATH } from "../tables/patterns.ts";
import { R } from "../tables/rules.ts";
import {
  MISC_SQLITE_DOT,
  SH_AMBIGUOUS,
  SH_BATCH,
  SH_INTERPRETER,
  SH_PREFIX,
  SH_UNIX,
  SH_WINDOWS,
} from "../tables/words.ts";
import {
  fold,
  hexVal,
  isAlpha,
  isDigit,
  isHex,
  isWord,
  M_AMP,
  M_BSL,
  M_BT,
  M_COLON,
  M_DOLLAR,
  M_DQ,
  M_GT,
  M_LBRACE,
  M_LP,
  M_LT,
  M_NL,
  M_PCT,
  M_PIPE,
  M_SEMI,
  M_TILDE,
} from "./chars.ts";
import { lookupWord } from "./dict.ts";
import { kwAt, kwByte, kwLen } from "./kw.ts";
import { D, emit, HIT_PAT, HIT_START, st } from "./mem.ts";

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
const SW = new Uint8Array(WMAX);
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
const CW = new Uint8Array(WMAX);
let cwLen = 0;

function put(b: number): void {
  if (swLen < WMAX) SW[swLen++] = b;
}

function isBlank(b: number): boolean {
  return b === 0x20 || b === 0x09;
}

function isTerminator(b: number): boolean {
  return (
    b === 0x20 ||
    b === 0x09 ||
    b === 0x3b ||
    b === 0x7c ||
    b === 0x26 ||
    b === 0x60 ||
    b === 0x0a ||
    b === 0x0d ||
    b === 0x28 ||
    b === 0x29 ||
    b === 0x7b ||
    b === 0x7d ||
    b === 0x3c ||
    b === 0x3e
  );
}

/** Backslash-n and backslash-r written literally: payloads use them as line breaks. */
function literalNewline(i: number): boolean {
  const n = st.dLen;
  return D[i] === 0x5c && i + 1 < n && (D[i + 1] === 0x6e || D[i + 1] === 0x72);
}

/** `;`, `|` or `&`. */
function shellBreak(b: number): boolean {
  return b === 0x3b || b === 0x7c || b === 0x26;
}

/**
 * The backtick at i stands between two letters, and so does the next one, if any, in another word
 * (`a`whoami`b` is a substitution all the same).
 */
function apostropheBacktick(i: number): boolean {
  const n = st.dLen;
  const between = (k: number) => k > 0 && k + 1 < n && isAlpha(D[k - 1] as number) && isAlpha(D[k + 1] as number);
  if (!between(i)) return false;
  let blank = false;
  for (let k = i + 1; k < n; k++) {
    if (D[k] === 0x60) return blank && between(k);
    if (isBlank(D[k] as number)) blank = true;
  }
  return true;
}

/** Is the next thing after blanks at i a command separator (`;`, `&`, `&&`, `||`, a newline, a literal \\n)? */
function separatorAt(i: number): boolean {
  const j = skipBlanks(i);
  if (j >= st.dLen) return false;
  const c = D[j] as number;
  if (c === 0x3b || c === 0x26 || c === 0x0a || c === 0x0d || literalNewline(j)) return true;
  return c === 0x7c && j + 1 < st.dLen && D[j + 1] === 0x7c;
}

/**
 * The whole value is three or more bare words joined by single pipes (`diff|size|user|comment`,
 * MediaWiki's `prop=`; `jpg|png|gif`): a list a program splits. A shell would pipe a command
 * without arguments into words without arguments; an injected chain carries an argument, a space
 * or another separator somewhere.
 */
function bareWordPipeList(): boolean {
  const n = st.dLen;
  let items = 1;
  let len = 0;
  for (let k = 0; k < n; k++) {
    const b = D[k] as number;
    if (b === 0x7c) {
      if (len === 0) return false;
      items++;
      len = 0;
    } else if (isWord(b) || b === 0x2d || b === 0x2e) len++;
    else return false;
  }
  return len > 0 && items >= 3;
}

/**
 * The separator after blanks at i (see separatorAt) is followed by a plain word that no shell runs,
 * then a blank, punctuation or the end: "History & culture", "Timeout; retry". After a lone command
 * at a value's start that is a title or a list of words, not a command line (`whoami;`,
 * `uname && id` and `ifconfig & echo x` still are).
 */
function separatorThenWord(i: number): boolean {
  const n = st.dLen;
  let j = skipBlanks(i);
  if (j >= n) return false;
  const c = D[j] as number;
  if (c === 0x3b || c === 0x26 || c === 0x7c) {
    j++;
    if (j < n && D[j] === c) j++;
  } else if (c === 0x0a || c === 0x0d) {
    while (j < n && (D[j] === 0x0a || D[j] === 0x0d)) j++;
  } else if (literalNewline(j)) j += 2;
  else return false;
  j = skipBlanks(j);
  let e = j;
  // Letters, then letters or digits (`Q2 migration`, `v2 notes`): a shell's own such names (`python3`,
  // `7z`) are in its word list.
  while (e < n && (isAlpha(D[e] as number) || (e > j && isDigit(D[e] as number)))) e++;
  if (e - j < 2) return false;
  if (e < n) {
    const b = D[e] as number;
    if (!isBlank(b) && b !== 0x2c && b !== 0x2e && b !== 0x21 && b !== 0x3f && b !== 0x29 && b !== 0x3a) return false;
  }
  const w = lookupWord(D, j, e);
  return w < 0 || ((WORD_SHELL[w] as number) & (SH_UNIX | SH_WINDOWS)) === 0;
}

/** Reads one shell word at i into SW; returns the index after it. `comma` ends the word at ',' too. */
/**
 * Reads a `$'…'` word part from `i` (after the opening quote) into SW, octal (`\NNN`) and hex (`\xHH`)
 * escapes decoded, any other escaped byte taken as written; returns the index after the closing quote.
 */
function ansiQuoted(i: number): number {
  const n = st.dLen;
  wQuotes++;
  wObf = true;
  while (i < n && D[i] !== 0x27) {
    const b = D[i] as number;
    if (b !== 0x5c || i + 1 >= n) {
      put(b);
      i++;
      continue;
    }
    const e = D[i + 1] as number;
    let j = i + 2;
    let v = 0;
    if (e === 0x78 && j < n && isHex(D[j] as number)) {
      while (j < n && j < i + 4 && isHex(D[j] as number)) v = v * 16 + hexVal(D[j++] as number);
    } else if (e >= 0x30 && e <= 0x37) {
      v = e - 0x30;
      while (j < n && j < i + 4 && (D[j] as number) >= 0x30 && (D[j] as number) <= 0x37)
        v = v * 8 + ((D[j++] as number) - 0x30);
    } else v = e;
    put(v & 0xff);
    i = j;
  }
  return i + 1;
}

function readWord(i: number, comma: boolean): number {
  const n = st.dLen;
  swLen = 0;
  wObf = false;
  wGlob = false;
  wIfs = false;
  wQuotes = 0;
  wBare = 0;
  wCaret = false;
  while (i < n) {
    const b = D[i] as number;
    if (isTerminator(b) || (comma && b === 0x2c)) {
      // Empty process substitution inside a word (pi>()ng) is an obfuscation, not a break.
      if ((b === 0x3c || b === 0x3e) && i + 2 < n && D[i + 1] === 0x28 && D[i + 2] === 0x29 && swLen > 0) {
        wObf = true;
        i += 3;
        continue;
      }
      break;
    }
    if (literalNewline(i)) break;
    if (b === 0x27 || b === 0x22) {
      wQuotes++;
      let j = i + 1;
      while (j < n && D[j] !== b) {
        put(D[j] as number);
        j++;
      }
      i = j + 1;
      continue;
    }
    if (b === 0x5c) {
      wObf = true;
      // A backslash before a line break joins the lines (`ca\<LF>t`): the shell drops both.
      if (i + 1 < n && D[i + 1] === 0x0a) i += 2;
      else if (i + 2 < n && D[i + 1] === 0x0d && D[i + 2] === 0x0a) i += 3;
      else {
        if (i + 1 < n) put(D[i + 1] as number);
        i += 2;
      }
      continue;
    }
    if (b === 0x24 && i + 1 < n) {
      const c = D[i + 1] as number;
      // Bash's ANSI-C quoting (`$'\143\165rl'`, `$'\x73h'`): the escapes are the word's letters.
      if (c === 0x27) {
        i = ansiQuoted(i + 2);
        continue;
      }
      if (
        c === 0x40 ||
        c === 0x2a ||
        c === 0x23 ||
        c === 0x3f ||
        c === 0x21 ||
        c === 0x2d ||
        c === 0x24 ||
        isDigit(c)
      ) {
        wObf = true;
        i += 2;
        continue;
      }
      if (c === 0x7b) {
        let j = i + 2;
        while (j < n && j - i < 40 && D[j] !== 0x7d) j++;
        if (j >= n || D[j] !== 0x7d) {
          put(b);
          i++;
          continue;
        }
        if (
          j - i - 2 >= 3 &&
          fold(D[i + 2] as number) === 0x69 &&
          fold(D[i + 3] as number) === 0x66 &&
          fold(D[i + 4] as number) === 0x73
        ) {
          wIfs = true;
          return j + 1;
        }
        wObf = true;
        i = j + 1;
        continue;
      }
      if (c === 0x28) {
        if (i + 2 < n && D[i + 2] === 0x29) {
          wObf = true;
          i += 3;
          continue;
        }
        break;
      }
      if (isAlpha(c) || c === 0x5f) {
        let j = i + 1;
        while (j < n && isWord(D[j] as number)) j++;
        if (
          j - i - 1 === 3 &&
          fold(c) === 0x69 &&
          fold(D[i + 2] as number) === 0x66 &&
          fold(D[i + 3] as number) === 0x73
        ) {
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
    if (b === 0x5b) {
      if (i + 2 < n && D[i + 2] === 0x5d && D[i + 1] !== 0x5d) {
        wObf = true;
        put(D[i + 1] as number);
        i += 3;
        continue;
      }
      wGlob = true;
    }
    // cmd.exe's escape before a letter, inside a word or opening one escaped throughout (`c^m^d`, `who^ami`,
    // `&^w^h^o^a^m^i`; a regex's `^python` is an anchor): dropped, as cmd drops it.
    if (
      b === 0x5e &&
      i + 1 < n &&
      isAlpha(D[i + 1] as number) &&
      (swLen === 0 ? i + 2 < n && D[i + 2] === 0x5e : isAlpha(SW[swLen - 1] as number))
    ) {
      wCaret = true;
      i++;
      continue;
    }
    if (b === 0x2a || b === 0x3f) wGlob = true;
    put(b);
    wBare++;
    i++;
  }
  if (wQuotes > 1 || (wQuotes === 1 && wBare > 0)) wObf = true;
  // A caret in a word of three letters or more (not `e^x` in a formula) is an escape.
  if (wCaret && swLen >= 3) wObf = true;
  return i;
}

function skipBlanks(i: number): number {
  const n = st.dLen;
  while (i < n && isBlank(D[i] as number)) i++;
  return i;
}

/** Does SW[s..e) match system directory `dir` (SYSDIR table), wildcards allowed (`/e??/`, `/ET*`)? */
function globMatch(s: number, e: number, dir: number, di: number): boolean {
  const base = SYSDIR_OFF[dir] as number;
  const len = (SYSDIR_OFF[dir + 1] as number) - base;
  let i = s;
  let d = di;
  while (i < e) {
    const c = fold(SW[i] as number);
    if (c === 0x2a) {
      for (let k = d; k <= len; k++) if (globMatch(i + 1, e, dir, k)) return true;
      return false;
    }
    if (d >= len) return false;
    if (c === 0x5b) {
      let j = i + 1;
      while (j < e && SW[j] !== 0x5d) j++;
      i = j + 1;
      d++;
      continue;
    }
    if (c !== 0x3f && c !== SYSDIR_BYTES[base + d]) return false;
    i++;
    d++;
  }
  return d === len;
}

function globSystemPath(): boolean {
  if (swLen < 3 || SW[0] !== 0x2f || !wGlob) return false;
  let e = 1;
  while (e < swLen && SW[e] !== 0x2f) e++;
  for (let k = 0; k < SYSDIR_COUNT; k++) if (globMatch(1, e, k, 0)) return true;
  return false;
}

/**
 * The command word in SW is a file under a system directory named with `?`
 * wildcards (`/???/c?t`, `/b?n/w?oami`): a directory and a name, a `?`
 * (not only `[…]`: `/home/[draft]/plan.md`), no `*` (`/**` opens a comment
 * in code).
 */
function globCommandPath(): boolean {
  let slashes = 0;
  let wild = false;
  for (let k = 0; k < swLen; k++) {
    const c = SW[k];
    if (c === 0x2a) return false;
    if (c === 0x2f) slashes++;
    else if (c === 0x3f) wild = true;
  }
  return wild && slashes >= 2 && SW[swLen - 1] !== 0x2f && globSystemPath();
}

/**
 * Classifies the word in SW as an argument: 3 shell-specific (option, path, drive path: strong even
 * for a command that is also an English word), 2 strong for a real command (URL, IP, file name,
 * quoted or obfuscated word), 1 plain word, 0 nothing.
 */
function argStrength(): number {
  if (swLen === 0) return 0;
  const c0 = SW[0] as number;
  const c1 = swLen > 1 ? (SW[1] as number) : 0;
  // A quoted word is data in most languages: strong for a real command, not shell-specific. Quotes
  // that split a word (`/e't'c/pa's'swd`) are an evasion: the word is read as the shell reads it.
  if (wQuotes > 0 && !wObf) return 2;
  // An option (`-e`, `--help`); a lone `--` or `---` is a dash in prose ("call before 3pm -- ask for Mike").
  if (c0 === 0x2d && swLen >= 2 && (isAlpha(c1) || (c1 === 0x2d && swLen > 2 && isAlpha(SW[2] as number)))) return 3;
  // A path, not a regular expression literal (/^…/, /(…)/, /\d+/) or a lone `//` (a line comment).
  if (c0 === 0x2f && swLen >= 2)
    return c1 === 0x5e || c1 === 0x28 || c1 === 0x5c || (c1 === 0x2f && swLen === 2) ? 1 : 3;
  if (c0 === 0x2e && (c1 === 0x2f || (c1 === 0x2e && swLen > 2 && SW[2] === 0x2f))) return 3;
  if (c0 === 0x7e && (swLen === 1 || c1 === 0x2f)) return 3;
  if (isAlpha(c0) && c1 === 0x3a && swLen > 2 && (SW[2] === 0x5c || SW[2] === 0x2f)) return 3;
  let dots = 0;
  let digits = 0;
  let lastDot = -1;
  for (let k = 0; k < swLen; k++) {
    const b = SW[k] as number;
    if (b === 0x3a && k + 2 < swLen && SW[k + 1] === 0x2f && SW[k + 2] === 0x2f) return 2;
    if (b === 0x2e) {
      dots++;
      lastDot = k;
    } else if (isDigit(b)) digits++;
  }
  if (dots === 3 && digits + dots === swLen) return 2;
  // dir/file.ext or a/b/c: a relative path (one slash alone is "S/N", "km/h", "and/or").
  let slashes = 0;
  let dotAfterSlash = false;
  for (let k = 1; k < swLen; k++) {
    if (SW[k] === 0x2f) slashes++;
    else if (SW[k] === 0x2e && slashes > 0) dotAfterSlash = true;
  }
  // Numbers only (`4.1/4.2`, `14/05/2024`): a fraction, a pair or a date, not a file.
  if ((slashes >= 2 || (slashes === 1 && dotAfterSlash)) && digits + dots + slashes !== swLen) return 3;
  // v20.10.0, 1.2.3: a version, not a file name with an extension.
  const version = digits + dots === swLen || (digits + dots + 1 === swLen && ((SW[0] as number) | 0x20) === 0x76);
  if (!version && lastDot > 0 && swLen - lastDot - 1 >= 1 && swLen - lastDot - 1 <= 4) {
    let ok = true;
    for (let k = lastDot + 1; k < swLen; k++) if (!isWord(SW[k] as number)) ok = false;
    if (ok) return 2;
  }
  if (wObf && swLen > 0) return 2;
  return 1;
}

/**
 * The argument D[s..e) as written is Windows shell syntax, which the Unix
 * reading of backslashes hides: a drive path (`c:\`, `C:/x`), a UNC path
 * (`\\host\share`) or an environment variable (`%TEMP%`, `%PATH%\x.exe`).
 */
function windowsArgument(s: number, e: number): boolean {
  if (e - s >= 3 && isAlpha(D[s] as number) && D[s + 1] === 0x3a && (D[s + 2] === 0x5c || D[s + 2] === 0x2f))
    return true;
  if (e - s >= 3 && D[s] === 0x5c && D[s + 1] === 0x5c && isWord(D[s + 2] as number)) return true;
  if (D[s] === 0x25 && e - s >= 3) {
    let k = s + 1;
    while (k < e && (isWord(D[k] as number) || D[k] === 0x28 || D[k] === 0x29)) k++;
    return k > s + 1 && k < e && D[k] === 0x25;
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
/** Where that pipe is. */
let argPipeAt = 0;
let argAssign = false;
/** The command word was written in quotes (`| "start"` continues a TypeScript union type). */
let cwQuoted = false;
/** The first argument names a program (`start calc`, `start cmd`, `start x.exe`); read for `start` only. */
let argProgram = false;
/** The first argument is an English function word ("file is at …", "timeout OR …"): prose, not a command line. */
let argProse = false;
/**
 * The first argument is glued to a '(' as a call is (`at java.lang.Thread.run(Thread.java:1583)`, a
 * stack frame): a syntax error to a Unix shell, so code or a log line, not a command line.
 */
let argCall = false;
/** The last separator is one cmd.exe reads too (`&`, `&&`, `||`, a line break), not `;`. */
let sepWin = false;
/** What precedes the last separator or pipe (`leadToken`); 2 for a pipe makes its next word a command (`| id`). */
let sepLead = 0;
/**
 * Where the current command scan began (shellScan sets it from its `start`): 0, just after a quote
 * that breaks out of the app's quoting, or inside a double-quoted string holding a substitution.
 */
let scanStart = 0;
/** The last backtick opened a substitution glued to a token of data (10.0.0.12 then `id`). */
let btData = false;
/** Parentheses open at this point of the scan (a user agent's comment). */
let parenDepth = 0;

/**
 * What precedes the separator at i: 2 when it opens the value (blanks aside)
 * or follows one token of data that has a digit or a dot (an address, a
 * host, a number: `127.0.0.1|id`: letters, digits and `. - : _`), as an
 * injected separator does; 1 after one such token without a digit or dot
 * (`test;id`), unless the separator is spaced as punctuation in text is (a
 * `;` before a blank, a lone `&` between blanks: "Save & exit", "Shop; more");
 * 0 after words ("Home | Help") or punctuation (a password).
 */
function leadToken(i: number): number {
  let k = i - 1;
  while (k >= scanStart && isBlank(D[k] as number)) k--;
  if (k < scanStart) return 2;
  let dataLike = false;
  while (k >= scanStart && !isBlank(D[k] as number)) {
    const c = D[k] as number;
    if (isDigit(c) || c === 0x2e) dataLike = true;
    // An address, a host, a number: letters, digits and . - : _ only (not a password's punctuation).
    else if (!(isWord(c) || c === 0x2d || c === 0x3a)) return 0;
    k--;
  }
  while (k >= scanStart && isBlank(D[k] as number)) k--;
  if (k >= scanStart) return 0;
  return dataLike ? 2 : textSeparator(i) ? 0 : 1;
}

/** The separator at i is spaced as in text: `;` before a blank, or a lone `&` with blanks around it. */
function textSeparator(i: number): boolean {
  const n = st.dLen;
  const c = D[i] as number;
  const after = i + 1 < n && isBlank(D[i + 1] as number);
  if (c === 0x3b) return after;
  return c === 0x26 && after && i > 0 && isBlank(D[i - 1] as number);
}

/** After i, the subshell's close and its output redirected (`;(id)>/var/www/a.txt`): shell syntax alone. */
function subshellRedirected(i: number): boolean {
  const n = st.dLen;
  let k = skipBlanks(i);
  if (k >= n || D[k] !== 0x29 || parenDepth === 0) return false;
  k = skipBlanks(k + 1);
  return k < n && D[k] === 0x3e;
}

/** Nothing but blanks, a separator or a comment after i: the command ends the value. */
function endsValue(i: number): boolean {
  const n = st.dLen;
  let k = skipBlanks(i);
  // A subshell's close (`;(id)`) ends it as the value's end does.
  if (k < n && D[k] === 0x29 && parenDepth > 0) k = skipBlanks(k + 1);
  if (k < n && (D[k] === 0x3b || D[k] === 0x26 || D[k] === 0x7c || D[k] === 0x0a || D[k] === 0x0d))
    k = skipBlanks(k + 1);
  return k >= n || D[k] === 0x23;
}

/**
 * After i come a separator and a bare shell comment that ends the value (`; id; #`, `|| id && #`):
 * the injection's way of cutting off what the application appends. A list ends in a word or a
 * hashtag (`#blessed`), not in `#` alone.
 */
function separatorThenComment(i: number): boolean {
  const n = st.dLen;
  let k = skipBlanks(i);
  if (k >= n || !(D[k] === 0x3b || D[k] === 0x26 || D[k] === 0x7c)) return false;
  k++;
  if (k < n && (D[k] === 0x26 || D[k] === 0x7c)) k++;
  k = skipBlanks(k);
  if (k >= n || D[k] !== 0x23) return false;
  k = skipBlanks(k + 1);
  return k >= n;
}

/** Where the innermost `{` group opened (its `{` index), or -1 for `(` groups. */
let braceAt: number = -1;

/**
 * `<name>` at i ending its line or the value, or before a comma, a full stop or another tag (`in
 * <module>`, `token: <your-token>.`, `<br><div>`), or a closing tag `</div>` anywhere, or any tag
 * right after another's `>` (`more</h2><p>Every`, `</b> <i>x`): a placeholder, a stack trace's
 * frame name or markup. As shell it would be a redirection whose `>` has no target, a syntax error
 * that stops the whole line. Returns the index after the `>`, or i.
 */
/**
 * Where Slack's mention or channel syntax at i ends (`<@U04ABCD1234>`, `<#C024BE7LD|general>`,
 * `<!subteam^S05XYZ|install-ops>`, `<!here>`): an `@`, `#` or `!` glued to the `<`, an id, an optional
 * label, then `>`. A message's markup, not input redirected from a file named `@U…`. i when none.
 */
function chatMention(i: number): number {
  const n = st.dLen;
  const s = D[i + 1] as number;
  if (i + 2 >= n || (s !== 0x40 && s !== 0x23 && s !== 0x21)) return i;
  let k = i + 2;
  while (k < n && k - i < 96 && D[k] !== 0x3e && !isBlank(D[k] as number) && D[k] !== 0x3c) k++;
  return k > i + 2 && k < n && D[k] === 0x3e ? k + 1 : i;
}

function placeholderAt(i: number): number {
  const n = st.dLen;
  let k = i + 1;
  // `</div>`: a closing tag, whatever follows it (as shell, input from `/div` and an output with no name).
  const closing = k < n && D[k] === 0x2f;
  if (closing) k++;
  while (k < n && k - i < 40 && (isWord(D[k] as number) || D[k] === 0x2d)) k++;
  if (k === i + (closing ? 2 : 1) || k >= n || D[k] !== 0x3e) return i;
  const e = k + 1;
  if (e >= n || closing) return e;
  let p = i;
  while (p > 0 && isBlank(D[p - 1] as number)) p--;
  if (p > 0 && D[p - 1] === 0x3e) return e;
  const b = D[e] as number;
  return b === 0x0a || b === 0x0d || b === 0x2c || b === 0x2e || b === 0x3c || literalNewline(e) ? e : i;
}

/**
 * `<` at i, glued to the word before it (no blank), opening `<Name …>` whose
 * content is names, blanks, ',', '=', '|', '?', ':', '[]' and nested `<…>`
 * up to its matching `>`: type arguments (z.infer<typeof T>, Promise<A | B>)
 * or a stack trace's `Object.<anonymous>`, never a redirection, whose target
 * is a path or file name (`cat</etc/passwd`, `cat<in.txt`). Returns the index
 * after the matching `>`, or i when it is not one.
 */
function typeArguments(i: number): number {
  const n = st.dLen;
  if (i === 0 || i + 1 >= n) return i;
  const p = D[i - 1] as number;
  if (!(isWord(p) || p === 0x2e)) return i;
  if (!isAlpha(D[i + 1] as number)) return i;
  let depth = 0;
  for (let j = i; j < n && j - i < 96; j++) {
    const b = D[j] as number;
    if (b === 0x3c) depth++;
    else if (b === 0x3e) {
      depth--;
      if (depth === 0) return j + 1;
    } else if (
      !(
        isWord(b) ||
        b === 0x20 ||
        b === 0x2c ||
        b === 0x3d ||
        b === 0x7c ||
        b === 0x3f ||
        b === 0x3a ||
        b === 0x5b ||
        b === 0x5d
      )
    )
      return i;
  }
  return i;
}

/** Index after the star-slash that closes a C comment whose body starts at i, or 0 when none does. */
function commentEnd(i: number): number {
  const n = st.dLen;
  for (let k = i; k + 1 < n; k++) if (D[k] === 0x2a && D[k + 1] === 0x2f) return k + 2;
  return 0;
}

/**
 * The `<` or `>` at i is an operator of code, not a redirection: `>=`, `<=`,
 * `=>`, `>>>` (bash reads `>=` as a file named "=" and `>>>` as an error).
 * Returns the index after it, or 0.
 */
function comparisonAt(i: number): number {
  const n = st.dLen;
  const c = i + 1 < n ? (D[i + 1] as number) : 0;
  if (c === 0x3d) return i + 2;
  if (i > 0 && D[i - 1] === 0x3d && D[i] === 0x3e) return i + 1;
  if (D[i] === 0x3e && c === 0x3e && i + 2 < n && D[i + 2] === 0x3e) return i + 3;
  return 0;
}

/** Looks at up to four arguments after a command ending at i (same simple command). */
/** At i (`<`), a heart typed in text (`<3`, `<33`) rather than a redirect from a file named by digits: its end, or i. */
function heartAt(i: number): number {
  const n = st.dLen;
  let k = i + 1;
  while (k < n && k - i <= 2 && isDigit(D[k] as number)) k++;
  return k > i + 1 && (k >= n || !isWord(D[k] as number)) ? k : i;
}

/**
 * At i (`>`), "more than" an amount in text (`>$500?`, `> 50%`, `>5`) rather than a redirect into a file
 * named by digits: its end, or i. An attacker's redirect writes a path or a script (`>/tmp/x`,
 * `>x.php`, `>&2`), never a bare number.
 */
function amountAt(i: number): number {
  const n = st.dLen;
  let k = i + 1;
  while (k < n && k - i <= 2 && D[k] === 0x20) k++;
  if (k < n && D[k] === 0x24) k++;
  const digits = k;
  while (k < n && k - digits < 9 && isDigit(D[k] as number)) k++;
  if (k === digits) return i;
  if (k + 1 < n && (D[k] === 0x2e || D[k] === 0x2c) && isDigit(D[k + 1] as number)) {
    k++;
    while (k < n && isDigit(D[k] as number)) k++;
  }
  if (k < n && (D[k] === 0x25 || D[k] === 0x2b)) k++;
  return k >= n || !(isWord(D[k] as number) || D[k] === 0x2e || D[k] === 0x2f) ? k : i;
}

/**
 * At i (`>`), an emoticon's brows and eyes (`>:|`, `>:(`, `>:-)`, `>;D`) rather than a redirect into a
 * file named by punctuation: its end, or i.
 */
function emoticonAt(i: number): number {
  const n = st.dLen;
  let k = i + 1;
  if (k >= n || (D[k] !== 0x3a && D[k] !== 0x3b && D[k] !== 0x3d)) return i;
  k++;
  if (k < n && D[k] === 0x2d) k++;
  if (k >= n) return i;
  const m = D[k] as number;
  const mouth =
    m === 0x7c || m === 0x28 || m === 0x29 || m === 0x44 || m === 0x50 || m === 0x4f || m === 0x5b || m === 0x5d;
  if (!mouth) return i;
  k++;
  return k >= n || isBlank(D[k] as number) ? k : i;
}

/** Bytes no breadcrumb holds and a command line needs: separators and substitutions. */
const BREADCRUMB_FOREIGN = M_SEMI | M_PIPE | M_AMP | M_BT | M_NL | M_DOLLAR;

/** Is `>` at k glued to a word character before it and a letter after it (`tools>drills`)? */
function gluedAngle(k: number): boolean {
  return k > 0 && k + 1 < st.dLen && D[k] === 0x3e && isWord(D[k - 1] as number) && isAlpha(D[k + 1] as number);
}

/**
 * At i (`>`), a breadcrumb's separator (`pip>tools>power tools>drills`, an analytics beacon's page
 * name): `>` glued between words, twice or more in the value. Its end, or i. A redirect writes one
 * file, once.
 */
function breadcrumbAt(i: number): number {
  // Never after a separator or a substitution: `;id>a>b` is a command's redirect however it is spelled.
  if (!gluedAngle(i) || (st.mask & BREADCRUMB_FOREIGN) !== 0) return i;
  let count = 0;
  for (let k = 1; k + 1 < st.dLen && count < 2; k++) if (gluedAngle(k)) count++;
  return count >= 2 ? i + 1 : i;
}

function lookArgs(i: number): void {
  const n = st.dLen;
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
    const b = D[j] as number;
    // `||` ends the command like `;` (the next word is judged as a command of its own); `|` pipes.
    if (b === 0x7c && j + 1 < n && D[j + 1] === 0x7c) return;
    if (b === 0x7c) {
      argPipe = true;
      argPipeAt = j;
      return;
    }
    // A C-style comment among the arguments (`let x = /* note */ y`) is code, not the glob `/*`.
    if (b === 0x2f && j + 1 < n && D[j + 1] === 0x2a) {
      const e = commentEnd(j + 2);
      if (e > 0) {
        j = e;
        continue;
      }
    }
    if (b === 0x3c || b === 0x3e) {
      // Foo<Bar> / Object.<anonymous> (type arguments or a tag name) and >=, <=, =>, >>> are code.
      let past = b === 0x3c ? typeArguments(j) : j;
      if (past === j && b === 0x3c) past = placeholderAt(j);
      if (past === j) past = comparisonAt(j) || j;
      if (past === j && b === 0x3c) past = heartAt(j);
      if (past === j && b === 0x3c) past = chatMention(j);
      if (past === j && b === 0x3e) past = amountAt(j);
      if (past === j && b === 0x3e) past = emoticonAt(j);
      if (past === j && b === 0x3e) past = breadcrumbAt(j);
      if (past > j) {
        j = past;
        continue;
      }
      argStrong = true;
      argShell = true;
      return;
    }
    if (isTerminator(b) || literalNewline(j)) return;
    // A bare `#` after a blank (`;id #`) comments out the rest: no argument (`#5`, `#blessed` are words).
    if (b === 0x23 && isBlank(D[j - 1] as number) && (j + 1 >= n || isBlank(D[j + 1] as number))) return;
    const e = readWord(j, false);
    if (e === j) return;
    const raw = j;
    j = e;
    if (swLen === 0) continue;
    argCount++;
    const st2 = windowsArgument(raw, e) ? 3 : argStrength();
    if (st2 >= 2) argStrong = true;
    if (st2 === 3) argShell = true;
    if (a === 0) for (let k = 0; k < swLen; k++) if (SW[k] === 0x3d) argAssign = true;
    if (a === 0 && start) argProgram = swProgram();
    // `net user`, `net localgroup …`: the word `net` with a subcommand of cmd.exe's.
    if (a === 0 && cwIs(KW_NET) && swIsKeyword(KW_NET_SUB, KW_NET_SUB_COUNT)) {
      argStrong = true;
      argShell = true;
    }
    if (a === 0 && raw === j - swLen && swLen <= 6) argProse = swIsProse();
    if (a === 0 && j < n && D[j] === 0x28 && isWord(D[j - 1] as number)) argCall = true;
    if (globSystemPath()) emit(R.GLOB_PATH as number);
  }
}

function isNameKind(kind: number): boolean {
  return kind === K_QUERY_NAME || kind === K_BODY_NAME || kind === K_COOKIE_NAME;
}

function cwIs(k: number): boolean {
  const len = kwLen(k);
  if (cwLen !== len) return false;
  for (let q = 0; q < len; q++) if (fold(CW[q] as number) !== kwByte(k, q)) return false;
  return true;
}

/** Case-insensitive word at i followed by a non-letter. */
function wordAt(i: number, k: number): boolean {
  const e = i + kwLen(k);
  return kwAt(i, k) && (e >= st.dLen || !isAlpha(D[e] as number));
}

/** The run of bytes at i up to a blank or a line break (a batch line ends there: Python's `if x == y:` goes on below). */
function nonBlankRun(i: number): number {
  const n = st.dLen;
  while (i < n && !isBlank(D[i] as number) && D[i] !== 0x0a && D[i] !== 0x0d) i++;
  return i;
}

/** FOR [/x …] ["opts"] %v IN (…) DO */
function batchFor(i: number): boolean {
  const n = st.dLen;
  let k = skipBlanks(i);
  let rootPath = false;
  for (let guard = 0; guard < 6; guard++) {
    if (k + 1 < n && D[k] === 0x2f && isAlpha(D[k + 1] as number)) {
      // FOR /R takes a root directory before the variable (FOR /R C:\dir %A IN …).
      rootPath = fold(D[k + 1] as number) === 0x72;
      k = skipBlanks(k + 2);
      continue;
    }
    if (rootPath && k < n && D[k] !== 0x25) {
      rootPath = false;
      k = skipBlanks(nonBlankRun(k));
      continue;
    }
    if (k < n && (D[k] === 0x22 || (D[k] === 0x5c && k + 1 < n && D[k + 1] === 0x22))) {
      const q = D[k] === 0x22 ? k + 1 : k + 2;
      let j = q;
      while (j < n && D[j] !== 0x22) j++;
      k = skipBlanks(j + 1);
      continue;
    }
    break;
  }
  if (k >= n || D[k] !== 0x25) return false;
  k = nonBlankRun(k);
  k = skipBlanks(k);
  if (!wordAt(k, KW_IN)) return false;
  k = skipBlanks(k + 2);
  if (k >= n || D[k] !== 0x28) return false;
  let j = k + 1;
  while (j < n && j - k < 512 && D[j] !== 0x29) j++;
  if (j >= n || D[j] !== 0x29) return false;
  k = skipBlanks(j + 1);
  return wordAt(k, KW_DO);
}

/**
 * The parenthesised condition at k uses operators batch does not have
 * (`===`, `!=`, `&&`, `||`): "if (ws.isAlive === false) …" is JavaScript,
 * PHP or C, while "if not (2 equ 2) echo" is batch.
 */
function cStyleCondition(k: number): boolean {
  const n = st.dLen;
  for (let j = k + 1; j + 1 < n && j - k < 128; j++) {
    const b = D[j] as number;
    if (b === 0x29) return false;
    const c = D[j + 1] as number;
    if ((b === 0x21 && c === 0x3d) || (b === 0x26 && c === 0x26) || (b === 0x7c && c === 0x7c)) return true;
    if (b === 0x3d && c === 0x3d && j + 2 < n && D[j + 2] === 0x3d) return true;
  }
  return false;
}

/** A byte that can follow '%' in a batch variable: %1, %~1, %%a, %*, %name%. */
function batchVarStart(b: number): boolean {
  return isAlpha(b) || isDigit(b) || b === 0x7e || b === 0x25 || b === 0x2a;
}

/** IF [/I] [NOT] (EXIST x | DEFINED x | ERRORLEVEL n | a==b | a EQU b) command */
function batchIf(i: number): boolean {
  const n = st.dLen;
  let k = skipBlanks(i);
  if (k + 1 < n && D[k] === 0x2f && fold(D[k + 1] as number) === 0x69) k = skipBlanks(k + 2);
  if (wordAt(k, KW_NOT)) k = skipBlanks(k + 3);
  if (k < n && D[k] === 0x28 && cStyleCondition(k)) return false;
  if (wordAt(k, KW_EXIST) || wordAt(k, KW_DEFINED) || wordAt(k, KW_ERRORLEVEL)) {
    k = skipBlanks(nonBlankRun(k));
    k = skipBlanks(nonBlankRun(k));
  } else {
    const s = k;
    const e = nonBlankRun(k);
    if (e === s) return false;
    let eq = false;
    let pct = false;
    for (let q = s; q + 1 < e; q++) {
      if (D[q] === 0x3d && D[q + 1] === 0x3d) eq = true;
      if (D[q] === 0x25 && batchVarStart(D[q + 1] as number)) pct = true;
    }
    // A comparison of a batch variable (IF [%1]==[/?], IF %x%==y) is batch whatever follows.
    if (eq && pct) return true;
    k = skipBlanks(e);
    if (!eq) {
      let op = false;
      if (k + 1 < n && D[k] === 0x3d && D[k + 1] === 0x3d) op = true;
      for (let c = 0; c < KW_CMP_COUNT && !op; c++) if (wordAt(k, KW_EQU + c)) op = true;
      if (!op) return false;
      k = skipBlanks(nonBlankRun(k));
      const e2 = nonBlankRun(k);
      if (e2 === k) return false;
      k = skipBlanks(e2);
    }
  }
  if (k >= n || wordAt(k, KW_THEN)) return false;
  if (D[k] === 0x28 || D[k] === 0x40) return true;
  let e = k;
  while (e < n && (isWord(D[e] as number) || D[e] === 0x2d)) e++;
  const w = lookupWord(D, k, e);
  return w >= 0 && ((WORD_SHELL[w] as number) & (SH_BATCH | SH_WINDOWS | SH_UNIX)) !== 0;
}

/**
 * CW is an absolute path under a system directory with a bracket expression
 * in a later segment (/etc/[p]asswd, /etc/[!a-c]asswd): a shell glob naming a
 * file that the value never spells out. Only character classes count (one
 * character, a range, a negation): a name in brackets ("[draft]") is no glob.
 */
function bracketGlobSystemFile(): boolean {
  if (cwLen < 6 || CW[0] !== 0x2f) return false;
  let e = 1;
  while (e < cwLen && CW[e] !== 0x2f) e++;
  if (e >= cwLen - 1) return false;
  let dir = false;
  for (let k = 0; k < SYSDIR_COUNT && !dir; k++) {
    const base = SYSDIR_OFF[k] as number;
    const len = (SYSDIR_OFF[k + 1] as number) - base;
    if (len !== e - 1) continue;
    let q = 0;
    while (q < len && fold(CW[1 + q] as number) === SYSDIR_BYTES[base + q]) q++;
    dir = q === len;
  }
  if (!dir) return false;
  for (let k = e + 1; k < cwLen; k++) {
    if (CW[k] !== 0x5b) continue;
    let j = k + 1;
    let range = false;
    while (j < cwLen && CW[j] !== 0x5d && CW[j] !== 0x2f) {
      if (CW[j] === 0x2d && j > k + 1 && j + 1 < cwLen && CW[j + 1] !== 0x5d) range = true;
      j++;
    }
    if (j >= cwLen || CW[j] !== 0x5d || j === k + 1) continue;
    // A character class, not a name in brackets ("[draft]"): one character, a range, or a negation.
    const first = CW[k + 1] as number;
    if (j === k + 2 || range || first === 0x21 || first === 0x5e) return true;
  }
  return false;
}

/**
 * The word before `next`, in a `{` group, is a name in braces rather than a
 * command: `{ fetch }`, `{mount}`, `{ fetch, Request }` (JavaScript imports
 * and destructuring). Bash runs neither as a group (`{ cmd; }` needs the ';')
 * nor expands `{name}`; brace expansion (`{cat,/etc/passwd}`) has no blank
 * after the `{` and keeps counting.
 */
function bracedName(next: number): boolean {
  const n = st.dLen;
  const k = skipBlanks(next);
  if (k >= n) return false;
  if (D[k] === 0x7d) return true;
  return D[k] === 0x2c && braceAt + 1 < n && isBlank(D[braceAt + 1] as number);
}

/**
 * A word inside `{…}` that a `{` or `(name:` follows is a field of a GraphQL
 * selection (`{ node { id } }`, `node(id: $id)`), not a command of a brace
 * group (bash needs `;` before a group's `}`, and no command takes `(x:`).
 */
function selectionField(next: number): boolean {
  const n = st.dLen;
  const k = skipBlanks(next);
  if (k >= n) return false;
  if (D[k] === 0x7b) return true;
  if (D[k] !== 0x28) return false;
  let j = skipBlanks(k + 1);
  const start = j;
  while (j < n && isWord(D[j] as number)) j++;
  if (j === start) return false;
  j = skipBlanks(j);
  return j < n && D[j] === 0x3a;
}

/**
 * The word before `next` closes a `(` group that a block follows: a
 * parameter list (`get (hostname) {`, `catch (err) {`), not a subshell
 * (bash has no `(cmd) {`).
 */
function parameterList(next: number): boolean {
  const n = st.dLen;
  const k = skipBlanks(next);
  if (k >= n || D[k] !== 0x29) return false;
  const b = skipBlanks(k + 1);
  return b < n && D[b] === 0x7b;
}

/** Does buf[0..len) end with keyword k (case-insensitive), after at least one byte? */
function endsWithKw(buf: Uint8Array, len: number, k: number): boolean {
  const kl = kwLen(k);
  if (len <= kl) return false;
  for (let q = 0; q < kl; q++) if (fold(buf[len - kl + q] as number) !== kwByte(k, q)) return false;
  return true;
}

/** buf[0..len) names a file cmd.exe runs by its extension (`calc.exe`, `run.bat`, `a.ps1`). */
function windowsFile(buf: Uint8Array, len: number): boolean {
  for (let k = 0; k < KW_WIN_EXT_COUNT; k++) if (endsWithKw(buf, len, KW_WIN_EXT + k)) return true;
  return false;
}

/** The word in SW is one of the keywords `from`..`from + count - 1` (case-insensitive). */
function swIsKeyword(from: number, count: number): boolean {
  for (let k = from; k < from + count; k++) {
    if (swLen !== kwLen(k)) continue;
    let q = 0;
    while (q < swLen && fold(SW[q] as number) === kwByte(k, q)) q++;
    if (q === swLen) return true;
  }
  return false;
}

/** The word in SW, as written, is an English function word (`KW_PROSE`). */
function swIsProse(): boolean {
  return swIsKeyword(KW_PROSE, KW_PROSE_COUNT);
}

/** The word in SW is a program `start` would launch: a command, a proof-of-concept program, a `.exe`. */
function swProgram(): boolean {
  if (windowsFile(SW, swLen) || swIsKeyword(KW_DEMO_PROGRAM, KW_DEMO_PROGRAM_COUNT)) return true;
  const w = lookupWord(SW, 0, swLen);
  const flags = w >= 0 ? (WORD_SHELL[w] as number) : 0;
  return (flags & (SH_UNIX | SH_WINDOWS)) !== 0 && (flags & SH_AMBIGUOUS) === 0;
}

/**
 * The command is in a place cmd.exe would run it: after `&`, `&&`, `||` or a
 * line break (not `;`, which cmd.exe does not read as a separator), after a
 * pipe that opens the value or follows its one data token, or in `$(…)`.
 */
function windowsPosition(ctx: number): boolean {
  return (ctx === CTX_SEP && sepWin) || (ctx === CTX_PIPE && sepLead === 2) || ctx === CTX_SUBST;
}

/**
 * A time-based blind probe: `sleep N` (a number of at most four digits,
 * an optional unit) and then the end of the value or of the command (a
 * separator, a closing backtick or parenthesis, a comment, a closing quote),
 * as in `;sleep 5`, `|sleep 5|` or in backticks. Prose goes on after the
 * number ("; sleep 8 hours").
 */
function sleepProbe(next: number): boolean {
  const n = st.dLen;
  let k = skipBlanks(next);
  const s = k;
  while (k < n && isDigit(D[k] as number)) k++;
  if (k === s || k - s > 4) return false;
  if (k + 1 < n && D[k] === 0x2e && isDigit(D[k + 1] as number)) {
    k++;
    while (k < n && isDigit(D[k] as number)) k++;
  }
  if (k < n) {
    const u = fold(D[k] as number);
    if (u === 0x73 || u === 0x6d || u === 0x68) k++;
  }
  k = skipBlanks(k);
  if (k >= n) return true;
  const c = D[k] as number;
  return (
    c === 0x3b ||
    c === 0x26 ||
    c === 0x7c ||
    c === 0x0a ||
    c === 0x0d ||
    c === 0x60 ||
    c === 0x29 ||
    c === 0x23 ||
    c === 0x27 ||
    c === 0x22 ||
    literalNewline(k)
  );
}

/**
 * CW is written as a capitalised word (`File`, `Sort`): a sentence's or a log line's first word
 * (`File "/app/run.py", line 42`). A Unix shell is case-sensitive and runs no such command.
 */
function cwCapitalised(): boolean {
  if (cwLen < 1 || (CW[0] as number) < 0x41 || (CW[0] as number) > 0x5a) return false;
  // One capital letter (`B&W`, `R&D`): `w` is a command, `W` on Linux is not.
  if (cwLen === 1) return true;
  // All capitals is an acronym (`TAR 2.0 workflow`, technology-assisted review): no Unix command either.
  const upper = (CW[1] as number) >= 0x41 && (CW[1] as number) <= 0x5a;
  const lo = upper ? 0x41 : 0x61;
  for (let k = 1; k < cwLen; k++) if ((CW[k] as number) < lo || (CW[k] as number) > lo + 25) return false;
  return true;
}

/** Judges the command word CW in context `ctx`; returns its shell flags. */
function judgeCommand(ctx: number, next: number, kind: number, obf: boolean): number {
  if (cwIs(KW_FOR)) {
    if (batchFor(next)) emit(R.WIN_BATCH as number);
    return 0;
  }
  if (cwIs(KW_IF)) {
    if (batchIf(next)) emit(R.WIN_BATCH as number);
    return 0;
  }
  // SQLite shell dot-command (.shell, .system, .databases).
  if (cwLen > 1 && CW[0] === 0x2e && (ctx === CTX_START || ctx === CTX_SEP)) {
    let e = 1;
    while (e < cwLen && isWord(CW[e] as number)) e++;
    const w = lookupWord(CW, 1, e);
    if (w >= 0 && ((WORD_MISC[w] as number) & MISC_SQLITE_DOT) !== 0) emit(R.SQLITE_DOT as number);
    return 0;
  }
  // `/???/c?t`, `/b?n/w?oami`: a command named by wildcards over a system directory.
  if (bracketGlobSystemFile() || globCommandPath()) emit(R.GLOB_PATH as number);
  // Basename of a path-qualified command (/usr/bin/perl → perl).
  let b = 0;
  if (CW[0] === 0x2f || (CW[0] === 0x2e && cwLen > 1 && CW[1] === 0x2f)) {
    for (let k = 0; k < cwLen; k++) if (CW[k] === 0x2f) b = k + 1;
  }
  const w = lookupWord(CW, b, cwLen);
  const flags = w >= 0 ? (WORD_SHELL[w] as number) : 0;
  if ((flags & (SH_UNIX | SH_WINDOWS)) === 0) {
    // "& calc.exe", "| payload.ps1": a program run by its file name where cmd.exe reads a command.
    if (windowsPosition(ctx) && windowsFile(CW, cwLen)) emit(R.WIN_CMD as number);
    return 0;
  }
  const amb = (flags & SH_AMBIGUOUS) !== 0;
  const rule = (flags & SH_WINDOWS) !== 0 && (flags & SH_UNIX) === 0 ? (R.WIN_CMD as number) : (R.UNIX_CMD as number);
  lookArgs(next);
  if (obf) {
    emit(R.SHELL_OBFUSCATION as number);
    return flags;
  }
  if (cwIs(KW_ALIAS) && argAssign) emit(R.SHELL_ALIAS as number);
  // "fetch(request)", `printf("Sum = %d", sum)`: a name glued to '(' is a call in code, and so is a
  // first argument glued to one (`at java.lang.Thread.run(Thread.java:1583)`, a stack frame); both
  // are syntax errors to a Unix shell. cmd.exe reads `echo(` as a command, so Windows ones still count.
  const called = (next < st.dLen && D[next] === 0x28) || argCall;
  // After a quote that broke out of the app's quoting (`admin';return(true);`) a call is code injected
  // all the same.
  if (called && scanStart === 0 && rule !== (R.WIN_CMD as number) && ctx !== CTX_SUBST && ctx !== CTX_BACKTICK)
    return flags;
  // Capitalised, a Unix-only command is a word of text (`File "/app/run.py", line 42`): Linux runs no `File`.
  if ((flags & SH_WINDOWS) === 0 && cwCapitalised() && ctx !== CTX_SUBST && ctx !== CTX_BACKTICK) return flags;
  // A user agent's comment lists its platform: "(python 3.12.3; os linux; arch x86_64)", "(gzip)".
  // Inside its parentheses, without shell syntax in the header (Shellshock's `() { :; };`, `$(…)`, a
  // pipe, a redirect) and without shell arguments, a command name is a product token.
  if (kind === K_USER_AGENT && parenDepth > 0 && !argShell && (st.mask & UA_SHELL) === 0) return flags;
  // A client library names its runtime after a `;` (`sendgrid/8.1.1;nodejs`, `x/2.0;python`): a platform
  // token, run with nothing.
  if (
    kind === K_USER_AGENT &&
    ctx === CTX_SEP &&
    (flags & SH_INTERPRETER) !== 0 &&
    argCount === 0 &&
    !argShell &&
    !argPipe
  )
    return flags;
  // "File is at D:\…", "ping is failing to 10.0.0.1", "timeout OR …": a command name at the start of a
  // value that an English function word follows is prose or a search query. So is it after a separator
  // ("ok; ping me when ready", "fine; tree was damaged") while nothing after it is shell-like; with a
  // path, an option or an address among its arguments it still counts (`;cat the /etc/passwd` reads
  // /etc/passwd all the same).
  if (argProse && (ctx === CTX_START || (ctx === CTX_SEP && !argStrong && !argShell))) return flags;
  // "& start calc", "| start cmd": cmd.exe launching a program.
  if (argProgram && windowsPosition(ctx)) {
    emit(R.WIN_CMD as number);
    return flags;
  }
  // ";sleep 5", "|sleep 5|", "`sleep 5`": a time-based blind probe, where a separator, a leading pipe
  // or a substitution puts it.
  if (
    cwIs(KW_SLEEP) &&
    (ctx === CTX_SEP || ctx === CTX_BACKTICK || ctx === CTX_PREFIXED || (ctx === CTX_PIPE && sepLead === 2)) &&
    sleepProbe(next)
  ) {
    emit(ctx === CTX_BACKTICK ? (R.SHELL_EXPANSION as number) : rule);
    return flags;
  }
  // One word alone between backticks glued to data is run, English or not.
  const btWord = btData && argCount === 0 && next < st.dLen && D[next] === 0x60;
  if (ctx === CTX_SUBST || (ctx === CTX_BACKTICK && (!amb || argShell || btWord))) {
    emit(R.SHELL_EXPANSION as number);
    return flags;
  }
  if (ctx === CTX_BACKTICK) return flags;
  if (ctx === CTX_PIPE && (flags & SH_INTERPRETER) !== 0 && !argPipe) {
    // "| sh", "| bash -s": but "| node |" is a cell of a markdown table.
    emit(rule);
    return flags;
  }
  // A following pipe is shell syntax, except after a pipe (markdown tables: "| find |").
  // "Top 10 | Best sellers": a title's separator, where a word no shell runs follows the pipe.
  const pipeArg = argPipe && ctx !== CTX_PIPE && !(amb && separatorThenWord(argPipeAt));
  const strong = amb ? argShell || pipeArg : argStrong || argShell || pipeArg;
  if (ctx === CTX_START) {
    if (isNameKind(kind) && !strong) return flags;
    if (!strong && argCount === 0 && next < st.dLen && D[next] === 0x28) return flags;
    if (strong && !bareWordPipeList()) emit(rule === (R.WIN_CMD as number) ? rule : (R.UNIX_CMD_START as number));
    else if (!amb && argCount === 0 && kind !== K_USER_AGENT) {
      // "whoami;", "ifconfig && …": a command ended by a shell separator. A lone word ("python",
      // "timeout", "docker" in a search box) is a product or tool name as often as a probe: PL2.
      // "History & culture", "Timeout; retry": a heading or a list, whose first word a shell also knows.
      emit(separatorAt(next) && !separatorThenWord(next) ? (R.UNIX_CMD_START as number) : (R.UNIX_CMD_ALONE as number));
    } else if (amb && argCount === 0 && kind !== K_USER_AGENT) emit(R.UNIX_CMD_ALONE as number);
    return flags;
  }
  if (ctx === CTX_GROUP) {
    // Inside a template's double brace (`{{ printf "%.2f" $value }}`) a name is the template's helper,
    // judged by the template reader; no shell opens a group with `{{`.
    if (braceAt > 0 && D[braceAt - 1] === 0x7b) return flags;
    if (braceAt >= 0 && !strong && (bracedName(next) || selectionField(next))) return flags;
    // `title:(python OR "data science")`, "(ping or call)": a search's group or a parenthesis in prose.
    if (argProse && !argShell) return flags;
    if (braceAt < 0 && !strong && parameterList(next)) return flags;
    // "(exec lounge)", "(exec summary)": a prefix runs the word after it, judged as in CTX_PREFIXED.
    if ((flags & SH_PREFIX) !== 0 && !amb && !strong) return flags;
    // "(test)", "(free)": parentheses are prose too; only unambiguous commands or shell arguments count.
    if (!amb || strong) emit(rule);
    return flags;
  }
  // After a pipe in prose or a table ("Home | Help", "| find |") a word needs shell arguments; after a pipe
  // that opens the value or follows the one token the app expected ("| id", "127.0.0.1|id") it is a command.
  if (ctx === CTX_PIPE && ((amb && !argShell && !(sepLead === 2 && !cwQuoted)) || (argPipe && argCount === 0)))
    return flags;
  // A word that is also English, alone after a separator, is a command when the separator opens the
  // value or follows its one data token (`;id`, `127.0.0.1;id`, `1 && pwd`), or follows one word and
  // ends the value (`test;id`); in a list of words it is an item ("flour; sugar; salt", "name;id;email").
  // A prefix (`exec`, `sudo`, `nohup`) runs the word after it: "; exec officers excluded", "; exec
  // sponsor: M. de la Rosa" are a title in prose. Without shell arguments it is judged by that word
  // (CTX_PREFIXED, next), as `; sudo id` and `; exec sh` are.
  if ((flags & SH_PREFIX) !== 0 && !amb && !strong) return flags;
  const lone =
    ctx !== CTX_SEP ||
    sepLead === 2 ||
    (sepLead === 1 && endsValue(next)) ||
    separatorThenComment(next) ||
    subshellRedirected(next);
  if (!amb || (argCount === 0 && !argPipe && lone) || strong || echoProbe(next)) emit(rule);
  return flags;
}

/**
 * `127.0.0.1|echo hkqz`, `8.8.8.8;echo 5f2a`: echo glued to a separator that follows the one data
 * token the app expected (an address, a number), the probe scanners send to see their marker printed.
 * In text a separator is followed by a blank ("2024; echo chamber").
 */
function echoProbe(next: number): boolean {
  if (!cwIs(KW_ECHO) || sepLead !== 2 || argCount === 0) return false;
  const s = next - cwLen - 1;
  if (s <= scanStart) return false;
  const c = D[s] as number;
  return (c === 0x7c || c === 0x3b || c === 0x26) && isWord(D[skipBlanks(scanStart)] as number);
}

/**
 * cmd.exe's substring expansion (`%COMSPEC:~-7,1%`, `%ProgramFiles:~10,-5%`): letters cut out of a
 * variable's value to spell a command no filter would see (`%COMSPEC:~-7,1%%COMSPEC:~-4,1%…` is
 * `cmd`). Outside a batch file nobody writes it.
 */
function cmdSubstrings(): void {
  const n = st.dLen;
  for (let i = 0; i + 4 < n; i++) {
    if (D[i] !== 0x25) continue;
    let k = i + 1;
    while (k < n && k - i <= 32 && (isWord(D[k] as number) || D[k] === 0x28 || D[k] === 0x29)) k++;
    if (k - i < 3 || k + 2 >= n || D[k] !== 0x3a || D[k + 1] !== 0x7e) continue;
    k += 2;
    if (D[k] === 0x2d) k++;
    if (k < n && isDigit(D[k] as number)) {
      emit(R.SHELL_OBFUSCATION as number);
      return;
    }
  }
}

function shellStructure(): void {
  const n = st.dLen;
  for (let i = 0; i < n; i++) {
    const b = D[i] as number;
    if (b === 0x24 && i + 1 < n) {
      const c = D[i + 1] as number;
      // $IFS / ${IFS}
      const v = c === 0x7b ? i + 2 : i + 1;
      if (
        v + 2 < n &&
        fold(D[v] as number) === 0x69 &&
        fold(D[v + 1] as number) === 0x66 &&
        fold(D[v + 2] as number) === 0x73 &&
        (v + 3 >= n || !isWord(D[v + 3] as number))
      )
        emit(R.SHELL_EXPANSION as number);
      // $(( arithmetic ))
      if (c === 0x28 && i + 2 < n && D[i + 2] === 0x28) {
        for (let k = i + 3; k + 1 < n; k++)
          if (D[k] === 0x29 && D[k + 1] === 0x29) {
            emit(R.SHELL_EXPANSION as number);
            break;
          }
      }
      // ${NAME:0:1} substring tricks
      if (c === 0x7b) {
        let k = i + 2;
        while (k < n && k - i < 24 && (isAlpha(D[k] as number) || D[k] === 0x5f)) k++;
        if (k > i + 2 && k + 1 < n && D[k] === 0x3a && isDigit(D[k + 1] as number)) emit(R.SHELL_EXPANSION as number);
      }
    } else if (b === 0x7b) {
      // Brace expansion {cmd,arg} / {,cmd,arg}
      let k = i + 1;
      if (k < n && D[k] === 0x2c) k++;
      const e = readWord(k, true);
      if (swLen > 0 && e < n && D[e] === 0x2c) {
        const w = lookupWord(SW, 0, swLen);
        const f = w >= 0 ? (WORD_SHELL[w] as number) : 0;
        // A command that is also a word needs an argument of a shell after it (`{cat,/etc/passwd}`,
        // `{head,-n,1,…}`, `{id,}`): `{test,tests,__tests__}` is a glob's alternatives.
        const c = e + 1 < n ? (D[e + 1] as number) : 0;
        const arg = c === 0x2f || c === 0x2d || c === 0x7e || c === 0x24 || c === 0x2e || c === 0x7d;
        // A leading comma (`{,ip,a}`) is brace expansion's own spelling.
        const lead = D[i + 1] === 0x2c;
        if ((f & (SH_UNIX | SH_WINDOWS)) !== 0 && ((f & SH_AMBIGUOUS) === 0 || arg || lead))
          emit(R.SHELL_EXPANSION as number);
      }
    } else if (b === 0x28 && i + 1 < n && D[i + 1] === 0x29) {
      // Function definition: "() {" at the start (Shellshock) or a body with | and & (fork bomb).
      let k = i + 2;
      while (k < n && isBlank(D[k] as number)) k++;
      if (k < n && D[k] === 0x7b) {
        let s = 0;
        while (s < i && (isBlank(D[s] as number) || isWord(D[s] as number) || D[s] === 0x3a)) s++;
        let pipe = false;
        let amp = false;
        for (let q = k + 1; q < n && D[q] !== 0x7d; q++) {
          if (D[q] === 0x7c) pipe = true;
          if (D[q] === 0x26) amp = true;
        }
        let lead = true;
        for (let q = 0; q < i; q++) if (!isBlank(D[q] as number)) lead = false;
        if (lead || (s === i && pipe && amp)) emit(R.SHELL_FUNCTION as number);
      }
    }
  }
}

/** The value's first and last blank (-1: none), set by detectShell when the value has a backtick. */
let firstBlank = -1;
let lastBlank = -1;

/**
 * The backtick at i opens a markdown code span inside prose: it follows the start, a blank or an
 * opening bracket or quote, its closing backtick comes on the same line and is followed by the end,
 * a blank or punctuation, and the value has words outside it. Returns the closing index, else -1.
 */
function codeSpanEnd(i: number): number {
  const n = st.dLen;
  const before = i > 0 ? (D[i - 1] as number) : 0x20;
  if (!isBlank(before) && before !== 0x28 && before !== 0x22 && before !== 0x27) return -1;
  if (i + 1 >= n || D[i + 1] === 0x60) return -1;
  let j = i + 1;
  while (j < n && D[j] !== 0x60 && D[j] !== 0x0a && j - i <= 200) j++;
  if (j >= n || D[j] !== 0x60 || j - i > 200) return -1;
  const after = j + 1 < n ? (D[j + 1] as number) : 0x20;
  if (
    !isBlank(after) &&
    after !== 0x2e &&
    after !== 0x2c &&
    after !== 0x3a &&
    after !== 0x29 &&
    after !== 0x3f &&
    after !== 0x21
  )
    return -1;
  // Prose outside the span: a blank before it or after it.
  return (firstBlank >= 0 && firstBlank < i) || lastBlank > j ? j : -1;
}

/**
 * A spreadsheet DDE formula in a cell (a CSV import, a form field that ends up in an export):
 * `=cmd|' /C calc'!A0`, `@SUM(1+9)*cmd|' /C calc'!A0`, `=MSEXCEL|'\..\cmd.exe /c calc'!''`: a
 * program name, `|'`, its command line, and `'!` — Excel asks to run the program.
 */
function ddeFormula(): void {
  const n = st.dLen;
  for (let i = 1; i + 2 < n; i++) {
    if (D[i] !== 0x7c || D[i + 1] !== 0x27) continue;
    let s = i;
    while (s > 0 && (isWord(D[s - 1] as number) || D[s - 1] === 0x2e || D[s - 1] === 0x5c)) s--;
    if (s === i) continue;
    let b = s;
    for (let k = s; k < i; k++) if (D[k] === 0x5c) b = k + 1;
    const w = lookupWord(D, b, i);
    const program =
      (w >= 0 && ((WORD_SHELL[w] as number) & (SH_UNIX | SH_WINDOWS)) !== 0) ||
      windowsFile(D.subarray(b, i), i - b) ||
      (i - b === kwLen(KW_MSEXCEL) && kwAt(b, KW_MSEXCEL));
    if (!program) continue;
    for (let k = i + 2; k + 1 < n && k < i + 512; k++)
      if (D[k] === 0x27 && D[k + 1] === 0x21) {
        emit(R.DDE_FORMULA as number);
        return;
      }
  }
}

/** Shell syntax that no user agent's product list has. */
const UA_SHELL = M_DOLLAR | M_BT | M_PIPE | M_AMP | M_LT | M_GT | M_LBRACE | M_NL;

const SHELL_BREAKS = M_SEMI | M_NL | M_PIPE | M_AMP | M_BT | M_DOLLAR | M_LP | M_LBRACE | M_LT | M_GT | M_BSL;

/**
 * In the URL path, the directory at e (`/bin/`, `/usr/bin/`…, the pattern's last byte a `/`) is
 * followed by a program with an extension that is no shell command (`/bin/query.exe/dn`, a rail
 * timetable's CGI program): a web application's own path. `/bin/sh`, `/bin/bash -c` and
 * `/usr/bin/python3.11` still count.
 */
function webProgramAfter(kind: number, e: number): boolean {
  if (kind !== K_PATH || D[e - 1] !== 0x2f) return false;
  const n = st.dLen;
  let j = e;
  while (j < n && (isWord(D[j] as number) || D[j] === 0x2d)) j++;
  if (j === e || j + 1 >= n || D[j] !== 0x2e || !isAlpha(D[j + 1] as number)) return false;
  const w = lookupWord(D, e, j);
  return w < 0 || ((WORD_SHELL[w] as number) & (SH_UNIX | SH_INTERPRETER)) === 0;
}

export function detectShell(kind: number): void {
  const n = st.dLen;
  for (let h = 0; h < st.hits; h++) {
    const p = HIT_PAT[h] as number;
    const g = PAT_GROUP[p] as number;
    if (g === G_SHELL_PATH) {
      const e = (HIT_START[h] as number) + (PAT_OFF[p + 1] as number) - (PAT_OFF[p] as number);
      const s = HIT_START[h] as number;
      const before = s > 0 ? (D[s - 1] as number) : 0x20;
      if (isWord(before) || before === 0x2d || webProgramAfter(kind, e)) continue;
      if (e >= n || !isBlank(D[e] as number) || D[e - 1] !== 0x2f) emit(R.SHELL_PATH as number);
    } else if (g === G_POWERSHELL) emit(R.POWERSHELL as number);
    else if (g === G_GIT_OPTION) {
      // Where an argument starts: the value's start or after a blank; an option's name ends there.
      const s = HIT_START[h] as number;
      const e = s + (PAT_OFF[p + 1] as number) - (PAT_OFF[p] as number);
      const before = s > 0 ? (D[s - 1] as number) : 0x20;
      const after = e < n ? (D[e] as number) : 0x20;
      const named = D[e - 1] === 0x3a || (!isWord(after) && after !== 0x2d);
      if ((isBlank(before) || before === 0x22 || before === 0x27) && named) emit(R.GIT_OPTION as number);
    }
  }
  if ((st.mask & (M_DOLLAR | M_LBRACE | M_LP)) !== 0) shellStructure();
  if ((st.mask & (M_PCT | M_TILDE)) === (M_PCT | M_TILDE)) cmdSubstrings();
  if ((st.mask & M_PIPE) !== 0) ddeFormula();
  shellScan(kind, 0);
  // `eth0'; id; '`, `main"; whoami; "`: the value's first quote closes the app's own quoting, and a
  // separator follows it. Read what follows as commands too, from just after the quote.
  const q = shellBreakoutQuote();
  if (q >= 0) {
    shellScan(kind, q + 1);
    const q2 = polyglotQuote(q);
    if (q2 >= 0) shellScan(kind, q2 + 1);
  }
  // A quote further on, glued to a pipe glued to a word (ImageTragick's `fill 'url(https://x/a.jpg"|curl
  // …|sh ")'`): a delegate's own quote closed, then a pipeline.
  if ((st.mask & M_PIPE) !== 0) {
    const g = gluedPipeQuote();
    if (g >= 0 && g !== q) shellScan(kind, g + 1);
  }
  // A command URI (QEMU's `migrate "exec:sh -c '…'"`, go2rtc's `src=exec:id`): what follows `exec:` runs.
  if ((st.mask & M_COLON) !== 0) {
    const x = execUri();
    if (x >= 0) shellScan(kind, x, true);
  }
  // A substitution inside double quotes runs as anywhere: read that string too. Not in a whole body,
  // a document whose quoted strings are its fields' text (read as values of their own where it parses).
  if (kind !== K_BODY_RAW && (st.mask & M_DQ) !== 0 && (st.mask & (M_BT | M_DOLLAR)) !== 0) {
    const s = quotedSubstitution();
    if (s >= 0) shellScan(kind, s);
  }
}

/**
 * Where the first double-quoted string holding a command substitution starts, just inside its quote
 * (`"a $(wget …)"`, HNAP's SOAPAction `"http://…/GetDeviceSettings/\`cd /tmp && wget …\`"`): the
 * shell runs a substitution there as anywhere, where the word reader takes the quoted string whole.
 * Read from there, the string's own words come first: a JSON document's `"check \`ps aux\`"` is
 * prose with a code span, as the same field's value is. -1 when there is none.
 */
function quotedSubstitution(): number {
  const n = st.dLen;
  let dq = -1;
  let sq = false;
  for (let i = 0; i < n; i++) {
    const b = D[i] as number;
    if (b === 0x5c) i++;
    else if (b === 0x27 && dq < 0) sq = !sq;
    else if (b === 0x22 && !sq) dq = dq < 0 ? i : -1;
    else if (dq >= 0 && (b === 0x60 || (b === 0x24 && i + 1 < n && D[i + 1] === 0x28))) return dq + 1;
  }
  return -1;
}

/**
 * The value's first quote, when a shell separator follows it (after blanks, if only one token without
 * blanks comes before it: the app's expected value, or nothing; glued to it, `aa aa';wget …`, after
 * several), or a substitution opens right after it (`a'$(wget …)'b`: the app's quoting closed around
 * it); else -1.
 */
function shellBreakoutQuote(): number {
  const n = st.dLen;
  let q = 0;
  let blank = false;
  while (q < n && D[q] !== 0x27 && D[q] !== 0x22) {
    if (isBlank(D[q] as number)) blank = true;
    q++;
  }
  if (q + 1 >= n) return -1;
  const c1 = D[q + 1] as number;
  if ((c1 === 0x24 && q + 2 < n && D[q + 2] === 0x28) || c1 === 0x60) return q;
  const j = blank ? q + 1 : skipBlanks(q + 1);
  if (j >= n) return -1;
  const c = D[j] as number;
  return c === 0x3b || c === 0x7c || c === 0x26 || c === 0x0a || c === 0x0d || literalNewline(j) ? q : -1;
}

/** Just after the first `exec:` (any case) at the value's start or after a blank or a quote, or -1. */
function execUri(): number {
  const n = st.dLen;
  for (let k = 0; k + 5 < n; k++) {
    if (D[k + 4] !== 0x3a || !kwAt(k, KW_EXEC_URI)) continue;
    if (k > 0 && !isBlank(D[k - 1] as number) && D[k - 1] !== 0x22 && D[k - 1] !== 0x27) continue;
    if (!isBlank(D[k + 5] as number)) return k + 5;
  }
  return -1;
}

/**
 * The pipe at i sits in chat link markup: `<` and a web or mail address glued to it before (no blank,
 * at most 512 bytes), a label and `>` after it (no `<`, at most 256 bytes). Just after the `>`; -1 if not.
 */
function linkLabelEnd(i: number): number {
  const n = st.dLen;
  let k = i - 1;
  while (k > scanStart && i - k < 512 && D[k] !== 0x3c && !isBlank(D[k] as number)) k--;
  if (D[k] !== 0x3c || !(kwAt(k + 1, KW_LINK_HTTP) || kwAt(k + 1, KW_LINK_MAILTO))) return -1;
  let j = i + 1;
  while (j < n && j - i < 256 && D[j] !== 0x3e && D[j] !== 0x3c) j++;
  return j < n && D[j] === 0x3e && j > i + 1 ? j + 1 : -1;
}

/** The first quote glued to a lone `|` glued to a letter (`"|curl`), or -1. */
function gluedPipeQuote(): number {
  const n = st.dLen;
  for (let k = 0; k + 2 < n; k++) {
    const b = D[k] as number;
    if ((b === 0x22 || b === 0x27) && D[k + 1] === 0x7c && isAlpha(D[k + 2] as number)) return k;
  }
  return -1;
}

/**
 * A polyglot's second quote (`x.pptx'|" |curl …|bash||a #`): the breakout quote at q, then only shell
 * separators and blanks up to a quote of the other kind, a separator after it: one of the two closes
 * the app's quoting whichever it used. Where the other quote sits; -1 when there is none.
 */
function polyglotQuote(q: number): number {
  const n = st.dLen;
  const other = D[q] === 0x27 ? 0x22 : 0x27;
  let k = q + 1;
  while (k < n && (D[k] === 0x7c || D[k] === 0x3b || D[k] === 0x26 || isBlank(D[k] as number))) k++;
  if (k >= n || D[k] !== other) return -1;
  const j = skipBlanks(k + 1);
  if (j >= n) return -1;
  const c = D[j] as number;
  return c === 0x3b || c === 0x7c || c === 0x26 ? k : -1;
}

/** The backtick at i starts a line after a first line of one word (no blank) from the scan's start. */
function lineAfterOneWord(i: number): boolean {
  let k = i;
  while (k > scanStart && (D[k - 1] === 0x0a || D[k - 1] === 0x0d)) k--;
  if (k === i || k === scanStart) return false;
  for (let j = scanStart; j < k; j++) {
    const b = D[j] as number;
    if (isBlank(b) || b === 0x0a || b === 0x0d) return false;
  }
  return true;
}

/** The command scan from `start`: separators, substitutions and groups put words in command position. */
function shellScan(kind: number, start: number, commandUri: boolean = false): void {
  const n = st.dLen;
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
  if ((st.mask & M_BT) !== 0) {
    // Once per value, not once per backtick: a value of many backticks stays linear.
    firstBlank = -1;
    lastBlank = -1;
    for (let k = 0; k < n; k++) {
      if (!isBlank(D[k] as number)) continue;
      if (firstBlank < 0) firstBlank = k;
      lastBlank = k;
    }
  }
  while (i < n && steps < 4096) {
    steps++;
    const b = D[i] as number;
    const b1 = i + 1 < n ? (D[i + 1] as number) : 0;
    if (isBlank(b)) {
      i++;
      continue;
    }
    if (b === 0x3b || b === 0x0a || b === 0x0d) {
      ctx = CTX_SEP;
      sepWin = b !== 0x3b;
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
    if (b === 0x7c) {
      // Slack's link markup, `<https://…|view in C7>`: its pipe starts a label, not a pipeline.
      const label = (st.mask & M_LT) !== 0 ? linkLabelEnd(i) : -1;
      if (label > 0) {
        i = label;
        expect = false;
        continue;
      }
      ctx = b1 === 0x7c ? CTX_SEP : CTX_PIPE;
      sepWin = true;
      sepLead = leadToken(i);
      i += b1 === 0x7c ? 2 : 1;
      expect = true;
      continue;
    }
    if (b === 0x26) {
      if (b1 === 0x3e) {
        i += 2;
        expect = false;
        continue;
      }
      // "&copy;", "&hellip;": an HTML entity in text, not a background operator.
      let e = i + 1;
      while (e < n && e - i <= 9 && isAlpha(D[e] as number)) e++;
      if (e - i >= 3 && e < n && D[e] === 0x3b) {
        i = e + 1;
        expect = false;
        continue;
      }
      ctx = CTX_SEP;
      sepWin = true;
      sepLead = leadToken(i);
      i += b1 === 0x26 ? 2 : 1;
      expect = true;
      continue;
    }
    if (b === 0x60) {
      if (i === spanEnd) {
        // The end of a markdown code span: what follows is prose again.
        spanEnd = -1;
        expect = false;
        i++;
        continue;
      }
      // One word on the line before (`admin\n\`id\``): a field's value with a substitution on a line
      // of its own, not a code span in prose.
      const afterWord = lineAfterOneWord(i);
      const end = afterWord ? -1 : codeSpanEnd(i);
      if (end > 0) {
        // ``Run `npm install` first``: a code span in prose reads as a command at the start of a value
        // (a lone name is PL2, shell arguments still count), not as a substitution.
        spanEnd = end;
        ctx = CTX_START;
        expect = true;
        i++;
        continue;
      }
      // A backtick between two letters that nothing closes, or whose next one is between two letters
      // too, is an apostrophe typed as one ("I`ll cut it", "I`ll do it; don`t worry").
      if (i > scanStart && apostropheBacktick(i)) {
        expect = false;
        i++;
        continue;
      }
      ctx = CTX_BACKTICK;
      // Glued to a token of data (10.0.0.12 then `id`) or to a separator (;`id`): a substitution appended.
      btData =
        i > scanStart &&
        (afterWord || shellBreak(D[i - 1] as number) || (!isBlank(D[i - 1] as number) && leadToken(i) === 2));
      expect = true;
      i++;
      continue;
    }
    if (b === 0x24 && b1 === 0x28) {
      ctx = CTX_SUBST;
      expect = true;
      i += 2;
      if (i < n && D[i] === 0x28) i++;
      continue;
    }
    if ((b === 0x3c || b === 0x3e) && b1 === 0x28) {
      ctx = CTX_SUBST;
      expect = true;
      i += 2;
      continue;
    }
    if (b === 0x28 || b === 0x7b) {
      // "name(" is a function call in code, not a subshell.
      const p = i > 0 ? (D[i - 1] as number) : 0x20;
      const call = b === 0x28 && (isWord(p) || p === 0x2e || p === 0x5d);
      braceAt = b === 0x7b ? i : -1;
      if (b === 0x28) parenDepth++;
      // A subshell opened right after a separator (`x;(id)>/var/www/a.txt;`): its first word is in the
      // separator's command position, judged as after the separator.
      if (!(b === 0x28 && expect && (ctx === CTX_SEP || ctx === CTX_PIPE))) ctx = CTX_GROUP;
      expect = !call;
      i++;
      continue;
    }
    if (b === 0x29 || b === 0x7d) {
      if (b === 0x29 && parenDepth > 0) parenDepth--;
      expect = false;
      i++;
      continue;
    }
    if (b === 0x3c || b === 0x3e) {
      i++;
      while (i < n && (D[i] === 0x3e || D[i] === 0x26 || isDigit(D[i] as number))) i++;
      expect = false;
      continue;
    }
    const e = readWord(i, false);
    if (e === i) {
      i++;
      continue;
    }
    const ifs = wIfs;
    i = e;
    if (swLen === 0 || !expect) {
      if (ifs && swLen === 0) continue;
      expect = false;
      continue;
    }
    cwLen = swLen;
    for (let k = 0; k < swLen; k++) CW[k] = SW[k] as number;
    const obf = wObf;
    cwQuoted = wQuotes > 0 && !wObf;
    const flags = judgeCommand(ctx, i, kind, obf);
    if ((flags & SH_PREFIX) !== 0) {
      ctx = CTX_PREFIXED;
      expect = true;
    } else {
      expect = false;
      // Without separators or substitutions no later word is in command position.
      if ((st.mask & SHELL_BREAKS) === 0) return;
    }
  }
}
