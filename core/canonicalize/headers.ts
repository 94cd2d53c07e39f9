/**
 * @module core/canonicalize/headers
 * Header list for decisions: names lower-cased, at most `maxHeaders` entries,
 * each at most `maxHeaderBytes` (value truncated), with control characters
 * and NUL flagged. The input array is returned as is when nothing needs to
 * change (the common case costs no copy). Malformed entries (not a pair of
 * strings, from untyped callers) are coerced, never thrown on.
 */
import type { HeaderList } from "../types.ts";
import type { AnomalyList } from "./anomalies.ts";
import type { CanonicalLimits } from "./limits.ts";

/** Anything a clean value lacks: C0 controls but tab, DEL. One regex scan is several times faster than a char loop here. */
const VALUE_SUSPECT = /[\x00-\x08\x0a-\x1f\x7f]/;
/** Anything a clean lower-case name lacks. */
const NAME_SUSPECT = /[A-Z\x00-\x1f\x7f]/;

const text = (v: unknown): string => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));

function flagControls(s: string, into: AnomalyList): void {
  if (s.indexOf("\0") >= 0) into.add("nul_byte");
  if (/[\x01-\x08\x0a-\x1f\x7f]/.test(s)) into.add("control_char");
}

/** Checks one well-formed pair; returns the pair to keep (the same array when nothing changed). */
function checkPair(
  name: string,
  value: string,
  limits: Readonly<CanonicalLimits>,
  into: AnomalyList,
): [string, string] | null {
  let n = name;
  let v = value;
  let changed = false;
  if (NAME_SUSPECT.test(n)) {
    const lower = n.toLowerCase();
    if (lower !== n) {
      n = lower;
      changed = true;
    }
    flagControls(n, into);
  }
  if (n.length + v.length > limits.maxHeaderBytes) {
    into.add("header_too_large");
    v = v.slice(0, Math.max(0, limits.maxHeaderBytes - n.length));
    n = n.slice(0, limits.maxHeaderBytes);
    changed = true;
  }
  if (VALUE_SUSPECT.test(v)) flagControls(v, into);
  return changed ? [n, v] : null;
}

export function limitHeaders(headers: unknown, limits: Readonly<CanonicalLimits>, into: AnomalyList): HeaderList {
  if (!Array.isArray(headers)) return [];
  let list = headers as unknown[];
  if (list.length > limits.maxHeaders) {
    into.add("too_many_headers");
    list = list.slice(0, limits.maxHeaders);
  }
  let out: HeaderList | null = list === headers ? null : [];
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    let pair: [string, string];
    let replaced: [string, string] | null;
    if (Array.isArray(entry) && entry.length === 2 && typeof entry[0] === "string" && typeof entry[1] === "string") {
      pair = entry as [string, string];
      replaced = checkPair(pair[0], pair[1], limits, into);
    } else {
      const raw: unknown[] = Array.isArray(entry) ? entry : [];
      pair = [text(raw[0]), text(raw[1])];
      replaced = checkPair(pair[0], pair[1], limits, into) ?? pair;
    }
    if (replaced !== null && out === null) out = (list as HeaderList).slice(0, i);
    if (out !== null) out.push(replaced ?? pair);
  }
  return out ?? (headers as HeaderList);
}
