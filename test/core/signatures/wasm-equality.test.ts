// biome-ignore-all lint/suspicious/noTemplateCurlyInString: attack payloads and rule titles are literal text, not templates
/**
 * The Wasm module and the TypeScript reference are one engine: a fast-check
 * property holds their per-value results equal on arbitrary bytes, on
 * arbitrary strings, on strings stitched from attack fragments and
 * encodings, and whole-request results equal on corpus lines.
 */
import { existsSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadWasmHost } from "../../../cli/wasm.ts";
import { signatureInputFromRecord } from "../../../core/signatures/from-record.ts";
import { createSignatureEngine } from "../../../core/signatures/index.ts";
import { scanValueTs } from "../../../core/signatures/ref/scan.ts";
import { KIND_COUNT } from "../../../core/signatures/tables/kinds.ts";
import { createTsScanner } from "../../../core/signatures/ts-scanner.ts";
import { createWasmScanner } from "../../../core/signatures/wasm-scanner.ts";
import type { TrafficRecord } from "../../../core/types.ts";

const host = loadWasmHost();
const wasm = createWasmScanner(host);
const ts = createTsScanner();
const sigScan = (host.exports as unknown as { sigScan(kind: number, len: number): number }).sigScan;

const FRAGMENTS = [
  "'",
  '"',
  "`",
  "--",
  "#",
  "/*",
  "*/",
  "/*!",
  ";",
  "|",
  "||",
  "&&",
  "&",
  "$(",
  ")",
  "(",
  "{",
  "}",
  "${",
  "#{",
  "{{",
  "}}",
  "<",
  ">",
  "</",
  "<?php",
  "?>",
  "%",
  "%25",
  "%27",
  "%3C",
  "%0d%0a",
  "%00",
  "%c0%af",
  "%uff1c",
  "\\u0027",
  "\\x3c",
  "&#x27;",
  "&lt;",
  "&lpar;",
  "\uff07",
  "\u2019",
  " ",
  "\t",
  "\n",
  "or",
  "and",
  "union",
  "select",
  "from",
  "where",
  "1",
  "=",
  "1=1",
  "sleep(5)",
  "information_schema",
  "script",
  "onerror=",
  "javascript:",
  "alert(1)",
  "../",
  "..\\",
  "etc/passwd",
  "cat",
  "whoami",
  "/bin/sh",
  "${IFS}",
  "jndi:ldap://",
  "${::-j}",
  "java.lang.Runtime",
  "rO0AB",
  "http://",
  "127.0.0.1",
  "169.254.169.254",
  "php://",
  "__proto__",
  "$_GET",
  "O:8:",
  "@{[",
  "FOR /F",
  "%i",
  "IN",
  "DO",
  "IF",
  "EXIST",
  "<!--#exec",
  "sqlmap",
  "\r\nSet-Cookie: a",
  "GET / HTTP/1.1",
  ")(uid=*",
];

const attackish = fc
  .array(fc.constantFrom(...FRAGMENTS), { maxLength: 14 })
  .chain((parts) =>
    fc.tuple(
      fc.constant(parts),
      fc.array(fc.string({ maxLength: 3 }), { minLength: parts.length, maxLength: parts.length }),
    ),
  )
  .map(([parts, glue]) => parts.map((p, i) => p + (glue[i] ?? "")).join(""));

function rulesOf(s: typeof ts, kind: number, value: string): number[] {
  const n = s.scan(kind, value);
  return Array.from({ length: n }, (_, i) => s.rule(i));
}

function sameScan(kind: number, value: string): void {
  expect(rulesOf(wasm, kind, value)).toEqual(rulesOf(ts, kind, value));
}

describe("Wasm equals the TypeScript reference", () => {
  it("on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: KIND_COUNT - 1 }), fc.uint8Array({ maxLength: 300 }), (kind, bytes) => {
        const a = Array.from(scanValueTs(kind, bytes));
        const len = host.writeInput(bytes);
        const n = sigScan(kind, len);
        expect(Array.from(host.output(n))).toEqual(a);
      }),
      { numRuns: 400 },
    );
  });

  it("on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: KIND_COUNT - 1 }), fc.string({ unit: "binary", maxLength: 200 }), sameScan),
      { numRuns: 400 },
    );
  });

  it("on strings made of attack fragments and encodings", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: KIND_COUNT - 1 }), attackish, sameScan), { numRuns: 800 });
  });

  const corpus = new URL("../../../../shared/corpus/waf/dev.ndjson", import.meta.url);
  it.skipIf(!existsSync(corpus))("on whole requests from the WAF corpus, every paranoia level", () => {
    const lines = readFileSync(corpus, "utf8").trim().split("\n");
    const tsEngine = createSignatureEngine();
    const wasmEngine = createSignatureEngine({ wasm: host });
    const step = Math.max(1, Math.floor(lines.length / 400));
    for (let i = 0; i < lines.length; i += step) {
      const input = signatureInputFromRecord(JSON.parse(lines[i] as string) as TrafficRecord);
      for (const paranoia of [1, 4] as const) {
        expect(wasmEngine.inspect(input, { paranoia, threshold: 5 })).toEqual(
          tsEngine.inspect(input, { paranoia, threshold: 5 }),
        );
      }
    }
  });
});
