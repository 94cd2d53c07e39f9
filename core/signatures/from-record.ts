/**
 * @module core/signatures/from-record
 * A traffic record (DESIGN.md NDJSON contract) as signature input, through
 * the same canonicalizer the datapath runs, so `apiward inspect` and the
 * evaluation see what the worker would. A record without a `host` header gets
 * one (`record.host` or `localhost`): every HTTP/1.1 request carries a Host,
 * and recorded traffic often leaves it out.
 */
import { canonicalize, fragmentOf } from "../canonicalize/index.ts";
import { headerValue } from "../http/header-list.ts";
import { chunkedCoding, dechunk, trailerFields } from "../traffic/chunked-body.ts";
import { type RecordReadOptions, recordHeaders } from "../traffic/record-request.ts";
import type { TrafficRecord } from "../types.ts";
import type { SignatureInput } from "./types.ts";

const encoder = new TextEncoder();

/** `windowsPaths`: the app's origin is Windows (the app config's `windows_paths`). */
export function signatureInputFromRecord(rec: TrafficRecord, opts: RecordReadOptions = {}): SignatureInput {
  const headers = recordHeaders(rec.headers);
  const contentType = headerValue(headers, "content-type") ?? "";
  if (headerValue(headers, "host") === undefined)
    headers.push(["host", typeof rec.host === "string" && rec.host.length > 0 ? rec.host : "localhost"]);
  const c = canonicalize({ method: rec.method, url: rec.url, headers, windowsPaths: opts.windowsPaths });
  const input: SignatureInput = {
    method: c.method,
    path: c.path,
    rawPath: c.rawPath,
    query: c.query,
    headers,
  };
  if (c.anomalies.includes("url_too_long")) input.urlTruncated = true;
  const fragment = fragmentOf(c);
  if (fragment) input.fragment = fragment;
  if (typeof rec.body === "string" && rec.body.length > 0) {
    const bytes = encoder.encode(rec.body);
    // A body recorded in its chunked framing is judged as the server hands it on (chunked-body.ts).
    const joined = chunkedCoding(headerValue(headers, "transfer-encoding")) ? dechunk(bytes) : null;
    input.body = { bytes: joined?.data ?? bytes, contentType, truncated: false };
    if (joined !== null) for (const field of trailerFields(joined.trailers)) headers.push(field);
  }
  return input;
}
