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
import { capabilityEntry, capabilityRatio } from "./lib/capability.ts";

/**
 * The same passthrough with the anomaly hot path, as the datapath calls it, in monitor: the bench's
 * own load (64 addresses at full speed on two endpoints) is, rightly, a distributed flood to the
 * Aggregates object. Its first alarm comes one to two minutes after the first delta, so a run that
 * outlasts it (inside `npm run bench`, on a busy machine) had all 64 sources mitigated, and most
 * answers became cheap 403s counted as errors, with a ratio over them (18,974 once). Every
 * mitigation lookup still runs; the answers it would have changed are counted and reported at
 * `/__bench/monitored`, and they change nothing.
 */
const ENTRY = capabilityEntry({
  head: `import { AnomalyRuntime } from "${ROOT}/worker/datapath/anomaly.ts";
export { Aggregates } from "${ROOT}/durable-objects/aggregates.ts";
const rt = new AnomalyRuntime({ flushMs: 1000 });`,
  before: `const endpoint = req.method + " " + u.pathname.replace(/\\/[0-9]+/g, "/{id}");
  const r = rt.mitigationFor(env, "bench", endpoint, ip, ip, t0 / 1000);
  if (r) monitored++;`,
  after: `rt.observe({ app: "bench", endpoint, ip, client: ip, ts: t0 / 1000, method: req.method, path: u.pathname,
    query: [...u.searchParams], status: res.status, bytes: Number(res.headers.get("content-length")) || 0,
    latencyMs: Date.now() - t0, userAgent: req.headers.get("user-agent") ?? undefined, blockedByApiward: false });`,
});

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
    const worker = { name: "anomaly", entry: ENTRY, durableObjects: { AGGREGATES: "Aggregates" } };
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
