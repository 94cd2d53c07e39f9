/**
 * @module core/anomaly/net-group
 * The network neighbourhood of an address, for spread and neighbour
 * features: its /24 for IPv4 and its /48 for IPv6 (a site's allocation; a
 * /64 is one subscriber). Text that is not an address is its own group.
 * Never throws.
 */
import { formatIp, maskIp, parseIp, unmapIp } from "../net/ip.ts";

/** `203.0.113.0/24`, `2001:db8:1::/48`, or the trimmed text when it is not an address. */
export function subnetKey(ip: string): string {
  const parsed = parseIp(ip);
  if (parsed === null) return typeof ip === "string" ? ip.trim().slice(0, 64) : "";
  const a = unmapIp(parsed);
  const prefix = a.version === 4 ? 24 : 48;
  return `${formatIp(maskIp(a, prefix))}/${prefix}`;
}
