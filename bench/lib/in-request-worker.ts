/**
 * @module bench/lib/in-request-worker
 * The worker `bench/in-request.ts` runs: a floor filter (forwards to the
 * origin and answers through a new Response with a request-id header) that,
 * by `env.MODE`, also runs apiward's platform-free stages on each real
 * request (header list, body, canonicalization, the 200-rule policy, Wasm
 * features and signatures, the log record's fields, the behaviour event),
 * and optionally a dozen awaits of cached values first. Not apiward: a
 * measuring device for what those stages cost inside a workerd request.
 */

import { canonicalize } from "../../core/canonicalize/index.ts";
import { AppConfigSchema } from "../../core/config/app-config.ts";
import { compactEvent } from "../../core/edge/isolate-behaviour.ts";
import { redactUrl, selectedHeaders } from "../../core/log/redact.ts";
import { scoreRequest } from "../../core/pipeline/score-request.ts";
import type { HeaderList } from "../../core/types.ts";
import { WasmInstanceProvider } from "../../core/wasm/provider.ts";
import { type CompiledPolicy, compilePolicy } from "../../policy/compile.ts";
import { evaluatePolicy } from "../../policy/evaluate.ts";
import { PolicySchema } from "../../policy/schema.ts";
import wasmModule from "../../wasm/build/apiward.wasm";

interface InRequestEnv {
  ORIGIN: string;
  MODE: "floor" | "stages" | "stages+awaits";
  POLICY: unknown;
}

const app = AppConfigSchema.parse({ id: "bench", origin: "http://127.0.0.1:1", mode: "enforce" });
const wasm = new WasmInstanceProvider(() => wasmModule);
let policy: CompiledPolicy | null = null;
const cached = new Map<string, number>([["k", 1]]);

/** An async lookup that finds its value cached, as the pipeline's caches did before answering plainly. */
async function lookup(k: number): Promise<number> {
  const v = cached.get("k");
  return v === undefined ? await Promise.resolve(k) : v + k;
}

async function stages(req: Request, url: URL, env: InRequestEnv): Promise<Uint8Array | null> {
  if (env.MODE === "stages+awaits") for (let k = 0; k < 12; k++) await lookup(k);
  policy ??= compilePolicy(PolicySchema.parse(env.POLICY));
  const headers: HeaderList = [];
  req.headers.forEach((v, k) => {
    headers.push([k, v]);
  });
  const body = req.body && req.method !== "GET" ? new Uint8Array(await req.arrayBuffer()) : null;
  const creq = canonicalize({ method: req.method, url: url.pathname + url.search, host: url.host, headers });
  const outcome = evaluatePolicy(policy, {
    endpoint: undefined,
    req: creq,
    ip: "198.18.0.1",
    country: "FR",
    asn: 64500,
    identity: "198.18.0.1",
    bodySize: body?.byteLength ?? 0,
    contentType: "application/json",
  });
  const scored = scoreRequest(wasm, app, {
    req: creq,
    ...(body ? { body: { bytes: body, contentType: "application/json", truncated: false } } : {}),
    signatures: true,
  });
  const record = [redactUrl(creq.rawUrl, app.redact.params), selectedHeaders(headers, app.redact.headers)];
  const event = compactEvent({
    app: "bench",
    client: "198.18.0.1",
    ip: "198.18.0.1",
    ts: Date.now() / 1000,
    method: creq.method,
    path: creq.path,
    query: creq.query,
    status: 200,
    bytes: 0,
    latencyMs: 0,
    headers,
    blockedByApiward: false,
  });
  // Kept reachable until the next request, as the pipeline's would be.
  (globalThis as { lastResults?: unknown }).lastResults = [outcome, scored, record, event];
  return body;
}

export default {
  async fetch(req: Request, env: InRequestEnv): Promise<Response> {
    const url = new URL(req.url);
    const h = new Headers(req.headers);
    h.delete("host");
    let body: ReadableStream | Uint8Array | null = req.body;
    if (env.MODE !== "floor") body = await stages(req, url, env);
    const r = await fetch(env.ORIGIN + url.pathname + url.search, { method: req.method, headers: h, body });
    const res = new Response(r.body, r);
    res.headers.set("x-apiward-request-id", crypto.randomUUID());
    return res;
  },
};
