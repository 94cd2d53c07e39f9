/**
 * @module core/pipeline/score-request
 * The Wasm work of a datapath, platform-free: per-value string features and
 * the signature engine, with the same fail-mode rules as the worker
 * (worker/datapath/handle.ts): an unusable module or a trap is a dependency
 * failure; `closed` fails the request, `open` carries on with the TypeScript
 * reference (same results, slower) and says so; the next request gets a
 * fresh Wasm instance. The worker (with its Runtime as the WasmProvider)
 * and the Vercel adapter both call this.
 */
import { fragmentOf } from "../canonicalize/index.ts";
import type { AppConfig } from "../config/app-config.ts";
import { type RequestFeatures, requestFeatures } from "../features/request-features.ts";
import { stringFeaturesOfString, stringFeaturesOfStringTs } from "../features/string-features.ts";
import { createSignatureEngine } from "../signatures/index.ts";
import type { Exclusion, Paranoia, SignatureEngine, SignatureResult } from "../signatures/types.ts";
import type { CanonicalRequest, Reason } from "../types.ts";
import type { WasmHost } from "../wasm/host.ts";

/** Where the isolate's Wasm instance comes from (the worker's Runtime, the Vercel adapter's). */
export interface WasmProvider {
  /** The instance, or null (with `wasmFailure`) when the module is unusable. */
  wasmHost(): WasmHost | null;
  readonly wasmFailure: string | null;
  /** Drops the instance after a trap. */
  resetWasm(error: string): void;
}

export interface ScoringInput {
  req: CanonicalRequest;
  body?: { bytes: Uint8Array; contentType: string; truncated: boolean };
  endpoint?: string;
  /** The active policy's `signatures` section, which overrides the app's. */
  policy?: { paranoia?: number; threshold?: number; exclusions?: Exclusion[] };
  /** False when an allow rule bypasses signatures. */
  signatures: boolean;
  /** The address the platform saw the request come from (SignatureInput.peer). */
  peer?: string;
  /** That address is one of the app's trusted proxies (SignatureInput.viaTrustedProxy). */
  viaTrustedProxy?: boolean;
}

export interface Scored {
  features: RequestFeatures;
  signature: SignatureResult | null;
  reasons: Reason[];
}

const wasmEngines = new WeakMap<WasmHost, SignatureEngine>();
let tsEngine: SignatureEngine | null = null;

function run(app: AppConfig, input: ScoringInput, host: WasmHost | null): Omit<Scored, "reasons"> {
  const features = requestFeatures(input.req, host ? (v) => stringFeaturesOfString(host, v) : stringFeaturesOfStringTs);
  if (!input.signatures) return { features, signature: null };
  let engine: SignatureEngine;
  if (host) {
    engine = wasmEngines.get(host) ?? createSignatureEngine({ wasm: host });
    wasmEngines.set(host, engine);
  } else {
    tsEngine ??= createSignatureEngine();
    engine = tsEngine;
  }
  const paranoia = Math.min(4, Math.max(1, input.policy?.paranoia ?? app.signatures.paranoia)) as Paranoia;
  const fragment = fragmentOf(input.req);
  const signature = engine.inspect(
    {
      method: input.req.method,
      path: input.req.path,
      rawPath: input.req.rawPath,
      query: input.req.query,
      headers: input.req.headers,
      ...(input.body ? { body: input.body } : {}),
      ...(input.peer !== undefined ? { peer: input.peer } : {}),
      ...(input.viaTrustedProxy === true ? { viaTrustedProxy: true } : {}),
      authority: input.req.host,
      ...(fragment ? { fragment } : {}),
      ...(input.req.anomalies.includes("url_too_long") ? { urlTruncated: true } : {}),
    },
    {
      paranoia,
      threshold: input.policy?.threshold ?? app.signatures.threshold,
      exclusions: input.policy?.exclusions ?? [],
      bodyLimit: app.body_limit,
      ...(input.endpoint ? { endpoint: input.endpoint } : {}),
    },
  );
  return { features, signature };
}

/** Features and signature verdict of one request, with the reasons they give. */
export function scoreRequest(wasm: WasmProvider, app: AppConfig, input: ScoringInput): Scored {
  const reasons: Reason[] = [];
  const host = wasm.wasmHost();
  let out: Omit<Scored, "reasons">;
  try {
    if (!host) throw new Error(wasm.wasmFailure ?? "wasm unavailable");
    out = run(app, input, host);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (host) wasm.resetWasm(message);
    reasons.push({
      source: "failmode",
      id: "wasm_unavailable",
      action: app.fail_mode === "closed" ? "block" : "log",
      detail: message,
    });
    out = run(app, input, null);
  }
  if (out.features.control > 0) {
    reasons.push({ source: "canonical", id: "control_chars_in_values", action: "log", score: out.features.control });
  }
  const sig = out.signature;
  // A bug in the engine on some input leaves a safe, empty verdict: the fail mode decides what that
  // means, and the log says it happened (never a silent score of 0).
  const internal = sig?.parseErrors.find((e) => e.startsWith("internal_error"));
  if (internal) {
    reasons.push({
      source: "failmode",
      id: "internal_error",
      action: app.fail_mode === "closed" ? "block" : "log",
      detail: `signatures: ${internal}`,
    });
  }
  if (sig) {
    for (const m of sig.matches) {
      reasons.push({
        source: "signature",
        id: m.rule,
        action: sig.block ? "block" : "log",
        location: m.location,
        score: m.severity,
        detail: m.family,
      });
    }
  }
  return { ...out, reasons };
}
