/**
 * @module bench/datapath
 * Full datapath vs a bare passthrough worker, same origin, same load, same
 * run: both run in workerd through Miniflare's API (not `wrangler dev`,
 * whose proxy would cap both and hide apiward's cost). apiward runs the
 * deployable bundle with the ~200-rule bench policy active, in enforce mode,
 * twice: with its Durable Objects in a workerd process of their own (as on
 * Cloudflare; the headline ratio) and in the worker's own process and
 * thread (`single_process`). Rounds alternate (passthrough, apiward, …) so
 * machine drift hits both. CPU per request is read from /proc for each
 * process: steadier than requests per second on a shared machine.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { bundleWorker, bundleWorkerOptions, ROOT, readBundle, wranglerDurableObjects } from "./lib/bundle.ts";
import { startBenchOrigin } from "./lib/origin.ts";
import { pinningRequested, pinProcess } from "./lib/pin.ts";
import { cpuMs, sumCpuMs, usPerRequest } from "./lib/proc-cpu.ts";
import { type StartedWorkerd, startPassthrough, startWorkerd } from "./lib/workerd.ts";

export interface DatapathResult {
  bench: "datapath";
  /** Durable Objects in their own workerd process (as on Cloudflare): the headline. */
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
  /** workerd CPU per request, µs (null off Linux): the serving process, and the Durable Objects' process. */
  apiward_cpu_us_per_req: number | null;
  durable_objects_cpu_us_per_req: number | null;
  passthrough_cpu_us_per_req: number | null;
  /** Durable Object calls the worker made per request (health's `isolate.object_calls`): what batching keeps few. */
  object_calls_per_req: number | null;
  /** The same run with the Durable Objects in the worker's own process and thread. */
  single_process: {
    throughput_ratio: number;
    apiward_rps: number;
    passthrough_rps: number;
    added_p50_ms: number;
    added_p99_ms: number;
    apiward_cpu_us_per_req: number | null;
    passthrough_cpu_us_per_req: number | null;
  };
  apiward_errors: number;
  apiward_non2xx: number;
  connections: number;
  seconds_per_round: number;
  rounds: number;
  /** Present when BENCH_PIN=1 asked for CPU pinning: whether it took (bench/lib/pin.ts). */
  pinned?: boolean;
}

/** A realistic request mix: API reads with ids and queries, searches, JSON posts, many client IPs. */
export function requestMix(): autocannon.Request[] {
  const reqs: autocannon.Request[] = [];
  // 1,024 clients (198.18.0.0/15 is the benchmarking range), so that no client is a flood
  // on its own and the bench policy's per-IP rate limits (~140 per 5 min) never answer.
  for (let i = 0; i < 1024; i++) {
    const ip = `198.18.${i >> 6}.${(i & 63) * 4 + 1}`;
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

/** The bench load: `requestMix` from `connections` connections for `seconds` (32 connections unless said). */
export function load(url: string, seconds: number, connections = 32): Promise<autocannon.Result> {
  return autocannon({ url, connections, duration: seconds, requests: requestMix(), pipelining: 1 });
}

export interface ApiwardBench {
  url: string;
  /** workerd process serving requests (null off Linux). */
  pid: number | null;
  /** workerd process of the Durable Objects when they run apart (`placement: "split"`), else null. */
  doPid: number | null;
  rules: number;
  dispose(): Promise<void>;
}

/**
 * Where the Durable Objects run:
 * - `split`: in a workerd process of their own, reached over workerd's RPC
 *   (Miniflare's dev registry, as `wrangler dev` runs several workers), as on
 *   Cloudflare, where a Durable Object lives in its own isolate, usually on
 *   another machine, and the worker pays only for its calls;
 * - `single`: in the worker's own workerd process and thread, so all their
 *   work (SQLite, behaviour scoring, windows) competes with the datapath.
 */
export type Placement = "split" | "single";

const BENCH_TOKEN = "bench-token";

/**
 * Starts the deployable bundle on Miniflare with the bench app (enforce, the
 * ~200-rule policy active) in front of `originUrl`. `inspectorPort` opens
 * the V8 inspector (bench/profile.ts).
 */
export async function startApiwardBench(
  originUrl: string,
  opts: { inspectorPort?: number; placement?: Placement } = {},
): Promise<ApiwardBench> {
  // BENCH_BUNDLE=DIR: a bundle built elsewhere (another checkout's `wrangler deploy --dry-run --outdir DIR`).
  const prebuilt = process.env.BENCH_BUNDLE;
  if (prebuilt) console.error(`datapath: running the prebuilt bundle in ${prebuilt} (BENCH_BUNDLE), not this checkout`);
  const bundle = prebuilt ? readBundle(prebuilt) : bundleWorker();
  const token = BENCH_TOKEN;
  const placement = opts.placement ?? "split";
  const bindings = {
    APIWARD_ADMIN_TOKEN: token,
    APIWARD_DEFAULT_APP: "bench",
    APIWARD_VERSION: "bench",
    // BENCH_BINDINGS='{"APIWARD_FLUSH_LINGER_MS":"12500"}': timers scaled for a slowed-down run (callgrind).
    ...(process.env.BENCH_BINDINGS ? (JSON.parse(process.env.BENCH_BINDINGS) as Record<string, string>) : {}),
  };
  // KV and R2 on disk, shared by both processes when split (SQLite handles two writers).
  const persist = mkdtempSync(join(tmpdir(), "apiward-bench-state-"));
  const storage = {
    kvNamespaces: ["CONFIG", "SNAPSHOTS"],
    kvPersist: join(persist, "kv"),
    r2Buckets: ["ARCHIVE"],
    r2Persist: join(persist, "r2"),
  };
  const registry = join(persist, "registry");
  const local = wranglerDurableObjects();
  const objects =
    placement === "split"
      ? await startWorkerd({
          ...bundleWorkerOptions(bundle),
          name: "apiward-durable-objects",
          ...storage,
          durableObjects: local,
          durableObjectsPersist: join(persist, "do"),
          bindings,
          unsafeDevRegistryPath: registry,
        })
      : null;
  const remote = Object.fromEntries(
    Object.entries(local).map(([name, d]) => [name, { ...d, scriptName: "apiward-durable-objects" }]),
  );
  const { mf, url, pid } = await startWorkerd({
    ...bundleWorkerOptions(bundle),
    name: "apiward",
    ...storage,
    durableObjects: placement === "split" ? remote : local,
    ...(placement === "split" ? { unsafeDevRegistryPath: registry } : { durableObjectsPersist: join(persist, "do") }),
    bindings,
    ...(opts.inspectorPort ? { inspectorPort: opts.inspectorPort } : {}),
  });
  const doPid = objects?.pid ?? null;
  const dispose = async () => {
    await mf.dispose();
    await objects?.mf.dispose();
    rmSync(persist, { recursive: true, force: true });
  };
  const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const put = await fetch(`${url}/__apiward/apps/bench`, {
    method: "PUT",
    headers: auth,
    // Every capability runs; behaviour and anomaly in monitor, because 1,024 clients at full
    // speed are, rightly, a flood to them: enforcing would turn most answers into cheap 429s
    // and flatter the figure. Monitor does all the work and changes no answer.
    body: JSON.stringify({
      id: "bench",
      origin: originUrl,
      mode: "enforce",
      fail_mode: "open",
      capabilities: { behaviour: "monitor", anomaly: "monitor" },
      // Attribution runs (bench/profile.ts): BENCH_APP='{"learning_sample_rate":0}' and the like.
      ...(process.env.BENCH_APP ? (JSON.parse(process.env.BENCH_APP) as Record<string, unknown>) : {}),
    }),
  });
  if (put.status !== 200) throw new Error(`bench app: ${put.status} ${await put.text()}`);
  const policy = readFileSync(join(ROOT, "policy/examples/bench-200.json"), "utf8");
  const pol = await fetch(`${url}/__apiward/apps/bench/policies?activate=true`, {
    method: "POST",
    headers: auth,
    body: policy,
  });
  if (pol.status !== 201) throw new Error(`bench policy: ${pol.status} ${await pol.text()}`);
  const rules = (JSON.parse(policy) as { rules: unknown[] }).rules.length;
  return { url, pid, doPid, rules, dispose };
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  errors: number;
  non2xx: number;
  /** workerd CPU ms of the serving process, and of the Durable Objects' process when apart. */
  cpuMs: number | null;
  doCpuMs: number | null;
  /** Durable Object calls the worker made meanwhile (null for the passthrough). */
  objectCalls: number | null;
}

/** Durable Object calls apiward's isolate has made so far (sum over methods, from health). */
async function objectCalls(url: string): Promise<number> {
  const res = await fetch(`${url}/__apiward/health`, { headers: { authorization: `Bearer ${BENCH_TOKEN}` } });
  const body = (await res.json()) as { isolate?: { object_calls?: Record<string, number> } };
  return Object.values(body.isolate?.object_calls ?? {}).reduce((a, b) => a + b, 0);
}

/** `rounds` runs of `seconds` against `url`, with the CPU the given processes used meanwhile. */
async function measure(
  url: string,
  pid: number | null,
  doPid: number | null,
  seconds: number,
  connections: number,
  apiward: boolean,
): Promise<Measured> {
  const k0 = apiward ? await objectCalls(url) : null;
  const c0 = pid === null ? null : cpuMs(pid);
  const d0 = doPid === null ? null : cpuMs(doPid);
  const res = await load(url, seconds, connections);
  // Let the batched off-hot-path work (lingering flushes) finish inside the measurement.
  await new Promise((r) => setTimeout(r, 1000));
  const c1 = pid === null ? null : cpuMs(pid);
  const d1 = doPid === null ? null : cpuMs(doPid);
  const k1 = apiward ? await objectCalls(url) : null;
  return {
    rps: res.requests.average,
    p50: res.latency.p50,
    p99: res.latency.p99,
    total: res.requests.total,
    errors: res.errors,
    non2xx: res.non2xx,
    cpuMs: c0 === null || c1 === null ? null : c1 - c0,
    doCpuMs: d0 === null || d1 === null ? null : d1 - d0,
    objectCalls: k0 === null || k1 === null ? null : k1 - k0,
  };
}

/**
 * Load before measuring, the same for both workers. apiward's CPU per request
 * falls for about 20 s into a run and then holds (`npx tsx
 * bench/run-length.ts`: 1,239 → 912–1,068 µs over six 5 s windows); an
 * isolate in production lives far longer, so the steady state is what counts.
 */
const WARM_UP_S = 20;

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const round2 = (x: number) => Math.round(x * 100) / 100;
/** A count per request (4 decimals), null when any reading is missing. */
function perRequest(counts: Array<number | null>, requests: number): number | null {
  if (requests === 0 || counts.some((c) => c === null)) return null;
  return Math.round(((counts as number[]).reduce((a, b) => a + b, 0) / requests) * 10_000) / 10_000;
}

export async function benchDatapath(
  opts: { seconds?: number; rounds?: number; connections?: number } = {},
): Promise<DatapathResult> {
  const seconds = opts.seconds ?? 8;
  const rounds = opts.rounds ?? 2;
  const connections = opts.connections ?? 32;
  const origin = await startBenchOrigin();
  let pass: StartedWorkerd | null = null;
  let pinned = false;
  const out: Partial<Record<Placement, { aw: Measured[]; pass: Measured[]; rules: number }>> = {};
  try {
    pass = await startPassthrough(origin.url, { cf: { country: "FR", asn: 64500, colo: "LCL" } });
    const { url: passUrl, pid: passPid } = pass;
    // BENCH_PIN=1 (attribution): each serving workerd alone on CPU 0, everything else on CPU 1.
    const pin = pinningRequested(availableParallelism());
    if (pin) pinned = pinProcess(process.pid, 1) && pinProcess(passPid, 0);
    await load(passUrl, WARM_UP_S, connections);
    // BENCH_QUICK=1: the split placement only (attribution runs).
    const placements = process.env.BENCH_QUICK ? (["split"] as const) : (["split", "single"] as const);
    for (const placement of placements) {
      const aw = await startApiwardBench(origin.url, { placement });
      if (pin) pinned = pinned && pinProcess(aw.pid, 0) && (aw.doPid === null || pinProcess(aw.doPid, 1));
      try {
        // Warm up (JIT and Wasm tiers, caches, Durable Objects, the clients' first windows).
        await load(aw.url, WARM_UP_S, connections);
        const run = { aw: [] as Measured[], pass: [] as Measured[], rules: aw.rules };
        // Rounds alternate, so machine drift hits both.
        for (let r = 0; r < rounds; r++) {
          run.pass.push(await measure(passUrl, passPid, null, seconds, connections, false));
          run.aw.push(await measure(aw.url, aw.pid, aw.doPid, seconds, connections, true));
        }
        out[placement] = run;
      } finally {
        await aw.dispose();
      }
    }
  } finally {
    await pass?.mf.dispose();
    origin.server.close();
  }
  const split = out.split as { aw: Measured[]; pass: Measured[]; rules: number };
  const single = out.single ?? split;
  const n = (xs: Measured[]) => xs.reduce((s, x) => s + x.total, 0);
  const awRps = mean(split.aw.map((x) => x.rps));
  const passRps = mean(split.pass.map((x) => x.rps));
  const ap50 = mean(split.aw.map((x) => x.p50));
  const ap99 = mean(split.aw.map((x) => x.p99));
  const pp50 = mean(split.pass.map((x) => x.p50));
  const pp99 = mean(split.pass.map((x) => x.p99));
  return {
    bench: "datapath",
    throughput_ratio: round2(awRps / passRps),
    apiward_rps: Math.round(awRps),
    passthrough_rps: Math.round(passRps),
    added_p50_ms: round2(ap50 - pp50),
    added_p99_ms: round2(ap99 - pp99),
    apiward_p50_ms: ap50,
    apiward_p99_ms: ap99,
    passthrough_p50_ms: pp50,
    passthrough_p99_ms: pp99,
    policy_rules: split.rules,
    apiward_cpu_us_per_req: usPerRequest(sumCpuMs(split.aw.map((x) => x.cpuMs)), n(split.aw)),
    durable_objects_cpu_us_per_req: usPerRequest(sumCpuMs(split.aw.map((x) => x.doCpuMs)), n(split.aw)),
    passthrough_cpu_us_per_req: usPerRequest(sumCpuMs(split.pass.map((x) => x.cpuMs)), n(split.pass)),
    object_calls_per_req: perRequest(
      split.aw.map((x) => x.objectCalls),
      n(split.aw),
    ),
    single_process: {
      throughput_ratio: round2(mean(single.aw.map((x) => x.rps)) / mean(single.pass.map((x) => x.rps))),
      apiward_rps: Math.round(mean(single.aw.map((x) => x.rps))),
      passthrough_rps: Math.round(mean(single.pass.map((x) => x.rps))),
      added_p50_ms: round2(mean(single.aw.map((x) => x.p50)) - mean(single.pass.map((x) => x.p50))),
      added_p99_ms: round2(mean(single.aw.map((x) => x.p99)) - mean(single.pass.map((x) => x.p99))),
      apiward_cpu_us_per_req: usPerRequest(sumCpuMs(single.aw.map((x) => x.cpuMs)), n(single.aw)),
      passthrough_cpu_us_per_req: usPerRequest(sumCpuMs(single.pass.map((x) => x.cpuMs)), n(single.pass)),
    },
    apiward_errors: [...split.aw, ...single.aw].reduce((s, x) => s + x.errors, 0),
    apiward_non2xx: [...split.aw, ...single.aw].reduce((s, x) => s + x.non2xx, 0),
    connections,
    seconds_per_round: seconds,
    rounds,
    ...(process.env.BENCH_PIN === "1" ? { pinned } : {}),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchDatapath()));
}
