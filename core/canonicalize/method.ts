/**
 * @module core/canonicalize/method
 * Method in upper case: rules say `DELETE`, and some origins accept `delete`
 * too, so a lower-case method must not slip past a method rule. A method that
 * is not an upper-case HTTP token is flagged `invalid_method`.
 */
import { tchar } from "../http/token.ts";
import type { AnomalyList } from "./anomalies.ts";

function isToken(s: string): boolean {
  if (s.length === 0 || s.length > 32) return false;
  for (let i = 0; i < s.length; i++) if (!tchar(s.charCodeAt(i))) return false;
  return true;
}

export function normalizeMethod(raw: string, into: AnomalyList): string {
  const upper = raw.toUpperCase();
  if (upper !== raw || !isToken(raw)) into.add("invalid_method");
  return upper;
}
