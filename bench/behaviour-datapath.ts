/**
 * @module bench/behaviour-datapath
 * Behaviour profiling's share of the datapath, as issue 7 asks ("show that
 * the throughput ratio stays ≥ 0.9 with this on"): a passthrough worker vs
 * the same passthrough with the isolate's behaviour hot path as the datapath
 * runs it (the cached mitigation lookup before, the event after, batched off
 * the hot path to real ClientState and Mitigations Durable Objects), same
 * origin, same load, alternating rounds (bench/lib/capability.ts).
 * Mitigations are looked up and counted, never answered (monitor): the
 * bench's load is, rightly, a flood to the detectors.
 */

import { ROOT } from "./lib/bundle.ts";
import { capabilityEntry, capabilityRatio } from "./lib/capability.ts";

const ENTRY = capabilityEntry({
  head: `import { BehaviourRuntime } from "${ROOT}/worker/datapath/behaviour.ts";
export { ClientState } from "${ROOT}/durable-objects/client-state.ts";
export { Mitigations } from "${ROOT}/durable-objects/mitigations.ts";
const rt = new BehaviourRuntime({ lingerMs: () => 1000 });`,
  before: `if (rt.mitigationFor(env, "bench", ip, ip, t0 / 1000)) monitored++;`,
  after: `const headers = []; req.headers.forEach((v, k) => headers.push([k, v]));
  rt.observe({ app: "bench", client: ip, ip, ts: t0 / 1000, method: req.method, path: u.pathname,
    endpoint: req.method + " " + u.pathname.replace(/\\/[0-9]+/g, "/{id}"), query: [...u.searchParams],
    status: res.status, bytes: Number(res.headers.get("content-length")) || 0, latencyMs: Date.now() - t0,
    userAgent: req.headers.get("user-agent") ?? undefined, headers, blockedByApiward: false });`,
});

export async function benchBehaviourDatapath(opts: { seconds?: number; rounds?: number; connections?: number } = {}) {
  const worker = {
    name: "behaviour",
    entry: ENTRY,
    durableObjects: { CLIENTS: "ClientState", MITIGATIONS: "Mitigations" },
  };
  const { capability_rps, ...rest } = await capabilityRatio(
    worker,
    opts.seconds ?? 6,
    opts.rounds ?? 2,
    opts.connections ?? 32,
  );
  return { ...rest, behaviour_rps: capability_rps };
}

/** The JSON line `npm run bench` prints. */
export async function benchBehaviourDatapathLine(): Promise<object> {
  return { bench: "behaviour-datapath", ...(await benchBehaviourDatapath()) };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchBehaviourDatapathLine()));
