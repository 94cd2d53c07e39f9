import { exports } from "cloudflare:workers";
import { expect, it } from "vitest";

it("runs wasm, DO and KV in workerd", async () => {
  const r = await exports.default.fetch("http://x/probe?s=abc123");
  const j = (await r.json()) as { f: { length: number }; n: number; kv: string; cf: string };
  expect(j.f.length).toBe(6);
  expect(j.n).toBe(1);
  expect(j.kv).toBe("v");
});
