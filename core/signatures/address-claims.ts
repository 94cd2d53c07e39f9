/**
 * @module core/signatures/address-claims
 * Headers in which a client claims to be the server itself. Back ends that
 * trust X-Forwarded-For, X-Real-IP or one of their kin for "is this request
 * local?" (admin consoles, debug pages, an allow-list of 127.0.0.1) grant it
 * to anyone who sends `X-Real-IP: 127.0.0.1`: the classic 403 bypass that
 * scanners and bypass tools try header by header. Proxies set these headers
 * to the address their peer connected from; at an internet edge that is
 * never the loopback, so a loopback or unspecified address in one of them
 * (spelt in any of the forms an address parser accepts: `127.1`,
 * `0x7f000001`, `2130706433`, `[::1]`, `::ffff:127.0.0.1`, `localhost`) is
 * the client's own claim. Private addresses are not: a corporate proxy
 * writes its clients' 10.x or 192.168.x addresses there honestly.
 *
 * The proxy appends the real address to X-Forwarded-For (worker/datapath/
 * proxy.ts), which helps back ends that read the last entry, not those that
 * read the first; the other headers pass as the client sent them.
 */
import { parseIp, unmapIp } from "../net/ip.ts";

/** Headers a back end may read for the client's address (never CF-Connecting-IP: the edge sets it). */
export const CLIENT_ADDRESS_HEADERS: ReadonlySet<string> = new Set([
  "x-forwarded-for",
  "x-real-ip",
  "true-client-ip",
  "x-true-client-ip",
  "x-client-ip",
  "client-ip",
  "x-originating-ip",
  "x-remote-ip",
  "x-remote-addr",
  "x-cluster-client-ip",
  "x-custom-ip-authorization",
  "x-forwarded",
  "forwarded-for",
  "x-proxyuser-ip",
  "forwarded",
]);

/** Longest entry worth reading: a bracketed IPv6 with a port and quotes, with room to spare. */
const MAX_ENTRY = 80;

/** The address an entry names: quotes, brackets and a port removed (`"[::1]:8080"` → `::1`, `127.0.0.1:80` → `127.0.0.1`). */
function addressOf(entry: string): string {
  let s = entry.trim();
  if (s.length >= 2 && s.charCodeAt(0) === 0x22 && s.charCodeAt(s.length - 1) === 0x22) s = s.slice(1, -1).trim();
  if (s.charCodeAt(0) === 0x5b) {
    const close = s.indexOf("]");
    return close > 0 ? s.slice(1, close) : s;
  }
  const colon = s.indexOf(":");
  // One colon: IPv4 or a name with a port; more: IPv6 without brackets.
  if (colon >= 0 && s.indexOf(":", colon + 1) < 0) return s.slice(0, colon);
  return s;
}

/**
 * An IPv4 address as inet_aton reads it (what `ping`, libc and most URL
 * parsers accept): one to four parts, each decimal, octal (leading 0) or hex
 * (0x), the last part filling the bytes left. Null when it is not one.
 */
export function looseIpv4(s: string): number | null {
  const parts = s.split(".");
  if (parts.length < 1 || parts.length > 4) return null;
  const values: number[] = [];
  for (const p of parts) {
    if (p.length === 0 || p.length > 12) return null;
    let v: number;
    if (/^0x[0-9a-f]*$/i.test(p)) v = p.length === 2 ? 0 : Number.parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) v = Number.parseInt(p, 8);
    else if (/^[1-9][0-9]*$/.test(p)) v = Number.parseInt(p, 10);
    else return null;
    values.push(v);
  }
  const last = values.length - 1;
  for (let i = 0; i < last; i++) if ((values[i] as number) > 255) return null;
  const rest = 2 ** (8 * (4 - last));
  if ((values[last] as number) >= rest) return null;
  let out = 0;
  for (let i = 0; i < last; i++) out += (values[i] as number) * 2 ** (8 * (3 - i));
  return out + (values[last] as number);
}

/** The address is the loopback or the unspecified one (0.0.0.0 reaches the local host on Linux). */
export function isSelfAddress(text: string): boolean {
  const s = text.trim().toLowerCase();
  if (s === "localhost" || s.endsWith(".localhost")) return true;
  const parsed = parseIp(s);
  if (parsed) {
    // `::ffff:127.0.0.1` is judged as the IPv4 address it carries.
    const ip = unmapIp(parsed);
    const b = ip.bytes;
    if (ip.version === 4) return b[0] === 127 || b.every((x) => x === 0);
    return b.slice(0, 15).every((x) => x === 0) && (b[15] === 1 || b[15] === 0);
  }
  const v4 = looseIpv4(s);
  return v4 !== null && (v4 >>> 24 === 127 || v4 === 0);
}

/** The entries of a client-address header: comma-separated, and in `Forwarded` the `for=` parameters. */
function entries(name: string, value: string): string[] {
  const list = value.split(",", 32);
  if (name !== "forwarded") return list;
  const out: string[] = [];
  for (const element of list)
    for (const pair of element.split(";")) {
      const eq = pair.indexOf("=");
      if (eq > 0 && pair.slice(0, eq).trim().toLowerCase() === "for") out.push(pair.slice(eq + 1));
    }
  return out;
}

/** Header `name` (lower-case) is a client-address header and `value` names the server itself in it. */
export function claimsSelfAddress(name: string, value: string): boolean {
  if (!CLIENT_ADDRESS_HEADERS.has(name)) return false;
  for (const entry of entries(name, value)) {
    if (entry.length > MAX_ENTRY) continue;
    if (isSelfAddress(addressOf(entry))) return true;
  }
  return false;
}
