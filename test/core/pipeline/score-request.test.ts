/**
 * The signature engine's own safety net (an exception on odd input gives an
 * empty verdict rather than a crash) must not hide the failure: the scoring
 * step turns it into an `internal_error` reason, and the app's fail mode
 * decides what it means. The fault is injected as a body that is not bytes.
 */
import { describe, expect, it } from "vitest";
import { loadWasmHost } from "../../../cli/wasm.ts";
import { canonicalize } from "../../../core/canonicalize/index.ts";
import { parseAppConfig } from "../../../core/config/app-config.ts";
import { scoreRequest, type WasmProvider } from "../../../core/pipeline/score-request.ts";

const provider = (): WasmProvider => {
  const host = loadWasmHost();
  return { wasmHost: () => host, wasmFailure: null, resetWasm: () => {} };
};

function appWith(failMode: "open" | "closed") {
  const r = parseAppConfig({ id: "a", origin: "http://127.0.0.1:1", fail_mode: failMode });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe("scoreRequest", () => {
  const req = canonicalize({ method: "POST", url: "/api/login", headers: [["content-type", "application/json"]] });
  const broken = { bytes: "not bytes" as unknown as Uint8Array, contentType: "application/json", truncated: false };

  for (const [mode, action] of [
    ["open", "log"],
    ["closed", "block"],
  ] as const) {
    it(`reports an engine failure as internal_error, acted on by fail mode ${mode}`, () => {
      const scored = scoreRequest(provider(), appWith(mode), { req, body: broken, signatures: true });
      const r = scored.reasons.find((x) => x.id === "internal_error");
      expect(r).toMatchObject({ source: "failmode", action });
      expect(r?.detail).toMatch(/^signatures: internal_error/);
    });
  }

  it("says nothing of the kind for a body it can read", () => {
    const body = {
      bytes: new TextEncoder().encode('{"user":"ann"}'),
      contentType: "application/json",
      truncated: false,
    };
    const scored = scoreRequest(provider(), appWith("closed"), { req, body, signatures: true });
    expect(scored.reasons.some((x) => x.source === "failmode")).toBe(false);
  });
});
