/**
 * @module core/identity/client-ip
 * Which address a request comes from. The peer is the socket address when the
 * caller knows it (Node, the CLI), else `cf-connecting-ip` (at the edge
 * Cloudflare sets it and drops a client's own). `x-forwarded-for` is walked
 * right to left only while the current hop is a trusted proxy, so a client
 * cannot claim another address by sending the header itself.
 */
import { CidrSet } from "../net/cidr-set.ts";
import { formatIp, ipGroupKey, type ParsedIp, parseIp, unmapIp } from "../net/ip.ts";
import type { HeaderList } from "../types.ts";

/** Returned when no peer address is known: every such request shares one (conservative) bucket. */
export const UNKNOWN_IP = "unknown";

/** Most `x-forwarded-for` hops walked; a longer chain stops at the last trusted hop reached. */
const MAX_HOPS = 32;

export interface ClientIpInput {
  /** Address of the TCP peer, when the runtime exposes it (Node); absent at the edge. */
  socketIp?: string;
  headers: HeaderList;
  /** Proxies allowed to speak for their clients in `x-forwarded-for`. */
  trustedProxies: CidrSet | readonly string[];
}

const setCache = new WeakMap<readonly string[], CidrSet>();

/** A CidrSet from a config list, built once per array; invalid entries are skipped (config validation reports them). */
function trustedSet(list: CidrSet | readonly string[]): CidrSet {
  if (list instanceof CidrSet) return list;
  let set = setCache.get(list);
  if (set === undefined) {
    set = new CidrSet();
    for (const c of list) set.add(c);
    setCache.set(list, set);
  }
  return set;
}

/** Parses one hop: a bare address, or with a port (`1.2.3.4:80`, `[2001:db8::1]:443`) as some proxies write it. */
function parseHop(text: string): ParsedIp | null {
  const t = text.trim();
  const direct = parseIp(t);
  if (direct !== null) return direct;
  if (t.startsWith("[")) {
    const close = t.indexOf("]");
    return close > 0 ? parseIp(t.slice(0, close + 1)) : null;
  }
  const colon = t.indexOf(":");
  return colon > 0 && t.indexOf(":", colon + 1) < 0 ? parseIp(t.slice(0, colon)) : null;
}

function headerValues(headers: HeaderList, name: string): string[] {
  const out: string[] = [];
  for (const [n, v] of headers) if (n === name) out.push(v);
  return out;
}

/** The client address, formatted canonically (IPv4-mapped IPv6 as IPv4); `unknown` when there is no peer. Never throws. */
export function resolveClientIp(input: ClientIpInput): string {
  const headers = Array.isArray(input.headers) ? input.headers : [];
  const peerText = input.socketIp ?? headerValues(headers, "cf-connecting-ip")[0];
  let current = peerText === undefined ? null : parseHop(peerText);
  if (current === null) return UNKNOWN_IP;
  const trusted = trustedSet(input.trustedProxies);
  if (trusted.size > 0 && trusted.hasParsed(current)) {
    const hops = headerValues(headers, "x-forwarded-for").join(",").split(",");
    for (let i = hops.length - 1, walked = 0; i >= 0 && walked < MAX_HOPS; i--, walked++) {
      const hop = (hops[i] as string).trim();
      if (hop.length === 0) continue;
      const next = parseHop(hop);
      if (next === null) break; // garbage from a hop we trust: keep the last address we can vouch for
      current = next;
      if (!trusted.hasParsed(current)) break;
    }
  }
  return formatIp(unmapIp(current));
}

/** Did the request come straight from one of `trustedProxies` (its peer, not a header's claim)? Never throws. */
export function fromTrustedProxy(input: ClientIpInput): boolean {
  const trusted = trustedSet(input.trustedProxies);
  if (trusted.size === 0) return false;
  const headers = Array.isArray(input.headers) ? input.headers : [];
  const peerText = input.socketIp ?? headerValues(headers, "cf-connecting-ip")[0];
  const peer = peerText === undefined ? null : parseHop(peerText);
  return peer !== null && trusted.hasParsed(peer);
}

/**
 * The key counters use for an address: IPv4 as is, IPv6 grouped by /64
 * (`2001:db8:1:2::/64`), since one subscriber usually holds a whole /64.
 */
export function clientKey(ip: string): string {
  return ipGroupKey(ip);
}
