/**
 * @module cli/commands/replay
 * `apiward replay FILE --model model.json`: replays traffic records in time
 * order through the whole offline pipeline (core/pipeline/replay.ts) and
 * prints NDJSON detections, then one summary line per address seen. Bad
 * lines are reported with their line numbers on stderr and skipped.
 *
 * Crawler ranges come from `--bots DIR` (publisher files), else
 * APIWARD_BOTS_DIR, else ../shared/corpus/bots beside the checkout, else the
 * bundled snapshot core/bots/published-ranges.json. The Wasm module
 * (wasm/build/apiward.wasm) runs signatures and the behaviour scorer when it
 * is built; otherwise the TypeScript references do.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { anomalyModelOf, anomalyStages } from "../../core/anomaly/replay-stage.ts";
import { type BehaviourModel, parseModel } from "../../core/behaviour/model.ts";
import type { ScoreTables } from "../../core/behaviour/score-table.ts";
import { wasmScorer } from "../../core/behaviour/score-wasm.ts";
import type { Scorer } from "../../core/behaviour/scorer.ts";
import type { Detection } from "../../core/behaviour/types.ts";
import { type BotRanges, parseBotRanges, rangesFromPublisherFiles } from "../../core/bots/ranges.ts";
import { BOT_TOKENS } from "../../core/bots/tokens.ts";
import { BotVerifier } from "../../core/bots/verify.ts";
import { Replay, sortForReplay } from "../../core/pipeline/replay.ts";
import { createSignatureEngine } from "../../core/signatures/index.ts";
import type { NdjsonItem } from "../../core/traffic/ndjson.ts";
import { WasmHost } from "../../core/wasm/host.ts";
import { type CliIo, type Command, eachRecord, parseFlags, READ_FLAGS, readOptions, UsageError } from "../io.ts";

type Rec = NdjsonItem & { kind: "record" };

/** The built Wasm module, or null when it is missing or cannot load (the TS references run then). */
export function loadWasm(io: CliIo): WasmHost | null {
  const file = fileURLToPath(new URL("../../wasm/build/apiward.wasm", import.meta.url));
  if (!existsSync(file)) return null;
  try {
    // The workers types declare Module abstract; Node's constructor compiles synchronously.
    const Mod = WebAssembly.Module as unknown as new (bytes: Uint8Array) => WebAssembly.Module;
    return new WasmHost(new Mod(readFileSync(file)));
  } catch (e) {
    io.stderr(`apiward: ${file}: ${(e as Error).message} (using the TypeScript reference)\n`);
    return null;
  }
}

/** Crawler ranges from a folder of publisher files, else the bundled snapshot. */
export function loadBotRanges(dir: string | undefined, io: CliIo): BotRanges | null {
  const candidates = [
    dir,
    process.env.APIWARD_BOTS_DIR,
    fileURLToPath(new URL("../../../shared/corpus/bots/", import.meta.url)),
  ];
  for (const d of candidates) {
    if (!d || !existsSync(d)) {
      if (d === dir && dir) io.stderr(`apiward: --bots ${dir}: no such folder\n`);
      continue;
    }
    const files: Record<string, unknown> = {};
    for (const t of BOT_TOKENS) {
      if (!t.file || !existsSync(join(d, t.file))) continue;
      try {
        files[t.file] = JSON.parse(readFileSync(join(d, t.file), "utf8"));
      } catch (e) {
        io.stderr(`apiward: ${join(d, t.file)}: ${(e as Error).message} (skipped)\n`);
      }
    }
    const r = rangesFromPublisherFiles(files, BOT_TOKENS);
    if (Object.keys(r.prefixes).length > 0) return r;
  }
  const snap = fileURLToPath(new URL("../../core/bots/published-ranges.json", import.meta.url));
  if (existsSync(snap)) return parseBotRanges(JSON.parse(readFileSync(snap, "utf8")));
  io.stderr("apiward: no crawler ranges found: good bots cannot be verified\n");
  return null;
}

export function readModel(path: string): BehaviourModel {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
  const m = parseModel(json);
  if (typeof m === "string") throw new Error(`${path}: ${m}`);
  return m;
}

/**
 * Reads every valid record of FILE|- (bad lines reported), in time order. A
 * record without `ts` is reported and skipped too: behaviour and anomaly
 * detection are about time, and a request placed at 0 would be judged wrong.
 */
export async function readSorted(file: string, io: CliIo): Promise<Rec[]> {
  const items: Rec[] = [];
  await eachRecord(file, io, (r) => {
    if (r.record.ts === undefined) {
      io.stderr(
        `${file === "-" ? "stdin" : file}:${r.line}: missing field: ts (learn and replay need each request's time) (line skipped)\n`,
      );
      return;
    }
    items.push(r);
  });
  return sortForReplay(items);
}

function detectionLine(d: Detection): string {
  return `${JSON.stringify({ ts: d.ts, client: d.ip, kind: d.kind, action: d.action, score: d.score, reasons: d.reasons, requests: d.requests })}\n`;
}

export const replayCommand: Command = {
  name: "replay",
  summary: "replay traffic records through the pipeline; print detections and per-client verdicts",
  usage:
    "apiward replay FILE|- --model model.json [--bots DIR] [--app NAME] [--monitor] [--no-signatures] [--ts] [--windows-paths]",
  async run(args, io) {
    const { flags, positionals } = parseFlags(args, {
      model: "string",
      bots: "string",
      app: "string",
      monitor: "boolean",
      "no-signatures": "boolean",
      ts: "boolean",
      ...READ_FLAGS,
    });
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new UsageError("expected one FILE (or - for stdin)");
    if (typeof flags.model !== "string") throw new UsageError("--model model.json is required");
    const model = readModel(flags.model);
    const host = flags.ts ? null : loadWasm(io);
    const ranges = loadBotRanges(typeof flags.bots === "string" ? flags.bots : undefined, io);
    let scorer: ((t: ScoreTables) => Scorer) | undefined;
    if (host && typeof host.exports.behaviourScore === "function") scorer = (t) => wasmScorer(host, t);
    let signatures = null;
    if (!flags["no-signatures"]) {
      try {
        signatures = createSignatureEngine(host ? { wasm: host } : {});
      } catch {
        signatures = createSignatureEngine();
      }
    }
    const replay = new Replay({
      app: typeof flags.app === "string" ? flags.app : model.app,
      model,
      bots: new BotVerifier(ranges),
      signatures,
      mode: flags.monitor ? "monitor" : "enforce",
      scorer,
      ...readOptions(flags),
      // Distributed anomaly detection joins the same pipeline, in simulated time.
      extraStages: anomalyStages({
        model: anomalyModelOf(model),
        bots: new BotVerifier(ranges),
        mode: flags.monitor ? "monitor" : "enforce",
      }),
    });
    const records = await readSorted(file, io);
    let buf = "";
    const sink = {
      detection: (d: Detection) => {
        buf += detectionLine(d);
      },
    };
    for (const r of records) {
      replay.push(r.record, r.line, sink);
      if (buf.length > 65_536) {
        io.stdout(buf);
        buf = "";
      }
    }
    replay.finish(sink);
    for (const s of replay.summaries()) buf += `${JSON.stringify(s)}\n`;
    io.stdout(buf);
    return 0;
  },
};
