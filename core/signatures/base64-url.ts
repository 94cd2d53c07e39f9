/**
 * @module core/signatures/base64-url
 * A URL sent in Base64, as image proxies take their source (imgproxy's
 * `/rs:fit:512:512/aHR0cDovL21ldGFkYXRh….png`, a thumbnailer's `?src=aHR0c…`)
 * and link wrappers their target: decoded, it is the URL the server fetches,
 * and it is judged as such a value is (cloud metadata, internal hosts, stream
 * wrappers, remote inclusion). Only a value whose first twelve Base64
 * characters decode to a scheme, a colon and a slash is decoded whole, so an
 * id or a token costs a few byte comparisons; a decoding of more than one
 * line is a document (a YAML file sent in Base64), not a URL.
 */
import { base64Char, base64Text } from "./decoded-values.ts";

/** Shortest value read: a scheme, `://` and a host. */
const MIN_LENGTH = 16;

function sextet(c: number): number {
  if (c >= 0x41 && c <= 0x5a) return c - 0x41;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 26;
  if (c >= 0x30 && c <= 0x39) return c - 0x30 + 52;
  if (c === 0x2b || c === 0x2d) return 62;
  return 63;
}

function isLetter(b: number): boolean {
  return (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7a;
}

/** Do the first 12 characters of `text[from..to)` decode to 2–8 letters, a colon and a slash (`http:/`, `gopher:/`)? */
function opensWithScheme(text: string, from: number, to: number): boolean {
  if (to - from < MIN_LENGTH) return false;
  const bytes: number[] = [];
  for (let i = from; i < from + 12; i += 4) {
    for (let k = i; k < i + 4; k++) if (!base64Char(text.charCodeAt(k))) return false;
    const n =
      (sextet(text.charCodeAt(i)) << 18) |
      (sextet(text.charCodeAt(i + 1)) << 12) |
      (sextet(text.charCodeAt(i + 2)) << 6) |
      sextet(text.charCodeAt(i + 3));
    bytes.push((n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
  }
  let k = 0;
  while (k < bytes.length && isLetter(bytes[k] as number)) k++;
  return k >= 2 && k <= 8 && bytes[k] === 0x3a && bytes[k + 1] === 0x2f;
}

/** The decoded text when it is one line (a URL; `name: CI\non: …` is a YAML file). */
function oneLine(text: string | null): string | null {
  return text === null || text.includes("\n") || text.includes("\r") ? null : text;
}

/** The URL a Base64 value (standard or URL-safe) decodes to, or null. */
export function base64Url(value: string): string | null {
  if (!opensWithScheme(value, 0, value.length)) return null;
  return oneLine(base64Text(value));
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
    if (opensWithScheme(path, start, end)) {
      const dot = path.indexOf(".", start);
      const url = oneLine(base64Text(path.slice(start, dot >= 0 && dot < end ? dot : end)));
      if (url !== null) out.push(url);
    }
    start = end + 1;
  }
  return out;
}
