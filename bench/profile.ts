/**
 * @module bench/profile
 * Where the datapath's CPU goes: runs the bench set-up (bench/datapath.ts)
 * with the V8 inspector open, records a CPU profile of the worker's isolate
 * under load, and prints self time by function and by source file
 * (PLACEMENT=single puts the Durable Objects in the same isolate, so they are
 * profiled too). A developer tool, not part of `npm run bench`:
 *
 *   npm run bench:profile [-- seconds]
 *
 * Needs Node's WebSocket (`--experimental-websocket` on Node 20, set by the
 * npm script). The bundle keeps function names (wrangler does not minify).
 */
import { writeFileSync } from "node:fs";
import autocannon from "autocannon";
import { requestMix, startApiwardBench } from "./datapath.ts";
import { startBenchOrigin } from "./lib/origin.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

class Inspector {
  private nextId = 1;
  private pending = new Map<number, (v: unknown) => void>();
  private constructor(private ws: WebSocket) {
    ws.addEventListener("message", (ev) => {
      const msg = JSON.parse(String(ev.data)) as { id?: number; result?: unknown; error?: unknown };
      if (msg.id !== undefined) {
        this.pending.get(msg.id)?.(msg.error ? Promise.reject(new Error(JSON.stringify(msg.error))) : msg.result);
        this.pending.delete(msg.id);
      }
    });
  }
  static async connect(port: number, name: string): Promise<Inspector> {
    const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
      title: string;
      webSocketDebuggerUrl: string;
    }>;
    const target = list.find((t) => t.title.includes(name)) ?? list[0];
    if (!target) throw new Error("no inspector target");
    const ws = new WebSocket(target.webSocketDebuggerUrl);
    await new Promise((res, rej) => {
      ws.addEventListener("open", res, { once: true });
      ws.addEventListener("error", rej, { once: true });
    });
    return new Inspector(ws);
  }
  send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise((res) => this.pending.set(id, res as (v: unknown) => void));
  }
  close(): void {
    this.ws.close();
  }
}

function selfTimes(p: Profile): {
  byFn: Map<string, number>;
  byFile: Map<string, number>;
  inclusive: Map<string, number>;
  totalMs: number;
} {
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, ProfileNode>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n);
  const label = (n: ProfileNode) =>
    `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("/").pop() ?? ""}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const id = p.samples[i] as number;
    self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  }
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of self) {
    const n = nodes.get(id);
    if (!n) continue;
    totalMs += ms;
    // Native functions (no script) are named with their caller: `put` alone says little.
    const up = n.callFrame.url ? undefined : parent.get(id);
    const fn = up ? `${label(n)} <- ${label(up)}` : label(n);
    byFn.set(fn, (byFn.get(fn) ?? 0) + ms);
    const file = n.callFrame.url.split("/").pop() || n.callFrame.functionName;
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
  }
  // Inclusive time: a function's own samples and its callees', each function counted once a stack.
  const inclusive = new Map<string, number>();
  for (const [id, ms] of self) {
    const seen = new Set<string>();
    for (let n = nodes.get(id); n; n = parent.get(n.id)) {
      const l = label(n);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + ms);
    }
  }
  // PROFILE_STACKS=name: the heaviest call stacks through functions of that name.
  const want = process.env.PROFILE_STACKS;
  if (want) {
    const stacks = new Map<string, number>();
    for (const [id, ms] of self) {
      const chain: string[] = [];
      for (let n = nodes.get(id); n; n = parent.get(n.id)) chain.push(label(n));
      if (chain.some((c) => c.startsWith(`${want} `))) {
        const k = chain.slice(0, 12).join("\n      <- ");
        stacks.set(k, (stacks.get(k) ?? 0) + ms);
      }
    }
    for (const [k, ms] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 5))
      console.log(`${Math.round(ms)} ms:\n      ${k}\n`);
  }
  return { byFn, byFile, inclusive, totalMs };
}

const seconds = Number(process.argv[2] ?? 10);
const port = 9300 + Math.floor(Math.random() * 500);
const origin = await startBenchOrigin();
const aw = await startApiwardBench(origin.url, {
  inspectorPort: port,
  placement: process.env.PLACEMENT === "single" ? "single" : "split",
});
try {
  await autocannon({ url: aw.url, connections: 32, duration: 2, requests: requestMix() });
  const insp = await Inspector.connect(port, "core:user");
  await insp.send("Profiler.enable");
  await insp.send("Profiler.setSamplingInterval", { interval: 100 });
  await insp.send("Profiler.start");
  // PROFILE_RATE=n: a fixed load of n req/s instead of saturation (shows per-second work).
  const rate = process.env.PROFILE_RATE ? Number(process.env.PROFILE_RATE) : undefined;
  const res = await autocannon({
    url: aw.url,
    connections: 32,
    duration: seconds,
    requests: requestMix(),
    ...(rate ? { overallRate: rate } : {}),
  });
  await new Promise((r) => setTimeout(r, 1000));
  const { profile } = await insp.send<{ profile: Profile }>("Profiler.stop");
  insp.close();
  // PROFILE_OUT=file.cpuprofile: the raw profile too (Chrome DevTools opens it; line ticks included).
  if (process.env.PROFILE_OUT) writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
  const { byFn, byFile, inclusive, totalMs } = selfTimes(profile);
  const perReq = (ms: number) => `${Math.round((ms * 1000) / res.requests.total)} µs/req`;
  console.log(
    `${res.requests.total} requests, ${Math.round(res.requests.average)} req/s, profiled ${Math.round(totalMs)} ms`,
  );
  console.log("\nself time by file:");
  for (const [f, ms] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`  ${perReq(ms).padStart(14)}  ${f}`);
  console.log("\ninclusive time by function:");
  for (const [f, ms] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 40))
    console.log(`  ${perReq(ms).padStart(14)}  ${f}`);
  console.log("\nself time by function:");
  for (const [f, ms] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 60))
    console.log(`  ${perReq(ms).padStart(14)}  ${f}`);
} finally {
  await aw.dispose();
  origin.server.close();
}
