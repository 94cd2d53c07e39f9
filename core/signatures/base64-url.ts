/**
 * @module core/signatures/base64-url
 * A URL sent in Base64, as image proxies take their source (imgproxy's
 * `/rs:fit:512:512/aHR0cDovL21ldGFkYXRh….png`, a thumbnailer's `?src=aHR0c…`)
 * and link wrappers their target: decoded, it is the URL the server fetches,
 * and it is judged as such a value is (cloud metadata, internal hosts, stream
 * wrappers, remote inclusion), in UTF-8 or in .NET's UTF-16LE. Only a value
 * whose first Base64 characters decode to a scheme, a colon and a slash is
 * decoded whole, so an
 * id or a token costs a few byte comparisons; a decoding of more than one
 * line is a document (a YAML file sent in Base64), not a URL.
 */
import { base64Binary, base64Char, base64Text } from "./decoded-values.ts";
import { base64Value } from "./ref/chars.ts";

/** Shortest value read: a scheme, `://` and a host. */
const MIN_LENGTH = 16;

function isLetter(b: number): boolean {
  return (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7a;
}

/** Do the first `n` of `bytes` open with 2–8 letters, a colon and a slash (`http:/`, `gopher:/`)? */
function schemeBytes(bytes: ArrayLike<number>, n: number): boolean {
  let k = 0;
  while (k < n && isLetter(bytes[k] as number)) k++;
  return k >= 2 && k <= 8 && k + 1 < n && bytes[k] === 0x3a && bytes[k + 1] === 0x2f;
}

/** The first 18 bytes a value's opening decodes to (opensWithScheme), reused so no value allocates. */
const OPENING = new Uint8Array(18);
/** The even bytes of OPENING (its UTF-16LE reading). */
const EVEN = new Uint8Array(9);

const UTF8 = 1;
const UTF16 = 2;

/**
 * Does `text[from..to)` open with the Base64 of a scheme, a colon and a slash: in UTF-8 (UTF8), or in
 * UTF-16LE as .NET's `Encoding.Unicode` writes it (`aAB0AHQAcAA6AC8A…`, UTF16)? 0 when not. Only
 * the first 24 characters are decoded.
 */
function opensWithScheme(text: string, from: number, to: number): number {
  if (to - from < MIN_LENGTH) return 0;
  let n = 0;
  for (let i = from; i + 4 <= to && i < from + 24; i += 4) {
    for (let k = i; k < i + 4; k++)
      if (!base64Char(text.charCodeAt(k))) return n >= 9 && schemeBytes(OPENING, n) ? UTF8 : 0;
    const v =
      (base64Value(text.charCodeAt(i)) << 18) |
      (base64Value(text.charCodeAt(i + 1)) << 12) |
      (base64Value(text.charCodeAt(i + 2)) << 6) |
      base64Value(text.charCodeAt(i + 3));
    OPENING[n++] = (v >> 16) & 0xff;
    OPENING[n++] = (v >> 8) & 0xff;
    OPENING[n++] = v & 0xff;
  }
  if (schemeBytes(OPENING, n)) return UTF8;
  if (n < 4 || OPENING[1] !== 0 || OPENING[3] !== 0) return 0;
  let m = 0;
  for (let k = 0; k + 1 < n; k += 2) {
    if (OPENING[k + 1] !== 0) break;
    EVEN[m++] = OPENING[k] as number;
  }
  return schemeBytes(EVEN, m) ? UTF16 : 0;
}

/** The ASCII text of Base64 UTF-16LE (every second byte zero), or null. */
function base64Utf16Ascii(value: string): string | null {
  const bin = base64Binary(value);
  if (bin === null) return null;
  let out = "";
  for (let k = 0; k + 1 < bin.length; k += 2) {
    const c = bin.charCodeAt(k);
    if (bin.charCodeAt(k + 1) !== 0 || c < 0x20 || c > 0x7e) return null;
    out += bin[k];
  }
  return out;
}

/** The text of a Base64 value whose opening `kind` (opensWithScheme) names its encoding. */
function decoded(value: string, kind: number): string | null {
  if (kind === 0) return null;
  return oneLine(kind === UTF8 ? base64Text(value) : base64Utf16Ascii(value));
}

/** The decoded text when it is one line (a URL; `name: CI\non: …` is a YAML file). */
function oneLine(text: string | null): string | null {
  return text === null || text.includes("\n") || text.includes("\r") ? null : text;
}

/** The URL a Base64 value (standard or URL-safe) decodes to, or null. */
export function base64Url(value: string): string | null {
  return decoded(value, opensWithScheme(value, 0, value.length));
}

/**
 * The URLs that path segments decode to, each segment read up to its first `.` (imgproxy appends
 * the output's extension: `…/aHR0cHM6Ly9…​.png`).
 */
export function pathBase64Urls(path: string): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < path.length) {
    let end = path.indexOf("/", start);
    if (end < 0) end = path.length;
    const kind = opensWithScheme(path, start, end);
    if (kind !== 0) {
      const dot = path.indexOf(".", start);
      const url = decoded(path.slice(start, dot >= 0 && dot < end ? dot : end), kind);
      if (url !== null) out.push(url);
    }
    start = end + 1;
  }
  return out;
}

/** The one line of text a Base64 value decodes to (oneLine), or null. */
export function base64Line(value: string): string | null {
  return oneLine(base64Text(value));
}

/**
 * The file paths that path segments decode to when they open with the Base64 of `../` or `..\`
 * (`Li4v`, `Li5c`): a download route that takes its file name in Base64 (Magento's export
 * downloads, `/download/filename/Li4vLi4vYXBwL2V0Yy9lbnYucGhw`) climbs out of its folder with them.
 */
export function pathBase64Traversals(path: string): string[] {
  const out: string[] = [];
  for (let at = path.indexOf("Li"); at >= 0; at = path.indexOf("Li", at + 2)) {
    if ((at > 0 && path.charCodeAt(at - 1) !== 0x2f) || !(path.startsWith("Li4v", at) || path.startsWith("Li5c", at)))
      continue;
    let end = path.indexOf("/", at);
    if (end < 0) end = path.length;
    const text = oneLine(base64Text(path.slice(at, end)));
    if (text !== null) out.push(text);
  }
  return out;
}

/**
 * The JSON objects that path segments decode to when they open with the Base64 of `{"$` (`eyIk`): an
 * operator object a route decodes into its query (`/api/documents/eyIkbmUiOm51bGx9`, `{"$ne":null}`).
 */
export function pathBase64Operators(path: string): string[] {
  const out: string[] = [];
  for (let at = path.indexOf("/eyIk"); at >= 0; at = path.indexOf("/eyIk", at + 1)) {
    let end = path.indexOf("/", at + 1);
    if (end < 0) end = path.length;
    const text = oneLine(base64Text(path.slice(at + 1, end)));
    if (text?.startsWith('{"$')) out.push(text);
  }
  return out;
}

/**
 * The URLs that path segments spell in hexadecimal (`/camo/<digest>/68747470…`: GitHub's camo,
 * Zulip's `external_content`, image proxies that sign a hex-encoded source): decoded, each is what
 * the proxy fetches. A segment is read only when it opens with the hex of `http` and is all hex.
 */
export function pathHexUrls(path: string): string[] {
  const out: string[] = [];
  const lower = path.toLowerCase();
  for (let at = lower.indexOf("/68747470"); at >= 0; at = lower.indexOf("/68747470", at + 1)) {
    let end = lower.indexOf("/", at + 1);
    if (end < 0) end = lower.length;
    const text = hexBytes(lower.slice(at + 1, end), 4096);
    if (text === null) continue;
    const n = Math.min(12, text.length);
    for (let k = 0; k < n; k++) OPENING[k] = text.charCodeAt(k);
    if (schemeBytes(OPENING, n) && oneLine(text) !== null) out.push(text);
  }
  return out;
}

/**
 * The printable ASCII text, in lines, a hexadecimal value decodes to (`arg_hex=3b206375726c…`: `; curl …`;
 * `value_hex=635f5f6275696c74696e5f5f0a…`: a protocol 0 pickle, `c__builtin__\neval…`), or null. A digest,
 * a key or an id in hex decodes to bytes (most of them unprintable) and is left alone.
 */
export function hexText(value: string): string | null {
  const text = hexBytes(value, 8192);
  if (text === null) return null;
  for (let k = 0; k < text.length; k++) {
    const b = text.charCodeAt(k);
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b > 0x7e) return null;
  }
  return text;
}

function isHexDigit(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x66);
}

/** The bytes, one character a byte, of an even run of 16 to `max` hex digits; null when `hex` is none. */
function hexBytes(hex: string, max: number): string | null {
  if (hex.length < 16 || hex.length > max || hex.length % 2 !== 0) return null;
  for (let k = 0; k < hex.length; k++) if (!isHexDigit(hex.charCodeAt(k))) return null;
  let text = "";
  for (let k = 0; k < hex.length; k += 2) text += String.fromCharCode(Number.parseInt(hex.slice(k, k + 2), 16));
  return text;
}

const ELFINDER_HASH = /^[a-z]\d{1,3}_([A-Za-z0-9_-]{8,})$/;

/**
 * The path an elFinder hash names (`l1_Li4vLi4vY29uZmlnL2xvY2FsLnBocA`: a volume id, `_`, then the
 * path in URL-safe Base64 without padding), one line of text; null when the value is no such hash.
 * elFinder is the file manager in many admin panels (Mautic, Laravel and WordPress file managers),
 * and its `target` and `targets[]` take these.
 */
export function elfinderPath(value: string): string | null {
  // Most values are no hash: a lower-case letter and a digit open one (no match object built for the rest).
  const first = value.charCodeAt(0);
  const second = value.charCodeAt(1);
  if (first < 0x61 || first > 0x7a || second < 0x30 || second > 0x39) return null;
  const m = ELFINDER_HASH.exec(value);
  return m === null ? null : oneLine(base64Text(m[1] as string));
}
