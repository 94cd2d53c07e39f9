/**
 * @module core/canonicalize/query
 * Query string into pairs, duplicates kept in order (`a=1&a=2` is two pairs:
 * parameter pollution must stay visible). Keys and values are decoded once,
 * `+` as space, like `application/x-www-form-urlencoded`; `%uXXXX` is decoded
 * too because IIS origins would, and overlong UTF-8 forms (`%c0%af`) as the
 * code point they spell (flagged `overlong_utf8`, as in paths). Empty pieces
 * (`&&`) are skipped, a piece without `=` is a key with an empty value, `=v`
 * an empty key. A NUL is kept in the value (and flagged) so signatures see
 * what the origin gets.
 */
import type { AnomalyList } from "./anomalies.ts";
import { collapseOverlong } from "./overlong-utf8.ts";
import { PD_INVALID, PD_PERCENT_U, percentDecodeBytes } from "./percent-decode.ts";
import { decodeUtf8, encodeUtf8 } from "./utf8.ts";

function decodeComponent(s: string, into: AnomalyList): string {
  if (s.indexOf("%") < 0 && s.indexOf("+") < 0) {
    if (s.indexOf("\0") >= 0) into.add("nul_byte");
    return s;
  }
  const enc = encodeUtf8(s);
  const pd = percentDecodeBytes(enc.bytes, true);
  if (pd.flags & PD_INVALID) into.add("invalid_percent");
  if (pd.flags & PD_PERCENT_U) into.add("percent_u");
  if (pd.value.indexOf(0) >= 0) into.add("nul_byte");
  // `%c0%af` is `/` to the origins that accept overlong forms, as in paths (path.ts): read it so, and flag it.
  const short = collapseOverlong(pd.value);
  if (short.changed) into.add("overlong_utf8");
  const dec = decodeUtf8(short.value);
  if (dec.invalid || enc.invalid) into.add("query_invalid_utf8");
  return dec.value;
}

/** Parses a raw query (without `?`). Never throws. */
export function parseQuery(raw: string, into: AnomalyList): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (raw.length === 0) return pairs;
  let start = 0;
  while (start <= raw.length) {
    let end = raw.indexOf("&", start);
    if (end < 0) end = raw.length;
    if (end > start) {
      const piece = raw.slice(start, end);
      const eq = piece.indexOf("=");
      const key = eq < 0 ? piece : piece.slice(0, eq);
      const value = eq < 0 ? "" : piece.slice(eq + 1);
      pairs.push([decodeComponent(key, into), decodeComponent(value, into)]);
    }
    start = end + 1;
  }
  return pairs;
}
