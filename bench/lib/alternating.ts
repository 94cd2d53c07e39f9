/**
 * @module bench/lib/alternating
 * Rounds of load over several workers in turn (so machine drift hits each
 * alike), printing each one's requests/s and workerd CPU per request, round
 * by round, as one JSON line each: the developer tools' way of comparing
 * small workers (bench/floor.ts, bench/in-request.ts).
 */
import { load } from "../datapath.ts";
import { cpuMs, usPerRequest } from "./proc-cpu.ts";
import type { StartedWorkerd } from "./workerd.ts";

export async function alternatingRounds(
  workers: Array<StartedWorkerd & { name: string }>,
  rounds: number,
  seconds: number,
): Promise<void> {
  for (const w of workers) await load(w.url, seconds);
  for (let round = 0; round < rounds; round++) {
    for (const w of workers) {
      const c0 = w.pid === null ? null : cpuMs(w.pid);
      const r = await load(w.url, seconds);
      await new Promise((ok) => setTimeout(ok, 500));
      const c1 = w.pid === null ? null : cpuMs(w.pid);
      const cpu = c0 === null || c1 === null ? null : c1 - c0;
      console.log(
        JSON.stringify({
          round,
          worker: w.name,
          rps: Math.round(r.requests.average),
          non2xx: r.non2xx,
          cpu_us_per_req: usPerRequest(cpu, r.requests.total),
        }),
      );
    }
  }
}
