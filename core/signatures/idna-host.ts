/**
 * @module core/signatures/idna-host
 * A URL whose host is written in compatibility characters (the Kelvin sign `K` in
 * `https://Kubernetes.default.svc/`, fullwidth letters and digits, an ideographic full stop): URL
 * parsers that follow WHATWG map a host through IDNA (UTS 46) before resolving it, so that host is
 * `kubernetes.default.svc` to Node's `fetch` and to a browser. The URL with its host mapped is
 * handed back to be judged as any URL; a host that stays non-ASCII after mapping (`bücher.de`) is an
 * internationalised name, not such a trick.
 */

const SCHEME = /^\s*(?:https?|ftp|gopher|dict|ldap):\/\//i;
/** Full stops UTS 46 maps to `.` (NFKC maps the fullwidth one already). */
const DOTS = /[\u3002\uff61\uff0e]/g;

function ascii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** The value with its URL's host mapped to ASCII, or null when it has no host to map. */
export function mappedUrlHost(value: string): string | null {
  if (value.length > 4096) return null;
  const m = SCHEME.exec(value);
  if (m === null) return null;
  const start = m[0].length;
  let end = start;
  while (end < value.length && !"/?#\\".includes(value.charAt(end))) end++;
  const authority = value.slice(start, end);
  if (ascii(authority)) return null;
  const host = authority.normalize("NFKC").replace(DOTS, ".").toLowerCase();
  return ascii(host) ? value.slice(0, start) + host + value.slice(end) : null;
}
