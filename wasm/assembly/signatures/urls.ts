// urls detector: AssemblyScript port of core/signatures/ref/urls.ts (see there for the
// rationale of every check); keep the two in step, the equality test holds them equal.
import {
  G_META_PATH,
  G_OAST,
  G_SSRF_HOST,
  K_PATH,
  K_REFERER,
  K_USER_AGENT,
  R_RFI_FTP_URL,
  R_RFI_IP_HOST,
  R_RFI_OFFSITE_URL,
  R_RFI_TRAILING_QMARK,
  R_RFI_WRAPPER,
  R_SSRF_INTERNAL_HOST,
  R_SSRF_METADATA,
  R_SSRF_OAST,
  R_SSRF_OBFUSCATED_IP,
  R_SSRF_URL_CONFUSION,
  SSRF_META,
  TAG_WEB_SCHEME,
  TAG_WRAPPER,
} from "./tables";
import { M_BSL, M_COLON, M_QMARK, M_SLASH, hexVal, isAlpha, isDigit, isHex, isSpace, isWord } from "./chars";
import { D, St, dAt, emit, hitPat, hitStart } from "./mem";
import { patCode, patGroup, patOff, wordTag } from "./tab";
import { lookupWord } from "./dict";
import { N_NUL } from "./normalize";


function isSchemeByte(b: i32): bool {
  return isAlpha(b) || isDigit(b) || b == 0x2b || b == 0x2e || b == 0x2d;
}

function endsSegment(b: i32): bool {
  return b == 0x2f || b == 0x3f || b == 0x23 || isSpace(b) || b == 0x22 || b == 0x27;
}

function authorityEnd(i: i32): i32 {
  const n = St.dLen;
  let j = i;
  while (j < n) {
    const b = dAt(j);
    if (endsSegment(b) || b == 0x5c) break;
    j++;
  }
  return j;
}

/** Where the host starts in the authority D[a..ae): after its last '@', if any. */
function hostStart(a: i32, ae: i32): i32 {
  let hs = a;
  for (let q = a; q < ae; q++) if (dAt(q) == 0x40) hs = q + 1;
  return hs;
}

/** Classifies the host D[s..e): 1 dotted IPv4, 2 obfuscated number or IPv6 literal, 0 a name. */
function hostKind(s: i32, e: i32): i32 {
  if (s >= e) return 0;
  if (dAt(s) == 0x5b) return 2;
  let digitsOnly = true;
  let dots = 0;
  let hexLike = false;
  let partLen = 0;
  let leadingZero = false;
  for (let k = s; k < e; k++) {
    const b = dAt(k);
    if (b == 0x3a) {
      e = k;
      break;
    }
    if (b == 0x2e) {
      dots++;
      partLen = 0;
      continue;
    }
    if (partLen == 0 && b == 0x30 && k + 1 < e && (dAt(k + 1) | 0x20) == 0x78) hexLike = true;
    if (partLen == 0 && b == 0x30 && k + 1 < e && isDigit(dAt(k + 1))) leadingZero = true;
    if (!isDigit(b)) {
      if (!(hexLike && (isHex(b) || (b | 0x20) == 0x78))) digitsOnly = false;
    }
    partLen++;
  }
  if (!digitsOnly || e <= s) return 0;
  if (dots == 3 && !hexLike && !leadingZero) return 1;
  return 2;
}

/** IPv4 a.b.c.d is loopback, private, link-local or "this network": where SSRF goes. */
function internalIp(a: i32, b: i32): bool {
  return a == 127 || a == 10 || a == 0 || (a == 169 && b == 254) || (a == 192 && b == 168) || (a == 172 && b >= 16 && b <= 31);
}

/** The four-part number (`127.0.0.1`, `127-0-0-1`) starting at i within D[i..e): its first two parts, or -1. */
function embeddedQuad(i: i32, e: i32): i32 {
  let k = i;
  let sep = 0;
  let first = 0;
  let second = 0;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (k >= e) return -1;
      const c = dAt(k);
      if ((c != 0x2e && c != 0x2d) || (sep != 0 && c != sep)) return -1;
      sep = c;
      k++;
    }
    const s = k;
    let v = 0;
    while (k < e && k - s < 4 && isDigit(dAt(k))) v = v * 10 + ((dAt(k++)) - 0x30);
    if (k == s || k - s > 3 || v > 255) return -1;
    if (part == 0) first = v;
    else if (part == 1) second = v;
  }
  if (k < e && isDigit(dAt(k))) return -1;
  return first * 256 + second;
}

/** Label D[s..s+8) is eight hex digits: the address's first two bytes, or -1. */
function hexLabel(s: i32, e: i32): i32 {
  if (s + 8 > e || (s + 8 < e && dAt(s + 8) != 0x2e)) return -1;
  let v = 0;
  for (let k = s; k < s + 4; k++) {
    if (!isHex(dAt(k))) return -1;
    v = v * 16 + hexVal(dAt(k));
  }
  for (let k = s + 4; k < s + 8; k++) if (!isHex(dAt(k))) return -1;
  return v;
}

/**
 * A host name D[s..e) that spells an internal address for a wildcard-DNS or rebinding service to
 * answer with: `127.0.0.1.nip.io`, `app-10-0-0-5.sslip.io`, `make-127-0-0-1-rr.1u.ms`, or two
 * eight-hex-digit labels (`7f000001.a9fea9fe.rbndr.us`, one address or the other at each lookup).
 */
function spellsInternalHost(s: i32, e: i32): bool {
  for (let k = s; k < e; k++) if (dAt(k) == 0x3a) e = k;
  for (let k = s; k < e; k++) {
    if (!isDigit(dAt(k)) || (k > s && isDigit(dAt(k - 1)))) continue;
    const q = embeddedQuad(k, e);
    if (q >= 0 && internalIp(q >> 8, q & 255)) return true;
  }
  for (let k = s; k + 17 <= e; k++) {
    if (k > s && dAt(k - 1) != 0x2e) continue;
    const a = hexLabel(k, e);
    if (a < 0) continue;
    const b = hexLabel(k + 9, e);
    if (b >= 0 && (internalIp(a >> 8, a & 255) || internalIp(b >> 8, b & 255))) return true;
  }
  return false;
}

function ssrfHostAt(s: i32): i32 {
  for (let h = 0; h < St.hits; h++) {
    const p = hitPat(h);
    if (patGroup(p) == G_SSRF_HOST && hitStart(h) == s) return patCode(p);
  }
  return 0;
}

function ssrfHostEndsOk(p: i32, s: i32): bool {
  const e = s + patOff(p + 1) - patOff(p);
  if (e >= St.dLen) return true;
  const b = dAt(e);
  return b == 0x2f || b == 0x3a || b == 0x3f || b == 0x23 || b == 0x5c;
}

function isFtp(k: i32, i: i32): bool {
  return i - k <= 4 && (dAt(k) | 0x20) == 0x66;
}

function atBeforeSegmentEnd(i: i32): bool {
  const n = St.dLen;
  for (let j = i; j < n; j++) {
    const b = dAt(j);
    if (endsSegment(b)) return false;
    if (b == 0x40) return true;
  }
  return false;
}

function parserConfusion(a: i32): bool {
  const n = St.dLen;
  const ae = authorityEnd(a);
  let ats = 0;
  for (let j = a; j < ae; j++) if (dAt(j) == 0x40) ats++;
  if (ats >= 2) return true;
  if (ats == 1 && ssrfHostAt(a) != 0) return true;
  if (ae + 1 >= n) return false;
  if ((dAt(ae) == 0x23 || dAt(ae) == 0x3f) && dAt(ae + 1) == 0x40) return true;
  if (dAt(ae) == 0x5c) return atBeforeSegmentEnd(ae + 1);
  return dAt(ae) == 0x2f && dAt(ae + 1) == 0x3a && atBeforeSegmentEnd(ae + 2);
}

/**
 * A Referer (or Origin) is one URL, usually of the app's own pages, and in
 * development often on localhost: only what no browser sends counts there.
 * A stream wrapper or local scheme (gopher://, file://), a cloud metadata
 * host, or a host written as a number in hex, octal or fewer than four parts
 * (a browser writes the dotted form).
 */
function refererUrl(): void {
  const n = St.dLen;
  let k = 0;
  while (k < n && isSpace(dAt(k))) k++;
  let i = k;
  while (i < n && i - k < 24 && isSchemeByte(dAt(i))) i++;
  if (i == k || i + 2 >= n || dAt(i) != 0x3a || dAt(i + 1) != 0x2f || dAt(i + 2) != 0x2f) return;
  const w = lookupWord(D, k, i);
  const tag = w >= 0 ? wordTag(w) : 0;
  if ((tag & TAG_WRAPPER) != 0) {
    emit(R_RFI_WRAPPER);
    return;
  }
  if ((tag & TAG_WEB_SCHEME) == 0) return;
  const a = i + 3;
  const ae = authorityEnd(a);
  const hs = hostStart(a, ae);
  if (ssrfHostAt(hs) == SSRF_META) emit(R_SSRF_METADATA);
  else if ((dAt(hs) != 0x5b || v4MappedLiteral(hs, ae)) && hostKind(hs, ae) == 2) emit(R_SSRF_OBFUSCATED_IP);
}

/** The bracketed host D[hs..ae) is an IPv4-mapped IPv6 literal (`[::ffff:a9fe:a9fe]`). */
function v4MappedLiteral(hs: i32, ae: i32): bool {
  let k = hs + 1;
  while (k < ae && (dAt(k) == 0x30 || dAt(k) == 0x3a)) k++;
  if (k == hs + 1 || k + 5 > ae || dAt(k - 1) != 0x3a) return false;
  for (let j = 0; j < 4; j++) if ((dAt(k + j) | 0x20) != 0x66) return false;
  return dAt(k + 4) == 0x3a;
}

/** The URL D[a..e) ends with an empty fragment right after a file name (`…/shell.txt#`). */
function emptyFragmentAfterFile(a: i32, e: i32): bool {
  if (dAt(e - 1) != 0x23) return false;
  let k = e - 2;
  let ext = 0;
  while (k > a && isWord(dAt(k))) {
    k--;
    ext++;
  }
  if (dAt(k) != 0x2e || ext == 0 || ext > 5) return false;
  while (k > a && dAt(k) != 0x2f) k--;
  return dAt(k) == 0x2f && k > a;
}

/** A value that is a UNC path to an address: a remote inclusion over SMB or WebDAV. */
function uncAddress(): void {
  const n = St.dLen;
  let u = 0;
  while (u < n && isSpace(dAt(u))) u++;
  if (u + 2 >= n || dAt(u) != 0x5c || dAt(u + 1) != 0x5c) return;
  const hs = u + 2;
  let he = hs;
  while (he < n && dAt(he) != 0x5c && dAt(he) != 0x2f && dAt(he) != 0x40 && !isSpace(dAt(he))) he++;
  if (hostKind(hs, he) != 0) emit(R_RFI_IP_HOST);
}

/**
 * A protocol-relative URL opening the value (`//evil.example/shell.txt#`): an include or a fetch of it
 * goes to that host with the page's own scheme, so it is judged as an absolute URL at the start of a
 * value is. A host name with a dot only (`// TODO`, `//server/share` are no URLs).
 */
function linkLocalHost(hs: i32): bool {
  return dAt(hs) == 0x31 && dAt(hs + 1) == 0x36 && dAt(hs + 2) == 0x39 && dAt(hs + 3) == 0x2e;
}

function judgeFetchedHost(hs: i32, ae: i32): i32 {
  const ssrf = ssrfHostAt(hs);
  if (ssrf != 0) {
    emit(ssrf == SSRF_META ? R_SSRF_METADATA : R_SSRF_INTERNAL_HOST);
    return -1;
  }
  const hk = hostKind(hs, ae);
  if (hk == 2) emit(R_SSRF_OBFUSCATED_IP);
  else if (hk == 1) emit(linkLocalHost(hs) ? R_SSRF_METADATA : R_RFI_IP_HOST);
  else if (spellsInternalHost(hs, ae)) emit(R_SSRF_INTERNAL_HOST);
  return hk;
}

function protocolRelative(): void {
  const n = St.dLen;
  if (n < 5 || dAt(0) != 0x2f || dAt(1) != 0x2f || !isWord(dAt(2))) return;
  const ae = authorityEnd(2);
  const hs = hostStart(2, ae);
  let dot = false;
  for (let k = hs; k < ae; k++) if (dAt(k) == 0x2e) dot = true;
  if (!dot) return;
  const hk = judgeFetchedHost(hs, ae);
  if (hk < 0) return;
  let e = n;
  while (e > 0 && isSpace(dAt(e - 1))) e--;
  if (e > 2 && (dAt(e - 1) == 0x3f || (St.flags & N_NUL) != 0 || emptyFragmentAfterFile(2, e)))
    emit(R_RFI_TRAILING_QMARK);
  else if (hk == 0) emit(R_RFI_OFFSITE_URL);
}

/**
 * A URL or a stream wrapper that starts a path segment (`/fetch/http://localhost:8080/admin`,
 * `/index/http%3A%2F%2Fevil.example%2Fc99.txt%3F`, `/page/data://text/plain;base64,…`): a route
 * that fetches or includes its last segments. Judged by what it names: a wrapper, an internal,
 * metadata or numeric host, or a `?` that cuts the application's suffix off.
 */
/** D[e] is the `=` of a `name=` that starts its path segment (mirrors the reference's segmentParam). */
function segmentParam(e: i32): bool {
  if (dAt(e) != 0x3d) return false;
  let k = e;
  while (k > 0 && (isWord(dAt(k - 1)) || dAt(k - 1) == 0x2d)) k--;
  return k < e && k > 0 && dAt(k - 1) == 0x2f;
}

function pathUrls(): void {
  const n = St.dLen;
  for (let i = 1; i + 2 < n; i++) {
    if (dAt(i) != 0x3a || dAt(i + 1) != 0x2f || dAt(i + 2) != 0x2f) continue;
    let k = i;
    while (k > 0 && i - k < 24 && isSchemeByte(dAt(k - 1))) k--;
    if (k == i || k == 0 || (dAt(k - 1) != 0x2f && !segmentParam(k - 1))) continue;
    const w = lookupWord(D, k, i);
    const tag = w >= 0 ? wordTag(w) : 0;
    if ((tag & TAG_WRAPPER) != 0) {
      emit(R_RFI_WRAPPER);
      continue;
    }
    if ((tag & TAG_WEB_SCHEME) == 0) continue;
    const a = i + 3;
    const ae = authorityEnd(a);
    judgeFetchedHost(hostStart(a, ae), ae);
    if (dAt(n - 1) == 0x3f) emit(R_RFI_TRAILING_QMARK);
  }
}

function isHostByte(b: i32): bool {
  return isAlpha(b) || isDigit(b) || b == 0x2d;
}

function oastHost(): bool {
  for (let h = 0; h < St.hits; h++) {
    const p = hitPat(h);
    if (patGroup(p) != G_OAST) continue;
    const s = hitStart(h);
    const e = s + patOff(p + 1) - patOff(p);
    if (s > 0 && isHostByte(dAt(s - 1)) && (e >= St.dLen || !isHostByte(dAt(e)))) return true;
  }
  return false;
}

function metadataPath(): bool {
  for (let h = 0; h < St.hits; h++) if (patGroup(hitPat(h)) == G_META_PATH) return true;
  return false;
}

export function detectUrls(kind: i32): void {
  if (oastHost()) emit(R_SSRF_OAST);
  if (kind != K_USER_AGENT && metadataPath()) emit(R_SSRF_METADATA);
  if (kind == K_REFERER) {
    if ((St.mask & M_COLON) != 0 && (St.mask & M_SLASH) != 0) refererUrl();
    return;
  }
  if (kind == K_PATH) {
    for (let h = 0; h < St.hits; h++) {
      const p = hitPat(h);
      if (patGroup(p) == G_SSRF_HOST && patCode(p) == SSRF_META) {
        emit(R_SSRF_METADATA);
        return;
      }
    }
    if ((St.mask & M_COLON) != 0 && (St.mask & M_SLASH) != 0) pathUrls();
    return;
  }
  if (kind == K_USER_AGENT) return;
  const n = St.dLen;
  const schemes = (St.mask & M_COLON) != 0;
  for (let i = 1; schemes && i + 2 < n; i++) {
    if (dAt(i) != 0x3a) continue;
    const standard = dAt(i + 1) == 0x2f && dAt(i + 2) == 0x2f;
    if (!standard && !lenientAuthority(i + 1)) continue;
    let k = i;
    while (k > 0 && i - k < 24 && isSchemeByte(dAt(k - 1))) k--;
    if (k == i) continue;
    let w = lookupWord(D, k, i);
    if (w < 0) {
      // ssh2.sftp, compress.zlib: classify by the part before the dot.
      let dot = k;
      while (dot < i && dAt(dot) != 0x2e) dot++;
      if (dot < i) w = lookupWord(D, k, dot);
    }
    const tag = w >= 0 ? wordTag(w) : 0;
    let atStart = true;
    for (let q = 0; q < k; q++) if (!isSpace(dAt(q))) atStart = false;
    // A wrapper written before the scheme (jar:http://…, url:file://…).
    let wrapped = false;
    if (k >= 2 && dAt(k - 1) == 0x3a) {
      let q = k - 1;
      while (q > 0 && isAlpha(dAt(q - 1))) q--;
      const pw = lookupWord(D, q, k - 1);
      if (pw >= 0 && (wordTag(pw) & TAG_WRAPPER) != 0) wrapped = true;
    }
    // `http:\\host`, `http:/\host`, `http:host`: web schemes only, as WHATWG parsers read them.
    if (!standard && (tag & TAG_WEB_SCHEME) == 0) continue;
    if ((tag & TAG_WRAPPER) != 0 || wrapped) {
      if (k == 0 || !isWord(dAt(k - 1))) emit(R_RFI_WRAPPER);
      continue;
    }
    if ((tag & TAG_WEB_SCHEME) == 0) continue;
    let a = i + 1;
    let backslash = false;
    while (a < n && (dAt(a) == 0x2f || dAt(a) == 0x5c)) {
      if (dAt(a) == 0x5c) backslash = true;
      a++;
    }
    if (a == i + 1 && ssrfHostAt(a) == 0) continue;
    const ae = authorityEnd(a);
    const hs = hostStart(a, ae);
    const hk = hostKind(hs, ae);
    const ssrf = ssrfHostAt(hs);
    // A URL the application may fetch starts the value or is embedded as a value (after = @ or a quote);
    // one mentioned in the middle of prose is not a request target. Metadata addresses count anywhere.
    const before = k > 0 ? dAt(k - 1) : 0x3d;
    const target = atStart || before == 0x3d || before == 0x40 || before == 0x22 || before == 0x27;
    if (ssrf == SSRF_META) emit(R_SSRF_METADATA);
    else if (ssrf != 0 && target) emit(R_SSRF_INTERNAL_HOST);
    else if (hk == 2 && target) emit(R_SSRF_OBFUSCATED_IP);
    else if (hk == 0 && target && spellsInternalHost(hs, ae)) emit(R_SSRF_INTERNAL_HOST);
    else if (hk == 1) {
      if (linkLocalHost(hs))
        emit(R_SSRF_METADATA);
      else if (atStart) emit(R_RFI_IP_HOST);
    }
    if (target && (backslash || parserConfusion(a))) emit(R_SSRF_URL_CONFUSION);
    if (atStart) {
      let e = n;
      while (e > 0 && isSpace(dAt(e - 1))) e--;
      // `…/shell.txt?`, `…/shell.txt#` or a NUL in the URL (`r57.txt%00`): the application's suffix is cut off.
      if (e > a && (dAt(e - 1) == 0x3f || (St.flags & N_NUL) != 0 || emptyFragmentAfterFile(a, e)))
        emit(R_RFI_TRAILING_QMARK);
      else if (ssrf == 0 && hk == 0) {
        if (isFtp(k, i)) emit(R_RFI_FTP_URL);
        else emit(R_RFI_OFFSITE_URL);
      }
    }
  }
  // A value that starts with a web or file scheme and ends in '?' ("https://x/y?", "ftp?").
  let sw = 0;
  while ((St.mask & M_QMARK) != 0 && sw < n && sw < 8 && isAlpha(dAt(sw))) sw++;
  if (sw >= 3 && n > sw && dAt(n - 1) == 0x3f && (dAt(sw) == 0x3a || dAt(sw) == 0x3f)) {
    const w = lookupWord(D, 0, sw);
    if (w >= 0 && (wordTag(w) & (TAG_WEB_SCHEME | TAG_WRAPPER)) != 0) emit(R_RFI_TRAILING_QMARK);
  }
  if ((St.mask & M_BSL) != 0) uncAddress();
  if ((St.mask & M_SLASH) != 0) protocolRelative();
  // Internal host names at the start of a value, without a scheme (localhost/, hoSt.docker.internal:80).
  for (let h = 0; h < St.hits; h++) {
    const p = hitPat(h);
    const s = hitStart(h);
    if (patGroup(p) != G_SSRF_HOST) continue;
    // Or a metadata address after an `@`: what a URL built around the value takes for its host.
    const e = s + patOff(p + 1) - patOff(p);
    const lead =
      s == 0 ||
      (s == 2 && dAt(0) == 0x2f && dAt(1) == 0x2f) ||
      (dAt(s - 1) == 0x40 && (patCode(p) == SSRF_META || accountAuthority(s - 1, e)));
    if (!lead) continue;
    if (cidrPrefixAt(e)) continue;
    if ((e < n && ssrfHostEndsOk(p, s)) || (e == n && patCode(p) == SSRF_META))
      emit(patCode(p) == SSRF_META ? (R_SSRF_METADATA) : (R_SSRF_INTERNAL_HOST));
  }
}

/** `user@host:port/…` from the value's start (mirrors the reference's accountAuthority). */
function accountAuthority(at: i32, e: i32): bool {
  const n = St.dLen;
  if (at == 0 || e >= n) return false;
  if (!((dAt(e) == 0x3a && e + 1 < n && isDigit(dAt(e + 1))) || dAt(e) == 0x2f)) return false;
  for (let q = 0; q < at; q++) {
    const c = dAt(q);
    if (isSpace(c) || c == 0x2f || c == 0x40) return false;
  }
  return true;
}

/** A CIDR prefix length ends the value at `e` (`0.0.0.0/0`): a network block, not a host to fetch. */
function cidrPrefixAt(e: i32): bool {
  const n = St.dLen;
  if (e + 1 >= n || dAt(e) != 0x2f || n - e - 1 > 3) return false;
  for (let k = e + 1; k < n; k++) if (!isDigit(dAt(k))) return false;
  return true;
}

/**
 * After a scheme's `:` at D[p] comes what a WHATWG parser takes for an authority although it is not
 * `//`: slashes and backslashes in any mix (`http:\\169.254.169.254`, `http:/\127.0.0.1`), or an
 * address literal straight away (`http:127.0.0.1:9200`). The scheme decides whether it counts.
 */
function lenientAuthority(p: i32): bool {
  const b = dAt(p);
  return b == 0x2f || b == 0x5c || isDigit(b) || b == 0x5b;
}
