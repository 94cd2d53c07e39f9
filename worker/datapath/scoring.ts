/**
 * @module worker/datapath/scoring
 * The Wasm work of the hot path: per-value string features and the signature
 * engine. An unusable module or a trap is a dependency failure: `closed`
 * fails the request, `open` carries on with the TypeScript reference (same
 * results, slower) and says so in the log; the next request gets a fresh
 * Wasm instance.
 */
import type { AppConfig } from "../../core/config/app-config.ts";
import { type RequestFeatures, requestFeatures } from "../../core/features/request-features.ts";
import { stringFeaturesTs, stringFeaturesWasm } from "../../core/features/string-features.ts";
import { createSignatureEngine } from "../../core/signatures/index.ts";
import type { Exclusion, Paranoia, SignatureEngine, SignatureResult } from "../../core/signatures/types.ts";
import type { CanonicalRequest, Reason } from "../../core/types.ts";
import type { WasmHost } from "../../core/wasm/host.ts";
import type { Runtime } from "../runtime.ts";

export interface ScoringInput {
  req: CanonicalRequest;
  body?: { bytes: Uint8Array; contentType: string; truncated: boolean };
  endpoint?: string;
  /** The active policy's `signatures` section, which overrides the app's. */
  policy?: { paranoia?: number; threshold?: number; exclusions?: Exclusion[] };
  /** False when an allow rule bypasses signatures. */
  signatures: boolean;
}

export interface Scored {
  features: RequestFeatures;
  signature: SignatureResult | null;
  reasons: Reason[];
}

const wasmEngines = new WeakMap<WasmHost, SignatureEngine>();
let tsEngine: SignatureEngine | null = null;

function run(app: AppConfig, input: ScoringInput, host: WasmHost | null): Omit<Scored, "reasons"> {
  const features = requestFeatures(input.req, host ? (b) => stringFeaturesWasm(host, b) : stringFeaturesTs);
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
  const signature = engine.inspect(
    {
      method: input.req.method,
      path: input.req.path,
      rawPath: input.req.rawPath,
      query: input.req.query,
      headers: input.req.headers,
      ...(input.body ? { body: input.body } : {}),
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

export function score(rt: Runtime, app: AppConfig, input: ScoringInput): Scored {
  const reasons: Reason[] = [];
  const host = rt.wasmHost();
  let out: Omit<Scored, "reasons">;
  try {
    if (!host) throw new Error(rt.wasmFailure ?? "wasm unavailable");
    out = run(app, input, host);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (host) rt.resetWasm(message);
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
