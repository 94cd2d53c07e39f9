/**
 * @module sim/net/ip-pool
 * Where simulated clients come from: address blocks typical of residential
 * ISPs, mobile carriers (whose NAT puts many users behind one address) and
 * hosting providers, in IPv4 and IPv6. The blocks are representative of each
 * kind of network, not an ownership database. Each seed uses a different
 * subset, so a detector cannot learn "this /16 is always benign". Addresses
 * are unique within an allocator and never fall inside an excluded block (the
 * verified crawlers' published ranges): only real good bots come from there.
 */
import type { Rng } from "../prng.ts";
import { type Cidr, cidrContains, formatIp, parseCidr, parseIp, randomInCidr } from "./cidr.ts";

export type NetworkKind = "residential" | "mobile" | "datacenter";

const V4: Record<NetworkKind, readonly string[]> = {
  residential: [
    "24.0.0.0/12",
    "73.0.0.0/10",
    "98.192.0.0/10",
    "71.192.0.0/12",
    "76.96.0.0/11",
    "86.192.0.0/11",
    "90.0.0.0/10",
    "79.192.0.0/10",
    "84.128.0.0/10",
    "91.0.0.0/10",
    "109.40.0.0/13",
    "151.0.0.0/12",
    "176.0.0.0/12",
    "188.96.0.0/12",
    "2.0.0.0/12",
    "81.0.0.0/12",
    "82.64.0.0/12",
    "94.0.0.0/12",
    "177.0.0.0/10",
    "189.0.0.0/11",
    "201.0.0.0/11",
    "122.0.0.0/11",
    "49.0.0.0/11",
  ],
  mobile: [
    "172.56.0.0/13",
    "174.192.0.0/10",
    "37.80.0.0/12",
    "46.112.0.0/12",
    "80.187.0.0/16",
    "31.0.0.0/12",
    "89.24.0.0/13",
    "166.128.0.0/10",
  ],
  datacenter: [
    "3.0.0.0/9",
    "34.0.0.0/10",
    "35.184.0.0/13",
    "45.32.0.0/14",
    "64.225.0.0/16",
    "138.68.0.0/16",
    "139.59.0.0/16",
    "142.93.0.0/16",
    "157.230.0.0/16",
    "159.65.0.0/16",
    "161.35.0.0/16",
    "165.22.0.0/16",
    "167.99.0.0/16",
    "178.62.0.0/16",
    "188.166.0.0/16",
    "51.15.0.0/16",
    "51.158.0.0/15",
    "54.36.0.0/14",
    "91.121.0.0/16",
    "95.216.0.0/15",
    "65.21.0.0/16",
    "135.181.0.0/16",
    "20.0.0.0/11",
    "52.0.0.0/11",
    "185.220.100.0/22",
  ],
};

const V6: Record<NetworkKind, readonly string[]> = {
  residential: [
    "2a02:8100::/27",
    "2a01:cb00::/24",
    "2001:16b8::/32",
    "2601::/20",
    "2600:1700::/28",
    "2a01:e00::/26",
    "2a00:23c0::/27",
    "2405:200::/29",
  ],
  mobile: ["2607:fb90::/32", "2600:380::/28", "2a01:598::/32", "2a02:3030::/32"],
  datacenter: ["2a03:b0c0::/32", "2001:41d0::/32", "2a01:4f8::/29", "2600:1f00::/24", "2604:a880::/32"],
};

function parseAll(list: readonly string[]): Cidr[] {
  return list.map(parseCidr).filter((c): c is Cidr => c !== undefined);
}

export interface AllocateOptions {
  /** Probability of an IPv6 address (default: the allocator's share for this network). */
  v6?: number;
  /** Stay in the same /24 (IPv4) or /48 (IPv6) as this address: botnets and carriers cluster. */
  near?: string;
}

export class IpAllocator {
  private readonly pools: Record<NetworkKind, { v4: Cidr[]; v6: Cidr[] }>;
  private readonly used = new Set<string>();
  /** Excluded blocks bucketed by version and first 8 (IPv4) or 16 (IPv6) bits, for cheap lookups. */
  private readonly excluded = new Map<string, Cidr[]>();
  private readonly excludedWide: Cidr[] = [];

  /**
   * @param rng decides this seed's subset of blocks (about two thirds of each list)
   * @param exclude blocks no allocated address may fall in
   * @param ipv6Share default probability of an IPv6 address per network kind
   */
  constructor(
    rng: Rng,
    exclude: readonly Cidr[],
    private readonly ipv6Share: Record<NetworkKind, number>,
  ) {
    const subset = (list: readonly string[]) => parseAll(rng.sample(list, Math.max(2, Math.ceil(list.length * 0.66))));
    this.pools = {
      residential: { v4: subset(V4.residential), v6: subset(V6.residential) },
      mobile: { v4: subset(V4.mobile), v6: subset(V6.mobile) },
      datacenter: { v4: subset(V4.datacenter), v6: subset(V6.datacenter) },
    };
    for (const c of exclude) {
      const key = this.bucketOf(c.version, c.base);
      if ((c.version === 4 && c.prefix < 8) || (c.version === 6 && c.prefix < 16)) this.excludedWide.push(c);
      else this.excluded.set(key, [...(this.excluded.get(key) ?? []), c]);
    }
  }

  private bucketOf(version: 4 | 6, value: bigint): string {
    return version === 4 ? `4:${value >> 24n}` : `6:${value >> 112n}`;
  }

  /** True when the address lies in an excluded block. */
  isExcluded(ip: string): boolean {
    const parsed = parseIp(ip);
    if (!parsed) return false;
    const bucket = this.excluded.get(this.bucketOf(parsed.version, parsed.value)) ?? [];
    return bucket.some((c) => cidrContains(c, parsed)) || this.excludedWide.some((c) => cidrContains(c, parsed));
  }

  /** A fresh unique address from a network kind. */
  allocate(network: NetworkKind, rng: Rng, opts: AllocateOptions = {}): string {
    const near = opts.near ? parseIp(opts.near) : undefined;
    for (let attempt = 0; attempt < 64; attempt++) {
      let block: Cidr;
      if (near && attempt < 48) {
        const prefix = near.version === 4 ? 24 : 48;
        const hostBits = BigInt((near.version === 4 ? 32 : 128) - prefix);
        block = { version: near.version, base: (near.value >> hostBits) << hostBits, prefix };
      } else {
        const pool = this.pools[network];
        const v6 = rng.chance(opts.v6 ?? this.ipv6Share[network]);
        block = rng.pick(v6 ? pool.v6 : pool.v4);
      }
      // IPv6 clients get a random /64 and a random interface id (privacy addresses).
      const ip = randomInCidr(block, rng);
      if (this.used.has(ip) || this.isExcluded(ip)) continue;
      this.used.add(ip);
      return ip;
    }
    throw new Error(`could not allocate a unique ${network} address`);
  }

  /** A fresh unique address inside one of the given blocks (verified crawlers). */
  allocateIn(blocks: readonly Cidr[], rng: Rng): string {
    for (let attempt = 0; attempt < 64; attempt++) {
      const ip = randomInCidr(rng.pick(blocks), rng);
      if (!this.used.has(ip) || attempt > 48) {
        this.used.add(ip);
        return ip;
      }
    }
    throw new Error("could not allocate an address in the given blocks");
  }

  /** Another address in the same IPv6 /64 (a privacy address rotating), or the same IPv4. */
  sibling(ip: string, rng: Rng): string {
    const parsed = parseIp(ip);
    if (!parsed || parsed.version === 4) return ip;
    const base = (parsed.value >> 64n) << 64n;
    const iid = (BigInt(rng.u32()) << 32n) | BigInt(rng.u32());
    const next = formatIp(6, base | iid);
    this.used.add(next);
    return next;
  }
}
