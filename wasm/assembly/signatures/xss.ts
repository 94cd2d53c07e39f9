// xss detector: AssemblyScript port of core/signatures/ref/xss.ts (see there for the
// rationale of every check); keep the two in step, the equality test holds them equal.
import {
  G_CSS,
  G_JS_FUNC,
  G_JS_GLOBAL,
  G_JS_SINK,
  HTML_DANGEROUS_ATTR,
  HTML_DANGEROUS_TAG,
  HTML_EVENT,
  JS_CALL,
  JS_CODE_CALL,
  KW_APPLICATION,
  KW_ASYNC,
  KW_CDATA,
  KW_DATA,
  KW_ENTITY,
  KW_FUNCTION,
  KW_HTTP_W3C,
  KW_HTTPS_W3C,
  KW_PUBLIC_DTD,
  KW_PUBLIC_DTD_COUNT,
  KW_IMAGE_SVG,
  KW_IMPORT,
  KW_INERT_APPLICATION,
  KW_INERT_APPLICATION_COUNT,
  KW_JAVASCRIPT,
  KW_LIVESCRIPT,
  KW_MATH,
  KW_CSS_FETCH,
  KW_CSS_FETCH_COUNT,
  KW_STYLE,
  KW_MATHML,
  KW_MATHML_COUNT,
  KW_META,
  KW_META_INERT,
  KW_META_INERT_COUNT,
  KW_IFRAME,
  KW_SRCDOC,
  KW_SRC,
  KW_HTTPS_URL,
  KW_HTTP_EQUIV,
  KW_SVG,
  KW_SVG_SHAPE,
  KW_SVG_SHAPE_COUNT,
  KW_ENML_DTD,
  KW_FORMAT_DTD,
  KW_FORMAT_DTD_COUNT,
  KW_MUSICXML_DTD,
  KW_PUBLIC,
  KW_SCRIPT,
  KW_SYSTEM,
  KW_TEXT_HTML,
  KW_TEXT_XML,
  KW_VBSCRIPT,
  KW_CLR_NS,
  KW_XHTML_NS,
  KW_XINCLUDE_NS,
  KW_XMLNS,
  MISC_JS_PROP,
  R_XSS_ATTR_INJECTION,
  R_XSS_CSS,
  R_XSS_DANGEROUS_TAG,
  R_XSS_EVENT_HANDLER,
  R_XSS_JS_SINK,
  R_XSS_JS_URI,
  R_XSS_SCRIPT_TAG,
  R_XSS_TAG,
  R_XML_ENTITY_EXPANSION,
  R_XXE,
} from "./tables";
import { M_BT, M_COLON, M_DQ, M_EQ, M_LT, M_SQ, fold, isAlpha, isDigit, isSpace, isWord } from "./chars";
import { D, St, dAt, emit, hitPat, hitStart } from "./mem";
import { patByte, patCode, patGroup, patOff, wordHtml, wordMisc } from "./tab";
import { lookupWord } from "./dict";
import { kwAt, kwByte, kwLen } from "./kw";



function isTagByte(b: i32): bool {
  return isAlpha(b) || isDigit(b) || b == 0x2d || b == 0x3a || b == 0x5f;
}

/** Case-insensitive comparison of D at i with keyword k (tables/keywords.ts, lower-case). */

// The namespace declared after the `=` at k changes what the document does: see activeNamespace in
// core/signatures/ref/xss.ts.
function activeNamespace(k: i32): bool {
  const n = St.dLen;
  let p = k + 1;
  while (p < n && isSpace(dAt(p))) p++;
  if (p < n && (dAt(p) == 0x22 || dAt(p) == 0x27)) p++;
  if (kwAt(p, KW_CLR_NS) || kwAt(p, KW_CLR_NS + 1)) return true;
  const w3c = kwAt(p, KW_HTTP_W3C) ? kwLen(KW_HTTP_W3C) : kwAt(p, KW_HTTPS_W3C) ? kwLen(KW_HTTPS_W3C) : 0;
  return w3c > 0 && (kwAt(p + w3c, KW_XHTML_NS) || kwAt(p + w3c, KW_XINCLUDE_NS));
}

/** Attribute name at i (inside a tag or after a quote): classifies it; returns the index after the name. */
function attribute(i: i32, inTag: bool): i32 {
  const n = St.dLen;
  let j = i;
  while (j < n && isTagByte(dAt(j))) j++;
  if (j == i) return i + 1;
  let k = j;
  while (k < n && isSpace(dAt(k))) k++;
  const eq = k < n && dAt(k) == 0x3d;
  const len = j - i;
  const on = len > 2 && fold(dAt(i)) == 0x6f && fold(dAt(i + 1)) == 0x6e;
  if (eq || (inTag && k >= n)) {
    const w = lookupWord(D, i, j);
    const html = w >= 0 ? wordHtml(w) : 0;
    if (html == HTML_EVENT || (on && inTag && len >= 4)) emit(R_XSS_EVENT_HANDLER);
    else if (html == HTML_DANGEROUS_ATTR) emit(R_XSS_ATTR_INJECTION);
    else if (inTag && eq && len >= 5 && kwAt(i, KW_XMLNS) && activeNamespace(k)) emit(R_XSS_ATTR_INJECTION);
  }
  return j;
}

function literalEnd(k: i32, lim: i32): i32 {
  while (k < lim && isSpace(dAt(k))) k++;
  if (k + 1 < lim && dAt(k) == 0x5c && (dAt(k + 1) == 0x22 || dAt(k + 1) == 0x27)) k++;
  if (k >= lim || (dAt(k) != 0x22 && dAt(k) != 0x27)) return -1;
  const q = dAt(k);
  for (let e = k + 1; e < lim; e++) if (dAt(e) == q) return e + 1;
  return -1;
}

function doctypeFetches(k: i32, lim: i32): bool {
  let at = k + kwLen(KW_SYSTEM);
  if (kwAt(k, KW_PUBLIC)) {
    at = literalEnd(k + kwLen(KW_PUBLIC), lim);
    if (at < 0) return true;
  }
  let s = at;
  while (s < lim && isSpace(dAt(s))) s++;
  if (s + 1 < lim && dAt(s) == 0x5c) s++;
  const e = literalEnd(s, lim);
  if (e < 0) return kwAt(k, KW_SYSTEM);
  if (kwAt(s + 1, KW_HTTP_W3C) || kwAt(s + 1, KW_HTTPS_W3C)) return false;
  for (let m = 0; m < KW_PUBLIC_DTD_COUNT; m++) if (kwAt(s + 1, KW_PUBLIC_DTD + m)) return false;
  if (kwAt(s + 1, KW_MUSICXML_DTD) || kwAt(s + 1, KW_ENML_DTD)) return false;
  for (let m = 0; m < KW_FORMAT_DTD_COUNT; m++) if (kwAt(s + 1, KW_FORMAT_DTD + m)) return false;
  return !packagedDtd(s + 1, e - 1);
}

/** See the reference: D[a..b) is a relative path to a `.dtd` the document ships with. */
function packagedDtd(a: i32, b: i32): bool {
  if (b - a < 5 || dAt(a) == 0x2f || dAt(a) == 0x5c) return false;
  for (let k = a; k < b; k++) {
    const c = dAt(k);
    if (!(isAlpha(c) || isDigit(c) || c == 0x2d || c == 0x5f || c == 0x2f || c == 0x2e)) return false;
    if (c == 0x2e && k + 1 < b && dAt(k + 1) == 0x2e) return false;
  }
  return dAt(b - 4) == 0x2e && fold(dAt(b - 3)) == 0x64 && fold(dAt(b - 2)) == 0x74 && fold(dAt(b - 1)) == 0x64;
}

function entityRefersToEntities(i: i32): bool {
  const n = St.dLen;
  let k = i;
  const lim = min<i32>(n, i + 200);
  while (k < lim && dAt(k) != 0x22 && dAt(k) != 0x27 && dAt(k) != 0x3e) k++;
  if (k >= lim || dAt(k) == 0x3e) return false;
  const q = dAt(k);
  const end = min<i32>(n, k + 4096);
  for (k++; k < end && dAt(k) != q; k++) {
    const b = dAt(k);
    if (b != 0x26 && b != 0x25) continue;
    let e = k + 1;
    if (e >= end || !(isAlpha(dAt(e)) || dAt(e) == 0x5f)) continue;
    while (e < end && (isWord(dAt(e)) || dAt(e) == 0x2d || dAt(e) == 0x2e)) e++;
    if (e < end && dAt(e) == 0x3b) return true;
  }
  return false;
}

/** A `<style>` element of CSS that neither fetches nor runs anything (mirrors the reference's plainStyle). */
function plainStyle(e: i32): bool {
  const n = St.dLen;
  const lim = min<i32>(n, e + 4096);
  let k = e;
  while (k < lim && dAt(k) != 0x3e) k++;
  for (k++; k < lim; k++) {
    const b = dAt(k);
    if (b == 0x3c) return k + 7 <= n && dAt(k + 1) == 0x2f && kwAt(k + 2, KW_STYLE);
    if (b == 0x5c) return false;
    if (b == 0x40 && kwAt(k + 1, KW_IMPORT)) return false;
    if (b == 0x28) {
      let w = k;
      while (w > e && (isAlpha(dAt(w - 1)) || dAt(w - 1) == 0x2d)) w--;
      for (let m = 0; m < KW_CSS_FETCH_COUNT; m++) if (kwLen(KW_CSS_FETCH + m) == k - w && kwAt(w, KW_CSS_FETCH + m)) return false;
    }
  }
  return false;
}

/** The element `root` holds only the elements KW `first` + 0..count-1 (mirrors the reference's onlyElements). */
function onlyElements(e: i32, root: i32, first: i32, count: i32, span: i32): bool {
  const lim = min<i32>(St.dLen, e + span);
  for (let k = e; k < lim; k++) {
    if (dAt(k) != 0x3c) continue;
    let s = k + 1;
    const closing = s < lim && dAt(s) == 0x2f;
    if (closing) s++;
    if (s >= lim || dAt(s) == 0x21 || dAt(s) == 0x3f) return false;
    let t = s;
    while (t < lim && isTagByte(dAt(t))) {
      if (dAt(t) == 0x3a) s = t + 1;
      t++;
    }
    if (t == s) continue;
    if (t - s == kwLen(root) && kwAt(s, root)) return closing;
    let known = false;
    for (let m = 0; m < count && !known; m++) known = t - s == kwLen(first + m) && kwAt(s, first + m);
    if (!known) return false;
    k = t - 1;
  }
  return false;
}

/** `<math>` holding MathML's presentation elements only (mirrors the reference's plainMath). */
function plainMath(e: i32): bool {
  return onlyElements(e, KW_MATH, KW_MATHML, KW_MATHML_COUNT, 4096);
}

/** See the reference: an `<iframe>` that embeds a page by its HTTPS address and does nothing else. */
function plainEmbed(e: i32): bool {
  const lim = min(St.dLen, e + 1024);
  let src = false;
  let k = e;
  while (k < lim) {
    const b = dAt(k);
    if (b == 0x3e) return src;
    if (isSpace(b) || b == 0x2f) {
      k++;
      continue;
    }
    const a = k;
    while (k < lim && (isAlpha(dAt(k)) || dAt(k) == 0x2d)) k++;
    if (k == a) return false;
    if (k - a >= 2 && fold(dAt(a)) == 0x6f && fold(dAt(a + 1)) == 0x6e) return false;
    if (k - a == kwLen(KW_SRCDOC) && kwAt(a, KW_SRCDOC)) return false;
    const isSrc = k - a == kwLen(KW_SRC) && kwAt(a, KW_SRC);
    while (k < lim && isSpace(dAt(k))) k++;
    if (k >= lim || dAt(k) != 0x3d) {
      if (isSrc) return false;
      continue;
    }
    k++;
    while (k < lim && isSpace(dAt(k))) k++;
    const q = k < lim ? dAt(k) : 0;
    let vs = k;
    let ve = k;
    if (q == 0x22 || q == 0x27) {
      vs = k + 1;
      ve = vs;
      while (ve < lim && dAt(ve) != q) ve++;
      if (ve >= lim) return false;
      k = ve + 1;
    } else {
      while (ve < lim && !isSpace(dAt(ve)) && dAt(ve) != 0x3e) ve++;
      k = ve;
    }
    if (isSrc) {
      if (src || !httpsHostUrl(vs, ve)) return false;
      src = true;
    }
  }
  return false;
}

/** See the reference: `https://`, a host name with a letter last, then a path without blanks or backslashes. */
function httpsHostUrl(s: i32, e: i32): bool {
  if (!kwAt(s, KW_HTTPS_URL)) return false;
  let k = s + kwLen(KW_HTTPS_URL);
  const h = k;
  let dot = false;
  while (k < e && dAt(k) != 0x2f && dAt(k) != 0x3f && dAt(k) != 0x23) {
    const b = dAt(k);
    if (b == 0x2e) dot = true;
    else if (!isAlpha(b) && !isDigit(b) && b != 0x2d) return false;
    k++;
  }
  if (!dot || k == h || !isAlpha(dAt(k - 1))) return false;
  for (; k < e; k++) if (dAt(k) == 0x5c || isSpace(dAt(k))) return false;
  return true;
}

/** `<meta>` without an http-equiv attribute (mirrors the reference's plainMeta). */
function plainMeta(e: i32): bool {
  const lim = min<i32>(St.dLen, e + 1024);
  for (let k = e; k < lim; k++) {
    const b = dAt(k);
    if (b == 0x3e) return true;
    if (b == 0x3c) return false;
    if (fold(b) == 0x68 && kwAt(k, KW_HTTP_EQUIV)) {
      const v = metaInertValue(k + kwLen(KW_HTTP_EQUIV), lim);
      if (v < 0) return false;
      k = v - 1;
    }
  }
  return false;
}

/** After `http-equiv` at i: the end of a value that acts on nothing, or -1 (mirrors the reference's metaInertValue). */
function metaInertValue(i: i32, lim: i32): i32 {
  let k = i;
  while (k < lim && isSpace(dAt(k))) k++;
  if (k >= lim || dAt(k) != 0x3d) return -1;
  k++;
  while (k < lim && isSpace(dAt(k))) k++;
  const q = dAt(k);
  if (q == 0x22 || q == 0x27) k++;
  for (let j = 0; j < KW_META_INERT_COUNT; j++) {
    const w = KW_META_INERT + j;
    if (!kwAt(k, w)) continue;
    const end = k + kwLen(w);
    const after = end < St.dLen ? dAt(end) : 0;
    if ((q == 0x22 || q == 0x27) && after == q) return end + 1;
    if (q != 0x22 && q != 0x27 && (isSpace(after) || after == 0x3e || after == 0x2f)) return end;
  }
  return -1;
}

/** `<svg>` holding shapes, text and gradients only (mirrors the reference's plainSvg). */
function plainSvg(e: i32): bool {
  return onlyElements(e, KW_SVG, KW_SVG_SHAPE, KW_SVG_SHAPE_COUNT, 32768);
}

/** See the reference: D[s..e) is `link` (any case). */
function bareLink(s: i32, e: i32): bool {
  return e - s == 4 && fold(dAt(s)) == 0x6c && fold(dAt(s + 1)) == 0x69 && fold(dAt(s + 2)) == 0x6e && fold(dAt(s + 3)) == 0x6b;
}

function scanTag(i: i32): void {
  const n = St.dLen;
  let j = i + 1;
  if (j < n && dAt(j) == 0x2f) j++;
  while (j < n && j - i < 4 && isSpace(dAt(j))) j++;
  if (j >= n) return;
  const c = dAt(j);
  if (c == 0x21) {
    const entity = kwAt(j + 1, KW_ENTITY);
    if (entity || fold(dAt(j + 1)) == 0x64) {
      const lim = min<i32>(n, j + 400);
      for (let k = j + 1; k + 6 <= lim; k++) {
        if (kwAt(k, KW_SYSTEM) || kwAt(k, KW_PUBLIC)) {
          if (entity || doctypeFetches(k, lim)) emit(R_XXE);
          return;
        }
      }
    }
    if (entity && entityRefersToEntities(j + 1 + kwLen(KW_ENTITY))) emit(R_XML_ENTITY_EXPANSION);
    if (kwAt(j + 1, KW_CDATA)) emit(R_XSS_TAG);
    return;
  }
  if (c == 0x3f) {
    if (kwAt(j + 1, KW_IMPORT)) emit(R_XSS_DANGEROUS_TAG);
    return;
  }
  if (!isAlpha(c) && c != 0x3a) return;
  let s = j;
  let e = j;
  while (e < n && isTagByte(dAt(e))) {
    if (dAt(e) == 0x3a) s = e + 1;
    e++;
  }
  // A namespace colon may be followed by spaces (`<x: script`).
  if (s == e && s < n) {
    while (s < n && isSpace(dAt(s))) s++;
    e = s;
    while (e < n && isTagByte(dAt(e))) e++;
  }
  if (e == s) return;
  const f = e < n ? dAt(e) : 0x20;
  if (!(isSpace(f) || f == 0x2f || f == 0x3e || f < 0x20)) return;
  const w = lookupWord(D, s, e);
  const html = w >= 0 ? wordHtml(w) : 0;
  if (html == HTML_DANGEROUS_TAG) {
    if (e - s == 6 && kwAt(s, KW_SCRIPT)) emit(R_XSS_SCRIPT_TAG);
    else if (e - s == 4 && kwAt(s, KW_MATH) && (dAt(i + 1) == 0x2f || plainMath(e))) emit(R_XSS_TAG);
    // See the reference: a `<link>` with no attribute loads nothing.
    else if (f == 0x3e && bareLink(s, e)) emit(R_XSS_TAG);
    else if (e - s == 5 && kwAt(s, KW_STYLE) && (dAt(i + 1) == 0x2f || plainStyle(e))) emit(R_XSS_TAG);
    else if (e - s == 3 && kwAt(s, KW_SVG) && (dAt(i + 1) == 0x2f || plainSvg(e))) emit(R_XSS_TAG);
    else if (e - s == 4 && kwAt(s, KW_META) && (dAt(i + 1) == 0x2f || plainMeta(e))) emit(R_XSS_TAG);
    else if (e - s == 6 && kwAt(s, KW_IFRAME) && (dAt(i + 1) == 0x2f || plainEmbed(e))) emit(R_XSS_TAG);
    else emit(R_XSS_DANGEROUS_TAG);
  } else emit(R_XSS_TAG);
  // Attributes up to '>' (bounded).
  const lim = min<i32>(n, e + 1024);
  let k = e;
  while (k < lim && dAt(k) != 0x3e) {
    const b = dAt(k);
    if ((isSpace(b) || b == 0x2f || b == 0x22 || b == 0x27) && k + 1 < lim && isAlpha(dAt(k + 1)))
      k = attribute(k + 1, true);
    else k++;
  }
}

const LETTERS: usize = memory.data(12);
@inline function lettersAt(i: i32): i32 { return <i32>load<u8>(LETTERS + <usize>i); }
@inline function lettersSet(i: i32, v: i32): void { store<u8>(LETTERS + <usize>i, <u8>v); }
let nLetters = 0;

/** Do the collected letters (stored last to first) spell `word`? */
function lettersAre(k: i32): bool {
  if (kwLen(k) != nLetters) return false;
  for (let q = 0; q < nLetters; q++) if (lettersAt(nLetters - 1 - q) != kwByte(k, q)) return false;
  return true;
}

/** `javascript:`-like scheme ending at the colon at i, letters possibly split by whitespace or control bytes. */
function schemeBefore(i: i32): void {
  const n = St.dLen;
  if (i + 1 >= n || isSpace(dAt(i + 1))) return;
  nLetters = 0;
  let k = i - 1;
  while (k >= 0 && nLetters < 12) {
    const b = dAt(k);
    if (isAlpha(b)) lettersSet(nLetters++, fold(b));
    else if (b >= 0x20) break;
    k--;
  }
  if (nLetters < 4) return;
  const prev = k >= 0 ? dAt(k) : 0x20;
  if (isWord(prev)) return;
  if (lettersAre(KW_JAVASCRIPT) || lettersAre(KW_VBSCRIPT) || lettersAre(KW_LIVESCRIPT)) emit(R_XSS_JS_URI);
  else if (lettersAre(KW_DATA)) {
    let j = i + 1;
    while (j < n && isSpace(dAt(j))) j++;
    if (kwAt(j, KW_TEXT_HTML) || kwAt(j, KW_IMAGE_SVG) || kwAt(j, KW_TEXT_XML) || (kwAt(j, KW_APPLICATION) && !inertApplication(j + kwLen(KW_APPLICATION))))
      emit(R_XSS_JS_URI);
  }
}

/** See the reference: the `data:application/` subtype at k is one a browser never runs in the page. */
function inertApplication(k: i32): bool {
  const n = St.dLen;
  for (let m = 0; m < KW_INERT_APPLICATION_COUNT; m++) {
    const e = k + kwLen(KW_INERT_APPLICATION + m);
    if (kwAt(k, KW_INERT_APPLICATION + m) && (e >= n || dAt(e) == 0x3b || dAt(e) == 0x2c)) return true;
  }
  return false;
}

/** After a pattern ending at e: next non-space byte, skipping /* comments (-1 at the end). */
function nextCode(e: i32, allowSpace: bool): i32 {
  const n = St.dLen;
  let k = e;
  while (true) {
    if (allowSpace) while (k < n && isSpace(dAt(k))) k++;
    if (k + 1 < n && dAt(k) == 0x2f && dAt(k + 1) == 0x2a) {
      k += 2;
      while (k + 1 < n && !(dAt(k) == 0x2a && dAt(k + 1) == 0x2f)) k++;
      k += 2;
      allowSpace = true;
      continue;
    }
    return k < n ? k : -1;
  }
}

/** window/document/self… followed by a sensitive property, a computed property, or a call. */
function globalAccess(e: i32): void {
  const n = St.dLen;
  let k = nextCode(e, true);
  if (k < 0) return;
  if (dAt(k) == 0x29) k = nextCode(k + 1, true);
  if (k < 0) return;
  if (dAt(k) == 0x5b) {
    const q = nextCode(k + 1, true);
    if (q >= 0 && (dAt(q) == 0x22 || dAt(q) == 0x27 || dAt(q) == 0x60)) emit(R_XSS_JS_SINK);
    return;
  }
  if (dAt(k) != 0x2e) return;
  const s = nextCode(k + 1, true);
  if (s < 0) return;
  let j = s;
  while (j < n && isWord(dAt(j))) j++;
  const w = lookupWord(D, s, j);
  if (w >= 0 && (wordMisc(w) & MISC_JS_PROP) != 0 && !proseAfter(j)) emit(R_XSS_JS_SINK);
}

function labelledName(s: i32): bool {
  return s >= 2 && dAt(s - 1) == 0x3a && isAlpha(dAt(s - 2));
}

/** A word after a space at e: prose goes on ("window.location basics"), not an expression. */
function proseAfter(e: i32): bool {
  const n = St.dLen;
  let p = e;
  while (p < n && (dAt(p) == 0x20 || dAt(p) == 0x09)) p++;
  return p > e && p < n && isWord(dAt(p));
}

/** At k, an optional call's `?.(`: the index of its `(`, or k (mirrors the reference's optionalCall). */
function optionalCall(k: i32): i32 {
  return k + 2 < St.dLen && dAt(k) == 0x3f && dAt(k + 1) == 0x2e && dAt(k + 2) == 0x28 ? k + 2 : k;
}

/** The name D[s..e) is a call's first argument (mirrors the reference's calleeArgument). */
function calleeArgument(s: i32, e: i32): bool {
  for (let q = s; q < e; q++) if (dAt(q) < 0x61 || dAt(q) > 0x7a) return false;
  let p = s;
  while (p > 0 && isSpace(dAt(p - 1))) p--;
  if (p < 2 || dAt(p - 1) != 0x28) return false;
  const c = dAt(p - 2);
  if (!(isWord(c) || c == 0x2e || c == 0x29 || c == 0x5d)) return false;
  const k = nextCode(e, true);
  return k >= 0 && (dAt(k) == 0x29 || dAt(k) == 0x2c);
}

export function detectXss(): void {
  const n = St.dLen;
  const m = St.mask;
  const markup = (m & (M_LT | M_COLON | M_SQ | M_DQ | M_BT)) != 0;
  for (let i = 0; markup && i < n; i++) {
    const b = dAt(i);
    if (b == 0x3c) scanTag(i);
    else if (b == 0x3a) schemeBefore(i);
    else if ((b == 0x22 || b == 0x27 || b == 0x60) && i + 1 < n) {
      // Attribute injection: quote, optional spaces or slash, attribute name, '='.
      let k = i + 1;
      while (k < n && k - i < 8 && (isSpace(dAt(k)) || dAt(k) == 0x2f)) k++;
      if (k < n && isAlpha(dAt(k))) {
        let j = k;
        while (j < n && isTagByte(dAt(j))) j++;
        let q = j;
        while (q < n && isSpace(dAt(q))) q++;
        if (q < n && dAt(q) == 0x3d) {
          const w = lookupWord(D, k, j);
          const html = w >= 0 ? wordHtml(w) : 0;
          const on = j - k > 4 && fold(dAt(k)) == 0x6f && fold(dAt(k + 1)) == 0x6e;
          if (html == HTML_EVENT || on) emit(R_XSS_EVENT_HANDLER);
          else if (html == HTML_DANGEROUS_ATTR) emit(R_XSS_ATTR_INJECTION);
        }
      }
    }
  }
  // Event handler names standing alone before '=' (attribute injection without a quote).
  for (let i = 0; (m & M_EQ) != 0 && i + 3 < n; i++) {
    if (fold(dAt(i)) != 0x6f || fold(dAt(i + 1)) != 0x6e) continue;
    if (i > 0 && (isWord(dAt(i - 1)) || dAt(i - 1) == 0x2d)) continue;
    let j = i + 2;
    while (j < n && isAlpha(dAt(j))) j++;
    let q = j;
    while (q < n && isSpace(dAt(q))) q++;
    if (q < n && dAt(q) == 0x3d) {
      const w = lookupWord(D, i, j);
      if (w >= 0 && wordHtml(w) == HTML_EVENT) emit(R_XSS_EVENT_HANDLER);
    }
    i = j;
  }
  for (let h = 0; h < St.hits; h++) {
    const p = hitPat(h);
    const g = patGroup(p);
    const s = hitStart(h);
    const e = s + patOff(p + 1) - patOff(p);
    if (g == G_JS_SINK) {
      if (dAt(e - 1) == 0x28 || !proseAfter(e)) emit(R_XSS_JS_SINK);
    } else if (g == G_JS_FUNC) {
      const code = patCode(p);
      if (code != JS_CALL && code != JS_CODE_CALL) continue;
      let k = nextCode(e, code == JS_CODE_CALL);
      if (k >= 0) k = optionalCall(k);
      if (k >= 0 && (dAt(k) == 0x28 || dAt(k) == 0x60)) {
        // setTimeout(function…) / setTimeout(() => …) takes code, not a string: ordinary JavaScript.
        const a = nextCode(k + 1, true);
        const fnArg =
          code == JS_CODE_CALL && a >= 0 && (dAt(a) == 0x28 || kwAt(a, KW_FUNCTION) || kwAt(a, KW_ASYNC));
        if (!fnArg) emit(R_XSS_JS_SINK);
      } else if (k < 0 && code == JS_CODE_CALL && s > 0 && !labelledName(s)) emit(R_XSS_JS_SINK);
      else if (code == JS_CALL && calleeArgument(s, e)) emit(R_XSS_JS_SINK);
    } else if (g == G_JS_GLOBAL) globalAccess(e);
    else if (g == G_CSS) {
      const first = patByte(patOff(p));
      if (first == 0x65) {
        // expression( needs a CSS context before it: ':' or ';' or '{' or a quote.
        let k = s - 1;
        while (k >= 0 && isSpace(dAt(k))) k--;
        const c = k >= 0 ? dAt(k) : 0;
        if (c == 0x3a || c == 0x3b || c == 0x7b || c == 0x22 || c == 0x27 || (c == 0x3d && k == s - 1)) emit(R_XSS_CSS);
      } else if (first == 0x40) {
        let k = e;
        while (k < n && isSpace(dAt(k))) k++;
        if (k < n && k > e && (dAt(k) == 0x22 || dAt(k) == 0x27 || fold(dAt(k)) == 0x75))
          emit(R_XSS_CSS);
      } else if (first == 0x62) {
        // See the reference: `behavior:` binds script only through `url(`.
        let k = e;
        while (k < n && isSpace(dAt(k))) k++;
        if (k + 3 < n && fold(dAt(k)) == 0x75 && fold(dAt(k + 1)) == 0x72 && fold(dAt(k + 2)) == 0x6c && dAt(k + 3) == 0x28)
          emit(R_XSS_CSS);
      } else emit(R_XSS_CSS);
    }
  }
}

