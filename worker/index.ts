import { Hono } from "hono";
import { stringFeaturesWasm } from "../core/features/string-features.ts";
import { WasmHost } from "../core/wasm/host.ts";
import wasmModule from "../wasm/build/apiward.wasm";

export { CounterShard } from "../durable-objects/counter-shard.ts";
export { LearningCore } from "../durable-objects/learning-core.ts";

const app = new Hono<{ Bindings: Env }>();
let host: WasmHost | undefined;
app.get("/probe", async (c) => {
  host ??= new WasmHost(wasmModule);
  const f = stringFeaturesWasm(host, new TextEncoder().encode(c.req.query("s") ?? ""));
  const id = c.env.COUNTERS.idFromName("x");
  const n = await c.env.COUNTERS.get(id).add(1);
  await c.env.CONFIG.put("k", "v");
  return c.json({ f, n, kv: await c.env.CONFIG.get("k"), cf: c.req.raw.cf?.country });
});
export default app;
