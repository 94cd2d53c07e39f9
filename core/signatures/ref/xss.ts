/**
 * @module core/signatures/ref/xss
 * Cross-site scripting by reading the value as HTML would: tags (`<name`,
 * `</name`, namespace prefixes stripped, spaces after `<` tolerated) classed
 * by the tag dictionary, attributes inside a tag (event handlers `on…=`,
 * `formaction`, `srcdoc`, `xmlns`), attribute injection after a quote,
 * `javascript:`-style URIs with tabs or newlines inside the scheme, CSS
 * expressions and bindings, JavaScript sinks (`alert(`, `document.cookie`,
 * `window['…']`, comments between object and property), XML external
 * entities. Plain formatting tags only count at paranoia 2.
 * Mirrors wasm/assembly/signatures/xss.ts.
 */

import { PAT_BYTES, PAT_CODE, PAT_GROUP, PAT_OFF, WORD_HTML, WORD_MISC } from "../tables/flat.ts";
import {
  KW_APPLICATION,
  KW_ASYNC,
  KW_CDATA,
  KW_CLR_NS,
  KW_CSS_FETCH,
  KW_CSS_FETCH_COUNT,
  KW_DATA,
  KW_ENML_DTD,
  KW_ENTITY,
  KW_FORMAT_DTD,
  KW_FORMAT_DTD_COUNT,
  KW_FUNCTION,
  KW_HTTP_EQUIV,
  KW_HTTP_W3C,
  KW_HTTPS_URL,
  KW_HTTPS_W3C,
  KW_IFRAME,
  KW_IMAGE_SVG,
  KW_IMPORT,
  KW_INERT_APPLICATION,
  KW_INERT_APPLICATION_COUNT,
  KW_JAVASCRIPT,
  KW_LIVESCRIPT,
  KW_MATH,
  KW_MATHML,
  KW_MATHML_COUNT,
  KW_META,
  KW_META_INERT,
  KW_META_INERT_COUNT,
  KW_MUSICXML_DTD,
  KW_PUBLIC,
  KW_PUBLIC_DTD,
  KW_PUBLIC_DTD_COUNT,
  KW_SCRIPT,
  KW_SRC,
  KW_SRCDOC,
  KW_STYLE,
  KW_SVG,
  KW_SVG_SHAPE,
  KW_SVG_SHAPE_COUNT,
  KW_SYSTEM,
  KW_TEXT_HTML,
  KW_TEXT_XML,
  KW_VBSCRIPT,
  KW_XHTML_NS,
  KW_XINCLUDE_NS,
  KW_XMLNS,
} from "../tables/keywords.ts";
import { G_CSS, G_JS_FUNC, G_JS_GLOBAL, G_JS_SINK, JS_CALL, JS_CODE_CALL } from "../tables/patterns.ts";
import { R } from "../tables/rules.ts";
import { HTML_DANGEROUS_ATTR, HTML_DANGEROUS_TAG, HTML_EVENT, MISC_JS_PROP } from "../tables/words.ts";
import { fold, isAlpha, isDigit, isSpace, isWord, M_BT, M_COLON, M_DQ, M_EQ, M_LT, M_SQ } from "./chars.ts";
import { lookupWord } from "./dict.ts";
import { kwAt, kwByte, kwLen } from "./kw.ts";
import { D, emit, HIT_PAT, HIT_START, st } from "./mem.ts";

function isTagByte(b: number): boolean {
  return isAlpha(b) || isDigit(b) || b === 0x2d || b === 0x3a || b === 0x5f;
}

/**
 * The namespace declared after the `=` at k changes what the document does: XHTML's
 * (`xmlns="http://www.w3.org/1999/xhtml"`) turns an XML document's elements (an SVG's, a feed's) into
 * HTML ones, scripts included; XInclude's pulls in other files or URLs; .NET's CLR type namespaces
 * (SoapFormatter's) and XAML's are object graphs a deserializer builds (TextFormattingRunProperties,
 * ObjectDataProvider). Other namespaces (OGC's filters and styles, KML, SOAP, SVG's own,
 * XSLT's) are an XML document's everyday markup, and a whole XML document is no attribute injection.
 */
function activeNamespace(k: number): boolean {
  const n = st.dLen;
  let p = k + 1;
  while (p < n && isSpace(D[p] as number)) p++;
  if (p < n && (D[p] === 0x22 || D[p] === 0x27)) p++;
  if (kwAt(p, KW_CLR_NS) || kwAt(p, KW_CLR_NS + 1)) return true;
  const w3c = kwAt(p, KW_HTTP_W3C) ? kwLen(KW_HTTP_W3C) : kwAt(p, KW_HTTPS_W3C) ? kwLen(KW_HTTPS_W3C) : 0;
  return w3c > 0 && (kwAt(p + w3c, KW_XHTML_NS) || kwAt(p + w3c, KW_XINCLUDE_NS));
}

/** Attribute name at i (inside a tag or after a quote): classifies it; returns the index after the name. */
function attribute(i: number, inTag: boolean): number {
  const n = st.dLen;
  let j = i;
  while (j < n && isTagByte(D[j] as number)) j++;
  if (j === i) return i + 1;
  let k = j;
  while (k < n && isSpace(D[k] as number)) k++;
  const eq = k < n && D[k] === 0x3d;
  const len = j - i;
  const on = len > 2 && fold(D[i] as number) === 0x6f && fold(D[i + 1] as number) === 0x6e;
  if (eq || (inTag && k >= n)) {
    const w = lookupWord(D, i, j);
    const html = w >= 0 ? (WORD_HTML[w] as number) : 0;
    if (html === HTML_EVENT || (on && inTag && len >= 4)) emit(R.XSS_EVENT_HANDLER as number);
    else if (html === HTML_DANGEROUS_ATTR) emit(R.XSS_ATTR_INJECTION as number);
    else if (inTag && eq && len >= 5 && kwAt(i, KW_XMLNS) && activeNamespace(k)) emit(R.XSS_ATTR_INJECTION as number);
  }
  return j;
}

/**
 * The `<!ENTITY name "…">` declaration going on at i has a replacement text that refers to
 * entities of its own (`&lol;`, `%p;`): each use multiplies (billion laughs). Character
 * references (`&#60;`) are not entity references.
 */
function entityRefersToEntities(i: number): boolean {
  const n = st.dLen;
  let k = i;
  const lim = Math.min(n, i + 200);
  while (k < lim && D[k] !== 0x22 && D[k] !== 0x27 && D[k] !== 0x3e) k++;
  if (k >= lim || D[k] === 0x3e) return false;
  const q = D[k] as number;
  const end = Math.min(n, k + 4096);
  for (k++; k < end && D[k] !== q; k++) {
    const b = D[k] as number;
    if (b !== 0x26 && b !== 0x25) continue;
    let e = k + 1;
    if (e >= end || !(isAlpha(D[e] as number) || D[e] === 0x5f)) continue;
    while (e < end && (isWord(D[e] as number) || D[e] === 0x2d || D[e] === 0x2e)) e++;
    if (e < end && D[e] === 0x3b) return true;
  }
  return false;
}

/** Index after the quoted literal at k (blanks skipped first), or -1 when none starts there. */
function literalEnd(k: number, lim: number): number {
  while (k < lim && isSpace(D[k] as number)) k++;
  // Markup inside a JSON string read as raw text (`SYSTEM \"http://…\"`): the escaped quote opens it.
  if (k + 1 < lim && D[k] === 0x5c && (D[k + 1] === 0x22 || D[k + 1] === 0x27)) k++;
  if (k >= lim || (D[k] !== 0x22 && D[k] !== 0x27)) return -1;
  const q = D[k] as number;
  for (let e = k + 1; e < lim; e++) if (D[e] === q) return e + 1;
  return -1;
}

/**
 * A DOCTYPE whose SYSTEM or PUBLIC keyword is at k names a document type to fetch: a system
 * literal that is not one of W3C's own DTDs or a format's public one (KW_PUBLIC_DTD).
 * `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
 * "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">` opens every HTML e-mail, cXML's
 * `SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.060/cXML.dtd"` every procurement document;
 * `SYSTEM "http://203.0.113.5/x.dtd"` or `SYSTEM "file:///etc/passwd"` is an external DTD.
 */
function doctypeFetches(k: number, lim: number): boolean {
  let at = k + kwLen(KW_SYSTEM);
  if (kwAt(k, KW_PUBLIC)) {
    at = literalEnd(k + kwLen(KW_PUBLIC), lim);
    if (at < 0) return true;
  }
  let s = at;
  while (s < lim && isSpace(D[s] as number)) s++;
  if (s + 1 < lim && D[s] === 0x5c) s++;
  const e = literalEnd(s, lim);
  if (e < 0) return kwAt(k, KW_SYSTEM);
  if (kwAt(s + 1, KW_HTTP_W3C) || kwAt(s + 1, KW_HTTPS_W3C)) return false;
  // cXML's and Apple's property lists' own public DTDs.
  for (let m = 0; m < KW_PUBLIC_DTD_COUNT; m++) if (kwAt(s + 1, KW_PUBLIC_DTD + m)) return false;
  if (kwAt(s + 1, KW_MUSICXML_DTD) || kwAt(s + 1, KW_ENML_DTD)) return false;
  for (let m = 0; m < KW_FORMAT_DTD_COUNT; m++) if (kwAt(s + 1, KW_FORMAT_DTD + m)) return false;
  return !packagedDtd(s + 1, e - 1);
}

/**
 * D[a..b) is a DTD the document ships with, named by a path relative to it (eCTD's
 * `SYSTEM "util/dtd/ich-ectd-3-2.dtd"`, DITA's, DocBook's): no scheme, no root, no `..`, a `.dtd`
 * file. What it declares comes from the submission's own files; an attacker's DTD is fetched from
 * a URL or an absolute path (`file:///…`, `/usr/share/…`, `http://…`).
 */
function packagedDtd(a: number, b: number): boolean {
  if (b - a < 5 || D[a] === 0x2f || D[a] === 0x5c) return false;
  for (let k = a; k < b; k++) {
    const c = D[k] as number;
    if (!(isAlpha(c) || isDigit(c) || c === 0x2d || c === 0x5f || c === 0x2f || c === 0x2e)) return false;
    if (c === 0x2e && k + 1 < b && D[k + 1] === 0x2e) return false;
  }
  return (
    D[b - 4] === 0x2e &&
    fold(D[b - 3] as number) === 0x64 &&
    fold(D[b - 2] as number) === 0x74 &&
    fold(D[b - 1] as number) === 0x64
  );
}

/**
 * The `<style>` element whose name ends at e holds, up to its `</style>` (within 4 KB), CSS that
 * neither fetches nor runs anything: no `url(`, `image-set(`, `expression(` or other KW_CSS_FETCH
 * function, no `@import`, no escape, no other markup. A print layout sent to an HTML-to-PDF
 * service or a template's (`@page { size: A4 }`, `counter(page)`) is formatting; CSS exfiltration
 * and old browsers' script in CSS need one of those.
 */
function plainStyle(e: number): boolean {
  const n = st.dLen;
  const lim = Math.min(n, e + 4096);
  let k = e;
  while (k < lim && D[k] !== 0x3e) k++;
  for (k++; k < lim; k++) {
    const b = D[k] as number;
    if (b === 0x3c) return k + 7 <= n && D[k + 1] === 0x2f && kwAt(k + 2, KW_STYLE);
    if (b === 0x5c) return false;
    if (b === 0x40 && kwAt(k + 1, KW_IMPORT)) return false;
    if (b === 0x28) {
      let w = k;
      while (w > e && (isAlpha(D[w - 1] as number) || D[w - 1] === 0x2d)) w--;
      for (let m = 0; m < KW_CSS_FETCH_COUNT; m++)
        if (kwLen(KW_CSS_FETCH + m) === k - w && kwAt(w, KW_CSS_FETCH + m)) return false;
    }
  }
  return false;
}

/**
 * The element `root` whose name ends at e holds, up to its closing tag (within `span` bytes), only
 * the elements KW `first` + 0..count-1, with text between them; no comment, CDATA, processing
 * instruction or other element, and no nested `root`. Attributes are judged as any tag's
 * (`href=javascript:`, event handlers) when the scan reaches those tags.
 */
function onlyElements(e: number, root: number, first: number, count: number, span: number): boolean {
  const lim = Math.min(st.dLen, e + span);
  for (let k = e; k < lim; k++) {
    if (D[k] !== 0x3c) continue;
    let s = k + 1;
    const closing = s < lim && D[s] === 0x2f;
    if (closing) s++;
    if (s >= lim || D[s] === 0x21 || D[s] === 0x3f) return false;
    let t = s;
    while (t < lim && isTagByte(D[t] as number)) {
      if (D[t] === 0x3a) s = t + 1;
      t++;
    }
    if (t === s) continue;
    if (t - s === kwLen(root) && kwAt(s, root)) return closing;
    let known = false;
    for (let m = 0; m < count && !known; m++) known = t - s === kwLen(first + m) && kwAt(s, first + m);
    if (!known) return false;
    k = t - 1;
  }
  return false;
}

/**
 * The `<math>` element whose name ends at e holds, up to its `</math>` (within 4 KB), MathML's
 * presentation elements only: a formula (an e-learning answer, a CMS's or an e-book's equation),
 * not mutation XSS's nesting of HTML, comments or `mglyph` in MathML (`<math><mtext><table><mglyph>
 * <style><!--…`).
 */
function plainMath(e: number): boolean {
  return onlyElements(e, KW_MATH, KW_MATHML, KW_MATHML_COUNT, 4096);
}

/**
 * The `<svg>` element whose name ends at e holds, up to its `</svg>` (within 32 KB), shapes, text
 * and gradients only: a drawing (a signature pad's strokes, an icon), not SVG's ways to run, link
 * or fetch (`<script>`, `<a>`, `<use>`, `<image>`, `<animate>`, `<set>`, `<foreignObject>`).
 */
function plainSvg(e: number): boolean {
  return onlyElements(e, KW_SVG, KW_SVG_SHAPE, KW_SVG_SHAPE_COUNT, 32768);
}

/**
 * The `<meta>` whose name ends at e has no `http-equiv` attribute before its `>` (within 1 KB), or
 * one that describes the page (`Content-Type`, `X-UA-Compatible`, `Content-Language`): a page's
 * charset, viewport or description (an e-mail's head), which acts on nothing; a refresh, a cookie or
 * a policy needs another http-equiv.
 */
function plainMeta(e: number): boolean {
  const lim = Math.min(st.dLen, e + 1024);
  for (let k = e; k < lim; k++) {
    const b = D[k] as number;
    if (b === 0x3e) return true;
    if (b === 0x3c) return false;
    if (fold(b) === 0x68 && kwAt(k, KW_HTTP_EQUIV)) {
      const v = metaInertValue(k + kwLen(KW_HTTP_EQUIV), lim);
      if (v < 0) return false;
      k = v - 1;
    }
  }
  return false;
}

/** After `http-equiv` at i: the end of an `="Content-Type"`-like value that acts on nothing, or -1. */
function metaInertValue(i: number, lim: number): number {
  let k = i;
  while (k < lim && isSpace(D[k] as number)) k++;
  if (k >= lim || D[k] !== 0x3d) return -1;
  k++;
  while (k < lim && isSpace(D[k] as number)) k++;
  const q = D[k] as number;
  if (q === 0x22 || q === 0x27) k++;
  for (let j = 0; j < KW_META_INERT_COUNT; j++) {
    const w = KW_META_INERT + j;
    if (!kwAt(k, w)) continue;
    const end = k + kwLen(w);
    const after = end < st.dLen ? (D[end] as number) : 0;
    if ((q === 0x22 || q === 0x27) && after === q) return end + 1;
    if (q !== 0x22 && q !== 0x27 && (isSpace(after) || after === 0x3e || after === 0x2f)) return end;
  }
  return -1;
}

/**
 * The `<iframe>` whose name ends at e embeds a page by its HTTPS address and does nothing else (a
 * video's, a map's or a chart's embed code pasted into a CMS body): one `src` of `https://` and a
 * host name, no `srcdoc`, no event handler, its `>` within 1 KB. A frame of script, of a `data:`,
 * `file:` or numeric address, or of markup stays dangerous; the attributes are judged as ever.
 */
function plainEmbed(e: number): boolean {
  const lim = Math.min(st.dLen, e + 1024);
  let src = false;
  let k = e;
  while (k < lim) {
    const b = D[k] as number;
    if (b === 0x3e) return src;
    if (isSpace(b) || b === 0x2f) {
      k++;
      continue;
    }
    const a = k;
    while (k < lim && (isAlpha(D[k] as number) || D[k] === 0x2d)) k++;
    if (k === a) return false;
    if (k - a >= 2 && fold(D[a] as number) === 0x6f && fold(D[a + 1] as number) === 0x6e) return false;
    if (k - a === kwLen(KW_SRCDOC) && kwAt(a, KW_SRCDOC)) return false;
    const isSrc = k - a === kwLen(KW_SRC) && kwAt(a, KW_SRC);
    while (k < lim && isSpace(D[k] as number)) k++;
    if (k >= lim || D[k] !== 0x3d) {
      if (isSrc) return false;
      continue;
    }
    k++;
    while (k < lim && isSpace(D[k] as number)) k++;
    const q = k < lim ? (D[k] as number) : 0;
    let vs = k;
    let ve = k;
    if (q === 0x22 || q === 0x27) {
      vs = k + 1;
      ve = vs;
      while (ve < lim && D[ve] !== q) ve++;
      if (ve >= lim) return false;
      k = ve + 1;
    } else {
      while (ve < lim && !isSpace(D[ve] as number) && D[ve] !== 0x3e) ve++;
      k = ve;
    }
    if (isSrc) {
      if (src || !httpsHostUrl(vs, ve)) return false;
      src = true;
    }
  }
  return false;
}

/** D[s..e) is `https://`, a host name (letters, digits, `-`, dots; a letter last), then a path without blanks or backslashes. */
function httpsHostUrl(s: number, e: number): boolean {
  if (!kwAt(s, KW_HTTPS_URL)) return false;
  let k = s + kwLen(KW_HTTPS_URL);
  const h = k;
  let dot = false;
  while (k < e && D[k] !== 0x2f && D[k] !== 0x3f && D[k] !== 0x23) {
    const b = D[k] as number;
    if (b === 0x2e) dot = true;
    else if (!isAlpha(b) && !isDigit(b) && b !== 0x2d) return false;
    k++;
  }
  if (!dot || k === h || !isAlpha(D[k - 1] as number)) return false;
  for (; k < e; k++) if (D[k] === 0x5c || isSpace(D[k] as number)) return false;
  return true;
}

/** D[s..e) is `link` (any case). */
function bareLink(s: number, e: number): boolean {
  return (
    e - s === 4 &&
    fold(D[s] as number) === 0x6c &&
    fold(D[s + 1] as number) === 0x69 &&
    fold(D[s + 2] as number) === 0x6e &&
    fold(D[s + 3] as number) === 0x6b
  );
}

function scanTag(i: number): void {
  const n = st.dLen;
  let j = i + 1;
  if (j < n && D[j] === 0x2f) j++;
  while (j < n && j - i < 4 && isSpace(D[j] as number)) j++;
  if (j >= n) return;
  const c = D[j] as number;
  if (c === 0x21) {
    const entity = kwAt(j + 1, KW_ENTITY);
    if (entity || fold(D[j + 1] as number) === 0x64) {
      const lim = Math.min(n, j + 400);
      for (let k = j + 1; k + 6 <= lim; k++) {
        if (kwAt(k, KW_SYSTEM) || kwAt(k, KW_PUBLIC)) {
          if (entity || doctypeFetches(k, lim)) emit(R.XXE as number);
          return;
        }
      }
    }
    if (entity && entityRefersToEntities(j + 1 + kwLen(KW_ENTITY))) emit(R.XML_ENTITY_EXPANSION as number);
    if (kwAt(j + 1, KW_CDATA)) emit(R.XSS_TAG as number);
    return;
  }
  if (c === 0x3f) {
    if (kwAt(j + 1, KW_IMPORT)) emit(R.XSS_DANGEROUS_TAG as number);
    return;
  }
  if (!isAlpha(c) && c !== 0x3a) return;
  let s = j;
  let e = j;
  while (e < n && isTagByte(D[e] as number)) {
    if (D[e] === 0x3a) s = e + 1;
    e++;
  }
  // A namespace colon may be followed by spaces (`<x: script`).
  if (s === e && s < n) {
    while (s < n && isSpace(D[s] as number)) s++;
    e = s;
    while (e < n && isTagByte(D[e] as number)) e++;
  }
  if (e === s) return;
  const f = e < n ? (D[e] as number) : 0x20;
  if (!(isSpace(f) || f === 0x2f || f === 0x3e || f < 0x20)) return;
  const w = lookupWord(D, s, e);
  const html = w >= 0 ? (WORD_HTML[w] as number) : 0;
  if (html === HTML_DANGEROUS_TAG) {
    if (e - s === 6 && kwAt(s, KW_SCRIPT)) emit(R.XSS_SCRIPT_TAG as number);
    // A closing `</math>` by itself, or a formula: MathML is a plain tag.
    else if (e - s === 4 && kwAt(s, KW_MATH) && (D[i + 1] === 0x2f || plainMath(e))) emit(R.XSS_TAG as number);
    // A `<link>` with no attribute loads nothing (an i18next `<link>Continue shopping</link>` placeholder).
    else if (f === 0x3e && bareLink(s, e)) emit(R.XSS_TAG as number);
    // A print layout's or a template's `<style>`: formatting, without a fetch or script in its CSS.
    // Its closing tag alone ends a style; what follows it is judged as itself.
    else if (e - s === 5 && kwAt(s, KW_STYLE) && (D[i + 1] === 0x2f || plainStyle(e))) emit(R.XSS_TAG as number);
    // A drawing: an `<svg>` of shapes and text (a signature pad's, an icon's). Its closing tag alone ends one.
    else if (e - s === 3 && kwAt(s, KW_SVG) && (D[i + 1] === 0x2f || plainSvg(e))) emit(R.XSS_TAG as number);
    // A page's charset, viewport or description: a `<meta>` without http-equiv.
    else if (e - s === 4 && kwAt(s, KW_META) && (D[i + 1] === 0x2f || plainMeta(e))) emit(R.XSS_TAG as number);
    // A video's, a map's or a chart's embed: an `<iframe>` of an HTTPS page and nothing else.
    else if (e - s === 6 && kwAt(s, KW_IFRAME) && (D[i + 1] === 0x2f || plainEmbed(e))) emit(R.XSS_TAG as number);
    else emit(R.XSS_DANGEROUS_TAG as number);
  } else emit(R.XSS_TAG as number);
  // Attributes up to '>' (bounded).
  const lim = Math.min(n, e + 1024);
  let k = e;
  while (k < lim && D[k] !== 0x3e) {
    const b = D[k] as number;
    if ((isSpace(b) || b === 0x2f || b === 0x22 || b === 0x27) && k + 1 < lim && isAlpha(D[k + 1] as number))
      k = attribute(k + 1, true);
    else k++;
  }
}

const LETTERS = new Uint8Array(12);
let nLetters = 0;

/** Do the collected letters (stored last to first) spell `word`? */
function lettersAre(k: number): boolean {
  if (kwLen(k) !== nLetters) return false;
  for (let q = 0; q < nLetters; q++) if (LETTERS[nLetters - 1 - q] !== kwByte(k, q)) return false;
  return true;
}

/** `javascript:`-like scheme ending at the colon at i, letters possibly split by whitespace or control bytes. */
function schemeBefore(i: number): void {
  const n = st.dLen;
  if (i + 1 >= n || isSpace(D[i + 1] as number)) return;
  nLetters = 0;
  let k = i - 1;
  while (k >= 0 && nLetters < 12) {
    const b = D[k] as number;
    if (isAlpha(b)) LETTERS[nLetters++] = fold(b);
    else if (b >= 0x20) break;
    k--;
  }
  if (nLetters < 4) return;
  const prev = k >= 0 ? (D[k] as number) : 0x20;
  if (isWord(prev)) return;
  if (lettersAre(KW_JAVASCRIPT) || lettersAre(KW_VBSCRIPT) || lettersAre(KW_LIVESCRIPT)) emit(R.XSS_JS_URI as number);
  else if (lettersAre(KW_DATA)) {
    let j = i + 1;
    while (j < n && isSpace(D[j] as number)) j++;
    if (
      kwAt(j, KW_TEXT_HTML) ||
      kwAt(j, KW_IMAGE_SVG) ||
      kwAt(j, KW_TEXT_XML) ||
      (kwAt(j, KW_APPLICATION) && !inertApplication(j + kwLen(KW_APPLICATION)))
    )
      emit(R.XSS_JS_URI as number);
  }
}

/** The `data:application/` subtype at k is one a browser never runs in the page (KW_INERT_APPLICATION), whole. */
function inertApplication(k: number): boolean {
  const n = st.dLen;
  for (let m = 0; m < KW_INERT_APPLICATION_COUNT; m++) {
    const e = k + kwLen(KW_INERT_APPLICATION + m);
    if (kwAt(k, KW_INERT_APPLICATION + m) && (e >= n || D[e] === 0x3b || D[e] === 0x2c)) return true;
  }
  return false;
}

/** After a pattern ending at e: next non-space byte, skipping /* comments (-1 at the end). */
function nextCode(e: number, allowSpace: boolean): number {
  const n = st.dLen;
  let k = e;
  for (;;) {
    if (allowSpace) while (k < n && isSpace(D[k] as number)) k++;
    if (k + 1 < n && D[k] === 0x2f && D[k + 1] === 0x2a) {
      k += 2;
      while (k + 1 < n && !(D[k] === 0x2a && D[k + 1] === 0x2f)) k++;
      k += 2;
      allowSpace = true;
      continue;
    }
    return k < n ? k : -1;
  }
}

/** window/document/self… followed by a sensitive property, a computed property, or a call. */
function globalAccess(e: number): void {
  const n = st.dLen;
  let k = nextCode(e, true);
  if (k < 0) return;
  if (D[k] === 0x29) k = nextCode(k + 1, true);
  if (k < 0) return;
  if (D[k] === 0x5b) {
    const q = nextCode(k + 1, true);
    if (q >= 0 && (D[q] === 0x22 || D[q] === 0x27 || D[q] === 0x60)) emit(R.XSS_JS_SINK as number);
    return;
  }
  if (D[k] !== 0x2e) return;
  const s = nextCode(k + 1, true);
  if (s < 0) return;
  let j = s;
  while (j < n && isWord(D[j] as number)) j++;
  const w = lookupWord(D, s, j);
  if (w >= 0 && ((WORD_MISC[w] as number) & MISC_JS_PROP) !== 0 && !proseAfter(j)) emit(R.XSS_JS_SINK as number);
}

/**
 * The name at s follows a label's colon (`TimerHandler:setTimeout`, a browser's Long Animation Frame
 * report naming what ran): a qualified name in data, not a call.
 */
function labelledName(s: number): boolean {
  return s >= 2 && D[s - 1] === 0x3a && isAlpha(D[s - 2] as number);
}

/** At k, an optional call's `?.(` (`alert?.(1)`): the index of its `(`, or k. */
function optionalCall(k: number): number {
  return k + 2 < st.dLen && D[k] === 0x3f && D[k + 1] === 0x2e && D[k + 2] === 0x28 ? k + 2 : k;
}

/**
 * The name D[s..e) is passed to a call as its first argument (`[1].find(alert)`,
 * `Reflect.apply(alert,null,[1])`): a `(` glued to a callee before it, a `)` or `,` after it.
 */
function calleeArgument(s: number, e: number): boolean {
  // JavaScript's names are case-sensitive: `(Alert)` names no function of the browser's.
  for (let q = s; q < e; q++) if ((D[q] as number) < 0x61 || (D[q] as number) > 0x7a) return false;
  let p = s;
  while (p > 0 && isSpace(D[p - 1] as number)) p--;
  if (p < 2 || D[p - 1] !== 0x28) return false;
  const c = D[p - 2] as number;
  if (!(isWord(c) || c === 0x2e || c === 0x29 || c === 0x5d)) return false;
  const k = nextCode(e, true);
  return k >= 0 && (D[k] === 0x29 || D[k] === 0x2c);
}

/** A word after a space at e: prose goes on ("window.location basics"), not an expression. */
function proseAfter(e: number): boolean {
  const n = st.dLen;
  let p = e;
  while (p < n && (D[p] === 0x20 || D[p] === 0x09)) p++;
  return p > e && p < n && isWord(D[p] as number);
}

export function detectXss(): void {
  const n = st.dLen;
  const m = st.mask;
  const markup = (m & (M_LT | M_COLON | M_SQ | M_DQ | M_BT)) !== 0;
  for (let i = 0; markup && i < n; i++) {
    const b = D[i] as number;
    if (b === 0x3c) scanTag(i);
    else if (b === 0x3a) schemeBefore(i);
    else if ((b === 0x22 || b === 0x27 || b === 0x60) && i + 1 < n) {
      // Attribute injection: quote, optional spaces or slash, attribute name, '='.
      let k = i + 1;
      while (k < n && k - i < 8 && (isSpace(D[k] as number) || D[k] === 0x2f)) k++;
      if (k < n && isAlpha(D[k] as number)) {
        let j = k;
        while (j < n && isTagByte(D[j] as number)) j++;
        let q = j;
        while (q < n && isSpace(D[q] as number)) q++;
        if (q < n && D[q] === 0x3d) {
          const w = lookupWord(D, k, j);
          const html = w >= 0 ? (WORD_HTML[w] as number) : 0;
          const on = j - k > 4 && fold(D[k] as number) === 0x6f && fold(D[k + 1] as number) === 0x6e;
          if (html === HTML_EVENT || on) emit(R.XSS_EVENT_HANDLER as number);
          else if (html === HTML_DANGEROUS_ATTR) emit(R.XSS_ATTR_INJECTION as number);
        }
      }
    }
  }
  // Event handler names standing alone before '=' (attribute injection without a quote).
  for (let i = 0; (m & M_EQ) !== 0 && i + 3 < n; i++) {
    if (fold(D[i] as number) !== 0x6f || fold(D[i + 1] as number) !== 0x6e) continue;
    if (i > 0 && (isWord(D[i - 1] as number) || D[i - 1] === 0x2d)) continue;
    let j = i + 2;
    while (j < n && isAlpha(D[j] as number)) j++;
    let q = j;
    while (q < n && isSpace(D[q] as number)) q++;
    if (q < n && D[q] === 0x3d) {
      const w = lookupWord(D, i, j);
      if (w >= 0 && WORD_HTML[w] === HTML_EVENT) emit(R.XSS_EVENT_HANDLER as number);
    }
    i = j;
  }
  for (let h = 0; h < st.hits; h++) {
    const p = HIT_PAT[h] as number;
    const g = PAT_GROUP[p] as number;
    const s = HIT_START[h] as number;
    const e = s + (PAT_OFF[p + 1] as number) - (PAT_OFF[p] as number);
    if (g === G_JS_SINK) {
      if (D[e - 1] === 0x28 || !proseAfter(e)) emit(R.XSS_JS_SINK as number);
    } else if (g === G_JS_FUNC) {
      const code = PAT_CODE[p] as number;
      if (code !== JS_CALL && code !== JS_CODE_CALL) continue;
      let k = nextCode(e, code === JS_CODE_CALL);
      if (k >= 0) k = optionalCall(k);
      if (k >= 0 && (D[k] === 0x28 || D[k] === 0x60)) {
        // setTimeout(function…) / setTimeout(() => …) takes code, not a string: ordinary JavaScript.
        const a = nextCode(k + 1, true);
        const fnArg = code === JS_CODE_CALL && a >= 0 && (D[a] === 0x28 || kwAt(a, KW_FUNCTION) || kwAt(a, KW_ASYNC));
        if (!fnArg) emit(R.XSS_JS_SINK as number);
        // Alone as the whole value (`"direction":"unescape"`), a name is an option, not a reference to call.
      } else if (k < 0 && code === JS_CODE_CALL && s > 0 && !labelledName(s)) emit(R.XSS_JS_SINK as number);
      // `[1].find(alert)`: alert, prompt, confirm or eval handed to a call that calls it.
      else if (code === JS_CALL && calleeArgument(s, e)) emit(R.XSS_JS_SINK as number);
    } else if (g === G_JS_GLOBAL) globalAccess(e);
    else if (g === G_CSS) {
      const first = PAT_BYTES[PAT_OFF[p] as number] as number;
      if (first === 0x65) {
        // expression( needs a CSS context before it: ':' or ';' or '{' or a quote.
        let k = s - 1;
        while (k >= 0 && isSpace(D[k] as number)) k--;
        const c = k >= 0 ? (D[k] as number) : 0;
        // An `=` only glued to it (`style=expression(…)`): `title = expression(paste(…))` is R.
        if (c === 0x3a || c === 0x3b || c === 0x7b || c === 0x22 || c === 0x27 || (c === 0x3d && k === s - 1))
          emit(R.XSS_CSS as number);
      } else if (first === 0x40) {
        let k = e;
        while (k < n && isSpace(D[k] as number)) k++;
        if (k < n && k > e && (D[k] === 0x22 || D[k] === 0x27 || fold(D[k] as number) === 0x75))
          emit(R.XSS_CSS as number);
      } else if (first === 0x62) {
        // IE's `behavior:` binds script only through `url(` (`behavior:url(x.htc)`): an OAuth scope
        // `driving_behavior:read` binds nothing.
        let k = e;
        while (k < n && isSpace(D[k] as number)) k++;
        if (
          k + 3 < n &&
          fold(D[k] as number) === 0x75 &&
          fold(D[k + 1] as number) === 0x72 &&
          fold(D[k + 2] as number) === 0x6c &&
          D[k + 3] === 0x28
        )
          emit(R.XSS_CSS as number);
      } else emit(R.XSS_CSS as number);
    }
  }
}
