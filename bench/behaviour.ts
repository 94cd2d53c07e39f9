/**
 * @module bench/behaviour
 * Behaviour profiling costs, each against its baseline in the same run:
 * - the scoring hot loop in Wasm versus its TypeScript reference (same
 *   table, same feature vectors; cold then warm), `wasm_vs_ts` = TS time ÷
 *   Wasm time;
 * - the whole per-request engine step (facts → profile → features → score),
 *   as a ClientState shard runs it, in events per second;
 * - the isolate's hot-path share: `BehaviourRuntime.mitigationFor` plus
 *   `observe` per request, in microseconds (p50/p99), which is what the
 *   datapath adds to each request with behaviour on;
 * - the bytes one client's stored state takes.
 * Run: `tsx bench/behaviour.ts` (or `npm run bench -- behaviour` once the
 * lead registers it); prints one JSON line `{"bench":"behaviour",…}`.
 */
import { readFileSync } from "node:fs";
import { ClientProfile } from "../core/behaviour/client-profile.ts";
import { contextFromModel } from "../core/behaviour/context.ts";
import { BehaviourEngine } from "../core/behaviour/engine.ts";
import { eventFacts } from "../core/behaviour/facts.ts";
import { computeFeatures, FEATURE_COUNT } from "../core/behaviour/features.ts";
import { KIND_COUNT } from "../core/behaviour/kinds.ts";
import { learnModel } from "../core/behaviour/learn.ts";
import { scoreTs } from "../core/behaviour/score.ts";
import { buildTables } from "../core/behaviour/score-table.ts";
import { wasmScorer } from "../core/behaviour/score-wasm.ts";
import { scoreSlots, tsScorer } from "../core/behaviour/scorer.ts";
import type { BehaviourEvent } from "../core/behaviour/types.ts";
import { offlineRequest } from "../core/pipeline/offline.ts";
import { WasmHost } from "../core/wasm/host.ts";
import { benignDay, dictionary, scraper } from "../eval/behaviour-traffic.ts";

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

export async function benchBehaviour(): Promise<object> {
  const T0 = 1_700_000_000;
  const day = benignDay(7, T0, 80, 30);
  const model = learnModel(() => day.map((r, i) => offlineRequest(r, i + 1, "bench", 0)), { app: "bench" });
  const tables = buildTables(model);
  const Mod = WebAssembly.Module as unknown as new (b: Uint8Array) => WebAssembly.Module;
  const host = new WasmHost(new Mod(readFileSync(new URL("../wasm/build/apiward.wasm", import.meta.url))));

  // Feature vectors of real moments (benign day plus two attacks), replayed through profiles.
  const ctx = contextFromModel(model);
  const profiles = new Map<string, ClientProfile>();
  const vectors: Float64Array[] = [];
  const traffic = [...day.slice(0, 20_000), ...scraper("6.6.6.3", T0 + 90_000), ...dictionary("6.6.6.4", T0 + 90_000)];
  const events: BehaviourEvent[] = traffic.map((r, i) => offlineRequest(r, i + 1, "bench", 0).event);
  for (const ev of events) {
    let p = profiles.get(ev.client);
    if (!p) {
      p = new ClientProfile();
      profiles.set(ev.client, p);
    }
    p.add(eventFacts(ev, ctx));
    if (vectors.length < 5000) vectors.push(computeFeatures(p, ev.ts, ctx.markov, new Float64Array(FEATURE_COUNT)));
  }
  const base = new Float64Array(FEATURE_COUNT);
  const out = new Float64Array(scoreSlots(KIND_COUNT));
  const wasm = wasmScorer(host, tables);
  const time = (fn: () => void, rounds: number) => {
    const t0 = performance.now();
    for (let r = 0; r < rounds; r++) fn();
    return performance.now() - t0;
  };
  const runTs = () => {
    for (const x of vectors) scoreTs(tables.table, x, base, out);
  };
  const runWasm = () => {
    for (const x of vectors) wasm.score(x, base, out);
  };
  const coldTs = time(runTs, 1);
  const coldWasm = time(runWasm, 1);
  const warmTs = time(runTs, 40);
  const warmWasm = time(runWasm, 40);
  const calls = vectors.length * 40;

  // The whole engine step, TS and Wasm scorer.
  const engineRate = (scorer: "ts" | "wasm") => {
    const e = new BehaviourEngine({
      model,
      scorer: scorer === "wasm" ? (t) => wasmScorer(host, t) : (t) => tsScorer(t),
    });
    const t0 = performance.now();
    for (const ev of events) e.observe(ev);
    return events.length / ((performance.now() - t0) / 1000);
  };
  engineRate("ts");
  const engineTs = engineRate("ts");
  const engineWasm = engineRate("wasm");

  // The isolate's per-request share (no Durable Object in the loop: nothing is awaited there).
  const { BehaviourRuntime } = await import("../worker/datapath/behaviour.ts");
  const rt = new BehaviourRuntime();
  const env = {} as Env;
  const lat: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const ev = events[i % events.length] as BehaviourEvent;
    const t0 = performance.now();
    rt.mitigationFor(env, "bench", ev.client, ev.ip, ev.ts);
    rt.observe(ev);
    lat.push((performance.now() - t0) * 1000);
  }
  const stateBytes = [...profiles.values()].map((p) => JSON.stringify(p.toJSON()).length);
  return {
    bench: "behaviour",
    wasm_vs_ts: Math.round((warmTs / warmWasm) * 100) / 100,
    score_ns_ts: Math.round((warmTs * 1e6) / calls),
    score_ns_wasm: Math.round((warmWasm * 1e6) / calls),
    cold_ms_ts: Math.round(coldTs * 100) / 100,
    cold_ms_wasm: Math.round(coldWasm * 100) / 100,
    engine_events_per_s_ts: Math.round(engineTs),
    engine_events_per_s_wasm: Math.round(engineWasm),
    hot_path_us_p50: Math.round(quantile(lat, 0.5) * 10) / 10,
    hot_path_us_p99: Math.round(quantile(lat, 0.99) * 10) / 10,
    client_state_bytes_p50: quantile(stateBytes, 0.5),
    client_state_bytes_max: Math.max(...stateBytes),
    scorer_calls: calls,
  };
}

if (process.argv[1]?.endsWith("bench/behaviour.ts")) console.log(JSON.stringify(await benchBehaviour()));
