/**
 * @module core/signatures/ref/sqli
 * SQL injection by lexing, in the manner of libinjection but with its own
 * judgement: the value is tokenised as SQL from each context an injection can
 * start from (as code, e.g. a numeric parameter; inside a '…', "…" or `…`
 * literal, where the first quote closes the application's literal), and the
 * token sequence is judged against the shapes of injection: a boolean
 * condition after the breakout, a comment ending a breakout, a stacked
 * statement that parses as one, UNION SELECT, calls of time/file/command
 * functions with SQL arguments, PostgreSQL casts, MySQL versioned comments,
 * `x AS y FROM` fragments. Prose has words but not these shapes, which keeps
 * "O'Brien" and "select … from … union" quiet. Comments split inside words
 * (`UN/**​/ION`) are joined; MySQL `/*!…*​/` is lexed as code.
 * Mirrors wasm/assembly/signatures/sqli.ts.
 */

import { PAT_GROUP, WORD_ROLE, WORD_SQL, WORD_SQLFN } from "../tables/flat.ts";
import {
  KW_ASYNC,
  KW_AWAIT,
  KW_DEF,
  KW_EQ,
  KW_EXP,
  KW_FALSE,
  KW_FUNCTION,
  KW_IN,
  KW_LIKE,
  KW_OVERFLOW,
  KW_OVERFLOW_COUNT,
  KW_OVERFLOW_INT_MAX,
  KW_OVERFLOW_UINT_MAX,
  KW_POSTGREST_OP,
  KW_POSTGREST_OP_COUNT,
  KW_TRUE,
  KW_WKT,
  KW_WKT_COUNT,
} from "../tables/keywords.ts";
import { K_HEADER, K_PATH } from "../tables/kinds.ts";
import { G_SQL_KW, G_SQL_PHRASE, G_SQL_SYSOBJ } from "../tables/patterns.ts";
import { R } from "../tables/rules.ts";
import {
  FN_DANGER,
  FN_MATH,
  ROLE_ALL,
  ROLE_ARITH,
  ROLE_AS,
  ROLE_BY,
  ROLE_CASE,
  ROLE_COLLATE,
  ROLE_DDL,
  ROLE_DECLARE,
  ROLE_DELAY,
  ROLE_DELETE,
  ROLE_EXEC,
  ROLE_EXISTS,
  ROLE_FROM,
  ROLE_HAVING,
  ROLE_IMMEDIATE,
  ROLE_INSERT,
  ROLE_INTO,
  ROLE_LIMIT,
  ROLE_NOT,
  ROLE_OBJECT,
  ROLE_ORDER,
  ROLE_SELECT,
  ROLE_SET,
  ROLE_SHUTDOWN,
  ROLE_SQLOP,
  ROLE_UPDATE,
  ROLE_VALUES,
  ROLE_WAITFOR,
  ROLE_WHERE,
  SQL_FUNCTION,
  SQL_KEYWORD,
  SQL_LOGIC,
  SQL_OPERATOR,
  SQL_STATEMENT,
  SQL_TYPE,
  SQL_UNION,
} from "../tables/words.ts";
import {
  fold,
  isAlpha,
  isDigit,
  isHex,
  isIdent,
  isSpace,
  isWord,
  M_AMP,
  M_AT,
  M_BT,
  M_COLON,
  M_DOLLAR,
  M_DQ,
  M_EQ,
  M_EXCL,
  M_GT,
  M_HASH,
  M_LP,
  M_LT,
  M_MINUS,
  M_PCT,
  M_PIPE,
  M_PLUS,
  M_RP,
  M_SEMI,
  M_SLASH,
  M_SQ,
  M_STAR,
  M_TILDE,
  maskOf,
} from "./chars.ts";
import { lookupWord } from "./dict.ts";
import { kwAt, kwByte, kwLen } from "./kw.ts";
import { D, emit, HIT_PAT, HIT_START, st } from "./mem.ts";

const T_STR = 0x73; // s
const T_NUM = 0x31; // 1
const T_WORD = 0x6e; // n
const T_KW = 0x6b; // k
const T_UNION = 0x55; // U
const T_STMT = 0x45; // E
const T_FUNC = 0x66; // f
const T_LOGIC = 0x26; // &
const T_OP = 0x6f; // o
const T_VAR = 0x76; // v
const T_TYPE = 0x74; // t
const T_LPAR = 0x28;
const T_RPAR = 0x29;
const T_COMMA = 0x2c;
const T_SEMI = 0x3b;
const T_OTHER = 0x58; // X

const TF_CMP = 1;
const TF_KNOWN = 2;
const TF_DANGER = 4;
const TF_UNTERM = 8;
const TF_CMT = 16;
const TF_CAST = 32;
const TF_QUOTED = 64;
const TF_SYMCMP = 128;
const TF_LEAK = 256;
const TF_UNDERSCORE = 512;
/** An arithmetic or aggregate function (FN_MATH). */
const TF_MATH = 1024;

const CX_VERSIONED = 1;

const MAX_TOK = 40;
const TT = new Int32Array(MAX_TOK);
const TS = new Int32Array(MAX_TOK);
const TE = new Int32Array(MAX_TOK);
const TF = new Int32Array(MAX_TOK);
const TR = new Int32Array(MAX_TOK);
let nt = 0;
let cx = 0;
/** Lexing range: a whole value, or one path segment. */
let lexFrom = 0;
let lexTo = 0;

/** Joined word when a comment splits an identifier (UN/**​/ION). */
const W = new Uint8Array(64);

function push(type: number, s: number, e: number, flags: number, role: number): void {
  if (nt >= MAX_TOK) return;
  TT[nt] = type;
  TS[nt] = s;
  TE[nt] = e;
  TF[nt] = flags;
  TR[nt] = role;
  nt++;
}

function tt(i: number): number {
  return i < nt ? (TT[i] as number) : 0;
}

function markComment(): void {
  if (nt > 0) TF[nt - 1] = (TF[nt - 1] as number) | TF_CMT;
}

/** End of a /* comment starting at i (after the closing delimiter), or n. */
function blockCommentEnd(i: number): number {
  const n = lexTo;
  let j = i + 2;
  while (j + 1 < n) {
    if (D[j] === 0x2a && D[j + 1] === 0x2f) return j + 2;
    j++;
  }
  return n;
}

function skipSpaceAndComments(i: number): number {
  const n = lexTo;
  for (;;) {
    while (i < n && isSpace(D[i] as number)) i++;
    if (i + 1 < n && D[i] === 0x2f && D[i + 1] === 0x2a && (i + 2 >= n || D[i + 2] !== 0x21)) {
      i = blockCommentEnd(i);
      continue;
    }
    return i;
  }
}

function lexString(i: number, q: number, from: number): number {
  const n = lexTo;
  let j = i + 1;
  while (j < n) {
    const b = D[j] as number;
    if (b === 0x5c && j + 1 < n) {
      j += 2;
      continue;
    }
    if (b === q) {
      if (j + 1 < n && D[j + 1] === q) {
        j += 2;
        continue;
      }
      break;
    }
    j++;
  }
  if (j < n) {
    push(T_STR, from, j + 1, 0, 0);
    return j + 1;
  }
  push(T_STR, from, n, TF_UNTERM, 0);
  return n;
}

/** Is the number D[i..j) a decimal or has it an exponent (not an integer or hex)? */
function isDecimal(i: number, j: number): boolean {
  if (D[i] === 0x30 && j - i > 1 && ((D[i + 1] as number) | 0x20) === 0x78) return false;
  for (let k = i; k < j; k++) if (D[k] === 0x2e || ((D[k] as number) | 0x20) === 0x65) return true;
  return false;
}

function numberEnd(i: number): number {
  const n = lexTo;
  let j = i;
  if (D[j] === 0x30 && j + 1 < n && ((D[j + 1] as number) | 0x20) === 0x78) {
    j += 2;
    while (j < n && isHex(D[j] as number)) j++;
    return j;
  }
  while (j < n && isDigit(D[j] as number)) j++;
  if (j < n && D[j] === 0x2e) {
    j++;
    while (j < n && isDigit(D[j] as number)) j++;
  }
  if (j < n && ((D[j] as number) | 0x20) === 0x65) {
    let k = j + 1;
    if (k < n && (D[k] === 0x2b || D[k] === 0x2d)) k++;
    if (k < n && isDigit(D[k] as number)) {
      j = k;
      while (j < n && isDigit(D[j] as number)) j++;
    } else if (j > i && D[j - 1] === 0x2e) j++; // MySQL "1.e" quirk: a number
  }
  return j;
}

/**
 * A database system object (dbms_lock, pg_catalog, sys.…) starts within
 * D[s..e): what makes `dbms_lock.sleep(5)` SQL while `time.sleep(5)` and
 * `Thread.sleep(1000)` are Python and Java.
 */
function sysobjIn(s: number, e: number): boolean {
  for (let h = 0; h < st.hits; h++) {
    const start = HIT_START[h] as number;
    if (start >= s && start < e && PAT_GROUP[HIT_PAT[h] as number] === G_SQL_SYSOBJ) return true;
  }
  return false;
}

/** Reads an identifier at i (joining comment-split parts), classifies it, pushes it; returns the next index. */
/**
 * A keyword written around a copy of itself (`UNIunionON`, `SELselectECT`, `FRfromOM`): what a filter
 * that strips the keyword once leaves as the keyword. The inner copy's word, or -1.
 */
function nestedKeyword(i: number, j: number): number {
  const len = j - i;
  if (len < 6 || len > 24 || (len & 1) !== 0) return -1;
  const m = len >> 1;
  for (let p = 1; p < m; p++) {
    let same = true;
    for (let t = 0; t < m && same; t++)
      same = fold(D[t < p ? i + t : i + m + t] as number) === fold(D[i + p + t] as number);
    if (!same) continue;
    const w = lookupWord(D, i + p, i + p + m);
    if (w < 0) return -1;
    const sql = WORD_SQL[w] as number;
    return sql === SQL_STATEMENT || sql === SQL_UNION || sql === SQL_LOGIC || sql === SQL_KEYWORD ? w : -1;
  }
  return -1;
}

function lexWord(i: number): number {
  const n = lexTo;
  let j = i;
  let wl = 0;
  let joined = false;
  let underscore = 0;
  let firstEnd = -1;
  for (;;) {
    const s = j;
    while (
      j < n &&
      (isIdent(D[j] as number) ||
        (D[j] === 0x2e && j + 1 < n && isIdent(D[j + 1] as number) && !isDigit(D[j + 1] as number)))
    ) {
      if (D[j] === 0x5f) underscore = TF_UNDERSCORE;
      j++;
    }
    if (firstEnd < 0) firstEnd = j;
    if (joined || (j + 1 < n && D[j] === 0x2f && D[j + 1] === 0x2a)) {
      for (let k = s; k < j && wl < 64; k++) W[wl++] = D[k] as number;
    }
    if (j + 2 < n && D[j] === 0x2f && D[j + 1] === 0x2a && D[j + 2] !== 0x21) {
      const k = blockCommentEnd(j);
      if (k < n && isIdent(D[k] as number) && D[k] !== 0x24) {
        joined = true;
        j = k;
        continue;
      }
    }
    break;
  }
  // Prefixed literals: N'..', X'..', B'..', E'..'.
  if (!joined && j - i === 1 && j < n && D[j] === 0x27) {
    const p = (D[i] as number) | 0x20;
    if (p === 0x6e || p === 0x78 || p === 0x62 || p === 0x65) return lexString(j, 0x27, i);
  }
  let w = joined ? lookupWord(W, 0, wl) : lookupWord(D, i, j);
  if (joined && w < 0) {
    // Parts around a comment that make no word together are two tokens: to MySQL a comment is a
    // space (UNION/**/SELECT); only a keyword split in two (UN/**/ION) is read joined.
    joined = false;
    j = firstEnd;
    underscore = 0;
    for (let k = i; k < j; k++) if (D[k] === 0x5f) underscore = TF_UNDERSCORE;
    w = lookupWord(D, i, j);
  }
  if (w < 0 && !joined) w = nestedKeyword(i, j);
  if (w < 0 && !joined) {
    // Qualified name: classify by its last part (dbms_lock.sleep).
    let dot = -1;
    for (let k = j - 1; k > i; k--)
      if (D[k] === 0x2e) {
        dot = k;
        break;
      }
    // Only time/file/command functions of a system package are known by their last part
    // (dbms_lock.sleep); console.log and time.sleep are not SQL.
    if (dot > 0) {
      w = lookupWord(D, dot + 1, j);
      if (w >= 0 && (WORD_SQLFN[w] !== FN_DANGER || !sysobjIn(i, dot))) w = -1;
    }
  }
  const k = skipSpaceAndComments(j);
  const paren = k < n && D[k] === 0x28;
  const sql = w >= 0 ? (WORD_SQL[w] as number) : 0;
  const role = w >= 0 ? (WORD_ROLE[w] as number) : 0;
  let type = T_WORD;
  let flags = underscore;
  const opCall = paren && sql === SQL_OPERATOR && role !== ROLE_NOT && role !== ROLE_COLLATE;
  // Keywords that are also functions (DEFAULT(col), VALUES(col)) are calls before '('.
  const kwCall = paren && sql === SQL_KEYWORD && w >= 0 && (WORD_SQLFN[w] as number) > 0;
  if (paren && (sql === 0 || sql === SQL_FUNCTION || sql === SQL_TYPE || opCall || kwCall)) {
    type = T_FUNC;
    if (w >= 0 && ((WORD_SQLFN[w] as number) > 0 || opCall)) flags |= TF_KNOWN;
    if (w >= 0 && WORD_SQLFN[w] === FN_DANGER) flags |= TF_DANGER;
    if (w >= 0 && WORD_SQLFN[w] === FN_MATH) flags |= TF_MATH;
  } else if (sql !== 0 && sql !== SQL_FUNCTION) {
    type = sql;
    if (sql === SQL_OPERATOR && role !== ROLE_NOT && role !== ROLE_COLLATE && role !== ROLE_ARITH) flags |= TF_CMP;
  }
  push(type, i, j, flags, role);
  return j;
}

function pushOp(i: number, len: number, flags: number): number {
  push(T_OP, i, i + len, flags, 0);
  return i + len;
}

/** Tokenises D from the given context (0 = as code, else the quote it starts inside); returns false if not applicable. */
/** Quote of context ctx where the breakout happens: the first one, or with `unescaped` the first not after a backslash. */
function breakoutQuote(ctx: number, unescaped: boolean): number {
  for (let k = lexFrom; k < lexTo; k++) if (D[k] === ctx && !(unescaped && k > lexFrom && D[k - 1] === 0x5c)) return k;
  return -1;
}

function lex(ctx: number): boolean {
  return lexFromQuote(ctx, ctx === 0 ? -1 : breakoutQuote(ctx, false));
}

function lexFromQuote(ctx: number, q: number): boolean {
  nt = 0;
  cx = 0;
  const n = lexTo;
  let i = lexFrom;
  if (ctx !== 0) {
    if (q < 0) return false;
    push(T_STR, lexFrom, q, TF_LEAK, 0);
    i = q + 1;
  }
  while (i < n && nt < MAX_TOK) {
    const b = D[i] as number;
    const b1 = i + 1 < n ? (D[i + 1] as number) : 0;
    if (isSpace(b)) {
      i++;
      continue;
    }
    if (b === 0x27 || b === 0x22) {
      i = lexString(i, b, i);
      continue;
    }
    if (b === 0x60) {
      let j = i + 1;
      while (j < n && D[j] !== 0x60) j++;
      push(T_WORD, i, j < n ? j + 1 : n, TF_QUOTED, 0);
      i = j + 1;
      continue;
    }
    // MSSQL's (and Access's) bracketed identifier, `[password]`, `[dbo].[Users]`: a name, as a backtick's is.
    if (b === 0x5b && (isAlpha(b1) || b1 === 0x5f)) {
      let j = i + 2;
      while (j < n && j - i <= 128 && isIdent(D[j] as number) && D[j] !== 0x24) j++;
      if (j < n && D[j] === 0x5d) {
        push(T_WORD, i, j + 1, TF_QUOTED, 0);
        i = j + 1;
        continue;
      }
    }
    if (isDigit(b) || (b === 0x2e && isDigit(b1))) {
      const j = numberEnd(i);
      // Letters glued to an integer make a word (MySQL's `1abc`); glued to a decimal or an exponent
      // they start a word of their own (`1.0e0union`, `0.1e1from`, `3.5mm`), as MySQL reads them.
      if (j < n && isIdent(D[j] as number) && D[j] !== 0x24 && !isDecimal(i, j)) {
        const w = lexWord(i);
        i = w > i ? w : i + 1;
        continue;
      }
      push(T_NUM, i, j, 0, 0);
      i = j;
      continue;
    }
    if (b === 0x40) {
      if (b1 === 0x3e) {
        i = pushOp(i, 2, TF_CMP | TF_SYMCMP);
        continue;
      }
      let j = i + 1;
      if (b1 === 0x40) j++;
      while (j < n && isIdent(D[j] as number)) j++;
      if (j > i + 1) push(T_VAR, i, j, 0, 0);
      else push(T_OP, i, j, 0, 0);
      i = j;
      continue;
    }
    if (b === 0x24) {
      if (b1 === 0x24) {
        let j = i + 2;
        while (j + 1 < n && !(D[j] === 0x24 && D[j + 1] === 0x24)) j++;
        const e = j + 1 < n ? j + 2 : n;
        push(T_STR, i, e, e === n && j + 1 >= n ? TF_UNTERM : 0, 0);
        i = e;
        continue;
      }
      if (isDigit(b1)) {
        let j = i + 1;
        while (j < n && isDigit(D[j] as number)) j++;
        push(T_VAR, i, j, 0, 0);
        i = j;
        continue;
      }
      push(T_OTHER, i, i + 1, 0, 0);
      i++;
      continue;
    }
    if (isIdent(b)) {
      i = lexWord(i);
      continue;
    }
    if (b === 0x23) {
      if (b1 === 0x3e) {
        i = pushOp(i, i + 2 < n && D[i + 2] === 0x3e ? 3 : 2, TF_CMP | TF_SYMCMP);
        continue;
      }
      // A number sign before a number (`#8 wood screws`, `#10 THHN`, `Order #1120`) is prose's, not MySQL's
      // comment: an injection's `#` ends the line (`admin'#`) or opens a word of its own.
      if (b1 >= 0x30 && b1 <= 0x39) {
        push(T_OTHER, i, i + 1, 0, 0);
        i++;
        continue;
      }
      // In a quote context, "'#x')…" is a quoted '#' in code, not a comment: the line closes the quote again.
      let k = i + 1;
      let quoted = false;
      while (k < n && D[k] !== 0x0a) {
        if (ctx !== 0 && D[k] === ctx) quoted = true;
        k++;
      }
      if (quoted) {
        push(T_OTHER, i, i + 1, 0, 0);
        i++;
        continue;
      }
      i = k;
      markComment();
      continue;
    }
    if (b === 0x2d) {
      if (b1 === 0x2d) {
        while (i < n && D[i] !== 0x0a) i++;
        markComment();
        continue;
      }
      if (b1 === 0x3e) {
        i = pushOp(i, i + 2 < n && D[i + 2] === 0x3e ? 3 : 2, TF_CMP | TF_SYMCMP);
        continue;
      }
      i = pushOp(i, 1, 0);
      continue;
    }
    if (b === 0x2f) {
      if (b1 === 0x2a) {
        if (i + 2 < n && D[i + 2] === 0x21) {
          cx |= CX_VERSIONED;
          i += 3;
          let d = 0;
          while (i < n && d < 5 && isDigit(D[i] as number)) {
            i++;
            d++;
          }
          continue;
        }
        i = blockCommentEnd(i);
        markComment();
        continue;
      }
      i = pushOp(i, 1, 0);
      continue;
    }
    if (b === 0x2a && b1 === 0x2f) {
      i += 2;
      continue;
    }
    if (b === 0x28 || b === 0x29 || b === 0x2c || b === 0x3b) {
      push(b, i, i + 1, 0, 0);
      i++;
      continue;
    }
    if (b === 0x3d) {
      i = pushOp(i, b1 === 0x3d ? 2 : 1, TF_CMP | TF_SYMCMP);
      continue;
    }
    if (b === 0x3c) {
      if (b1 === 0x3d && i + 2 < n && D[i + 2] === 0x3e) i = pushOp(i, 3, TF_CMP | TF_SYMCMP);
      else if (b1 === 0x3d || b1 === 0x3e || b1 === 0x40) i = pushOp(i, 2, TF_CMP | TF_SYMCMP);
      else if (b1 === 0x3c) i = pushOp(i, 2, 0);
      else i = pushOp(i, 1, TF_CMP | TF_SYMCMP);
      continue;
    }
    if (b === 0x3e) {
      if (b1 === 0x3d) i = pushOp(i, 2, TF_CMP | TF_SYMCMP);
      else if (b1 === 0x3e) i = pushOp(i, 2, 0);
      else i = pushOp(i, 1, TF_CMP | TF_SYMCMP);
      continue;
    }
    if (b === 0x21) {
      i = b1 === 0x3d ? pushOp(i, 2, TF_CMP | TF_SYMCMP) : pushOp(i, 1, 0);
      continue;
    }
    if (b === 0x7c || b === 0x26) {
      if (b1 === b) {
        push(T_LOGIC, i, i + 2, 0, 0);
        i += 2;
      } else i = pushOp(i, 1, 0);
      continue;
    }
    if (b === 0x3a) {
      if (b1 === 0x3a) i = pushOp(i, 2, TF_CAST);
      else i = pushOp(i, b1 === 0x3d ? 2 : 1, 0);
      continue;
    }
    if (b === 0x3f) {
      // A '?' that ends the value ends a question ("where is my package?"), not a jsonb operator; so does
      // a run of them or with '!' ("where is this?? Adding…", "really?!"): no SQL operator is spelled so.
      if (b1 === 0x3f || b1 === 0x21) {
        let r = i + 1;
        while (r < n && (D[r] === 0x3f || D[r] === 0x21)) r++;
        i = pushOp(i, r - i, 0);
        continue;
      }
      let e = i + 1;
      while (e < n && isSpace(D[e] as number)) e++;
      // Glued to a word and followed by a blank ("where r u? I'm at gate 22"), it ends a question too:
      // the jsonb operators stand apart from their key (`data ? 'k'`) or before a quote (`data?'k'`).
      // So after an apostrophe that ends a word (`Friday'? yes`, Hebrew's geresh in `ביום ו'? יש`).
      const question =
        e > i + 1 &&
        i > lexFrom &&
        (isAlpha(D[i - 1] as number) ||
          (D[i - 1] === 0x27 && i - 1 > lexFrom && (isAlpha(D[i - 2] as number) || (D[i - 2] as number) >= 0x80)));
      i = pushOp(i, b1 === 0x7c || b1 === 0x26 ? 2 : 1, e >= n || question ? 0 : TF_CMP | TF_SYMCMP);
      continue;
    }
    if (b === 0x5e || b === 0x7e || b === 0x25 || b === 0x2b || b === 0x2a || b === 0x2e) {
      i = pushOp(i, 1, 0);
      continue;
    }
    push(T_OTHER, i, i + 1, 0, 0);
    i++;
  }
  return true;
}

function isRole(i: number, type: number, role: number): boolean {
  return i < nt && TT[i] === type && TR[i] === role;
}

/**
 * The call at token q, its arguments closed, is compared at once (`CASEWHEN(SUBSTRING(H2VERSION(),1,1)='2',1,0)=1`):
 * a blind probe through a function apiward does not list (H2's, a vendor's) is a condition all the same.
 */
function callCompared(q: number): boolean {
  if (tt(q + 1) !== T_LPAR) return false;
  let depth = 0;
  for (let k = q + 1; k < nt && k < q + 64; k++) {
    const t = TT[k] as number;
    if (t === T_LPAR) depth++;
    else if (t === T_RPAR && --depth === 0) return hasSymCmp(k + 1, k + 2);
  }
  return false;
}

function hasSymCmp(from: number, to: number): boolean {
  for (let k = from; k < to && k < nt; k++) if (TT[k] === T_OP && ((TF[k] as number) & TF_SYMCMP) !== 0) return true;
  return false;
}

/**
 * The last token of the arithmetic that starts with the number at q (`2+366-366-1`: numbers joined by
 * lone `+ - * / %`), q itself when none follows: a scanner's tautology spells its sides as sums
 * (`-1 OR 2+366-366-1=0+0+0+1 -- `) to slip past a fixed window.
 */
function arithmeticEnd(q: number): number {
  let k = q;
  while (tt(k) === T_NUM && tt(k + 1) === T_OP && arithmeticOp(k + 1) && tt(k + 2) === T_NUM) k += 2;
  return k;
}

function arithmeticOp(i: number): boolean {
  const s = TS[i] as number;
  const c = D[s] as number;
  return (TE[i] as number) - s === 1 && (c === 0x2b || c === 0x2d || c === 0x2a || c === 0x2f || c === 0x25);
}

/**
 * Everything after the call's `(` is arithmetic: numbers, bare names, `+ - * / %`, parentheses,
 * commas and calls of arithmetic (a gradebook's `ROUND((Q1*0.4) + (Q2*0.4), 1)`, a spreadsheet's).
 */
function arithmeticArguments(): boolean {
  for (let k = 2; k < nt; k++) {
    const t = TT[k] as number;
    const f = TF[k] as number;
    if (t === T_NUM || t === T_LPAR || t === T_RPAR || t === T_COMMA) continue;
    if (t === T_WORD && (f & TF_QUOTED) === 0) continue;
    if (t === T_FUNC && (f & TF_MATH) !== 0) continue;
    if (t === T_OP && arithmeticOp(k)) continue;
    return false;
  }
  return true;
}

/** Is token i a lone sign ("-" or "+")? */
function isSign(i: number): boolean {
  const s = TS[i] as number;
  return (TE[i] as number) - s === 1 && (D[s] === 0x2d || D[s] === 0x2b);
}

function isLiteral(t: number): boolean {
  return t === T_STR || t === T_NUM || t === T_VAR;
}

/** The token after the name at k and its qualifiers (`[dbo].[WebUser]`, `db.users`: parts joined by `.`). */
function afterQualifiedName(k: number): number {
  while (
    tt(k + 1) === T_OP &&
    D[TS[k + 1] as number] === 0x2e &&
    (TE[k + 1] as number) - (TS[k + 1] as number) === 1 &&
    tt(k + 2) === T_WORD
  )
    k += 2;
  return k + 1;
}

/** Does the statement keyword at j start a statement that parses (not a prose word)? */
function statementParses(j: number): boolean {
  const role = TR[j] as number;
  const nx = tt(j + 1);
  if (role === ROLE_SELECT) {
    // SELECT ALL: its items follow.
    const k = isRole(j + 1, T_KW, ROLE_ALL) ? j + 2 : j + 1;
    const ni = tt(k);
    if (ni === 0 || ni === T_OTHER) return false;
    if (quotedLabel(j)) return false;
    if (ni !== T_WORD) return true;
    const n2 = tt(k + 1);
    return n2 === T_COMMA || n2 === 0 || isRole(k + 1, T_KW, ROLE_FROM);
  }
  if (role === ROLE_INSERT) return isRole(j + 1, T_KW, ROLE_INTO);
  if (role === ROLE_DELETE) return isRole(j + 1, T_KW, ROLE_FROM) || (nx === T_WORD && isRole(j + 2, T_KW, ROLE_FROM));
  if (role === ROLE_UPDATE) return nx === T_WORD && isRole(afterQualifiedName(j + 1), T_KW, ROLE_SET);
  // DROP TABLE and its object's name: a string there (`"drop table" OR "data deletion"`, quoted terms
  // in a request), a number (`drop table 12 if the headcount is under 120`) or nothing names none.
  if (role === ROLE_DDL) {
    const name = tt(j + 2);
    return isRole(j + 1, T_KW, ROLE_OBJECT) && name !== T_STR && name !== T_NUM && name !== 0;
  }
  if (role === ROLE_EXEC)
    return (
      nx === T_VAR ||
      nx === T_STR ||
      nx === T_LPAR ||
      isRole(j + 1, T_KW, ROLE_IMMEDIATE) ||
      (nx === T_WORD && ((TF[j + 1] as number) & TF_UNDERSCORE) !== 0) ||
      (nx === T_FUNC && ((TF[j + 1] as number) & TF_UNDERSCORE) !== 0)
    );
  if (role === ROLE_WAITFOR) return isRole(j + 1, T_KW, ROLE_DELAY);
  if (role === ROLE_SHUTDOWN) return nx === 0 || nx === T_SEMI || ((TF[j] as number) & TF_CMT) !== 0;
  if (role === ROLE_DECLARE) return nx === T_VAR;
  return false;
}

/**
 * SELECT [ALL] at j, then an open string to the value's end and nothing else: `the "select all"
 * import` is a quoted label in text (the rest a string only the app's own quote would close).
 */
/**
 * The statement keyword at j is the first half of a hyphenated word that a quote then closes
 * (`"drop-off" AND (CDG OR ORY)`, `"update-ready"`): a phrase's word, as no statement goes on with
 * a minus and a name straight into a string.
 */
function hyphenCompound(j: number): boolean {
  if (tt(j + 1) !== T_OP || TE[j] !== TS[j + 1] || (TE[j + 1] as number) - (TS[j + 1] as number) !== 1) return false;
  if (D[TS[j + 1] as number] !== 0x2d || tt(j + 2) !== T_WORD || TE[j + 1] !== TS[j + 2]) return false;
  return tt(j + 3) === T_STR && TE[j + 2] === TS[j + 3];
}

function quotedLabel(j: number): boolean {
  if (TR[j] !== ROLE_SELECT) return false;
  const k = isRole(j + 1, T_KW, ROLE_ALL) ? j + 2 : j + 1;
  return tt(k) === T_STR && k + 1 >= nt && ((TF[k] as number) & TF_UNTERM) !== 0;
}

/** A statement keyword at the start of the value followed by its grammar and an object name. */
function statementAtStart(): boolean {
  const role = TR[0] as number;
  if (!statementParses(0)) return false;
  if (role === ROLE_DDL) {
    // DROP TABLE x / CREATE FUNCTION x (…): the object's name, then the end, '(' , ';', AS or a comment.
    if (tt(2) !== T_WORD && tt(2) !== T_FUNC) return false;
    const t3 = tt(3);
    return t3 === 0 || t3 === T_LPAR || t3 === T_SEMI || isRole(3, T_KW, ROLE_AS) || ((TF[2] as number) & TF_CMT) !== 0;
  }
  if (role === ROLE_INSERT) {
    // INSERT INTO t (…) / VALUES / SELECT / SET / ';' / a comment: "Insert into the slot" and "Insert into
    // cart" are instructions and labels.
    if (tt(2) === T_FUNC) return true;
    if (tt(2) !== T_WORD) return false;
    const t3 = tt(3);
    return (
      t3 === T_LPAR ||
      t3 === T_SEMI ||
      isRole(3, T_KW, ROLE_VALUES) ||
      isRole(3, T_FUNC, ROLE_VALUES) ||
      isRole(3, T_STMT, ROLE_SELECT) ||
      isRole(3, T_KW, ROLE_SET) ||
      ((TF[2] as number) & TF_CMT) !== 0
    );
  }
  if (role === ROLE_DELETE) {
    // "Delete from cart" is a button's label: a DELETE is a statement with its WHERE, a ';' or a comment.
    for (let k = 2; k < nt; k++)
      if (isRole(k, T_KW, ROLE_WHERE) || TT[k] === T_SEMI || ((TF[k] as number) & TF_CMT) !== 0) return true;
    return false;
  }
  return true;
}

/** Is token i SQL's `||`, the string concatenation (`UNION SELECT username||':'||password_hash`)? */
function concatenation(i: number): boolean {
  return tt(i) === T_LOGIC && D[TS[i] as number] === 0x7c;
}

function checkUnion(i: number): void {
  let j = i + 1;
  let strong = false;
  if (isRole(j, T_KW, ROLE_ALL)) {
    strong = true;
    j++;
  }
  // UNION VALUES (1, 'a'): a row constructor (VALUES before '(' lexes as a call) of literals; "our union
  // values (respect, solidarity)" is prose.
  if (isRole(j, T_KW, ROLE_VALUES) || isRole(j, T_FUNC, ROLE_VALUES)) {
    const first = tt(j + 1) === T_LPAR ? tt(j + 2) : 0;
    if (first === T_NUM || first === T_STR || first === T_VAR) emit(R.SQLI_UNION as number);
    return;
  }
  // A literal followed by UNION ALL and nothing else: the start of a union appended to a value ("2 union all").
  if (strong && j >= nt && i > 0 && (TT[i - 1] === T_NUM || TT[i - 1] === T_STR)) {
    emit(R.SQLI_UNION as number);
    return;
  }
  while (tt(j) === T_LPAR) j++;
  if (!isRole(j, T_STMT, ROLE_SELECT)) return;
  const k = j + 1;
  const nx = tt(k);
  if (
    strong ||
    nx === T_NUM ||
    nx === T_STR ||
    nx === T_VAR ||
    nx === T_FUNC ||
    nx === T_LPAR ||
    nx === T_OP ||
    isRole(k, T_KW, ROLE_ALL) ||
    (nx === 0 && i <= 1) ||
    (nx === T_WORD &&
      (tt(k + 1) === T_COMMA ||
        tt(k + 1) === 0 ||
        isRole(k + 1, T_KW, ROLE_FROM) ||
        concatenation(k + 1) ||
        classWhere(k + 1)))
  )
    emit(R.SQLI_UNION as number);
}

/**
 * Token w is WHERE with a comparison in the five tokens after it: an object query's select of a class
 * (iTop's OQL, `UNION SELECT User WHERE login LIKE '%'`), which names no FROM.
 */
function classWhere(w: number): boolean {
  if (!isRole(w, T_KW, ROLE_WHERE)) return false;
  for (let k = w + 1; k < w + 6 && k < nt; k++) if (TT[k] === T_OP && ((TF[k] as number) & TF_CMP) !== 0) return true;
  return false;
}

/** Are the arguments of the call at i SQL-looking (literals, variables, nested calls, a subquery, nothing yet)? */
function sqlCallArgs(i: number): boolean {
  const j = i + 1;
  if (tt(j) !== T_LPAR) return j >= nt;
  const a = j + 1;
  const ta = tt(a);
  if (ta === 0 || ta === T_RPAR || ta === T_FUNC || ta === T_LPAR || ta === T_STMT || ta === T_VAR) return true;
  const tb = tt(a + 1);
  if ((ta === T_NUM || ta === T_STR) && (tb === T_RPAR || tb === T_COMMA || tb === T_OP || tb === 0)) return true;
  return ta === T_WORD && (TE[a] as number) - (TS[a] as number) > 1 && (tb === T_RPAR || tb === T_COMMA);
}

/** Token k is one byte of punctuation that ends a sentence (`.`, `!`, `?`). */
function sentenceEnd(k: number): boolean {
  const s = TS[k] as number;
  if ((TE[k] as number) - s !== 1) return false;
  const b = D[s] as number;
  return b === 0x2e || b === 0x21 || b === 0x3f;
}

/** Token k is a double-quoted string of words and spaces only (`"Edit"`, `"Select all"`). */
function quotedWords(k: number): boolean {
  if (TT[k] !== T_STR || D[TS[k] as number] !== 0x22) return false;
  const e = (TE[k] as number) - 1;
  if (e <= (TS[k] as number) + 1 || D[e] !== 0x22) return false;
  for (let q = (TS[k] as number) + 1; q < e; q++) {
    const b = D[q] as number;
    if (!isAlpha(b) && b !== 0x20) return false;
  }
  return true;
}

/** Token k is a literal opened by an apostrophe inside a word (`Customer's dog (called '`): prose's quotes paired up. */
function apostropheString(k: number): boolean {
  const s = TS[k] as number;
  return TT[k] === T_STR && s > 0 && D[s] === 0x27 && isAlpha(D[s - 1] as number) && isAlpha(D[s + 1] as number);
}

/**
 * At k, a quantifier of the select list (ALL, DISTINCT, MSSQL's TOP and its count: `(SELECT TOP 1
 * name FROM sys.sql_logins)`), then an item: a call, `*`, or a name before a comma or FROM. "(select
 * all that apply)" and "(select all 3 of them)" are a form's words.
 */
function selectItemAfterQuantifier(k: number): boolean {
  if (!isRole(k, T_KW, ROLE_ALL)) return false;
  const top = tt(k + 1) === T_NUM;
  const a = top ? k + 2 : k + 1;
  const nx = tt(a);
  if (nx === T_FUNC || (nx === T_OP && D[TS[a] as number] === 0x2a)) return true;
  // A name, then FROM or a concatenation, after TOP's count only: "(select all pages from the menu)"
  // and "(select top 3 picks, then vote)" are instructions.
  if (nx !== T_WORD || !top) return false;
  const after = tt(a + 1);
  return isRole(a + 1, T_KW, ROLE_FROM) || concatenation(a + 1) || (after === T_OP && D[TS[a + 1] as number] === 0x2b);
}

/** SELECT followed by a select list with SQL punctuation, then FROM or the end. */
function checkSelect(i: number): void {
  let j = i + 1;
  if (isRole(j, T_KW, ROLE_ALL)) j++;
  // `then select "Edit".`: one double-quoted label, then at most a full stop, is an instruction in text.
  if (quotedWords(j) && (j + 1 >= nt || (j + 2 >= nt && sentenceEnd(j + 1)))) return;
  let items = 0;
  let punct = false;
  // Commas alone between bare words: a list in a search box ("select finishes, mudroom").
  let commas = false;
  let words = 0;
  let funcs = 0;
  while (j < nt && items < 24) {
    const t = TT[j] as number;
    // A lone apostrophe ("it's …") opens a string that runs to the end: prose, not a select list.
    if (t === T_STR && ((TF[j] as number) & TF_UNTERM) !== 0) break;
    // A literal right after a name, or an operator after a name and its alias, parses as no select
    // list: "select size 10", "select model XL-200" are a shopper's words.
    if (j > i + 1 && TT[j - 1] === T_WORD) {
      if (t === T_NUM || t === T_STR || t === T_VAR) return;
      if (t === T_OP && j > i + 2 && TT[j - 2] === T_WORD) return;
      // A full stop after the last name ends a sentence ("Select 2 answers."): SQL parses no name ending in `.`.
      if (t === T_OP && j === nt - 1 && sentenceEnd(j)) return;
    }
    const aside = t === T_FUNC ? parenthetical(j) : -1;
    if (t === T_NUM || t === T_STR || t === T_VAR) punct = true;
    // An unknown name, a blank and words in parentheses (`Select Choir (tenor)`): a name and an aside,
    // where a call is written glued to its name (`version()`, `count(id)`).
    else if (aside > 0) {
      words++;
      j = aside;
    } else if (t === T_FUNC) {
      punct = true;
      funcs++;
      j++;
      let depth = 0;
      while (j < nt) {
        if (TT[j] === T_LPAR) depth++;
        else if (TT[j] === T_RPAR) {
          depth--;
          if (depth <= 0) break;
        }
        j++;
      }
    } else if (t === T_OP && D[TS[j] as number] === 0x2a) punct = true;
    else if (t === T_WORD) {
      words++;
      // Three words in a row are a sentence, not columns (SQL separates columns with commas).
      if (j >= 2 && TT[j - 1] === T_WORD && TT[j - 2] === T_WORD) return;
    } else if (t === T_OP && isIdent(D[TS[j] as number] as number)) break;
    else if (t !== T_COMMA && t !== T_OP && !concatenation(j)) break;
    if (t === T_COMMA) commas = true;
    items++;
    j++;
  }
  if (items === 0) return;
  const end = j >= nt;
  const from = isRole(j, T_KW, ROLE_FROM) || isRole(j, T_KW, ROLE_INTO);
  const tail = end || tt(j) === T_SEMI || tt(j) === T_UNION;
  // A word before SELECT makes it a verb in a sentence ("please select 'urgent' slot"), as does a
  // literal that an apostrophe inside a word opened ("Customer's dog (called 'Select') … O'Donoghue"):
  // there a list is SQL only when named columns follow FROM's table with a clause of a query ("maps
  // to SELECT * FROM users; I would…" quotes a statement). After UNION, `;`, `(`, a quote or at the
  // start a list needs no FROM.
  const verb = i > 0 && (TT[i - 1] === T_WORD || apostropheString(i - 1));
  // Ended without FROM, a list needs a literal, a variable, a call or `*`; with FROM commas do.
  if (((punct || commas) && from && !verb) || (punct && tail && !verb) || funcs >= 2) emit(R.SQLI_SELECT as number);
  else if (from && words > 0 && words <= 3 && (tt(j + 1) === T_WORD || tt(j + 1) === T_LPAR)) {
    // SELECT col FROM tbl WHERE|ORDER|GROUP|LIMIT|UNION|; is a query, not a sentence.
    const k = j + 2;
    const tk = tt(k);
    if (
      items === 1 &&
      (isRole(k, T_KW, ROLE_WHERE) ||
        isRole(k, T_KW, ROLE_ORDER) ||
        isRole(k, T_KW, ROLE_LIMIT) ||
        tk === T_UNION ||
        tk === T_SEMI)
    )
      emit(R.SQLI_SELECT as number);
    else emit(R.SQLI_SELECT_WORDS as number);
  }
}

/**
 * Token j is a name no dialect knows as a function, a blank after it, then one to four words or
 * numbers in parentheses: the index of the closing parenthesis, or -1.
 */
function parenthetical(j: number): number {
  if (((TF[j] as number) & TF_KNOWN) !== 0 || tt(j + 1) !== T_LPAR || TE[j] === TS[j + 1]) return -1;
  let k = j + 2;
  while (k < j + 6 && (tt(k) === T_WORD || tt(k) === T_NUM)) k++;
  return k > j + 2 && tt(k) === T_RPAR ? k : -1;
}

/**
 * After the call that starts the value (token 0, its '(' token 1) comes
 * code or prose rather than SQL: a block (`if (false) {`), a `//` comment or
 * an arrow (`log('hi') // note`), or a plain word (`if (false) module…`).
 * SQL after a leading call ends, or goes on with an operator, a comma, a
 * keyword or an SQL comment (`sleep(5)#`, `version()--`, `char(113) from`).
 */
function codeAfterCall(): boolean {
  let depth = 0;
  let k = 1;
  for (; k < nt; k++) {
    const t = TT[k] as number;
    if (t === T_LPAR) depth++;
    else if (t === T_RPAR && --depth === 0) break;
  }
  if (k >= nt) return false;
  if (tt(k + 1) === T_WORD) return true;
  const n = st.dLen;
  let j = TE[k] as number;
  while (j < n && isSpace(D[j] as number)) j++;
  if (j >= n) return false;
  const b = D[j] as number;
  const c = j + 1 < n ? (D[j + 1] as number) : 0;
  return b === 0x7b || (b === 0x2f && c === 0x2f) || (b === 0x3d && c === 0x3e);
}

/** Token i is the keyword k (ASCII case folded). */
function tokenIsKeyword(i: number, k: number): boolean {
  const s = TS[i] as number;
  const len = kwLen(k);
  if ((TE[i] as number) - s !== len) return false;
  for (let q = 0; q < len; q++) if (((D[s + q] as number) | 0x20) !== kwByte(k, q)) return false;
  return true;
}

/**
 * The call at i is awaited or defined in JavaScript or Python (`await
 * sleep(1000)`, `function version()`, `def version():`): code, not SQL.
 */
function codeCall(i: number): boolean {
  const p = i > 0 ? (TT[i - 1] as number) : 0;
  if (p !== T_WORD && p !== T_KW) return false;
  return (
    tokenIsKeyword(i - 1, KW_AWAIT) ||
    tokenIsKeyword(i - 1, KW_FUNCTION) ||
    tokenIsKeyword(i - 1, KW_DEF) ||
    tokenIsKeyword(i - 1, KW_ASYNC)
  );
}

/**
 * The call at i is a WKT geometry (`POLYGON((-3.71 40.41, -3.69 40.41, …))`, a map's or a spatial
 * API's filter): a geometry name with nothing but numbers, signs, commas and parentheses in its
 * arguments, as far as the lexed tokens go. MySQL's `polygon()` of error-based injection needs a
 * subquery or a call inside, and a coordinate list is no MySQL syntax at all.
 */
function wktGeometry(i: number): boolean {
  let named = false;
  for (let k = KW_WKT; k < KW_WKT + KW_WKT_COUNT; k++) if (tokenIsKeyword(i, k)) named = true;
  if (!named || tt(i + 1) !== T_LPAR) return false;
  let depth = 0;
  let numbers = 0;
  for (let k = i + 1; k < nt; k++) {
    const t = TT[k] as number;
    if (t === T_LPAR) depth++;
    else if (t === T_RPAR) {
      if (--depth === 0) break;
    } else if (t === T_NUM) numbers++;
    else if (t !== T_COMMA && !(t === T_OP && isSign(k))) return false;
  }
  return numbers >= 2;
}

/**
 * The call at i is `exp()` of a formula (`\exp(s(x,y'))`, `exp(-0.5*x)`): MySQL's error-based probe
 * needs it to overflow, with a bitwise NOT (`exp(~(select…))`), a subquery or a three-digit integer
 * (`exp(710)`, `exp(709+if(…))`).
 */
function expFormula(i: number): boolean {
  if (!tokenIsKeyword(i, KW_EXP)) return false;
  let depth = 0;
  for (let k = i + 1; k < nt; k++) {
    const t = TT[k] as number;
    if (t === T_LPAR) depth++;
    else if (t === T_RPAR) {
      if (--depth <= 0) break;
    } else if (t === T_STMT || (t === T_OP && D[TS[k] as number] === 0x7e)) return false;
    else if (t === T_NUM) {
      let q = TS[k] as number;
      while (q < (TE[k] as number) && isDigit(D[q] as number)) q++;
      if (q - (TS[k] as number) >= 3) return false;
    }
  }
  return true;
}

function globalChecks(ctx: number): void {
  for (let i = 0; i < nt; i++) {
    const t = TT[i] as number;
    if (t === T_SEMI) {
      const j = i + 1;
      if (tt(j) === T_STMT) {
        if (statementParses(j)) emit(R.SQLI_STACKED as number);
        else if (j + 1 >= nt && (i === 0 || (ctx !== 0 && i <= 2))) emit(R.SQLI_STACKED as number);
      }
    } else if (t === T_UNION) checkUnion(i);
    else if (t === T_LPAR && isRole(i + 1, T_STMT, ROLE_SELECT)) {
      const nx = tt(i + 2);
      if (
        selectItemAfterQuantifier(i + 2) ||
        nx === 0 ||
        nx === T_LPAR ||
        nx === T_NUM ||
        nx === T_STR ||
        nx === T_VAR ||
        nx === T_FUNC ||
        (nx === T_OP && D[TS[i + 2] as number] === 0x2a) ||
        (nx === T_WORD && (tt(i + 3) === T_COMMA || isRole(i + 3, T_KW, ROLE_FROM))) ||
        // A conditional subquery, the blind extraction's (`,(SELECT CASE WHEN (ASCII(…))>108) THEN …`).
        isRole(i + 2, T_KW, ROLE_CASE)
      )
        emit(R.SQLI_SELECT as number);
    } else if (t === T_FUNC && ((TF[i] as number) & TF_DANGER) !== 0) {
      if (sqlCallArgs(i) && !codeCall(i) && !wktGeometry(i) && !expFormula(i)) emit(R.SQLI_FUNC_DANGER as number);
    } else if (t === T_OP && ((TF[i] as number) & TF_CAST) !== 0) {
      const p = i > 0 ? (TT[i - 1] as number) : 0;
      if (tt(i + 1) === T_TYPE && (p === T_STR || p === T_NUM || p === T_RPAR || p === T_WORD || p === T_VAR))
        emit(R.SQLI_CAST as number);
    } else if (t === T_STMT && TR[i] === ROLE_SELECT && ctx === 0) checkSelect(i);
    if (
      (t === T_STR || t === T_NUM || t === T_RPAR || (t === T_WORD && ((TF[i] as number) & TF_QUOTED) !== 0)) &&
      isRole(i + 1, T_KW, ROLE_AS) &&
      (tt(i + 2) === T_WORD || tt(i + 2) === T_STR) &&
      isRole(i + 3, T_KW, ROLE_FROM)
    )
      emit(R.SQLI_AS_FROM as number);
  }
  if ((cx & CX_VERSIONED) !== 0) emit(R.SQLI_VERSIONED_COMMENT as number);
}

/**
 * The comparison the value opens with goes on as no SQL can: a bare word right after its right-hand
 * operand ("where 1=1 best practice") or IN without its parenthesis ("where 1 = 1 in math",
 * "1=1 in dynamic queries"). A search about SQL, not a condition; `1=1 --`, `1=1 and …`,
 * `1=1)` and `1=1 union …` go on as SQL does.
 */
function conditionGoesOnAsProse(from: number): boolean {
  for (let k = from; k < from + 5 && k < nt; k++) {
    if (TT[k] !== T_OP || ((TF[k] as number) & TF_SYMCMP) === 0) continue;
    const n = k + 2;
    if (n >= nt) return false;
    if (TT[n] === T_WORD && ((TF[n] as number) & TF_QUOTED) === 0) return true;
    return tokenIsKeyword(n, KW_IN) && tt(n + 1) !== T_LPAR;
  }
  return false;
}

/**
 * From the `(` at token q to the end, boolean search syntax and nothing else: words and quoted
 * phrases joined by AND, OR and NOT in balanced parentheses, a field's `name:` before one (`".NET" AND (Azure OR AWS) NOT intern`,
 * the query syntax of job boards, library catalogues and PubMed). A condition needs more: a
 * comparison, a call, a number other than a field's, a statement, a comment or an open quote; a group
 * without AND, OR or NOT needs a field's name (`"malaria vaccine" AND (PUB_YEAR:[2020 TO 2024])`).
 */
function searchGroups(q: number): boolean {
  if (nt >= MAX_TOK) return false;
  let depth = 0;
  let logic = 0;
  let fields = 0;
  for (let k = q; k < nt; k++) {
    const t = TT[k] as number;
    if (((TF[k] as number) & (TF_CMT | TF_UNTERM)) !== 0) return false;
    if (t === T_LPAR) depth++;
    else if (t === T_RPAR) {
      if (depth === 0) return false;
      depth--;
    } else if (t === T_LOGIC) logic++;
    // A field's name before a group or a term (`court_id:(ca5 OR ca9)`): the search syntax's own colon.
    else if (loneColon(k) && k > q && TT[k - 1] === T_WORD) fields++;
    // A field's number or range (`numresults:25`, `PUB_YEAR:[2020 TO 2024]`).
    else if (t === T_NUM && loneColon(k - 1)) continue;
    else if (t === T_OTHER && loneColon(k - 1) && searchRange(k)) k += 4;
    // A wildcard or a hyphen inside a term (`neuron*`, `relevance-rank`).
    else if (t === T_OP && gluedTermOp(k)) continue;
    else if (t !== T_WORD && t !== T_STR && !isRole(k, T_OP, ROLE_NOT)) return false;
  }
  return depth === 0 && (logic > 0 || fields > 0);
}

/** Token k opens a search syntax's range of five tokens: `[` or `{`, a bound, TO, a bound, `]` or `}`. */
function searchRange(k: number): boolean {
  const o = D[TS[k] as number] as number;
  if ((o !== 0x5b && o !== 0x7b) || tt(k + 4) !== T_OTHER) return false;
  const c = D[TS[k + 4] as number] as number;
  if (c !== 0x5d && c !== 0x7d) return false;
  const s = TS[k + 2] as number;
  if (tt(k + 2) !== T_WORD || (TE[k + 2] as number) - s !== 2) return false;
  if (((D[s] as number) | 0x20) !== 0x74 || ((D[s + 1] as number) | 0x20) !== 0x6f) return false;
  return rangeBound(k + 1) && rangeBound(k + 3);
}

function rangeBound(k: number): boolean {
  const t = tt(k);
  return t === T_NUM || t === T_WORD || t === T_STR || starAt(k);
}

/**
 * Token k is a one-byte `*` glued to the word before it, a `-` glued to a word on each side, or a
 * `-` that opens a term after a blank (`-uber`: a search's exclusion).
 */
function gluedTermOp(k: number): boolean {
  if (k === 0 || (TE[k] as number) - (TS[k] as number) !== 1) return false;
  if (
    D[TS[k] as number] === 0x2d &&
    (TE[k - 1] as number) < (TS[k] as number) &&
    tt(k + 1) === T_WORD &&
    TE[k] === TS[k + 1]
  )
    return true;
  if (TT[k - 1] !== T_WORD || TE[k - 1] !== TS[k]) return false;
  const b = D[TS[k] as number] as number;
  if (b === 0x2a) return true;
  return b === 0x2d && tt(k + 1) === T_WORD && TE[k] === TS[k + 1];
}

/** Is token i a lone `:` (a search syntax's `field:`; SQL has none)? */
function loneColon(i: number): boolean {
  return i < nt && TT[i] === T_OP && (TE[i] as number) - (TS[i] as number) === 1 && D[TS[i] as number] === 0x3a;
}

/** A `*` token at k. */
function starAt(k: number): boolean {
  return tt(k) === T_OP && D[TS[k] as number] === 0x2a && (TE[k] as number) - (TS[k] as number) === 1;
}

/** The value is a select list (`*`, or names joined by commas) then FROM a table, ended by `;` or a comment. */
function selectListIntoFrom(): boolean {
  let k = 0;
  let star = false;
  let items = 0;
  for (;;) {
    if (starAt(k)) star = true;
    else if (tt(k) !== T_WORD) return false;
    items++;
    k++;
    if (tt(k) !== T_COMMA) break;
    k++;
  }
  if ((!star && items < 2) || !isRole(k, T_KW, ROLE_FROM)) return false;
  const t = tt(k + 1);
  if (t !== T_WORD && t !== T_STR) return false;
  const last = nt - 1;
  return (last === k + 1 && ((TF[last] as number) & TF_CMT) !== 0) || (last === k + 2 && tt(last) === T_SEMI);
}

/**
 * After OR or AND, literals compared by a word operator (`… or 'x' between 'w' and 'y'-- -`,
 * `1 or 5 like 5#`), the value ended by a comment or `;`: a condition of constants, as `'x'='x'` is.
 */
function wordComparisonOfLiterals(): boolean {
  const last = nt - 1;
  if (last < 3 || (((TF[last] as number) & TF_CMT) === 0 && TT[last] !== T_SEMI)) return false;
  for (let q = 1; q + 2 < nt; q++) {
    if (TT[q - 1] !== T_LOGIC || !isLiteral(TT[q] as number) || TT[q + 1] !== T_OP) continue;
    const f = TF[q + 1] as number;
    if ((f & TF_CMP) !== 0 && (f & TF_SYMCMP) === 0 && isLiteral(TT[q + 2] as number)) return true;
  }
  return false;
}

/**
 * Tokens k..k+2 are a spreadsheet formula's field reference, a name glued between braces (Airtable's
 * `AND({Status}='Received', …)`): SQL has no such thing (ODBC's escapes put a blank after the keyword,
 * `{d '2024-05-01'}`, `{fn now()}`).
 */
function bracedField(k: number): boolean {
  if (tt(k) !== T_OTHER || D[TS[k] as number] !== 0x7b || tt(k + 1) !== T_WORD || tt(k + 2) !== T_OTHER) return false;
  return D[TS[k + 2] as number] === 0x7d && TE[k] === TS[k + 1] && TE[k + 1] === TS[k + 2];
}

function codeContextChecks(): void {
  const t0 = tt(0);
  if (wordComparisonOfLiterals()) emit(R.SQLI_BOOLEAN as number);
  if (t0 === T_LOGIC) {
    const ty = tt(1);
    if (ty === T_LPAR) {
      if ((hasSymCmp(2, 7) && !bracedField(2)) || isRole(2, T_STMT, ROLE_SELECT)) emit(R.SQLI_LOGIC_START as number);
    } else if (ty === T_FUNC && ((TF[1] as number) & TF_KNOWN) !== 0) emit(R.SQLI_LOGIC_START as number);
    else if (ty === T_NUM || ty === T_STR || ty === T_WORD || ty === T_VAR) {
      const prose = conditionGoesOnAsProse(2);
      if (hasSymCmp(2, 6) && !prose) emit(R.SQLI_LOGIC_START as number);
      else if (isLiteral(ty) && tt(2) === T_OP && ((TF[2] as number) & TF_CMP) !== 0 && !prose)
        emit(R.SQLI_LOGIC_START as number);
    }
  }
  if (
    isLiteral(t0) &&
    tt(1) === T_OP &&
    ((TF[1] as number) & TF_SYMCMP) !== 0 &&
    (isLiteral(tt(2)) || tt(2) === T_WORD) &&
    tt(3) === T_LOGIC
  )
    emit(R.SQLI_BOOLEAN as number);
  // A literal, signed ("-1 or 1--") or closing the application's parentheses ("1) or true--"), then a condition.
  const b = t0 === T_OP && tt(1) === T_NUM && isSign(0) ? 1 : 0;
  const tb = tt(b);
  let j = b + 1;
  if (tb === T_NUM || tb === T_STR) while (j < b + 4 && tt(j) === T_RPAR) j++;
  if ((tb === T_NUM || tb === T_STR) && tt(j) === T_LOGIC) {
    const q = j + 1;
    const ty = tt(q);
    const cmt = ((TF[q] as number) & TF_CMT) !== 0;
    const sums = arithmeticEnd(q);
    // After a closing parenthesis a parenthesis alone is a list in prose ("1) and (b)"): it needs a comparison.
    if (
      ty === T_LPAR &&
      (j === b + 1 || hasSymCmp(q + 1, q + 6) || isRole(q + 1, T_STMT, ROLE_SELECT)) &&
      !(tb === T_STR && j === b + 1 && searchGroups(q))
    )
      emit(R.SQLI_BOOLEAN as number);
    else if (ty === T_FUNC && (((TF[q] as number) & TF_KNOWN) !== 0 || callCompared(q))) emit(R.SQLI_BOOLEAN as number);
    // `"Halle 4" AND criticality:>=B`: a search syntax's `field:` before the comparison is no SQL.
    else if (
      (ty === T_NUM || ty === T_STR || ty === T_WORD || ty === T_VAR) &&
      (hasSymCmp(q + 1, q + 4) || hasSymCmp(sums + 1, sums + 2)) &&
      !loneColon(q + 1)
    )
      emit(R.SQLI_BOOLEAN as number);
    else if ((ty === T_NUM || ty === T_STR) && (tt(q + 1) === T_SEMI || cmt)) emit(R.SQLI_BOOLEAN as number);
    // TRUE and FALSE lex as numbers: "1 or true" ends in a tautology where "1 or 2" is prose.
    else if (
      ty === T_NUM &&
      (tt(q + 1) === 0 || tt(q + 1) === T_RPAR) &&
      (tokenIsKeyword(q, KW_TRUE) || tokenIsKeyword(q, KW_FALSE))
    )
      emit(R.SQLI_BOOLEAN as number);
  }
  if (
    t0 === T_STR &&
    ((TF[0] as number) & TF_UNTERM) === 0 &&
    tt(1) === T_OP &&
    ((TF[1] as number) & TF_SYMCMP) !== 0 &&
    tt(2) === T_STR
  )
    emit(R.SQLI_COMPARE_BREAKOUT as number);
  // A number then ORDER BY a column number, ended there ("1 ORDER BY 10--"): counting the query's columns.
  // After a column name (a sort parameter: "price ORDER BY 10--") the `;` or the comment must end it.
  if (
    (tb === T_NUM || tb === T_WORD) &&
    isRole(b + 1, T_KW, ROLE_ORDER) &&
    isRole(b + 2, T_KW, ROLE_BY) &&
    tt(b + 3) === T_NUM &&
    ((tb === T_NUM && tt(b + 4) === 0) || tt(b + 4) === T_SEMI || ((TF[b + 3] as number) & TF_CMT) !== 0)
  )
    emit(R.SQLI_CLAUSE as number);
  // After a column name or number (a sort or grouping parameter), a HAVING or WHERE clause whose
  // comparison a comment or `;` ends ("region HAVING 1=1--"); "sales where amount > 100" asked in
  // words ends with no comment.
  if (
    (tb === T_NUM || tb === T_WORD) &&
    (isRole(b + 1, T_KW, ROLE_HAVING) || isRole(b + 1, T_KW, ROLE_WHERE)) &&
    hasSymCmp(b + 2, b + 8) &&
    (((TF[nt - 1] as number) & TF_CMT) !== 0 || tt(nt - 1) === T_SEMI)
  )
    emit(R.SQLI_LOGIC_START as number);
  // A select list put where the app builds `SELECT <fields> FROM …`, closed into FROM another table and
  // ended there (`fields=* from wp_users-- -`, `id,user_pass from wp_users;--`): a list (`*` or two
  // names at least), not a phrase ("Greetings from Paris -- see you").
  if (selectListIntoFrom()) emit(R.SQLI_LOGIC_START as number);
  // A column that closes the application's call and goes on as a query (`amount_cents) FROM users WHERE
  // admin = true; --`, a metric put inside `SUM(…)`): the same, after `)` and a FROM of another table,
  // with a WHERE of its own or ended right there (`total) from directus_users;--`).
  if (
    tb === T_WORD &&
    tt(b + 1) === T_RPAR &&
    isRole(b + 2, T_KW, ROLE_FROM) &&
    (tt(b + 3) === T_WORD || tt(b + 3) === T_STR) &&
    ((isRole(b + 4, T_KW, ROLE_WHERE) && hasSymCmp(b + 5, b + 10)) ||
      (tt(b + 4) === T_SEMI && b + 4 === nt - 1) ||
      b + 3 === nt - 1) &&
    (((TF[nt - 1] as number) & TF_CMT) !== 0 || tt(nt - 1) === T_SEMI)
  )
    emit(R.SQLI_LOGIC_START as number);
  // A value that is an SQL statement: CREATE FUNCTION x (, INSERT INTO, DELETE FROM x WHERE, EXEC(…).
  if (t0 === T_STMT && TR[0] !== ROLE_SELECT && statementAtStart()) emit(R.SQLI_STATEMENT as number);
  // WHERE/HAVING clause with a comparison.
  if ((isRole(0, T_KW, ROLE_WHERE) || isRole(0, T_KW, ROLE_HAVING)) && hasSymCmp(1, 7) && !conditionGoesOnAsProse(1))
    emit(R.SQLI_LOGIC_START as number);
  // A value that starts as an SQL function call with literal arguments ("char(", "concat(0x71,"), not
  // a call on names ("if (ready)", "log(message)") as code is full of.
  if (t0 === T_FUNC && ((TF[0] as number) & TF_KNOWN) !== 0 && tt(1) === T_LPAR) {
    const ta = tt(2);
    if (
      ta === 0 ||
      ta === T_RPAR ||
      ta === T_NUM ||
      ta === T_STR ||
      ta === T_VAR ||
      ta === T_LPAR ||
      isRole(2, T_STMT, ROLE_SELECT) ||
      (ta === T_FUNC && ((TF[2] as number) & TF_KNOWN) !== 0)
    ) {
      // Arithmetic on numbers, or an aggregate with nothing in it, is a calculator's or an analytics
      // query's (`max(3, 9, 4) - min(1, -2)`, `count()`), and so is arithmetic of names inside another
      // such call (a valuation's `min(abs(subject.year - comp.year), 30) * -500`): with a string, a
      // variable, a subquery or another function inside it is SQL's.
      const nested = ta === T_LPAR || (ta === T_FUNC && ((TF[2] as number) & TF_MATH) !== 0);
      const math =
        ((TF[0] as number) & TF_MATH) !== 0 &&
        (ta === T_NUM || ta === T_RPAR || (nested && arithmeticArguments())) &&
        ((TF[nt - 1] as number) & TF_CMT) === 0;
      if (!math && !codeAfterCall() && !wktGeometry(0)) emit(R.SQLI_FUNC as number);
    }
  }
  // Literal tautology after a separator or at the start: 1=1, 'a'='a'.
  for (let k = 0; k + 2 < nt && k < 8; k++) {
    const p = k === 0 ? T_COMMA : (TT[k - 1] as number);
    if (!(p === T_COMMA || p === T_LOGIC || p === T_LPAR || p === T_SEMI)) continue;
    const a = TT[k] as number;
    if (
      (a === T_NUM || a === T_STR) &&
      TT[k + 2] === a &&
      ((TT[k + 1] === T_OP && ((TF[k + 1] as number) & TF_SYMCMP) !== 0) || odataEq(k + 1))
    ) {
      const la = (TE[k] as number) - (TS[k] as number);
      if (la === (TE[k + 2] as number) - (TS[k + 2] as number)) {
        let same = true;
        for (let q = 0; q < la; q++) if (D[(TS[k] as number) + q] !== D[(TS[k + 2] as number) + q]) same = false;
        if (
          same &&
          (k + 3 >= nt ||
            TT[k + 3] === T_LOGIC ||
            TT[k + 3] === T_RPAR ||
            TT[k + 3] === T_COMMA ||
            TT[k + 3] === T_SEMI)
        )
          emit(R.SQLI_BOOLEAN as number);
      }
    }
  }
  // A name LIKE a pattern of `%` alone after a logic word (`BNAME = 'NOBODY' OR BNAME LIKE '%'`): every row.
  for (let k = 1; k + 2 < nt; k++) {
    if (TT[k - 1] !== T_LOGIC || TT[k] !== T_WORD || !likeAt(k + 1) || !matchesAll(k + 2)) continue;
    const t = tt(k + 3);
    if (t === 0 || t === T_LOGIC || t === T_RPAR || t === T_SEMI || ((TF[k + 2] as number) & TF_CMT) !== 0) {
      emit(R.SQLI_BOOLEAN as number);
      break;
    }
  }
  if (nt >= 2 && nt <= 3) {
    let all = true;
    for (let k = 0; k < nt; k++) {
      const t = TT[k] as number;
      const word =
        t === T_KW ||
        t === T_UNION ||
        t === T_STMT ||
        (t === T_OP && D[TS[k] as number] !== 0x2a && isIdent(D[TS[k] as number] as number));
      if (!word) all = false;
    }
    if (all && t0 !== T_LOGIC) emit(R.SQLI_KEYWORDS as number);
  }
  if (nt === 1 && isRole(0, T_OP, ROLE_SQLOP)) emit(R.SQLI_CLAUSE as number);
  // "order by", "group by" alone: a probe for the clause, and a search on any site that teaches SQL.
  if (nt === 2 && isRole(0, T_KW, ROLE_ORDER) && isRole(1, T_KW, ROLE_BY)) emit(R.SQLI_BARE_ORDER as number);
}

/** Token k is OData's `eq`, its filters' equality (`1 eq 1` is their tautology). */
function odataEq(k: number): boolean {
  return TT[k] === T_WORD && tokenIsKeyword(k, KW_EQ);
}

/** Token k is the operator LIKE, in any case. */
function likeAt(k: number): boolean {
  return TT[k] === T_OP && tokenIsKeyword(k, KW_LIKE);
}

/** Token k is a closed string literal of `%` alone (`'%'`, `'%%'`): a LIKE pattern every value matches. */
function matchesAll(k: number): boolean {
  if (TT[k] !== T_STR || ((TF[k] as number) & TF_UNTERM) !== 0) return false;
  const s = TS[k] as number;
  const e = TE[k] as number;
  if (e - s < 3) return false;
  for (let i = s + 1; i < e - 1; i++) if (D[i] !== 0x25) return false;
  return true;
}

/** Does the text before the breakout quote look like code or markup ("f('", "{a:'", "<x y='")? Then the quote is not an SQL literal's. */
function leakIsCode(): boolean {
  for (let k = TS[0] as number; k < (TE[0] as number); k++) {
    const b = D[k] as number;
    if (b === 0x28 || b === 0x7b || b === 0x3d || b === 0x3a || b === 0x3c || b === 0x5b) return true;
  }
  return false;
}

/**
 * Words follow the statement keyword at p as in a sentence (two plain words,
 * or one and a quote): "'show me the money'", "'use strict'", "'do it now'",
 * not "'show tables", "'use master", "'do sleep(5)". A `not` before them is
 * the sentence's too: a parcel's "'do not lend'", "'do not bend'".
 */
function proseAfter(p: number): boolean {
  const q = isRole(p + 1, T_OP, ROLE_NOT) && ((TF[p + 1] as number) & TF_CMT) === 0 ? p + 1 : p;
  if (tt(q + 1) !== T_WORD || ((TF[q + 1] as number) & TF_CMT) !== 0) return false;
  const t2 = tt(q + 2);
  return t2 === T_WORD || t2 === T_STR;
}

/**
 * Between token p and the end of token e, outside literals, is there a
 * bracket SQL cannot parse: a `]` or `}` with no opener, or a `[` or `{`
 * never closed? Then the text is noise (a random password: "'JWEE+]`;w([#"),
 * not a statement that would run; MySQL's ODBC braces (`{x 1}`) and
 * MSSQL's `[name]` are balanced.
 */
function strayBrackets(p: number, e: number): boolean {
  let curly = 0;
  let square = 0;
  let k = p;
  const end = TE[e] as number;
  for (let i = TS[p] as number; i < end; i++) {
    while (k < e && (TE[k] as number) <= i) k++;
    if (TT[k] === T_STR && i >= (TS[k] as number)) {
      i = (TE[k] as number) - 1;
      continue;
    }
    const b = D[i] as number;
    if (b === 0x7b) curly++;
    else if (b === 0x5b) square++;
    else if (b === 0x7d) {
      if (--curly < 0) return true;
    } else if (b === 0x5d) {
      if (--square < 0) return true;
    }
  }
  return curly !== 0 || square !== 0;
}

/** After the word at k, SQL goes on: a logic operator, an operator, `;`, `)` or a comment. */
function sqlAfterWord(k: number): boolean {
  const t = tt(k + 1);
  return t === T_LOGIC || t === T_OP || t === T_SEMI || t === T_RPAR || ((TF[k] as number) & TF_CMT) !== 0;
}

/**
 * The UNION at p goes on as a UNION does: [ALL|DISTINCT] SELECT, '(', VALUES, or nothing more than
 * a comment or the end (a probe). `The "Union / Guild ID" field` is a label.
 */
function unionContinues(p: number): boolean {
  let k = p + 1;
  if (isRole(k, T_KW, ROLE_ALL) || (tt(k) === T_WORD && isRole(k + 1, T_STMT, ROLE_SELECT))) k++;
  const t = tt(k);
  return (
    t === 0 ||
    // `' union/` cut short at its comment: a probe.
    (t === T_OP && D[TS[k] as number] === 0x2f && k + 1 >= nt) ||
    t === T_LPAR ||
    isRole(k, T_STMT, ROLE_SELECT) ||
    isRole(k, T_KW, ROLE_VALUES) ||
    isRole(k, T_FUNC, ROLE_VALUES) ||
    ((TF[k - 1] as number) & TF_CMT) !== 0
  );
}

/**
 * The logic word at p is a quoted literal that ends the value (`SalesOrderType eq 'OR'`, SAP's order
 * type; `lang = 'or'`): after a blank, `=`, `(` or `,` of the value's own expression, glued to the
 * breakout quote and to a closing quote with nothing after it. A probe spaces it out (`' or '`), goes
 * on (`'or'1'='1`) or closes the app's literal (`admin'or'`).
 */
function quotedLogicWord(p: number, q: number): boolean {
  const open = TE[0] as number;
  const before = open > lexFrom ? (D[open - 1] as number) : 0;
  return (
    (isSpace(before) || before === 0x3d || before === 0x28 || before === 0x2c) &&
    TS[p] === open + 1 &&
    TE[p] === TS[q] &&
    q + 1 >= nt &&
    ((TF[q] as number) & TF_UNTERM) !== 0 &&
    (TE[q] as number) - (TS[q] as number) === 1
  );
}

/**
 * The comparison at p sits between two measurements: the breakout quote is an inch or foot mark after
 * a digit and the number after the comparison carries one too (a drawing's scale, `1/4" = 1'-0"`,
 * `3/8" = 1'`); or the quote is a prime on a one-letter name compared to a number (an assay's
 * `Z' = 0.71`, `f' > 0`). An injection's quote closes a value, not a number's unit or a symbol's prime.
 */
function measurement(p: number): boolean {
  const open = TE[0] as number;
  if (open <= lexFrom || tt(p + 1) !== T_NUM) return false;
  // A prime, one letter alone before the quote, compared to a number: `Z' = 0.71`, `f' > 0`.
  const before = D[open - 1] as number;
  if (isAlpha(before) && (open - 1 === lexFrom || !isWord(D[open - 2] as number))) return true;
  if (!isDigit(before)) return false;
  const after = D[TE[p + 1] as number] as number;
  return after === 0x27 || after === 0x22;
}

/**
 * The comparison at p is IN with no list after it (`the "in" crowd`): SQL's IN takes a parenthesized
 * list or subquery and nothing else, so a quoted word after it is a quotation in prose.
 */
function inWithoutList(p: number): boolean {
  const s = TS[p] as number;
  return (
    (TE[p] as number) - s === 2 &&
    ((D[s] as number) | 0x20) === 0x69 &&
    ((D[s + 1] as number) | 0x20) === 0x6e &&
    tt(p + 1) !== T_LPAR
  );
}

/**
 * The comparison at p is a tag's `<` glued to the breakout quote and to a name (`say "<color=red>WIPE`,
 * a game's or a chat's rich text, `"<b>`), or a heart (`'<3`): markup or an emoticon inside a
 * quotation, not SQL's less-than.
 */
function tagAfterQuote(p: number): boolean {
  const s = TS[p] as number;
  if (s !== (TE[0] as number) + 1 || (TE[p] as number) - s !== 1 || D[s] !== 0x3c) return false;
  // A heart glued to the quote (`P@ss;w0rd'<3|Kraków!`, `love it'<3`): `<3` and no more digits.
  const c = D[s + 1] as number;
  return isAlpha(c) || (c === 0x33 && !isDigit(D[s + 2] as number) && D[s + 2] !== 0x2e);
}

function breakoutChecks(): void {
  if (leakIsCode()) return;
  let p = 1;
  while (tt(p) === T_RPAR) p++;
  const tp = tt(p);
  if (tp === 0) {
    if (((TF[p - 1] as number) & TF_CMT) !== 0 && !inchMarkInProse()) emit(R.SQLI_COMMENT_BREAKOUT as number);
    return;
  }
  if (tp === T_SEMI && tt(p + 1) === 0) emit(R.SQLI_COMMENT_BREAKOUT as number);
  // An identifier's quote closed into the rest of a query (`x" FROM "auth_user" WHERE 1=1 OR "a`, an
  // ORM's column alias): FROM, a table, and a WHERE whose comparison is the attacker's.
  if (
    isRole(p, T_KW, ROLE_FROM) &&
    (tt(p + 1) === T_WORD || tt(p + 1) === T_STR) &&
    isRole(p + 2, T_KW, ROLE_WHERE) &&
    hasSymCmp(p + 3, p + 6)
  )
    emit(R.SQLI_BOOLEAN as number);
  if (
    (tp === T_STMT || (tp === T_UNION && unionContinues(p))) &&
    tt(p + 1) !== T_STR &&
    (statementParses(p) ||
      tp === T_UNION ||
      (TS[0] === TE[0] && !proseAfter(p) && !quotedLabel(p) && !hyphenCompound(p)))
  )
    emit(R.SQLI_STACKED as number);
  if (tp === T_LOGIC) {
    const q = p + 1;
    const ty = tt(q);
    if (ty === 0) {
      if (((TF[p] as number) & TF_CMT) !== 0) emit(R.SQLI_BOOLEAN as number);
    } else if (ty === T_LPAR || ty === T_FUNC || isRole(q, T_KW, ROLE_EXISTS)) emit(R.SQLI_BOOLEAN as number);
    else if (isRole(q, T_OP, ROLE_NOT)) {
      const tn = tt(q + 1);
      if (isLiteral(tn) || tn === T_LPAR || tn === T_FUNC) emit(R.SQLI_BOOLEAN as number);
    } else if (ty === T_NUM || ty === T_STR || ty === T_VAR || ty === T_WORD) {
      const r = q + 1;
      const tr = tt(r);
      const cmtAfter = ((TF[q] as number) & TF_CMT) !== 0;
      const lit = ty !== T_WORD || ((TF[q] as number) & TF_QUOTED) !== 0;
      if (tr === T_OP && ((TF[r] as number) & TF_CMP) !== 0) emit(R.SQLI_BOOLEAN as number);
      else if (quotedLogicWord(p, q)) return;
      // After an inch mark in prose (`exhaust | 3" && x-pipe`) only a comparison or a call counts.
      else if (inchMark()) return;
      else if (lit && (tr === 0 || tr === T_SEMI || tr === T_LOGIC || tr === T_RPAR || tr === T_OP || cmtAfter))
        emit(R.SQLI_BOOLEAN as number);
      else if (tr === T_SEMI || tr === T_OP || cmtAfter) emit(R.SQLI_BOOLEAN as number);
    }
  }
  if (tp === T_OP && ((TF[p] as number) & TF_CMP) !== 0) {
    const ty = tt(p + 1);
    // A word operator and a bare word is a quotation in prose as often (`isn't "in transit"`, `it's
    // "like new"`): there it needs SQL after the word. `'='x`, `' like 'a%`, `' in (…)` need nothing more.
    const bare = ty === T_WORD && ((TF[p] as number) & TF_SYMCMP) === 0 ? sqlAfterWord(p + 1) : ty === T_WORD;
    if (
      (isLiteral(ty) || bare || ty === T_FUNC || ty === T_LPAR) &&
      !measurement(p) &&
      !tagAfterQuote(p) &&
      !inWithoutList(p)
    )
      emit(R.SQLI_COMPARE_BREAKOUT as number);
  }
  // "I can't log in -- the page…": a word glued to the quote makes it an apostrophe inside a word (a
  // string followed at once by a name parses in no WHERE clause), and the dashes are a writer's. So is
  // a keyword glued to an opening quote with nothing but the comment after it (`"Where -- or when --`).
  const glued = (TS[p] as number) === (TE[0] as number) + 1;
  // A name glued to it before a parenthesis is one too (`Pastor O'Neil (final) #lent.mp3`), unless SQL
  // knows it as a function.
  const apostrophe =
    glued &&
    (tt(p) === T_WORD ||
      (tt(p) === T_FUNC && ((TF[p] as number) & TF_KNOWN) === 0) ||
      (tt(p) === T_KW && p === nt - 1));
  // A number glued to the quote (`Kierowca'23;<dispatch>|#`, `Summer'24;`) is a year's apostrophe or a
  // password's: a string followed at once by a number parses in no clause either. Only SQL's own words
  // after it (`'1 or 1=1#`, `'1;drop table t#`) make it a breakout; its punctuation does not.
  const yearMark = glued && tt(p) === T_NUM;
  if (nt <= 12 && !apostrophe && ((TF[nt - 1] as number) & TF_CMT) !== 0 && !strayBrackets(p, nt - 1)) {
    for (let k = p; k < nt; k++) {
      const t = TT[k] as number;
      // SQL between the breakout and the comment; a '?' is punctuation in prose ("editor?](#…"),
      // arithmetic between two bare words is noise in a password ("gj'mU-h#Bel"), not SQL ("'-1#"), and
      // so is a `!` between a number and a word ("Winter'24!Boiler#Room"): SQL's `!` takes no left operand.
      if (
        t === T_LOGIC ||
        (t === T_OP &&
          !yearMark &&
          D[TS[k] as number] !== 0x3f &&
          !bangAfterLiteral(k) &&
          (((TF[k] as number) & TF_CMP) !== 0 || isLiteral(tt(k - 1)) || isLiteral(tt(k + 1)))) ||
        // ORDER or GROUP without BY is a word ("Order # 1120043987" in a support message), not SQL.
        (t === T_KW && !(isRole(k, T_KW, ROLE_ORDER) && !isRole(k + 1, T_KW, ROLE_BY))) ||
        t === T_STMT ||
        t === T_UNION ||
        t === T_FUNC ||
        ((t === T_SEMI || t === T_COMMA) && !yearMark)
      ) {
        emit(R.SQLI_COMMENT_BREAKOUT as number);
        break;
      }
    }
  }
}

/** The breakout quote is `"` glued after a number that a blank opens (`inseam is 28"`, `| 3"`): an inch mark. */
function inchMark(): boolean {
  const q = TE[0] as number;
  if (D[q] !== 0x22 || q <= lexFrom || !isDigit(D[q - 1] as number)) return false;
  let k = q - 1;
  while (k > lexFrom && (isDigit(D[k - 1] as number) || D[k - 1] === 0x2e)) k--;
  return k > lexFrom && isSpace(D[k - 1] as number);
}

/**
 * The breakout quote is an inch mark in prose (`My inseam is 28" -- would "regular" be too long`): a
 * number glued before it with a blank before the number, and the dashes after it a writer's, three
 * words or more going on after them. An injection's `1" -- ` ends the query there and says nothing.
 */
function inchMarkInProse(): boolean {
  if (!inchMark()) return false;
  const q = TE[0] as number;
  let i = q + 1;
  while (i < lexTo && isSpace(D[i] as number)) i++;
  if (i + 2 >= lexTo || D[i] !== 0x2d || D[i + 1] !== 0x2d || !isSpace(D[i + 2] as number)) return false;
  let words = 0;
  let inWord = false;
  for (let j = i + 3; j < lexTo; j++) {
    const b = D[j] as number;
    const letter = isAlpha(b) || b >= 0x80;
    if (letter && !inWord) words++;
    inWord = letter;
  }
  return words >= 3;
}

/** Token k is a lone `!` between a literal and a bare word (`24!Boiler`): a password's, as no SQL parses it. */
function bangAfterLiteral(k: number): boolean {
  const s = TS[k] as number;
  return D[s] === 0x21 && (TE[k] as number) - s === 1 && isLiteral(tt(k - 1)) && tt(k + 1) === T_WORD;
}

const SQL_SYNTAX =
  M_SQ |
  M_DQ |
  M_BT |
  M_LP |
  M_RP |
  M_SEMI |
  M_HASH |
  M_EQ |
  M_LT |
  M_GT |
  M_PIPE |
  M_AMP |
  M_AT |
  M_COLON |
  M_MINUS |
  M_SLASH |
  M_STAR;

function hasSqlSyntax(): boolean {
  if (lexFrom === 0 && lexTo === st.dLen) return (st.mask & SQL_SYNTAX) !== 0;
  for (let i = lexFrom; i < lexTo; i++) {
    const b = D[i] as number;
    if (
      b === 0x27 ||
      b === 0x22 ||
      b === 0x60 ||
      b === 0x28 ||
      b === 0x29 ||
      b === 0x3b ||
      b === 0x23 ||
      b === 0x3d ||
      b === 0x3c ||
      b === 0x3e ||
      b === 0x7c ||
      b === 0x26 ||
      b === 0x40 ||
      b === 0x3a ||
      b === 0x2d ||
      b === 0x2f ||
      b === 0x2a
    )
      return true;
  }
  return false;
}

/**
 * The text before the range's first backtick has no blank: a MySQL identifier the app quotes
 * (`` name` -- ``). Prose before it ("Should we mention the `--replicas` max?") is Markdown's
 * inline code, not an identifier to break out of.
 */
function identifierBeforeBacktick(): boolean {
  for (let i = lexFrom; i < lexTo; i++) {
    const b = D[i] as number;
    if (b === 0x60) return true;
    if (isSpace(b)) return false;
  }
  return false;
}

function hasByte(b: number): boolean {
  if (lexFrom === 0 && lexTo === st.dLen) return (st.mask & maskOf(b)) !== 0;
  for (let i = lexFrom; i < lexTo; i++) if (D[i] === b) return true;
  return false;
}

/**
 * Without SQL punctuation only keyword-driven rules can fire (UNION SELECT,
 * SELECT lists, a value starting with AND/OR or a statement or clause
 * keyword, a number then a boolean literal), so such values are lexed only
 * when they start with an SQL word or a digit or contain SELECT.
 */
function keywordsMatter(from: number, to: number, hasSelect: boolean): boolean {
  if (hasSelect) return true;
  // A number first ("1 or true"): the code context's boolean checks apply.
  if (from < to && isDigit(D[from] as number)) return true;
  let e = from;
  while (e < to && isIdent(D[e] as number) && D[e] !== 0x24) e++;
  const w = lookupWord(D, from, e);
  if (w < 0) return false;
  const sql = WORD_SQL[w] as number;
  return sql === SQL_LOGIC || sql === SQL_STATEMENT || sql === SQL_UNION || sql === SQL_KEYWORD || sql === SQL_OPERATOR;
}

/** Lexes D[from..to) from every applicable context and judges each token stream. */
function judgeRange(from: number, to: number, hasSelect: boolean): void {
  lexFrom = from;
  lexTo = to;
  const syntax = hasSqlSyntax();
  if (syntax || (to - from < 64 && keywordsMatter(from, to, hasSelect))) {
    if (lex(0)) {
      globalChecks(0);
      codeContextChecks();
    }
  }
  if (!syntax) return;
  singleQuoteContexts();
  if (hasByte(0x22) && lex(0x22)) {
    globalChecks(0x22);
    breakoutChecks();
  }
  if (hasByte(0x60) && identifierBeforeBacktick() && lex(0x60)) {
    globalChecks(0x60);
    breakoutChecks();
  }
}

/** Judges D[lexFrom..lexTo) as the app's single-quoted literal would hold it. */
function singleQuoteContexts(): void {
  if (!hasByte(0x27) || !lex(0x27)) return;
  globalChecks(0x27);
  breakoutChecks();
  // An escaping back end (\' stays inside the literal) breaks out at the first unescaped quote.
  const q = breakoutQuote(0x27, true);
  if (q >= 0 && q !== breakoutQuote(0x27, false) && lexFromQuote(0x27, q)) {
    globalChecks(0x27);
    breakoutChecks();
  }
}

/** D[from..to) judged only as inside the app's single quotes, where its SQL syntax is any. */
function judgeSingleQuoted(from: number, to: number): void {
  lexFrom = from;
  lexTo = to;
  if (hasSqlSyntax()) singleQuoteContexts();
}

/** The probe value KW_OVERFLOW… the value (D, n bytes) is (`e` in any case), or -1. */
function overflowValue(n: number): number {
  // Every one starts with a digit or '-': most values leave here.
  const b0 = D[0] as number;
  if (b0 !== 0x2d && (b0 < 0x30 || b0 > 0x39)) return -1;
  for (let k = KW_OVERFLOW; k < KW_OVERFLOW + KW_OVERFLOW_COUNT; k++) {
    if (kwLen(k) !== n) continue;
    let i = 0;
    while (i < n) {
      const c = D[i] as number;
      if ((c === 0x45 ? 0x65 : c) !== kwByte(k, i)) break;
      i++;
    }
    if (i === n) return k;
  }
  return -1;
}

/** The value from `v` opens with no quote and no `=`: a bare word a breakout may close (`mens' OR …`). */
function unclosedAfterName(v: number): boolean {
  const c = D[v] as number;
  return c !== 0x27 && c !== 0x22 && c !== 0x3d;
}

/**
 * The value from `v` to `n` opens with a quote and holds an even count of that quote: a literal quoted
 * whole (Algolia's `category:"Book" AND price < 20`, a facet filter), from which no quote breaks out.
 */
function quotedWholeAfterName(v: number, n: number): boolean {
  const q = D[v] as number;
  return (q === 0x27 || q === 0x22) && (quotesFrom(v, n, q) & 1) === 0;
}

/** Runs the lexer from every applicable context and judges each token stream; a path is judged segment by segment. */
export function detectSqli(kind: number): void {
  let hasSelect = false;
  for (let h = 0; h < st.hits; h++) {
    const g = PAT_GROUP[HIT_PAT[h] as number] as number;
    if (g === G_SQL_SYSOBJ || g === G_SQL_PHRASE) emit(R.SQLI_SYSOBJ as number);
    else if (g === G_SQL_KW) hasSelect = true;
  }
  const n = st.dLen;
  // Not in a header: there a byte count of 2 GiB (`X-Upload-Content-Length: 2147483648`) is a size.
  if (kind !== K_PATH && kind !== K_HEADER && n >= 5 && n <= 23) {
    // A type's maximum is also a client's "no limit" (`size=2147483647`): a probe only at paranoia 2.
    const k = overflowValue(n);
    if (k === KW_OVERFLOW_INT_MAX || k === KW_OVERFLOW_UINT_MAX) emit(R.SQLI_OVERFLOW_MAX as number);
    else if (k >= 0) emit(R.SQLI_OVERFLOW as number);
  }
  // A short value made of SQL special characters ("!@#$%^&*()", "'--", "-----"): a probe (paranoia 2).
  if (kind !== K_PATH && n >= 3 && n <= 40 && (st.mask & SQL_SYNTAX) !== 0) {
    let special = 0;
    for (let i = 0; i < n; i++)
      if ((maskOf(D[i] as number) & (SQL_SYNTAX | M_EXCL | M_DOLLAR | M_PCT | M_TILDE | M_PLUS)) !== 0) special++;
    if (special * 5 >= n * 4) emit(R.SQLI_SPECIAL_CHARS as number);
  }
  if (kind === K_PATH) {
    let s0 = 0;
    // The first segment holding a blank or a quote, from which the rest is judged whole too.
    let tail = -1;
    for (let i = 0; i <= n; i++) {
      if (i === n || D[i] === 0x2f) {
        if (i > s0) {
          judgeRange(s0, i, hasSelect);
          // A segment that names its key (`sis_user_id:S1024' OR '1'='1`, Canvas's and Google's `name:value`):
          // the part after the colon is the value the back end quotes, judged as a filter's is.
          let f = s0;
          while (f < i && f - s0 < 64 && (isIdent(D[f] as number) || D[f] === 0x2e)) f++;
          if (f > s0 && f + 1 < i && D[f] === 0x3a && !isSpace(D[f + 1] as number)) judgeRange(f + 1, i, hasSelect);
          // A matrix parameter's value (`view;jsessionid=x' OR 'x'='x`) is a value of its own.
          for (let k = s0; k < i; k++) {
            if (D[k] !== 0x3b) continue;
            let v = k + 1;
            while (v < i && D[v] !== 0x3d && D[v] !== 0x3b) v++;
            if (v < i && D[v] === 0x3d && v + 1 < i) {
              let ve = v + 1;
              while (ve < i && D[ve] !== 0x3b) ve++;
              judgeRange(v + 1, ve, hasSelect);
            }
          }
          if (tail < 0)
            for (let k = s0; k < i; k++)
              if (isSpace(D[k] as number) || D[k] === 0x27 || D[k] === 0x22) {
                tail = s0;
                break;
              }
        }
        s0 = i + 1;
      }
    }
    // A payload the path's own slashes tear apart (`/items/-1 /*!50000UNION*/ /*!50000SELECT*/ 1,2,3--`):
    // from the first segment with a blank or a quote (no path of names has one) to the end, whole.
    if (tail >= 0) judgeRange(tail, n, hasSelect);
    return;
  }
  judgeRange(0, n, hasSelect);
  // A filter wrapped whole in double quotes around its own single-quoted literals (HPE OneView's
  // `filter="name='x' or 1=1--"`): the filter inside is judged as if sent bare.
  if (wrappedFilter(n)) judgeRange(1, n - 1, hasSelect);
  // A field-prefixed filter (`slug:'x' or '1'='1`, Ghost's NQL, Lucene, search syntaxes) or a refinement
  // that carries its own `name=` (`refine_1=cgid=mens' OR '1'='1`, `filter=status=x'…`): the part after
  // `name:` or `name=` is the value the back end quotes.
  let f = 0;
  while (f < n && f < 64 && (isIdent(D[f] as number) || D[f] === 0x2e)) f++;
  // Glued to its value: `Rotation: x' = …` is a label in prose; `:/` is a URL. After `=`, only a bare
  // word (`mens' OR '1'='1`): `STATE_NAME='Texas' AND POP > 1` is a whole filter, its literal quoted.
  // After `:`, not a literal quoted whole (`category:"Book" AND price < 20`): that value is judged whole.
  const sep = f + 1 < n ? (D[f] as number) : 0;
  const named =
    f > 0 &&
    ((sep === 0x3a && D[f + 1] !== 0x2f && !quotedWholeAfterName(f + 1, n)) ||
      (sep === 0x3d && unclosedAfterName(f + 1))) &&
    !isSpace(D[f + 1] as number);
  if (named) judgeRange(f + 1, n, hasSelect);
  // A value that carries a URL's query or a Base64 cursor before its quote (a deep link's
  // `shopmate://product?id=1' OR '1'='1`, a cursor's `MTA=' OR 1=1--`): from the `=` glued to the
  // first quote's word, what follows is the value a back end quotes, when it breaks out of it (an
  // odd count of quotes from there; `STATE_NAME='Texas' AND POP > 1` quotes its literal whole).
  const e = breakoutAfterEquals(n);
  if (e > 0 && !(named && e === f + 1)) {
    // A literal quoted whole right after the `=` (`STATE_NAME='Texas' AND POP > 1`) is a filter's own:
    // only the app's quote around it is judged, which `name=' or '1'='1` closes.
    if (e === quoteAfterEquals && (quotesFrom(e, n, 0x27) & 1) === 0) judgeSingleQuoted(e, n);
    else judgeRange(e, n, hasSelect);
  }
  // PostgREST's `operator.value` (`in.(1,2) OR 1=1`, `eq.x' OR '1'='1`): the value after the dot.
  let d = 0;
  while (d < n && d < 8 && (D[d] as number) >= 0x61 && (D[d] as number) <= 0x7a) d++;
  if (d >= 2 && d < 8 && d + 1 < n && D[d] === 0x2e && d + 1 !== e && postgrestOperator(d))
    judgeRange(d + 1, n, hasSelect);
}

/** D[0..d) is one of PostgREST's filter operators (KW_POSTGREST_OP). */
function postgrestOperator(d: number): boolean {
  for (let m = 0; m < KW_POSTGREST_OP_COUNT; m++)
    if (kwLen(KW_POSTGREST_OP + m) === d && kwAt(0, KW_POSTGREST_OP + m)) return true;
  return false;
}

/** The quote breakoutAfterEquals last found right after its `=`, or -1. */
let quoteAfterEquals = -1;

/**
 * Where the value after the `=` glued to the first quote's word starts: after a bare word, or right at
 * the quote (then also kept in quoteAfterEquals); -1 if none.
 */
function breakoutAfterEquals(n: number): number {
  quoteAfterEquals = -1;
  let q = 0;
  while (q < n && D[q] !== 0x27) q++;
  if (q >= n) return -1;
  let e = q;
  // Inside a double-quoted literal (`customerEmail="sean.o'connor@…"`) the quote is a letter.
  while (e > 0 && D[e - 1] !== 0x3d && D[e - 1] !== 0x22 && !isSpace(D[e - 1] as number)) e--;
  if (e === 0 || D[e - 1] !== 0x3d) return -1;
  // A bare word before the quote (`id=1' OR '1'='1`) is what the back end quotes, as after a name; so
  // is the quote itself, which the caller judges by its count of quotes.
  if (e === q) quoteAfterEquals = q;
  return e;
}

/** D[0..n) is `"…"` with single quotes and no other double quote inside. */
function wrappedFilter(n: number): boolean {
  if (n < 4 || D[0] !== 0x22 || D[n - 1] !== 0x22) return false;
  for (let k = 1; k < n - 1; k++) if (D[k] === 0x22) return false;
  return quotesFrom(1, n - 1, 0x27) > 0;
}

/** How many of the quote `q` D[from..to) holds. */
function quotesFrom(from: number, to: number, q: number): number {
  let quotes = 0;
  for (let k = from; k < to; k++) if (D[k] === q) quotes++;
  return quotes;
}

/** Debug helper: the token letters of context ctx (tests and tuning only). */
export function fingerprint(ctx: number): string {
  lexFrom = 0;
  lexTo = st.dLen;
  if (!lex(ctx)) return "";
  let s = "";
  for (let i = 0; i < nt; i++) s += String.fromCharCode(TT[i] as number);
  return s;
}
