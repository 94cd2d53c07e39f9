/**
 * @module bench/pathological
 * What a single crafted value costs the signature engine: 15 KB of `%7B`
 * (`{` once decoded, thousands of unclosed template openers) in a query,
 * the same in a cookie, an `X-` header and a JSON body, and 5,000 unclosed
 * `${`. Prints the slowest of `rounds` runs per case, in ms, for the Wasm
 * engine and the TypeScript reference: the worst a request can make the
 * engine work for one value. A developer tool, not part of `npm run bench`:
 *
 *   npx tsx bench/pathological.ts [rounds]
 */
import { loadWasmHost } from "../cli/wasm.ts";
import { createSignatureEngine, type SignatureEngine, type SignatureInput } from "../core/signatures/index.ts";

const enc = new TextEncoder();
const rounds = Number(process.argv[2] ?? 5);

function input(place: string, v: string): SignatureInput {
  const base: SignatureInput = {
    method: "POST",
    path: "/x",
    rawPath: "/x",
    query: [],
    headers: [["host", "a.example"]],
  };
  if (place === "query") base.query = [["q", v]];
  else if (place === "cookie") base.headers.push(["cookie", `c=${v}`]);
  else if (place === "x-header") base.headers.push(["x-data", v]);
  else base.body = { contentType: "application/json", bytes: enc.encode(JSON.stringify({ a: v })), truncated: false };
  return base;
}

function worst(engine: SignatureEngine, req: SignatureInput): number {
  let max = 0;
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    engine.inspect(req, { paranoia: 1, threshold: 5 });
    max = Math.max(max, performance.now() - t);
  }
  return max;
}

const engines: Array<[string, SignatureEngine]> = [
  ["wasm", createSignatureEngine({ wasm: loadWasmHost() })],
  ["ts", createSignatureEngine()],
];
const cases: Array<[string, string, string]> = [
  ["15 KB of %7B", "query", "%7B".repeat(5000)],
  ["8 KB of %7B", "cookie", "%7B".repeat(2666)],
  ["8 KB of %7B", "x-header", "%7B".repeat(2666)],
  ["15 KB of %7B", "json body", "%7B".repeat(5000)],
  ["5,000 ${", "query", "${".repeat(5000)],
];
for (const [what, place, v] of cases) {
  const times = engines.map(([name, e]) => `${name} ${worst(e, input(place, v)).toFixed(1)} ms`);
  console.log(`${what} in a ${place}: ${times.join(", ")}`);
}
