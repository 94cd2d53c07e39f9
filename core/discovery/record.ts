/**
 * @module core/discovery/record
 * Traffic record (DESIGN.md NDJSON contract) → learner observation, through
 * the same canonicalizer as the worker, so `apiward discover` learns the
 * paths the datapath will match.
 */
import { canonicalize } from "../canonicalize/index.ts";
import { headerValue, recordHeaders } from "../traffic/headers.ts";
import type { TrafficRecord } from "../types.ts";
import type { Observation } from "./types.ts";

/** `windowsPaths`: the app's origin is Windows (the app config's `windows_paths`). */
export function observationFromRecord(rec: TrafficRecord, opts: { windowsPaths?: boolean } = {}): Observation {
  const headers = recordHeaders(rec.headers);
  const contentType = headerValue(headers, "content-type") ?? "";
  const c = canonicalize({
    method: rec.method,
    url: rec.url,
    host: rec.host,
    headers,
    windowsPaths: opts.windowsPaths,
  });
  const obs: Observation = { method: c.method, path: c.path, query: c.query };
  if (typeof rec.status === "number") obs.status = rec.status;
  if (typeof rec.ts === "number") obs.ts = rec.ts;
  if (typeof rec.identity === "string" && rec.identity.length > 0) obs.identity = rec.identity;
  if (typeof rec.body === "string" && rec.body.length > 0) {
    obs.body = {
      contentType: contentType || (rec.body.trimStart().startsWith("{") ? "application/json" : ""),
      text: rec.body,
    };
  }
  return obs;
}
