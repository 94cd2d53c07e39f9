/**
 * @module bench/run-length
 * Does apiward's CPU per request change as a run goes on? Starts the
 * datapath bench's set-up (bench/datapath.ts, Durable Objects in their own
 * process) and loads it at saturation in consecutive windows, printing each
 * window's requests/s and workerd CPU per request of the worker's process
 * and the Durable Objects'. A developer tool, not part of `npm run bench`:
 *
 *   npx tsx bench/run-length.ts [windows] [seconds per window]
 */
import autocannon from "autocannon";
import { requestMix, startApiwardBench } from "./datapath.ts";
import { startBenchOrigin } from "./lib/origin.ts";
import { cpuMs, usPerRequest } from "./lib/proc-cpu.ts";

const windows = Number(process.argv[2] ?? 6);
const seconds = Number(process.argv[3] ?? 5);
const origin = await startBenchOrigin();
const aw = await startApiwardBench(origin.url, { placement: "split" });
/** CPU µs per request of `pid` since the reading `before`. */
const perReq = (pid: number | null, before: number | null, n: number): number | null => {
  const after = pid === null ? null : cpuMs(pid);
  return usPerRequest(after === null || before === null ? null : after - before, n);
};
try {
  for (let i = 0; i < windows; i++) {
    const c0 = aw.pid === null ? null : cpuMs(aw.pid);
    const d0 = aw.doPid === null ? null : cpuMs(aw.doPid);
    const r = await autocannon({ url: aw.url, connections: 32, duration: seconds, requests: requestMix() });
    const n = r.requests.total;
    console.log(
      JSON.stringify({
        window: i,
        from_s: i * seconds,
        rps: Math.round(r.requests.average),
        worker_cpu_us_per_req: perReq(aw.pid, c0, n),
        durable_objects_cpu_us_per_req: perReq(aw.doPid, d0, n),
      }),
    );
  }
} finally {
  await aw.dispose();
  await origin.stop();
}
