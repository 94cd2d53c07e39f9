/**
 * @module core/signatures/ref/protocol
 * Value-level protocol checks: NUL bytes, overlong UTF-8, invalid UTF-8,
 * repeated encoding, control characters, CR/LF where a field cannot hold one,
 * header injection (a line break followed by `Name:`), an HTTP request line
 * inside a value (request splitting), SMTP/IMAP commands after a line break,
 * LDAP filter injection (`)(attr=`, `)(|(`), and security-scanner user
 * agents. Header-structure checks (smuggling, Host, sizes) are on the host
 * side in core/signatures/protocol-headers.ts. Mirrors
 * wasm/assembly/signatures/protocol.ts.
 */

import { PAT_GROUP, WORD_MISC, WORD_TAG } from "../tables/flat.ts";
import { KW_LOCATION, KW_MAIL_HEADER, KW_MAIL_HEADER_COUNT } from "../tables/keywords.ts";
import {
  K_BODY_NAME,
  K_BODY_RAW,
  K_BODY_VALUE,
  K_COOKIE_VALUE,
  K_FILENAME,
  K_PATH,
  K_QUERY_VALUE,
  K_USER_AGENT,
} from "../tables/kinds.ts";
import { G_UA_SCANNER } from "../tables/patterns.ts";
import { R } from "../tables/rules.ts";
import { MISC_HTTP_HEADER, MISC_IMAP, MISC_SMTP, TAG_HTTP_METHOD } from "../tables/words.ts";
import { fold, isAlpha, isDigit, isSpace, isWord, M_COLON, M_HIGH, M_RP, M_SPACE } from "./chars.ts";
import { lookupWord } from "./dict.ts";
import { kwAt, kwLen } from "./kw.ts";
import { D, emit, HIT_PAT, HIT_START, st } from "./mem.ts";
import { N_CR, N_CTRL, N_INVALID_UTF8, N_LF, N_NUL, N_OVERLONG } from "./normalize.ts";

function isBody(kind: number): boolean {
  return kind === K_BODY_VALUE || kind === K_BODY_RAW || kind === K_BODY_NAME;
}

function isTokenByte(b: number): boolean {
  return isWord(b) || b === 0x2d;
}

/** "METHOD target HTTP/" starting at i. */
function requestLineAt(i: number): boolean {
  const n = st.dLen;
  let e = i;
  while (e < n && isAlpha(D[e] as number)) e++;
  if (e === i || e >= n || D[e] !== 0x20) return false;
  const w = lookupWord(D, i, e);
  if (w < 0 || ((WORD_TAG[w] as number) & TAG_HTTP_METHOD) === 0) return false;
  let k = e + 1;
  while (k < n && !isSpace(D[k] as number)) k++;
  if (k === e + 1 || k + 5 >= n || D[k] !== 0x20) return false;
  return httpVersionAt(k + 1);
}

/** `HTTP/` at i (any case), a message's version. */
function httpVersionAt(i: number): boolean {
  return (
    i + 4 < st.dLen &&
    fold(D[i] as number) === 0x68 &&
    fold(D[i + 1] as number) === 0x74 &&
    fold(D[i + 2] as number) === 0x74 &&
    fold(D[i + 3] as number) === 0x70 &&
    D[i + 4] === 0x2f
  );
}

/**
 * The value's first line is a header field itself (`Received: by mx…`, `BEGIN:VCALENDAR`,
 * `DTSTART;TZID=Europe/Berlin:…`): the body field is a block of header lines (an inbound mail's
 * headers, a calendar or a card), where a `Location:` line is the document's own, not one injected
 * after a value. Body fields only. A URL (`https://…`) is no field: a redirect's value, which an
 * injected line follows.
 */
function firstLineIsField(): boolean {
  const n = st.dLen;
  let i = 0;
  while (i < n && isTokenByte(D[i] as number)) i++;
  if (i < 2) return false;
  if (i < n && D[i] === 0x3b) while (i < n && D[i] !== 0x3a && D[i] !== 0x0d && D[i] !== 0x0a) i++;
  // A URL's scheme (`https://northbay.example/` then `Set-Cookie:`) is a redirect's value, not a field.
  return i < n && D[i] === 0x3a && !(i + 2 < n && D[i + 1] === 0x2f && D[i + 2] === 0x2f);
}

/** The value's first line is one e-mail address: something, an `@`, something, no blank. */
function addressFirstLine(): boolean {
  const n = st.dLen;
  let at = -1;
  let i = 0;
  for (; i < n && D[i] !== 0x0d && D[i] !== 0x0a; i++) {
    const b = D[i] as number;
    if (isSpace(b)) return false;
    if (b === 0x40) at = i;
  }
  return at > 0 && at < i - 1;
}

/** A redirect target at i (blanks skipped): a path, a backslash, or a scheme and its colon. */
function redirectTarget(i: number): boolean {
  const n = st.dLen;
  let k = i;
  while (k < n && (D[k] === 0x20 || D[k] === 0x09)) k++;
  if (k >= n) return false;
  if (D[k] === 0x2f || D[k] === 0x5c) return true;
  let e = k;
  while (
    e < n &&
    e - k < 24 &&
    (isAlpha(D[e] as number) || isDigit(D[e] as number) || D[e] === 0x2b || D[e] === 0x2d || D[e] === 0x2e)
  )
    e++;
  return e > k && e < n && D[e] === 0x3a;
}

/** The line starting at s is a header field (`Name:` with no blank before the colon) or folds one (a leading blank). */
function fieldLine(s: number): boolean {
  const n = st.dLen;
  if (s < n && (D[s] === 0x20 || D[s] === 0x09)) return true;
  let e = s;
  while (e < n && isTokenByte(D[e] as number)) e++;
  return e > s && e < n && D[e] === 0x3a;
}

/** The line starting at s opens another HTTP message (`HTTP/1.1 200 OK`, `GET /x HTTP/1.1`): header fields follow it. */
function messageLine(s: number): boolean {
  return (s + 5 < st.dLen && httpVersionAt(s) && isDigit(D[s + 5] as number)) || requestLineAt(s);
}

/** The line breaks D[i..j) end two lines or more: an empty line, after which a response's body begins. */
function emptyLineIn(i: number, j: number): boolean {
  let ends = 0;
  for (let k = i; k < j; k++) if (D[k] === 0x0a || (D[k] === 0x0d && (k + 1 >= j || D[k + 1] !== 0x0a))) ends++;
  return ends >= 2;
}

/**
 * What follows the line break that ends at i (the first byte of the new line). `fields`: every line
 * since the value's first is a header field, so a header line here would be read as one where the
 * value is written into a response's header; after an empty line or a line of text (a pasted
 * `ipconfig` or `mtr` report's `Server:` or `HOST:`) it would be body or a broken response, until
 * a status or request line starts another message (response splitting's second response).
 */
function afterLineBreak(i: number, kind: number, block: boolean, fields: boolean): void {
  const n = st.dLen;
  let e = i;
  while (e < n && isTokenByte(D[e] as number)) e++;
  if (e === i) return;
  let k = e;
  while (k < n && D[k] === 0x20) k++;
  // `victim@example.com\r\nBcc: list@…`: a header added to the mail the app sends to this address.
  if (k < n && D[k] === 0x3a && k === e && addressFirstLine() && mailHeaderAt(i, e)) emit(R.MAIL_INJECTION as number);
  if (k < n && D[k] === 0x3a && k === e) {
    const w = lookupWord(D, i, e);
    const known = w >= 0 && ((WORD_MISC[w] as number) & MISC_HTTP_HEADER) !== 0;
    // "Location: Valley Honda, Van Nuys CA" in a job ad is a label; an injected Location redirects.
    const label = e - i === kwLen(KW_LOCATION) && kwAt(i, KW_LOCATION) && !redirectTarget(k + 1);
    if ((known || !isBody(kind)) && !block && !label && (fields || !isBody(kind))) emit(R.HEADER_INJECTION as number);
  }
  if (requestLineAt(i)) emit(R.REQUEST_LINE_IN_VALUE as number);
  const w = lookupWord(D, i, e);
  const misc = w >= 0 ? (WORD_MISC[w] as number) : 0;
  if ((misc & MISC_SMTP) !== 0) {
    // MAIL FROM:, RCPT TO:, or a bare verb ending the line (DATA, QUIT…).
    if (k < n && D[k] === 0x3a) return;
    let q = e;
    while (q < n && D[q] === 0x20) q++;
    let r = q;
    while (r < n && isAlpha(D[r] as number)) r++;
    if (r < n && D[r] === 0x3a && r > q) emit(R.MAIL_INJECTION as number);
    else if (e >= n || D[e] === 0x0d || D[e] === 0x0a) emit(R.MAIL_INJECTION as number);
    else if (e - i === 4 && e < n && D[e] === 0x20) {
      // HELO/EHLO/VRFY/EXPN host: uppercase verbs only, prose rarely shouts.
      let upper = true;
      for (let q2 = i; q2 < e; q2++) if ((D[q2] as number) < 0x41 || (D[q2] as number) > 0x5a) upper = false;
      if (upper) emit(R.MAIL_INJECTION as number);
    }
  }
  // IMAP: tag (letters+digits) SP command [args with quotes, INBOX or CHARSET].
  let hasDigit = false;
  for (let q = i; q < e; q++) if (isDigit(D[q] as number)) hasDigit = true;
  if (hasDigit && e < n && D[e] === 0x20 && e - i <= 10) {
    const cs = e + 1;
    let ce = cs;
    while (ce < n && isAlpha(D[ce] as number)) ce++;
    const cw = lookupWord(D, cs, ce);
    if (cw >= 0 && ((WORD_MISC[cw] as number) & MISC_IMAP) !== 0) {
      let upper = true;
      for (let q = cs; q < ce; q++) if ((D[q] as number) > 0x5a) upper = false;
      let quoted = false;
      for (let q = ce; q < n && q - ce < 64 && D[q] !== 0x0a; q++) if (D[q] === 0x22) quoted = true;
      if (upper || quoted) emit(R.MAIL_INJECTION as number);
    }
  }
}

/** D[s..e) is a mail header field's name (KW_MAIL_HEADER: `Bcc`, `Reply-To`…). */
function mailHeaderAt(s: number, e: number): boolean {
  for (let m = 0; m < KW_MAIL_HEADER_COUNT; m++)
    if (kwLen(KW_MAIL_HEADER + m) === e - s && kwAt(s, KW_MAIL_HEADER + m)) return true;
  return false;
}

/** A character of two or more bytes whose code point's low byte is CR or LF ends at i (its last byte). */
function wideLineBreakAt(i: number): boolean {
  const b = D[i] as number;
  if ((b !== 0x8a && b !== 0x8d) || i === 0) return false;
  const p = D[i - 1] as number;
  return p >= 0x80 && (p & 0x03) === 0 && (i + 1 >= st.dLen || ((D[i + 1] as number) & 0xc0) !== 0x80);
}

/**
 * A character whose low byte is CR or LF (U+560A 嘊, U+560D 嘍) followed by a known header field
 * (`嘊嘍Set-Cookie:`): a server that writes the value into a header keeping each character's low
 * byte splits the header there. The break holds a line feed (a low byte 0x0A), so Czech `č`
 * (U+010D, a carriage return's low byte) before a word is none, and the name has four letters
 * or more.
 */
function wideLineBreaks(): void {
  const n = st.dLen;
  for (let i = 1; i < n; i++) {
    if (!wideLineBreakAt(i)) continue;
    let lf = D[i] === 0x8a;
    let j = i + 1;
    for (;;) {
      if (j < n && (D[j] === 0x0d || D[j] === 0x0a)) {
        lf = lf || D[j] === 0x0a;
        j++;
      } else if (j + 1 < n && wideLineBreakAt(j + 1)) {
        lf = lf || D[j + 1] === 0x8a;
        j += 2;
      } else if (j + 2 < n && wideLineBreakAt(j + 2)) {
        lf = lf || D[j + 2] === 0x8a;
        j += 3;
      } else break;
    }
    if (!lf) continue;
    let e = j;
    while (e < n && isTokenByte(D[e] as number)) e++;
    if (e === j || e >= n || D[e] !== 0x3a) continue;
    const w = e - j >= 4 ? lookupWord(D, j, e) : -1;
    // A mail header too (`Hello嘍嘊Bcc: victims@…` in a contact form's subject): the mail the app sends.
    if ((w >= 0 && ((WORD_MISC[w] as number) & MISC_HTTP_HEADER) !== 0) || mailHeaderAt(j, e)) {
      emit(R.UNICODE_HEADER_INJECTION as number);
      return;
    }
  }
}

/** A second `(` between `from` and `to` (blanks aside). */
function nestedBefore(from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (D[k] === 0x28) return true;
  return false;
}

function ldap(): void {
  const n = st.dLen;
  for (let i = 0; i + 2 < n; i++) {
    if (D[i] !== 0x29) continue;
    let k = i + 1;
    while (k < n && isSpace(D[k] as number)) k++;
    if (k >= n || D[k] !== 0x28) continue;
    k++;
    // Filters nest: `admin*)((|userPassword=*)` opens two before its operator (an operator only: code
    // calls a call's result, `f)((mod = {…})`).
    const opened = k;
    while (k < n && (isSpace(D[k] as number) || D[k] === 0x28)) k++;
    if (k >= n) continue;
    const c = D[k] as number;
    if (c === 0x7c || c === 0x26 || c === 0x21) {
      emit(R.LDAP_INJECTION as number);
      return;
    }
    if (!isAlpha(c) || nestedBefore(opened, k)) continue;
    let e = k;
    // An extensible match names its rule between colons (`ou:dn:=`, `userAccountControl:1.2.840.113556.1.4.803:=`):
    // a colon belongs to the attribute only when the name ends in the `:=` of one.
    let colon = false;
    while (e < n && (isWord(D[e] as number) || D[e] === 0x2d || D[e] === 0x2e || D[e] === 0x3b || D[e] === 0x3a)) {
      if (D[e] === 0x3a) colon = true;
      e++;
    }
    if (colon && (D[e - 1] !== 0x3a || D[e] !== 0x3d)) continue;
    while (e < n && isSpace(D[e] as number)) e++;
    if (
      e < n &&
      (D[e] === 0x3d || ((D[e] === 0x3e || D[e] === 0x3c || D[e] === 0x7e) && e + 1 < n && D[e + 1] === 0x3d))
    ) {
      emit(R.LDAP_INJECTION as number);
      return;
    }
  }
}

/** Every line break of D comes at its end, followed by nothing but breaks, blanks or a closing quote. */
function breaksTrail(): boolean {
  let k = st.dLen;
  while (
    k > 0 &&
    (D[k - 1] === 0x0d || D[k - 1] === 0x0a || D[k - 1] === 0x20 || D[k - 1] === 0x09 || D[k - 1] === 0x22)
  )
    k--;
  for (let i = 0; i < k; i++) if (D[i] === 0x0d || D[i] === 0x0a) return false;
  return true;
}

export function detectProtocol(kind: number): void {
  const f = st.flags;
  const n = st.dLen;
  if ((f & N_NUL) !== 0) emit(R.NUL_BYTE as number);
  if ((f & N_OVERLONG) !== 0) emit(R.OVERLONG_UTF8 as number);
  if ((f & N_INVALID_UTF8) !== 0) emit(R.INVALID_UTF8 as number);
  const rawKind = kind === K_PATH || kind === K_BODY_RAW;
  if (st.passes >= (rawKind ? 2 : 1)) emit(R.MULTI_ENCODED as number);
  if ((f & N_CTRL) !== 0 && !isBody(kind) && kind !== K_FILENAME) emit(R.CONTROL_CHARS as number);
  if ((f & (N_CR | N_LF)) !== 0) {
    // A cookie whose only line break ends it (FortiOS writes `AuthHash=…%0A` into its own) splits nothing.
    if (!isBody(kind) && !(kind === K_COOKIE_VALUE && breaksTrail()))
      emit(kind === K_QUERY_VALUE ? (R.CRLF_IN_QUERY_VALUE as number) : (R.CRLF_IN_FIELD as number));
    const block = isBody(kind) && firstLineIsField();
    let fields = true;
    let line = -1;
    for (let i = 0; i < n; i++) {
      const b = D[i] as number;
      if (b !== 0x0d && b !== 0x0a) continue;
      let j = i + 1;
      while (j < n && (D[j] === 0x0d || D[j] === 0x0a)) j++;
      if (line >= 0 && messageLine(line)) fields = true;
      else if (line >= 0 && !fieldLine(line)) fields = false;
      if (emptyLineIn(i, j)) fields = false;
      if (j < n) afterLineBreak(j, kind, block, fields);
      line = j;
      i = j - 1;
    }
  }
  const m = st.mask;
  if ((m & M_SPACE) !== 0 && requestLineAt(0)) emit(R.REQUEST_LINE_IN_VALUE as number);
  if ((m & M_RP) !== 0) ldap();
  if ((m & M_HIGH) !== 0 && (m & M_COLON) !== 0) wideLineBreaks();
  if (kind === K_USER_AGENT) {
    // A tool's name where a product token starts (`sqlmap/1.7`, `(Nikto/2.1.6)`, `; Nmap`), not inside
    // another's (`python-httpx/0.27` is the Python HTTP client, not ProjectDiscovery's httpx).
    for (let h = 0; h < st.hits; h++) {
      if (PAT_GROUP[HIT_PAT[h] as number] !== G_UA_SCANNER) continue;
      const s = HIT_START[h] as number;
      if (s === 0 || !isTokenByte(D[s - 1] as number)) emit(R.SCANNER_UA as number);
    }
  }
}
