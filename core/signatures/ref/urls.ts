/**
 * @module core/signatures/ref/urls
 * URLs inside parameters: stream wrappers and local schemes (php://, file://,
 * phar://, jar:…), remote inclusion by IP address or with a trailing `?` that
 * cuts the application's suffix, and server-side request forgery toward cloud
 * metadata, loopback or container-internal hosts, or hosts written as
 * integers, hex, octal or IPv6 literals to dodge filters. A plain off-site
 * URL is only a paranoia-2 signal: links in parameters are normal; an FTP
 * URL as a whole value, or a URL whose host parsers would disagree on
 * (several '@', a backslash before '@'), is not.
 * Mirrors wasm/assembly/signatures/urls.ts.
 */

import { PAT_CODE, PAT_GROUP, PAT_OFF, WORD_TAG } from "../tables/flat.ts";
import { K_PATH, K_REFERER, K_USER_AGENT } from "../tables/kinds.ts";
import { G_META_PATH, G_OAST, G_SSRF_HOST, SSRF_META } from "../tables/patterns.ts";
import { R } from "../tables/rules.ts";
import { TAG_WEB_SCHEME, TAG_WRAPPER } from "../tables/words.ts";
import { hexVal, isAlpha, isDigit, isHex, isSpace, isWord, M_BSL, M_COLON, M_QMARK, M_SLASH } from "./chars.ts";
import { lookupWord } from "./dict.ts";
import { D, emit, HIT_PAT, HIT_START, st } from "./mem.ts";
import { N_NUL } from "./normalize.ts";

function isSchemeByte(b: number): boolean {
  return isAlpha(b) || isDigit(b) || b === 0x2b || b === 0x2e || b === 0x2d;
}

/** A byte that ends a URL's authority or path segment: '/', '?', '#', a blank or a quote. */
function endsSegment(b: number): boolean {
  return b === 0x2f || b === 0x3f || b === 0x23 || isSpace(b) || b === 0x22 || b === 0x27;
}

function authorityEnd(i: number): number {
  const n = st.dLen;
  let j = i;
  while (j < n) {
    const b = D[j] as number;
    if (endsSegment(b) || b === 0x5c) break;
    j++;
  }
  return j;
}

/** Where the host starts in the authority D[a..ae): after its last '@', if any. */
function hostStart(a: number, ae: number): number {
  let hs = a;
  for (let q = a; q < ae; q++) if (D[q] === 0x40) hs = q + 1;
  return hs;
}

/** Classifies the host D[s..e): 1 dotted IPv4, 2 obfuscated number or IPv6 literal, 0 a name. */
function hostKind(s: number, e: number): number {
  if (s >= e) return 0;
  if (D[s] === 0x5b) return 2;
  let digitsOnly = true;
  let dots = 0;
  let hexLike = false;
  let partLen = 0;
  let leadingZero = false;
  for (let k = s; k < e; k++) {
    const b = D[k] as number;
    if (b === 0x3a) {
      e = k;
      break;
    }
    if (b === 0x2e) {
      dots++;
      partLen = 0;
      continue;
    }
    if (partLen === 0 && b === 0x30 && k + 1 < e && ((D[k + 1] as number) | 0x20) === 0x78) hexLike = true;
    if (partLen === 0 && b === 0x30 && k + 1 < e && isDigit(D[k + 1] as number)) leadingZero = true;
    if (!isDigit(b)) {
      if (!(hexLike && (isHex(b) || (b | 0x20) === 0x78))) digitsOnly = false;
    }
    partLen++;
  }
  if (!digitsOnly || e <= s) return 0;
  if (dots === 3 && !hexLike && !leadingZero) return 1;
  return 2;
}

/** IPv4 a.b.c.d is loopback, private, link-local or "this network": where SSRF goes. */
function internalIp(a: number, b: number): boolean {
  return (
    a === 127 ||
    a === 10 ||
    a === 0 ||
    (a === 169 && b === 254) ||
    (a === 192 && b === 168) ||
    (a === 172 && b >= 16 && b <= 31)
  );
}

/** The four-part number (`127.0.0.1`, `127-0-0-1`) starting at i within D[i..e): its first two parts, or -1. */
function embeddedQuad(i: number, e: number): number {
  let k = i;
  let sep = 0;
  let first = 0;
  let second = 0;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (k >= e) return -1;
      const c = D[k] as number;
      if ((c !== 0x2e && c !== 0x2d) || (sep !== 0 && c !== sep)) return -1;
      sep = c;
      k++;
    }
    const s = k;
    let v = 0;
    while (k < e && k - s < 4 && isDigit(D[k] as number)) v = v * 10 + ((D[k++] as number) - 0x30);
    if (k === s || k - s > 3 || v > 255) return -1;
    if (part === 0) first = v;
    else if (part === 1) second = v;
  }
  if (k < e && isDigit(D[k] as number)) return -1;
  return first * 256 + second;
}

/** Label D[s..s+8) is eight hex digits: the address's first two bytes, or -1. */
function hexLabel(s: number, e: number): number {
  if (s + 8 > e || (s + 8 < e && D[s + 8] !== 0x2e)) return -1;
  let v = 0;
  for (let k = s; k < s + 4; k++) {
    if (!isHex(D[k] as number)) return -1;
    v = v * 16 + hexVal(D[k] as number);
  }
  for (let k = s + 4; k < s + 8; k++) if (!isHex(D[k] as number)) return -1;
  return v;
}

/**
 * A host name D[s..e) that spells an internal address for a wildcard-DNS or rebinding service to
 * answer with: `127.0.0.1.nip.io`, `app-10-0-0-5.sslip.io`, `make-127-0-0-1-rr.1u.ms`, or two
 * eight-hex-digit labels (`7f000001.a9fea9fe.rbndr.us`, one address or the other at each lookup).
 */
function spellsInternalHost(s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (D[k] === 0x3a) e = k;
  for (let k = s; k < e; k++) {
    if (!isDigit(D[k] as number) || (k > s && isDigit(D[k - 1] as number))) continue;
    const q = embeddedQuad(k, e);
    if (q >= 0 && internalIp(q >> 8, q & 255)) return true;
  }
  for (let k = s; k + 17 <= e; k++) {
    if (k > s && D[k - 1] !== 0x2e) continue;
    const a = hexLabel(k, e);
    if (a < 0) continue;
    const b = hexLabel(k + 9, e);
    if (b >= 0 && (internalIp(a >> 8, a & 255) || internalIp(b >> 8, b & 255))) return true;
  }
  return false;
}

function ssrfHostAt(s: number): number {
  for (let h = 0; h < st.hits; h++) {
    const p = HIT_PAT[h] as number;
    if (PAT_GROUP[p] === G_SSRF_HOST && HIT_START[h] === s) return PAT_CODE[p] as number;
  }
  return 0;
}

function ssrfHostEndsOk(p: number, s: number): boolean {
  const e = s + (PAT_OFF[p + 1] as number) - (PAT_OFF[p] as number);
  if (e >= st.dLen) return true;
  const b = D[e] as number;
  return b === 0x2f || b === 0x3a || b === 0x3f || b === 0x23 || b === 0x5c;
}

/** Scheme D[k..i) is ftp or ftps (web schemes otherwise are http and https). */
function isFtp(k: number, i: number): boolean {
  return i - k <= 4 && ((D[k] as number) | 0x20) === 0x66;
}

/** Whether an '@' follows position `i` before the segment, query or fragment ends. */
function atBeforeSegmentEnd(i: number): boolean {
  const n = st.dLen;
  for (let j = i; j < n; j++) {
    const b = D[j] as number;
    if (endsSegment(b)) return false;
    if (b === 0x40) return true;
  }
  return false;
}

/**
 * A URL whose host parsers disagree on (the authority starts at `a`): several
 * '@' in the authority (http://a@b@evil.example), a backslash ending the
 * authority before an '@' (http://evil.example\@good.example: '\' is '/' to
 * browsers, userinfo to others), or a first path segment that starts with ':'
 * and holds an '@' (http://good.example%2f:x@evil.example, decoded), or a
 * `#@` or `?@` right after the host (http://good.example#@evil.example), the
 * classic ways past an allow-list check to another host. '@' elsewhere in a
 * path (/@alice@example.org, logo@2x.png) is ordinary.
 */
function parserConfusion(a: number): boolean {
  const n = st.dLen;
  const ae = authorityEnd(a);
  let ats = 0;
  for (let j = a; j < ae; j++) if (D[j] === 0x40) ats++;
  if (ats >= 2) return true;
  // `http://localhost:3000@evil.example/`: user info that names an internal host, for a check that
  // reads the start of the URL while the fetch goes to what follows the '@'.
  if (ats === 1 && ssrfHostAt(a) !== 0) return true;
  if (ae + 1 >= n) return false;
  // `https://cdn.example.com#@169.254.169.254/`: a parser that reads no fragment or query there takes
  // what follows the '@' for the host.
  if ((D[ae] === 0x23 || D[ae] === 0x3f) && D[ae + 1] === 0x40) return true;
  if (D[ae] === 0x5c) return atBeforeSegmentEnd(ae + 1);
  return D[ae] === 0x2f && D[ae + 1] === 0x3a && atBeforeSegmentEnd(ae + 2);
}

/**
 * A Referer (or Origin) is one URL, usually of the app's own pages, and in
 * development often on localhost: only what no browser sends counts there.
 * A stream wrapper or local scheme (gopher://, file://), a cloud metadata
 * host, or a host written as a number in hex, octal or fewer than four parts
 * (a browser writes the dotted form).
 */
function refererUrl(): void {
  const n = st.dLen;
  let k = 0;
  while (k < n && isSpace(D[k] as number)) k++;
  let i = k;
  while (i < n && i - k < 24 && isSchemeByte(D[i] as number)) i++;
  if (i === k || i + 2 >= n || D[i] !== 0x3a || D[i + 1] !== 0x2f || D[i + 2] !== 0x2f) return;
  const w = lookupWord(D, k, i);
  const tag = w >= 0 ? (WORD_TAG[w] as number) : 0;
  if ((tag & TAG_WRAPPER) !== 0) {
    emit(R.RFI_WRAPPER as number);
    return;
  }
  if ((tag & TAG_WEB_SCHEME) === 0) return;
  const a = i + 3;
  const ae = authorityEnd(a);
  const hs = hostStart(a, ae);
  if (ssrfHostAt(hs) === SSRF_META) emit(R.SSRF_METADATA as number);
  else if ((D[hs] !== 0x5b || v4MappedLiteral(hs, ae)) && hostKind(hs, ae) === 2) emit(R.SSRF_OBFUSCATED_IP as number);
}

/**
 * The bracketed host D[hs..ae) is an IPv4-mapped IPv6 literal (`[::ffff:a9fe:a9fe]`,
 * `[0:0:0:0:0:ffff:7f00:1]`): an IPv4 address in disguise, which no site is served from. A plain
 * IPv6 literal (`[::1]` in development, a server's global address) is an honest host.
 */
function v4MappedLiteral(hs: number, ae: number): boolean {
  let k = hs + 1;
  while (k < ae && (D[k] === 0x30 || D[k] === 0x3a)) k++;
  if (k === hs + 1 || k + 5 > ae || D[k - 1] !== 0x3a) return false;
  for (let j = 0; j < 4; j++) if (((D[k + j] as number) | 0x20) !== 0x66) return false;
  return D[k + 4] === 0x3a;
}

/**
 * The URL D[a..e) ends with an empty fragment right after a file name
 * (`…/shell.txt#`): a `#` that cuts off what the application appends.
 */
function emptyFragmentAfterFile(a: number, e: number): boolean {
  if (D[e - 1] !== 0x23) return false;
  let k = e - 2;
  let ext = 0;
  while (k > a && isWord(D[k] as number)) {
    k--;
    ext++;
  }
  if (D[k] !== 0x2e || ext === 0 || ext > 5) return false;
  while (k > a && D[k] !== 0x2f) k--;
  return D[k] === 0x2f && k > a;
}

/**
 * A value that is a UNC path to an address (`\\203.0.113.5\share\x.php`):
 * Windows opens it over SMB or WebDAV, so a PHP include of it is a remote
 * inclusion that `allow_url_include` does not stop. A UNC path to a named
 * server (`\\fileserver\docs\a.docx`) is an ordinary file share.
 */
function uncAddress(): void {
  const n = st.dLen;
  let u = 0;
  while (u < n && isSpace(D[u] as number)) u++;
  if (u + 2 >= n || D[u] !== 0x5c || D[u + 1] !== 0x5c) return;
  const hs = u + 2;
  let he = hs;
  while (he < n && D[he] !== 0x5c && D[he] !== 0x2f && D[he] !== 0x40 && !isSpace(D[he] as number)) he++;
  if (hostKind(hs, he) !== 0) emit(R.RFI_IP_HOST as number);
}

/** The dotted host at hs is in 169.254.0.0/16, where the clouds' metadata services answer. */
function linkLocalHost(hs: number): boolean {
  return D[hs] === 0x31 && D[hs + 1] === 0x36 && D[hs + 2] === 0x39 && D[hs + 3] === 0x2e;
}

/**
 * Judges the host D[hs..ae) of a URL the application would fetch (one that opens the value or a path
 * segment): a metadata or internal name, a numeric host, a link-local or other IP, a name spelling
 * an internal address. Returns the host's kind (hostKind), or -1 for a known metadata or internal name.
 */
function judgeFetchedHost(hs: number, ae: number): number {
  const ssrf = ssrfHostAt(hs);
  if (ssrf !== 0) {
    emit(ssrf === SSRF_META ? (R.SSRF_METADATA as number) : (R.SSRF_INTERNAL_HOST as number));
    return -1;
  }
  const hk = hostKind(hs, ae);
  if (hk === 2) emit(R.SSRF_OBFUSCATED_IP as number);
  else if (hk === 1) emit(linkLocalHost(hs) ? (R.SSRF_METADATA as number) : (R.RFI_IP_HOST as number));
  else if (spellsInternalHost(hs, ae)) emit(R.SSRF_INTERNAL_HOST as number);
  return hk;
}

/**
 * A protocol-relative URL opening the value (`//evil.example/shell.txt#`): an include or a fetch of it
 * goes to that host with the page's own scheme, so it is judged as an absolute URL at the start of a
 * value is. A host name with a dot only (`// TODO`, `//server/share` are no URLs).
 */
function protocolRelative(): void {
  const n = st.dLen;
  if (n < 5 || D[0] !== 0x2f || D[1] !== 0x2f || !isWord(D[2] as number)) return;
  const ae = authorityEnd(2);
  const hs = hostStart(2, ae);
  let dot = false;
  for (let k = hs; k < ae; k++) if (D[k] === 0x2e) dot = true;
  if (!dot) return;
  const hk = judgeFetchedHost(hs, ae);
  if (hk < 0) return;
  let e = n;
  while (e > 0 && isSpace(D[e - 1] as number)) e--;
  if (e > 2 && (D[e - 1] === 0x3f || (st.flags & N_NUL) !== 0 || emptyFragmentAfterFile(2, e)))
    emit(R.RFI_TRAILING_QMARK as number);
  else if (hk === 0) emit(R.RFI_OFFSITE_URL as number);
}

/** D[e] is the `=` of a `name=` that starts its path segment (`/proxy=`). */
function segmentParam(e: number): boolean {
  if (D[e] !== 0x3d) return false;
  let k = e;
  while (k > 0 && (isWord(D[k - 1] as number) || D[k - 1] === 0x2d)) k--;
  return k < e && k > 0 && D[k - 1] === 0x2f;
}

/**
 * A URL or a stream wrapper that starts a path segment (`/fetch/http://localhost:8080/admin`,
 * `/index/http%3A%2F%2Fevil.example%2Fc99.txt%3F`, `/page/data://text/plain;base64,…`): a route
 * that fetches or includes its last segments. Judged by what it names: a wrapper, an internal,
 * metadata or numeric host, or a `?` that cuts the application's suffix off.
 */
function pathUrls(): void {
  const n = st.dLen;
  for (let i = 1; i + 2 < n; i++) {
    if (D[i] !== 0x3a || D[i + 1] !== 0x2f || D[i + 2] !== 0x2f) continue;
    let k = i;
    while (k > 0 && i - k < 24 && isSchemeByte(D[k - 1] as number)) k--;
    // After a `/`, or after a segment's own `name=` (Gradio's `/gradio_api/proxy=http://127.0.0.1:8265/`).
    if (k === i || k === 0 || (D[k - 1] !== 0x2f && !segmentParam(k - 1))) continue;
    const w = lookupWord(D, k, i);
    const tag = w >= 0 ? (WORD_TAG[w] as number) : 0;
    if ((tag & TAG_WRAPPER) !== 0) {
      emit(R.RFI_WRAPPER as number);
      continue;
    }
    if ((tag & TAG_WEB_SCHEME) === 0) continue;
    const a = i + 3;
    const ae = authorityEnd(a);
    judgeFetchedHost(hostStart(a, ae), ae);
    if (D[n - 1] === 0x3f) emit(R.RFI_TRAILING_QMARK as number);
  }
}

/** A host name's byte: a letter, a digit or '-'. */
function isHostByte(b: number): boolean {
  return isAlpha(b) || isDigit(b) || b === 0x2d;
}

/**
 * A host under an out-of-band interaction service's domain: a label of the probe's own before the
 * domain (`n7c2x.ceye.io`), and the domain ending there (not `.oast.funds.example`).
 */
function oastHost(): boolean {
  for (let h = 0; h < st.hits; h++) {
    const p = HIT_PAT[h] as number;
    if (PAT_GROUP[p] !== G_OAST) continue;
    const s = HIT_START[h] as number;
    const e = s + (PAT_OFF[p + 1] as number) - (PAT_OFF[p] as number);
    if (s > 0 && isHostByte(D[s - 1] as number) && (e >= st.dLen || !isHostByte(D[e] as number))) return true;
  }
  return false;
}

/** A metadata service's own path (G_META_PATH) anywhere in the value. */
function metadataPath(): boolean {
  for (let h = 0; h < st.hits; h++) if (PAT_GROUP[HIT_PAT[h] as number] === G_META_PATH) return true;
  return false;
}

export function detectUrls(kind: number): void {
  if (oastHost()) emit(R.SSRF_OAST as number);
  if (kind !== K_USER_AGENT && metadataPath()) emit(R.SSRF_METADATA as number);
  if (kind === K_REFERER) {
    if ((st.mask & M_COLON) !== 0 && (st.mask & M_SLASH) !== 0) refererUrl();
    return;
  }
  if (kind === K_PATH) {
    // A cloud metadata address anywhere in the path: a proxying route's target
    // (`/api/v1/namespaces/default/services/http:169.254.169.254:80/proxy/…`).
    for (let h = 0; h < st.hits; h++) {
      const p = HIT_PAT[h] as number;
      if (PAT_GROUP[p] === G_SSRF_HOST && PAT_CODE[p] === SSRF_META) {
        emit(R.SSRF_METADATA as number);
        return;
      }
    }
    if ((st.mask & M_COLON) !== 0 && (st.mask & M_SLASH) !== 0) pathUrls();
    return;
  }
  if (kind === K_USER_AGENT) return;
  const n = st.dLen;
  const schemes = (st.mask & M_COLON) !== 0;
  for (let i = 1; schemes && i + 2 < n; i++) {
    if (D[i] !== 0x3a) continue;
    const standard = D[i + 1] === 0x2f && D[i + 2] === 0x2f;
    if (!standard && !lenientAuthority(i + 1)) continue;
    let k = i;
    while (k > 0 && i - k < 24 && isSchemeByte(D[k - 1] as number)) k--;
    if (k === i) continue;
    let w = lookupWord(D, k, i);
    if (w < 0) {
      // ssh2.sftp, compress.zlib: classify by the part before the dot.
      let dot = k;
      while (dot < i && D[dot] !== 0x2e) dot++;
      if (dot < i) w = lookupWord(D, k, dot);
    }
    const tag = w >= 0 ? (WORD_TAG[w] as number) : 0;
    let atStart = true;
    for (let q = 0; q < k; q++) if (!isSpace(D[q] as number)) atStart = false;
    // A wrapper written before the scheme (jar:http://…, url:file://…).
    let wrapped = false;
    if (k >= 2 && D[k - 1] === 0x3a) {
      let q = k - 1;
      while (q > 0 && isAlpha(D[q - 1] as number)) q--;
      const pw = lookupWord(D, q, k - 1);
      if (pw >= 0 && ((WORD_TAG[pw] as number) & TAG_WRAPPER) !== 0) wrapped = true;
    }
    // `http:\\host`, `http:/\host`, `http:host`: web schemes only, as WHATWG parsers read them.
    if (!standard && (tag & TAG_WEB_SCHEME) === 0) continue;
    if ((tag & TAG_WRAPPER) !== 0 || wrapped) {
      if (k === 0 || !isWord(D[k - 1] as number)) emit(R.RFI_WRAPPER as number);
      continue;
    }
    if ((tag & TAG_WEB_SCHEME) === 0) continue;
    let a = i + 1;
    let backslash = false;
    while (a < n && (D[a] === 0x2f || D[a] === 0x5c)) if (D[a++] === 0x5c) backslash = true;
    // Without any slash (`http:127.0.0.1:9200`) only a known internal or metadata host counts: an
    // obfuscated number there (`http:0xABCDEF`) is as likely a label's text.
    if (a === i + 1 && ssrfHostAt(a) === 0) continue;
    const ae = authorityEnd(a);
    const hs = hostStart(a, ae);
    const hk = hostKind(hs, ae);
    const ssrf = ssrfHostAt(hs);
    // A URL the application may fetch starts the value or is embedded as a value (after = @ or a quote);
    // one mentioned in the middle of prose is not a request target. Metadata addresses count anywhere.
    const before = k > 0 ? (D[k - 1] as number) : 0x3d;
    const target = atStart || before === 0x3d || before === 0x40 || before === 0x22 || before === 0x27;
    if (ssrf === SSRF_META) emit(R.SSRF_METADATA as number);
    else if (ssrf !== 0 && target) emit(R.SSRF_INTERNAL_HOST as number);
    else if (hk === 2 && target) emit(R.SSRF_OBFUSCATED_IP as number);
    else if (hk === 0 && target && spellsInternalHost(hs, ae)) emit(R.SSRF_INTERNAL_HOST as number);
    else if (hk === 1) {
      if (linkLocalHost(hs)) emit(R.SSRF_METADATA as number);
      else if (atStart) emit(R.RFI_IP_HOST as number);
    }
    if (target && (backslash || parserConfusion(a))) emit(R.SSRF_URL_CONFUSION as number);
    if (atStart) {
      let e = n;
      while (e > 0 && isSpace(D[e - 1] as number)) e--;
      // `…/shell.txt?`, `…/shell.txt#` or a NUL in the URL (`r57.txt%00`): the application's suffix is cut off.
      if (e > a && (D[e - 1] === 0x3f || (st.flags & N_NUL) !== 0 || emptyFragmentAfterFile(a, e)))
        emit(R.RFI_TRAILING_QMARK as number);
      else if (ssrf === 0 && hk === 0) {
        // An FTP URL is no link a browser follows: as a whole value it is something to fetch.
        if (isFtp(k, i)) emit(R.RFI_FTP_URL as number);
        else emit(R.RFI_OFFSITE_URL as number);
      }
    }
  }
  // A value that starts with a web or file scheme and ends in '?' ("https://x/y?", "ftp?").
  let sw = 0;
  while ((st.mask & M_QMARK) !== 0 && sw < n && sw < 8 && isAlpha(D[sw] as number)) sw++;
  if (sw >= 3 && n > sw && D[n - 1] === 0x3f && (D[sw] === 0x3a || D[sw] === 0x3f)) {
    const w = lookupWord(D, 0, sw);
    if (w >= 0 && ((WORD_TAG[w] as number) & (TAG_WEB_SCHEME | TAG_WRAPPER)) !== 0)
      emit(R.RFI_TRAILING_QMARK as number);
  }
  if ((st.mask & M_BSL) !== 0) uncAddress();
  if ((st.mask & M_SLASH) !== 0) protocolRelative();
  // Internal host names at the start of a value, without a scheme (localhost/, host.docker.internal:80).
  for (let h = 0; h < st.hits; h++) {
    const p = HIT_PAT[h] as number;
    const s = HIT_START[h] as number;
    if (PAT_GROUP[p] !== G_SSRF_HOST) continue;
    // Or a metadata address after an `@` (`stores/x@169.254.169.254/latest/meta-data#`): what a URL
    // built around the value takes for its host, the rest for a user name.
    // An internal host after a user name that opens the value, then a port or a path
    // (`admin@127.0.0.1:8983/solr/…`): an account address a server resolves by fetching from its
    // domain (Moodle's WebFinger lookup), built to reach inside; `bob@localhost` alone is an address.
    const e = s + (PAT_OFF[p + 1] as number) - (PAT_OFF[p] as number);
    const lead =
      s === 0 ||
      (s === 2 && D[0] === 0x2f && D[1] === 0x2f) ||
      (D[s - 1] === 0x40 && (PAT_CODE[p] === SSRF_META || accountAuthority(s - 1, e)));
    if (!lead) continue;
    if (cidrPrefixAt(e)) continue;
    if ((e < n && ssrfHostEndsOk(p, s)) || (e === n && PAT_CODE[p] === SSRF_META))
      emit(PAT_CODE[p] === SSRF_META ? (R.SSRF_METADATA as number) : (R.SSRF_INTERNAL_HOST as number));
  }
}

/**
 * The `@` at `at` follows a user name that opens the value (no blank, slash or second `@`), and a port
 * or a path follows the host ending at `e`: the value is an authority, `user@host:port/…`.
 */
function accountAuthority(at: number, e: number): boolean {
  const n = st.dLen;
  if (at === 0 || e >= n) return false;
  if (!((D[e] === 0x3a && e + 1 < n && isDigit(D[e + 1] as number)) || D[e] === 0x2f)) return false;
  for (let q = 0; q < at; q++) {
    const c = D[q] as number;
    if (isSpace(c) || c === 0x2f || c === 0x40) return false;
  }
  return true;
}

/**
 * After a scheme's `:` at D[p] comes what a WHATWG parser takes for an authority although it is not
 * `//`: slashes and backslashes in any mix (`http:\\169.254.169.254`, `http:/\127.0.0.1`), or an
 * address literal straight away (`http:127.0.0.1:9200`). The scheme decides whether it counts.
 */
function lenientAuthority(p: number): boolean {
  const b = D[p] as number;
  return b === 0x2f || b === 0x5c || isDigit(b) || b === 0x5b;
}

/** A CIDR prefix length ends the value at `e` (`0.0.0.0/0`, `127.0.0.0/8`): a network block, not a host to fetch. */
function cidrPrefixAt(e: number): boolean {
  const n = st.dLen;
  if (e + 1 >= n || D[e] !== 0x2f || n - e - 1 > 3) return false;
  for (let k = e + 1; k < n; k++) if (!isDigit(D[k] as number)) return false;
  return true;
}
