/**
 * @module durable-objects/log-store/cursor
 * The opaque pagination cursor of the log query API: a keyset position
 * (ts, request_id), meaning "records strictly older than this one" in the
 * order every page uses (newest first, ties broken by request_id
 * descending). Keyset rather than offset pagination, so a page costs one
 * index seek however deep it is, and records inserted meanwhile neither
 * shift nor repeat pages. The same position is valid on every shard, since
 * shards split the records by time and app, never the order.
 *
 * Encoding: base64url of the JSON `[ts, request_id]`. Clients must treat it
 * as opaque; the server validates it (a bad cursor is a 400, never a crash).
 */

export interface CursorPos {
  /** Epoch ms of the last record returned. */
  ts: number;
  /** Its request id; `""` means "before every record at `ts`" (a shard boundary). */
  id: string;
}

const MAX_ID_LENGTH = 256;

function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null;
  try {
    const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** A JSON value as an opaque token (base64url), the encoding of every cursor of the admin API. */
export function encodeToken(v: unknown): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(v)));
}

/** The JSON value of a token from `encodeToken`; undefined when it is not one. */
export function decodeToken(token: string): unknown {
  if (token.length === 0 || token.length > 1024) return undefined;
  const bytes = fromBase64Url(token);
  if (!bytes) return undefined;
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

export function encodeCursor(pos: CursorPos): string {
  return encodeToken([pos.ts, pos.id]);
}

/** Decodes a cursor; null when it is not one this server issued. */
export function decodeCursor(cursor: string): CursorPos | null {
  const v = decodeToken(cursor);
  if (!Array.isArray(v) || v.length !== 2) return null;
  const [ts, id] = v as [unknown, unknown];
  if (typeof ts !== "number" || !Number.isSafeInteger(ts) || ts < 0) return null;
  if (typeof id !== "string" || id.length > MAX_ID_LENGTH) return null;
  return { ts, id };
}

/** Order of records in every page: newer first, then larger request id first. */
export function compareNewestFirst(
  a: { ts: number; request_id: string },
  b: { ts: number; request_id: string },
): number {
  if (a.ts !== b.ts) return b.ts - a.ts;
  return a.request_id < b.request_id ? 1 : a.request_id > b.request_id ? -1 : 0;
}
