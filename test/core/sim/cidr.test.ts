/**
 * IP helpers of the simulator, checked against Node's own implementation
 * (net.BlockList, net.isIP) rather than against themselves.
 */
import { BlockList, isIP } from "node:net";
import { describe, expect, it } from "vitest";
import { cidrContains, formatIp, parseCidr, parseIp, randomInCidr } from "../../../sim/net/cidr.ts";
import { Rng } from "../../../sim/prng.ts";

describe("sim/net/cidr", () => {
  it("parses and prints addresses in canonical form", () => {
    for (const text of ["1.2.3.4", "255.255.255.255", "2001:db8::1", "::1", "2001:4860:4801:10::", "fe80::1:0:0:1"]) {
      const ip = parseIp(text);
      expect(ip).toBeDefined();
      if (ip) expect(formatIp(ip.version, ip.value)).toBe(text);
    }
    for (const bad of ["1.2.3", "256.1.1.1", "1:2:3", "2001:::1", "hello", "1.2.3.4.5"])
      expect(parseIp(bad)).toBeUndefined();
  });

  it("draws random addresses inside the block, as Node's BlockList agrees", () => {
    const r = new Rng(3);
    for (const text of [
      "66.249.66.0/27",
      "157.55.39.0/24",
      "2001:4860:4801:10::/64",
      "2600:1f28:365:80b0::/60",
      "4.144.182.50/32",
      "10.0.0.0/8",
    ]) {
      const block = parseCidr(text);
      if (!block) throw new Error(text);
      const list = new BlockList();
      const [addr, len] = text.split("/");
      list.addSubnet(addr as string, Number(len), block.version === 4 ? "ipv4" : "ipv6");
      for (let i = 0; i < 200; i++) {
        const ip = randomInCidr(block, r);
        const fam = isIP(ip);
        expect(fam).toBe(block.version);
        expect(list.check(ip, fam === 4 ? "ipv4" : "ipv6")).toBe(true);
        const parsed = parseIp(ip);
        expect(parsed && cidrContains(block, parsed)).toBe(true);
      }
    }
  });

  it("says no for addresses outside and for the other family", () => {
    const block = parseCidr("157.55.39.0/24");
    const outside = parseIp("157.55.40.1");
    const v6 = parseIp("::ffff:9d37:2701");
    if (!block || !outside || !v6) throw new Error("parse");
    expect(cidrContains(block, outside)).toBe(false);
    expect(cidrContains(block, v6)).toBe(false);
  });
});
