/**
 * @module bench/anomaly
 * Distributed anomaly detection's costs, each against a baseline in the same
 * run (`tsx bench/anomaly.ts`, or `benchAnomaly()` from bench/run.ts):
 *
 * - Datapath: a passthrough worker vs the same passthrough with the
 *   isolate's anomaly hot path (mitigationFor before, observe after, flush
 *   off the hot path to a real Aggregates Durable Object), both in workerd
 *   through Miniflare, same origin, same load, alternating rounds:
 *   `throughput_ratio` (target ≥ 0.9) and the added p50/p99. Anomaly runs in
 *   monitor (see ENTRY); more than 1% failed requests (errors, timeouts,
 *   non-2xx) on either worker throws, naming the statuses and error codes,
 *   instead of printing a ratio over failures.
 * - Hot path in Node: µs per request of observe + mitigationFor with 10,000
 *   cached mitigations, including the amortised delta serialisation.
 * - Merge and detection in Node (what one Aggregates object does): deltas
 *   merged per second and events they carry, and the time of a detection
 *   tick over the resulting windows, with the TypeScript and Wasm scorers.
 * These figures feed docs/scaling.md. Prints one JSON line, last.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { Miniflare } from "miniflare";
import { loadWasmHost } from "../cli/wasm.ts";
import { IsolateAggregator } from "../core/anomaly/aggregator.ts";
import type { AnomalyDelta } from "../core/anomaly/delta.ts";
import { AnomalyDetector } from "../core/anomaly/detector.ts";
import { MitigationIndex } from "../core/anomaly/enforce.ts";
import { authTest } from "../core/anomaly/events.ts";
import { AnomalyMitigations } from "../core/anomaly/mitigations.ts";
import { tsScorer } from "../core/anomaly/scorer.ts";
import type { AnomalyEvent } from "../core/anomaly/types.ts";
import { wasmAnomalyScorer } from "../core/anomaly/wasm-scorer.ts";
import { mulberry32 } from "../core/discovery/hash.ts";
import { ROOT } from "./lib/bundle.ts";
import { startBenchOrigin } from "./lib/origin.ts";

const PASSTHROUGH = `export default { async fetch(req, env) {
  const u = new URL(req.url);
  const h = new Headers(req.headers); h.delete("host");
  return fetch(env.ORIGIN + u.pathname + u.search, { method: req.method, headers: h, body: req.body });
} };`;

/**
 * The same passthrough with the anomaly hot path, as the datapath calls it, in monitor: the bench's
 * own load (64 addresses at full speed on two endpoints) is, rightly, a distributed flood to the
 * Aggregates object. Its first alarm comes one to two minutes after the first delta, so a run that
 * outlasts it (inside `npm run bench`, on a busy machine) had all 64 sources mitigated, and most
 * answers became cheap 403s counted as errors, with a ratio over them (18,974 once). Every
 * mitigation lookup still runs; the answers it would have changed are counted and reported at
 * `/__bench/monitored`, and they change nothing.
 */
const ENTRY = `import { AnomalyRuntime } from "${ROOT}/worker/datapath/anomaly.ts";
export { Aggregates } from "${ROOT}/durable-objects/aggregates.ts";
const rt = new AnomalyRuntime({ flushMs: 1000 });
let monitored = 0;
export default { async fetch(req, env, ctx) {
  const t0 = Date.now();
  const u = new URL(req.url);
  if (u.pathname === "/__bench/monitored") return Response.json({ monitored });
  const ip = req.headers.get("cf-connecting-ip") ?? "0.0.0.0";
  const endpoint = req.method + " " + u.pathname.replace(/\\/[0-9]+/g, "/{id}");
  const r = rt.mitigationFor(env, "bench", endpoint, ip, ip, t0 / 1000);
  if (r) monitored++;
  const h = new Headers(req.headers); h.delete("host");
  const res = await fetch(env.ORIGIN + u.pathname + u.search, { method: req.method, headers: h, body: req.body });
  rt.observe({ app: "bench", endpoint, ip, client: ip, ts: t0 / 1000, method: req.method, path: u.pathname,
    query: [...u.searchParams], status: res.status, bytes: Number(res.headers.get("content-length")) || 0,
    latencyMs: Date.now() - t0, userAgent: req.headers.get("user-agent") ?? undefined, blockedByApiward: false });
  rt.flush(env, ctx);
  return res;
} };`;

const TOML = (main: string) => `name = "bench-anomaly"
main = "${main}"
compatibility_date = "2026-04-01"
compatibility_flags = ["nodejs_compat"]
send_metrics = false
[[kv_namespaces]]
binding = "SNAPSHOTS"
id = "bench-snapshots"
[[kv_namespaces]]
binding = "CONFIG"
id = "bench-config"
[[durable_objects.bindings]]
name = "AGGREGATES"
class_name = "Aggregates"
[[migrations]]
tag = "v1"
new_sqlite_classes = ["Aggregates"]
[[rules]]
type = "CompiledWasm"
globs = ["**/*.wasm"]
fallthrough = true
`;

/** Bundles a bench worker (`entry` source, `toml(main)` config) as `wrangler deploy` would. */
export function bundleEntry(entry: string = ENTRY, toml: (main: string) => string = TOML): string {
  const dir = mkdtempSync(join(tmpdir(), "apiward-bench-capability-"));
  writeFileSync(join(dir, "entry.ts"), entry);
  writeFileSync(join(dir, "wrangler.toml"), toml(join(dir, "entry.ts")));
  const out = join(dir, "out");
  const r = spawnSync(
    join(ROOT, "node_modules/.bin/wrangler"),
    ["deploy", "--dry-run", "--outdir", out, "--config", join(dir, "wrangler.toml")],
    {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    },
  );
  if (r.status !== 0) throw new Error(`bundling the bench worker failed:\n${r.stdout}\n${r.stderr}`);
  return out;
}

function requests(): autocannon.Request[] {
  const reqs: autocannon.Request[] = [];
  for (let i = 0; i < 64; i++) {
    const headers = {
      "cf-connecting-ip": `198.51.${100 + (i % 8)}.${(i * 37) % 250}`,
      "user-agent": "Mozilla/5.0",
      accept: "application/json",
    };
    reqs.push({ method: "GET", path: i % 2 ? `/api/products/${1000 + i}` : `/api/search?q=w${i}`, headers });
  }
  return reqs;
}

/** Largest share of failed requests (errors, timeouts, non-2xx) a valid comparison tolerates. */
export const MAX_FAILED_SHARE = 0.01;

/** One load run: autocannon's result and the error codes its requests failed with. */
interface Run {
  res: autocannon.Result;
  codes: Map<string, number>;
}

function load(url: string, seconds: number, connections: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const codes = new Map<string, number>();
    const inst = autocannon({ url, connections, duration: seconds, requests: requests(), pipelining: 1 }, (err, res) =>
      err ? reject(err) : resolve({ res, codes }),
    );
    inst.on("reqError", (err: NodeJS.ErrnoException) => {
      const code = err.code ?? err.message;
      codes.set(code, (codes.get(code) ?? 0) + 1);
    });
  });
}

/** Requests that did not come back as a 2xx, and why (status classes and error codes). */
export function failures(runs: readonly Run[]): { total: number; failed: number; why: Record<string, number> } {
  const why: Record<string, number> = {};
  const add = (k: string, n: number) => {
    if (n > 0) why[k] = (why[k] ?? 0) + n;
  };
  let total = 0;
  let failed = 0;
  for (const { res, codes } of runs) {
    total += res["2xx"] + res.non2xx + res.errors;
    failed += res.non2xx + res.errors;
    add("1xx", res["1xx"]);
    add("3xx", res["3xx"]);
    add("4xx", res["4xx"]);
    add("5xx", res["5xx"]);
    add("timeouts", res.timeouts);
    for (const [c, n] of codes) add(c, n);
  }
  return { total, failed, why };
}

/** Throws when more than MAX_FAILED_SHARE of a worker's requests failed: their ratio would not be a throughput. */
export function assertValid(name: string, runs: readonly Run[]): void {
  const f = failures(runs);
  if (f.total === 0) throw new Error(`bench: the ${name} worker answered no request at all`);
  if (f.failed / f.total > MAX_FAILED_SHARE)
    throw new Error(
      `bench: ${f.failed} of ${f.total} requests to the ${name} worker failed (${JSON.stringify(f.why)}), ` +
        `over the ${MAX_FAILED_SHARE * 100}% a valid comparison allows; no ratio reported`,
    );
}

/** A capability's bench worker: its bundle and the Durable Objects it binds. */
export interface CapabilityWorker {
  name: string;
  out: string;
  durableObjects: Record<string, { className: string; useSQLite: boolean }>;
}

/**
 * The passthrough vs the same passthrough with one capability's hot path
 * (`worker`), same origin, same load, alternating rounds; throws when either
 * worker failed more than MAX_FAILED_SHARE of its requests.
 */
export async function capabilityRatio(worker: CapabilityWorker, seconds: number, rounds: number, connections: number) {
  const origin = await startBenchOrigin();
  let mfA: Miniflare | null = null;
  let mfP: Miniflare | null = null;
  try {
    const out = worker.out;
    mfA = new Miniflare({
      modules: true,
      scriptPath: join(out, "entry.js"),
      modulesRoot: out,
      modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
      compatibilityDate: "2026-04-01",
      compatibilityFlags: ["nodejs_compat"],
      kvNamespaces: ["SNAPSHOTS", "CONFIG"],
      durableObjects: worker.durableObjects,
      bindings: { ORIGIN: origin.url },
      port: 0,
    });
    mfP = new Miniflare({
      modules: true,
      script: PASSTHROUGH,
      compatibilityDate: "2026-04-01",
      bindings: { ORIGIN: origin.url },
      port: 0,
    });
    const a = (await mfA.ready).toString().replace(/\/$/, "");
    const p = (await mfP.ready).toString().replace(/\/$/, "");
    await load(p, 2, connections);
    await load(a, 2, connections);
    const pr: Run[] = [];
    const ar: Run[] = [];
    for (let r = 0; r < rounds; r++) {
      pr.push(await load(p, seconds, connections));
      ar.push(await load(a, seconds, connections));
    }
    assertValid("passthrough", pr);
    assertValid(worker.name, ar);
    const monitored = ((await (await fetch(`${a}/__bench/monitored`)).json()) as { monitored: number }).monitored;
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const aRps = mean(ar.map((x) => x.res.requests.average));
    const pRps = mean(pr.map((x) => x.res.requests.average));
    return {
      throughput_ratio: Math.round((aRps / pRps) * 100) / 100,
      capability_rps: Math.round(aRps),
      passthrough_rps: Math.round(pRps),
      added_p50_ms:
        Math.round((mean(ar.map((x) => x.res.latency.p50)) - mean(pr.map((x) => x.res.latency.p50))) * 100) / 100,
      added_p99_ms:
        Math.round((mean(ar.map((x) => x.res.latency.p99)) - mean(pr.map((x) => x.res.latency.p99))) * 100) / 100,
      failed: failures(ar).failed,
      requests: failures(ar).total,
      /** Requests a published mitigation covered (answered as usual: monitor). */
      monitored_mitigated: monitored,
    };
  } finally {
    await mfA?.dispose();
    await mfP?.dispose();
    await origin.stop();
  }
}

function events(n: number, ips: number, seed: number, t0: number): AnomalyEvent[] {
  const r = mulberry32(seed);
  const pool = Array.from({ length: ips }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  const eps = [
    "GET /",
    "GET /api/products",
    "GET /api/products/{id}",
    "GET /api/search",
    "POST /api/login",
    "GET /api/cart",
  ];
  return Array.from({ length: n }, (_, i) => {
    const ip = pool[Math.floor(r() * ips)] as string;
    const endpoint = eps[Math.floor(r() * eps.length)] as string;
    return {
      app: "bench",
      ip,
      client: ip,
      endpoint,
      ts: t0 + (i / n) * 300,
      method: endpoint.slice(0, endpoint.indexOf(" ")),
      path: `/api/products/${Math.floor(r() * 5000)}`,
      status: r() < 0.05 ? 404 : 200,
      bytes: 1200,
      latencyMs: 20,
      userAgent: "Mozilla/5.0",
      blockedByApiward: false,
    };
  });
}

function hotPath() {
  const t0 = 1_800_000_000;
  const evs = events(200_000, 2000, 1, t0);
  const agg = new IsolateAggregator("bench", { isAuth: authTest([]) });
  const table = new AnomalyMitigations();
  for (let i = 0; i < 10_000; i++)
    table.put({
      app: "bench",
      target: `172.16.${i >> 8}.${i & 255}`,
      scope: "client",
      kind: "distributed_scan",
      now: t0,
      act: { action: "block", ttl_s: 3600 },
      reasons: [],
    });
  const idx = new MitigationIndex();
  idx.load(table.list(t0));
  const run = (withAnomaly: boolean) => {
    const start = performance.now();
    let blocked = 0;
    for (let i = 0; i < evs.length; i++) {
      const e = evs[i] as AnomalyEvent;
      if (!withAnomaly) continue;
      if (idx.check(e.endpoint, e.client, e.ip, e.ts)) blocked++;
      agg.observe(e);
      if (i % 5000 === 4999) JSON.stringify(agg.take()); // a flush's delta, serialised as RPC would
    }
    return { ms: performance.now() - start, blocked };
  };
  run(true);
  const r = run(true);
  return { hot_path_us_per_req: Math.round((r.ms * 1000 * 100) / evs.length) / 100 };
}

function mergeAndTick() {
  const t0 = 1_800_000_000;
  // 60 isolates × 5 minutes of traffic, 1.5 million requests from 50,000 addresses.
  const deltas: AnomalyDelta[] = [];
  let carried = 0;
  for (let iso = 0; iso < 60; iso++) {
    const agg = new IsolateAggregator("bench", { isAuth: authTest([]) });
    const evs = events(25_000, 50_000, 100 + iso, t0);
    for (let i = 0; i < evs.length; i++) {
      agg.observe(evs[i] as AnomalyEvent);
      if (i % 5000 === 4999) deltas.push(JSON.parse(JSON.stringify(agg.take())));
    }
    carried += evs.length;
  }
  const run = (scorer: typeof tsScorer) => {
    const det = new AnomalyDetector({ app: "bench", model: null, scorer, isAuth: authTest([]) });
    const s0 = performance.now();
    for (const d of deltas) det.ingest(d);
    const mergeMs = performance.now() - s0;
    const s1 = performance.now();
    const r = det.tick(t0 + 300);
    return { mergeMs, tickMs: performance.now() - s1, findings: r.findings.length, ips: det.state.ips.size };
  };
  const ts = run(tsScorer);
  const wasm = run(wasmAnomalyScorer(loadWasmHost()));
  return {
    merge_deltas_per_s: Math.round(deltas.length / (ts.mergeMs / 1000)),
    merge_events_per_s: Math.round(carried / (ts.mergeMs / 1000)),
    tick_ms_ts: Math.round(ts.tickMs),
    tick_ms_wasm: Math.round(wasm.tickMs),
    tick_addresses: ts.ips,
  };
}

export async function benchAnomaly(
  opts: { seconds?: number; rounds?: number; connections?: number; datapath?: boolean } = {},
) {
  const hot = hotPath();
  const merge = mergeAndTick();
  let dp = {};
  if (opts.datapath !== false) {
    const worker = {
      name: "anomaly",
      out: bundleEntry(),
      durableObjects: { AGGREGATES: { className: "Aggregates", useSQLite: true } },
    };
    const { capability_rps, ...rest } = await capabilityRatio(
      worker,
      opts.seconds ?? 6,
      opts.rounds ?? 2,
      opts.connections ?? 32,
    );
    dp = { ...rest, anomaly_rps: capability_rps };
  }
  return { bench: "anomaly", ...dp, ...hot, ...merge };
}

// `tsx bench/anomaly.ts [--no-datapath]`
if (import.meta.url === `file://${process.argv[1]}`)
  console.log(JSON.stringify(await benchAnomaly({ datapath: !process.argv.includes("--no-datapath") })));
