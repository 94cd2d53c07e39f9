/**
 * @module core/net/ip
 * IP address and CIDR parsing for client identity and policy matching.
 * Hand-written (no regex, no Node `net`) so it runs unchanged in workerd, in
 * Durable Objects and in Node, never throws on hostile input and costs one
 * small allocation per parse. IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`)
 * are kept as IPv6 by `parseIp` but treated as the IPv4 address they carry by
 * `ipGroupKey` and by `CidrSet`, so a rule on `203.0.113.0/24` cannot be
 * dodged by connecting over a dual-stack socket.
 */

/** A parsed address: 4 bytes (IPv4) or 16 bytes (IPv6), network order. */
export interface ParsedIp {
  version: 4 | 6;
  bytes: Uint8Array;
}

/** A parsed CIDR block; host bits of `ip` are cleared. */
export interface ParsedCidr {
  ip: ParsedIp;
  /** Prefix length in bits: 0..32 for IPv4, 0..128 for IPv6. */
  prefix: number;
}

/** Longest text accepted: a bracketed IPv6 with embedded IPv4 is 47 characters; anything far longer is not an address. */
const MAX_TEXT = 64;

/**
 * Parses an IPv4 or IPv6 address. IPv6 may use `::` and an embedded IPv4 tail;
 * surrounding whitespace and brackets (`[::1]`) are tolerated. Rejected (null):
 * zone ids (`fe80::1%eth0`, meaningless off-host and a spoofing vector), IPv4
 * parts with leading zeros (octal ambiguity), ports, and anything over 64 chars.
 */
export function parseIp(text: string): ParsedIp | null {
  if (typeof text !== "string" || text.length > MAX_TEXT) return null;
  let s = text.trim();
  if (s.length === 0) return null;
  if (s.charCodeAt(0) === 0x5b /* [ */) {
    if (s.charCodeAt(s.length - 1) !== 0x5d /* ] */) return null;
    s = s.slice(1, -1);
    if (s.indexOf(":") < 0) return null;
  }
  if (s.indexOf(":") < 0) {
    const bytes = new Uint8Array(4);
    return parseV4Into(s, 0, s.length, bytes, 0) ? { version: 4, bytes } : null;
  }
  return parseV6(s);
}

/** Parses dotted-quad `s[start, end)` into `out[off..off+4)`. */
function parseV4Into(s: string, start: number, end: number, out: Uint8Array, off: number): boolean {
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = start; i <= end; i++) {
    const c = i < end ? s.charCodeAt(i) : 0x2e;
    if (c === 0x2e /* . */) {
      if (digits === 0 || part > 3) return false;
      out[off + part] = value;
      part++;
      value = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && value === 0) return false; // leading zero
      value = value * 10 + (c - 0x30);
      digits++;
      if (value > 255) return false;
    } else {
      return false;
    }
  }
  return part === 4;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/**
 * One pass over an IPv6 text: hex groups of 1-4 digits separated by `:`, at
 * most one `::`, an optional dotted IPv4 tail, no zone id. No intermediate
 * arrays: this runs for every IPv6 client.
 */
function parseV6(s: string): ParsedIp | null {
  const len = s.length;
  const words = new Uint16Array(8);
  let n = 0;
  let gap = -1;
  let i = 0;
  if (s.charCodeAt(0) === 0x3a) {
    if (s.charCodeAt(1) !== 0x3a) return null;
    gap = 0;
    i = 2;
  }
  while (i < len) {
    let j = i;
    let w = 0;
    for (; j < len; j++) {
      const h = hexValue(s.charCodeAt(j));
      if (h < 0) break;
      w = (w << 4) | h;
    }
    if (j < len && s.charCodeAt(j) === 0x2e) {
      // Dotted IPv4 tail: two words, and nothing may follow it.
      if (n > 6) return null;
      const b = new Uint8Array(4);
      if (!parseV4Into(s, i, len, b, 0)) return null;
      words[n++] = (b[0]! << 8) | b[1]!;
      words[n++] = (b[2]! << 8) | b[3]!;
      break;
    }
    if (j === i || j - i > 4 || n === 8) return null;
    words[n++] = w;
    if (j === len) break;
    if (s.charCodeAt(j) !== 0x3a) return null;
    if (s.charCodeAt(j + 1) === 0x3a) {
      if (gap >= 0) return null;
      gap = n;
      i = j + 2;
    } else {
      i = j + 1;
      if (i === len) return null; // trailing single colon
    }
  }
  if (gap < 0 ? n !== 8 : n > 7) return null;
  const bytes = new Uint8Array(16);
  const shift = gap < 0 ? 0 : 8 - n;
  for (let k = 0; k < n; k++) {
    const at = gap >= 0 && k >= gap ? k + shift : k;
    bytes[2 * at] = words[k]! >> 8;
    bytes[2 * at + 1] = words[k]! & 0xff;
  }
  return { version: 6, bytes };
}

/** True for `::ffff:a.b.c.d` (IPv4-mapped IPv6). */
export function isV4Mapped(ip: ParsedIp): boolean {
  if (ip.version !== 6) return false;
  const b = ip.bytes;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

/** The IPv4 address an IPv4-mapped IPv6 carries; any other address unchanged. */
export function unmapIp(ip: ParsedIp): ParsedIp {
  return isV4Mapped(ip) ? { version: 4, bytes: ip.bytes.slice(12, 16) } : ip;
}

/** Formats an address: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run as `::`, mapped IPv4 dotted). */
export function formatIp(ip: ParsedIp): string {
  const b = ip.bytes;
  if (ip.version === 4) return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  if (isV4Mapped(ip)) return `::ffff:${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  const w: number[] = [];
  for (let k = 0; k < 8; k++) w.push((b[2 * k]! << 8) | b[2 * k + 1]!);
  let bestAt = -1;
  let bestLen = 1; // RFC 5952: a single zero group is not compressed
  for (let k = 0; k < 8; ) {
    if (w[k] !== 0) {
      k++;
      continue;
    }
    let e = k;
    while (e < 8 && w[e] === 0) e++;
    if (e - k > bestLen) {
      bestAt = k;
      bestLen = e - k;
    }
    k = e;
  }
  const hex = (from: number, to: number) =>
    w
      .slice(from, to)
      .map((x) => x.toString(16))
      .join(":");
  if (bestAt < 0) return hex(0, 8);
  return `${hex(0, bestAt)}::${hex(bestAt + bestLen, 8)}`;
}

/**
 * The client key for counters and logs: IPv4 in canonical dotted form, IPv6
 * grouped to its /64 (`2001:db8:1:2::/64`), because one IPv6 subscriber
 * usually owns a whole /64 and could otherwise rotate addresses freely.
 * IPv4-mapped IPv6 gives the IPv4 key. Text that is not an address is
 * returned trimmed, lower-cased and capped at 64 characters (never throws).
 */
export function ipGroupKey(text: string): string {
  const parsed = parseIp(text);
  if (parsed === null) return typeof text === "string" ? text.trim().slice(0, MAX_TEXT).toLowerCase() : "";
  const ip = unmapIp(parsed);
  if (ip.version === 4) return formatIp(ip);
  const net = new Uint8Array(16);
  net.set(ip.bytes.subarray(0, 8));
  return `${formatIp({ version: 6, bytes: net })}/64`;
}

/** Clears the bits of `ip` beyond `prefix` (returns a copy). */
export function maskIp(ip: ParsedIp, prefix: number): ParsedIp {
  const bytes = ip.bytes.slice();
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    bytes[i] = bytes[i]! & ((0xff << (8 - keep)) & 0xff);
  }
  return { version: ip.version, bytes };
}

/**
 * Parses `addr/prefix` or a bare address (a /32 or /128). Host bits set
 * beyond the prefix (`203.0.113.7/24`) are cleared, as most tools do. Null on
 * anything malformed: bad address, prefix out of range or with leading zeros.
 */
export function parseCidr(text: string): ParsedCidr | null {
  if (typeof text !== "string" || text.length > MAX_TEXT + 4) return null;
  const slash = text.indexOf("/");
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (ip === null) return null;
  const max = ip.version === 4 ? 32 : 128;
  if (slash < 0) return { ip, prefix: max };
  const p = text.slice(slash + 1).trim();
  if (p.length === 0 || p.length > 3 || (p.length > 1 && p.charCodeAt(0) === 0x30)) return null;
  let prefix = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return null;
    prefix = prefix * 10 + (c - 0x30);
  }
  if (prefix > max) return null;
  return { ip: maskIp(ip, prefix), prefix };
}

/** An IPv4-mapped IPv6 block of /96 or longer as the IPv4 block it covers; any other block unchanged. */
export function unmapCidr(cidr: ParsedCidr): ParsedCidr {
  if (cidr.prefix < 96 || !isV4Mapped(cidr.ip)) return cidr;
  return { ip: { version: 4, bytes: cidr.ip.bytes.slice(12, 16) }, prefix: cidr.prefix - 96 };
}

/** Formats a CIDR as `network/prefix`. */
export function formatCidr(cidr: ParsedCidr): string {
  return `${formatIp(cidr.ip)}/${cidr.prefix}`;
}
