// sqli detector: AssemblyScript port of core/signatures/ref/sqli.ts (see there for the
// rationale of every check); keep the two in step, the equality test holds them equal.
import {
  FN_DANGER,
  FN_MATH,
  G_SQL_KW,
  G_SQL_PHRASE,
  G_SQL_SYSOBJ,
  K_HEADER,
  K_PATH,
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
  R_SQLI_AS_FROM,
  R_SQLI_BOOLEAN,
  R_SQLI_CAST,
  R_SQLI_BARE_ORDER,
  R_SQLI_CLAUSE,
  R_SQLI_COMMENT_BREAKOUT,
  R_SQLI_COMPARE_BREAKOUT,
  R_SQLI_FUNC,
  R_SQLI_FUNC_DANGER,
  R_SQLI_KEYWORDS,
  R_SQLI_LOGIC_START,
  R_SQLI_SELECT,
  R_SQLI_SELECT_WORDS,
  R_SQLI_OVERFLOW,
  R_SQLI_OVERFLOW_MAX,
  R_SQLI_SPECIAL_CHARS,
  R_SQLI_STACKED,
  R_SQLI_STATEMENT,
  R_SQLI_SYSOBJ,
  R_SQLI_UNION,
  R_SQLI_VERSIONED_COMMENT,
  SQL_FUNCTION,
  SQL_KEYWORD,
  SQL_LOGIC,
  SQL_OPERATOR,
  SQL_STATEMENT,
  SQL_TYPE,
  SQL_UNION,
  KW_ASYNC,
  KW_AWAIT,
  KW_DEF,
  KW_EXP,
  KW_FUNCTION,
  KW_OVERFLOW,
  KW_OVERFLOW_INT_MAX,
  KW_OVERFLOW_UINT_MAX,
  KW_OVERFLOW_COUNT,
  KW_POSTGREST_OP,
  KW_POSTGREST_OP_COUNT,
  KW_TRUE,
  KW_WKT,
  KW_WKT_COUNT,
  KW_FALSE,
  KW_EQ,
  KW_IN,
  KW_LIKE,
} from "./tables";
import { M_AMP, M_AT, M_BT, M_COLON, M_DOLLAR, M_DQ, M_EQ, M_EXCL, M_GT, M_HASH, M_LP, M_LT, M_MINUS, M_PCT, M_PIPE, M_PLUS, M_RP, M_SEMI, M_SLASH, M_SQ, M_STAR, M_TILDE, fold, isAlpha, isDigit, isHex, isIdent, isSpace, isWord, maskOf } from "./chars";
import { B, D, St, dAt, emit, hitPat, hitStart } from "./mem";
import { patGroup, wordRole, wordSql, wordSqlFn } from "./tab";
import { lookupWord } from "./dict";
import { kwAt, kwByte, kwLen } from "./kw";



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
const TF_MATH: i32 = 1024;

const CX_VERSIONED = 1;

const MAX_TOK = 40;
const TT: usize = memory.data(160);
@inline function ttAt(i: i32): i32 { return load<i32>(TT + (<usize>i << 2)); }
@inline function ttSet(i: i32, v: i32): void { store<i32>(TT + (<usize>i << 2), v); }
const TS: usize = memory.data(160);
@inline function tsAt(i: i32): i32 { return load<i32>(TS + (<usize>i << 2)); }
@inline function tsSet(i: i32, v: i32): void { store<i32>(TS + (<usize>i << 2), v); }
const TE: usize = memory.data(160);
@inline function teAt(i: i32): i32 { return load<i32>(TE + (<usize>i << 2)); }
@inline function teSet(i: i32, v: i32): void { store<i32>(TE + (<usize>i << 2), v); }
const TF: usize = memory.data(160);
@inline function tfAt(i: i32): i32 { return load<i32>(TF + (<usize>i << 2)); }
@inline function tfSet(i: i32, v: i32): void { store<i32>(TF + (<usize>i << 2), v); }
const TR: usize = memory.data(160);
@inline function trAt(i: i32): i32 { return load<i32>(TR + (<usize>i << 2)); }
@inline function trSet(i: i32, v: i32): void { store<i32>(TR + (<usize>i << 2), v); }
let nt = 0;
let cx = 0;
/** Lexing range: a whole value, or one path segment. */
let lexFrom = 0;
let lexTo = 0;

/** Joined word when a comment splits an identifier (UN/**​/ION). */
const W: usize = memory.data(64);
@inline function wAt(i: i32): i32 { return <i32>load<u8>(W + <usize>i); }
@inline function wSet(i: i32, v: i32): void { store<u8>(W + <usize>i, <u8>v); }

function push(type: i32, s: i32, e: i32, flags: i32, role: i32): void {
  if (nt >= MAX_TOK) return;
  ttSet(nt, type);
  tsSet(nt, s);
  teSet(nt, e);
  tfSet(nt, flags);
  trSet(nt, role);
  nt++;
}

function tt(i: i32): i32 {
  return i < nt ? ttAt(i) : 0;
}

function markComment(): void {
  if (nt > 0) tfSet(nt - 1, tfAt(nt - 1) | TF_CMT);
}

/** End of a /* comment starting at i (after the closing delimiter), or n. */
function blockCommentEnd(i: i32): i32 {
  const n = lexTo;
  let j = i + 2;
  while (j + 1 < n) {
    if (dAt(j) == 0x2a && dAt(j + 1) == 0x2f) return j + 2;
    j++;
  }
  return n;
}

function skipSpaceAndComments(i: i32): i32 {
  const n = lexTo;
  while (true) {
    while (i < n && isSpace(dAt(i))) i++;
    if (i + 1 < n && dAt(i) == 0x2f && dAt(i + 1) == 0x2a && (i + 2 >= n || dAt(i + 2) != 0x21)) {
      i = blockCommentEnd(i);
      continue;
    }
    return i;
  }
}

function lexString(i: i32, q: i32, from: i32): i32 {
  const n = lexTo;
  let j = i + 1;
  while (j < n) {
    const b = dAt(j);
    if (b == 0x5c && j + 1 < n) {
      j += 2;
      continue;
    }
    if (b == q) {
      if (j + 1 < n && dAt(j + 1) == q) {
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
function isDecimal(i: i32, j: i32): bool {
  if (dAt(i) == 0x30 && j - i > 1 && (dAt(i + 1) | 0x20) == 0x78) return false;
  for (let k = i; k < j; k++) if (dAt(k) == 0x2e || (dAt(k) | 0x20) == 0x65) return true;
  return false;
}

function numberEnd(i: i32): i32 {
  const n = lexTo;
  let j = i;
  if (dAt(j) == 0x30 && j + 1 < n && (dAt(j + 1) | 0x20) == 0x78) {
    j += 2;
    while (j < n && isHex(dAt(j))) j++;
    return j;
  }
  while (j < n && isDigit(dAt(j))) j++;
  if (j < n && dAt(j) == 0x2e) {
    j++;
    while (j < n && isDigit(dAt(j))) j++;
  }
  if (j < n && (dAt(j) | 0x20) == 0x65) {
    let k = j + 1;
    if (k < n && (dAt(k) == 0x2b || dAt(k) == 0x2d)) k++;
    if (k < n && isDigit(dAt(k))) {
      j = k;
      while (j < n && isDigit(dAt(j))) j++;
    } else if (j > i && dAt(j - 1) == 0x2e) j++; // MySQL "1.e" quirk: a number
  }
  return j;
}

function sysobjIn(s: i32, e: i32): bool {
  for (let h = 0; h < St.hits; h++) {
    const start = hitStart(h);
    if (start >= s && start < e && patGroup(hitPat(h)) == G_SQL_SYSOBJ) return true;
  }
  return false;
}

/** Reads an identifier at i (joining comment-split parts), classifies it, pushes it; returns the next index. */
/** A keyword written around a copy of itself (mirrors the reference's nestedKeyword). */
function nestedKeyword(i: i32, j: i32): i32 {
  const len = j - i;
  if (len < 6 || len > 24 || (len & 1) != 0) return -1;
  const m = len >> 1;
  for (let p = 1; p < m; p++) {
    let same = true;
    for (let t = 0; t < m && same; t++) same = fold(dAt(t < p ? i + t : i + m + t)) == fold(dAt(i + p + t));
    if (!same) continue;
    const w = lookupWord(D, i + p, i + p + m);
    if (w < 0) return -1;
    const sql = wordSql(w);
    return sql == SQL_STATEMENT || sql == SQL_UNION || sql == SQL_LOGIC || sql == SQL_KEYWORD ? w : -1;
  }
  return -1;
}

function lexWord(i: i32): i32 {
  const n = lexTo;
  let j = i;
  let wl = 0;
  let joined = false;
  let underscore = 0;
  let firstEnd = -1;
  while (true) {
    const s = j;
    while (
      j < n &&
      (isIdent(dAt(j)) ||
        (dAt(j) == 0x2e && j + 1 < n && isIdent(dAt(j + 1)) && !isDigit(dAt(j + 1))))
    ) {
      if (dAt(j) == 0x5f) underscore = TF_UNDERSCORE;
      j++;
    }
    if (firstEnd < 0) firstEnd = j;
    if (joined || (j + 1 < n && dAt(j) == 0x2f && dAt(j + 1) == 0x2a)) {
      for (let k = s; k < j && wl < 64; k++) wSet(wl++, dAt(k));
    }
    if (j + 2 < n && dAt(j) == 0x2f && dAt(j + 1) == 0x2a && dAt(j + 2) != 0x21) {
      const k = blockCommentEnd(j);
      if (k < n && isIdent(dAt(k)) && dAt(k) != 0x24) {
        joined = true;
        j = k;
        continue;
      }
    }
    break;
  }
  // Prefixed literals: N'..', X'..', B'..', E'..'.
  if (!joined && j - i == 1 && j < n && dAt(j) == 0x27) {
    const p = dAt(i) | 0x20;
    if (p == 0x6e || p == 0x78 || p == 0x62 || p == 0x65) return lexString(j, 0x27, i);
  }
  let w = joined ? lookupWord(W, 0, wl) : lookupWord(D, i, j);
  if (joined && w < 0) {
    // Parts around a comment that make no word together are two tokens: to MySQL a comment is a
    // space (UNION/**/SELECT); only a keyword split in two (UN/**/ION) is read joined.
    joined = false;
    j = firstEnd;
    underscore = 0;
    for (let k = i; k < j; k++) if (dAt(k) == 0x5f) underscore = TF_UNDERSCORE;
    w = lookupWord(D, i, j);
  }
  if (w < 0 && !joined) w = nestedKeyword(i, j);
  if (w < 0 && !joined) {
    // Qualified name: classify by its last part (dbms_lock.sleep).
    let dot = -1;
    for (let k = j - 1; k > i; k--)
      if (dAt(k) == 0x2e) {
        dot = k;
        break;
      }
    // Only time/file/command functions are known by their last part (dbms_lock.sleep); console.log is not SQL.
    if (dot > 0) {
      w = lookupWord(D, dot + 1, j);
      if (w >= 0 && (wordSqlFn(w) != FN_DANGER || !sysobjIn(i, dot))) w = -1;
    }
  }
  const k = skipSpaceAndComments(j);
  const paren = k < n && dAt(k) == 0x28;
  const sql = w >= 0 ? wordSql(w) : 0;
  const role = w >= 0 ? wordRole(w) : 0;
  let type = T_WORD;
  let flags = underscore;
  const opCall = paren && sql == SQL_OPERATOR && role != ROLE_NOT && role != ROLE_COLLATE;
  // Keywords that are also functions (DEFAULT(col), VALUES(col)) are calls before '('.
  const kwCall = paren && sql == SQL_KEYWORD && w >= 0 && wordSqlFn(w) > 0;
  if (paren && (sql == 0 || sql == SQL_FUNCTION || sql == SQL_TYPE || opCall || kwCall)) {
    type = T_FUNC;
    if (w >= 0 && (wordSqlFn(w) > 0 || opCall)) flags |= TF_KNOWN;
    if (w >= 0 && wordSqlFn(w) == FN_DANGER) flags |= TF_DANGER;
    if (w >= 0 && wordSqlFn(w) == FN_MATH) flags |= TF_MATH;
  } else if (sql != 0 && sql != SQL_FUNCTION) {
    type = sql;
    if (sql == SQL_OPERATOR && role != ROLE_NOT && role != ROLE_COLLATE && role != ROLE_ARITH) flags |= TF_CMP;
  }
  push(type, i, j, flags, role);
  return j;
}

function pushOp(i: i32, len: i32, flags: i32): i32 {
  push(T_OP, i, i + len, flags, 0);
  return i + len;
}

/** Tokenises D from the given context (0 = as code, else the quote it starts inside); returns false if not applicable. */
/** Quote of context ctx where the breakout happens: the first one, or with `unescaped` the first not after a backslash. */
function breakoutQuote(ctx: i32, unescaped: bool): i32 {
  for (let k = lexFrom; k < lexTo; k++) if (dAt(k) == ctx && !(unescaped && k > lexFrom && dAt(k - 1) == 0x5c)) return k;
  return -1;
}

function lex(ctx: i32): bool {
  return lexFromQuote(ctx, ctx == 0 ? -1 : breakoutQuote(ctx, false));
}

function lexFromQuote(ctx: i32, q: i32): bool {
  nt = 0;
  cx = 0;
  const n = lexTo;
  let i = lexFrom;
  if (ctx != 0) {
    if (q < 0) return false;
    push(T_STR, lexFrom, q, TF_LEAK, 0);
    i = q + 1;
  }
  while (i < n && nt < MAX_TOK) {
    const b = dAt(i);
    const b1 = i + 1 < n ? dAt(i + 1) : 0;
    if (isSpace(b)) {
      i++;
      continue;
    }
    if (b == 0x27 || b == 0x22) {
      i = lexString(i, b, i);
      continue;
    }
    if (b == 0x60) {
      let j = i + 1;
      while (j < n && dAt(j) != 0x60) j++;
      push(T_WORD, i, j < n ? j + 1 : n, TF_QUOTED, 0);
      i = j + 1;
      continue;
    }
    // A bracketed identifier (mirrors the reference).
    if (b == 0x5b && (isAlpha(b1) || b1 == 0x5f)) {
      let j = i + 2;
      while (j < n && j - i <= 128 && isIdent(dAt(j)) && dAt(j) != 0x24) j++;
      if (j < n && dAt(j) == 0x5d) {
        push(T_WORD, i, j + 1, TF_QUOTED, 0);
        i = j + 1;
        continue;
      }
    }
    if (isDigit(b) || (b == 0x2e && isDigit(b1))) {
      const j = numberEnd(i);
      // Letters glued to an integer make a word (MySQL's `1abc`); glued to a decimal or an exponent
      // they start a word of their own (`1.0e0union`, `0.1e1from`, `3.5mm`), as MySQL reads them.
      if (j < n && isIdent(dAt(j)) && dAt(j) != 0x24 && !isDecimal(i, j)) {
        const w = lexWord(i);
        i = w > i ? w : i + 1;
        continue;
      }
      push(T_NUM, i, j, 0, 0);
      i = j;
      continue;
    }
    if (b == 0x40) {
      if (b1 == 0x3e) {
        i = pushOp(i, 2, TF_CMP | TF_SYMCMP);
        continue;
      }
      let j = i + 1;
      if (b1 == 0x40) j++;
      while (j < n && isIdent(dAt(j))) j++;
      if (j > i + 1) push(T_VAR, i, j, 0, 0);
      else push(T_OP, i, j, 0, 0);
      i = j;
      continue;
    }
    if (b == 0x24) {
      if (b1 == 0x24) {
        let j = i + 2;
        while (j + 1 < n && !(dAt(j) == 0x24 && dAt(j + 1) == 0x24)) j++;
        const e = j + 1 < n ? j + 2 : n;
        push(T_STR, i, e, e == n && j + 1 >= n ? TF_UNTERM : 0, 0);
        i = e;
        continue;
      }
      if (isDigit(b1)) {
        let j = i + 1;
        while (j < n && isDigit(dAt(j))) j++;
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
    if (b == 0x23) {
      if (b1 == 0x3e) {
        i = pushOp(i, i + 2 < n && dAt(i + 2) == 0x3e ? 3 : 2, TF_CMP | TF_SYMCMP);
        continue;
      }
      // A number sign before a number is prose's, not MySQL's comment (mirrors the reference).
      if (b1 >= 0x30 && b1 <= 0x39) {
        push(T_OTHER, i, i + 1, 0, 0);
        i++;
        continue;
      }
      // In a quote context, "'#x')…" is a quoted '#' in code, not a comment: the line closes the quote again.
      let k = i + 1;
      let quoted = false;
      while (k < n && dAt(k) != 0x0a) {
        if (ctx != 0 && dAt(k) == ctx) quoted = true;
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
    if (b == 0x2d) {
      if (b1 == 0x2d) {
        while (i < n && dAt(i) != 0x0a) i++;
        markComment();
        continue;
      }
      if (b1 == 0x3e) {
        i = pushOp(i, i + 2 < n && dAt(i + 2) == 0x3e ? 3 : 2, TF_CMP | TF_SYMCMP);
        continue;
      }
      i = pushOp(i, 1, 0);
      continue;
    }
    if (b == 0x2f) {
      if (b1 == 0x2a) {
        if (i + 2 < n && dAt(i + 2) == 0x21) {
          cx |= CX_VERSIONED;
          i += 3;
          let d = 0;
          while (i < n && d < 5 && isDigit(dAt(i))) {
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
    if (b == 0x2a && b1 == 0x2f) {
      i += 2;
      continue;
    }
    if (b == 0x28 || b == 0x29 || b == 0x2c || b == 0x3b) {
      push(b, i, i + 1, 0, 0);
      i++;
      continue;
    }
    if (b == 0x3d) {
      i = pushOp(i, b1 == 0x3d ? 2 : 1, TF_CMP | TF_SYMCMP);
      continue;
    }
    if (b == 0x3c) {
      if (b1 == 0x3d && i + 2 < n && dAt(i + 2) == 0x3e) i = pushOp(i, 3, TF_CMP | TF_SYMCMP);
      else if (b1 == 0x3d || b1 == 0x3e || b1 == 0x40) i = pushOp(i, 2, TF_CMP | TF_SYMCMP);
      else if (b1 == 0x3c) i = pushOp(i, 2, 0);
      else i = pushOp(i, 1, TF_CMP | TF_SYMCMP);
      continue;
    }
    if (b == 0x3e) {
      if (b1 == 0x3d) i = pushOp(i, 2, TF_CMP | TF_SYMCMP);
      else if (b1 == 0x3e) i = pushOp(i, 2, 0);
      else i = pushOp(i, 1, TF_CMP | TF_SYMCMP);
      continue;
    }
    if (b == 0x21) {
      i = b1 == 0x3d ? pushOp(i, 2, TF_CMP | TF_SYMCMP) : pushOp(i, 1, 0);
      continue;
    }
    if (b == 0x7c || b == 0x26) {
      if (b1 == b) {
        push(T_LOGIC, i, i + 2, 0, 0);
        i += 2;
      } else i = pushOp(i, 1, 0);
      continue;
    }
    if (b == 0x3a) {
      if (b1 == 0x3a) i = pushOp(i, 2, TF_CAST);
      else i = pushOp(i, b1 == 0x3d ? 2 : 1, 0);
      continue;
    }
    if (b == 0x3f) {
      // A '?' that ends the value ends a question, not a jsonb operator; so does a run of them or with '!'.
      if (b1 == 0x3f || b1 == 0x21) {
        let r = i + 1;
        while (r < n && (dAt(r) == 0x3f || dAt(r) == 0x21)) r++;
        i = pushOp(i, r - i, 0);
        continue;
      }
      let e = i + 1;
      while (e < n && isSpace(dAt(e))) e++;
      // Glued to a word and followed by a blank ("where r u? I'm here"), it ends a question too.
      // So after an apostrophe that ends a word (`Friday'? yes`, Hebrew's geresh).
      const question =
        e > i + 1 && i > lexFrom && (isAlpha(dAt(i - 1)) || (dAt(i - 1) == 0x27 && i - 1 > lexFrom && (isAlpha(dAt(i - 2)) || dAt(i - 2) >= 0x80)));
      i = pushOp(i, b1 == 0x7c || b1 == 0x26 ? 2 : 1, e >= n || question ? 0 : TF_CMP | TF_SYMCMP);
      continue;
    }
    if (b == 0x5e || b == 0x7e || b == 0x25 || b == 0x2b || b == 0x2a || b == 0x2e) {
      i = pushOp(i, 1, 0);
      continue;
    }
    push(T_OTHER, i, i + 1, 0, 0);
    i++;
  }
  return true;
}

function isRole(i: i32, type: i32, role: i32): bool {
  return i < nt && ttAt(i) == type && trAt(i) == role;
}

/** A call compared at once (mirrors the reference's callCompared). */
function callCompared(q: i32): bool {
  if (tt(q + 1) != T_LPAR) return false;
  let depth = 0;
  for (let k = q + 1; k < nt && k < q + 64; k++) {
    const t = ttAt(k);
    if (t == T_LPAR) depth++;
    else if (t == T_RPAR && --depth == 0) return hasSymCmp(k + 1, k + 2);
  }
  return false;
}

function hasSymCmp(from: i32, to: i32): bool {
  for (let k = from; k < to && k < nt; k++) if (ttAt(k) == T_OP && (tfAt(k) & TF_SYMCMP) != 0) return true;
  return false;
}

/** The last token of the arithmetic from the number at q (mirrors the reference's arithmeticEnd). */
function arithmeticEnd(q: i32): i32 {
  let k = q;
  while (tt(k) == T_NUM && tt(k + 1) == T_OP && arithmeticOp(k + 1) && tt(k + 2) == T_NUM) k += 2;
  return k;
}

function arithmeticOp(i: i32): bool {
  const s = tsAt(i);
  const c = dAt(s);
  return teAt(i) - s == 1 && (c == 0x2b || c == 0x2d || c == 0x2a || c == 0x2f || c == 0x25);
}

/** Everything after the call's `(` is arithmetic (mirrors the reference's arithmeticArguments). */
function arithmeticArguments(): bool {
  for (let k = 2; k < nt; k++) {
    const t = ttAt(k);
    const f = tfAt(k);
    if (t == T_NUM || t == T_LPAR || t == T_RPAR || t == T_COMMA) continue;
    if (t == T_WORD && (f & TF_QUOTED) == 0) continue;
    if (t == T_FUNC && (f & TF_MATH) != 0) continue;
    if (t == T_OP && arithmeticOp(k)) continue;
    return false;
  }
  return true;
}

/** Is token i a lone sign ("-" or "+")? */
function isSign(i: i32): bool {
  const s = tsAt(i);
  return teAt(i) - s == 1 && (dAt(s) == 0x2d || dAt(s) == 0x2b);
}

function isLiteral(t: i32): bool {
  return t == T_STR || t == T_NUM || t == T_VAR;
}

/** SELECT [ALL] at j, then an open string to the value's end and nothing else: a quoted label in text. */
/** A hyphenated word a quote closes (mirrors the reference's hyphenCompound). */
function hyphenCompound(j: i32): bool {
  if (tt(j + 1) != T_OP || teAt(j) != tsAt(j + 1) || teAt(j + 1) - tsAt(j + 1) != 1) return false;
  if (dAt(tsAt(j + 1)) != 0x2d || tt(j + 2) != T_WORD || teAt(j + 1) != tsAt(j + 2)) return false;
  return tt(j + 3) == T_STR && teAt(j + 2) == tsAt(j + 3);
}

function quotedLabel(j: i32): bool {
  if (trAt(j) != ROLE_SELECT) return false;
  const k = isRole(j + 1, T_KW, ROLE_ALL) ? j + 2 : j + 1;
  return tt(k) == T_STR && k + 1 >= nt && (tfAt(k) & TF_UNTERM) != 0;
}

/** The token after the name at k and its `.`-joined qualifiers (mirrors the reference's afterQualifiedName). */
function afterQualifiedName(k: i32): i32 {
  while (tt(k + 1) == T_OP && dAt(tsAt(k + 1)) == 0x2e && teAt(k + 1) - tsAt(k + 1) == 1 && tt(k + 2) == T_WORD) k += 2;
  return k + 1;
}

/** Does the statement keyword at j start a statement that parses (not a prose word)? */
function statementParses(j: i32): bool {
  const role = trAt(j);
  const nx = tt(j + 1);
  if (role == ROLE_SELECT) {
    // SELECT ALL: its items follow; a quoted label in text ends in an open string and nothing of SQL.
    const k = isRole(j + 1, T_KW, ROLE_ALL) ? j + 2 : j + 1;
    const ni = tt(k);
    if (ni == 0 || ni == T_OTHER) return false;
    if (quotedLabel(j)) return false;
    if (ni != T_WORD) return true;
    const n2 = tt(k + 1);
    return n2 == T_COMMA || n2 == 0 || isRole(k + 1, T_KW, ROLE_FROM);
  }
  if (role == ROLE_INSERT) return isRole(j + 1, T_KW, ROLE_INTO);
  if (role == ROLE_DELETE) return isRole(j + 1, T_KW, ROLE_FROM) || (nx == T_WORD && isRole(j + 2, T_KW, ROLE_FROM));
  if (role == ROLE_UPDATE) return nx == T_WORD && isRole(afterQualifiedName(j + 1), T_KW, ROLE_SET);
  if (role == ROLE_DDL) return isRole(j + 1, T_KW, ROLE_OBJECT) && tt(j + 2) != T_STR && tt(j + 2) != T_NUM && tt(j + 2) != 0;
  if (role == ROLE_EXEC)
    return (
      nx == T_VAR ||
      nx == T_STR ||
      nx == T_LPAR ||
      isRole(j + 1, T_KW, ROLE_IMMEDIATE) ||
      (nx == T_WORD && (tfAt(j + 1) & TF_UNDERSCORE) != 0) ||
      (nx == T_FUNC && (tfAt(j + 1) & TF_UNDERSCORE) != 0)
    );
  if (role == ROLE_WAITFOR) return isRole(j + 1, T_KW, ROLE_DELAY);
  if (role == ROLE_SHUTDOWN) return nx == 0 || nx == T_SEMI || (tfAt(j) & TF_CMT) != 0;
  if (role == ROLE_DECLARE) return nx == T_VAR;
  return false;
}

/** A statement keyword at the start of the value followed by its grammar and an object name. */
function statementAtStart(): bool {
  const role = trAt(0);
  if (!statementParses(0)) return false;
  if (role == ROLE_DDL) {
    // DROP TABLE x / CREATE FUNCTION x (…): the object's name, then the end, '(' , ';', AS or a comment.
    if (tt(2) != T_WORD && tt(2) != T_FUNC) return false;
    const t3 = tt(3);
    return t3 == 0 || t3 == T_LPAR || t3 == T_SEMI || isRole(3, T_KW, ROLE_AS) || (tfAt(2) & TF_CMT) != 0;
  }
  if (role == ROLE_INSERT) {
    // INSERT INTO t (…) / VALUES / SELECT / SET / ';' / a comment: "Insert into the slot" is an instruction.
    if (tt(2) == T_FUNC) return true;
    if (tt(2) != T_WORD) return false;
    const t3 = tt(3);
    return (
      t3 == T_LPAR ||
      t3 == T_SEMI ||
      isRole(3, T_KW, ROLE_VALUES) ||
      isRole(3, T_FUNC, ROLE_VALUES) ||
      isRole(3, T_STMT, ROLE_SELECT) ||
      isRole(3, T_KW, ROLE_SET) ||
      (tfAt(2) & TF_CMT) != 0
    );
  }
  if (role == ROLE_DELETE) {
    // "Delete from cart" is a button's label: a DELETE is a statement with its WHERE, a ';' or a comment.
    for (let k = 2; k < nt; k++)
      if (isRole(k, T_KW, ROLE_WHERE) || ttAt(k) == T_SEMI || (tfAt(k) & TF_CMT) != 0) return true;
    return false;
  }
  return true;
}

/** See the reference: token w is WHERE with a comparison in the five tokens after it. */
function classWhere(w: i32): bool {
  if (!isRole(w, T_KW, ROLE_WHERE)) return false;
  for (let k = w + 1; k < w + 6 && k < nt; k++) if (ttAt(k) == T_OP && (tfAt(k) & TF_CMP) != 0) return true;
  return false;
}

/** Is token i SQL's `||`, the string concatenation (`UNION SELECT username||':'||password_hash`)? */
function concatenation(i: i32): bool {
  return tt(i) == T_LOGIC && dAt(tsAt(i)) == 0x7c;
}

function checkUnion(i: i32): void {
  let j = i + 1;
  let strong = false;
  if (isRole(j, T_KW, ROLE_ALL)) {
    strong = true;
    j++;
  }
  if (isRole(j, T_KW, ROLE_VALUES) || isRole(j, T_FUNC, ROLE_VALUES)) {
    const first = tt(j + 1) == T_LPAR ? tt(j + 2) : 0;
    if (first == T_NUM || first == T_STR || first == T_VAR) emit(R_SQLI_UNION);
    return;
  }
  // A literal followed by UNION ALL and nothing else: the start of a union appended to a value ("2 union all").
  if (strong && j >= nt && i > 0 && (ttAt(i - 1) == T_NUM || ttAt(i - 1) == T_STR)) {
    emit(R_SQLI_UNION);
    return;
  }
  while (tt(j) == T_LPAR) j++;
  if (!isRole(j, T_STMT, ROLE_SELECT)) return;
  const k = j + 1;
  const nx = tt(k);
  if (
    strong ||
    nx == T_NUM ||
    nx == T_STR ||
    nx == T_VAR ||
    nx == T_FUNC ||
    nx == T_LPAR ||
    nx == T_OP ||
    isRole(k, T_KW, ROLE_ALL) ||
    (nx == 0 && i <= 1) ||
    (nx == T_WORD &&
      (tt(k + 1) == T_COMMA || tt(k + 1) == 0 || isRole(k + 1, T_KW, ROLE_FROM) || concatenation(k + 1) || classWhere(k + 1)))
  )
    emit(R_SQLI_UNION);
}

/** Are the arguments of the call at i SQL-looking (literals, variables, nested calls, a subquery, nothing yet)? */
function sqlCallArgs(i: i32): bool {
  const j = i + 1;
  if (tt(j) != T_LPAR) return j >= nt;
  const a = j + 1;
  const ta = tt(a);
  if (ta == 0 || ta == T_RPAR || ta == T_FUNC || ta == T_LPAR || ta == T_STMT || ta == T_VAR) return true;
  const tb = tt(a + 1);
  if ((ta == T_NUM || ta == T_STR) && (tb == T_RPAR || tb == T_COMMA || tb == T_OP || tb == 0)) return true;
  return ta == T_WORD && teAt(a) - tsAt(a) > 1 && (tb == T_RPAR || tb == T_COMMA);
}

/** Token k is one byte of punctuation that ends a sentence (`.`, `!`, `?`). */
function sentenceEnd(k: i32): bool {
  const s = tsAt(k);
  if (teAt(k) - s != 1) return false;
  const b = dAt(s);
  return b == 0x2e || b == 0x21 || b == 0x3f;
}

/** Token k is a double-quoted string of words and spaces only (`"Edit"`, `"Select all"`). */
function quotedWords(k: i32): bool {
  if (ttAt(k) != T_STR || dAt(tsAt(k)) != 0x22) return false;
  const e = teAt(k) - 1;
  if (e <= tsAt(k) + 1 || dAt(e) != 0x22) return false;
  for (let q = tsAt(k) + 1; q < e; q++) {
    const b = dAt(q);
    if (!isAlpha(b) && b != 0x20) return false;
  }
  return true;
}

/** Token k is a literal opened by an apostrophe inside a word (mirrors the reference's apostropheString). */
function apostropheString(k: i32): bool {
  const s = tsAt(k);
  return ttAt(k) == T_STR && s > 0 && dAt(s) == 0x27 && isAlpha(dAt(s - 1)) && isAlpha(dAt(s + 1));
}

/** See the reference: an unknown name, a blank, then words in parentheses; the closing one's index or -1. */
function parenthetical(j: i32): i32 {
  if ((tfAt(j) & TF_KNOWN) != 0 || tt(j + 1) != T_LPAR || teAt(j) == tsAt(j + 1)) return -1;
  let k = j + 2;
  while (k < j + 6 && (tt(k) == T_WORD || tt(k) == T_NUM)) k++;
  return k > j + 2 && tt(k) == T_RPAR ? k : -1;
}

/** SELECT followed by a select list with SQL punctuation, then FROM or the end. */
function checkSelect(i: i32): void {
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
    const t = ttAt(j);
    // A lone apostrophe ("it's …") opens a string that runs to the end: prose, not a select list.
    if (t == T_STR && (tfAt(j) & TF_UNTERM) != 0) break;
    // A literal right after a name, or an operator after a name and its alias, parses as no select
    // list: "select size 10", "select model XL-200" are a shopper's words.
    if (j > i + 1 && ttAt(j - 1) == T_WORD) {
      if (t == T_NUM || t == T_STR || t == T_VAR) return;
      if (t == T_OP && j > i + 2 && ttAt(j - 2) == T_WORD) return;
      if (t == T_OP && j == nt - 1 && sentenceEnd(j)) return;
    }
    const aside = t == T_FUNC ? parenthetical(j) : -1;
    if (t == T_NUM || t == T_STR || t == T_VAR) punct = true;
    else if (aside > 0) {
      words++;
      j = aside;
    } else if (t == T_FUNC) {
      punct = true;
      funcs++;
      j++;
      let depth = 0;
      while (j < nt) {
        if (ttAt(j) == T_LPAR) depth++;
        else if (ttAt(j) == T_RPAR) {
          depth--;
          if (depth <= 0) break;
        }
        j++;
      }
    } else if (t == T_OP && dAt(tsAt(j)) == 0x2a) punct = true;
    else if (t == T_WORD) {
      words++;
      // Three words in a row are a sentence, not columns (SQL separates columns with commas).
      if (j >= 2 && ttAt(j - 1) == T_WORD && ttAt(j - 2) == T_WORD) return;
    } else if (t == T_OP && isIdent(dAt(tsAt(j)))) break;
    else if (t != T_COMMA && t != T_OP && !concatenation(j)) break;
    if (t == T_COMMA) commas = true;
    items++;
    j++;
  }
  if (items == 0) return;
  const end = j >= nt;
  const from = isRole(j, T_KW, ROLE_FROM) || isRole(j, T_KW, ROLE_INTO);
  const tail = end || tt(j) == T_SEMI || tt(j) == T_UNION;
  // A word before SELECT makes it a verb in a sentence ("please select 'urgent' slot"): there a list
  // is SQL only when named columns follow FROM's table with a clause of a query ("maps to SELECT *
  // FROM users; I would…" quotes a statement). After UNION, `;`, `(`, a quote or at the start a list
  // needs no FROM.
  const verb = i > 0 && (ttAt(i - 1) == T_WORD || apostropheString(i - 1));
  if (((punct || commas) && from && !verb) || (punct && tail && !verb) || funcs >= 2) emit(R_SQLI_SELECT);
  else if (from && words > 0 && words <= 3 && (tt(j + 1) == T_WORD || tt(j + 1) == T_LPAR)) {
    // SELECT col FROM tbl WHERE|ORDER|GROUP|LIMIT|UNION|; is a query, not a sentence.
    const k = j + 2;
    const tk = tt(k);
    if (
      items == 1 &&
      (isRole(k, T_KW, ROLE_WHERE) ||
        isRole(k, T_KW, ROLE_ORDER) ||
        isRole(k, T_KW, ROLE_LIMIT) ||
        tk == T_UNION ||
        tk == T_SEMI)
    )
      emit(R_SQLI_SELECT);
    else emit(R_SQLI_SELECT_WORDS);
  }
}

function codeAfterCall(): bool {
  let depth = 0;
  let k = 1;
  for (; k < nt; k++) {
    const t = ttAt(k);
    if (t == T_LPAR) depth++;
    else if (t == T_RPAR && --depth == 0) break;
  }
  if (k >= nt) return false;
  if (tt(k + 1) == T_WORD) return true;
  const n = St.dLen;
  let j = teAt(k);
  while (j < n && isSpace(dAt(j))) j++;
  if (j >= n) return false;
  const b = dAt(j);
  const c = j + 1 < n ? dAt(j + 1) : 0;
  return b == 0x7b || (b == 0x2f && c == 0x2f) || (b == 0x3d && c == 0x3e);
}

function tokenIsKeyword(i: i32, k: i32): bool {
  const s = tsAt(i);
  const len = kwLen(k);
  if (teAt(i) - s != len) return false;
  for (let q = 0; q < len; q++) if ((dAt(s + q) | 0x20) != kwByte(k, q)) return false;
  return true;
}

function codeCall(i: i32): bool {
  const p = i > 0 ? ttAt(i - 1) : 0;
  if (p != T_WORD && p != T_KW) return false;
  return (
    tokenIsKeyword(i - 1, KW_AWAIT) ||
    tokenIsKeyword(i - 1, KW_FUNCTION) ||
    tokenIsKeyword(i - 1, KW_DEF) ||
    tokenIsKeyword(i - 1, KW_ASYNC)
  );
}

// The call at i is a WKT geometry: see wktGeometry in core/signatures/ref/sqli.ts.
function wktGeometry(i: i32): bool {
  let named = false;
  for (let k = KW_WKT; k < KW_WKT + KW_WKT_COUNT; k++) if (tokenIsKeyword(i, k)) named = true;
  if (!named || tt(i + 1) != T_LPAR) return false;
  let depth = 0;
  let numbers = 0;
  for (let k = i + 1; k < nt; k++) {
    const t = ttAt(k);
    if (t == T_LPAR) depth++;
    else if (t == T_RPAR) {
      if (--depth == 0) break;
    } else if (t == T_NUM) numbers++;
    else if (t != T_COMMA && !(t == T_OP && isSign(k))) return false;
  }
  return numbers >= 2;
}

/**
 * The call at i is `exp()` of a formula (`\exp(s(x,y'))`, `exp(-0.5*x)`): MySQL's error-based probe
 * needs it to overflow, with a bitwise NOT (`exp(~(select…))`), a subquery or a three-digit integer
 * (`exp(710)`, `exp(709+if(…))`).
 */
function expFormula(i: i32): bool {
  if (!tokenIsKeyword(i, KW_EXP)) return false;
  let depth = 0;
  for (let k = i + 1; k < nt; k++) {
    const t = ttAt(k);
    if (t == T_LPAR) depth++;
    else if (t == T_RPAR) {
      if (--depth <= 0) break;
    } else if (t == T_STMT || (t == T_OP && dAt(tsAt(k)) == 0x7e)) return false;
    else if (t == T_NUM) {
      let q = tsAt(k);
      while (q < teAt(k) && isDigit(dAt(q))) q++;
      if (q - tsAt(k) >= 3) return false;
    }
  }
  return true;
}

function globalChecks(ctx: i32): void {
  for (let i = 0; i < nt; i++) {
    const t = ttAt(i);
    if (t == T_SEMI) {
      const j = i + 1;
      if (tt(j) == T_STMT) {
        if (statementParses(j)) emit(R_SQLI_STACKED);
        else if (j + 1 >= nt && (i == 0 || (ctx != 0 && i <= 2))) emit(R_SQLI_STACKED);
      }
    } else if (t == T_UNION) checkUnion(i);
    else if (t == T_LPAR && isRole(i + 1, T_STMT, ROLE_SELECT)) {
      const nx = tt(i + 2);
      if (
        selectItemAfterQuantifier(i + 2) ||
        nx == 0 ||
        nx == T_LPAR ||
        nx == T_NUM ||
        nx == T_STR ||
        nx == T_VAR ||
        nx == T_FUNC ||
        (nx == T_OP && dAt(tsAt(i + 2)) == 0x2a) ||
        (nx == T_WORD && (tt(i + 3) == T_COMMA || isRole(i + 3, T_KW, ROLE_FROM))) ||
        // A conditional subquery, the blind extraction's (`,(SELECT CASE WHEN (ASCII(…))>108) THEN …`).
        isRole(i + 2, T_KW, ROLE_CASE)
      )
        emit(R_SQLI_SELECT);
    } else if (t == T_FUNC && (tfAt(i) & TF_DANGER) != 0) {
      if (sqlCallArgs(i) && !codeCall(i) && !wktGeometry(i) && !expFormula(i)) emit(R_SQLI_FUNC_DANGER);
    } else if (t == T_OP && (tfAt(i) & TF_CAST) != 0) {
      const p = i > 0 ? ttAt(i - 1) : 0;
      if (tt(i + 1) == T_TYPE && (p == T_STR || p == T_NUM || p == T_RPAR || p == T_WORD || p == T_VAR))
        emit(R_SQLI_CAST);
    } else if (t == T_STMT && trAt(i) == ROLE_SELECT && ctx == 0) checkSelect(i);
    if (
      (t == T_STR || t == T_NUM || t == T_RPAR || (t == T_WORD && (tfAt(i) & TF_QUOTED) != 0)) &&
      isRole(i + 1, T_KW, ROLE_AS) &&
      (tt(i + 2) == T_WORD || tt(i + 2) == T_STR) &&
      isRole(i + 3, T_KW, ROLE_FROM)
    )
      emit(R_SQLI_AS_FROM);
  }
  if ((cx & CX_VERSIONED) != 0) emit(R_SQLI_VERSIONED_COMMENT);
}

function conditionGoesOnAsProse(from: i32): bool {
  for (let k = from; k < from + 5 && k < nt; k++) {
    if (ttAt(k) != T_OP || (tfAt(k) & TF_SYMCMP) == 0) continue;
    const n = k + 2;
    if (n >= nt) return false;
    if (ttAt(n) == T_WORD && (tfAt(n) & TF_QUOTED) == 0) return true;
    return tokenIsKeyword(n, KW_IN) && tt(n + 1) != T_LPAR;
  }
  return false;
}

/** Boolean search syntax from the `(` at token q to the end (mirrors the reference's searchGroups). */
function searchGroups(q: i32): bool {
  if (nt >= MAX_TOK) return false;
  let depth = 0;
  let logic = 0;
  let fields = 0;
  for (let k = q; k < nt; k++) {
    const t = ttAt(k);
    if ((tfAt(k) & (TF_CMT | TF_UNTERM)) != 0) return false;
    if (t == T_LPAR) depth++;
    else if (t == T_RPAR) {
      if (depth == 0) return false;
      depth--;
    } else if (t == T_LOGIC) logic++;
    else if (loneColon(k) && k > q && ttAt(k - 1) == T_WORD) fields++;
    else if (t == T_NUM && loneColon(k - 1)) continue;
    else if (t == T_OTHER && loneColon(k - 1) && searchRange(k)) k += 4;
    else if (t == T_OP && gluedTermOp(k)) continue;
    else if (t != T_WORD && t != T_STR && !isRole(k, T_OP, ROLE_NOT)) return false;
  }
  return depth == 0 && (logic > 0 || fields > 0);
}

/** See the reference: `[` or `{`, a bound, TO, a bound, `]` or `}`. */
function searchRange(k: i32): bool {
  const o = dAt(tsAt(k));
  if ((o != 0x5b && o != 0x7b) || tt(k + 4) != T_OTHER) return false;
  const c = dAt(tsAt(k + 4));
  if (c != 0x5d && c != 0x7d) return false;
  const s = tsAt(k + 2);
  if (tt(k + 2) != T_WORD || teAt(k + 2) - s != 2) return false;
  if ((dAt(s) | 0x20) != 0x74 || (dAt(s + 1) | 0x20) != 0x6f) return false;
  return rangeBound(k + 1) && rangeBound(k + 3);
}

function rangeBound(k: i32): bool {
  const t = tt(k);
  return t == T_NUM || t == T_WORD || t == T_STR || starAt(k);
}

/** See the reference: a `*` glued to the word before it, or a `-` glued to a word on each side. */
function gluedTermOp(k: i32): bool {
  if (k == 0 || teAt(k) - tsAt(k) != 1) return false;
  if (dAt(tsAt(k)) == 0x2d && teAt(k - 1) < tsAt(k) && tt(k + 1) == T_WORD && teAt(k) == tsAt(k + 1)) return true;
  if (ttAt(k - 1) != T_WORD || teAt(k - 1) != tsAt(k)) return false;
  const b = dAt(tsAt(k));
  if (b == 0x2a) return true;
  return b == 0x2d && tt(k + 1) == T_WORD && teAt(k) == tsAt(k + 1);
}

/** Is token i a lone `:` (mirrors the reference's loneColon)? */
function loneColon(i: i32): bool {
  return i < nt && ttAt(i) == T_OP && teAt(i) - tsAt(i) == 1 && dAt(tsAt(i)) == 0x3a;
}

/** See the reference: a `*` token at k. */
function starAt(k: i32): bool {
  return tt(k) == T_OP && dAt(tsAt(k)) == 0x2a && teAt(k) - tsAt(k) == 1;
}

/** See the reference: a select list then FROM a table, ended by `;` or a comment. */
function selectListIntoFrom(): bool {
  let k = 0;
  let star = false;
  let items = 0;
  while (true) {
    if (starAt(k)) star = true;
    else if (tt(k) != T_WORD) return false;
    items++;
    k++;
    if (tt(k) != T_COMMA) break;
    k++;
  }
  if ((!star && items < 2) || !isRole(k, T_KW, ROLE_FROM)) return false;
  const t = tt(k + 1);
  if (t != T_WORD && t != T_STR) return false;
  const last = nt - 1;
  return (last == k + 1 && (tfAt(last) & TF_CMT) != 0) || (last == k + 2 && tt(last) == T_SEMI);
}

/** After OR or AND, literals compared by a word operator, a comment or `;` ending the value (mirrors the reference). */
function wordComparisonOfLiterals(): bool {
  const last = nt - 1;
  if (last < 3 || ((tfAt(last) & TF_CMT) == 0 && ttAt(last) != T_SEMI)) return false;
  for (let q = 1; q + 2 < nt; q++) {
    if (ttAt(q - 1) != T_LOGIC || !isLiteral(ttAt(q)) || ttAt(q + 1) != T_OP) continue;
    const f = tfAt(q + 1);
    if ((f & TF_CMP) != 0 && (f & TF_SYMCMP) == 0 && isLiteral(ttAt(q + 2))) return true;
  }
  return false;
}

function bracedField(k: i32): bool {
  if (tt(k) != T_OTHER || dAt(tsAt(k)) != 0x7b || tt(k + 1) != T_WORD || tt(k + 2) != T_OTHER) return false;
  return dAt(tsAt(k + 2)) == 0x7d && teAt(k) == tsAt(k + 1) && teAt(k + 1) == tsAt(k + 2);
}

function selectItemAfterQuantifier(k: i32): bool {
  if (!isRole(k, T_KW, ROLE_ALL)) return false;
  const top = tt(k + 1) == T_NUM;
  const a = top ? k + 2 : k + 1;
  const nx = tt(a);
  if (nx == T_FUNC || (nx == T_OP && dAt(tsAt(a)) == 0x2a)) return true;
  if (nx != T_WORD || !top) return false;
  const after = tt(a + 1);
  return (
    isRole(a + 1, T_KW, ROLE_FROM) ||
    concatenation(a + 1) ||
    (after == T_OP && dAt(tsAt(a + 1)) == 0x2b)
  );
}

function codeContextChecks(): void {
  const t0 = tt(0);
  if (wordComparisonOfLiterals()) emit(R_SQLI_BOOLEAN);
  if (t0 == T_LOGIC) {
    const ty = tt(1);
    if (ty == T_LPAR) {
      if ((hasSymCmp(2, 7) && !bracedField(2)) || isRole(2, T_STMT, ROLE_SELECT)) emit(R_SQLI_LOGIC_START);
    } else if (ty == T_FUNC && (tfAt(1) & TF_KNOWN) != 0) emit(R_SQLI_LOGIC_START);
    else if (ty == T_NUM || ty == T_STR || ty == T_WORD || ty == T_VAR) {
      const prose = conditionGoesOnAsProse(2);
      if (hasSymCmp(2, 6) && !prose) emit(R_SQLI_LOGIC_START);
      else if (isLiteral(ty) && tt(2) == T_OP && (tfAt(2) & TF_CMP) != 0 && !prose) emit(R_SQLI_LOGIC_START);
    }
  }
  if (
    isLiteral(t0) &&
    tt(1) == T_OP &&
    (tfAt(1) & TF_SYMCMP) != 0 &&
    (isLiteral(tt(2)) || tt(2) == T_WORD) &&
    tt(3) == T_LOGIC
  )
    emit(R_SQLI_BOOLEAN);
  // A literal, signed ("-1 or 1--") or closing the application's parentheses ("1) or true--"), then a condition.
  const b: i32 = t0 == T_OP && tt(1) == T_NUM && isSign(0) ? 1 : 0;
  const tb = tt(b);
  let j = b + 1;
  if (tb == T_NUM || tb == T_STR) while (j < b + 4 && tt(j) == T_RPAR) j++;
  if ((tb == T_NUM || tb == T_STR) && tt(j) == T_LOGIC) {
    const q = j + 1;
    const ty = tt(q);
    const cmt = (tfAt(q) & TF_CMT) != 0;
    const sums = arithmeticEnd(q);
    // After a closing parenthesis a parenthesis alone is a list in prose ("1) and (b)"): it needs a comparison.
    if (
      ty == T_LPAR &&
      (j == b + 1 || hasSymCmp(q + 1, q + 6) || isRole(q + 1, T_STMT, ROLE_SELECT)) &&
      !(tb == T_STR && j == b + 1 && searchGroups(q))
    )
      emit(R_SQLI_BOOLEAN);
    else if (ty == T_FUNC && ((tfAt(q) & TF_KNOWN) != 0 || callCompared(q))) emit(R_SQLI_BOOLEAN);
    else if (
      (ty == T_NUM || ty == T_STR || ty == T_WORD || ty == T_VAR) &&
      (hasSymCmp(q + 1, q + 4) || hasSymCmp(sums + 1, sums + 2)) &&
      !loneColon(q + 1)
    )
      emit(R_SQLI_BOOLEAN);
    else if ((ty == T_NUM || ty == T_STR) && (tt(q + 1) == T_SEMI || cmt)) emit(R_SQLI_BOOLEAN);
    // TRUE and FALSE lex as numbers: "1 or true" ends in a tautology where "1 or 2" is prose.
    else if (
      ty == T_NUM &&
      (tt(q + 1) == 0 || tt(q + 1) == T_RPAR) &&
      (tokenIsKeyword(q, KW_TRUE) || tokenIsKeyword(q, KW_FALSE))
    )
      emit(R_SQLI_BOOLEAN);
  }
  if (
    t0 == T_STR &&
    (tfAt(0) & TF_UNTERM) == 0 &&
    tt(1) == T_OP &&
    (tfAt(1) & TF_SYMCMP) != 0 &&
    tt(2) == T_STR
  )
    emit(R_SQLI_COMPARE_BREAKOUT);
  // A number then ORDER BY a column number, ended there ("1 ORDER BY 10--"): counting the query's columns.
  // After a column name (a sort parameter: "price ORDER BY 10--") the `;` or the comment must end it.
  if (
    (tb == T_NUM || tb == T_WORD) &&
    isRole(b + 1, T_KW, ROLE_ORDER) &&
    isRole(b + 2, T_KW, ROLE_BY) &&
    tt(b + 3) == T_NUM &&
    ((tb == T_NUM && tt(b + 4) == 0) || tt(b + 4) == T_SEMI || (tfAt(b + 3) & TF_CMT) != 0)
  )
    emit(R_SQLI_CLAUSE);
  // After a column name or number (a sort or grouping parameter), a HAVING or WHERE clause whose
  // comparison a comment or `;` ends ("region HAVING 1=1--"); "sales where amount > 100" asked in
  // words ends with no comment.
  if (
    (tb == T_NUM || tb == T_WORD) &&
    (isRole(b + 1, T_KW, ROLE_HAVING) || isRole(b + 1, T_KW, ROLE_WHERE)) &&
    hasSymCmp(b + 2, b + 8) &&
    ((tfAt(nt - 1) & TF_CMT) != 0 || tt(nt - 1) == T_SEMI)
  )
    emit(R_SQLI_LOGIC_START);
  if (selectListIntoFrom()) emit(R_SQLI_LOGIC_START);
  if (
    tb == T_WORD &&
    tt(b + 1) == T_RPAR &&
    isRole(b + 2, T_KW, ROLE_FROM) &&
    (tt(b + 3) == T_WORD || tt(b + 3) == T_STR) &&
    ((isRole(b + 4, T_KW, ROLE_WHERE) && hasSymCmp(b + 5, b + 10)) ||
      (tt(b + 4) == T_SEMI && b + 4 == nt - 1) ||
      b + 3 == nt - 1) &&
    ((tfAt(nt - 1) & TF_CMT) != 0 || tt(nt - 1) == T_SEMI)
  )
    emit(R_SQLI_LOGIC_START);
  // A value that is an SQL statement: CREATE FUNCTION x (, INSERT INTO, DELETE FROM x WHERE, EXEC(…).
  if (t0 == T_STMT && trAt(0) != ROLE_SELECT && statementAtStart()) emit(R_SQLI_STATEMENT);
  // WHERE/HAVING clause with a comparison.
  if ((isRole(0, T_KW, ROLE_WHERE) || isRole(0, T_KW, ROLE_HAVING)) && hasSymCmp(1, 7) && !conditionGoesOnAsProse(1))
    emit(R_SQLI_LOGIC_START);
  // A value that starts as an SQL function call with literal arguments ("char(", "concat(0x71,"), not
  // a call on names ("if (ready)", "log(message)") as code is full of.
  if (t0 == T_FUNC && (tfAt(0) & TF_KNOWN) != 0 && tt(1) == T_LPAR) {
    const ta = tt(2);
    if (
      ta == 0 ||
      ta == T_RPAR ||
      ta == T_NUM ||
      ta == T_STR ||
      ta == T_VAR ||
      ta == T_LPAR ||
      isRole(2, T_STMT, ROLE_SELECT) ||
      (ta == T_FUNC && (tfAt(2) & TF_KNOWN) != 0)
    ) {
      // Arithmetic on numbers, or an aggregate with nothing in it, is a calculator's or analytics'.
      const math =
        (tfAt(0) & TF_MATH) != 0 &&
        (ta == T_NUM || ta == T_RPAR || ((ta == T_LPAR || (ta == T_FUNC && (tfAt(2) & TF_MATH) != 0)) && arithmeticArguments())) &&
        (tfAt(nt - 1) & TF_CMT) == 0;
      if (!math && !codeAfterCall() && !wktGeometry(0)) emit(R_SQLI_FUNC);
    }
  }
  // Literal tautology after a separator or at the start: 1=1, 'a'='a'.
  for (let k = 0; k + 2 < nt && k < 8; k++) {
    const p = k == 0 ? T_COMMA : ttAt(k - 1);
    if (!(p == T_COMMA || p == T_LOGIC || p == T_LPAR || p == T_SEMI)) continue;
    const a = ttAt(k);
    if (
      (a == T_NUM || a == T_STR) &&
      ttAt(k + 2) == a &&
      ((ttAt(k + 1) == T_OP && (tfAt(k + 1) & TF_SYMCMP) != 0) || odataEq(k + 1))
    ) {
      const la = teAt(k) - tsAt(k);
      if (la == teAt(k + 2) - tsAt(k + 2)) {
        let same = true;
        for (let q = 0; q < la; q++) if (dAt(tsAt(k) + q) != dAt(tsAt(k + 2) + q)) same = false;
        if (
          same &&
          (k + 3 >= nt ||
            ttAt(k + 3) == T_LOGIC ||
            ttAt(k + 3) == T_RPAR ||
            ttAt(k + 3) == T_COMMA ||
            ttAt(k + 3) == T_SEMI)
        )
          emit(R_SQLI_BOOLEAN);
      }
    }
  }
  for (let k = 1; k + 2 < nt; k++) {
    if (ttAt(k - 1) != T_LOGIC || ttAt(k) != T_WORD || !likeAt(k + 1) || !matchesAll(k + 2)) continue;
    const t = tt(k + 3);
    if (t == 0 || t == T_LOGIC || t == T_RPAR || t == T_SEMI || (tfAt(k + 2) & TF_CMT) != 0) {
      emit(R_SQLI_BOOLEAN);
      break;
    }
  }
  if (nt >= 2 && nt <= 3) {
    let all = true;
    for (let k = 0; k < nt; k++) {
      const t = ttAt(k);
      const word =
        t == T_KW ||
        t == T_UNION ||
        t == T_STMT ||
        (t == T_OP && dAt(tsAt(k)) != 0x2a && isIdent(dAt(tsAt(k))));
      if (!word) all = false;
    }
    if (all && t0 != T_LOGIC) emit(R_SQLI_KEYWORDS);
  }
  if (nt == 1 && isRole(0, T_OP, ROLE_SQLOP)) emit(R_SQLI_CLAUSE);
  if (nt == 2 && isRole(0, T_KW, ROLE_ORDER) && isRole(1, T_KW, ROLE_BY)) emit(R_SQLI_BARE_ORDER);
}

/** See the reference: token k is OData's `eq`. */
function odataEq(k: i32): bool {
  return ttAt(k) == T_WORD && tokenIsKeyword(k, KW_EQ);
}

/** See the reference: token k is the operator LIKE. */
function likeAt(k: i32): bool {
  return ttAt(k) == T_OP && tokenIsKeyword(k, KW_LIKE);
}

/** See the reference: token k is a closed string literal of `%` alone. */
function matchesAll(k: i32): bool {
  if (ttAt(k) != T_STR || (tfAt(k) & TF_UNTERM) != 0) return false;
  const s = tsAt(k);
  const e = teAt(k);
  if (e - s < 3) return false;
  for (let i = s + 1; i < e - 1; i++) if (dAt(i) != 0x25) return false;
  return true;
}

/** Does the text before the breakout quote look like code or markup ("f('", "{a:'", "<x y='")? Then the quote is not an SQL literal's. */
function leakIsCode(): bool {
  for (let k = tsAt(0); k < teAt(0); k++) {
    const b = dAt(k);
    if (b == 0x28 || b == 0x7b || b == 0x3d || b == 0x3a || b == 0x3c || b == 0x5b) return true;
  }
  return false;
}

function proseAfter(p: i32): bool {
  const q = isRole(p + 1, T_OP, ROLE_NOT) && (tfAt(p + 1) & TF_CMT) == 0 ? p + 1 : p;
  if (tt(q + 1) != T_WORD || (tfAt(q + 1) & TF_CMT) != 0) return false;
  const t2 = tt(q + 2);
  return t2 == T_WORD || t2 == T_STR;
}

/**
 * Between token p and the end of token e, outside literals, is there a
 * bracket SQL cannot parse: a `]` or `}` with no opener, or a `[` or `{`
 * never closed? Then the text is noise (a random password), not a statement
 * that would run; MySQL's ODBC braces and MSSQL's `[name]` are balanced.
 */
function strayBrackets(p: i32, e: i32): bool {
  let curly = 0;
  let square = 0;
  let k = p;
  const end = teAt(e);
  for (let i = tsAt(p); i < end; i++) {
    while (k < e && teAt(k) <= i) k++;
    if (ttAt(k) == T_STR && i >= tsAt(k)) {
      i = teAt(k) - 1;
      continue;
    }
    const b = dAt(i);
    if (b == 0x7b) curly++;
    else if (b == 0x5b) square++;
    else if (b == 0x7d) {
      if (--curly < 0) return true;
    } else if (b == 0x5d) {
      if (--square < 0) return true;
    }
  }
  return curly != 0 || square != 0;
}

/** After the word at k, SQL goes on: a logic operator, an operator, `;`, `)` or a comment. */
function sqlAfterWord(k: i32): bool {
  const t = tt(k + 1);
  return t == T_LOGIC || t == T_OP || t == T_SEMI || t == T_RPAR || (tfAt(k) & TF_CMT) != 0;
}

/** The UNION at p goes on as a UNION does: [ALL|DISTINCT] SELECT, '(', VALUES, a comment or the end. */
function unionContinues(p: i32): bool {
  let k = p + 1;
  if (isRole(k, T_KW, ROLE_ALL) || (tt(k) == T_WORD && isRole(k + 1, T_STMT, ROLE_SELECT))) k++;
  const t = tt(k);
  return (
    t == 0 ||
    (t == T_OP && dAt(tsAt(k)) == 0x2f && k + 1 >= nt) ||
    t == T_LPAR ||
    isRole(k, T_STMT, ROLE_SELECT) ||
    isRole(k, T_KW, ROLE_VALUES) ||
    isRole(k, T_FUNC, ROLE_VALUES) ||
    (tfAt(k - 1) & TF_CMT) != 0
  );
}

function quotedLogicWord(p: i32, q: i32): bool {
  const open = teAt(0);
  const before = open > lexFrom ? dAt(open - 1) : 0;
  return (
    (isSpace(before) || before == 0x3d || before == 0x28 || before == 0x2c) &&
    tsAt(p) == open + 1 &&
    teAt(p) == tsAt(q) &&
    q + 1 >= nt &&
    (tfAt(q) & TF_UNTERM) != 0 &&
    teAt(q) - tsAt(q) == 1
  );
}

function measurement(p: i32): bool {
  const open = teAt(0);
  if (open <= lexFrom || tt(p + 1) != T_NUM) return false;
  const before = dAt(open - 1);
  if (isAlpha(before) && (open - 1 == lexFrom || !isWord(dAt(open - 2)))) return true;
  if (!isDigit(before)) return false;
  const after = dAt(teAt(p + 1));
  return after == 0x27 || after == 0x22;
}

/** See the reference: the breakout quote is `"` glued after a number that a blank opens. */
function inchMark(): bool {
  const q = teAt(0);
  if (dAt(q) != 0x22 || q <= lexFrom || !isDigit(dAt(q - 1))) return false;
  let k = q - 1;
  while (k > lexFrom && (isDigit(dAt(k - 1)) || dAt(k - 1) == 0x2e)) k--;
  return k > lexFrom && isSpace(dAt(k - 1));
}

/** See the reference: the breakout quote is an inch mark in prose, words going on after the dashes. */
function inchMarkInProse(): bool {
  if (!inchMark()) return false;
  const q = teAt(0);
  let i = q + 1;
  while (i < lexTo && isSpace(dAt(i))) i++;
  if (i + 2 >= lexTo || dAt(i) != 0x2d || dAt(i + 1) != 0x2d || !isSpace(dAt(i + 2))) return false;
  let words = 0;
  let inWord = false;
  for (let j = i + 3; j < lexTo; j++) {
    const b = dAt(j);
    const letter = isAlpha(b) || b >= 0x80;
    if (letter && !inWord) words++;
    inWord = letter;
  }
  return words >= 3;
}

/** Token k is a lone `!` between a literal and a bare word (mirrors the reference's bangAfterLiteral). */
function bangAfterLiteral(k: i32): bool {
  const s = tsAt(k);
  return dAt(s) == 0x21 && teAt(k) - s == 1 && isLiteral(tt(k - 1)) && tt(k + 1) == T_WORD;
}

/** IN with no list after it: a quotation in prose (mirrors the reference's inWithoutList). */
function inWithoutList(p: i32): bool {
  const s = tsAt(p);
  return teAt(p) - s == 2 && (dAt(s) | 0x20) == 0x69 && (dAt(s + 1) | 0x20) == 0x6e && tt(p + 1) != T_LPAR;
}

/** A tag's `<` glued to the breakout quote and to a name (mirrors the reference's tagAfterQuote). */
function tagAfterQuote(p: i32): bool {
  const s = tsAt(p);
  if (s != teAt(0) + 1 || teAt(p) - s != 1 || dAt(s) != 0x3c) return false;
  const c = dAt(s + 1);
  return isAlpha(c) || (c == 0x33 && !isDigit(dAt(s + 2)) && dAt(s + 2) != 0x2e);
}

function breakoutChecks(): void {
  if (leakIsCode()) return;
  let p = 1;
  while (tt(p) == T_RPAR) p++;
  const tp = tt(p);
  if (tp == 0) {
    if ((tfAt(p - 1) & TF_CMT) != 0 && !inchMarkInProse()) emit(R_SQLI_COMMENT_BREAKOUT);
    return;
  }
  if (tp == T_SEMI && tt(p + 1) == 0) emit(R_SQLI_COMMENT_BREAKOUT);
  // An identifier's quote closed into the rest of a query (`x" FROM "auth_user" WHERE 1=1 OR "a`, an
  // ORM's column alias): FROM, a table, and a WHERE whose comparison is the attacker's.
  if (
    isRole(p, T_KW, ROLE_FROM) &&
    (tt(p + 1) == T_WORD || tt(p + 1) == T_STR) &&
    isRole(p + 2, T_KW, ROLE_WHERE) &&
    hasSymCmp(p + 3, p + 6)
  )
    emit(R_SQLI_BOOLEAN);
  if (
    (tp == T_STMT || (tp == T_UNION && unionContinues(p))) &&
    tt(p + 1) != T_STR &&
    (statementParses(p) || tp == T_UNION || (tsAt(0) == teAt(0) && !proseAfter(p) && !quotedLabel(p) && !hyphenCompound(p)))
  )
    emit(R_SQLI_STACKED);
  if (tp == T_LOGIC) {
    const q = p + 1;
    const ty = tt(q);
    if (ty == 0) {
      if ((tfAt(p) & TF_CMT) != 0) emit(R_SQLI_BOOLEAN);
    } else if (ty == T_LPAR || ty == T_FUNC || isRole(q, T_KW, ROLE_EXISTS)) emit(R_SQLI_BOOLEAN);
    else if (isRole(q, T_OP, ROLE_NOT)) {
      const tn = tt(q + 1);
      if (isLiteral(tn) || tn == T_LPAR || tn == T_FUNC) emit(R_SQLI_BOOLEAN);
    } else if (ty == T_NUM || ty == T_STR || ty == T_VAR || ty == T_WORD) {
      const r = q + 1;
      const tr = tt(r);
      const cmtAfter = (tfAt(q) & TF_CMT) != 0;
      const lit = ty != T_WORD || (tfAt(q) & TF_QUOTED) != 0;
      if (tr == T_OP && (tfAt(r) & TF_CMP) != 0) emit(R_SQLI_BOOLEAN);
      else if (quotedLogicWord(p, q)) return;
      else if (inchMark()) return;
      else if (lit && (tr == 0 || tr == T_SEMI || tr == T_LOGIC || tr == T_RPAR || tr == T_OP || cmtAfter))
        emit(R_SQLI_BOOLEAN);
      else if (tr == T_SEMI || tr == T_OP || cmtAfter) emit(R_SQLI_BOOLEAN);
    }
  }
  if (tp == T_OP && (tfAt(p) & TF_CMP) != 0) {
    const ty = tt(p + 1);
    // A word operator and a bare word is a quotation in prose as often: there it needs SQL after the word.
    const bare = ty == T_WORD && (tfAt(p) & TF_SYMCMP) == 0 ? sqlAfterWord(p + 1) : ty == T_WORD;
    if ((isLiteral(ty) || bare || ty == T_FUNC || ty == T_LPAR) && !measurement(p) && !tagAfterQuote(p) && !inWithoutList(p))
      emit(R_SQLI_COMPARE_BREAKOUT);
  }
  // A word glued to the quote makes it an apostrophe inside a word ("I can't log in -- the page").
  const glued = tsAt(p) == teAt(0) + 1;
  const apostrophe =
    glued && (tt(p) == T_WORD || (tt(p) == T_FUNC && (tfAt(p) & TF_KNOWN) == 0) || (tt(p) == T_KW && p == nt - 1));
  const yearMark = glued && tt(p) == T_NUM;
  if (nt <= 12 && !apostrophe && (tfAt(nt - 1) & TF_CMT) != 0 && !strayBrackets(p, nt - 1)) {
    for (let k = p; k < nt; k++) {
      const t = ttAt(k);
      // SQL between the breakout and the comment (see the reference).
      if (
        t == T_LOGIC ||
        (t == T_OP &&
          !yearMark &&
          dAt(tsAt(k)) != 0x3f &&
          !bangAfterLiteral(k) &&
          ((tfAt(k) & TF_CMP) != 0 || isLiteral(tt(k - 1)) || isLiteral(tt(k + 1)))) ||
        // ORDER or GROUP without BY is a word, not SQL.
        (t == T_KW && !(isRole(k, T_KW, ROLE_ORDER) && !isRole(k + 1, T_KW, ROLE_BY))) ||
        t == T_STMT ||
        t == T_UNION ||
        t == T_FUNC ||
        ((t == T_SEMI || t == T_COMMA) && !yearMark)
      ) {
        emit(R_SQLI_COMMENT_BREAKOUT);
        break;
      }
    }
  }
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

function hasSqlSyntax(): bool {
  if (lexFrom == 0 && lexTo == St.dLen) return (St.mask & SQL_SYNTAX) != 0;
  for (let i = lexFrom; i < lexTo; i++) {
    const b = dAt(i);
    if (
      b == 0x27 ||
      b == 0x22 ||
      b == 0x60 ||
      b == 0x28 ||
      b == 0x29 ||
      b == 0x3b ||
      b == 0x23 ||
      b == 0x3d ||
      b == 0x3c ||
      b == 0x3e ||
      b == 0x7c ||
      b == 0x26 ||
      b == 0x40 ||
      b == 0x3a ||
      b == 0x2d ||
      b == 0x2f ||
      b == 0x2a
    )
      return true;
  }
  return false;
}

function identifierBeforeBacktick(): bool {
  for (let i = lexFrom; i < lexTo; i++) {
    const b = dAt(i);
    if (b == 0x60) return true;
    if (isSpace(b)) return false;
  }
  return false;
}

function hasByte(b: i32): bool {
  if (lexFrom == 0 && lexTo == St.dLen) return (St.mask & maskOf(b)) != 0;
  for (let i = lexFrom; i < lexTo; i++) if (dAt(i) == b) return true;
  return false;
}

/**
 * Without SQL punctuation only keyword-driven rules can fire (UNION SELECT,
 * SELECT lists, a value starting with AND/OR or a statement or clause
 * keyword), so such values are lexed only when they start with an SQL word
 * or contain SELECT.
 */
function keywordsMatter(from: i32, to: i32, hasSelect: bool): bool {
  if (hasSelect) return true;
  // A number first ("1 or true"): the code context's boolean checks apply.
  if (from < to && isDigit(dAt(from))) return true;
  let e = from;
  while (e < to && isIdent(dAt(e)) && dAt(e) != 0x24) e++;
  const w = lookupWord(D, from, e);
  if (w < 0) return false;
  const sql = wordSql(w);
  return sql == SQL_LOGIC || sql == SQL_STATEMENT || sql == SQL_UNION || sql == SQL_KEYWORD || sql == SQL_OPERATOR;
}

/** See the reference: judges D[lexFrom..lexTo) as the app's single-quoted literal would hold it. */
function singleQuoteContexts(): void {
  if (!hasByte(0x27) || !lex(0x27)) return;
  globalChecks(0x27);
  breakoutChecks();
  const q = breakoutQuote(0x27, true);
  if (q >= 0 && q != breakoutQuote(0x27, false) && lexFromQuote(0x27, q)) {
    globalChecks(0x27);
    breakoutChecks();
  }
}

/** See the reference: D[from..to) judged only as inside the app's single quotes. */
function judgeSingleQuoted(from: i32, to: i32): void {
  lexFrom = from;
  lexTo = to;
  if (hasSqlSyntax()) singleQuoteContexts();
}

/** Lexes D[from..to) from every applicable context and judges each token stream. */
function judgeRange(from: i32, to: i32, hasSelect: bool): void {
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

/** See the reference: the probe value KW_OVERFLOW… the value (n bytes) is, or -1. */
function overflowValue(n: i32): i32 {
  // Every one starts with a digit or '-': most values leave here.
  const b0 = dAt(0);
  if (b0 != 0x2d && (b0 < 0x30 || b0 > 0x39)) return -1;
  for (let k = KW_OVERFLOW; k < KW_OVERFLOW + KW_OVERFLOW_COUNT; k++) {
    if (kwLen(k) != n) continue;
    let i = 0;
    while (i < n) {
      const c = dAt(i);
      if ((c == 0x45 ? 0x65 : c) != kwByte(k, i)) break;
      i++;
    }
    if (i == n) return k;
  }
  return -1;
}

/** See the reference: the value from `v` opens with no quote and no `=`. */
function unclosedAfterName(v: i32): bool {
  const c = dAt(v);
  return c != 0x27 && c != 0x22 && c != 0x3d;
}

/** See the reference: the value from `v` to `n` is a literal quoted whole after a name's colon. */
function quotedWholeAfterName(v: i32, n: i32): bool {
  const q = dAt(v);
  return (q == 0x27 || q == 0x22) && (quotesFrom(v, n, q) & 1) == 0;
}

/** Runs the lexer from every applicable context and judges each token stream; a path is judged segment by segment. */
export function detectSqli(kind: i32): void {
  let hasSelect = false;
  for (let h = 0; h < St.hits; h++) {
    const g = patGroup(hitPat(h));
    if (g == G_SQL_SYSOBJ || g == G_SQL_PHRASE) emit(R_SQLI_SYSOBJ);
    else if (g == G_SQL_KW) hasSelect = true;
  }
  const n = St.dLen;
  // Not in a header: there a byte count of 2 GiB (`X-Upload-Content-Length: 2147483648`) is a size.
  if (kind != K_PATH && kind != K_HEADER && n >= 5 && n <= 23) {
    // See the reference: a type's maximum is a probe only at paranoia 2.
    const k = overflowValue(n);
    if (k == KW_OVERFLOW_INT_MAX || k == KW_OVERFLOW_UINT_MAX) emit(R_SQLI_OVERFLOW_MAX);
    else if (k >= 0) emit(R_SQLI_OVERFLOW);
  }
  // A short value made of SQL special characters ("!@#$%^&*()", "'--", "-----"): a probe (paranoia 2).
  if (kind != K_PATH && n >= 3 && n <= 40 && (St.mask & SQL_SYNTAX) != 0) {
    let special = 0;
    for (let i = 0; i < n; i++)
      if ((maskOf(dAt(i)) & (SQL_SYNTAX | M_EXCL | M_DOLLAR | M_PCT | M_TILDE | M_PLUS)) != 0) special++;
    if (special * 5 >= n * 4) emit(R_SQLI_SPECIAL_CHARS);
  }
  if (kind == K_PATH) {
    let s0 = 0;
    let tail = -1;
    for (let i = 0; i <= n; i++) {
      if (i == n || dAt(i) == 0x2f) {
        if (i > s0) {
          judgeRange(s0, i, hasSelect);
          let f = s0;
          while (f < i && f - s0 < 64 && (isIdent(dAt(f)) || dAt(f) == 0x2e)) f++;
          if (f > s0 && f + 1 < i && dAt(f) == 0x3a && !isSpace(dAt(f + 1))) judgeRange(f + 1, i, hasSelect);
          for (let k = s0; k < i; k++) {
            if (dAt(k) != 0x3b) continue;
            let v = k + 1;
            while (v < i && dAt(v) != 0x3d && dAt(v) != 0x3b) v++;
            if (v < i && dAt(v) == 0x3d && v + 1 < i) {
              let ve = v + 1;
              while (ve < i && dAt(ve) != 0x3b) ve++;
              judgeRange(v + 1, ve, hasSelect);
            }
          }
          if (tail < 0)
            for (let k = s0; k < i; k++)
              if (isSpace(dAt(k)) || dAt(k) == 0x27 || dAt(k) == 0x22) {
                tail = s0;
                break;
              }
        }
        s0 = i + 1;
      }
    }
    if (tail >= 0) judgeRange(tail, n, hasSelect);
    return;
  }
  judgeRange(0, n, hasSelect);
  if (wrappedFilter(n)) judgeRange(1, n - 1, hasSelect);
  let f = 0;
  while (f < n && f < 64 && (isIdent(dAt(f)) || dAt(f) == 0x2e)) f++;
  const sep = f + 1 < n ? dAt(f) : 0;
  const named = f > 0 && ((sep == 0x3a && dAt(f + 1) != 0x2f && !quotedWholeAfterName(f + 1, n)) || (sep == 0x3d && unclosedAfterName(f + 1))) && !isSpace(dAt(f + 1));
  if (named) judgeRange(f + 1, n, hasSelect);
  const e = breakoutAfterEquals(n);
  if (e > 0 && !(named && e == f + 1)) {
    if (e == quoteAfterEquals && (quotesFrom(e, n, 0x27) & 1) == 0) judgeSingleQuoted(e, n);
    else judgeRange(e, n, hasSelect);
  }
  let d = 0;
  while (d < n && d < 8 && dAt(d) >= 0x61 && dAt(d) <= 0x7a) d++;
  if (d >= 2 && d < 8 && d + 1 < n && dAt(d) == 0x2e && d + 1 != e && postgrestOperator(d)) judgeRange(d + 1, n, hasSelect);
}

/** D[0..d) is one of PostgREST's filter operators (mirrors the reference's postgrestOperator). */
function postgrestOperator(d: i32): bool {
  for (let m = 0; m < KW_POSTGREST_OP_COUNT; m++) if (kwLen(KW_POSTGREST_OP + m) == d && kwAt(0, KW_POSTGREST_OP + m)) return true;
  return false;
}

/** The quote breakoutAfterEquals last found right after its `=`, or -1. */
let quoteAfterEquals = -1;

/** See the reference: where the value after the `=` glued to the first quote's word starts, or -1. */
function breakoutAfterEquals(n: i32): i32 {
  quoteAfterEquals = -1;
  let q = 0;
  while (q < n && dAt(q) != 0x27) q++;
  if (q >= n) return -1;
  let e = q;
  while (e > 0 && dAt(e - 1) != 0x3d && dAt(e - 1) != 0x22 && !isSpace(dAt(e - 1))) e--;
  if (e == 0 || dAt(e - 1) != 0x3d) return -1;
  if (e == q) quoteAfterEquals = q;
  return e;
}

/** See the reference: D[0..n) is `"…"` with single quotes and no other double quote inside. */
function wrappedFilter(n: i32): bool {
  if (n < 4 || dAt(0) != 0x22 || dAt(n - 1) != 0x22) return false;
  for (let k = 1; k < n - 1; k++) if (dAt(k) == 0x22) return false;
  return quotesFrom(1, n - 1, 0x27) > 0;
}

/** How many of the quote `q` D[from..to) holds. */
function quotesFrom(from: i32, to: i32, q: i32): i32 {
  let quotes = 0;
  for (let k = from; k < to; k++) if (dAt(k) == q) quotes++;
  return quotes;
}

