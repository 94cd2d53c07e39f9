/**
 * @module core/signatures/overflow-probe
 * Probes for memory-safety bugs in the C parsers of appliances and servers:
 * one character repeated far past any real value (`X-Forwarded-For:
 * 1111…`, a Host of 70 `a`s, `target=%41%41…`: Pulse Connect Secure's and
 * Citrix ADC's overflows, Citrix Bleed) and printf conversions in a row
 * (`%n%n%n%n`, `%x%x%x%x`: a format string, GlobalProtect's `sslmgr`). A
 * value of zeros (a null hash, an empty id) or of punctuation (a separator
 * line) is no such probe, nor a run inside a value (Base64 of zero bytes).
 */

import { base64Char } from "./decoded-values.ts";

/** The shortest run read as a probe: longer than any DNS label (63), an IPv6 address or a word. */
const MIN_RUN = 64;
/** printf conversions in a row read as a probe. */
const MIN_CONVERSIONS = 4;

function isProbeChar(c: number): boolean {
  const l = c | 0x20;
  return (l >= 0x61 && l <= 0x7a) || (c >= 0x31 && c <= 0x39);
}

/**
 * Where the run `value` opens with (blanks aside) ends, when it is one letter or non-zero digit
 * repeated MIN_RUN times or more; -1 otherwise. The padding comes first; what follows it (a return
 * address, shellcode) is anything.
 */
function runEnd(value: string): number {
  let a = 0;
  while (a < value.length && value.charCodeAt(a) <= 0x20) a++;
  if (value.length - a < MIN_RUN) return -1;
  const c = value.charCodeAt(a);
  if (!isProbeChar(c)) return -1;
  let i = a + 1;
  while (i < value.length && value.charCodeAt(i) === c) i++;
  return i - a >= MIN_RUN ? i : -1;
}

/** Does `value` hold MIN_CONVERSIONS printf conversions in a row (`%n%n%n%n`, `%08x%08x…`)? */
function conversionRun(value: string): boolean {
  let i = value.indexOf("%");
  while (i >= 0) {
    let run = 0;
    let k = i;
    for (;;) {
      if (value.charCodeAt(k) !== 0x25) break;
      let m = k + 1;
      while (m < value.length && m - k <= 4 && value.charCodeAt(m) >= 0x30 && value.charCodeAt(m) <= 0x39) m++;
      const conv = value.charCodeAt(m);
      if (conv !== 0x6e && conv !== 0x73 && conv !== 0x78 && conv !== 0x70) break;
      run++;
      k = m + 1;
    }
    if (run >= MIN_CONVERSIONS) return true;
    i = value.indexOf("%", Math.max(k, i + 1));
  }
  return false;
}

/** Is every character of `value` from index `from` one of Base64's (either alphabet), its padding or a line break? */
function base64From(value: string, from: number): boolean {
  for (let i = from; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!base64Char(c) && c !== 0x3d && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}

/**
 * A body field's run: the whole value, or followed by what no Base64 holds (`BBBB…%90%90%eb%1e`, the
 * return address and shellcode after the padding). Base64 of a file has runs of `A` wherever the file
 * has zero bytes, among other Base64.
 */
function bodyRun(value: string): boolean {
  const end = runEnd(value);
  return end >= 0 && (end === value.length || !base64From(value, end));
}

/**
 * Is `value` an overflow or format-string probe? A header's or a query parameter's is judged on both;
 * a body field's on conversions and on a run that is not Base64's (`sess_sid=AAAA…`, Supermicro's IPMI
 * overflows).
 */
export function overflowProbe(value: string, bodyField = false): boolean {
  if (value.length >= MIN_RUN && (bodyField ? bodyRun(value) : runEnd(value) >= 0)) return true;
  return value.length >= 8 && value.includes("%") && conversionRun(value);
}

/** The shortest run in a Connection header read as a probe: no header name is one letter repeated so. */
const MIN_CONNECTION_RUN = 16;

/**
 * Does a Connection header list a token of one letter repeated MIN_CONNECTION_RUN times or more? HPE
 * iLO 4's authentication bypass (CVE-2017-12542) sends 29 `A`s there; the header names options
 * (`keep-alive`, `close`, `Upgrade`) and hop-by-hop header names, never such a run.
 */
export function connectionOverflow(value: string): boolean {
  for (const token of value.split(",", 16)) {
    const t = token.trim();
    if (t.length < MIN_CONNECTION_RUN || !isProbeChar(t.charCodeAt(0))) continue;
    let same = true;
    for (let i = 1; i < t.length && same; i++) same = t.charCodeAt(i) === t.charCodeAt(0);
    if (same) return true;
  }
  return false;
}
