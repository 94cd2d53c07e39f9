/**
 * @module bench/run
 * `npm run bench`: every benchmark, each against a baseline measured in the
 * same run; prints one JSON line per benchmark, last.
 */
import { benchDatapath } from "./datapath.ts";

const results: object[] = [];
const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);

if (want("datapath")) results.push(await benchDatapath());
for (const [name, path, fn] of [
  ["discovery", "./discovery.ts", "benchDiscovery"],
  ["signatures", "./signatures.ts", "benchSignatures"],
  ["behaviour", "./behaviour.ts", "benchBehaviour"],
  ["anomaly", "./anomaly.ts", "benchAnomaly"],
] as const) {
  if (!want(name)) continue;
  const mod = (await import(path)) as Record<string, () => Promise<object>>;
  const run = mod[fn];
  if (run) results.push(await run());
}
for (const r of results) console.log(JSON.stringify(r));
