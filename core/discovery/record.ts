/**
 * @module core/discovery/record
 * Traffic record (DESIGN.md NDJSON contract) → learner observation, through
 * the same canonicalizer as the worker, so `apiward discover` learns the
 * paths the datapath will match.
 */
import { type RecordReadOptions, recordRequest } from "../traffic/record-request.ts";
import type { TrafficRecord } from "../types.ts";
import type { Observation } from "./types.ts";

/** `windowsPaths`: the app's origin is Windows (the app config's `windows_paths`). */
export function observationFromRecord(rec: TrafficRecord, opts: RecordReadOptions = {}): Observation {
  const { contentType, canonical: c } = recordRequest(rec, opts);
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
