/**
 * Address sort keys: a CIDR block is exactly the range of its addresses' keys,
 * as CidrSet (the policy engine's matcher) decides membership, on random
 * blocks and addresses of both families; an IPv4 address and its mapped IPv6
 * spelling share a key.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CidrSet } from "../../../core/net/cidr-set.ts";
import { formatCidr, formatIp, type ParsedIp, parseCidr, parseIp } from "../../../core/net/ip.ts";
import { addressKey, cidrKeyRange, ipKey } from "../../../core/net/ip-key.ts";

const ip = (s: string) => parseIp(s) as ParsedIp;

describe("ipKey and cidrKeyRange", () => {
  it("keys name the family and the bytes; IPv4 and its mapped form share one", () => {
    expect(ipKey(ip("203.0.113.7"))).toBe("4cb007107");
    expect(ipKey(ip("::ffff:203.0.113.7"))).toBe("4cb007107");
    expect(ipKey(ip("2001:db8::1"))).toBe("620010db8000000000000000000000001");
    expect(cidrKeyRange(parseCidr("203.0.113.0/24")!)).toEqual({ lo: "4cb007100", hi: "4cb0071ff" });
    expect(cidrKeyRange(parseCidr("::ffff:203.0.113.0/120")!)).toEqual({ lo: "4cb007100", hi: "4cb0071ff" });
  });

  it("addressKey keys a record's address text in any spelling, and nothing that is not an address", () => {
    expect(addressKey("203.0.113.7")).toBe("4cb007107");
    expect(addressKey("::FFFF:203.0.113.7")).toBe("4cb007107");
    expect(addressKey("2001:0db8:0::1")).toBe("620010db8000000000000000000000001");
    for (const v of ["unknown", "", "203.0.113.0/24", "10.0.0.256", null, undefined, 42])
      expect(addressKey(v)).toBeNull();
  });

  it("a block's key range holds exactly the addresses CidrSet says the block holds", () => {
    const block = fc.oneof(
      fc.record({ bytes: fc.uint8Array({ minLength: 4, maxLength: 4 }), prefix: fc.integer({ min: 0, max: 32 }) }),
      fc.record({ bytes: fc.uint8Array({ minLength: 16, maxLength: 16 }), prefix: fc.integer({ min: 0, max: 128 }) }),
      // Mapped blocks: ::ffff:a.b.c.d/96..128.
      fc.record({
        bytes: fc
          .uint8Array({ minLength: 4, maxLength: 4 })
          .map((b) => Uint8Array.from([...new Array(10).fill(0), 255, 255, ...b])),
        prefix: fc.integer({ min: 96, max: 128 }),
      }),
    );
    const noise = fc.array(fc.uint8Array({ minLength: 16, maxLength: 16 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(block, noise, (b, ns) => {
        const version = b.bytes.length === 4 ? 4 : 6;
        const cidr = parseCidr(`${formatIp({ version, bytes: b.bytes })}/${b.prefix}`);
        expect(cidr).not.toBeNull();
        const set = new CidrSet([formatCidr(cidr!)]);
        const { lo, hi } = cidrKeyRange(cidr!);
        // The block's own address, addresses near it (some bytes flipped), and random ones of both families.
        const probes: ParsedIp[] = [{ version, bytes: b.bytes }];
        for (const n of ns) {
          probes.push({
            version,
            bytes: b.bytes.map((x, i) => (i >= (n[0] as number) % b.bytes.length ? x ^ (n[i] as number) : x)),
          });
          probes.push({ version: 4, bytes: n.slice(0, 4) }, { version: 6, bytes: n });
        }
        for (const p of probes) {
          const k = ipKey(p);
          expect(k >= lo && k <= hi, `${formatCidr(cidr!)} ∋ ${formatIp(p)}`).toBe(set.hasParsed(p));
        }
      }),
      { numRuns: 1000 },
    );
  });
});
