/**
 * What the signature engine (Wasm) costs per request for a JSON body of a given size, steadily enough to
 * compare two checkouts: `npx tsx bench/body-cost.ts [bytes…]` (default 8192 and 61440) prints, per
 * size, the median and the least of 15 rounds' mean milliseconds a request, over 100 requests with
 * bodies of their own (bench/signatures.ts's generator), each round on a fresh engine after 5 rounds of
 * warm-up. Run it in each worktree, alternating (`git worktree add /tmp/old <commit>`, then
 * `npm run build:wasm` there): the host's noise moves both alike within a minute, not across an hour.
 */
import { loadWasmHost } from "../cli/wasm.ts";
import { signatureInputFromRecord } from "../core/signatures/from-record.ts";
import { createSignatureEngine, type SignatureInput } from "../core/signatures/index.ts";
import { jsonBody } from "./signatures.ts";

const REQUESTS = 100;
const WARMUP = 5;
const ROUNDS = 15;

function inputs(size: number): SignatureInput[] {
  return Array.from({ length: REQUESTS }, (_, i) =>
    signatureInputFromRecord({
      method: "POST",
      url: `/api/v1/cart/checkout?step=2&cart=${i}`,
      headers: { "content-type": "application/json", "user-agent": "Mozilla/5.0", cookie: `sid=${i}abc; theme=dark` },
      body: jsonBody(size, 1000 + i),
    }),
  );
}

export function bodyCost(size: number): { bytes: number; median_ms: number; min_ms: number } {
  const host = loadWasmHost();
  const requests = inputs(size);
  const round = (): number => {
    const engine = createSignatureEngine({ wasm: host });
    const t0 = performance.now();
    for (const input of requests) engine.inspect(input, { paranoia: 2, threshold: 5 });
    return (performance.now() - t0) / requests.length;
  };
  for (let i = 0; i < WARMUP; i++) round();
  const times = Array.from({ length: ROUNDS }, round).sort((a, b) => a - b);
  const r3 = (v: number): number => Math.round(v * 1000) / 1000;
  return { bytes: size, median_ms: r3(times[ROUNDS >> 1] as number), min_ms: r3(times[0] as number) };
}

const sizes = process.argv.slice(2).map(Number);
for (const size of sizes.length > 0 ? sizes : [8192, 61440]) console.log(JSON.stringify(bodyCost(size)));
