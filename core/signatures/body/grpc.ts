/**
 * @module core/signatures/body/grpc
 * gRPC bodies: gRPC-Web's (`application/grpc-web`, `+proto`) and gRPC's
 * own (`application/grpc`) length-prefixed frames, and gRPC-Web's text mode
 * (`application/grpc-web-text`: the same frames in Base64, one or more padded
 * chunks); and a bare message, Twirp's `application/protobuf` (a metadata
 * URL in a thumbnailer's `url` field). Each data frame is a Protocol Buffers message read without its
 * schema: every length-delimited field that is text is a value (at
 * `grpc.<field>.<field>…`, field numbers from the outside in), one that is
 * not is read as a nested message, up to MAX_DEPTH. What a service does with
 * a search string, a URL to unfurl or a ticket's text is what it does with a
 * JSON field's, so they are judged the same. A compressed frame is skipped
 * (its text is not readable without inflating it); a malformed one ends the
 * reading of its frame and is reported. Hand-written decoding, no regular
 * expressions on request data.
 */
import { base64Value } from "../ref/chars.ts";
import { isControlByte } from "./sniff.ts";

/** Nested messages read at most. */
const MAX_DEPTH = 8;
/** Values handed out per body at most. */
const MAX_VALUES = 1024;

const GRPC_TYPES: ReadonlySet<string> = new Set([
  "application/grpc",
  "application/grpc+proto",
  "application/grpc-web",
  "application/grpc-web+proto",
  "application/grpc-web-text",
  "application/grpc-web-text+proto",
]);

/** Protocol Buffers sent bare, one message a body (Twirp's `application/protobuf`, Google APIs' `x-protobuf`). */
const PROTOBUF_TYPES: ReadonlySet<string> = new Set([
  "application/protobuf",
  "application/x-protobuf",
  "application/vnd.google.protobuf",
]);

/** A bare Protocol Buffers media type (lower case, no parameters). */
export function isProtobufType(mime: string): boolean {
  return PROTOBUF_TYPES.has(mime);
}

/** A gRPC or gRPC-Web media type (lower case, no parameters). */
export function isGrpcType(mime: string): boolean {
  return GRPC_TYPES.has(mime);
}

/** gRPC-Web's text mode: the frames in Base64. */
export function isGrpcTextType(mime: string): boolean {
  return mime.startsWith("application/grpc-web-text");
}

/**
 * The bytes of gRPC-Web text: Base64 chunks, each padded, one after another (a `=` ends a chunk).
 * null when a byte is no Base64 at all (the body is not what its type says).
 */
export function grpcTextBytes(text: string): Uint8Array | null {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let n = 0;
  let bits = 0;
  let have = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3d) {
      bits = 0;
      have = 0;
      continue;
    }
    if (c === 0x0a || c === 0x0d || c === 0x20 || c === 0x09) continue;
    const v = base64Value(c);
    if (v < 0) return null;
    bits = (bits << 6) | v;
    have += 6;
    if (have >= 8) {
      have -= 8;
      out[n++] = (bits >> have) & 0xff;
    }
  }
  return out.subarray(0, n);
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** `bytes` are text: valid UTF-8 without control bytes other than tab, line feed and carriage return. */
function textOf(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return null;
  for (let i = 0; i < bytes.length; i++) if (isControlByte(bytes[i] as number)) return null;
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

interface Reader {
  emit: (path: string, value: string) => void;
  count: number;
}

/** Reads a varint at `at`; [value, next] or null past the end or past 10 bytes. Values beyond 2^53 lose precision, which only a length could need, and no length is that long. */
function varint(b: Uint8Array, at: number, end: number): [number, number] | null {
  let v = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (at >= end) return null;
    const x = b[at++] as number;
    v += (x & 0x7f) * mul;
    if ((x & 0x80) === 0) return [v, at];
    mul *= 128;
  }
  return null;
}

/**
 * Walks the fields of the message b[start..end), handing each length-delimited one to `bytes(field,
 * s, e)` (which returns false to stop: the value budget is spent). False when the message is
 * malformed: an unknown wire type, a length or a fixed-width field past its end.
 */
function walkFields(
  b: Uint8Array,
  start: number,
  end: number,
  bytes?: (field: number, s: number, e: number) => boolean,
): boolean {
  let at = start;
  while (at < end) {
    const key = varint(b, at, end);
    if (key === null || key[0] < 8) return false;
    at = key[1];
    const wire = key[0] % 8;
    if (wire === 0) {
      const v = varint(b, at, end);
      if (v === null) return false;
      at = v[1];
    } else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else if (wire === 2) {
      const len = varint(b, at, end);
      if (len === null || len[1] + len[0] > end) return false;
      if (bytes !== undefined && !bytes(Math.floor(key[0] / 8), len[1], len[1] + len[0])) return true;
      at = len[1] + len[0];
    } else return false;
  }
  return at === end;
}

/** The text fields of the message b[start..end) under `path`; false when it is malformed. */
function readMessage(b: Uint8Array, start: number, end: number, path: string, depth: number, r: Reader): boolean {
  return walkFields(b, start, end, (field, s, e) => {
    if (r.count >= MAX_VALUES) return false;
    const here = path ? `${path}.${field}` : String(field);
    const text = textOf(b.subarray(s, e));
    // Text first: a string is far likelier than a message whose bytes all happen to be printable.
    if (text !== null) {
      r.emit(here, text);
      r.count++;
    } else if (depth < MAX_DEPTH && walkFields(b, s, e)) readMessage(b, s, e, here, depth + 1, r);
    return true;
  });
}

/**
 * The text fields of every data frame of a gRPC body, handed to `emit(path, value)` with `path`
 * the field numbers. Returns why the reading stopped early, or undefined when every frame was read.
 */
export function readGrpcFrames(bytes: Uint8Array, emit: (path: string, value: string) => void): string | undefined {
  const r: Reader = { emit, count: 0 };
  let at = 0;
  let frame = 0;
  while (at < bytes.length) {
    if (at + 5 > bytes.length) return "grpc: a frame header cut short";
    const flags = bytes[at] as number;
    const len =
      (((bytes[at + 1] as number) << 24) >>> 0) +
      ((bytes[at + 2] as number) << 16) +
      ((bytes[at + 3] as number) << 8) +
      (bytes[at + 4] as number);
    const s = at + 5;
    const e = Math.min(bytes.length, s + len);
    // Trailers (0x80) are headers the server sends; a compressed frame (0x01) is not read.
    if (flags === 0 && !readMessage(bytes, s, e, "", 0, r)) return `grpc: frame ${frame} is no protobuf message`;
    if (s + len > bytes.length) return "grpc: a frame longer than the body";
    at = e;
    frame++;
  }
  return undefined;
}

/**
 * The text fields of a bare Protocol Buffers message (no gRPC frame around it), handed to `emit(path,
 * value)`. Returns why it is no message, or undefined.
 */
export function readProtobufMessage(
  bytes: Uint8Array,
  emit: (path: string, value: string) => void,
): string | undefined {
  return readMessage(bytes, 0, bytes.length, "", 0, { emit, count: 0 }) ? undefined : "protobuf: no message";
}
