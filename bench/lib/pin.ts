/**
 * @module bench/lib/pin
 * CPU pinning for attribution runs (`BENCH_PIN=1`): the serving workerd
 * process on CPU 0, the load generator, the origin and the Durable Objects'
 * process on CPU 1, so no other process evicts the worker's caches between
 * requests. Uses `taskset` (util-linux) on every thread of a process; a no-op,
 * reported as false, where it is missing.
 */
import { spawnSync } from "node:child_process";

/** Pins every thread of `pid` to one CPU; false when it could not. */
export function pinProcess(pid: number | null, cpu: number): boolean {
  if (pid === null || process.platform !== "linux") return false;
  const r = spawnSync("taskset", ["-a", "-p", (1 << cpu).toString(16), String(pid)], { encoding: "utf8" });
  return r.status === 0;
}

/** True when BENCH_PIN asks for pinning and the machine has at least two CPUs. */
export function pinningRequested(cpus: number): boolean {
  return process.env.BENCH_PIN === "1" && cpus >= 2;
}
