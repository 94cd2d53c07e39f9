/**
 * @module bench/stages
 * Per-stage cost of the hot path's platform-free work, in Node (same V8 as
 * workerd), on the datapath bench's request mix: where the worker's CPU
 * goes, without HTTP or the profiler's overhead. A developer tool:
 *
 *   npx tsx bench/stages.ts
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { loadWasmModule } from "../cli/wasm.ts";
import { canonicalize } from "../core/canonicalize/index.ts";
import { AppConfigSchema } from "../core/config/app-config.ts";
import { compactEvent } from "../core/edge/isolate-behaviour.ts";
import { resolveClientIp, resolveIdentity } from "../core/identity/index.ts";
import { redactUrl, selectedHeaders } from "../core/log/redact.ts";
import { decide } from "../core/pipeline/decide.ts";
import { scoreRequest } from "../core/pipeline/score-request.ts";
import type { HeaderList } from "../core/types.ts";
import { WasmInstanceProvider } from "../core/wasm/provider.ts";
import { compilePolicy } from "../policy/compile.ts";
import { evaluatePolicy } from "../policy/evaluate.ts";
import { PolicySchema } from "../policy/schema.ts";
import { requestMix } from "./datapath.ts";
import { ROOT } from "./lib/bundle.ts";

const app = AppConfigSchema.parse({ id: "bench", origin: "http://127.0.0.1:1", mode: "enforce" });
const policy = compilePolicy(
  PolicySchema.parse(JSON.parse(readFileSync(join(ROOT, "policy/examples/bench-200.json"), "utf8"))),
);
const wasm = new WasmInstanceProvider(() => loadWasmModule());
const reqs = requestMix().map((r) => {
  const h = new Headers({ ...(r.headers as Record<string, string>), host: "bench.example" });
  return {
    method: r.method ?? "GET",
    path: r.path ?? "/",
    headers: h,
    body: r.body ? new TextEncoder().encode(String(r.body)) : null,
  };
});

function time(name: string, fn: (i: number) => unknown): void {
  const n = 20_000;
  for (let i = 0; i < 2000; i++) fn(i);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  console.log(`${name.padEnd(28)} ${(((performance.now() - t0) * 1000) / n).toFixed(1).padStart(7)} µs`);
}

const lists: HeaderList[] = reqs.map((r) => {
  const l: HeaderList = [];
  r.headers.forEach((v, k) => {
    l.push([k, v]);
  });
  return l;
});
const creqs = reqs.map((r, i) =>
  canonicalize({ method: r.method, url: r.path, host: "bench.example", headers: lists[i]! }),
);
time("headerList", (i) => {
  const l: HeaderList = [];
  reqs[i % reqs.length]!.headers.forEach((v, k) => {
    l.push([k, v]);
  });
  return l;
});
time("canonicalize", (i) => {
  const r = reqs[i % reqs.length]!;
  return canonicalize({ method: r.method, url: r.path, host: "bench.example", headers: lists[i % reqs.length]! });
});
time("client ip", (i) =>
  resolveClientIp({ socketIp: "198.18.0.1", headers: lists[i % reqs.length]!, trustedProxies: app.trusted_proxies }),
);
await resolveIdentity(app.identity, { headers: lists[0]! }, "198.18.0.1");
const ctx = (i: number) => ({
  endpoint: undefined,
  req: creqs[i % reqs.length]!,
  ip: "198.18.0.1",
  country: "FR",
  asn: 64500,
  identity: "198.18.0.1",
  bodySize: 60,
  contentType: "application/json",
});
time("evaluatePolicy (200 rules)", (i) => evaluatePolicy(policy, ctx(i)));
time("score (wasm + signatures)", (i) => {
  const r = reqs[i % reqs.length]!;
  return scoreRequest(wasm, app, {
    req: creqs[i % reqs.length]!,
    ...(r.body ? { body: { bytes: r.body, contentType: "application/json", truncated: false } } : {}),
    signatures: true,
  });
});
time("decide", () => decide(app, []));
time("log record fields", (i) => [
  redactUrl(creqs[i % reqs.length]!.rawUrl, app.redact.params),
  selectedHeaders(lists[i % reqs.length]!, app.redact.headers),
]);
time("behaviour compactEvent", (i) => {
  const c = creqs[i % reqs.length]!;
  return compactEvent({
    app: "bench",
    client: "198.18.0.1",
    ip: "198.18.0.1",
    ts: 1,
    method: c.method,
    path: c.path,
    query: c.query,
    status: 200,
    bytes: 10,
    latencyMs: 1,
    headers: lists[i % reqs.length]!,
    blockedByApiward: false,
  });
});
