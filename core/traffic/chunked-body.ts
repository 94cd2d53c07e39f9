/**
 * @module core/traffic/chunked-body
 * A recorded body still in HTTP/1.1 chunked framing (`1\r\n{\r\n1\r\n"\r\n…0\r\n\r\n`, a record whose
 * `transfer-encoding` is `chunked`): what the server hands the application is the chunks' data
 * joined. The edge runtime de-chunks before the worker sees a body; a record read by the CLI or the
 * evaluation must be de-chunked the same way, or a payload cut into one-byte chunks reads as noise.
 * Line ends may be CR LF or a bare LF (hand-written records); chunk extensions (`;name=value`) are
 * skipped; the trailer fields after the last chunk are returned apart (servers that keep them merge
 * them into the headers: `X-Forwarded-For: 127.0.0.1' AND …` there is a header's value). Anything
 * that is not whole, well-formed framing returns null, and the body is judged as written.
 */

import { tchar } from "../http/token.ts";

const LF = 0x0a;
const CR = 0x0d;

/** The hex digit's value, or -1. */
function hexDigit(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  const f = b | 0x20;
  return f >= 0x61 && f <= 0x66 ? f - 0x61 + 10 : -1;
}

/** Index just past the line end (CR LF or LF) at i, or -1 when there is none at i. */
function lineEnd(bytes: Uint8Array, i: number): number {
  if (bytes[i] === LF) return i + 1;
  return bytes[i] === CR && bytes[i + 1] === LF ? i + 2 : -1;
}

/** A chunked body's data joined and its trailer section (empty when none). */
export interface Dechunked {
  data: Uint8Array;
  trailers: Uint8Array;
}

/** The chunks' data joined, or null when `bytes` is not complete chunked framing. */
export function dechunk(bytes: Uint8Array): Dechunked | null {
  const parts: Uint8Array[] = [];
  let total = 0;
  let i = 0;
  let ended = false;
  for (let chunks = 0; chunks < 1_000_000; chunks++) {
    let size = 0;
    let digits = 0;
    for (let d = hexDigit(bytes[i] ?? -1); d >= 0 && digits < 8; d = hexDigit(bytes[i] ?? -1)) {
      size = size * 16 + d;
      digits++;
      i++;
    }
    if (digits === 0) return null;
    // A chunk extension, to the line's end.
    if (bytes[i] === 0x3b) while (i < bytes.length && bytes[i] !== LF && bytes[i] !== CR) i++;
    else while (bytes[i] === 0x20 || bytes[i] === 0x09) i++;
    const past = lineEnd(bytes, i);
    if (past < 0) return null;
    i = past;
    if (size === 0) {
      ended = true;
      break;
    }
    if (i + size > bytes.length) return null;
    parts.push(bytes.subarray(i, i + size));
    total += size;
    i += size;
    const end = lineEnd(bytes, i);
    if (end < 0) return null;
    i = end;
  }
  // A million chunks without the last one: no framing this reader takes whole.
  if (!ended) return null;
  // The trailer section: field lines up to an empty line. Bytes after it are no part of this message (a
  // request smuggled behind the body: `0\r\n\r\nGET /admin HTTP/1.1`), nor is a line that is no field
  // (`0\nGET /admin HTTP/1.1\nHost: internal`, where a reader of bare LFs finds no blank line first), so
  // the body is judged as written.
  const trailerStart = i;
  let trailerEnd = bytes.length;
  while (i < bytes.length) {
    const blank = lineEnd(bytes, i);
    if (blank >= 0) {
      trailerEnd = i;
      i = blank;
      break;
    }
    if (!fieldLineAt(bytes, i)) return null;
    while (i < bytes.length && bytes[i] !== LF) i++;
    i++;
  }
  for (; i < bytes.length; i++) if (bytes[i] !== LF && bytes[i] !== CR && bytes[i] !== 0x20) return null;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return { data: out, trailers: bytes.subarray(trailerStart, trailerEnd) };
}

/** Does a field line (`Name:`, a token then a colon) start at i? */
function fieldLineAt(bytes: Uint8Array, i: number): boolean {
  let k = i;
  while (k < bytes.length && k - i < 256 && tchar(bytes[k] as number)) k++;
  return k > i && bytes[k] === 0x3a;
}

/** The trailer section's fields (`Name: value` lines), as a server that merges them reads them. */
export function trailerFields(trailers: Uint8Array): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const line of new TextDecoder().decode(trailers).split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    out.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
    if (out.length >= 64) break;
  }
  return out;
}

/** The `transfer-encoding` header's last coding is `chunked`. */
export function chunkedCoding(value: string | undefined): boolean {
  if (value === undefined) return false;
  const codings = value.toLowerCase().split(",");
  return (codings[codings.length - 1] as string).trim() === "chunked";
}
