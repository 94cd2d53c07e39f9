/**
 * @module core/signatures/forwarded-header
 * RFC 7239's `Forwarded` header: `for="192.0.2.60:8080";proto=https, for=198.51.100.7`. A proxy
 * that trusts it hands each pair's value to the application as the client's address, host or
 * scheme, unquoted; a quoted value is read as that (`for="192.0.2.60' OR '1'='1"` is the address
 * `192.0.2.60' OR '1'='1` a log query or an allow-list lookup receives).
 */

/** A pair's name as RFC 7239 writes one. */
const PAIR_NAME = /^[a-z][a-z0-9-]*$/;

/** Pairs read from one header at most. */
const MAX_PAIRS = 32;

/**
 * The quoted pairs of a Forwarded value, each as its lower-cased name and its value unquoted (a
 * backslash keeps the character after it). Unquoted pairs are not returned: the header's own text
 * holds them as they are.
 */
export function forwardedQuotedPairs(value: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let i = 0;
  const n = value.length;
  while (i < n && out.length < MAX_PAIRS) {
    while (i < n && (value[i] === " " || value[i] === "\t" || value[i] === ";" || value[i] === ",")) i++;
    const eq = value.indexOf("=", i);
    if (eq < 0) break;
    const raw = value.slice(i, eq).trim().toLowerCase();
    // RFC 7239's names are short tokens (`for`, `by`, `host`, `proto`); anything else is reported as
    // `pair`, so the location a finding names stays short whatever the header holds.
    const name = raw.length <= 16 && PAIR_NAME.test(raw) ? raw : "pair";
    i = eq + 1;
    if (value[i] !== '"') {
      while (i < n && value[i] !== ";" && value[i] !== ",") i++;
      continue;
    }
    let text = "";
    i++;
    while (i < n && value[i] !== '"') {
      if (value[i] === "\\" && i + 1 < n) i++;
      text += value[i];
      i++;
    }
    i++;
    out.push([name, text]);
  }
  return out;
}
