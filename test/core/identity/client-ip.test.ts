import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clientKey, resolveClientIp, UNKNOWN_IP } from "../../../core/identity/index.ts";
import { CidrSet } from "../../../core/net/cidr-set.ts";
import type { HeaderList } from "../../../core/types.ts";

const TRUSTED = ["10.0.0.0/8", "2001:db8:ffff::/48"];

describe("resolveClientIp", () => {
  it("at the edge uses cf-connecting-ip and ignores a spoofed x-forwarded-for", () => {
    const headers: HeaderList = [
      ["x-forwarded-for", "1.1.1.1, 203.0.113.9"],
      ["cf-connecting-ip", "203.0.113.9"],
    ];
    expect(resolveClientIp({ headers, trustedProxies: TRUSTED })).toBe("203.0.113.9");
  });

  it("locally uses the socket address; a client's own cf-connecting-ip and xff are ignored", () => {
    const headers: HeaderList = [
      ["cf-connecting-ip", "8.8.8.8"],
      ["x-forwarded-for", "8.8.4.4"],
    ];
    expect(resolveClientIp({ socketIp: "198.51.100.20", headers, trustedProxies: TRUSTED })).toBe("198.51.100.20");
    expect(resolveClientIp({ socketIp: "198.51.100.20", headers, trustedProxies: [] })).toBe("198.51.100.20");
  });

  it("honours x-forwarded-for right to left through trusted proxies only", () => {
    const chain = (xff: string) =>
      resolveClientIp({ socketIp: "10.0.0.2", headers: [["x-forwarded-for", xff]], trustedProxies: TRUSTED });
    expect(chain("198.51.100.7")).toBe("198.51.100.7");
    expect(chain("198.51.100.7, 10.0.0.5")).toBe("198.51.100.7");
    // The client prepended a fake address: the walk stops at the first untrusted hop from the right.
    expect(chain("6.6.6.6, 198.51.100.7, 10.0.0.5")).toBe("198.51.100.7");
    expect(chain("6.6.6.6,198.51.100.7 ,  10.1.2.3")).toBe("198.51.100.7");
  });

  it("joins several x-forwarded-for headers in order", () => {
    const headers: HeaderList = [
      ["x-forwarded-for", "6.6.6.6, 198.51.100.7"],
      ["x-forwarded-for", "10.0.0.9"],
    ];
    expect(resolveClientIp({ socketIp: "10.0.0.2", headers, trustedProxies: TRUSTED })).toBe("198.51.100.7");
  });

  it("accepts hops with ports, stops at garbage, and falls back to unknown without a peer", () => {
    const t = (xff: string) =>
      resolveClientIp({ socketIp: "10.0.0.2", headers: [["x-forwarded-for", xff]], trustedProxies: TRUSTED });
    expect(t("198.51.100.7:5123")).toBe("198.51.100.7");
    expect(t("[2001:db8::7]:443")).toBe("2001:db8::7");
    expect(t("198.51.100.7, unknown")).toBe("10.0.0.2");
    expect(t("10.0.0.3, 10.0.0.4")).toBe("10.0.0.3");
    expect(resolveClientIp({ headers: [["x-forwarded-for", "1.2.3.4"]], trustedProxies: TRUSTED })).toBe(UNKNOWN_IP);
    expect(resolveClientIp({ socketIp: "not an ip", headers: [], trustedProxies: TRUSTED })).toBe(UNKNOWN_IP);
  });

  it("works with a prebuilt CidrSet, IPv6 proxies, and unmaps IPv4-mapped peers", () => {
    const set = new CidrSet(TRUSTED);
    const headers: HeaderList = [["x-forwarded-for", "2001:db8:1:2::99"]];
    expect(resolveClientIp({ socketIp: "2001:db8:ffff:1::1", headers, trustedProxies: set })).toBe("2001:db8:1:2::99");
    expect(resolveClientIp({ socketIp: "::ffff:203.0.113.5", headers: [], trustedProxies: set })).toBe("203.0.113.5");
    expect(
      resolveClientIp({
        socketIp: "::ffff:10.0.0.1",
        headers: [["x-forwarded-for", "192.0.2.1"]],
        trustedProxies: set,
      }),
    ).toBe("192.0.2.1");
  });

  it("property: whatever x-forwarded-for an untrusted peer sends, the answer is the peer", () => {
    const octet = fc.integer({ min: 0, max: 255 });
    const untrusted = fc.tuple(fc.integer({ min: 11, max: 223 }), octet, octet, octet).map((o) => o.join("."));
    const xff = fc.array(fc.oneof(untrusted, fc.constant("10.0.0.1"), fc.string({ maxLength: 20 })), { maxLength: 10 });
    fc.assert(
      fc.property(untrusted, xff, (peer, hops) => {
        const headers: HeaderList = [["x-forwarded-for", hops.join(", ")]];
        expect(resolveClientIp({ socketIp: peer, headers, trustedProxies: TRUSTED })).toBe(peer);
        expect(resolveClientIp({ headers: [["cf-connecting-ip", peer], ...headers], trustedProxies: TRUSTED })).toBe(
          peer,
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe("clientKey", () => {
  it("keeps IPv4 as is and groups IPv6 by /64", () => {
    expect(clientKey("203.0.113.7")).toBe("203.0.113.7");
    const a = clientKey("2001:db8:1:2:aaaa::1");
    expect(a).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:0DB8:0001:0002:bbbb:cccc:dddd:eeee")).toBe(a);
    expect(clientKey("2001:db8:1:3::1")).not.toBe(a);
    expect(clientKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });
});
