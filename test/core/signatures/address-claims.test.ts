/**
 * Client-address headers that name the server itself (core/signatures/
 * address-claims.ts, rule 920258): the loopback or unspecified address in any
 * spelling an address parser takes fires in every header of the kind, while
 * proxy chains of public and private addresses, other headers and
 * non-addresses stay quiet, and no input makes the check throw.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { claimsSelfAddress, isSelfAddress, looseIpv4 } from "../../../core/signatures/address-claims.ts";
import { createSignatureEngine, type SignatureInput } from "../../../core/signatures/index.ts";

const engine = createSignatureEngine();
const where = (headers: Array<[string, string]>): string[] => {
  const input: SignatureInput = {
    method: "GET",
    path: "/admin",
    rawPath: "/admin",
    query: [],
    headers: [["host", "app.example"], ...headers],
  };
  return engine.inspect(input, { paranoia: 1, threshold: 5 }).matches.map((m) => `${m.rule}@${m.location}`);
};

describe("client-address claims (920258)", () => {
  it("reads IPv4 as inet_aton does", () => {
    expect(looseIpv4("127.0.0.1")).toBe(0x7f000001);
    expect(looseIpv4("127.1")).toBe(0x7f000001);
    expect(looseIpv4("0x7f000001")).toBe(0x7f000001);
    expect(looseIpv4("2130706433")).toBe(0x7f000001);
    expect(looseIpv4("0177.0.0.01")).toBe(0x7f000001);
    expect(looseIpv4("256.0.0.1")).toBeNull();
    expect(looseIpv4("1.2.3.4.5")).toBeNull();
    expect(looseIpv4("08.1.1.1")).toBeNull();
    expect(looseIpv4("unknown")).toBeNull();
    expect(looseIpv4("")).toBeNull();
  });

  it("knows the server's own addresses in every spelling", () => {
    for (const a of [
      "127.0.0.1",
      "127.5.6.7",
      "0.0.0.0",
      "0",
      "127.1",
      "0x7f.1",
      "2130706433",
      "::1",
      "0:0:0:0:0:0:0:1",
      "::",
      "::ffff:127.0.0.1",
      "localhost",
      "LOCALHOST",
      "app.localhost",
    ])
      expect(isSelfAddress(a), a).toBe(true);
    for (const a of ["10.0.0.1", "192.168.1.20", "203.0.113.7", "2001:db8::1", "::ffff:10.0.0.1", "unknown", "_hidden"])
      expect(isSelfAddress(a), a).toBe(false);
  });

  it("fires in each client-address header, whatever entry, quoting or port", () => {
    expect(where([["x-real-ip", "127.0.0.1"]])).toContain("920258@header:x-real-ip");
    expect(where([["x-originating-ip", "127.0.0.1"]])).toContain("920258@header:x-originating-ip");
    expect(where([["x-custom-ip-authorization", "127.0.0.1"]])).toContain("920258@header:x-custom-ip-authorization");
    expect(where([["true-client-ip", "0x7f000001"]])).toContain("920258@header:true-client-ip");
    expect(where([["x-forwarded-for", "127.0.0.1"]])).toContain("920258@header:x-forwarded-for");
    expect(where([["x-forwarded-for", "203.0.113.7, localhost"]])).toContain("920258@header:x-forwarded-for");
    expect(where([["x-remote-addr", "127.0.0.1:8080"]])).toContain("920258@header:x-remote-addr");
    expect(where([["forwarded", 'for="[::1]:4711";proto=https']])).toContain("920258@header:forwarded");
    expect(where([["forwarded", "for=192.0.2.60;proto=http, for=127.0.0.1"]])).toContain("920258@header:forwarded");
  });

  it("stays quiet on honest proxy chains, other headers and non-addresses", () => {
    expect(
      where([
        ["x-forwarded-for", "203.0.113.7, 198.51.100.23, 10.0.0.5"],
        ["x-real-ip", "203.0.113.7"],
        ["forwarded", "for=192.0.2.43, for=198.51.100.17;by=203.0.113.60;proto=https"],
        ["x-forwarded-host", "shop.app.example"],
        ["referer", "http://127.0.0.1:3000/admin"],
        ["cf-connecting-ip", "127.0.0.1"],
        ["x-client-ip", "unknown"],
      ]),
    ).toEqual([]);
    // The edge's own header is set by the platform: a local run (Miniflare) fills it with the loopback.
    expect(claimsSelfAddress("cf-connecting-ip", "127.0.0.1")).toBe(false);
  });

  it("takes no claim from a request that came from the server's host (a local run's own proxy)", () => {
    const input = (peer?: string): SignatureInput => ({
      method: "GET",
      path: "/",
      rawPath: "/",
      query: [],
      headers: [
        ["host", "localhost:3000"],
        ["x-forwarded-for", "::1"],
      ],
      ...(peer !== undefined ? { peer } : {}),
    });
    const rules = (peer?: string) =>
      engine.inspect(input(peer), { paranoia: 1, threshold: 5 }).matches.map((m) => m.rule);
    expect(rules("::1")).not.toContain("920258");
    expect(rules("0.0.0.0")).not.toContain("920258");
    expect(rules("203.0.113.9")).toContain("920258");
    expect(rules()).toContain("920258");
  });

  it("never throws, whatever the header says", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("x-forwarded-for", "forwarded", "x-real-ip"),
        fc.string({ maxLength: 200 }),
        (n, v) => {
          expect(typeof claimsSelfAddress(n, v)).toBe("boolean");
        },
      ),
    );
  });
});
