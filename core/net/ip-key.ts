/**
 * @module core/net/ip-key
 * Addresses as sort keys, so a CIDR block is one range of keys: `4` and 8
 * hex digits for IPv4, `6` and 32 for IPv6, lower case. An IPv4-mapped IPv6
 * address (`::ffff:a.b.c.d`) is keyed as the IPv4 address it carries, and a
 * mapped block as the IPv4 block it covers; other IPv6 blocks never hold
 * IPv4 addresses. These are the semantics of CidrSet, the policy engine's
 * matcher. The log store keeps this key per record and answers `ip=<cidr>`
 * with an index range scan.
 */
import { maskIp, type ParsedCidr, type ParsedIp, parseIp, unmapCidr, unmapIp } from "./ip.ts";

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function key(version: 4 | 6, bytes: Uint8Array): string {
  let s = version === 4 ? "4" : "6";
  for (const x of bytes) s += HEX[x];
  return s;
}

/** The sort key of an address. */
export function ipKey(ip: ParsedIp): string {
  const u = unmapIp(ip);
  return key(u.version, u.bytes);
}

/** The sort key of an address written as text (a record's `ip`), or null when it is not one (`unknown`). */
export function addressKey(text: unknown): string | null {
  const ip = typeof text === "string" ? parseIp(text) : null;
  return ip ? ipKey(ip) : null;
}

/** The first and last key of a block, inclusive. */
export function cidrKeyRange(cidr: ParsedCidr): { lo: string; hi: string } {
  const c = unmapCidr(cidr);
  const lo = maskIp(c.ip, c.prefix).bytes;
  const hi = lo.slice();
  for (let i = 0; i < hi.length; i++) {
    const keep = Math.max(0, Math.min(8, c.prefix - i * 8));
    hi[i] = (hi[i] as number) | (0xff >> keep);
  }
  return { lo: key(c.ip.version, lo), hi: key(c.ip.version, hi) };
}
