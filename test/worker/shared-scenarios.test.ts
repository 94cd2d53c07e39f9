/**
 * The shared behaviour scenarios (test/shared/scenarios.ts) through the
 * Cloudflare worker in workerd, with the real KV and Durable Objects; the
 * Vercel adapter runs the same table (test/vercel/shared-scenarios.test.ts).
 */
import { describe, expect, it } from "vitest";
import { createHandler } from "../../worker/app.ts";
import { mismatch, SCENARIOS } from "../shared/scenarios.ts";
import { activatePolicy, env, originUrl, putApp, send, uniqueApp } from "../support/worker-harness.ts";

describe("shared scenarios on Cloudflare (workerd)", () => {
  for (const s of SCENARIOS) {
    it(s.name, async () => {
      const h = createHandler();
      const id = uniqueApp("sc");
      await putApp({ id, hosts: [`${id}.test`], origin: originUrl(), ...s.app }, [h]);
      if (s.policy) await activatePolicy(h, id, s.policy);
      // No default app: an unlisted host is unknown.
      const e = { ...env, APIWARD_DEFAULT_APP: "" } as unknown as Env;
      const problems: string[] = [];
      for (const [i, r] of s.requests.entries()) {
        const headers = new Headers(r.headers);
        headers.set("cf-connecting-ip", r.ip ?? "198.51.100.7");
        const host = r.unknownHost ? `nobody-${id}.test` : `${id}.test`;
        const res = await send(h, `http://${host}${r.path}`, { method: r.method ?? "GET", headers, body: r.body }, e);
        const body = await res.text();
        const passed = !(res.headers.get("content-type") ?? "").includes("application/problem+json");
        const wrong = mismatch(r, { passed, status: res.status, body });
        if (wrong) problems.push(`#${i} ${r.method ?? "GET"} ${r.path}: ${wrong}`);
      }
      expect(problems).toEqual([]);
    });
  }
});
