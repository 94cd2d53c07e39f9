/**
 * @module bench/lib/round
 * One measured round of the datapath bench's load against a worker: its
 * requests/s and the workerd CPU per request of the serving process and,
 * when given, of the Durable Objects' process (what the attribution tools,
 * bench/ablate.ts and bench/ab.ts, alternate with the passthrough).
 */
import { load } from "../datapath.ts";
import { cpuMs, usPerRequest } from "./proc-cpu.ts";

export interface Round {
  rps: number;
  us: number | null;
  doUs: number | null;
}

export async function measureRound(
  url: string,
  pid: number | null,
  doPid: number | null,
  seconds: number,
): Promise<Round> {
  const c0 = pid === null ? null : cpuMs(pid);
  const d0 = doPid === null ? null : cpuMs(doPid);
  const r = await load(url, seconds);
  await new Promise((ok) => setTimeout(ok, 1000));
  const c1 = pid === null ? null : cpuMs(pid);
  const d1 = doPid === null ? null : cpuMs(doPid);
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : b - a);
  return {
    rps: r.requests.average,
    us: usPerRequest(diff(c0, c1), r.requests.total),
    doUs: usPerRequest(diff(d0, d1), r.requests.total),
  };
}
