/**
 * @module sim/net/cidr
 * Just enough IP arithmetic for the simulator: parse IPv4/IPv6 addresses and
 * CIDR blocks, test membership, draw a random address inside a block and
 * print addresses in their usual text form (RFC 5952 for IPv6). Addresses are
 * bigints so both families share one code path. Not for the hot path; the
 * datapath has core/net.
 */
import type { Rng } from "../prng.ts";

export interface Cidr {
  version: 4 | 6;
  /** First address of the block (host bits cleared). */
  base: bigint;
  prefix: number;
}

export function parseIpv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(p);
  }
  return v;
}

export function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(text) || text.length > 39) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  let v = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    v = (v << 16n) | BigInt(Number.parseInt(g, 16));
  }
  return v;
}

export function parseIp(text: string): { version: 4 | 6; value: bigint } | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = parseIpv6(text);
  return v6 === undefined ? undefined : { version: 6, value: v6 };
}

export function parseCidr(text: string): Cidr | undefined {
  const [addr, len] = text.split("/");
  const ip = addr ? parseIp(addr) : undefined;
  if (!ip) return undefined;
  const bits = ip.version === 4 ? 32 : 128;
  const prefix = len === undefined ? bits : Number(len);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return undefined;
  const hostBits = BigInt(bits - prefix);
  return { version: ip.version, base: (ip.value >> hostBits) << hostBits, prefix };
}

export function cidrContains(block: Cidr, ip: { version: 4 | 6; value: bigint }): boolean {
  if (block.version !== ip.version) return false;
  const hostBits = BigInt((block.version === 4 ? 32 : 128) - block.prefix);
  return ip.value >> hostBits === block.base >> hostBits;
}

export function formatIp(version: 4 | 6, value: bigint): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join(".");
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  // RFC 5952: compress the longest run (length >= 2) of zero groups, the first one on ties.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

/** A random address inside the block; for IPv4 blocks wider than /31 the network and broadcast addresses are avoided. */
export function randomInCidr(block: Cidr, rng: Rng): string {
  const bits = block.version === 4 ? 32 : 128;
  const hostBits = bits - block.prefix;
  let offset = 0n;
  for (let done = 0; done < hostBits; done += 32) {
    const take = Math.min(32, hostBits - done);
    offset = (offset << BigInt(take)) | BigInt(rng.u32() >>> (32 - take));
  }
  const size = 1n << BigInt(hostBits);
  if (block.version === 4 && hostBits >= 2) {
    offset = 1n + (offset % (size - 2n));
  }
  return formatIp(block.version, block.base + offset);
}
