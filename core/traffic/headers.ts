/**
 * @module core/traffic/headers
 * A traffic record's `headers` object (DESIGN.md NDJSON contract) as the
 * header list the canonicalizer and the stages read: names lower-cased,
 * non-string values dropped, in the record's order. One reading for every
 * offline consumer (discovery, `apiward inspect`, replay), so a record with
 * both `Content-Type` and `content-type` means the same to all of them: the
 * first one, as `headerValue` reads any list.
 */
import type { HeaderList, TrafficRecord } from "../types.ts";

/** The record's headers as a list (empty when absent or not an object). */
export function recordHeaders(h: TrafficRecord["headers"]): HeaderList {
  const out: HeaderList = [];
  if (!h || typeof h !== "object") return out;
  for (const [k, v] of Object.entries(h)) if (typeof v === "string") out.push([k.toLowerCase(), v]);
  return out;
}

/** The first value of `name` (lower case) in a header list. */
export function headerValue(h: HeaderList, name: string): string | undefined {
  for (const [n, v] of h) if (n === name) return v;
  return undefined;
}
