/**
 * @module bench/threads
 * Which thread bounds the datapath's throughput? Loads the passthrough and
 * apiward (the datapath bench's set-up, Durable Objects in their own
 * process) at saturation one after the other and prints, per workerd
 * thread, CPU µs per request and the share of one core it used. A thread
 * near 100% of a core is the bound: adding cores would not help it. A
 * developer tool, not part of `npm run bench`:
 *
 *   npx tsx bench/threads.ts [seconds]
 */
import { load as loadMix, startApiwardBench } from "./datapath.ts";
import { startBenchOrigin } from "./lib/origin.ts";
import { threadCpuMs } from "./lib/proc-cpu.ts";
import { startPassthrough } from "./lib/workerd.ts";

const seconds = Number(process.argv[2] ?? 10);
const WARM_UP_S = 15;

interface Target {
  name: string;
  url: string;
  pids: Array<[label: string, pid: number | null]>;
}

async function measure(t: Target): Promise<void> {
  const load = (s: number) => loadMix(t.url, s);
  await load(WARM_UP_S);
  const before = t.pids.map(([, pid]) => (pid === null ? new Map<string, number>() : threadCpuMs(pid)));
  const r = await load(seconds);
  const elapsedS = seconds;
  const n = r.requests.total;
  const threads: Record<string, { us_per_req: number; core_share: number }> = {};
  t.pids.forEach(([label, pid], i) => {
    if (pid === null) return;
    for (const [thread, ms] of threadCpuMs(pid)) {
      const used = ms - (before[i]?.get(thread) ?? 0);
      if (used <= 0) continue;
      threads[`${label}: ${thread}`] = {
        us_per_req: Math.round((used * 1000) / n),
        core_share: Math.round(used / elapsedS / 10) / 100,
      };
    }
  });
  console.log(JSON.stringify({ worker: t.name, rps: Math.round(r.requests.average), threads }));
}

const origin = await startBenchOrigin();
try {
  const pass = await startPassthrough(origin.url);
  try {
    await measure({ name: "passthrough", url: pass.url, pids: [["worker", pass.pid]] });
  } finally {
    await pass.mf.dispose();
  }
  const aw = await startApiwardBench(origin.url, { placement: "split" });
  try {
    await measure({
      name: "apiward",
      url: aw.url,
      pids: [
        ["worker", aw.pid],
        ["durable objects", aw.doPid],
      ],
    });
  } finally {
    await aw.dispose();
  }
} finally {
  origin.server.close();
}
