/**
 * @module bench/native-profile
 * Where workerd's serving thread spends a request, native code included:
 * runs the datapath bench set-up (apiward with its ~200-rule policy and the
 * bare passthrough, bench/datapath.ts), records each serving workerd under
 * the same load with Linux `perf record`, and prints microseconds a request
 * by kind of code for both and the difference: JIT-compiled JavaScript and
 * Wasm, V8's builtins (interpreter, baseline code, inline caches), the rest
 * of V8, its garbage collector, workerd's bindings (jsg) and APIs, KJ/Cap'n
 * Proto (the event loop and I/O), tcmalloc, libc and the kernel. The
 * V8 profile (`npm run bench:profile`) names JavaScript functions but sees
 * native work only as "(program)"; this sees both. A developer tool, not part
 * of `npm run bench`; needs `perf` (Debian `linux-perf`) and the right to
 * profile the process:
 *
 *   npx tsx bench/native-profile.ts [seconds] [--top N]
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load, startApiwardBench } from "./datapath.ts";
import { startBenchOrigin } from "./lib/origin.ts";
import { startPassthrough } from "./lib/workerd.ts";

const HZ = 1999;
const seconds = Number(process.argv[2] ?? 10);
const topAt = process.argv.indexOf("--top");
const top = topAt > 0 ? Number(process.argv[topAt + 1]) : 0;

/** Kind of code a symbol belongs to (perf names JIT code by address only). */
export function kindOf(sym: string): string {
  if (sym.startsWith("0x")) return "JIT code (JS, Wasm)";
  if (
    /Scaveng|MarkCompact|Heap::|Sweeper|GCTracer|ConcurrentMark|MinorMark|IncrementalMarking|HeapTracer|GlobalHandles/.test(
      sym,
    )
  )
    return "V8 GC and handles";
  if (sym.startsWith("Builtins_")) {
    // Ignition's bytecode handlers and Sparkplug's baseline helpers: JavaScript not (yet) optimized.
    if (/Handler$|Interpreter|Baseline/.test(sym)) return "V8 unoptimized JS";
    if (/IC(_|$)|ICTrampoline|LoadIC|StoreIC|KeyedLoad|KeyedStore/.test(sym)) return "V8 inline caches";
    return "V8 builtins";
  }
  if (/compiler::|maglev|Compiler|baseline::/i.test(sym)) return "V8 compilers";
  if (sym.startsWith("v8::")) return "V8 other";
  if (/tcmalloc|TCMalloc/.test(sym)) return "tcmalloc";
  if (sym.startsWith("workerd::jsg")) return "workerd jsg";
  if (sym.startsWith("workerd::")) return "workerd";
  if (sym.startsWith("kj::") || sym.startsWith("capnp::")) return "kj / capnp";
  if (sym.startsWith("__")) return "libc";
  if (/^[a-z_][a-z0-9_.]*$/.test(sym)) return "kernel, libc";
  return "other";
}

/** Samples by symbol of the serving thread (comm "workerd"; V8's worker threads are apart). */
function samples(data: string): Map<string, number> {
  const r = spawnSync(
    "perf",
    ["report", "-i", data, "--no-children", "-g", "none", "--comm", "workerd", "--sort", "sym", "-n", "--stdio"],
    { encoding: "utf8", maxBuffer: 64 << 20 },
  );
  if (r.status !== 0) throw new Error(`perf report: ${r.stderr}`);
  const out = new Map<string, number>();
  for (const line of r.stdout.split("\n")) {
    const m = /^\s*[\d.]+%\s+(\d+)\s+\[.\]\s+(.*)$/.exec(line);
    if (m) out.set((m[2] as string).trim(), (out.get((m[2] as string).trim()) ?? 0) + Number(m[1]));
  }
  return out;
}

async function record(pid: number, url: string, data: string): Promise<number> {
  const perf = spawn(
    "perf",
    ["record", "-F", String(HZ), "-p", String(pid), "-o", data, "--", "sleep", String(seconds)],
    {
      stdio: "ignore",
    },
  );
  const res = await load(url, seconds);
  await new Promise((ok) => perf.on("exit", ok));
  return res.requests.total;
}

const perf = spawnSync("perf", ["--version"]);
if (perf.status !== 0) {
  console.error("native-profile: `perf` is not installed (Debian: apt-get install linux-perf)");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "apiward-native-"));
const origin = await startBenchOrigin();
const pt = await startPassthrough(origin.url);
const aw = await startApiwardBench(origin.url);
try {
  if (pt.pid === null || aw.pid === null) throw new Error("no workerd pid (Linux only)");
  await load(pt.url, 15);
  await load(aw.url, 15);
  const nPt = await record(pt.pid, pt.url, join(dir, "pt.data"));
  const nAw = await record(aw.pid, aw.url, join(dir, "aw.data"));
  const sPt = samples(join(dir, "pt.data"));
  const sAw = samples(join(dir, "aw.data"));
  const us = (n: number, reqs: number) => (n / reqs / HZ) * 1e6;
  const byKind = new Map<string, [number, number]>();
  for (const [s, n] of sPt)
    (byKind.get(kindOf(s)) ?? byKind.set(kindOf(s), [0, 0]).get(kindOf(s)) ?? [0, 0])[0] += us(n, nPt);
  for (const [s, n] of sAw)
    (byKind.get(kindOf(s)) ?? byKind.set(kindOf(s), [0, 0]).get(kindOf(s)) ?? [0, 0])[1] += us(n, nAw);
  const rows = [...byKind].sort((a, b) => b[1][1] - b[1][0] - (a[1][1] - a[1][0]));
  const sum = (i: 0 | 1) => rows.reduce((t, [, v]) => t + v[i], 0);
  console.log(`serving thread, µs a request (perf at ${HZ} Hz, ${seconds} s each; ${nPt} and ${nAw} requests)`);
  console.log(`${"kind".padEnd(22)} ${"passthrough".padStart(11)} ${"apiward".padStart(9)} ${"added".padStart(8)}`);
  for (const [k, [a, b]] of rows)
    console.log(
      `${k.padEnd(22)} ${a.toFixed(1).padStart(11)} ${b.toFixed(1).padStart(9)} ${(b - a).toFixed(1).padStart(8)}`,
    );
  console.log(
    `${"total".padEnd(22)} ${sum(0).toFixed(1).padStart(11)} ${sum(1).toFixed(1).padStart(9)} ${(sum(1) - sum(0)).toFixed(1).padStart(8)}`,
  );
  if (top > 0) {
    const syms = new Set([...sPt.keys(), ...sAw.keys()]);
    const diff = [...syms]
      .map((s) => [s, us(sAw.get(s) ?? 0, nAw) - us(sPt.get(s) ?? 0, nPt)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, top);
    console.log(`\nlargest additions by symbol:`);
    for (const [s, d] of diff) console.log(`${d.toFixed(1).padStart(7)}  ${s.slice(0, 110)}`);
  }
} finally {
  await pt.mf.dispose();
  await aw.dispose();
  origin.server.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
