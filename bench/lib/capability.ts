/**
 * @module bench/lib/capability
 * One capability's share of the datapath: a bare passthrough worker against
 * the same passthrough plus that capability's isolate hot path (and the real
 * Durable Objects it sends to), same origin, same load, alternating rounds.
 * A comparison where either worker failed more than MAX_FAILED_SHARE of its
 * requests throws instead of printing a ratio over failures. Used by
 * bench/anomaly.ts and bench/behaviour-datapath.ts.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { ROOT } from "./bundle.ts";
import { startBenchOrigin } from "./origin.ts";
import { cpuMs, sumCpuMs, usPerRequest } from "./proc-cpu.ts";
import { type StartedWorkerd, startPassthrough, startWorkerd } from "./workerd.ts";

/**
 * The wrangler.toml of a capability's bench worker: the worker's own
 * compatibility settings, the KV namespaces, and the Durable Objects it binds
 * (`binding → class`, all SQLite-backed).
 */
export function capabilityToml(name: string, main: string, durableObjects: Record<string, string>): string {
  const bindings = Object.entries(durableObjects)
    .map(([binding, cls]) => `[[durable_objects.bindings]]\nname = "${binding}"\nclass_name = "${cls}"\n`)
    .join("");
  const classes = Object.values(durableObjects)
    .map((c) => `"${c}"`)
    .join(", ");
  return `name = "${name}"
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
${bindings}[[migrations]]
tag = "v1"
new_sqlite_classes = [${classes}]
[[rules]]
type = "CompiledWasm"
globs = ["**/*.wasm"]
fallthrough = true
`;
}

/** Bundles a bench worker (`entry` source; its Durable Objects `binding → class`) as `wrangler deploy` would. */
function bundleEntry(name: string, entry: string, durableObjects: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "apiward-bench-capability-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "entry.ts"), entry);
  writeFileSync(join(dir, "wrangler.toml"), capabilityToml(name, join(dir, "entry.ts"), durableObjects));
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

/** One load run: autocannon's result, the error codes its requests failed with, the workerd CPU it took. */
interface Run {
  res: autocannon.Result;
  codes: Map<string, number>;
  /** CPU ms of the worker's workerd process during the run (null off Linux). */
  cpuMs: number | null;
}

function load(url: string, seconds: number, connections: number, pid: number | null = null): Promise<Run> {
  return new Promise((resolve, reject) => {
    const codes = new Map<string, number>();
    const c0 = pid === null ? null : cpuMs(pid);
    const inst = autocannon(
      { url, connections, duration: seconds, requests: requests(), pipelining: 1 },
      (err, res) => {
        const c1 = pid === null ? null : cpuMs(pid);
        if (err) reject(err);
        else resolve({ res, codes, cpuMs: c0 === null || c1 === null ? null : c1 - c0 });
      },
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

/**
 * A capability's bench worker source: the passthrough with the capability's
 * hot path around the origin call, and the `/__bench/monitored` count that
 * capabilityRatio reads. `head`: imports, exports of its Durable Objects and
 * the runtime `rt`; `before`: statements before the origin call (`t0`, `u`,
 * `ip` in scope; `monitored++` counts a request a mitigation covered);
 * `after`: statements once the origin answered (`res` in scope). `rt.flush`
 * runs last, as the datapath runs it.
 */
export function capabilityEntry(parts: { head: string; before: string; after: string }): string {
  return `${parts.head}
let monitored = 0;
export default { async fetch(req, env, ctx) {
  const t0 = Date.now();
  const u = new URL(req.url);
  if (u.pathname === "/__bench/monitored") return Response.json({ monitored });
  const ip = req.headers.get("cf-connecting-ip") ?? "0.0.0.0";
  ${parts.before}
  const h = new Headers(req.headers); h.delete("host");
  const res = await fetch(env.ORIGIN + u.pathname + u.search, { method: req.method, headers: h, body: req.body });
  ${parts.after}
  rt.flush(env, ctx);
  return res;
} };`;
}

/** A capability's bench worker: its entry source and the Durable Objects it binds (`binding → class`). */
export interface CapabilityWorker {
  name: string;
  entry: string;
  durableObjects: Record<string, string>;
}

/**
 * The passthrough vs the same passthrough with one capability's hot path
 * (`worker`), same origin, same load, alternating rounds; throws when either
 * worker failed more than MAX_FAILED_SHARE of its requests.
 */
export async function capabilityRatio(worker: CapabilityWorker, seconds: number, rounds: number, connections: number) {
  const origin = await startBenchOrigin();
  let capability: StartedWorkerd | null = null;
  let pass: StartedWorkerd | null = null;
  try {
    const out = bundleEntry(`bench-${worker.name}`, worker.entry, worker.durableObjects);
    capability = await startWorkerd({
      modules: true,
      scriptPath: join(out, "entry.js"),
      modulesRoot: out,
      modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
      compatibilityDate: "2026-04-01",
      compatibilityFlags: ["nodejs_compat"],
      kvNamespaces: ["SNAPSHOTS", "CONFIG"],
      durableObjects: Object.fromEntries(
        Object.entries(worker.durableObjects).map(([binding, className]) => [binding, { className, useSQLite: true }]),
      ),
      bindings: { ORIGIN: origin.url },
      port: 0,
    });
    const { url: a, pid: aPid } = capability;
    pass = await startPassthrough(origin.url);
    const { url: p, pid: pPid } = pass;
    await load(p, 2, connections);
    await load(a, 2, connections);
    const pr: Run[] = [];
    const ar: Run[] = [];
    for (let r = 0; r < rounds; r++) {
      pr.push(await load(p, seconds, connections, pPid));
      ar.push(await load(a, seconds, connections, aPid));
    }
    assertValid("passthrough", pr);
    assertValid(worker.name, ar);
    const monitored = ((await (await fetch(`${a}/__bench/monitored`)).json()) as { monitored: number }).monitored;
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const aRps = mean(ar.map((x) => x.res.requests.average));
    const pRps = mean(pr.map((x) => x.res.requests.average));
    // workerd CPU per request of each worker's process (the capability's includes its Durable Objects).
    const cpuPerReq = (runs: Run[]) =>
      usPerRequest(
        sumCpuMs(runs.map((x) => x.cpuMs)),
        runs.reduce((t, x) => t + x.res.requests.total, 0),
      );
    return {
      throughput_ratio: Math.round((aRps / pRps) * 100) / 100,
      capability_cpu_us_per_req: cpuPerReq(ar),
      passthrough_cpu_us_per_req: cpuPerReq(pr),
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
    await capability?.mf.dispose();
    await pass?.mf.dispose();
    await origin.stop();
  }
}
