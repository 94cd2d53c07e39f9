/**
 * @module bench/lib/proc-cpu
 * CPU time of the workerd processes Miniflare starts, read from /proc (Linux).
 * CPU per request is steadier than requests per second on a shared machine:
 * it does not depend on what else runs, only on the work each request costs.
 */
import { readdirSync, readFileSync } from "node:fs";

/** PIDs of workerd processes that are children of this process. */
export function childWorkerdPids(): number[] {
  const out: number[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc");
  } catch {
    return out;
  }
  for (const d of entries) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid !== process.pid) continue;
      if (readFileSync(`/proc/${d}/cmdline`, "utf8").includes("workerd")) out.push(Number(d));
    } catch {
      // process gone
    }
  }
  return out;
}

/** User + system CPU time of a process in milliseconds, or null when unreadable. */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return statCpuMs(stat);
  } catch {
    return null;
  }
}

/** User + system CPU ms in a `/proc/…/stat` line (a process's or a thread's). */
function statCpuMs(stat: string): number {
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of stat (11 and 12 after the command), in clock ticks (100/s).
  return (Number(f[11]) + Number(f[12])) * 10;
}

/** The sum of CPU readings (ms), null when any of them is unknown. */
export function sumCpuMs(readings: Array<number | null>): number | null {
  let total = 0;
  for (const r of readings) {
    if (r === null) return null;
    total += r;
  }
  return total;
}

/** CPU µs per request from `ms` over `requests`; null when the CPU is unknown or there was no request. */
export function usPerRequest(ms: number | null, requests: number): number | null {
  return ms === null || requests === 0 ? null : Math.round((ms * 1000) / requests);
}

/** User + system CPU ms of each thread of a process, by thread id and name (Linux; empty when unreadable). */
export function threadCpuMs(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      out.set(`${tid} ${name}`, statCpuMs(stat));
    } catch {
      // thread gone
    }
  }
  return out;
}
