import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CidrSet } from "../../../core/net/cidr-set.ts";
import { formatIp, parseIp } from "../../../core/net/ip.ts";

/** Naive reference: an address as a bigint, and block membership by comparing the top bits. */
function toBig(bytes: Uint8Array): bigint {
  let x = 0n;
  for (const b of bytes) x = (x << 8n) | BigInt(b);
  return x;
}
function naiveContains(net: Uint8Array, prefix: number, ip: Uint8Array): boolean {
  if (net.length !== ip.length) return false;
  const bits = BigInt(net.length * 8);
  const shift = bits - BigInt(prefix);
  return toBig(net) >> shift === toBig(ip) >> shift;
}

describe("CidrSet", () => {
  it("longest prefix wins, IPv4 and IPv6 kept apart", () => {
    const s = new CidrSet<string>();
    expect(s.add("10.0.0.0/8", "wide")).toBe(true);
    s.add("10.1.0.0/16", "narrow");
    s.add("10.1.2.3", "host");
    s.add("2001:db8::/32", "v6");
    expect(s.lookup("10.9.9.9")).toBe("wide");
    expect(s.lookup("10.1.9.9")).toBe("narrow");
    expect(s.lookup("10.1.2.3")).toBe("host");
    expect(s.lookup("11.0.0.1")).toBeUndefined();
    expect(s.lookup("2001:db8:ffff::1")).toBe("v6");
    expect(s.lookup("2001:db9::1")).toBeUndefined();
    expect(s.lookup("::a01:203")).toBeUndefined(); // 10.1.2.3 as IPv4-compatible IPv6 is not IPv4
    expect(s.lookup("garbage")).toBeUndefined();
    expect(s.size).toBe(4);
    const seen: string[] = [];
    s.forEachMatch(parseIp("10.1.2.3")!, (v) => seen.push(v));
    expect(seen).toEqual(["wide", "narrow", "host"]);
  });

  it("IPv4-mapped IPv6 addresses and blocks match as IPv4", () => {
    const s = new CidrSet(["203.0.113.0/24", "::ffff:198.51.100.0/120"]);
    expect(s.has("::ffff:203.0.113.77")).toBe(true);
    expect(s.has("198.51.100.5")).toBe(true);
    expect(s.has("::ffff:203.0.114.1")).toBe(false);
  });

  it("/0 matches every address of its family; invalid add is refused", () => {
    const s = new CidrSet(["0.0.0.0/0"]);
    expect(s.has("1.2.3.4")).toBe(true);
    expect(s.has("::1")).toBe(false);
    expect(s.add("10.0.0.0/33")).toBe(false);
    expect(() => new CidrSet(["nope"])).toThrow(/nope/);
  });

  const block = fc.oneof(
    fc.record({ bytes: fc.uint8Array({ minLength: 4, maxLength: 4 }), prefix: fc.integer({ min: 0, max: 32 }) }),
    fc.record({ bytes: fc.uint8Array({ minLength: 16, maxLength: 16 }), prefix: fc.integer({ min: 0, max: 128 }) }),
  );

  it("membership and longest match equal a naive scan", () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 20 }), (blocks, probesSeed) => {
        const s = new CidrSet<number>();
        blocks.forEach((b, i) => {
          s.add(`${formatIp({ version: b.bytes.length === 4 ? 4 : 6, bytes: b.bytes })}/${b.prefix}`, i);
        });
        // Probe addresses near the stored blocks (flip one bit) and the blocks themselves.
        const probes: Uint8Array[] = blocks.map((b) => b.bytes);
        probesSeed.forEach((n, k) => {
          const base = blocks[k % Math.max(1, blocks.length)]?.bytes ?? new Uint8Array(4);
          const p = base.slice();
          const bit = n % (p.length * 8);
          p[bit >> 3] = p[bit >> 3]! ^ (1 << (7 - (bit & 7)));
          probes.push(p);
        });
        const isMapped = (x: Uint8Array) =>
          x.length === 16 && x.subarray(0, 10).every((y) => y === 0) && x[10] === 255 && x[11] === 255;
        for (const p of probes) {
          if (isMapped(p) || blocks.some((b) => isMapped(b.bytes))) continue; // mapped handled by its own test
          let best = -1;
          let bestIdx: number | undefined;
          blocks.forEach((b, i) => {
            if (naiveContains(b.bytes, b.prefix, p) && b.prefix >= best) {
              best = b.prefix;
              bestIdx = i;
            }
          });
          // Same block added twice: the later value wins in both implementations.
          const text = formatIp({ version: p.length === 4 ? 4 : 6, bytes: p });
          expect(s.has(text)).toBe(bestIdx !== undefined);
          expect(s.lookup(text)).toBe(bestIdx);
        }
      }),
    );
  });
});
