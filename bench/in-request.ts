/**
 * @module bench/in-request
 * What apiward's platform-free stages cost inside a workerd request, apart
 * from the datapath's own plumbing: a floor filter, the same running the
 * stages on each real request, and that with twelve awaits of cached values
 * first (bench/lib/in-request-worker.ts), each in front of the same origin
 * under the datapath bench's load, rounds alternating; prints workerd CPU
 * per request of each, per round. A developer tool, not part of `npm run bench`:
 *
 *   npx tsx bench/in-request.ts [rounds] [seconds]
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { alternatingRounds } from "./lib/alternating.ts";
import { ROOT } from "./lib/bundle.ts";
import { startBenchOrigin } from "./lib/origin.ts";
import { type StartedWorkerd, startWorkerd } from "./lib/workerd.ts";

const rounds = Number(process.argv[2] ?? 4);
const seconds = Number(process.argv[3] ?? 8);
const MODES = ["floor", "stages", "stages+awaits"] as const;

const dir = mkdtempSync(join(tmpdir(), "apiward-in-request-"));
await build({
  entryPoints: [join(ROOT, "bench/lib/in-request-worker.ts")],
  bundle: true,
  format: "esm",
  platform: "neutral",
  conditions: ["workerd", "worker", "browser"],
  mainFields: ["module", "main"],
  external: ["*.wasm"],
  outfile: join(dir, "worker.js"),
});
const script = readFileSync(join(dir, "worker.js"), "utf8").replace(
  /from "[^"]*apiward\.wasm"/,
  'from "./apiward.wasm"',
);
const policy: unknown = JSON.parse(readFileSync(join(ROOT, "policy/examples/bench-200.json"), "utf8"));
const origin = await startBenchOrigin();
const started: Array<StartedWorkerd & { name: string }> = [];
try {
  for (const mode of MODES) {
    const w = await startWorkerd({
      modulesRoot: dir,
      modules: [
        { type: "ESModule", path: join(dir, "worker.js"), contents: script },
        {
          type: "CompiledWasm",
          path: join(dir, "apiward.wasm"),
          contents: readFileSync(join(ROOT, "wasm/build/apiward.wasm")),
        },
      ],
      compatibilityDate: "2026-04-01",
      compatibilityFlags: ["nodejs_compat"],
      bindings: { ORIGIN: origin.url, MODE: mode, POLICY: policy as Record<string, unknown> },
      port: 0,
    });
    started.push({ name: mode, ...w });
  }
  await alternatingRounds(started, rounds, seconds);
} finally {
  for (const w of started) await w.mf.dispose();
  origin.server.close();
  rmSync(dir, { recursive: true, force: true });
}
