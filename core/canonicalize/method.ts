/**
 * @module core/canonicalize/method
 * Method in upper case: rules say `DELETE`, and some origins accept `delete`
 * too, so a lower-case method must not slip past a method rule. A method that
 * is not an upper-case HTTP token is flagged `invalid_method`.
 */
import type { AnomalyList } from "./anomalies.ts";

const TOKEN_EXTRA = "!#$%&'*+-.^_`|~";

function isToken(s: string): boolean {
  if (s.length === 0 || s.length > 32) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const alnum = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
    if (!alnum && TOKEN_EXTRA.indexOf(s[i] as string) < 0) return false;
  }
  return true;
}

export function normalizeMethod(raw: string, into: AnomalyList): string {
  const upper = raw.toUpperCase();
  if (upper !== raw || !isToken(raw)) into.add("invalid_method");
  return upper;
}
