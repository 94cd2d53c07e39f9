/**
 * @module bench/discovery
 * Discovery benchmark: URLs/s of the learner on one core against a naive
 * baseline measured in the same run (a Map of exact templates made by
 * digit/UUID regex replacement, what simple tools do), and the heap of a
 * learner fed 5 million unique ids (after global.gc()). Runnable alone:
 * `npx tsx --expose-gc bench/discovery.ts` (without --expose-gc the heap
 * figure is measured without a forced collection and says so).
 */

import { fileURLToPath } from "node:url";
import { mulberry32 } from "../core/discovery/hash.ts";
import { Learner } from "../core/discovery/learner.ts";
import type { Observation } from "../core/discovery/types.ts";

export interface DiscoveryBench {
  bench: "discovery";
  urls_per_s: number;
  baseline_urls_per_s: number;
  heap_mb_5m_ids: number;
  heap_mb_total_after_5m_ids: number;
  heap_mb_baseline_1m_ids: number;
  nodes_after_5m_ids: number;
  endpoints_after_5m_ids: number;
  gc_forced: boolean;
}

/** The naive learner: exact path → count after regex templating of digits and UUIDs. */
class NaiveLearner {
  readonly templates = new Map<string, number>();
  observe(o: Observation): void {
    const t = `${o.method} ${o.path.replace(/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/gi, "/{uuid}").replace(/\/\d+(?=\/|$)/g, "/{id}")}`;
    this.templates.set(t, (this.templates.get(t) ?? 0) + 1);
  }
}

const rng = mulberry32;

const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const RESOURCES = ["customers", "orders", "invoices", "products", "users", "payments", "refunds", "sessions"];
const ACTIONS = ["cancel", "capture", "lines", "events", "notes"];

/** A realistic mixed workload: ids of several formats under a few dozen templates. */
function workload(n: number, seed: number): Observation[] {
  const r = rng(seed);
  const out: Observation[] = [];
  for (let i = 0; i < n; i++) {
    const res = RESOURCES[Math.floor(r() * RESOURCES.length)] as string;
    let id: string;
    const k = Math.floor(r() * 4);
    if (k === 0) id = String(Math.floor(r() * 1e7));
    else if (k === 1) id = `${res.slice(0, 3)}_${Array.from({ length: 16 }, () => B62[Math.floor(r() * 62)]).join("")}`;
    else if (k === 2) id = Array.from({ length: 24 }, () => "0123456789abcdef"[Math.floor(r() * 16)]).join("");
    else id = crypto.randomUUID();
    const path = r() < 0.5 ? `/v1/${res}/${id}` : `/v1/${res}/${id}/${ACTIONS[Math.floor(r() * ACTIONS.length)]}`;
    out.push({ method: r() < 0.7 ? "GET" : "POST", path, status: 200, identity: `client-${Math.floor(r() * 50)}` });
  }
  return out;
}

function rate(f: (o: Observation) => void, obs: Observation[], rounds: number): number {
  let best = 0;
  for (let round = 0; round < rounds; round++) {
    const t0 = performance.now();
    for (const o of obs) f(o);
    const dt = (performance.now() - t0) / 1000;
    best = Math.max(best, obs.length / dt);
  }
  return Math.round(best);
}

function heapMb(): { mb: number; forced: boolean } {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
  return { mb: process.memoryUsage().heapUsed / 1048576, forced: g !== undefined };
}

export async function benchDiscovery(): Promise<DiscoveryBench> {
  const obs = workload(200_000, 1);
  const learner = new Learner({ now: () => 0 });
  const naive = new NaiveLearner();
  // Warm both, then take the best of three passes each (the machine is shared).
  rate((o) => learner.observe(o), obs.slice(0, 20_000), 1);
  rate((o) => naive.observe(o), obs.slice(0, 20_000), 1);
  const urls = rate((o) => learner.observe(o), obs, 3);
  const base = rate((o) => naive.observe(o), obs, 3);

  // Memory: 5 million unique ids (no two requests share one), ids generated on the fly;
  // the figure is the heap growth while the learner is alive (the runtime's own heap excluded).
  obs.length = 0;
  const before = heapMb();
  const big = new Learner({ now: () => 0 });
  const r = rng(2);
  for (let i = 0; i < 5_000_000; i++) {
    const k = i & 3;
    const id =
      k === 0
        ? String(1_000_000_000 + i)
        : k === 1
          ? `cus_${i.toString(36)}${Math.floor(r() * 1e9).toString(36)}X`
          : k === 2
            ? `${i.toString(16).padStart(12, "0")}${Math.floor(r() * 0xffffffff)
                .toString(16)
                .padStart(12, "0")}`
            : `user-${i}`;
    big.observe({ method: "GET", path: `/api/${RESOURCES[i % RESOURCES.length]}/${id}/profile`, status: 200 });
  }
  const after = heapMb();
  const inv = big.inventory();
  if (big.stats().observed !== 5_000_000) throw new Error("learner lost observations");
  // Baseline memory on 1 million ids (it keeps every non-numeric id: 5 million would not fit in a small heap).
  const b0 = heapMb();
  const naiveBig = new NaiveLearner();
  for (let i = 0; i < 1_000_000; i++) {
    naiveBig.observe({ method: "GET", path: `/api/users/user-${i}/profile`, status: 200 });
  }
  const b1 = heapMb();
  const result: DiscoveryBench = {
    bench: "discovery",
    urls_per_s: urls,
    baseline_urls_per_s: base,
    heap_mb_5m_ids: Number(Math.max(0.1, after.mb - before.mb).toFixed(1)),
    heap_mb_total_after_5m_ids: Number(after.mb.toFixed(1)),
    heap_mb_baseline_1m_ids: Number(Math.max(0, b1.mb - b0.mb).toFixed(1)),
    nodes_after_5m_ids: big.stats().nodes,
    endpoints_after_5m_ids: inv.endpoints.length,
    gc_forced: after.forced,
  };
  if (naiveBig.templates.size === 0) throw new Error("unreachable");
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await benchDiscovery()));
}
