// code detector: AssemblyScript port of core/signatures/ref/code.ts (see there for the
// rationale of every check); keep the two in step, the equality test holds them equal.
import {
  G_JS_FUNC,
  G_MONGO,
  G_NODE,
  G_ORM,
  G_PHP_FUNC,
  G_PHP_HIGHRISK,
  G_PHP_INI,
  G_PHP_SUPERGLOBAL,
  G_PROTO,
  G_PYTHON,
  G_RUBY,
  G_SSI,
  SSI_PATH_TAG,
  JS_LOOP,
  K_BODY_NAME,
  K_COOKIE_NAME,
  K_QUERY_NAME,
  MISC_TEMPLATE,
  NODE_CALL,
  NODE_INDEX,
  NODE_STRONG,
  PHPF_CODE,
  PHPF_INCLUDE,
  PHPF_WORD,
  R_JS_DOS,
  R_NODE_INJECTION,
  R_NOSQL_JS,
  R_NOSQL_OPERATOR,
  R_ORM_LOOKUP,
  R_PERL_INTERP,
  R_PHP_FUNC_CALL,
  R_PHP_HIGHRISK_FUNC,
  R_PHP_INI,
  R_PHP_OPEN_TAG,
  R_PHP_SERIALIZED,
  R_PHP_SUPERGLOBAL,
  R_PHP_VARVAR,
  R_PHP_VAR_CALL,
  R_PROTO_POLLUTION,
  R_PYTHON_INJECTION,
  R_RUBY_INJECTION,
  R_SSI,
  R_TEMPLATE_INJECTION,
  R_TEMPLATE_PLAIN,
  TAG_NODE_MODULE,
  KW_CONST,
  KW_FOR,
  KW_IF,
  KW_LOOKUP,
  KW_LOOKUP_COUNT,
  KW_PRINT,
  KW_PRINT_COUNT,
  KW_WIKI_SCRIPT,
  KW_WIKI_SCRIPT_COUNT,
  KW_RISKY_CALL,
  KW_RISKY_CALL_COUNT,
  KW_RISKY_FILTER,
  KW_RISKY_FILTER_COUNT,
  KW_SET,
  KW_TEMPLATE_RISKY,
  KW_TEMPLATE_RISKY_COUNT,
  KW_TEMPLATE_CONTROL,
  KW_TEMPLATE_CONTROL_COUNT,
  KW_FTL_CONTROL,
  KW_FTL_CONTROL_COUNT,
  KW_TEMPLATE_LITERAL,
  KW_TEMPLATE_LITERAL_COUNT,
  KW_DB,
  KW_FALSE,
  KW_LET,
  KW_RETURN,
  KW_SLEEP,
  KW_THIS,
  KW_APACHE_PHP,
  KW_APACHE_PHP_COUNT,
  KW_TRUE,
  KW_VAR,
} from "./tables";
import { M_AMP, M_AT, M_DOLLAR, M_DOT, M_DQ, M_HASH, M_LBRACE, M_LBRACK, M_LP, M_LT, M_PIPE, M_SEMI, M_SQ, fold, isAlpha, isDigit, isSpace, isWord } from "./chars";
import { D, St, dAt, emit, hitPat, hitStart } from "./mem";
import { patCode, patGroup, patOff, wordMisc, wordTag } from "./tab";
import { lookupWord } from "./dict";
import { kwAt, kwLen } from "./kw";


function isName(kind: i32): bool {
  return kind == K_QUERY_NAME || kind == K_BODY_NAME || kind == K_COOKIE_NAME;
}

/** Skips spaces and PHP comments from i; -1 if a line comment runs to the end. */
function skipPhpGap(i: i32): i32 {
  const n = St.dLen;
  let k = i;
  for (let guard = 0; guard < 32; guard++) {
    while (k < n && isSpace(dAt(k))) k++;
    if (k + 1 < n && dAt(k) == 0x2f && dAt(k + 1) == 0x2a) {
      k += 2;
      while (k + 1 < n && !(dAt(k) == 0x2a && dAt(k + 1) == 0x2f)) k++;
      if (k + 1 >= n) return -1;
      k += 2;
      continue;
    }
    if (k < n && (dAt(k) == 0x23 || (dAt(k) == 0x2f && k + 1 < n && dAt(k + 1) == 0x2f))) {
      while (k < n && dAt(k) != 0x0a) k++;
      if (k >= n) return -1;
      continue;
    }
    break;
  }
  return k;
}

/** The argument list opening at k: 1 if it starts with a $variable or a quote, 2 if it also holds a path or URL, else 0. */
function phpArgs(k: i32): i32 {
  const n = St.dLen;
  let a = k + 1;
  while (a < n && isSpace(dAt(a))) a++;
  if (a >= n) return 0;
  const c = dAt(a);
  if (c == 0x24) return 2;
  if (c != 0x22 && c != 0x27) return 0;
  for (let q = a + 1; q < n && q - a < 256 && dAt(q) != c; q++) {
    const b = dAt(q);
    if ((b == 0x3a && q + 2 < n && dAt(q + 1) == 0x2f && dAt(q + 2) == 0x2f) || (q == a + 1 && b == 0x2f)) return 2;
    if (b == 0x2e && q + 3 < n && fold(dAt(q + 1)) == 0x70 && fold(dAt(q + 2)) == 0x68 && fold(dAt(q + 3)) == 0x70)
      return 2;
  }
  return 1;
}

/** PHP function name ending at e: is it called? Closing quotes/brackets may sit between name and '(' ("system")(…). */
function phpCalled(e: i32, tight: bool): bool {
  const n = St.dLen;
  let k = e;
  let gap = false;
  for (let guard = 0; guard < 8; guard++) {
    const s = k;
    k = skipPhpGap(k);
    if (k < 0) return false;
    if (k > s) gap = true;
    if (k < n && (dAt(k) == 0x22 || dAt(k) == 0x27 || dAt(k) == 0x29 || dAt(k) == 0x5d)) {
      k++;
      gap = true;
      continue;
    }
    break;
  }
  if (k >= n || dAt(k) != 0x28) return false;
  // "file(s)": a one-letter word in parentheses is prose.
  if (k + 2 < n && isAlpha(dAt(k + 1)) && dAt(k + 2) == 0x29) return false;
  if (tight && gap) {
    // An English-looking name needs no plain spaces before '(' unless a comment or quote marks code.
    for (let q = e; q < k; q++) if (dAt(q) == 0x2f || dAt(q) == 0x23 || dAt(q) == 0x22 || dAt(q) == 0x27 || dAt(q) == 0x29 || dAt(q) == 0x09) return true;
    return false;
  }
  phpArgPos = k;
  return true;
}

/** `include 'x.php';`: an include statement without parentheses, ending with its path, URL or .php operand. */
function includeStatement(e: i32): bool {
  if (phpArgs(e - 1) != 2) return false;
  const n = St.dLen;
  let a = e;
  while (a < n && isSpace(dAt(a))) a++;
  const q = dAt(a);
  let j = a + 1;
  while (j < n && dAt(j) != q) j++;
  if (j >= n) return false;
  j++;
  while (j < n && isSpace(dAt(j))) j++;
  return j >= n || dAt(j) == 0x3b || (dAt(j) == 0x3f && j + 1 < n && dAt(j + 1) == 0x3e);
}

/** End of the quoted string opening at i (the index after its closing quote), or -1. */
function quotedEnd(i: i32): i32 {
  const n = St.dLen;
  const q = dAt(i);
  for (let j = i + 1; j < n && j - i < 128; j++) if (dAt(j) == q) return j + 1;
  return -1;
}

/** Two quoted strings or more joined by `.` and called: `'sys'.'tem'('id')` (933180). */
function phpConcatCall(): void {
  const n = St.dLen;
  for (let i = 0; i < n; i++) {
    const b = dAt(i);
    if (b != 0x27 && b != 0x22) continue;
    let k = i;
    let parts = 0;
    for (;;) {
      const e = quotedEnd(k);
      if (e < 0) break;
      parts++;
      let j = e;
      while (j < n && isSpace(dAt(j))) j++;
      if (j < n && dAt(j) == 0x2e) {
        j++;
        while (j < n && isSpace(dAt(j))) j++;
        if (j < n && (dAt(j) == 0x27 || dAt(j) == 0x22)) {
          k = j;
          continue;
        }
        break;
      }
      if (parts >= 2 && j < n && dAt(j) == 0x28) {
        emit(R_PHP_VAR_CALL);
        return;
      }
      break;
    }
    if (parts > 0) {
      const e = quotedEnd(k);
      if (e > i) i = e - 1;
    }
  }
}

/** Index of the '(' found by the last successful phpCalled. */
let phpArgPos = 0;

// The `$` at i opens TeX maths and `$f(` is a function in it: see texMathCall in core/signatures/ref/code.ts.
function texMathCall(i: i32, open: i32): bool {
  const n = St.dLen;
  if (open != i + 2) return false;
  let depth = 0;
  let k = open;
  for (; k < n && k - open < 128; k++) {
    const b = dAt(k);
    if (b == 0x27 || b == 0x22 || b == 0x24 || b == 0x3b) return false;
    if (b == 0x28) depth++;
    else if (b == 0x29 && --depth == 0) break;
  }
  if (k >= n || dAt(k) != 0x29) return false;
  for (let j = k + 1; j < n && j - k < 128; j++) {
    const b = dAt(j);
    if (b == 0x24) return true;
    if (b == 0x3b || b == 0x27 || b == 0x22) return false;
  }
  return false;
}

/** See the reference: the call opening at `open` closes with `)$` (B2C Commerce's content markup). */
function markupCallClosed(open: i32): bool {
  const n = St.dLen;
  let depth = 0;
  for (let k = open; k < n && k - open < 256; k++) {
    const b = dAt(k);
    if (b == 0x27 || b == 0x22) {
      const e = quotedEnd(k);
      if (e < 0) return false;
      k = e - 1;
    } else if (b == 0x28) depth++;
    else if (b == 0x29 && --depth == 0) {
      if (k + 1 >= n || dAt(k + 1) != 0x24) return false;
      const c = k + 2 < n ? dAt(k + 2) : 0;
      return !(isAlpha(c) || c == 0x5f || c == 0x7b);
    }
  }
  return false;
}

/** `$name` followed by indexes, property hops or comments, then '('. */
function phpVariableCalls(): void {
  const n = St.dLen;
  for (let i = 0; i + 2 < n; i++) {
    if (dAt(i) != 0x24) continue;
    const c = dAt(i + 1);
    if (!(isAlpha(c) || c == 0x5f)) continue;
    if (i > 0 && isWord(dAt(i - 1))) continue;
    let k = i + 1;
    while (k < n && isWord(dAt(k))) k++;
    for (let guard = 0; guard < 16; guard++) {
      const g = skipPhpGap(k);
      if (g < 0) {
        k = n;
        break;
      }
      k = g;
      if (k < n && (dAt(k) == 0x5b || dAt(k) == 0x7b)) {
        const close = dAt(k) == 0x5b ? 0x5d : 0x7d;
        let j = k + 1;
        while (j < n && j - k < 128 && dAt(j) != close) j++;
        if (j >= n || dAt(j) != close || j == k + 1) break;
        k = j + 1;
        continue;
      }
      if (k + 1 < n && dAt(k) == 0x2d && dAt(k + 1) == 0x3e) {
        k += 2;
        if (k < n && dAt(k) == 0x24) k++;
        while (k < n && isWord(dAt(k))) k++;
        continue;
      }
      break;
    }
    if (k < n && dAt(k) == 0x28) {
      if (texMathCall(i, k) || markupCallClosed(k)) continue;
      emit(R_PHP_VAR_CALL);
      return;
    }
  }
}

/** See the reference: two underscores at k that reach a Python attribute, not `{{985157248__amount}}`. */
function dunderAt(k: i32, e: i32): bool {
  if (dAt(k) != 0x5f || k + 1 >= e || dAt(k + 1) != 0x5f) return false;
  let d = k;
  while (d > 0 && isDigit(dAt(d - 1))) d--;
  return d == k || (d > 0 && isWord(dAt(d - 1)));
}

/** Is D[s..e) a template expression rather than a plain (dotted) name? `filters`: a '|' filter counts (Jinja/Twig {{…}}). */
function expressionInside(s: i32, e: i32, filters: bool): bool {
  for (let k = s; k < e; k++) {
    const b = dAt(k);
    if (b == 0x28 || b == 0x5b || b == 0x22 || b == 0x27 || b == 0x3d || b == 0x60) return true;
    if (b == 0x7c && filters) return true;
    if (dunderAt(k, e)) return true;
  }
  return arithmeticInside(s, e);
}

function hasWordByte(s: i32, e: i32): bool {
  for (let k = s; k < e; k++) if (isAlpha(dAt(k))) return true;
  return false;
}

/** Matching close brace for an opening at o (depth-counted, bounded); -1 if none. */
let braceBudget: i32 = 0;

function closeBrace(o: i32): i32 {
  const n = St.dLen;
  let depth = 0;
  for (let k = o; k < n && k - o < 1024; k++) {
    if (--braceBudget < 0) return -1;
    if (dAt(k) == 0x7b) depth++;
    else if (dAt(k) == 0x7d) {
      depth--;
      if (depth == 0) return k;
    }
  }
  return -1;
}

/** The word at D[s..e) (case folded) is keyword k, whole. */
function wordIs(s: i32, e: i32, k: i32): bool {
  return e - s == kwLen(k) && kwAt(s, k);
}

function wordIn(s: i32, e: i32, k: i32, count: i32): bool {
  for (let m = 0; m < count; m++) if (wordIs(s, e, k + m)) return true;
  return false;
}

function isNameByte(b: i32): bool {
  return isWord(b) || b == 0x2e;
}

/**
 * D[s..e) is a plain filter chain: a (dotted) name, then `| filter` steps whose arguments, if any,
 * follow a colon (Liquid: `| date: "%B %-d"`, `| default: 'there'`) and are strings, numbers or
 * names. That is what templates are made of; a filter that reaches attributes or builds strings
 * (`attr`, `format`, `join`, `map`…), call parentheses, or anything else is an expression.
 */
function plainFilterChain(s: i32, e: i32): bool {
  let k = s;
  while (k < e && isSpace(dAt(k))) k++;
  if (k < e && dAt(k) == 0x24) k++;
  const braced = k < e && dAt(k) == 0x7b && dAt(k - 1) == 0x24;
  if (braced) k++;
  const b0 = k;
  while (k < e && isNameByte(dAt(k))) k++;
  if (k == b0 || isDigit(dAt(b0))) return false;
  if (braced) {
    if (k >= e || dAt(k) != 0x7d) return false;
    k++;
  }
  let filters = 0;
  while (true) {
    while (k < e && isSpace(dAt(k))) k++;
    if (k >= e) return filters > 0;
    if (dAt(k) != 0x7c) return false;
    k++;
    while (k < e && isSpace(dAt(k))) k++;
    const f = k;
    while (k < e && isWord(dAt(k))) k++;
    if (k == f) return false;
    const risky = wordIn(f, k, KW_RISKY_FILTER, KW_RISKY_FILTER_COUNT);
    filters++;
    while (k < e && isSpace(dAt(k))) k++;
    // A risky filter's arguments after a colon are Liquid's or Django's syntax (see the reference).
    if (risky && !(k < e && dAt(k) == 0x3a)) return false;
    if (k < e && dAt(k) == 0x3a) {
      k++;
      // Arguments up to the next filter: quoted strings, numbers, names, commas.
      while (k < e && dAt(k) != 0x7c) {
        const c = dAt(k);
        if (c == 0x22 || c == 0x27) {
          k = plainLiteralEnd(k, e, 0x28);
          if (k < 0) return false;
        } else if (isNameByte(c) || isSpace(c) || c == 0x2c || c == 0x2d) k++;
        else return false;
      }
    }
  }
}

/**
 * The body D[s..e) of a control-flow tag (`{% if discount %}`, `{% for item in order.items %}`)
 * is code of its own: a dunder, a call or an index, a backtick, a brace, arithmetic between
 * numbers, or a condition that is nothing but a literal (`{% if True %}`, `{% if 1 %}`: a probe
 * for evaluation; no template author writes one).
 */
function controlTagInjects(s: i32, e: i32): bool {
  if (plainCalls(s, e)) return false;
  for (let k = s; k < e; k++) {
    const b = dAt(k);
    if (b == 0x28 || b == 0x5b || b == 0x60 || b == 0x7b) return true;
    if (dunderAt(k, e)) return true;
  }
  if (arithmeticInside(s, e)) return true;
  let a = s;
  while (a < e && (isSpace(dAt(a)) || dAt(a) == 0x2d)) a++;
  let z = e;
  while (z > a && (isSpace(dAt(z - 1)) || dAt(z - 1) == 0x2d)) z--;
  if (z == a) return false;
  let digits = true;
  for (let k = a; k < z; k++) if (!isDigit(dAt(k))) digits = false;
  return (
    digits ||
    wordIs(a, z, KW_TRUE) ||
    wordIs(a, z, KW_FALSE) ||
    wordIn(a, z, KW_TEMPLATE_LITERAL, KW_TEMPLATE_LITERAL_COUNT)
  );
}

/** See the reference: the end of a plain name at k, or -1 for a dunder or a risky name. */
function plainNameEnd(k: i32, e: i32): i32 {
  const ws = k;
  while (k < e && isWord(dAt(k))) {
    if (dunderAt(k, e)) return -1;
    k++;
  }
  if (wordIn(ws, k, KW_RISKY_FILTER, KW_RISKY_FILTER_COUNT) || wordIn(ws, k, KW_RISKY_CALL, KW_RISKY_CALL_COUNT) || wordIn(ws, k, KW_LOOKUP, KW_LOOKUP_COUNT))
    return -1;
  return k;
}

/** See the reference: `{% set name = value %}` assigning names, numbers, lists and plain filters. */
function plainSet(s: i32, e: i32): bool {
  let k = s;
  while (k < e && isSpace(dAt(k))) k++;
  const name = k;
  while (k < e && (isWord(dAt(k)) || dAt(k) == 0x2e)) k++;
  if (k == name) return false;
  while (k < e && isSpace(dAt(k))) k++;
  if (k + 1 >= e || dAt(k) != 0x3d || dAt(k + 1) == 0x3d) return false;
  k++;
  if (arithmeticInside(k, e)) return false;
  let depth = 0;
  let filter = false;
  let values = 0;
  while (k < e) {
    const b = dAt(k);
    if (isSpace(b)) k++;
    else if (b == 0x22 || b == 0x27) {
      if (depth == 0) return false;
      k = plainLiteralEnd(k, e, 0x5c);
      if (k < 0) return false;
    } else if (isAlpha(b)) {
      k = plainNameEnd(k, e);
      if (k < 0) return false;
      if (k < e && dAt(k) == 0x28) {
        if (!filter) return false;
        depth++;
        k++;
      }
      filter = false;
      values++;
    } else if (b == 0x7c) {
      filter = true;
      k++;
    } else if (b == 0x29) {
      if (depth == 0) return false;
      depth--;
      k++;
    } else if (isDigit(b) || b == 0x2e || b == 0x2c || b == 0x2b || b == 0x2d || b == 0x2a || b == 0x2f || b == 0x5b || b == 0x5d) k++;
    else return false;
  }
  return depth == 0 && values > 0;
}

/** See the reference: the `{% set %}` tag ending its keyword at e closes with `%}` and assigns plainly. */
function setTagPlain(e: i32): bool {
  const n = St.dLen;
  let z = e;
  while (z + 1 < n && z - e < 1024 && !(dAt(z) == 0x25 && dAt(z + 1) == 0x7d)) z++;
  return z + 1 < n && dAt(z) == 0x25 && dAt(z + 1) == 0x7d && plainSet(e, z);
}

/** The end (past its closing quote) of the quoted literal opening at D[k], or -1 (see the reference). */
function plainLiteralEnd(k: i32, e: i32, also: i32): i32 {
  const q = dAt(k);
  let i = k + 1;
  while (i < e && dAt(i) != q) {
    const x = dAt(i);
    if (x == 0x7b || x == also || (x == 0x5f && i + 1 < e && dAt(i + 1) == 0x5f)) return -1;
    i++;
  }
  return i >= e ? -1 : i + 1;
}

/**
 * D[s..e) is a name with FreeMarker's default operator and a plain string after it
 * (`candidate.salutation!""`, `user.title!'Member'`): a placeholder, whatever the quote.
 */
function defaultedName(s: i32, e: i32): bool {
  let k = s;
  if (k >= e || !isAlpha(dAt(k))) return false;
  while (k < e && (isWord(dAt(k)) || dAt(k) == 0x2e)) {
    if (dunderAt(k, e)) return false;
    k++;
  }
  if (k + 1 >= e || dAt(k) != 0x21 || (dAt(k + 1) != 0x22 && dAt(k + 1) != 0x27)) return false;
  k = plainLiteralEnd(k + 1, e, 0x5c);
  if (k < 0) return false;
  while (k < e && isSpace(dAt(k))) k++;
  return k == e;
}

/** Arithmetic between two numbers in D[s..e) (`7*7`, `7 + 7`). */
function arithmeticInside(s: i32, e: i32): bool {
  for (let k = s + 1; k < e; k++) {
    const b = dAt(k);
    if (!(b == 0x2a || b == 0x2b || b == 0x2f || b == 0x25 || b == 0x2d || b == 0x7e)) continue;
    let p = k - 1;
    while (p > s && isSpace(dAt(p))) p--;
    let q = k + 1;
    while (q < e && isSpace(dAt(q))) q++;
    if (isDigit(dAt(p)) && q < e && isDigit(dAt(q))) return true;
  }
  return false;
}

/**
 * D[s..e) is template code made of plain calls (`states('sensor.kitchen')`, `is_state('door', 'on')`,
 * `float(0)`, `now()`) with names, filters, comparisons and arithmetic on them: Home Assistant's and
 * Ansible's everyday templates. Not: a dunder, a backslash escape or a brace in a string, an index, a
 * method call (`config.items()`), anything chained after a call (`x().y`), a risky filter or
 * function (`attr`, `join`, `include`, `self`, `config`…), or arithmetic between two numbers (`7*7`).
 */
function plainCalls(s: i32, e: i32): bool {
  if (arithmeticInside(s, e)) return false;
  let k = s;
  let depth = 0;
  let calls = 0;
  while (k < e) {
    const b = dAt(k);
    if (isSpace(b)) {
      k++;
      continue;
    }
    if (b == 0x22 || b == 0x27) {
      k = plainLiteralEnd(k, e, 0x5c);
      if (k < 0) return false;
      continue;
    }
    if (isAlpha(b) || b == 0x5f) {
      const ws = k;
      k = plainNameEnd(k, e);
      if (k < 0) return false;
      if (k < e && dAt(k) == 0x28) {
        if (ws > s && dAt(ws - 1) == 0x2e) return false;
        calls++;
        depth++;
        k++;
      }
      continue;
    }
    if (b == 0x28) {
      depth++;
      k++;
      continue;
    }
    if (b == 0x29) {
      if (depth == 0) return false;
      depth--;
      k++;
      let q = k;
      while (q < e && isSpace(dAt(q))) q++;
      if (q < e && (dAt(q) == 0x2e || dAt(q) == 0x5b)) return false;
      continue;
    }
    if (
      isDigit(b) ||
      b == 0x2e ||
      b == 0x2c ||
      b == 0x7c ||
      b == 0x2b ||
      b == 0x2d ||
      b == 0x2a ||
      b == 0x2f ||
      b == 0x25 ||
      b == 0x3c ||
      b == 0x3e ||
      b == 0x3d ||
      b == 0x21 ||
      b == 0x7e ||
      b == 0x3a
    ) {
      k++;
      continue;
    }
    return false;
  }
  return depth == 0 && calls > 0;
}

/** A MediaWiki template call's body D[s..e) (mirrors the reference's wikiTemplate). */
function wikiTemplate(s: i32, e: i32): bool {
  let k = s;
  while (k < e && isSpace(dAt(k))) k++;
  if (k >= e || !isAlpha(dAt(k))) return false;
  let named = false;
  for (; k < e; k++) {
    const b = dAt(k);
    if (dunderAt(k, e)) return false;
    if (b == 0x5c && k + 1 < e && fold(dAt(k + 1)) == 0x78) return false;
    if (b != 0x7c) continue;
    let f = k + 1;
    while (f < e && isSpace(dAt(f))) f++;
    let z = f;
    while (z < e && (isWord(dAt(z)) || dAt(z) == 0x2d || dAt(z) == 0x20)) z++;
    if (z < e && dAt(z) == 0x28) return false;
    if (z > f && z < e && dAt(z) == 0x3d && !(z + 1 < e && dAt(z + 1) == 0x3d)) named = true;
  }
  return named;
}

/** A text byte of a MediaWiki template's positional argument (mirrors the reference's wikiTextByte). */
function wikiTextByte(b: i32): bool {
  return (
    isWord(b) ||
    b >= 0x80 ||
    b == 0x20 ||
    b == 0x27 ||
    b == 0x2c ||
    b == 0x2e ||
    b == 0x2d ||
    b == 0x3a ||
    b == 0x2f ||
    b == 0x26 ||
    b == 0x21 ||
    b == 0x3f
  );
}

/** A MediaWiki template with positional text arguments (mirrors the reference's wikiPositional). */
function wikiPositional(s: i32, e: i32): bool {
  let k = s;
  while (k < e && isSpace(dAt(k))) k++;
  if (k >= e || !isAlpha(dAt(k))) return false;
  let parts = 0;
  let f = k;
  for (; k <= e; k++) {
    if (k < e && dAt(k) != 0x7c) {
      if (!wikiTextByte(dAt(k)) || dunderAt(k, e)) return false;
      continue;
    }
    if (parts > 0) {
      let a = f;
      while (a < k && isSpace(dAt(a))) a++;
      let z = a;
      while (z < k && isWord(dAt(z))) z++;
      if (wordIn(a, z, KW_RISKY_FILTER, KW_RISKY_FILTER_COUNT)) return false;
    }
    parts++;
    f = k + 1;
  }
  return parts > 1;
}

/** A MediaWiki parser function, `{{#name:…` (mirrors the reference's wikiParserFunction). */
function wikiParserFunction(s: i32, e: i32): bool {
  if (dAt(s) != 0x23) return false;
  let k = s + 1;
  while (k < e && dAt(k) >= 0x61 && dAt(k) <= 0x7a) k++;
  if (k - s < 3 || k >= e || dAt(k) != 0x3a) return false;
  for (k++; k < e; k++) {
    const b = dAt(k);
    if (b == 0x28 || b == 0x5b || b == 0x22 || b == 0x60 || b == 0x24 || b == 0x25 || b == 0x5c) return false;
    if (dunderAt(k, e)) return false;
  }
  return true;
}

/** A triple brace's body D[s..e) injects (mirrors the reference's tripleInjects). */
function tripleInjects(s: i32, e: i32): bool {
  if (!hasWordByte(s, e) && arithmeticInside(s, e)) return true;
  for (let k = s; k < e; k++) {
    const b = dAt(k);
    if (dunderAt(k, e)) return true;
    if (b == 0x5c && k + 3 < e && fold(dAt(k + 1)) == 0x78 && dAt(k + 2) == 0x35 && fold(dAt(k + 3)) == 0x66) return true;
    if (b == 0x7c) {
      let f = k + 1;
      while (f < e && isSpace(dAt(f))) f++;
      let z = f;
      while (z < e && isWord(dAt(z))) z++;
      if (wordIn(f, z, KW_RISKY_FILTER, KW_RISKY_FILTER_COUNT)) return true;
    }
  }
  return false;
}

function razorProduct(s: i32): bool {
  const n = St.dLen;
  let k = s;
  while (k < n && isSpace(dAt(k))) k++;
  const a = k;
  while (k < n && isDigit(dAt(k))) k++;
  if (k == a) return false;
  while (k < n && isSpace(dAt(k))) k++;
  if (k >= n || dAt(k) != 0x2a) return false;
  k++;
  while (k < n && isSpace(dAt(k))) k++;
  const b = k;
  while (k < n && isDigit(dAt(k))) k++;
  if (k == b) return false;
  while (k < n && isSpace(dAt(k))) k++;
  return k < n && dAt(k) == 0x29;
}

function plainHelperCall(s: i32, e: i32): bool {
  let k = s;
  while (k < e && isSpace(dAt(k))) k++;
  const h = k;
  while (k < e && isWord(dAt(k))) k++;
  if (k == h || isDigit(dAt(h)) || riskyHelper(h, k)) return false;
  const printing = wordIn(h, k, KW_PRINT, KW_PRINT_COUNT);
  let args = 0;
  let names = 0;
  while (true) {
    const gap = k;
    while (k < e && isSpace(dAt(k))) k++;
    if (k >= e) return args > 0 && (!printing || names > 0);
    if (dAt(k) == 0x7c && args > 0) {
      k++;
      while (k < e && isSpace(dAt(k))) k++;
      const f = k;
      while (k < e && isWord(dAt(k))) k++;
      if (k == f || wordIn(f, k, KW_RISKY_FILTER, KW_RISKY_FILTER_COUNT)) return false;
      continue;
    }
    if (k == gap) return false;
    const c = dAt(k);
    if (c == 0x22 || c == 0x27) {
      k = plainLiteralEnd(k, e, 0x28);
      if (k < 0) return false;
    } else {
      if (c == 0x2e) return false;
      if (c == 0x24) k++;
      const a = k;
      while (k < e && (isNameByte(dAt(k)) || dAt(k) == 0x2d)) {
        if (dunderAt(k, e)) return false;
        k++;
      }
      if (k == a || riskyHelper(a, k)) return false;
      if (!isDigit(dAt(a))) names++;
      if (k < e && dAt(k) == 0x3d) {
        k++;
        if (k < e && (dAt(k) == 0x22 || dAt(k) == 0x27)) {
          k = plainLiteralEnd(k, e, 0x28);
          if (k < 0) return false;
        } else {
          if (k < e && dAt(k) == 0x24) k++;
          for (; k < e && isNameByte(dAt(k)); k++) if (dunderAt(k, e)) return false;
        }
      }
    }
    args++;
  }
  return false;
}

function riskyHelper(s: i32, e: i32): bool {
  let w = s;
  while (w < e && isWord(dAt(w))) w++;
  if (w < e && dAt(w) == 0x2e && w - s == 2 && fold(dAt(s)) == 0x6f && fold(dAt(s + 1)) == 0x73) return true;
  return (
    wordIn(s, w, KW_RISKY_FILTER, KW_RISKY_FILTER_COUNT) ||
    wordIn(s, w, KW_LOOKUP, KW_LOOKUP_COUNT) ||
    wordIn(s, w, KW_TEMPLATE_RISKY, KW_TEMPLATE_RISKY_COUNT)
  );
}

function marketoToken(s: i32, e: i32): bool {
  let k = s;
  while (k < e && isAlpha(dAt(k))) k++;
  if (k == s || k >= e || dAt(k) != 0x2e) return false;
  k++;
  const f = k;
  while (k < e && (isWord(dAt(k)) || dAt(k) == 0x20 || dAt(k) == 0x2d)) {
    // See the reference: a field is no Python attribute.
    if (dunderAt(k, e)) return false;
    k++;
  }
  if (k == f) return false;
  if (k == e) return true;
  if (!(dAt(k) == 0x3a && k + 8 < e && fold(dAt(k + 1)) == 0x64 && dAt(k + 8) == 0x3d)) return false;
  for (k += 9; k < e; k++) {
    const c = dAt(k);
    if (c == 0x7b || c == 0x7d || c == 0x28 || c == 0x22 || c == 0x27 || c == 0x24) return false;
  }
  return true;
}

/** See the reference: an XWiki script macro (`{{groovy}}`) the same value closes later. */
function wikiScriptMacro(s: i32, e: i32): bool {
  let k = s;
  while (k < e && isAlpha(dAt(k))) k++;
  if (k == s || (k < e && !isSpace(dAt(k))) || !wordIn(s, k, KW_WIKI_SCRIPT, KW_WIKI_SCRIPT_COUNT)) return false;
  const n = St.dLen;
  const len = k - s;
  for (let j = e + 2; j + len + 3 < n; j++) {
    if (dAt(j) != 0x7b || dAt(j + 1) != 0x7b || dAt(j + 2) != 0x2f) continue;
    let same = true;
    for (let m = 0; m < len && same; m++) same = fold(dAt(j + 3 + m)) == fold(dAt(s + m));
    if (same && dAt(j + 3 + len) == 0x7d) return true;
  }
  return false;
}

/** A `{{name` right after a `|` within D[s..e) (mirrors the reference's nestedWikiCall). */
function nestedWikiCall(s: i32, e: i32): i32 {
  for (let k = s + 1; k + 2 < e; k++) if (dAt(k) == 0x7b && dAt(k + 1) == 0x7b && dAt(k - 1) == 0x7c && isAlpha(dAt(k + 2))) return k;
  return -1;
}

function templates(): void {
  const n = St.dLen;
  braceBudget = 65536;
  let close = -1;
  let inBackticks = false;
  for (let i = 0; i + 1 < n; i++) {
    const b = dAt(i);
    const c = dAt(i + 1);
    if (b == 0x60) inBackticks = !inBackticks;
    if (b == 0x24 && inBackticks) continue;
    if (b == 0x7b && c == 0x7b) {
      if (close < i + 2) {
        close = i + 2;
        while (close + 1 < n && !(dAt(close) == 0x7d && dAt(close + 1) == 0x7d)) close++;
        if (close + 1 >= n) close = n;
      }
      if (close < n && close - i < 1024) {
        const e = close;
        const inner = nestedWikiCall(i + 2, e);
        if (inner > 0 && wikiPositional(i + 2, inner)) {
          emit(R_TEMPLATE_PLAIN);
          i = inner - 1;
          continue;
        }
        if (wikiScriptMacro(i + 2, e)) emit(R_TEMPLATE_INJECTION);
        else if (dAt(i + 2) == 0x7b) emit(tripleInjects(i + 3, e) ? R_TEMPLATE_INJECTION : R_TEMPLATE_PLAIN);
        else if (plainFilterChain(i + 2, e) || plainCalls(i + 2, e) || wikiTemplate(i + 2, e) || wikiPositional(i + 2, e) || wikiParserFunction(i + 2, e) || plainHelperCall(i + 2, e) || marketoToken(i + 2, e)) emit(R_TEMPLATE_PLAIN);
        else if (expressionInside(i + 2, e, true)) emit(R_TEMPLATE_INJECTION);
        else if (hasWordByte(i + 2, e)) emit(R_TEMPLATE_PLAIN);
        i = e + 1;
      }
    } else if (b == 0x7b && c == 0x25) {
      let k = i + 2;
      while (k < n && (isSpace(dAt(k)) || dAt(k) == 0x2d)) k++;
      let e = k;
      while (e < n && isAlpha(dAt(e))) e++;
      const w = lookupWord(D, k, e);
      if (w >= 0 && (wordMisc(w) & MISC_TEMPLATE) != 0) {
        if (wordIs(k, e, KW_IF) || wordIs(k, e, KW_FOR) || wordIn(k, e, KW_TEMPLATE_CONTROL, KW_TEMPLATE_CONTROL_COUNT)) {
          let z = e;
          while (z + 1 < n && z - e < 1024 && !(dAt(z) == 0x25 && dAt(z + 1) == 0x7d)) z++;
          emit(controlTagInjects(e, z) ? R_TEMPLATE_INJECTION : R_TEMPLATE_PLAIN);
        } else if (wordIs(k, e, KW_SET) && setTagPlain(e)) emit(R_TEMPLATE_PLAIN);
        else emit(R_TEMPLATE_INJECTION);
      }
    } else if ((b == 0x24 || b == 0x23 || b == 0x2a) && c == 0x7b) {
      const e = closeBrace(i + 1);
      if (e < 0) continue;
      let k = i + 2;
      while (k < e && isSpace(dAt(k))) k++;
      if (b == 0x24 && k < e && (dAt(k) == 0x27 || dAt(k) == 0x22)) emit(R_PHP_VARVAR);
      else if (b == 0x24 && defaultedName(k, e)) emit(R_TEMPLATE_PLAIN);
      else if (expressionInside(i + 2, e, false)) emit(R_TEMPLATE_INJECTION);
      else if (hasWordByte(i + 2, e) && !hasColonLookup(i + 2, e)) emit(R_TEMPLATE_PLAIN);
    } else if (b == 0x3c && c == 0x25) {
      const k = i + 2;
      if (k < n && (dAt(k) == 0x3d || dAt(k) == 0x2d || dAt(k) == 0x40 || isSpace(dAt(k)))) {
        let e = k;
        while (e + 1 < n && !(dAt(e) == 0x25 && dAt(e + 1) == 0x3e)) e++;
        // A name or call (<%= user.name %>), or arithmetic probing for evaluation (<%= 7*7 %>).
        if (hasWordByte(k, e) || expressionInside(k + 1, e, false)) emit(R_TEMPLATE_INJECTION);
      }
    } else if (b == 0x3c && c == 0x23 && i + 2 < n && isAlpha(dAt(i + 2))) {
      // FreeMarker: control flow (`<#if offer.equity??>`, `<#list items as it>`) is judged by its body up
      // to `>`, as a Jinja tag is; the other directives (`<#assign ex="…Execute"?new()>`) by their keyword.
      const k = i + 2;
      let e = k;
      while (e < n && isAlpha(dAt(e))) e++;
      if (
        wordIs(k, e, KW_IF) ||
        wordIn(k, e, KW_TEMPLATE_CONTROL, KW_TEMPLATE_CONTROL_COUNT) ||
        wordIn(k, e, KW_FTL_CONTROL, KW_FTL_CONTROL_COUNT)
      ) {
        let z = e;
        while (z < n && z - e < 1024 && dAt(z) != 0x3e) z++;
        emit(controlTagInjects(e, z) ? R_TEMPLATE_INJECTION : R_TEMPLATE_PLAIN);
      } else emit(R_TEMPLATE_INJECTION);
    } else if (b == 0x40 && c == 0x7b) {
      let k = i + 2;
      while (k < n && isSpace(dAt(k))) k++;
      if (k < n && dAt(k) == 0x5b) emit(R_PERL_INTERP);
    } else if (b == 0x40 && c == 0x28 && razorProduct(i + 2)) {
      emit(R_TEMPLATE_INJECTION);
    } else if (b == 0x23 && (c | 0x20) == 0x73 && i + 4 < n && fold(dAt(i + 2)) == 0x65 && fold(dAt(i + 3)) == 0x74) {
      let k = i + 4;
      while (k < n && isSpace(dAt(k))) k++;
      if (k < n && dAt(k) == 0x28) emit(R_TEMPLATE_INJECTION); // Velocity #set(
    }
  }
}

/** `${env:X}`-style lookups are the Java detector's. */
function hasColonLookup(s: i32, e: i32): bool {
  let k = s;
  while (k < e && isAlpha(dAt(k))) k++;
  return k > s && k < e && dAt(k) == 0x3a;
}

/** PHP open tags, bbcode/smarty php blocks. */
function phpTags(): void {
  const n = St.dLen;
  for (let i = 0; i + 1 < n; i++) {
    if (dAt(i) == 0x3c && dAt(i + 1) == 0x3f) {
      const k = i + 2;
      if (k >= n || dAt(k) == 0x3d || isSpace(dAt(k))) {
        emit(R_PHP_OPEN_TAG);
        return;
      }
      const p = fold(dAt(k));
      if (p == 0x70 && k + 2 < n && fold(dAt(k + 1)) == 0x68 && fold(dAt(k + 2)) == 0x70) {
        emit(R_PHP_OPEN_TAG);
        return;
      }
      if (p == 0x78 && k + 2 < n && fold(dAt(k + 1)) == 0x6d && fold(dAt(k + 2)) == 0x6c) {
        // <?xml: a real declaration goes on with version/encoding/standalone or ?>.
        let q = k + 3;
        if (q < n && (isAlpha(dAt(q)) || dAt(q) == 0x2d)) continue;
        while (q < n && isSpace(dAt(q))) q++;
        const f = q < n ? fold(dAt(q)) : 0;
        if (!(f == 0x76 || f == 0x65 || f == 0x73 || f == 0x3f)) {
          emit(R_PHP_OPEN_TAG);
          return;
        }
      }
    }
    if ((dAt(i) == 0x5b || dAt(i) == 0x7b) && i + 4 < n) {
      let k = i + 1;
      if (dAt(k) == 0x2f) k++;
      const close = dAt(i) == 0x5b ? 0x5d : 0x7d;
      if (
        k + 3 < n &&
        fold(dAt(k)) == 0x70 &&
        fold(dAt(k + 1)) == 0x68 &&
        fold(dAt(k + 2)) == 0x70 &&
        dAt(k + 3) == close
      ) {
        emit(R_PHP_OPEN_TAG);
        return;
      }
    }
  }
}

/** PHP serialized values: O:<len>:"<class>":<n>:{ and a:<n>:{i:…/s:…. */
function phpSerialized(): void {
  const n = St.dLen;
  for (let i = 0; i + 4 < n; i++) {
    const t = fold(dAt(i));
    if ((t != 0x6f && t != 0x63) || dAt(i + 1) != 0x3a) continue;
    if (i > 0 && isWord(dAt(i - 1))) continue;
    let k = i + 2;
    if (dAt(k) == 0x2b) k++;
    const ds = k;
    while (k < n && isDigit(dAt(k))) k++;
    if (k == ds || k >= n || dAt(k) != 0x3a) continue;
    k++;
    if (k + 1 < n && dAt(k) == 0x5c && dAt(k + 1) == 0x22) k++;
    if (k >= n || dAt(k) != 0x22) continue;
    k++;
    while (k < n && dAt(k) != 0x22) k++;
    if (k + 2 >= n || dAt(k + 1) != 0x3a) continue;
    k += 2;
    const d2 = k;
    while (k < n && isDigit(dAt(k))) k++;
    if (k > d2 && k + 1 < n && dAt(k) == 0x3a && dAt(k + 1) == 0x7b) {
      emit(R_PHP_SERIALIZED);
      return;
    }
  }
}

/** while(true) / while(1) / while(this) / while(-Infinity)… followed by ; or {. */
function jsLoop(e: i32): void {
  const n = St.dLen;
  let k = e;
  while (k < n && isSpace(dAt(k))) k++;
  if (k >= n || dAt(k) != 0x28) return;
  let j = k + 1;
  while (j < n && j - k < 40 && dAt(j) != 0x29) j++;
  if (j >= n || dAt(j) != 0x29) return;
  // The condition must be a constant: no comparison and no variable-looking identifier besides known constants.
  let s = k + 1;
  while (s < j && (isSpace(dAt(s)) || dAt(s) == 0x2b || dAt(s) == 0x2d || dAt(s) == 0x21)) s++;
  let q = s;
  while (q < j && (isWord(dAt(q)) || isSpace(dAt(q)) || dAt(q) == 0x5b || dAt(q) == 0x5d)) q++;
  if (q != j || s == j) return;
  const f = fold(dAt(s));
  const constant =
    isDigit(dAt(s)) ||
    dAt(s) == 0x5b ||
    (f == 0x74 && j - s >= 4) || // true, this
    (f == 0x69 && j - s >= 8) || // infinity
    (f == 0x6e && j - s >= 3); // new Date
  if (!constant) return;
  let a = j + 1;
  while (a < n && isSpace(dAt(a))) a++;
  if (a >= n || dAt(a) == 0x3b || dAt(a) == 0x7b) emit(R_JS_DOS);
}

/** `|| this.x` / `&& this.x`: JavaScript conditions aimed at a $where clause. */
function codeOperand(i: i32, after: i32): bool {
  if (after < St.dLen && dAt(after) == 0x23) return true;
  let k = i;
  while (k > 0 && isSpace(dAt(k - 1))) k--;
  if (k == 0) return false;
  const p = dAt(k - 1);
  if (p == 0x29 || p == 0x5d) return true;
  let letter = false;
  while (k > 0 && (isWord(dAt(k - 1)) || dAt(k - 1) == 0x24)) {
    if (!isDigit(dAt(k - 1))) letter = true;
    k--;
  }
  return letter;
}

function nosqlJs(): void {
  const n = St.dLen;
  for (let i = 0; i + 6 < n; i++) {
    const b = dAt(i);
    if ((b != 0x7c && b != 0x26) || dAt(i + 1) != b) continue;
    let k = i + 2;
    while (k < n && isSpace(dAt(k))) k++;
    if (
      k + 4 < n &&
      fold(dAt(k)) == 0x74 &&
      fold(dAt(k + 1)) == 0x68 &&
      fold(dAt(k + 2)) == 0x69 &&
      fold(dAt(k + 3)) == 0x73 &&
      (dAt(k + 4) == 0x2e || dAt(k + 4) == 0x5b) &&
      !codeOperand(i, k + 5)
    ) {
      emit(R_NOSQL_JS);
      return;
    }
  }
}

/** The byte at i is a (or b; i within the value). */
function afterIs(i: i32, a: i32, b: i32 = a): bool {
  return i < St.dLen && (dAt(i) == a || dAt(i) == b);
}

/** Keyword k (tables/keywords.ts) at i as a whole word: no word byte follows it. */
function wordAt(i: i32, k: i32): bool {
  const e = i + kwLen(k);
  return kwAt(i, k) && (e >= St.dLen || !isWord(dAt(e)));
}

/**
 * An operator written as an object member right after a string or a number the value broke out of
 * (`a', $where: '1 == 1`, `1, $ne: 1`): a query the application builds by pasting the value into
 * its JavaScript object literal takes it as a member.
 */
function memberAfterBreakout(s: i32, e: i32): bool {
  const n = St.dLen;
  let k = e;
  while (k < n && isSpace(dAt(k))) k++;
  if (k >= n || dAt(k) != 0x3a) return false;
  let b = s - 1;
  while (b >= 0 && isSpace(dAt(b))) b--;
  if (b < 0 || dAt(b) != 0x2c) return false;
  b--;
  while (b >= 0 && (isSpace(dAt(b)) || dAt(b) == 0x7d || dAt(b) == 0x5d)) b--;
  return b >= 0 && (dAt(b) == 0x27 || dAt(b) == 0x22 || isDigit(dAt(b)));
}

/** Where the code after `;` at i starts, when what precedes it closed a string or a number at the start; else -1. */
function afterBreakout(i: i32): i32 {
  let p = i;
  while (p > 0 && isSpace(dAt(p - 1))) p--;
  if (p == 0) return -1;
  const b = dAt(p - 1);
  if (b != 0x22 && b != 0x27 && b != 0x60) {
    // `0;return true`: a number alone before the `;`.
    while (p > 0 && isDigit(dAt(p - 1))) p--;
    while (p > 0 && isSpace(dAt(p - 1))) p--;
    if (p != 0 || !isDigit(b)) return -1;
  }
  let k = i + 1;
  while (k < St.dLen && isSpace(dAt(k))) k++;
  return k;
}

/**
 * A JavaScript statement after a string or number is closed: `'; return
 * true; var x='`, `0;return this.a`, `"; var y="`, aimed at a MongoDB
 * $where or a server-side eval. `return` must return a JavaScript value
 * (true, false, this., db., !, sleep(); prose ("'; return the item") does not.
 */
function jsBreakout(): void {
  const n = St.dLen;
  for (let i = 0; i + 4 < n; i++) {
    if (dAt(i) != 0x3b) continue;
    const k = afterBreakout(i);
    if (k < 0) continue;
    if (wordAt(k, KW_RETURN)) {
      let v = k + kwLen(KW_RETURN);
      while (v < n && isSpace(dAt(v))) v++;
      if (
        wordAt(v, KW_TRUE) ||
        wordAt(v, KW_FALSE) ||
        (wordAt(v, KW_THIS) && afterIs(v + kwLen(KW_THIS), 0x2e, 0x5b)) ||
        (wordAt(v, KW_DB) && afterIs(v + kwLen(KW_DB), 0x2e)) ||
        (wordAt(v, KW_SLEEP) && afterIs(v + kwLen(KW_SLEEP), 0x28)) ||
        (v < n && dAt(v) == 0x21)
      ) {
        emit(R_NOSQL_JS);
        return;
      }
    } else {
      const decl = wordAt(k, KW_VAR) ? KW_VAR : wordAt(k, KW_LET) ? KW_LET : wordAt(k, KW_CONST) ? KW_CONST : -1;
      if (decl < 0) continue;
      let j = k + kwLen(decl);
      const s = j;
      while (j < n && isSpace(dAt(j))) j++;
      if (j == s) continue;
      const name = j;
      while (j < n && (isWord(dAt(j)) || dAt(j) == 0x24)) j++;
      if (j == name) continue;
      while (j < n && isSpace(dAt(j))) j++;
      if (j >= n || dAt(j) != 0x3d) continue;
      j++;
      while (j < n && isSpace(dAt(j))) j++;
      if (j < n && (dAt(j) == 0x22 || dAt(j) == 0x27 || dAt(j) == 0x60)) {
        emit(R_NOSQL_JS);
        return;
      }
    }
  }
}

function methodCall(s: i32): bool {
  if (s < 2 || dAt(s - 1) != 0x2e || !isWord(dAt(s - 2))) return false;
  let k = s - 2;
  while (k > 0 && isWord(dAt(k - 1))) k--;
  return !(k > 0 && dAt(k - 1) == 0x24);
}

/** See the reference: a name ending at e that prose talks about (a blank and a word after it, or `?`, `,`, `!`). */
function namedInProse(e: i32): bool {
  const n = St.dLen;
  if (e >= n) return false;
  const b = dAt(e);
  if (b == 0x3f || b == 0x2c || b == 0x21) return true;
  let k = e;
  while (k < n && dAt(k) == 0x20) k++;
  return k > e && k < n && isAlpha(dAt(k));
}

/** See the reference: before s (blanks skipped), one of Apache's directives that set PHP's configuration. */
function apacheDirectiveBefore(s: i32): bool {
  let k = s;
  while (k > 0 && (dAt(k - 1) == 0x20 || dAt(k - 1) == 0x09)) k--;
  if (k == s) return false;
  for (let m = KW_APACHE_PHP; m < KW_APACHE_PHP + KW_APACHE_PHP_COUNT; m++) {
    const a = k - kwLen(m);
    if (a >= 0 && !(a > 0 && isWord(dAt(a - 1))) && kwAt(a, m)) return true;
  }
  return false;
}

/** See the reference: from e to the next `<`, a `/`, a `\` or a `.` within 256 bytes. */
function includedPath(e: i32): bool {
  const n = St.dLen;
  for (let k = e; k < n && k < e + 256; k++) {
    const b = dAt(k);
    if (b == 0x3c) return false;
    if (b == 0x2f || b == 0x5c || b == 0x2e) return true;
  }
  return false;
}

export function detectCode(kind: i32): void {
  const n = St.dLen;
  for (let h = 0; h < St.hits; h++) {
    const p = hitPat(h);
    const g = patGroup(p);
    const s = hitStart(h);
    const e = s + patOff(p + 1) - patOff(p);
    const code = patCode(p);
    if (g == G_PHP_HIGHRISK) emit(R_PHP_HIGHRISK_FUNC);
    else if (g == G_PHP_FUNC) {
      if (!methodCall(s) && phpCalled(e, code != PHPF_CODE)) {
        const args = code == PHPF_WORD || code == PHPF_INCLUDE ? phpArgs(phpArgPos) : 2;
        if (args == 2 || (code == PHPF_WORD && args == 1)) emit(R_PHP_FUNC_CALL);
      } else if (code == PHPF_INCLUDE && !methodCall(s) && includeStatement(e)) emit(R_PHP_FUNC_CALL);
    } else if (g == G_PHP_SUPERGLOBAL) emit(R_PHP_SUPERGLOBAL);
    else if (g == G_PHP_INI) {
      let k = e;
      while (k < n && isSpace(dAt(k))) k++;
      if ((k < n && dAt(k) == 0x3d) || apacheDirectiveBefore(s)) emit(R_PHP_INI);
    } else if (g == G_NODE) {
      if (code == NODE_STRONG || code == NODE_INDEX) emit(R_NODE_INJECTION);
      else if (code == NODE_CALL) {
        // require('child_process' | 'fs' | 'vm' | 'os' | 'net' …): a core module that runs or reads things.
        let k = e;
        while (k < n && isSpace(dAt(k))) k++;
        if (k < n && (dAt(k) == 0x22 || dAt(k) == 0x27 || dAt(k) == 0x60)) {
          let q = k + 1;
          if (q + 5 < n && dAt(q) == 0x6e && dAt(q + 1) == 0x6f && dAt(q + 2) == 0x64 && dAt(q + 3) == 0x65 && dAt(q + 4) == 0x3a) q += 5;
          let j = q;
          while (j < n && (isWord(dAt(j)) || dAt(j) == 0x2f)) j++;
          const w = lookupWord(D, q, j);
          if (j < n && dAt(j) == dAt(k) && w >= 0 && (wordTag(w) & TAG_NODE_MODULE) != 0) emit(R_NODE_INJECTION);
        }
      }
    } else if (g == G_PROTO) {
      if (!namedInProse(e)) emit(R_PROTO_POLLUTION);
    }
    else if (g == G_SSI) {
      if (code != SSI_PATH_TAG || includedPath(e)) emit(R_SSI);
    }
    else if (g == G_RUBY) emit(R_RUBY_INJECTION);
    else if (g == G_PYTHON) emit(R_PYTHON_INJECTION);
    else if (g == G_MONGO) {
      const lead = s <= 2 && (s == 0 || dAt(s - 1) == 0x5b || dAt(s - 1) == 0x7b || dAt(s - 1) == 0x22 || dAt(s - 1) == 0x27);
      const bracketed = s > 0 && dAt(s - 1) == 0x5b;
      // A quoted key of a JSON object anywhere in the value (`{"owner":{"$gt":""}}`).
      const key = s > 0 && dAt(s - 1) == 0x22 && e + 1 < n && dAt(e) == 0x22 && dAt(e + 1) == 0x3a;
      if (isName(kind) || lead || bracketed || key || memberAfterBreakout(s, e)) emit(R_NOSQL_OPERATOR);
    } else if (g == G_ORM) {
      if (isName(kind)) emit(R_ORM_LOOKUP);
    } else if (g == G_JS_FUNC && code == JS_LOOP) jsLoop(e);
  }
  const m = St.mask;
  if ((m & (M_PIPE | M_AMP)) != 0) nosqlJs();
  if ((m & (M_SQ | M_DQ)) != 0 && (m & M_DOT) != 0 && (m & M_LP) != 0) phpConcatCall();
  if ((m & M_SEMI) != 0) jsBreakout();
  if ((m & (M_LBRACE | M_LT | M_DOLLAR | M_LBRACK | M_AT | M_HASH)) == 0) return;
  templates();
  phpTags();
  phpSerialized();
  phpVariableCalls();
}

