/**
 * @module core/canonicalize/host
 * Host as apps are keyed: lower case, without port, without trailing dot
 * (`Example.COM.:443` is `example.com`). IPv6 literals keep their brackets.
 * Characters no hostname has (spaces, `/`, `@`, `%`…) are flagged
 * `invalid_host` and kept, so the host matches no app by accident.
 */
import type { AnomalyList } from "./anomalies.ts";

function validName(h: string): boolean {
  for (let i = 0; i < h.length; i++) {
    const c = h.charCodeAt(i);
    const ok = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x5f;
    if (!ok) return false;
  }
  return true;
}

function validV6(h: string): boolean {
  for (let i = 1; i < h.length - 1; i++) {
    const c = h.charCodeAt(i);
    const ok = (c >= 0x61 && c <= 0x66) || (c >= 0x30 && c <= 0x39) || c === 0x3a || c === 0x2e;
    if (!ok) return false;
  }
  return true;
}

const isPort = (s: string): boolean => s.length > 0 && s.length <= 5 && /^[0-9]+$/.test(s);

/** Normalises a Host header value or an authority (userinfo removed). Never throws. */
export function normalizeHost(raw: string, into: AnomalyList): string {
  let h = raw.toLowerCase();
  const at = h.lastIndexOf("@");
  if (at >= 0) h = h.slice(at + 1);
  if (h.charCodeAt(0) === 0x5b /* [ */) {
    const close = h.indexOf("]");
    const rest = close < 0 ? "" : h.slice(close + 1);
    if (close < 0 || !(rest === "" || (rest[0] === ":" && isPort(rest.slice(1))))) {
      into.add("invalid_host");
      return h;
    }
    h = h.slice(0, close + 1);
    if (!validV6(h)) into.add("invalid_host");
    return h;
  }
  const colon = h.indexOf(":");
  if (colon >= 0) {
    if (h.indexOf(":", colon + 1) >= 0 || !isPort(h.slice(colon + 1))) {
      into.add("invalid_host");
      return h;
    }
    h = h.slice(0, colon);
  }
  if (h.endsWith(".")) {
    into.add("host_trailing_dot");
    let end = h.length;
    while (end > 0 && h.charCodeAt(end - 1) === 0x2e) end--;
    h = h.slice(0, end);
  }
  if (!validName(h)) into.add("invalid_host");
  return h;
}
