/**
 * The shared behaviour scenarios (test/shared/scenarios.ts) through the
 * Vercel adapter, bundled and run in Vercel's Edge Runtime, with Edge Config
 * and a real Redis behind it; the Cloudflare worker runs the same table
 * (test/worker/shared-scenarios.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mismatch, SCENARIOS } from "../shared/scenarios.ts";
import { type Stack, startStack, uniqueApp } from "./support/stack.ts";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

describe("shared scenarios on Vercel (edge-runtime + Redis)", () => {
  for (const s of SCENARIOS) {
    it(s.name, async () => {
      const id = uniqueApp("sc");
      stack.putApp({ id, hosts: [`${id}.test`], origin: "https://origin.invalid", ...s.app });
      if (s.policy) stack.activatePolicy(id, s.policy);
      const mw = await stack.instance();
      const problems: string[] = [];
      for (const [i, r] of s.requests.entries()) {
        const host = r.unknownHost ? `nobody-${id}.test` : `${id}.test`;
        const res = await mw.fetch(`https://${host}${r.path}`, {
          method: r.method ?? "GET",
          ...(r.headers ? { headers: r.headers } : {}),
          ...(r.body !== undefined ? { body: r.body } : {}),
          ...(r.ip ? { ip: r.ip } : {}),
        });
        const wrong = mismatch(r, { passed: res.passed, status: res.status, body: res.text });
        if (wrong) problems.push(`#${i} ${r.method ?? "GET"} ${r.path}: ${wrong}`);
      }
      expect(problems).toEqual([]);
    });
  }
});
