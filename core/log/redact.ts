/**
 * @module core/log/redact
 * Redaction for logs: values of sensitive query parameters and headers are
 * replaced, names kept (forensics needs to know a password was sent, never
 * what it was). Works on the raw URL without decoding it first, so what is
 * logged is still what was received.
 */
import { decodeFormComponent } from "../http/form-component.ts";
import type { HeaderList } from "../types.ts";

export const REDACTED = "[redacted]";

/** Headers worth keeping in a log record (besides those redacted). */
const LOGGED_HEADERS = new Set([
  "user-agent",
  "referer",
  "content-type",
  "content-length",
  "accept",
  "accept-language",
  "x-forwarded-for",
  "origin",
  "authorization",
  "cookie",
  "x-api-key",
]);

export function redactUrl(rawUrl: string, params: readonly string[]): string {
  const q = rawUrl.indexOf("?");
  if (q < 0 || params.length === 0) return rawUrl;
  const sensitive = new Set(params.map((p) => p.toLowerCase()));
  const parts = rawUrl
    .slice(q + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      const name = decodeFormComponent(rawName) ?? rawName;
      return eq >= 0 && sensitive.has(name.toLowerCase()) ? `${rawName}=${REDACTED}` : pair;
    });
  return `${rawUrl.slice(0, q)}?${parts.join("&")}`;
}

export function selectedHeaders(headers: HeaderList, redact: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const red = new Set(redact);
  for (const [k, v] of headers) {
    if (!LOGGED_HEADERS.has(k) && !red.has(k)) continue;
    const value = red.has(k) ? REDACTED : v.length > 512 ? `${v.slice(0, 512)}…` : v;
    out[k] = out[k] === undefined ? value : `${out[k]}, ${value}`;
  }
  return out;
}
