import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCidr, formatIp, ipGroupKey, parseCidr, parseIp } from "../../../core/net/ip.ts";

const v4 = fc.uint8Array({ minLength: 4, maxLength: 4 });
const v6 = fc.uint8Array({ minLength: 16, maxLength: 16 });

/** Independent IPv6 text: 8 uncompressed groups, random case and leading zeros. */
function longForm(bytes: Uint8Array, upper: boolean): string {
  const groups: string[] = [];
  for (let k = 0; k < 8; k++) {
    const h = ((bytes[2 * k]! << 8) | bytes[2 * k + 1]!).toString(16).padStart(4, "0");
    groups.push(upper ? h.toUpperCase() : h);
  }
  return groups.join(":");
}

describe("parseIp / formatIp", () => {
  it.each([
    ["1.2.3.4", "1.2.3.4"],
    ["0.0.0.0", "0.0.0.0"],
    ["255.255.255.255", "255.255.255.255"],
    [" 10.0.0.1 ", "10.0.0.1"],
    ["::", "::"],
    ["::1", "::1"],
    ["[::1]", "::1"],
    ["2001:DB8::0:1", "2001:db8::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    ["1::", "1::"],
    ["::ffff:192.0.2.1", "::ffff:192.0.2.1"],
    ["::ffff:c000:0201", "::ffff:192.0.2.1"],
    ["64:ff9b::192.0.2.33", "64:ff9b::c000:221"],
    ["1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"],
  ])("%s formats as %s", (input, out) => {
    const p = parseIp(input);
    expect(p).not.toBeNull();
    expect(formatIp(p!)).toBe(out);
  });

  it.each([
    "",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "01.2.3.4",
    "1.2.3.-4",
    "1..2.3",
    "1.2.3.4:80",
    "[1.2.3.4]",
    "fe80::1%eth0",
    "fe80::1%25eth0",
    "1::2::3",
    ":::",
    ":1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:8::",
    "12345::",
    "g::1",
    "::1.2.3",
    "1.2.3.4::",
    "[::1",
    "x".repeat(100),
    "::ffff:1.2.3.4.5",
  ])("rejects %j", (input) => {
    expect(parseIp(input)).toBeNull();
  });

  it("never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80, unit: fc.constantFrom(..."0123456789abcdefABCDEF:.[]%/ x") }), (s) => {
        const p = parseIp(s);
        if (p !== null) expect(parseIp(formatIp(p))?.bytes).toEqual(p.bytes);
      }),
    );
  });

  it("IPv4 round trip", () => {
    fc.assert(
      fc.property(v4, (b) => {
        const text = Array.from(b).join(".");
        const p = parseIp(text)!;
        expect(p.version).toBe(4);
        expect(Array.from(p.bytes)).toEqual(Array.from(b));
        expect(formatIp(p)).toBe(text);
      }),
    );
  });

  it("IPv6 round trip from long form and canonical form", () => {
    fc.assert(
      fc.property(v6, fc.boolean(), (b, upper) => {
        const p = parseIp(longForm(b, upper))!;
        expect(p.version).toBe(6);
        expect(Array.from(p.bytes)).toEqual(Array.from(b));
        const canonical = formatIp(p);
        expect(canonical).toBe(canonical.toLowerCase());
        expect(canonical.split("::").length).toBeLessThanOrEqual(2);
        expect(Array.from(parseIp(canonical)!.bytes)).toEqual(Array.from(b));
        expect(Array.from(parseIp(`[${canonical}]`)!.bytes)).toEqual(Array.from(b));
      }),
    );
  });

  it("IPv6 with zero runs round trips (exercises ::)", () => {
    const sparse = fc
      .array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 })
      .map((w) => {
        const b = new Uint8Array(16);
        w.forEach((x, k) => {
          b[2 * k] = x >> 8;
          b[2 * k + 1] = x & 0xff;
        });
        return b;
      });
    fc.assert(
      fc.property(sparse, (b) => {
        const text = formatIp({ version: 6, bytes: b });
        expect(Array.from(parseIp(text)!.bytes)).toEqual(Array.from(b));
      }),
    );
  });
});

describe("ipGroupKey", () => {
  it.each([
    ["203.0.113.9", "203.0.113.9"],
    ["2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"],
    ["2001:db8:1:2::1", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8::/64"],
    ["::ffff:198.51.100.7", "198.51.100.7"],
    ["[2001:DB8:1:2::5]", "2001:db8:1:2::/64"],
    ["not-an-ip", "not-an-ip"],
  ])("%s -> %s", (input, key) => {
    expect(ipGroupKey(input)).toBe(key);
  });

  it("all addresses of one /64 share a key, different /64s do not", () => {
    fc.assert(
      fc.property(v6, v6, (a, b) => {
        const c = a.slice();
        c.set(b.subarray(8), 8); // same /64 as a, random interface id
        const ka = ipGroupKey(formatIp({ version: 6, bytes: a }));
        expect(ipGroupKey(formatIp({ version: 6, bytes: c }))).toBe(ka);
        const sameNet = a.subarray(0, 8).every((x, i) => x === b[i]);
        const isMapped = (x: Uint8Array) => x.subarray(0, 10).every((y) => y === 0) && x[10] === 255 && x[11] === 255;
        if (!sameNet && !isMapped(a) && !isMapped(b)) {
          expect(ipGroupKey(formatIp({ version: 6, bytes: b }))).not.toBe(ka);
        }
      }),
    );
  });
});

describe("parseCidr", () => {
  it.each([
    ["10.0.0.0/8", "10.0.0.0/8"],
    ["10.1.2.3/8", "10.0.0.0/8"],
    ["1.2.3.4", "1.2.3.4/32"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["2001:db8::/32", "2001:db8::/32"],
    ["2001:db8::1/64", "2001:db8::/64"],
    ["::/0", "::/0"],
    ["::1", "::1/128"],
  ])("%s -> %s", (input, out) => {
    expect(formatCidr(parseCidr(input)!)).toBe(out);
  });
  it.each(["10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/08", "10.0.0.0/x", "10.0.0/8", "/8", "::/-1"])(
    "rejects %j",
    (input) => {
      expect(parseCidr(input)).toBeNull();
    },
  );
});
