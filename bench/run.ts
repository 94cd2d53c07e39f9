/**
 * @module bench/run
 * `npm run bench`: every benchmark, each against a baseline measured in the
 * same run; prints one JSON line per benchmark, last. A benchmark that fails
 * (an invalid measurement throws) is named on stderr, the others still
 * print, and the run exits non-zero.
 */
import { benchDatapath } from "./datapath.ts";

const results: object[] = [];
const failures: string[] = [];
const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);

async function attempt(name: string, run: () => Promise<object>): Promise<void> {
  try {
    results.push(await run());
  } catch (e) {
    failures.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

if (want("datapath")) await attempt("datapath", () => benchDatapath());
for (const [name, path, fn] of [
  ["discovery", "./discovery.ts", "benchDiscovery"],
  ["signatures", "./signatures.ts", "benchSignatures"],
  ["behaviour", "./behaviour.ts", "benchBehaviour"],
  ["behaviour-datapath", "./behaviour-datapath.ts", "benchBehaviourDatapathLine"],
  ["anomaly", "./anomaly.ts", "benchAnomaly"],
] as const) {
  if (!want(name)) continue;
  const mod = (await import(path)) as Record<string, () => Promise<object>>;
  const run = mod[fn];
  if (run) await attempt(name, run);
}
for (const f of failures) console.error(`bench failed: ${f}`);
for (const r of results) console.log(JSON.stringify(r));
if (failures.length > 0) process.exitCode = 1;
