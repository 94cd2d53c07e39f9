/**
 * @module core/traffic/record-request
 * A traffic record (DESIGN.md NDJSON contract) as the request the offline
 * consumers read (discovery, `apiward inspect`, learn and replay): its
 * `headers` object as a header list (names lower-cased, non-string values
 * dropped, in the record's order), and its canonical view through the same
 * canonicalizer as the worker. One reading for all of them, so a record with
 * both `Content-Type` and `content-type` means the same to each: the first
 * one, as `headerValue` (core/http/header-list.ts) reads any list.
 */
import { canonicalize } from "../canonicalize/index.ts";
import { headerValue } from "../http/header-list.ts";
import type { CanonicalRequest, HeaderList, TrafficRecord } from "../types.ts";

/** How records are read: `windowsPaths` when the app's origin is Windows (the app config's `windows_paths`). */
export interface RecordReadOptions {
  windowsPaths?: boolean;
}

/** The record's headers as a list (empty when absent or not an object). */
export function recordHeaders(h: TrafficRecord["headers"]): HeaderList {
  const out: HeaderList = [];
  if (!h || typeof h !== "object") return out;
  for (const [k, v] of Object.entries(h)) if (typeof v === "string") out.push([k.toLowerCase(), v]);
  return out;
}

/** The record's header list, content type ("" when none) and canonical view (host: the record's `host`, else its Host header). */
export function recordRequest(
  rec: TrafficRecord,
  opts: RecordReadOptions = {},
): { headers: HeaderList; contentType: string; canonical: CanonicalRequest } {
  const headers = recordHeaders(rec.headers);
  const canonical = canonicalize({
    method: rec.method,
    url: rec.url,
    host: rec.host,
    headers,
    windowsPaths: opts.windowsPaths,
  });
  return { headers, contentType: headerValue(headers, "content-type") ?? "", canonical };
}
