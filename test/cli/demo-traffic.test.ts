/**
 * `demo/traffic.ts` against a real HTTP server (the demo shop itself, on a
 * free loopback port): requests go out with the client's address in
 * cf-connecting-ip, stop within the bounds, and non-loopback targets are
 * refused. A stand-in filter answering 403 problem+json (not the shop's own
 * problem type) shows how blocks are counted per kind.
 */

import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { describe, expect, it } from "vitest";
import { createDemoApp } from "../../demo/app.ts";
import { isFilterBlock, parseTrafficArgs, runTraffic } from "../../demo/traffic.ts";
import { isLoopbackTarget } from "../../sim/live.ts";

async function listen(
  fetchFn: (req: Request) => Response | Promise<Response>,
): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: fetchFn, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) =>
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      }),
    );
  });
}

describe("demo traffic", () => {
  it("accepts only loopback targets", () => {
    for (const ok of ["http://127.0.0.1:8787", "http://localhost:1", "http://127.8.9.10/", "http://[::1]:8787"])
      expect(isLoopbackTarget(new URL(ok)), ok).toBe(true);
    for (const bad of [
      "http://10.0.0.1:8787",
      "http://example.com",
      "https://127.0.0.1",
      "http://[::2]/",
      "http://127.0.0.1.nip.io/",
    ])
      expect(isLoopbackTarget(new URL(bad)), bad).toBe(false);
    expect(() => parseTrafficArgs(["--target", "http://192.168.1.1:8787"])).toThrow(/loopback/);
    expect(() => parseTrafficArgs(["--duration", "99999"])).toThrow(/duration/);
    expect(parseTrafficArgs(["--rate", "5", "--mix", "human=3,scanner=1"]).mix).toEqual({ human: 3, scanner: 1 });
  });

  it("drives the shop with many client addresses and stops by itself", async () => {
    const { app } = createDemoApp({ sleep: async () => {} });
    const seenIps = new Set<string>();
    const server = await listen((req) => {
      const ip = req.headers.get("cf-connecting-ip");
      if (ip) seenIps.add(ip);
      return app.fetch(req);
    });
    try {
      const lines: string[] = [];
      const t0 = performance.now();
      const report = await runTraffic(
        {
          ...parseTrafficArgs(["--target", server.url]),
          durationS: 3,
          rate: 40,
          intervalS: 1,
          mix: { human: 8, scanner: 1, bruteforce: 1, good_bot: 1 },
        },
        (l) => lines.push(l),
      );
      expect(performance.now() - t0).toBeLessThan(15_000);
      expect(report.sent).toBeGreaterThan(10);
      expect(report.sent).toBeLessThanOrEqual(3 * 40 + 10);
      expect(report.failed).toBe(0);
      expect(seenIps.size).toBeGreaterThan(3);
      expect(Object.keys(report.blocked)).toEqual([]);
      expect(lines.at(-1)).toMatch(/^\[traffic\] done requests=\d+/);
    } finally {
      await server.close();
    }
  }, 30_000);

  it("counts a filter's 403 as a block of that client's kind, but not the shop's own 403", async () => {
    const server = await listen(
      () =>
        new Response(JSON.stringify({ type: "https://apiward.dev/blocked", status: 403 }), {
          status: 403,
          headers: { "content-type": "application/problem+json" },
        }),
    );
    try {
      const report = await runTraffic(
        { ...parseTrafficArgs(["--target", server.url]), durationS: 2, rate: 50, intervalS: 1, mix: { scanner: 1 } },
        () => {},
      );
      expect(report.blocked.scanner).toBe(report.sent);
      expect(
        isFilterBlock({ status: 403, bytes: 0, serverMs: 0, text: '{"type":"urn:apiward-demo:problem:403"}' }),
      ).toBe(false);
    } finally {
      await server.close();
    }
  }, 30_000);
});
