/**
 * @module bench/datapath
 * Full datapath vs a bare passthrough worker, same origin, same load, same
 * process: both run in workerd through Miniflare's API (not `wrangler dev`,
 * whose proxy would cap both and hide apiward's cost). apiward runs the
 * deployable bundle with the ~200-rule bench policy active, in enforce mode.
 * Rounds alternate (passthrough, apiward, …) so machine drift hits both.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import autocannon from "autocannon";
import { Miniflare } from "miniflare";
import { bundleWorker, ROOT } from "./lib/bundle.ts";
import { startBenchOrigin } from "./lib/origin.ts";
import { childWorkerdPids, cpuMs } from "./lib/proc-cpu.ts";

const PASSTHROUGH = `export default { async fetch(req, env) {
  const u = new URL(req.url);
  const h = new Headers(req.headers); h.delete("host");
  return fetch(env.ORIGIN + u.pathname + u.search, { method: req.method, headers: h, body: req.body });
} };`;

export interface DatapathResult {
  bench: "datapath";
  throughput_ratio: number;
  apiward_rps: number;
  passthrough_rps: number;
  added_p50_ms: number;
  added_p99_ms: number;
  apiward_p50_ms: number;
  apiward_p99_ms: number;
  passthrough_p50_ms: number;
  passthrough_p99_ms: number;
  policy_rules: number;
  /** workerd CPU (worker + its Durable Objects, same process) per request, µs; null off Linux. */
  apiward_cpu_us_per_req: number | null;
  passthrough_cpu_us_per_req: number | null;
  apiward_errors: number;
  apiward_non2xx: number;
  connections: number;
  seconds_per_round: number;
  rounds: number;
}

/** A realistic request mix: API reads with ids and queries, searches, JSON posts, many client IPs. */
function requestMix(): autocannon.Request[] {
  const reqs: autocannon.Request[] = [];
  for (let i = 0; i < 64; i++) {
    const ip = `198.51.${100 + (i % 8)}.${(i * 37) % 250}`;
    const headers = {
      "cf-connecting-ip": ip,
      "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
      accept: "application/json",
    };
    switch (i % 4) {
      case 0:
        reqs.push({ method: "GET", path: `/api/products/${1000 + i}`, headers });
        break;
      case 1:
        reqs.push({ method: "GET", path: `/api/products?page=${i % 7}&per_page=20&category=tools`, headers });
        break;
      case 2:
        reqs.push({ method: "GET", path: `/api/search?q=red+widget+${i}`, headers });
        break;
      default:
        reqs.push({
          method: "POST",
          path: "/api/cart/items",
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify({ product_id: 1000 + i, quantity: 1 + (i % 3), note: "gift wrap please" }),
        });
    }
  }
  return reqs;
}

function load(url: string, seconds: number, connections: number): Promise<autocannon.Result> {
  return autocannon({ url, connections, duration: seconds, requests: requestMix(), pipelining: 1 });
}

export async function benchDatapath(
  opts: { seconds?: number; rounds?: number; connections?: number } = {},
): Promise<DatapathResult> {
  const seconds = opts.seconds ?? 8;
  const rounds = opts.rounds ?? 2;
  const connections = opts.connections ?? 32;
  const origin = await startBenchOrigin();
  const bundle = bundleWorker();
  const token = "bench-token";
  const pidsBefore = new Set(childWorkerdPids());
  const mfApiward = new Miniflare({
    modules: true,
    scriptPath: bundle.main,
    modulesRoot: bundle.dir,
    modulesRules: [
      { type: "CompiledWasm", include: ["**/*.wasm"] },
      { type: "Text", include: ["**/*.html", "**/*.css", "**/*.txt"] },
    ],
    compatibilityDate: "2026-04-01",
    compatibilityFlags: ["nodejs_compat"],
    kvNamespaces: ["CONFIG", "SNAPSHOTS"],
    durableObjects: readDurableObjects(),
    bindings: { APIWARD_ADMIN_TOKEN: token, APIWARD_DEFAULT_APP: "bench", APIWARD_VERSION: "bench" },
    cf: { country: "FR", asn: 64500, colo: "LCL" },
    port: 0,
  });
  await mfApiward.ready;
  const apiwardPid = childWorkerdPids().find((p) => !pidsBefore.has(p)) ?? null;
  const mfPass = new Miniflare({
    modules: true,
    script: PASSTHROUGH,
    compatibilityDate: "2026-04-01",
    bindings: { ORIGIN: origin.url },
    cf: { country: "FR", asn: 64500, colo: "LCL" },
    port: 0,
  });
  try {
    const apiwardUrl = (await mfApiward.ready).toString().replace(/\/$/, "");
    const passUrl = (await mfPass.ready).toString().replace(/\/$/, "");
    const passPid = childWorkerdPids().find((p) => !pidsBefore.has(p) && p !== apiwardPid) ?? null;
    const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const put = await fetch(`${apiwardUrl}/__apiward/apps/bench`, {
      method: "PUT",
      headers: auth,
      // Every capability runs; behaviour and anomaly in monitor, because 64 clients at full
      // speed are, rightly, a flood to them: enforcing would turn most answers into cheap 429s
      // and flatter the figure. Monitor does all the work and changes no answer.
      body: JSON.stringify({
        id: "bench",
        origin: origin.url,
        mode: "enforce",
        fail_mode: "open",
        capabilities: { behaviour: "monitor", anomaly: "monitor" },
      }),
    });
    if (put.status !== 200) throw new Error(`bench app: ${put.status} ${await put.text()}`);
    const policy = readFileSync(join(ROOT, "policy/examples/bench-200.json"), "utf8");
    const pol = await fetch(`${apiwardUrl}/__apiward/apps/bench/policies?activate=true`, {
      method: "POST",
      headers: auth,
      body: policy,
    });
    if (pol.status !== 201) throw new Error(`bench policy: ${pol.status} ${await pol.text()}`);
    const rules = (JSON.parse(policy) as { rules: unknown[] }).rules.length;

    // Warm both (JIT, caches, Wasm instance, DO creation).
    await load(passUrl, 2, connections);
    await load(apiwardUrl, 2, connections);
    const pass: autocannon.Result[] = [];
    const aw: autocannon.Result[] = [];
    const cpu = { pass: 0, aw: 0, ok: apiwardPid !== null && passPid !== null };
    const timed = async (pid: number | null, url: string): Promise<[autocannon.Result, number]> => {
      const c0 = pid === null ? null : cpuMs(pid);
      const res = await load(url, seconds, connections);
      // Let the batched off-hot-path work (lingering flushes) finish inside the measurement.
      await new Promise((r) => setTimeout(r, 1000));
      const c1 = pid === null ? null : cpuMs(pid);
      return [res, c0 === null || c1 === null ? 0 : c1 - c0];
    };
    for (let r = 0; r < rounds; r++) {
      const [p, pc] = await timed(passPid, passUrl);
      pass.push(p);
      cpu.pass += pc;
      const [a, ac] = await timed(apiwardPid, apiwardUrl);
      aw.push(a);
      cpu.aw += ac;
    }
    const total = (xs: autocannon.Result[]) => xs.reduce((s, x) => s + x.requests.total, 0);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const apiwardRps = mean(aw.map((x) => x.requests.average));
    const passRps = mean(pass.map((x) => x.requests.average));
    const ap50 = mean(aw.map((x) => x.latency.p50));
    const ap99 = mean(aw.map((x) => x.latency.p99));
    const pp50 = mean(pass.map((x) => x.latency.p50));
    const pp99 = mean(pass.map((x) => x.latency.p99));
    const round2 = (x: number) => Math.round(x * 100) / 100;
    return {
      bench: "datapath",
      throughput_ratio: round2(apiwardRps / passRps),
      apiward_rps: Math.round(apiwardRps),
      passthrough_rps: Math.round(passRps),
      added_p50_ms: round2(ap50 - pp50),
      added_p99_ms: round2(ap99 - pp99),
      apiward_p50_ms: ap50,
      apiward_p99_ms: ap99,
      passthrough_p50_ms: pp50,
      passthrough_p99_ms: pp99,
      policy_rules: rules,
      apiward_cpu_us_per_req: cpu.ok ? Math.round((cpu.aw * 1000) / total(aw)) : null,
      passthrough_cpu_us_per_req: cpu.ok ? Math.round((cpu.pass * 1000) / total(pass)) : null,
      apiward_errors: aw.reduce((s, x) => s + x.errors, 0),
      apiward_non2xx: aw.reduce((s, x) => s + x.non2xx, 0),
      connections,
      seconds_per_round: seconds,
      rounds,
    };
  } finally {
    await mfApiward.dispose();
    await mfPass.dispose();
    origin.server.close();
  }
}

/** Durable Object bindings from wrangler.toml (names and classes), all SQLite-backed. */
function readDurableObjects(): Record<string, { className: string; useSQLite: boolean }> {
  const toml = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
  const out: Record<string, { className: string; useSQLite: boolean }> = {};
  const re = /\[\[durable_objects\.bindings\]\]\s*name\s*=\s*"([^"]+)"\s*class_name\s*=\s*"([^"]+)"/g;
  for (const m of toml.matchAll(re)) out[m[1] as string] = { className: m[2] as string, useSQLite: true };
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchDatapath()));
}
