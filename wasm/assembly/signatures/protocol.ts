// protocol detector: AssemblyScript port of core/signatures/ref/protocol.ts (see there for the
// rationale of every check); keep the two in step, the equality test holds them equal.
import {
  G_UA_SCANNER,
  K_BODY_NAME,
  K_BODY_RAW,
  K_BODY_VALUE,
  K_COOKIE_VALUE,
  K_FILENAME,
  K_PATH,
  K_QUERY_VALUE,
  K_USER_AGENT,
  KW_LOCATION,
  KW_MAIL_HEADER,
  KW_MAIL_HEADER_COUNT,
  MISC_HTTP_HEADER,
  MISC_IMAP,
  MISC_SMTP,
  R_CONTROL_CHARS,
  R_CRLF_IN_FIELD,
  R_CRLF_IN_QUERY_VALUE,
  R_HEADER_INJECTION,
  R_INVALID_UTF8,
  R_LDAP_INJECTION,
  R_MAIL_INJECTION,
  R_MULTI_ENCODED,
  R_NUL_BYTE,
  R_OVERLONG_UTF8,
  R_REQUEST_LINE_IN_VALUE,
  R_SCANNER_UA,
  R_UNICODE_HEADER_INJECTION,
  TAG_HTTP_METHOD,
} from "./tables";
import { M_COLON, M_HIGH, M_RP, M_SPACE, fold, isAlpha, isDigit, isSpace, isWord } from "./chars";
import { D, St, dAt, emit, hitPat, hitStart } from "./mem";
import { patGroup, wordMisc, wordTag } from "./tab";
import { lookupWord } from "./dict";
import { kwAt, kwLen } from "./kw";
import { N_CR, N_CTRL, N_INVALID_UTF8, N_LF, N_NUL, N_OVERLONG } from "./normalize";


function isBody(kind: i32): bool {
  return kind == K_BODY_VALUE || kind == K_BODY_RAW || kind == K_BODY_NAME;
}

function isTokenByte(b: i32): bool {
  return isWord(b) || b == 0x2d;
}

/** "METHOD target HTTP/" starting at i. */
function requestLineAt(i: i32): bool {
  const n = St.dLen;
  let e = i;
  while (e < n && isAlpha(dAt(e))) e++;
  if (e == i || e >= n || dAt(e) != 0x20) return false;
  const w = lookupWord(D, i, e);
  if (w < 0 || (wordTag(w) & TAG_HTTP_METHOD) == 0) return false;
  let k = e + 1;
  while (k < n && !isSpace(dAt(k))) k++;
  if (k == e + 1 || k + 5 >= n || dAt(k) != 0x20) return false;
  return httpVersionAt(k + 1);
}

/** `HTTP/` at i (mirrors the reference's httpVersionAt). */
function httpVersionAt(i: i32): bool {
  return (
    i + 4 < St.dLen &&
    fold(dAt(i)) == 0x68 &&
    fold(dAt(i + 1)) == 0x74 &&
    fold(dAt(i + 2)) == 0x74 &&
    fold(dAt(i + 3)) == 0x70 &&
    dAt(i + 4) == 0x2f
  );
}

/** What follows the line break that ends at i (the first byte of the new line). */
function firstLineIsField(): bool {
  const n = St.dLen;
  let i = 0;
  while (i < n && isTokenByte(dAt(i))) i++;
  if (i < 2) return false;
  if (i < n && dAt(i) == 0x3b) while (i < n && dAt(i) != 0x3a && dAt(i) != 0x0d && dAt(i) != 0x0a) i++;
  return i < n && dAt(i) == 0x3a && !(i + 2 < n && dAt(i + 1) == 0x2f && dAt(i + 2) == 0x2f);
}

function addressFirstLine(): bool {
  const n = St.dLen;
  let at = -1;
  let i = 0;
  for (; i < n && dAt(i) != 0x0d && dAt(i) != 0x0a; i++) {
    const b = dAt(i);
    if (isSpace(b)) return false;
    if (b == 0x40) at = i;
  }
  return at > 0 && at < i - 1;
}

/** A redirect target at i (mirrors the reference's redirectTarget). */
function redirectTarget(i: i32): bool {
  const n = St.dLen;
  let k = i;
  while (k < n && (dAt(k) == 0x20 || dAt(k) == 0x09)) k++;
  if (k >= n) return false;
  if (dAt(k) == 0x2f || dAt(k) == 0x5c) return true;
  let e = k;
  while (e < n && e - k < 24 && (isAlpha(dAt(e)) || isDigit(dAt(e)) || dAt(e) == 0x2b || dAt(e) == 0x2d || dAt(e) == 0x2e)) e++;
  return e > k && e < n && dAt(e) == 0x3a;
}

/** The line starting at s is a header field or folds one (mirrors the reference's fieldLine). */
function fieldLine(s: i32): bool {
  const n = St.dLen;
  if (s < n && (dAt(s) == 0x20 || dAt(s) == 0x09)) return true;
  let e = s;
  while (e < n && isTokenByte(dAt(e))) e++;
  return e > s && e < n && dAt(e) == 0x3a;
}

/** The line starting at s opens another HTTP message (mirrors the reference's messageLine). */
function messageLine(s: i32): bool {
  return (s + 5 < St.dLen && httpVersionAt(s) && isDigit(dAt(s + 5))) || requestLineAt(s);
}

/** D[s..e) is a mail header field's name (mirrors the reference's mailHeaderAt). */
function mailHeaderAt(s: i32, e: i32): bool {
  for (let m = 0; m < KW_MAIL_HEADER_COUNT; m++) if (kwLen(KW_MAIL_HEADER + m) == e - s && kwAt(s, KW_MAIL_HEADER + m)) return true;
  return false;
}

/** The line breaks D[i..j) end two lines or more (mirrors the reference's emptyLineIn). */
function emptyLineIn(i: i32, j: i32): bool {
  let ends = 0;
  for (let k = i; k < j; k++) if (dAt(k) == 0x0a || (dAt(k) == 0x0d && (k + 1 >= j || dAt(k + 1) != 0x0a))) ends++;
  return ends >= 2;
}

function afterLineBreak(i: i32, kind: i32, block: bool, fields: bool): void {
  const n = St.dLen;
  let e = i;
  while (e < n && isTokenByte(dAt(e))) e++;
  if (e == i) return;
  let k = e;
  while (k < n && dAt(k) == 0x20) k++;
  if (k < n && dAt(k) == 0x3a && k == e && addressFirstLine() && mailHeaderAt(i, e)) emit(R_MAIL_INJECTION);
  if (k < n && dAt(k) == 0x3a && k == e) {
    const w = lookupWord(D, i, e);
    const known = w >= 0 && (wordMisc(w) & MISC_HTTP_HEADER) != 0;
    const label = e - i == kwLen(KW_LOCATION) && kwAt(i, KW_LOCATION) && !redirectTarget(k + 1);
    if ((known || !isBody(kind)) && !block && !label && (fields || !isBody(kind))) emit(R_HEADER_INJECTION);
  }
  if (requestLineAt(i)) emit(R_REQUEST_LINE_IN_VALUE);
  const w = lookupWord(D, i, e);
  const misc = w >= 0 ? wordMisc(w) : 0;
  if ((misc & MISC_SMTP) != 0) {
    // MAIL FROM:, RCPT TO:, or a bare verb ending the line (DATA, QUIT…).
    if (k < n && dAt(k) == 0x3a) return;
    let q = e;
    while (q < n && dAt(q) == 0x20) q++;
    let r = q;
    while (r < n && isAlpha(dAt(r))) r++;
    if (r < n && dAt(r) == 0x3a && r > q) emit(R_MAIL_INJECTION);
    else if (e >= n || dAt(e) == 0x0d || dAt(e) == 0x0a) emit(R_MAIL_INJECTION);
    else if (e - i == 4 && e < n && dAt(e) == 0x20) {
      // HELO/EHLO/VRFY/EXPN host: uppercase verbs only, prose rarely shouts.
      let upper = true;
      for (let q2 = i; q2 < e; q2++) if (dAt(q2) < 0x41 || dAt(q2) > 0x5a) upper = false;
      if (upper) emit(R_MAIL_INJECTION);
    }
  }
  // IMAP: tag (letters+digits) SP command [args with quotes, INBOX or CHARSET].
  let hasDigit = false;
  for (let q = i; q < e; q++) if (isDigit(dAt(q))) hasDigit = true;
  if (hasDigit && e < n && dAt(e) == 0x20 && e - i <= 10) {
    const cs = e + 1;
    let ce = cs;
    while (ce < n && isAlpha(dAt(ce))) ce++;
    const cw = lookupWord(D, cs, ce);
    if (cw >= 0 && (wordMisc(cw) & MISC_IMAP) != 0) {
      let upper = true;
      for (let q = cs; q < ce; q++) if (dAt(q) > 0x5a) upper = false;
      let quoted = false;
      for (let q = ce; q < n && q - ce < 64 && dAt(q) != 0x0a; q++) if (dAt(q) == 0x22) quoted = true;
      if (upper || quoted) emit(R_MAIL_INJECTION);
    }
  }
}

function wideLineBreakAt(i: i32): bool {
  const b = dAt(i);
  if ((b != 0x8a && b != 0x8d) || i == 0) return false;
  const p = dAt(i - 1);
  return p >= 0x80 && (p & 0x03) == 0 && (i + 1 >= St.dLen || (dAt(i + 1) & 0xc0) != 0x80);
}

function wideLineBreaks(): void {
  const n = St.dLen;
  for (let i = 1; i < n; i++) {
    if (!wideLineBreakAt(i)) continue;
    let lf = dAt(i) == 0x8a;
    let j = i + 1;
    while (true) {
      if (j < n && (dAt(j) == 0x0d || dAt(j) == 0x0a)) {
        lf = lf || dAt(j) == 0x0a;
        j++;
      } else if (j + 1 < n && wideLineBreakAt(j + 1)) {
        lf = lf || dAt(j + 1) == 0x8a;
        j += 2;
      } else if (j + 2 < n && wideLineBreakAt(j + 2)) {
        lf = lf || dAt(j + 2) == 0x8a;
        j += 3;
      } else break;
    }
    if (!lf) continue;
    let e = j;
    while (e < n && isTokenByte(dAt(e))) e++;
    if (e == j || e >= n || dAt(e) != 0x3a) continue;
    const w = e - j >= 4 ? lookupWord(D, j, e) : -1;
    if ((w >= 0 && (wordMisc(w) & MISC_HTTP_HEADER) != 0) || mailHeaderAt(j, e)) {
      emit(R_UNICODE_HEADER_INJECTION);
      return;
    }
  }
}

/** A second `(` between `from` and `to` (blanks aside). */
function nestedBefore(from: i32, to: i32): bool {
  for (let k = from; k < to; k++) if (dAt(k) == 0x28) return true;
  return false;
}

function ldap(): void {
  const n = St.dLen;
  for (let i = 0; i + 2 < n; i++) {
    if (dAt(i) != 0x29) continue;
    let k = i + 1;
    while (k < n && isSpace(dAt(k))) k++;
    if (k >= n || dAt(k) != 0x28) continue;
    k++;
    // Filters nest: `admin*)((|userPassword=*)` opens two before its operator (an operator only: code
    // calls a call's result, `f)((mod = {…})`).
    const opened = k;
    while (k < n && (isSpace(dAt(k)) || dAt(k) == 0x28)) k++;
    if (k >= n) continue;
    const c = dAt(k);
    if (c == 0x7c || c == 0x26 || c == 0x21) {
      emit(R_LDAP_INJECTION);
      return;
    }
    if (!isAlpha(c) || nestedBefore(opened, k)) continue;
    let e = k;
    // An extensible match's rule between colons (`ou:dn:=`): a colon only where the name ends in `:=`.
    let colon = false;
    while (e < n && (isWord(dAt(e)) || dAt(e) == 0x2d || dAt(e) == 0x2e || dAt(e) == 0x3b || dAt(e) == 0x3a)) {
      if (dAt(e) == 0x3a) colon = true;
      e++;
    }
    if (colon && (dAt(e - 1) != 0x3a || dAt(e) != 0x3d)) continue;
    while (e < n && isSpace(dAt(e))) e++;
    if (e < n && (dAt(e) == 0x3d || ((dAt(e) == 0x3e || dAt(e) == 0x3c || dAt(e) == 0x7e) && e + 1 < n && dAt(e + 1) == 0x3d))) {
      emit(R_LDAP_INJECTION);
      return;
    }
  }
}

/** See the reference: every line break of D comes at its end. */
function breaksTrail(): bool {
  let k = St.dLen;
  while (k > 0 && (dAt(k - 1) == 0x0d || dAt(k - 1) == 0x0a || dAt(k - 1) == 0x20 || dAt(k - 1) == 0x09 || dAt(k - 1) == 0x22)) k--;
  for (let i = 0; i < k; i++) if (dAt(i) == 0x0d || dAt(i) == 0x0a) return false;
  return true;
}

export function detectProtocol(kind: i32): void {
  const f = St.flags;
  const n = St.dLen;
  if ((f & N_NUL) != 0) emit(R_NUL_BYTE);
  if ((f & N_OVERLONG) != 0) emit(R_OVERLONG_UTF8);
  if ((f & N_INVALID_UTF8) != 0) emit(R_INVALID_UTF8);
  const rawKind = kind == K_PATH || kind == K_BODY_RAW;
  if (St.passes >= (rawKind ? 2 : 1)) emit(R_MULTI_ENCODED);
  if ((f & N_CTRL) != 0 && !isBody(kind) && kind != K_FILENAME) emit(R_CONTROL_CHARS);
  if ((f & (N_CR | N_LF)) != 0) {
    if (!isBody(kind) && !(kind == K_COOKIE_VALUE && breaksTrail())) emit(kind == K_QUERY_VALUE ? (R_CRLF_IN_QUERY_VALUE) : (R_CRLF_IN_FIELD));
    const block = isBody(kind) && firstLineIsField();
    let fields = true;
    let line = -1;
    for (let i = 0; i < n; i++) {
      const b = dAt(i);
      if (b != 0x0d && b != 0x0a) continue;
      let j = i + 1;
      while (j < n && (dAt(j) == 0x0d || dAt(j) == 0x0a)) j++;
      if (line >= 0 && messageLine(line)) fields = true;
      else if (line >= 0 && !fieldLine(line)) fields = false;
      if (emptyLineIn(i, j)) fields = false;
      if (j < n) afterLineBreak(j, kind, block, fields);
      line = j;
      i = j - 1;
    }
  }
  const m = St.mask;
  if ((m & M_SPACE) != 0 && requestLineAt(0)) emit(R_REQUEST_LINE_IN_VALUE);
  if ((m & M_RP) != 0) ldap();
  if ((m & M_HIGH) != 0 && (m & M_COLON) != 0) wideLineBreaks();
  if (kind == K_USER_AGENT) {
    // A tool's name where a product token starts, not inside another's (`python-httpx/0.27`).
    for (let h = 0; h < St.hits; h++) {
      if (patGroup(hitPat(h)) != G_UA_SCANNER) continue;
      const s = hitStart(h);
      if (s == 0 || !isTokenByte(dAt(s - 1))) emit(R_SCANNER_UA);
    }
  }
}

