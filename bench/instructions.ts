/**
 * Instructions per request, counted by valgrind's callgrind in the serving
 * workerd process: a figure that does not move with the machine's load, where
 * the datapath bench's CPU times move ±30 µs a round. The passthrough and
 * apiward (this checkout's bundle, or BENCH_BUNDLE's) serve the bench's
 * request mix one after the other; each is warmed up, its counters zeroed, then
 * `count` requests are counted. Apiward's Durable Objects run in a process of
 * their own, natively (the first workerd Miniflare starts); its flush linger
 * and cache TTL are scaled up 50 times, as callgrind slows the serving process
 * about that much, so batches hold as many requests as at full speed.
 *
 *   npx tsx bench/instructions.ts [count=1000] [warmup=5000] [passthrough|apiward|both]
 *
 * Needs valgrind (Debian's package). Slow: about two minutes per worker at
 * the defaults. V8 tiers up by invocation counts, so a warm-up too short
 * leaves hot functions in baseline code and overstates apiward's share.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requestMix, startApiwardBench } from "./datapath.ts";
import { ROOT } from "./lib/bundle.ts";
import { startBenchOrigin } from "./lib/origin.ts";
import { startPassthrough } from "./lib/workerd.ts";

const count = Number(process.argv[2] ?? 1000);
const warmup = Number(process.argv[3] ?? 5000);
const which = process.argv[4] ?? "both";
const CONCURRENCY = 8;
const SLOWDOWN = 50;

interface MixRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function valgrindMissing(): boolean {
  try {
    execFileSync("valgrind", ["--version"], { stdio: "ignore" });
    return false;
  } catch {
    return true;
  }
}

/** A workerd wrapper: the first start in `dir` (apiward's objects) runs natively, later ones under callgrind. */
function wrapper(dir: string, nativeFirst: boolean): string {
  const workerd = join(ROOT, "node_modules/@cloudflare/workerd-linux-64/bin/workerd");
  const path = join(dir, "workerd.sh");
  writeFileSync(
    path,
    `#!/bin/sh
if [ -e "${dir}/native-next" ]; then rm -f "${dir}/native-next"; exec "${workerd}" "$@"; fi
exec valgrind --tool=callgrind --smc-check=all-non-file --callgrind-out-file="${dir}/cg.%p.out" "${workerd}" "$@" 2>>"${dir}/valgrind.log"
`,
  );
  chmodSync(path, 0o755);
  if (nativeFirst) writeFileSync(join(dir, "native-next"), "");
  return path;
}

function callgrindPids(dir: string): number[] {
  try {
    const out = execFileSync("pgrep", ["-f", `callgrind-out-file=${dir}`], { encoding: "utf8" }).trim();
    return out ? out.split("\n").map(Number) : [];
  } catch {
    return [];
  }
}

async function drive(url: string, n: number, offset: number): Promise<number> {
  const mix = requestMix() as MixRequest[];
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        const r = mix[(offset + next++) % mix.length] as MixRequest;
        try {
          const res = await fetch(url + r.path, { method: r.method, headers: r.headers, body: r.body });
          await res.arrayBuffer();
          if (res.status !== 200) failed++;
        } catch {
          failed++;
        }
      }
    }),
  );
  return failed;
}

/** Instructions the process `pid` executed between its zeroing and its dump (callgrind's `.1` dump). */
function dumped(dir: string, pid: number): number {
  const file = readdirSync(dir).find((f) => f === `cg.${pid}.out.1`);
  if (!file) throw new Error(`no callgrind dump for ${pid} in ${dir}`);
  const total = /^(?:summary|totals): (\d+)/m.exec(readFileSync(join(dir, file), "utf8"));
  if (!total) throw new Error(`no total in ${file}`);
  return Number(total[1]);
}

async function measure(name: "passthrough" | "apiward", originUrl: string) {
  const dir = mkdtempSync(join(tmpdir(), `apiward-instr-${name}-`));
  process.env.MINIFLARE_WORKERD_PATH = wrapper(dir, name === "apiward");
  process.env.BENCH_BINDINGS = JSON.stringify({
    APIWARD_FLUSH_LINGER_MS: String(250 * SLOWDOWN),
    APIWARD_CACHE_TTL_MS: String(5000 * SLOWDOWN),
  });
  const worker =
    name === "passthrough"
      ? await startPassthrough(originUrl).then((w) => ({ url: w.url, dispose: () => w.mf.dispose() }))
      : await startApiwardBench(originUrl, { placement: "split" });
  try {
    console.error(`${name}: callgrind on ${callgrindPids(dir).join(", ")}`);
    // The serving process is the last one started (apiward's objects start first).
    const pid = Math.max(...callgrindPids(dir));
    if (!Number.isFinite(pid)) throw new Error("no workerd under callgrind");
    const warmFailed = await drive(worker.url, warmup, 0);
    execFileSync("callgrind_control", ["-z", String(pid)], { stdio: "ignore" });
    const failed = await drive(worker.url, count, warmup);
    execFileSync("callgrind_control", ["-d", String(pid)], { stdio: "ignore" });
    await new Promise((r) => setTimeout(r, 500));
    const perRequest = Math.round(dumped(dir, pid) / count);
    return { name, instructions_per_req: perRequest, failed, warmup_failed: warmFailed };
  } finally {
    await worker.dispose();
    delete process.env.MINIFLARE_WORKERD_PATH;
    delete process.env.BENCH_BINDINGS;
    rmSync(dir, { recursive: true, force: true });
  }
}

if (valgrindMissing()) {
  console.error("bench/instructions.ts needs valgrind (apt-get install valgrind)");
  process.exit(2);
}
const origin = await startBenchOrigin();
try {
  const results = [];
  if (which !== "apiward") results.push(await measure("passthrough", origin.url));
  if (which !== "passthrough") results.push(await measure("apiward", origin.url));
  for (const r of results) console.error(`${r.name}: ${r.instructions_per_req} instructions a request`);
  const pass = results.find((r) => r.name === "passthrough")?.instructions_per_req;
  const api = results.find((r) => r.name === "apiward")?.instructions_per_req;
  console.log(
    JSON.stringify({
      count,
      warmup,
      results,
      ...(pass && api ? { instruction_ratio: Math.round((pass / api) * 1000) / 1000 } : {}),
    }),
  );
} finally {
  await origin.stop();
}
