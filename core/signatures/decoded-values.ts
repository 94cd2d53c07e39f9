/**
 * @module core/signatures/decoded-values
 * What a cookie or a header holds once the application decodes it: Base64
 * text (`uid=MSBVTklPTiBTRUxFQ1Qg…` is `1 UNION SELECT …`), the JSON payload
 * of a signed cookie (Flask's and itsdangerous' `eyJ….timestamp.signature`,
 * Express' `s:`-less JSON sessions), and a Basic credential's user name. As
 * sent, each is one opaque token to a value scanner; decoded, it is the value
 * the application reads. Only text comes back (valid UTF-8, printable):
 * a Base64 blob that decodes to bytes (a random token, a MAC) is left alone.
 */
import { base64UrlJson } from "../identity/base64url.ts";

/** Shortest Base64 read: shorter ones are tokens and ids as often as text. */
const MIN_BASE64 = 16;
/** Longest value decoded. */
const MAX_LENGTH = 16384;

/** A byte of the Base64 alphabets, standard or URL-safe (no padding). */
export function base64Char(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x2b ||
    c === 0x2f ||
    c === 0x2d ||
    c === 0x5f
  );
}

/** The bytes, one character a byte, of standard or URL-safe Base64, its padding optional; null when it is none. */
export function base64Binary(b64: string): string | null {
  const std = b64.replaceAll("-", "+").replaceAll("_", "/").replace(/=+$/, "");
  try {
    return atob(std + "===".slice((std.length + 3) % 4));
  } catch {
    return null;
  }
}

/** The text a Base64 (standard or URL-safe) value decodes to, or null when it is no Base64 or decodes to bytes. */
export function base64Text(value: string): string | null {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 0x3d) end--;
  if (end < MIN_BASE64 || value.length > MAX_LENGTH || value.length - end > 2 || end % 4 === 1) return null;
  let upper = false;
  let lower = false;
  for (let i = 0; i < end; i++) {
    const c = value.charCodeAt(i);
    if (!base64Char(c)) return null;
    if (c >= 0x41 && c <= 0x5a) upper = true;
    else if (c >= 0x61 && c <= 0x7a) lower = true;
  }
  if (!upper || !lower) return null;
  const bin = base64Binary(value.slice(0, end));
  if (bin === null) return null;
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
  let printable = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return null;
    if (c >= 0x20 || c === 0x0a || c === 0x0d || c === 0x09) printable++;
  }
  return printable >= text.length * 0.95 ? text : null;
}

/**
 * The JSON payload of a signed value whose first dot-separated part is Base64url JSON (Flask's
 * `eyJ1c2VyIjoi….ZmtRNz.sig`), or null.
 */
export function signedJsonPayload(value: string): Record<string, unknown> | null {
  if (!value.startsWith("eyJ") || value.length > MAX_LENGTH) return null;
  const dot = value.indexOf(".");
  if (dot < 0) return null;
  return base64UrlJson(value.slice(0, dot));
}

/** A Basic credential (`Basic base64(user:password)`), decoded once. */
export interface BasicCredential {
  /**
   * What is read as a value: the user name, or the whole credential when it holds a `${` lookup (a
   * server that logs it with Log4j resolves it wherever the colon falls).
   */
  user: string;
  /**
   * The password, for one check only: an overflow's run of one letter (`admin:AAAA…`, a camera's or
   * a router's login parser). Its text is never scanned or logged. Null without a colon.
   */
  password: string | null;
}

/** A Basic credential's user (as a value) and password (for the overflow check); null when it is none. */
export function basicCredential(authorization: string): BasicCredential | null {
  const v = authorization.trim();
  if (v.length < 7 || v.slice(0, 6).toLowerCase() !== "basic ") return null;
  const text = base64Text(v.slice(6).trim()) ?? decodeShortBase64(v.slice(6).trim());
  if (text === null) return null;
  const colon = text.indexOf(":");
  const user = text.includes("${") || colon < 0 ? text : text.slice(0, colon);
  return { user, password: colon < 0 ? null : text.slice(colon + 1) };
}

/** Basic credentials are often short (`admin:x` is 12 characters in Base64): decoded without the length floor. */
function decodeShortBase64(token: string): string | null {
  if (token.length === 0 || token.length > 1024) return null;
  try {
    const bin = atob(token);
    for (let i = 0; i < bin.length; i++) if (bin.charCodeAt(i) < 0x20) return null;
    return bin;
  } catch {
    return null;
  }
}
