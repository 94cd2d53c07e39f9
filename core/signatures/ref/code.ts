/**
 * @module core/signatures/ref/code
 * Code injection other than SQL and shell: PHP (open tags, superglobals,
 * high-risk functions, calls written with comments or quotes around the name,
 * variable functions `$f(…)`, php.ini directives, serialized objects),
 * server-side templates (`{{…}}`, `{%…%}`, `${…}`, `#{…}`, `<%…%>`, `*{…}`
 * with an expression inside, not a plain name), Perl `@{[…]}`, Node.js,
 * Ruby and Python sinks, JavaScript endless loops, prototype pollution,
 * NoSQL operators and ORM lookups in parameter names, SSI directives.
 * Mirrors wasm/assembly/signatures/code.ts.
 */

import { PAT_CODE, PAT_GROUP, PAT_OFF, WORD_MISC, WORD_TAG } from "../tables/flat.ts";
import {
  KW_APACHE_PHP,
  KW_APACHE_PHP_COUNT,
  KW_CONST,
  KW_DB,
  KW_FALSE,
  KW_FOR,
  KW_FTL_CONTROL,
  KW_FTL_CONTROL_COUNT,
  KW_IF,
  KW_LET,
  KW_LOOKUP,
  KW_LOOKUP_COUNT,
  KW_PRINT,
  KW_PRINT_COUNT,
  KW_RETURN,
  KW_RISKY_CALL,
  KW_RISKY_CALL_COUNT,
  KW_RISKY_FILTER,
  KW_RISKY_FILTER_COUNT,
  KW_SET,
  KW_SLEEP,
  KW_TEMPLATE_CONTROL,
  KW_TEMPLATE_CONTROL_COUNT,
  KW_TEMPLATE_LITERAL,
  KW_TEMPLATE_LITERAL_COUNT,
  KW_TEMPLATE_RISKY,
  KW_TEMPLATE_RISKY_COUNT,
  KW_THIS,
  KW_TRUE,
  KW_VAR,
  KW_WIKI_SCRIPT,
  KW_WIKI_SCRIPT_COUNT,
} from "../tables/keywords.ts";
import { K_BODY_NAME, K_COOKIE_NAME, K_QUERY_NAME } from "../tables/kinds.ts";
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
  JS_LOOP,
  NODE_CALL,
  NODE_INDEX,
  NODE_STRONG,
  PHPF_CODE,
  PHPF_INCLUDE,
  PHPF_WORD,
  SSI_PATH_TAG,
} from "../tables/patterns.ts";
import { R } from "../tables/rules.ts";
import { MISC_TEMPLATE, TAG_NODE_MODULE } from "../tables/words.ts";
import {
  fold,
  isAlpha,
  isDigit,
  isSpace,
  isWord,
  M_AMP,
  M_AT,
  M_DOLLAR,
  M_DOT,
  M_DQ,
  M_HASH,
  M_LBRACE,
  M_LBRACK,
  M_LP,
  M_LT,
  M_PIPE,
  M_SEMI,
  M_SQ,
} from "./chars.ts";
import { lookupWord } from "./dict.ts";
import { kwAt, kwLen } from "./kw.ts";
import { D, emit, HIT_PAT, HIT_START, st } from "./mem.ts";

function isName(kind: number): boolean {
  return kind === K_QUERY_NAME || kind === K_BODY_NAME || kind === K_COOKIE_NAME;
}

/** Skips spaces and PHP comments from i; -1 if a line comment runs to the end. */
function skipPhpGap(i: number): number {
  const n = st.dLen;
  let k = i;
  for (let guard = 0; guard < 32; guard++) {
    while (k < n && isSpace(D[k] as number)) k++;
    if (k + 1 < n && D[k] === 0x2f && D[k + 1] === 0x2a) {
      k += 2;
      while (k + 1 < n && !(D[k] === 0x2a && D[k + 1] === 0x2f)) k++;
      if (k + 1 >= n) return -1;
      k += 2;
      continue;
    }
    if (k < n && (D[k] === 0x23 || (D[k] === 0x2f && k + 1 < n && D[k + 1] === 0x2f))) {
      while (k < n && D[k] !== 0x0a) k++;
      if (k >= n) return -1;
      continue;
    }
    break;
  }
  return k;
}

/** The argument list opening at k: 1 if it starts with a $variable or a quote, 2 if it also holds a path or URL, else 0. */
function phpArgs(k: number): number {
  const n = st.dLen;
  let a = k + 1;
  while (a < n && isSpace(D[a] as number)) a++;
  if (a >= n) return 0;
  const c = D[a] as number;
  if (c === 0x24) return 2;
  if (c !== 0x22 && c !== 0x27) return 0;
  for (let q = a + 1; q < n && q - a < 256 && D[q] !== c; q++) {
    const b = D[q] as number;
    if ((b === 0x3a && q + 2 < n && D[q + 1] === 0x2f && D[q + 2] === 0x2f) || (q === a + 1 && b === 0x2f)) return 2;
    if (
      b === 0x2e &&
      q + 3 < n &&
      fold(D[q + 1] as number) === 0x70 &&
      fold(D[q + 2] as number) === 0x68 &&
      fold(D[q + 3] as number) === 0x70
    )
      return 2;
  }
  return 1;
}

/** PHP function name ending at e: is it called? Closing quotes/brackets may sit between name and '(' ("system")(…). */
function phpCalled(e: number, tight: boolean): boolean {
  const n = st.dLen;
  let k = e;
  let gap = false;
  for (let guard = 0; guard < 8; guard++) {
    const s = k;
    k = skipPhpGap(k);
    if (k < 0) return false;
    if (k > s) gap = true;
    if (k < n && (D[k] === 0x22 || D[k] === 0x27 || D[k] === 0x29 || D[k] === 0x5d)) {
      k++;
      gap = true;
      continue;
    }
    break;
  }
  if (k >= n || D[k] !== 0x28) return false;
  // "file(s)": a one-letter word in parentheses is prose.
  if (k + 2 < n && isAlpha(D[k + 1] as number) && D[k + 2] === 0x29) return false;
  if (tight && gap) {
    // An English-looking name needs no plain spaces before '(' unless a comment or quote marks code.
    for (let q = e; q < k; q++)
      if (D[q] === 0x2f || D[q] === 0x23 || D[q] === 0x22 || D[q] === 0x27 || D[q] === 0x29 || D[q] === 0x09)
        return true;
    return false;
  }
  phpArgPos = k;
  return true;
}

/**
 * `include 'x.php';`, `require_once "http://…";`: an include statement
 * without parentheses, its operand a path, a URL or a .php name, the
 * statement ending with it (`;`, `?>` or the value's end).
 */
function includeStatement(e: number): boolean {
  if (phpArgs(e - 1) !== 2) return false;
  const n = st.dLen;
  let a = e;
  while (a < n && isSpace(D[a] as number)) a++;
  const q = D[a] as number;
  let j = a + 1;
  while (j < n && D[j] !== q) j++;
  if (j >= n) return false;
  j++;
  while (j < n && isSpace(D[j] as number)) j++;
  return j >= n || D[j] === 0x3b || (D[j] === 0x3f && j + 1 < n && D[j + 1] === 0x3e);
}

/** End of the quoted string opening at i (the index after its closing quote), or -1. */
function quotedEnd(i: number): number {
  const n = st.dLen;
  const q = D[i] as number;
  for (let j = i + 1; j < n && j - i < 128; j++) if (D[j] === q) return j + 1;
  return -1;
}

/**
 * Two quoted strings or more joined by `.` and called: `'sys'.'tem'('id')`,
 * a PHP function name built so that no word of it reads as one (933180).
 * `.` joins strings only in PHP and Perl; JavaScript joins with `+`.
 */
function phpConcatCall(): void {
  const n = st.dLen;
  for (let i = 0; i < n; i++) {
    const b = D[i] as number;
    if (b !== 0x27 && b !== 0x22) continue;
    let k = i;
    let parts = 0;
    for (;;) {
      const e = quotedEnd(k);
      if (e < 0) break;
      parts++;
      let j = e;
      while (j < n && isSpace(D[j] as number)) j++;
      if (j < n && D[j] === 0x2e) {
        j++;
        while (j < n && isSpace(D[j] as number)) j++;
        if (j < n && (D[j] === 0x27 || D[j] === 0x22)) {
          k = j;
          continue;
        }
        break;
      }
      if (parts >= 2 && j < n && D[j] === 0x28) {
        emit(R.PHP_VAR_CALL as number);
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

/**
 * The `$` at i opens TeX maths and `$f(` is a function in it (`Let $f(x) = x^2$`, `$p(\theta \mid x)$`
 * in a maths forum or a notebook): a one-letter name right before the `(`, arguments with no quote,
 * `$` or `;`, and the closing `$` within 128 bytes after them with no quote or `;` between. A PHP
 * call on a variable has quoted, variable or chained arguments (`$f("id")`, `$a($_GET[2]);`).
 */
function texMathCall(i: number, open: number): boolean {
  const n = st.dLen;
  if (open !== i + 2) return false;
  let depth = 0;
  let k = open;
  for (; k < n && k - open < 128; k++) {
    const b = D[k] as number;
    if (b === 0x27 || b === 0x22 || b === 0x24 || b === 0x3b) return false;
    if (b === 0x28) depth++;
    else if (b === 0x29 && --depth === 0) break;
  }
  if (k >= n || D[k] !== 0x29) return false;
  for (let j = k + 1; j < n && j - k < 128; j++) {
    const b = D[j] as number;
    if (b === 0x24) return true;
    if (b === 0x3b || b === 0x27 || b === 0x22) return false;
  }
  return false;
}

/**
 * The call opening at `open` closes with `)$` (Salesforce B2C Commerce's content markup:
 * `$url('Page-Show','cid','privacy')$`, `$include('Page-Include','cid','x')$`): a token of the
 * store's own markup, which PHP cannot parse (no variable name after that `$`).
 */
function markupCallClosed(open: number): boolean {
  const n = st.dLen;
  let depth = 0;
  for (let k = open; k < n && k - open < 256; k++) {
    const b = D[k] as number;
    if (b === 0x27 || b === 0x22) {
      const e = quotedEnd(k);
      if (e < 0) return false;
      k = e - 1;
    } else if (b === 0x28) depth++;
    else if (b === 0x29 && --depth === 0) {
      if (k + 1 >= n || D[k + 1] !== 0x24) return false;
      const c = k + 2 < n ? (D[k + 2] as number) : 0;
      return !(isAlpha(c) || c === 0x5f || c === 0x7b);
    }
  }
  return false;
}

/** `$name` followed by indexes, property hops or comments, then '('. */
function phpVariableCalls(): void {
  const n = st.dLen;
  for (let i = 0; i + 2 < n; i++) {
    if (D[i] !== 0x24) continue;
    const c = D[i + 1] as number;
    if (!(isAlpha(c) || c === 0x5f)) continue;
    if (i > 0 && isWord(D[i - 1] as number)) continue;
    let k = i + 1;
    while (k < n && isWord(D[k] as number)) k++;
    for (let guard = 0; guard < 16; guard++) {
      const g = skipPhpGap(k);
      if (g < 0) {
        k = n;
        break;
      }
      k = g;
      if (k < n && (D[k] === 0x5b || D[k] === 0x7b)) {
        const close = D[k] === 0x5b ? 0x5d : 0x7d;
        let j = k + 1;
        while (j < n && j - k < 128 && D[j] !== close) j++;
        if (j >= n || D[j] !== close || j === k + 1) break;
        k = j + 1;
        continue;
      }
      if (k + 1 < n && D[k] === 0x2d && D[k + 1] === 0x3e) {
        k += 2;
        if (k < n && D[k] === 0x24) k++;
        while (k < n && isWord(D[k] as number)) k++;
        continue;
      }
      break;
    }
    if (k < n && D[k] === 0x28) {
      if (texMathCall(i, k) || markupCallClosed(k)) continue;
      emit(R.PHP_VAR_CALL as number);
      return;
    }
  }
}

/**
 * Two underscores at k that reach a Python attribute (`__class__`, `.__globals__`, a mangled
 * `_TemplateReference__context`), but not a name that is a number, two underscores and a field
 * (Zapier's `{{985157248__amount}}`: a step's id and its output).
 */
function dunderAt(k: number, e: number): boolean {
  if (D[k] !== 0x5f || k + 1 >= e || D[k + 1] !== 0x5f) return false;
  let d = k;
  while (d > 0 && isDigit(D[d - 1] as number)) d--;
  return d === k || (d > 0 && isWord(D[d - 1] as number));
}

/** Is D[s..e) a template expression rather than a plain (dotted) name? `filters`: a '|' filter counts (Jinja/Twig {{…}}). */
function expressionInside(s: number, e: number, filters: boolean): boolean {
  for (let k = s; k < e; k++) {
    const b = D[k] as number;
    if (b === 0x28 || b === 0x5b || b === 0x22 || b === 0x27 || b === 0x3d || b === 0x60) return true;
    if (b === 0x7c && filters) return true;
    if (dunderAt(k, e)) return true;
  }
  return arithmeticInside(s, e);
}

function hasWordByte(s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (isAlpha(D[k] as number)) return true;
  return false;
}

/**
 * Steps closeBrace may still take for this value: a value of thousands of unclosed `${` would
 * otherwise cost a 1,024-byte walk each (`${${${…`), quadratic in practice. Reset per value.
 */
let braceBudget = 0;

/** Matching close brace for an opening at o (depth-counted, bounded); -1 if none. */
function closeBrace(o: number): number {
  const n = st.dLen;
  let depth = 0;
  for (let k = o; k < n && k - o < 1024; k++) {
    if (--braceBudget < 0) return -1;
    if (D[k] === 0x7b) depth++;
    else if (D[k] === 0x7d) {
      depth--;
      if (depth === 0) return k;
    }
  }
  return -1;
}

/** The word at D[s..e) (case folded) is keyword k, whole. */
function wordIs(s: number, e: number, k: number): boolean {
  return e - s === kwLen(k) && kwAt(s, k);
}

function wordIn(s: number, e: number, k: number, count: number): boolean {
  for (let m = 0; m < count; m++) if (wordIs(s, e, k + m)) return true;
  return false;
}

function isNameByte(b: number): boolean {
  return isWord(b) || b === 0x2e;
}

/**
 * D[s..e) is a plain filter chain: a (dotted) name, then `| filter` steps whose arguments, if any,
 * follow a colon (Liquid: `| date: "%B %-d"`, `| default: 'there'`) and are strings, numbers or
 * names. That is what templates are made of; a filter that reaches attributes or builds strings
 * (`attr`, `format`, `join`, `map`…), call parentheses, or anything else is an expression.
 */
function plainFilterChain(s: number, e: number): boolean {
  let k = s;
  while (k < e && isSpace(D[k] as number)) k++;
  // A Go template's variable (`{{ $value | humanizePercentage }}`, Prometheus' and Helm's templates), or
  // Braze's attribute in braces (`{{${first_name} | default: 'there'}}`).
  if (k < e && D[k] === 0x24) k++;
  const braced = k < e && D[k] === 0x7b && D[k - 1] === 0x24;
  if (braced) k++;
  const b0 = k;
  while (k < e && isNameByte(D[k] as number)) k++;
  if (k === b0 || isDigit(D[b0] as number)) return false;
  if (braced) {
    if (k >= e || D[k] !== 0x7d) return false;
    k++;
  }
  let filters = 0;
  for (;;) {
    while (k < e && isSpace(D[k] as number)) k++;
    if (k >= e) return filters > 0;
    if (D[k] !== 0x7c) return false;
    k++;
    while (k < e && isSpace(D[k] as number)) k++;
    const f = k;
    while (k < e && isWord(D[k] as number)) k++;
    if (k === f) return false;
    const risky = wordIn(f, k, KW_RISKY_FILTER, KW_RISKY_FILTER_COUNT);
    filters++;
    while (k < e && isSpace(D[k] as number)) k++;
    // A risky filter's arguments after a colon (`| join: ", "`) are Liquid's or Django's syntax, neither
    // of which reaches attributes; Jinja passes them in parentheses (`|attr('__class__')`, `|join`).
    if (risky && !(k < e && D[k] === 0x3a)) return false;
    if (k < e && D[k] === 0x3a) {
      k++;
      // Arguments up to the next filter: quoted strings, numbers, names, commas.
      while (k < e && D[k] !== 0x7c) {
        const c = D[k] as number;
        if (c === 0x22 || c === 0x27) {
          k = plainLiteralEnd(k, e, 0x28);
          if (k < 0) return false;
        } else if (isNameByte(c) || isSpace(c) || c === 0x2c || c === 0x2d) k++;
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
function controlTagInjects(s: number, e: number): boolean {
  if (plainCalls(s, e)) return false;
  for (let k = s; k < e; k++) {
    const b = D[k] as number;
    if (b === 0x28 || b === 0x5b || b === 0x60 || b === 0x7b) return true;
    if (dunderAt(k, e)) return true;
  }
  if (arithmeticInside(s, e)) return true;
  let a = s;
  while (a < e && (isSpace(D[a] as number) || D[a] === 0x2d)) a++;
  let z = e;
  while (z > a && (isSpace(D[z - 1] as number) || D[z - 1] === 0x2d)) z--;
  if (z === a) return false;
  let digits = true;
  for (let k = a; k < z; k++) if (!isDigit(D[k] as number)) digits = false;
  return (
    digits ||
    wordIs(a, z, KW_TRUE) ||
    wordIs(a, z, KW_FALSE) ||
    wordIn(a, z, KW_TEMPLATE_LITERAL, KW_TEMPLATE_LITERAL_COUNT)
  );
}

/**
 * The end of the name at D[k] within D[..e), or -1 when it holds a dunder or is a risky filter, call
 * or lookup (`attr`, `self`, `config`, `lookup`…): what a plain template expression must not name.
 */
function plainNameEnd(k: number, e: number): number {
  const ws = k;
  while (k < e && isWord(D[k] as number)) {
    if (dunderAt(k, e)) return -1;
    k++;
  }
  if (
    wordIn(ws, k, KW_RISKY_FILTER, KW_RISKY_FILTER_COUNT) ||
    wordIn(ws, k, KW_RISKY_CALL, KW_RISKY_CALL_COUNT) ||
    wordIn(ws, k, KW_LOOKUP, KW_LOOKUP_COUNT)
  )
    return -1;
  return k;
}

/**
 * `{% set name = value %}` between s and e assigns what a template already holds: names and attributes,
 * numbers, lists of them, arithmetic on names and filters with plain arguments (Klipper's macros:
 * `{% set max_y = printer.toolhead.axis_maximum.y|float %}`; an email's `{% set tier =
 * contact.tier|default("free") %}`). Not: a string as the value (`{% set cmd = 'id' %}`), a call other
 * than a filter's, a risky name or filter, a dunder, a name led by `_` (`_self`, `_context`), `~`
 * joining strings, a brace or a backtick, arithmetic between two numbers.
 */
function plainSet(s: number, e: number): boolean {
  let k = s;
  while (k < e && isSpace(D[k] as number)) k++;
  const name = k;
  while (k < e && (isWord(D[k] as number) || D[k] === 0x2e)) k++;
  if (k === name) return false;
  while (k < e && isSpace(D[k] as number)) k++;
  if (k + 1 >= e || D[k] !== 0x3d || D[k + 1] === 0x3d) return false;
  k++;
  if (arithmeticInside(k, e)) return false;
  let depth = 0;
  let filter = false;
  let values = 0;
  while (k < e) {
    const b = D[k] as number;
    if (isSpace(b)) k++;
    else if (b === 0x22 || b === 0x27) {
      if (depth === 0) return false;
      k = plainLiteralEnd(k, e, 0x5c);
      if (k < 0) return false;
    } else if (isAlpha(b)) {
      k = plainNameEnd(k, e);
      if (k < 0) return false;
      if (k < e && D[k] === 0x28) {
        if (!filter) return false;
        depth++;
        k++;
      }
      filter = false;
      values++;
    } else if (b === 0x7c) {
      filter = true;
      k++;
    } else if (b === 0x29) {
      if (depth === 0) return false;
      depth--;
      k++;
    } else if (
      isDigit(b) ||
      b === 0x2e ||
      b === 0x2c ||
      b === 0x2b ||
      b === 0x2d ||
      b === 0x2a ||
      b === 0x2f ||
      b === 0x5b ||
      b === 0x5d
    )
      k++;
    else return false;
  }
  return depth === 0 && values > 0;
}

/** The `{% set %}` tag whose keyword ends at e closes with `%}` and assigns plainly (plainSet). */
function setTagPlain(e: number): boolean {
  const n = st.dLen;
  let z = e;
  while (z + 1 < n && z - e < 1024 && !(D[z] === 0x25 && D[z + 1] === 0x7d)) z++;
  return z + 1 < n && D[z] === 0x25 && D[z + 1] === 0x7d && plainSet(e, z);
}

/**
 * The end (past its closing quote) of the quoted literal opening at D[k] within D[..e), or -1 when it
 * is unclosed or holds a brace, a dunder or `also` (a filter argument's `(`, a call argument's `\`):
 * what makes a template literal code rather than text.
 */
function plainLiteralEnd(k: number, e: number, also: number): number {
  const q = D[k] as number;
  let i = k + 1;
  while (i < e && D[i] !== q) {
    const x = D[i] as number;
    if (x === 0x7b || x === also || (x === 0x5f && i + 1 < e && D[i + 1] === 0x5f)) return -1;
    i++;
  }
  return i >= e ? -1 : i + 1;
}

/**
 * D[s..e) is a name with FreeMarker's default operator and a plain string after it
 * (`candidate.salutation!""`, `user.title!'Member'`): a placeholder, whatever the quote.
 */
function defaultedName(s: number, e: number): boolean {
  let k = s;
  if (k >= e || !isAlpha(D[k] as number)) return false;
  while (k < e && (isWord(D[k] as number) || D[k] === 0x2e)) {
    if (dunderAt(k, e)) return false;
    k++;
  }
  if (k + 1 >= e || D[k] !== 0x21 || (D[k + 1] !== 0x22 && D[k + 1] !== 0x27)) return false;
  k = plainLiteralEnd(k + 1, e, 0x5c);
  if (k < 0) return false;
  while (k < e && isSpace(D[k] as number)) k++;
  return k === e;
}

/** Arithmetic between two numbers in D[s..e) (`7*7`, `7 + 7`). */
function arithmeticInside(s: number, e: number): boolean {
  for (let k = s + 1; k < e; k++) {
    const b = D[k] as number;
    if (!(b === 0x2a || b === 0x2b || b === 0x2f || b === 0x25 || b === 0x2d || b === 0x7e)) continue;
    let p = k - 1;
    while (p > s && isSpace(D[p] as number)) p--;
    let q = k + 1;
    while (q < e && isSpace(D[q] as number)) q++;
    if (isDigit(D[p] as number) && q < e && isDigit(D[q] as number)) return true;
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
function plainCalls(s: number, e: number): boolean {
  if (arithmeticInside(s, e)) return false;
  let k = s;
  let depth = 0;
  let calls = 0;
  while (k < e) {
    const b = D[k] as number;
    if (isSpace(b)) {
      k++;
      continue;
    }
    if (b === 0x22 || b === 0x27) {
      k = plainLiteralEnd(k, e, 0x5c);
      if (k < 0) return false;
      continue;
    }
    if (isAlpha(b) || b === 0x5f) {
      const ws = k;
      k = plainNameEnd(k, e);
      if (k < 0) return false;
      if (k < e && D[k] === 0x28) {
        if (ws > s && D[ws - 1] === 0x2e) return false;
        calls++;
        depth++;
        k++;
      }
      continue;
    }
    if (b === 0x28) {
      depth++;
      k++;
      continue;
    }
    if (b === 0x29) {
      if (depth === 0) return false;
      depth--;
      k++;
      let q = k;
      while (q < e && isSpace(D[q] as number)) q++;
      if (q < e && (D[q] === 0x2e || D[q] === 0x5b)) return false;
      continue;
    }
    if (
      isDigit(b) ||
      b === 0x2e ||
      b === 0x2c ||
      b === 0x7c ||
      b === 0x2b ||
      b === 0x2d ||
      b === 0x2a ||
      b === 0x2f ||
      b === 0x25 ||
      b === 0x3c ||
      b === 0x3e ||
      b === 0x3d ||
      b === 0x21 ||
      b === 0x7e ||
      b === 0x3a
    ) {
      k++;
      continue;
    }
    return false;
  }
  return depth === 0 && calls > 0;
}

/**
 * D[s..e) is a MediaWiki template call's body: a name, then `|` parameters, one at least named
 * (`{{cite book |last=Knuth |title=…}}`, `{{Infobox person|name=…}}`). A `|name=` is no filter to
 * Jinja, Twig, Nunjucks or Django but a syntax error, so nothing of it runs there; a dunder, an
 * escaped underscore or a filter called with arguments (`|attr(…)`) still makes it code.
 */
function wikiTemplate(s: number, e: number): boolean {
  let k = s;
  while (k < e && isSpace(D[k] as number)) k++;
  if (k >= e || !isAlpha(D[k] as number)) return false;
  let named = false;
  for (; k < e; k++) {
    const b = D[k] as number;
    if (dunderAt(k, e)) return false;
    if (b === 0x5c && k + 1 < e && fold(D[k + 1] as number) === 0x78) return false;
    if (b !== 0x7c) continue;
    let f = k + 1;
    while (f < e && isSpace(D[f] as number)) f++;
    let z = f;
    while (z < e && (isWord(D[z] as number) || D[z] === 0x2d || D[z] === 0x20)) z++;
    if (z < e && D[z] === 0x28) return false;
    if (z > f && z < e && D[z] === 0x3d && !(z + 1 < e && D[z + 1] === 0x3d)) named = true;
  }
  return named;
}

/**
 * A text byte of a MediaWiki template's positional argument (`{{lang|ga|Naomh Muire}}`,
 * `{{nowrap|St Mary's}}`): letters of any script, digits, spaces and prose punctuation. What an
 * expression is made of (parentheses, brackets, double quotes, `=`, operators, braces, `$`, `%`,
 * backslashes, backticks) is not.
 */
function wikiTextByte(b: number): boolean {
  return (
    isWord(b) ||
    b >= 0x80 ||
    b === 0x20 ||
    b === 0x27 ||
    b === 0x2c ||
    b === 0x2e ||
    b === 0x2d ||
    b === 0x3a ||
    b === 0x2f ||
    b === 0x26 ||
    b === 0x21 ||
    b === 0x3f
  );
}

/**
 * D[s..e) is a MediaWiki template called with positional arguments of text (`{{lang|ga|Naomh
 * Muire}}`, `{{flagicon|United Kingdom}}`): a name, then `|` parts of text bytes alone. Jinja or
 * Twig would read the parts as filters, and a filter followed by a second word is a syntax error
 * to them; a part that opens with a risky filter's name (`|attr`, `|format x`) or a dunder still
 * counts.
 */
function wikiPositional(s: number, e: number): boolean {
  let k = s;
  while (k < e && isSpace(D[k] as number)) k++;
  if (k >= e || !isAlpha(D[k] as number)) return false;
  let parts = 0;
  let f = k;
  for (; k <= e; k++) {
    if (k < e && D[k] !== 0x7c) {
      if (!wikiTextByte(D[k] as number) || dunderAt(k, e)) return false;
      continue;
    }
    if (parts > 0) {
      let a = f;
      while (a < k && isSpace(D[a] as number)) a++;
      let z = a;
      while (z < k && isWord(D[z] as number)) z++;
      if (wordIn(a, z, KW_RISKY_FILTER, KW_RISKY_FILTER_COUNT)) return false;
    }
    parts++;
    f = k + 1;
  }
  return parts > 1;
}

/**
 * D[s..e) opens a MediaWiki parser function (`{{#if:{{{death|}}}|…`, `{{#time:Y|…`,
 * `{{#invoke:Age|age_generic|1843|1911}}`): `#`, a lowercase name and a colon, which neither
 * Handlebars (a colon ends no helper's name) nor Jinja or Twig (`#` is no token) can parse. Its
 * arguments are wiki text; a dunder, an escaped byte, a call, an index, a double quote, a
 * backtick, `$` or `%` in them still counts.
 */
function wikiParserFunction(s: number, e: number): boolean {
  if (D[s] !== 0x23) return false;
  let k = s + 1;
  while (k < e && (D[k] as number) >= 0x61 && (D[k] as number) <= 0x7a) k++;
  if (k - s < 3 || k >= e || D[k] !== 0x3a) return false;
  for (k++; k < e; k++) {
    const b = D[k] as number;
    if (b === 0x28 || b === 0x5b || b === 0x22 || b === 0x60 || b === 0x24 || b === 0x25 || b === 0x5c) return false;
    if (dunderAt(k, e)) return false;
  }
  return true;
}

/**
 * The body D[s..e) of a triple brace: a Creole, Trac or MoinMoin wiki's preformatted text
 * (`{{{a[j] > a[j+1]}}}`, a page of code) or Handlebars' unescaped output, where Jinja would read a
 * set or dict literal. Code there is text; what a sandbox escape needs still injects: a dunder, an
 * escaped underscore (`\x5f`), a risky filter (`|attr(…)`), or arithmetic on numbers alone (`{{{7*7}}}`).
 */
function tripleInjects(s: number, e: number): boolean {
  if (!hasWordByte(s, e) && arithmeticInside(s, e)) return true;
  for (let k = s; k < e; k++) {
    const b = D[k] as number;
    if (dunderAt(k, e)) return true;
    if (
      b === 0x5c &&
      k + 3 < e &&
      fold(D[k + 1] as number) === 0x78 &&
      D[k + 2] === 0x35 &&
      fold(D[k + 3] as number) === 0x66
    )
      return true;
    if (b === 0x7c) {
      let f = k + 1;
      while (f < e && isSpace(D[f] as number)) f++;
      let z = f;
      while (z < e && isWord(D[z] as number)) z++;
      if (wordIn(f, z, KW_RISKY_FILTER, KW_RISKY_FILTER_COUNT)) return true;
    }
  }
  return false;
}

/** From s, Razor's probe of a product of two numbers and its `)`: `@(1337*1337)`, `@( 6 * 7 )`. */
function razorProduct(s: number): boolean {
  const n = st.dLen;
  let k = s;
  while (k < n && isSpace(D[k] as number)) k++;
  const a = k;
  while (k < n && isDigit(D[k] as number)) k++;
  if (k === a) return false;
  while (k < n && isSpace(D[k] as number)) k++;
  if (k >= n || D[k] !== 0x2a) return false;
  k++;
  while (k < n && isSpace(D[k] as number)) k++;
  const b = k;
  while (k < n && isDigit(D[k] as number)) k++;
  if (k === b) return false;
  while (k < n && isSpace(D[k] as number)) k++;
  return k < n && D[k] === 0x29;
}

/**
 * D[s..e) is a helper called with plain arguments, Handlebars' and Go templates' way
 * (`{{formatDate renewalDate "MMMM D, YYYY"}}`, `{{currency invoice.total "USD"}}`,
 * `{{ printf "%.2f" $value }}`): a name, then blank-separated (dotted, `$`) names, plain strings,
 * numbers and `key=value` pairs (Magento's directives: `{{trans "%name" name=$order.name |raw}}`,
 * `{{layout handle="x" order_id=$order_id}}`), an output filter last. Jinja and Twig read that as a
 * syntax error; a subexpression's parentheses, an operator or a risky helper (`attr`, `format`,
 * `map`…) is still code.
 */
function plainHelperCall(s: number, e: number): boolean {
  let k = s;
  while (k < e && isSpace(D[k] as number)) k++;
  const h = k;
  while (k < e && isWord(D[k] as number)) k++;
  if (k === h || isDigit(D[h] as number) || riskyHelper(h, k)) return false;
  const printing = wordIn(h, k, KW_PRINT, KW_PRINT_COUNT);
  let args = 0;
  let names = 0;
  for (;;) {
    const gap = k;
    while (k < e && isSpace(D[k] as number)) k++;
    if (k >= e) return args > 0 && (!printing || names > 0);
    // An output filter after the arguments (Magento's `{{var address|raw}}`, `{{trans '…' |raw}}`).
    if (D[k] === 0x7c && args > 0) {
      k++;
      while (k < e && isSpace(D[k] as number)) k++;
      const f = k;
      while (k < e && isWord(D[k] as number)) k++;
      if (k === f || wordIn(f, k, KW_RISKY_FILTER, KW_RISKY_FILTER_COUNT)) return false;
      continue;
    }
    if (k === gap) return false;
    const c = D[k] as number;
    if (c === 0x22 || c === 0x27) {
      k = plainLiteralEnd(k, e, 0x28);
      if (k < 0) return false;
    } else {
      // Go's root context (`.`, `.Request.Header`) reaches what the application did not hand over.
      if (c === 0x2e) return false;
      if (c === 0x24) k++;
      const a = k;
      while (k < e && (isNameByte(D[k] as number) || D[k] === 0x2d)) {
        if (dunderAt(k, e)) return false;
        k++;
      }
      if (k === a || riskyHelper(a, k)) return false;
      if (!isDigit(D[a] as number)) names++;
      if (k < e && D[k] === 0x3d) {
        k++;
        if (k < e && (D[k] === 0x22 || D[k] === 0x27)) {
          k = plainLiteralEnd(k, e, 0x28);
          if (k < 0) return false;
        } else {
          // A variable's value (Magento's `store_name=$store.frontend_name`).
          if (k < e && D[k] === 0x24) k++;
          for (; k < e && isNameByte(D[k] as number); k++) if (dunderAt(k, e)) return false;
        }
      }
    }
    args++;
  }
}

/**
 * The name at D[s..e) is a helper no plain template output calls: a risky filter, Ansible's lookups,
 * what reads files, secrets or the environment (`file`, `secret`, `env`, `readfile`) or calls what it
 * is given, or Hugo's `os.` functions.
 */
function riskyHelper(s: number, e: number): boolean {
  let w = s;
  while (w < e && isWord(D[w] as number)) w++;
  if (w < e && D[w] === 0x2e && w - s === 2 && fold(D[s] as number) === 0x6f && fold(D[s + 1] as number) === 0x73)
    return true;
  return (
    wordIn(s, w, KW_RISKY_FILTER, KW_RISKY_FILTER_COUNT) ||
    wordIn(s, w, KW_LOOKUP, KW_LOOKUP_COUNT) ||
    wordIn(s, w, KW_TEMPLATE_RISKY, KW_TEMPLATE_RISKY_COUNT)
  );
}

/**
 * D[s..e) is a Marketo token (`{{lead.First Name:default=Hey}}`, `{{my.CTA_URL}}`): a dotted field
 * whose last part may hold blanks, and a `:default=` text without braces, parentheses or quotes.
 */
function marketoToken(s: number, e: number): boolean {
  let k = s;
  while (k < e && isAlpha(D[k] as number)) k++;
  if (k === s || k >= e || D[k] !== 0x2e) return false;
  k++;
  const f = k;
  while (k < e && (isWord(D[k] as number) || D[k] === 0x20 || D[k] === 0x2d)) {
    // A field is no Python attribute (`{{x.__class__}}`).
    if (dunderAt(k, e)) return false;
    k++;
  }
  if (k === f) return false;
  if (k === e) return true;
  if (!(D[k] === 0x3a && k + 8 < e && fold(D[k + 1] as number) === 0x64 && D[k + 8] === 0x3d)) return false;
  for (k += 9; k < e; k++) {
    const c = D[k] as number;
    if (c === 0x7b || c === 0x7d || c === 0x28 || c === 0x22 || c === 0x27 || c === 0x24) return false;
  }
  return true;
}

/**
 * The macro D[s..e) opens an XWiki script macro (`{{groovy}}`, `{{velocity output="false"}}`) that
 * the same value closes later (`{{/groovy}}`): its body runs on the server.
 */
function wikiScriptMacro(s: number, e: number): boolean {
  let k = s;
  while (k < e && isAlpha(D[k] as number)) k++;
  if (k === s || (k < e && !isSpace(D[k] as number)) || !wordIn(s, k, KW_WIKI_SCRIPT, KW_WIKI_SCRIPT_COUNT))
    return false;
  const n = st.dLen;
  const len = k - s;
  for (let j = e + 2; j + len + 3 < n; j++) {
    if (D[j] !== 0x7b || D[j + 1] !== 0x7b || D[j + 2] !== 0x2f) continue;
    let same = true;
    for (let m = 0; m < len && same; m++) same = fold(D[j + 3 + m] as number) === fold(D[s + m] as number);
    if (same && D[j + 3 + len] === 0x7d) return true;
  }
  return false;
}

/** Where a `{{name` opens right after a `|` within D[s..e) (a template call as an argument), or -1. */
function nestedWikiCall(s: number, e: number): number {
  for (let k = s + 1; k + 2 < e; k++)
    if (D[k] === 0x7b && D[k + 1] === 0x7b && D[k - 1] === 0x7c && isAlpha(D[k + 2] as number)) return k;
  return -1;
}

function templates(): void {
  const n = st.dLen;
  braceBudget = 65536;
  // The next `}}` at or after the search start: it only moves forward, so a value of thousands of
  // `{{` costs one walk, not one each.
  let close = -1;
  // Inside a backtick string, `${…}` is a JavaScript template literal's substitution (code, not a
  // server-side template); what it calls is judged by the Node and XSS detectors.
  let inBackticks = false;
  for (let i = 0; i + 1 < n; i++) {
    const b = D[i] as number;
    const c = D[i + 1] as number;
    if (b === 0x60) inBackticks = !inBackticks;
    if (b === 0x24 && inBackticks) continue;
    if (b === 0x7b && c === 0x7b) {
      if (close < i + 2) {
        close = i + 2;
        while (close + 1 < n && !(D[close] === 0x7d && D[close + 1] === 0x7d)) close++;
        if (close + 1 >= n) close = n;
      }
      if (close < n && close - i < 1024) {
        const e = close;
        // A MediaWiki template nested as an argument (`{{rh|12|TITLE|{{sc|Chap. I.}}}}`): the outer call's
        // name and text parts up to the inner `{{` are wiki text; the inner call is judged next, on its own.
        const inner = nestedWikiCall(i + 2, e);
        if (inner > 0 && wikiPositional(i + 2, inner)) {
          emit(R.TEMPLATE_PLAIN as number);
          i = inner - 1;
          continue;
        }
        // `{{ user.name | title }}`, `{{ trial_end | date: "%B %-d" }}`: what templates are made of.
        if (wikiScriptMacro(i + 2, e)) emit(R.TEMPLATE_INJECTION as number);
        else if (D[i + 2] === 0x7b)
          emit(tripleInjects(i + 3, e) ? (R.TEMPLATE_INJECTION as number) : (R.TEMPLATE_PLAIN as number));
        else if (
          plainFilterChain(i + 2, e) ||
          plainCalls(i + 2, e) ||
          wikiTemplate(i + 2, e) ||
          wikiPositional(i + 2, e) ||
          wikiParserFunction(i + 2, e) ||
          plainHelperCall(i + 2, e) ||
          marketoToken(i + 2, e)
        )
          emit(R.TEMPLATE_PLAIN as number);
        else if (expressionInside(i + 2, e, true)) emit(R.TEMPLATE_INJECTION as number);
        else if (hasWordByte(i + 2, e)) emit(R.TEMPLATE_PLAIN as number);
        // On past its `}}`: a `{{` inside the expression is part of it.
        i = e + 1;
      }
    } else if (b === 0x7b && c === 0x25) {
      let k = i + 2;
      while (k < n && (isSpace(D[k] as number) || D[k] === 0x2d)) k++;
      let e = k;
      while (e < n && isAlpha(D[e] as number)) e++;
      const w = lookupWord(D, k, e);
      if (w >= 0 && ((WORD_MISC[w] as number) & MISC_TEMPLATE) !== 0) {
        // Control flow is judged by its body up to `%}`; the other tags (import, include, set…) by their keyword.
        if (
          wordIs(k, e, KW_IF) ||
          wordIs(k, e, KW_FOR) ||
          wordIn(k, e, KW_TEMPLATE_CONTROL, KW_TEMPLATE_CONTROL_COUNT)
        ) {
          let z = e;
          while (z + 1 < n && z - e < 1024 && !(D[z] === 0x25 && D[z + 1] === 0x7d)) z++;
          emit(controlTagInjects(e, z) ? (R.TEMPLATE_INJECTION as number) : (R.TEMPLATE_PLAIN as number));
        } else if (wordIs(k, e, KW_SET) && setTagPlain(e)) emit(R.TEMPLATE_PLAIN as number);
        else emit(R.TEMPLATE_INJECTION as number);
      }
    } else if ((b === 0x24 || b === 0x23 || b === 0x2a) && c === 0x7b) {
      const e = closeBrace(i + 1);
      if (e < 0) continue;
      let k = i + 2;
      while (k < e && isSpace(D[k] as number)) k++;
      if (b === 0x24 && k < e && (D[k] === 0x27 || D[k] === 0x22)) emit(R.PHP_VARVAR as number);
      else if (b === 0x24 && defaultedName(k, e)) emit(R.TEMPLATE_PLAIN as number);
      else if (expressionInside(i + 2, e, false)) emit(R.TEMPLATE_INJECTION as number);
      else if (hasWordByte(i + 2, e) && !hasColonLookup(i + 2, e)) emit(R.TEMPLATE_PLAIN as number);
    } else if (b === 0x3c && c === 0x25) {
      const k = i + 2;
      if (k < n && (D[k] === 0x3d || D[k] === 0x2d || D[k] === 0x40 || isSpace(D[k] as number))) {
        let e = k;
        while (e + 1 < n && !(D[e] === 0x25 && D[e + 1] === 0x3e)) e++;
        // A name or call (<%= user.name %>), or arithmetic probing for evaluation (<%= 7*7 %>).
        if (hasWordByte(k, e) || expressionInside(k + 1, e, false)) emit(R.TEMPLATE_INJECTION as number);
      }
    } else if (b === 0x3c && c === 0x23 && i + 2 < n && isAlpha(D[i + 2] as number)) {
      // FreeMarker: control flow (`<#if offer.equity??>`, `<#list items as it>`) is judged by its body up
      // to `>`, as a Jinja tag is; the other directives (`<#assign ex="…Execute"?new()>`) by their keyword.
      const k = i + 2;
      let e = k;
      while (e < n && isAlpha(D[e] as number)) e++;
      if (
        wordIs(k, e, KW_IF) ||
        wordIn(k, e, KW_TEMPLATE_CONTROL, KW_TEMPLATE_CONTROL_COUNT) ||
        wordIn(k, e, KW_FTL_CONTROL, KW_FTL_CONTROL_COUNT)
      ) {
        let z = e;
        while (z < n && z - e < 1024 && D[z] !== 0x3e) z++;
        emit(controlTagInjects(e, z) ? (R.TEMPLATE_INJECTION as number) : (R.TEMPLATE_PLAIN as number));
      } else emit(R.TEMPLATE_INJECTION as number);
    } else if (b === 0x40 && c === 0x7b) {
      let k = i + 2;
      while (k < n && isSpace(D[k] as number)) k++;
      if (k < n && D[k] === 0x5b) emit(R.PERL_INTERP as number);
    } else if (b === 0x40 && c === 0x28 && razorProduct(i + 2)) {
      emit(R.TEMPLATE_INJECTION as number); // Razor's `@(7*7)`
    } else if (
      b === 0x23 &&
      (c | 0x20) === 0x73 &&
      i + 4 < n &&
      fold(D[i + 2] as number) === 0x65 &&
      fold(D[i + 3] as number) === 0x74
    ) {
      let k = i + 4;
      while (k < n && isSpace(D[k] as number)) k++;
      if (k < n && D[k] === 0x28) emit(R.TEMPLATE_INJECTION as number); // Velocity #set(
    }
  }
}

/** `${env:X}`-style lookups are the Java detector's. */
function hasColonLookup(s: number, e: number): boolean {
  let k = s;
  while (k < e && isAlpha(D[k] as number)) k++;
  return k > s && k < e && D[k] === 0x3a;
}

/** PHP open tags, bbcode/smarty php blocks. */
function phpTags(): void {
  const n = st.dLen;
  for (let i = 0; i + 1 < n; i++) {
    if (D[i] === 0x3c && D[i + 1] === 0x3f) {
      const k = i + 2;
      if (k >= n || D[k] === 0x3d || isSpace(D[k] as number)) {
        emit(R.PHP_OPEN_TAG as number);
        return;
      }
      const p = fold(D[k] as number);
      if (p === 0x70 && k + 2 < n && fold(D[k + 1] as number) === 0x68 && fold(D[k + 2] as number) === 0x70) {
        emit(R.PHP_OPEN_TAG as number);
        return;
      }
      if (p === 0x78 && k + 2 < n && fold(D[k + 1] as number) === 0x6d && fold(D[k + 2] as number) === 0x6c) {
        // <?xml: a real declaration goes on with version/encoding/standalone or ?>.
        let q = k + 3;
        if (q < n && (isAlpha(D[q] as number) || D[q] === 0x2d)) continue;
        while (q < n && isSpace(D[q] as number)) q++;
        const f = q < n ? fold(D[q] as number) : 0;
        if (!(f === 0x76 || f === 0x65 || f === 0x73 || f === 0x3f)) {
          emit(R.PHP_OPEN_TAG as number);
          return;
        }
      }
    }
    if ((D[i] === 0x5b || D[i] === 0x7b) && i + 4 < n) {
      let k = i + 1;
      if (D[k] === 0x2f) k++;
      const close = D[i] === 0x5b ? 0x5d : 0x7d;
      if (
        k + 3 < n &&
        fold(D[k] as number) === 0x70 &&
        fold(D[k + 1] as number) === 0x68 &&
        fold(D[k + 2] as number) === 0x70 &&
        D[k + 3] === close
      ) {
        emit(R.PHP_OPEN_TAG as number);
        return;
      }
    }
  }
}

/**
 * PHP serialized objects: O:<len>:"<class>":<n>:{ (and C: for a custom unserializer), the length
 * signed as unserialize() accepts it (`O:+14:`). An array (`a:4:{i:0;s:5:"44812";…}`, a forum's
 * login cookie) builds no object unless it holds one, which this finds inside it all the same.
 */
function phpSerialized(): void {
  const n = st.dLen;
  for (let i = 0; i + 4 < n; i++) {
    const t = fold(D[i] as number);
    if ((t !== 0x6f && t !== 0x63) || D[i + 1] !== 0x3a) continue;
    if (i > 0 && isWord(D[i - 1] as number)) continue;
    let k = i + 2;
    if (D[k] === 0x2b) k++;
    const ds = k;
    while (k < n && isDigit(D[k] as number)) k++;
    if (k === ds || k >= n || D[k] !== 0x3a) continue;
    k++;
    // The class name's quotes escaped where the object sits in a quoted string (YAML's `!php/object "O:47:\\"…`).
    if (k + 1 < n && D[k] === 0x5c && D[k + 1] === 0x22) k++;
    if (k >= n || D[k] !== 0x22) continue;
    k++;
    while (k < n && D[k] !== 0x22) k++;
    if (k + 2 >= n || D[k + 1] !== 0x3a) continue;
    k += 2;
    const d2 = k;
    while (k < n && isDigit(D[k] as number)) k++;
    if (k > d2 && k + 1 < n && D[k] === 0x3a && D[k + 1] === 0x7b) {
      emit(R.PHP_SERIALIZED as number);
      return;
    }
  }
}

/** while(true) / while(1) / while(this) / while(-Infinity)… followed by ; or {. */
function jsLoop(e: number): void {
  const n = st.dLen;
  let k = e;
  while (k < n && isSpace(D[k] as number)) k++;
  if (k >= n || D[k] !== 0x28) return;
  let j = k + 1;
  while (j < n && j - k < 40 && D[j] !== 0x29) j++;
  if (j >= n || D[j] !== 0x29) return;
  // The condition must be a constant: no comparison and no variable-looking identifier besides known constants.
  let s = k + 1;
  while (s < j && (isSpace(D[s] as number) || D[s] === 0x2b || D[s] === 0x2d || D[s] === 0x21)) s++;
  let q = s;
  while (q < j && (isWord(D[q] as number) || isSpace(D[q] as number) || D[q] === 0x5b || D[q] === 0x5d)) q++;
  if (q !== j || s === j) return;
  const f = fold(D[s] as number);
  const constant =
    isDigit(D[s] as number) ||
    D[s] === 0x5b ||
    (f === 0x74 && j - s >= 4) || // true, this
    (f === 0x69 && j - s >= 8) || // infinity
    (f === 0x6e && j - s >= 3); // new Date
  if (!constant) return;
  let a = j + 1;
  while (a < n && isSpace(D[a] as number)) a++;
  if (a >= n || D[a] === 0x3b || D[a] === 0x7b) emit(R.JS_DOS as number);
}

/**
 * The `&&`/`||` at i joins code operands rather than breaking out of a
 * $where string: an identifier, `)` or `]` before it (`ready && this.x`,
 * `f() || this.y`), or a private field after `this.` (`this.#merge`).
 * After a quote, a number or at the start it stays an injection
 * (`' || this.password`, `2499999||this.product`).
 */
function codeOperand(i: number, after: number): boolean {
  if (after < st.dLen && D[after] === 0x23) return true;
  let k = i;
  while (k > 0 && isSpace(D[k - 1] as number)) k--;
  if (k === 0) return false;
  const p = D[k - 1] as number;
  if (p === 0x29 || p === 0x5d) return true;
  let letter = false;
  while (k > 0 && (isWord(D[k - 1] as number) || D[k - 1] === 0x24)) {
    if (!isDigit(D[k - 1] as number)) letter = true;
    k--;
  }
  return letter;
}

/** `|| this.x` / `&& this.x`: JavaScript conditions aimed at a $where clause. */
function nosqlJs(): void {
  const n = st.dLen;
  for (let i = 0; i + 6 < n; i++) {
    const b = D[i] as number;
    if ((b !== 0x7c && b !== 0x26) || D[i + 1] !== b) continue;
    let k = i + 2;
    while (k < n && isSpace(D[k] as number)) k++;
    if (
      k + 4 < n &&
      fold(D[k] as number) === 0x74 &&
      fold(D[k + 1] as number) === 0x68 &&
      fold(D[k + 2] as number) === 0x69 &&
      fold(D[k + 3] as number) === 0x73 &&
      (D[k + 4] === 0x2e || D[k + 4] === 0x5b) &&
      !codeOperand(i, k + 5)
    ) {
      emit(R.NOSQL_JS as number);
      return;
    }
  }
}

/** The byte at i is a (or b; i within the value). */
function afterIs(i: number, a: number, b = a): boolean {
  return i < st.dLen && (D[i] === a || D[i] === b);
}

/** Keyword k (tables/keywords.ts) at i as a whole word: no word byte follows it. */
function wordAt(i: number, k: number): boolean {
  const e = i + kwLen(k);
  return kwAt(i, k) && (e >= st.dLen || !isWord(D[e] as number));
}

/**
 * An operator written as an object member right after a string or a number the value broke out of
 * (`a', $where: '1 == 1`, `1, $ne: 1`), or out of the object holding it too (`x'}, $or: [{}, {'a':'a`):
 * a query the application builds by pasting the value into its JavaScript object literal takes it
 * as a member.
 */
function memberAfterBreakout(s: number, e: number): boolean {
  const n = st.dLen;
  let k = e;
  while (k < n && isSpace(D[k] as number)) k++;
  if (k >= n || D[k] !== 0x3a) return false;
  let b = s - 1;
  while (b >= 0 && isSpace(D[b] as number)) b--;
  if (b < 0 || D[b] !== 0x2c) return false;
  b--;
  while (b >= 0 && (isSpace(D[b] as number) || D[b] === 0x7d || D[b] === 0x5d)) b--;
  return b >= 0 && (D[b] === 0x27 || D[b] === 0x22 || isDigit(D[b] as number));
}

/** Where the code after `;` at i starts, when what precedes it closed a string or a number at the start; else -1. */
function afterBreakout(i: number): number {
  let p = i;
  while (p > 0 && isSpace(D[p - 1] as number)) p--;
  if (p === 0) return -1;
  const b = D[p - 1] as number;
  if (b !== 0x22 && b !== 0x27 && b !== 0x60) {
    // `0;return true`: a number alone before the `;`.
    while (p > 0 && isDigit(D[p - 1] as number)) p--;
    while (p > 0 && isSpace(D[p - 1] as number)) p--;
    if (p !== 0 || !isDigit(b)) return -1;
  }
  let k = i + 1;
  while (k < st.dLen && isSpace(D[k] as number)) k++;
  return k;
}

/**
 * A JavaScript statement after a string or number is closed: `'; return
 * true; var x='`, `0;return this.a`, `"; var y="`, aimed at a MongoDB
 * $where or a server-side eval. `return` must return a JavaScript value
 * (true, false, this., db., !, sleep(); prose ("'; return the item") does not.
 */
function jsBreakout(): void {
  const n = st.dLen;
  for (let i = 0; i + 4 < n; i++) {
    if (D[i] !== 0x3b) continue;
    const k = afterBreakout(i);
    if (k < 0) continue;
    if (wordAt(k, KW_RETURN)) {
      let v = k + kwLen(KW_RETURN);
      while (v < n && isSpace(D[v] as number)) v++;
      if (
        wordAt(v, KW_TRUE) ||
        wordAt(v, KW_FALSE) ||
        (wordAt(v, KW_THIS) && afterIs(v + kwLen(KW_THIS), 0x2e, 0x5b)) ||
        (wordAt(v, KW_DB) && afterIs(v + kwLen(KW_DB), 0x2e)) ||
        (wordAt(v, KW_SLEEP) && afterIs(v + kwLen(KW_SLEEP), 0x28)) ||
        (v < n && D[v] === 0x21)
      ) {
        emit(R.NOSQL_JS as number);
        return;
      }
    } else {
      const decl = wordAt(k, KW_VAR) ? KW_VAR : wordAt(k, KW_LET) ? KW_LET : wordAt(k, KW_CONST) ? KW_CONST : -1;
      if (decl < 0) continue;
      let j = k + kwLen(decl);
      const s = j;
      while (j < n && isSpace(D[j] as number)) j++;
      if (j === s) continue;
      const name = j;
      while (j < n && (isWord(D[j] as number) || D[j] === 0x24)) j++;
      if (j === name) continue;
      while (j < n && isSpace(D[j] as number)) j++;
      if (j >= n || D[j] !== 0x3d) continue;
      j++;
      while (j < n && isSpace(D[j] as number)) j++;
      if (j < n && (D[j] === 0x22 || D[j] === 0x27 || D[j] === 0x60)) {
        emit(R.NOSQL_JS as number);
        return;
      }
    }
  }
}

/**
 * The name at s is called as a method of an identifier (fs.readFile(,
 * regex.exec(, client.assert(): JavaScript, Java, Python or Ruby, not a PHP
 * function call. `$x.system(` stays PHP (`.` concatenates after a variable),
 * as does `'.system(` after a quote.
 */
function methodCall(s: number): boolean {
  if (s < 2 || D[s - 1] !== 0x2e || !isWord(D[s - 2] as number)) return false;
  let k = s - 2;
  while (k > 0 && isWord(D[k - 1] as number)) k--;
  return !(k > 0 && D[k - 1] === 0x24);
}

/**
 * A name that ends at e is talked about rather than used (`__proto__ vs prototype`, `what is
 * __proto__?`): a blank and a word after it, or a sentence's `?`, `,` or `!`. Pollution writes
 * through it: a key (`"__proto__":`, the value itself), an index or a member (`[`, `.`), `=`.
 */
function namedInProse(e: number): boolean {
  const n = st.dLen;
  if (e >= n) return false;
  const b = D[e] as number;
  if (b === 0x3f || b === 0x2c || b === 0x21) return true;
  let k = e;
  while (k < n && D[k] === 0x20) k++;
  return k > e && k < n && isAlpha(D[k] as number);
}

/**
 * Before s (blanks skipped), one of Apache's directives that set PHP's configuration (KW_APACHE_PHP:
 * `php_admin_value auto_prepend_file "http://…"` written into a virtual host's or an .htaccess's text).
 */
function apacheDirectiveBefore(s: number): boolean {
  let k = s;
  while (k > 0 && (D[k - 1] === 0x20 || D[k - 1] === 0x09)) k--;
  if (k === s) return false;
  for (let m = KW_APACHE_PHP; m < KW_APACHE_PHP + KW_APACHE_PHP_COUNT; m++) {
    const a = k - kwLen(m);
    if (a >= 0 && !(a > 0 && isWord(D[a - 1] as number)) && kwAt(a, m)) return true;
  }
  return false;
}

/** From e to the next `<` (or the end), a path: a `/`, a `\` or a `.` within 256 bytes, none of them first a `<`. */
function includedPath(e: number): boolean {
  const n = st.dLen;
  for (let k = e; k < n && k < e + 256; k++) {
    const b = D[k] as number;
    if (b === 0x3c) return false;
    if (b === 0x2f || b === 0x5c || b === 0x2e) return true;
  }
  return false;
}

export function detectCode(kind: number): void {
  const n = st.dLen;
  for (let h = 0; h < st.hits; h++) {
    const p = HIT_PAT[h] as number;
    const g = PAT_GROUP[p] as number;
    const s = HIT_START[h] as number;
    const e = s + (PAT_OFF[p + 1] as number) - (PAT_OFF[p] as number);
    const code = PAT_CODE[p] as number;
    if (g === G_PHP_HIGHRISK) emit(R.PHP_HIGHRISK_FUNC as number);
    else if (g === G_PHP_FUNC) {
      if (!methodCall(s) && phpCalled(e, code !== PHPF_CODE)) {
        const args = code === PHPF_WORD || code === PHPF_INCLUDE ? phpArgs(phpArgPos) : 2;
        if (args === 2 || (code === PHPF_WORD && args === 1)) emit(R.PHP_FUNC_CALL as number);
      } else if (code === PHPF_INCLUDE && !methodCall(s) && includeStatement(e)) emit(R.PHP_FUNC_CALL as number);
    } else if (g === G_PHP_SUPERGLOBAL) emit(R.PHP_SUPERGLOBAL as number);
    else if (g === G_PHP_INI) {
      let k = e;
      while (k < n && isSpace(D[k] as number)) k++;
      if ((k < n && D[k] === 0x3d) || apacheDirectiveBefore(s)) emit(R.PHP_INI as number);
    } else if (g === G_NODE) {
      if (code === NODE_STRONG || code === NODE_INDEX) emit(R.NODE_INJECTION as number);
      else if (code === NODE_CALL) {
        // require('child_process' | 'fs' | 'vm' | 'os' | 'net' …): a core module that runs or reads things.
        let k = e;
        while (k < n && isSpace(D[k] as number)) k++;
        if (k < n && (D[k] === 0x22 || D[k] === 0x27 || D[k] === 0x60)) {
          let q = k + 1;
          if (
            q + 5 < n &&
            D[q] === 0x6e &&
            D[q + 1] === 0x6f &&
            D[q + 2] === 0x64 &&
            D[q + 3] === 0x65 &&
            D[q + 4] === 0x3a
          )
            q += 5;
          let j = q;
          while (j < n && (isWord(D[j] as number) || D[j] === 0x2f)) j++;
          const w = lookupWord(D, q, j);
          if (j < n && D[j] === D[k] && w >= 0 && ((WORD_TAG[w] as number) & TAG_NODE_MODULE) !== 0)
            emit(R.NODE_INJECTION as number);
        }
      }
    } else if (g === G_PROTO) {
      if (!namedInProse(e)) emit(R.PROTO_POLLUTION as number);
    } else if (g === G_SSI) {
      if (code !== SSI_PATH_TAG || includedPath(e)) emit(R.SSI as number);
    } else if (g === G_RUBY) emit(R.RUBY_INJECTION as number);
    else if (g === G_PYTHON) emit(R.PYTHON_INJECTION as number);
    else if (g === G_MONGO) {
      const lead =
        s <= 2 && (s === 0 || D[s - 1] === 0x5b || D[s - 1] === 0x7b || D[s - 1] === 0x22 || D[s - 1] === 0x27);
      const bracketed = s > 0 && D[s - 1] === 0x5b;
      // A key of a JSON object anywhere in the value (`{"owner":{"$gt":""}}` in a cookie or a query
      // parameter that the app parses as a filter): quoted and followed by ':'.
      const key = s > 0 && D[s - 1] === 0x22 && e + 1 < n && D[e] === 0x22 && D[e + 1] === 0x3a;
      if (isName(kind) || lead || bracketed || key || memberAfterBreakout(s, e)) emit(R.NOSQL_OPERATOR as number);
    } else if (g === G_ORM) {
      if (isName(kind)) emit(R.ORM_LOOKUP as number);
    } else if (g === G_JS_FUNC && code === JS_LOOP) jsLoop(e);
  }
  const m = st.mask;
  if ((m & (M_PIPE | M_AMP)) !== 0) nosqlJs();
  if ((m & (M_SQ | M_DQ)) !== 0 && (m & M_DOT) !== 0 && (m & M_LP) !== 0) phpConcatCall();
  if ((m & M_SEMI) !== 0) jsBreakout();
  if ((m & (M_LBRACE | M_LT | M_DOLLAR | M_LBRACK | M_AT | M_HASH)) === 0) return;
  templates();
  phpTags();
  phpSerialized();
  phpVariableCalls();
}
