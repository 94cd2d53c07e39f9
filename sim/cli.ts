/**
 * @module sim/cli
 * `npm run sim -- --seed 1 --train-hours 24 --test-hours 2 --out dir/`
 * (or `tsx sim/cli.ts …`) writes:
 * - `train.ndjson`: a day of mostly benign traffic (plus a little internet
 *   background noise from scanners, labelled), for unsupervised learning;
 * - `test.ndjson`: the following hours, benign clients (half of them
 *   returning from the training day) mixed with every attack kind, the
 *   distributed campaigns, verified and fake bots and the safeguard cases;
 * - `labels.json` (test addresses → label, kind, first/last seen, requests,
 *   campaign), `train-labels.json`, and `scenario.json` (options and counts).
 * Every record carries `label` and `kind` too. Node-only.
 */
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { loadBotRanges } from "./bots.ts";
import { ALL_KINDS, isKind, type Kind } from "./kinds.ts";
import { LabelIndex } from "./labels.ts";
import { type Mix, type ScenarioOptions, scenarioStream } from "./scenario.ts";

/** Default training mix: a day of regular clients, a newsletter flash sale, crawlers, two background scanners. */
export const DEFAULT_TRAIN_MIX: Mix = {
  human: 300,
  mobile_app: 80,
  api_integration: 6,
  batch_job: 3,
  flash_sale: 120,
  good_bot: 8,
  scanner: 2,
};

/** Default test mix: benign clients and safeguard cases, every attack kind at several intensities. */
export const DEFAULT_TEST_MIX: Mix = {
  human: 250,
  mobile_app: 60,
  api_integration: 6,
  batch_job: 3,
  good_bot: 8,
  flash_crowd: 150,
  big_nat: 80,
  daily_rise: 100,
  scanner: 4,
  crawler: 4,
  scraper: 4,
  scraper_slow: 4,
  bruteforce: 4,
  credential_stuffing: 4,
  login_dos: 3,
  http_dos: 3,
  enumeration: 4,
  injection: 4,
  fake_bot: 6,
  distributed_bruteforce: 320,
  distributed_dos: 150,
  distributed_scraper: 200,
  distributed_scan: 120,
};

/** 2026-03-02T00:00:00Z, a Monday: fixed so that a seed always gives the same files. */
export const DEFAULT_START = 1_772_409_600;

const USAGE = `usage: tsx sim/cli.ts --out DIR [--seed N] [--variant N] [--train-hours H] [--test-hours H]
                     [--start EPOCH|ISO] [--scale F] [--train-mix k=n,…] [--test-mix k=n,…] [--host HOST]
  --seed N          world seed (default 1)
  --variant N       structural variant (default: derived from the seed)
  --train-hours H   length of train.ndjson (default 24; 0 skips it)
  --test-hours H    length of test.ndjson (default 2; 0 skips it)
  --start T         start of the training day (default 2026-03-02T00:00:00Z)
  --scale F         multiply every client count (default 1)
  --train-mix/--test-mix  override counts, e.g. human=50,scanner=0
kinds: ${ALL_KINDS.join(", ")}
`;

export interface SimArgs {
  out: string;
  seed: number;
  variant?: number;
  trainHours: number;
  testHours: number;
  start: number;
  scale: number;
  trainMix: Mix;
  testMix: Mix;
  host?: string;
}

function parseMix(text: string, base: Mix): Mix {
  const mix: Mix = { ...base };
  for (const part of text.split(",").filter(Boolean)) {
    const [k, v] = part.split("=");
    if (!k || !isKind(k) || v === undefined || !/^[0-9]+$/.test(v))
      throw new Error(`bad mix entry '${part}' (kind=count)`);
    mix[k] = Number(v);
  }
  return mix;
}

function parseStart(text: string): number {
  if (/^[0-9]+(\.[0-9]+)?$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`bad --start '${text}'`);
  return ms / 1000;
}

export function parseSimArgs(argv: string[]): SimArgs {
  const args: SimArgs = {
    out: "",
    seed: 1,
    trainHours: 24,
    testHours: 2,
    start: DEFAULT_START,
    scale: 1,
    trainMix: DEFAULT_TRAIN_MIX,
    testMix: DEFAULT_TEST_MIX,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const value = argv[i + 1];
    const num = () => {
      const n = Number(value);
      if (value === undefined || !Number.isFinite(n)) throw new Error(`${flag} needs a number`);
      i++;
      return n;
    };
    const str = () => {
      if (value === undefined) throw new Error(`${flag} needs a value`);
      i++;
      return value;
    };
    if (flag === "--out") args.out = str();
    else if (flag === "--seed") args.seed = Math.trunc(num());
    else if (flag === "--variant") args.variant = Math.trunc(num());
    else if (flag === "--train-hours") args.trainHours = num();
    else if (flag === "--test-hours") args.testHours = num();
    else if (flag === "--start") args.start = parseStart(str());
    else if (flag === "--scale") args.scale = num();
    else if (flag === "--train-mix") args.trainMix = parseMix(str(), args.trainMix);
    else if (flag === "--test-mix") args.testMix = parseMix(str(), args.testMix);
    else if (flag === "--host") args.host = str();
    else throw new Error(`unknown option ${flag}`);
  }
  if (!args.out) throw new Error("--out DIR is required");
  if (args.trainHours < 0 || args.testHours < 0 || args.trainHours + args.testHours > 24 * 14)
    throw new Error("hours must be >= 0 and at most two weeks in total");
  if (!(args.scale > 0 && args.scale <= 20)) throw new Error("--scale must be in (0, 20]");
  return args;
}

function scaled(mix: Mix, scale: number): Mix {
  const out: Mix = {};
  for (const [k, v] of Object.entries(mix) as Array<[Kind, number]>)
    out[k] = Math.max(v > 0 ? 1 : 0, Math.round(v * scale));
  return out;
}

export interface WriteSummary {
  file: string;
  records: number;
  bytes: number;
  clients: Record<string, number>;
}

/** Streams one scenario to an NDJSON file (respecting back-pressure) and returns its labels. */
export async function writeScenario(
  opts: ScenarioOptions,
  file: string,
): Promise<{ labels: LabelIndex; summary: WriteSummary }> {
  const out = createWriteStream(file);
  const labels = new LabelIndex();
  let records = 0;
  let bytes = 0;
  for await (const rec of scenarioStream(opts)) {
    const line = `${JSON.stringify(rec)}\n`;
    labels.add(rec);
    records++;
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { labels, summary: { file, records, bytes, clients: labels.countsByKind() } };
}

export async function runSim(args: SimArgs, log: (line: string) => void): Promise<void> {
  mkdirSync(args.out, { recursive: true });
  const bots = loadBotRanges();
  const trainMix = scaled(args.trainMix, args.scale);
  const testMix = scaled(args.testMix, args.scale);
  const base = { seed: args.seed, variant: args.variant, bots, host: args.host };
  const summaries: WriteSummary[] = [];
  if (args.trainHours > 0) {
    const t0 = performance.now();
    const { labels, summary } = await writeScenario(
      { ...base, startTs: args.start, durationS: args.trainHours * 3600, mix: trainMix },
      join(args.out, "train.ndjson"),
    );
    writeFileSync(join(args.out, "train-labels.json"), `${JSON.stringify(labels.toJSON())}\n`);
    summaries.push(summary);
    log(
      `train.ndjson: ${summary.records} records, ${(summary.bytes / 1e6).toFixed(1)} MB, ${labels.size} addresses, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
  if (args.testHours > 0) {
    const t0 = performance.now();
    // Half of the regular visitors and app users of the training day come back; the rest are new.
    const clientOffset = {
      human: Math.floor((trainMix.human ?? 0) / 2),
      mobile_app: Math.floor((trainMix.mobile_app ?? 0) / 2),
    };
    const { labels, summary } = await writeScenario(
      {
        ...base,
        startTs: args.start + args.trainHours * 3600,
        durationS: args.testHours * 3600,
        mix: testMix,
        clientOffset,
      },
      join(args.out, "test.ndjson"),
    );
    writeFileSync(join(args.out, "labels.json"), `${JSON.stringify(labels.toJSON())}\n`);
    summaries.push(summary);
    log(
      `test.ndjson: ${summary.records} records, ${(summary.bytes / 1e6).toFixed(1)} MB, ${labels.size} addresses, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
  const meta = {
    seed: args.seed,
    variant: args.variant ?? null,
    start: args.start,
    train_hours: args.trainHours,
    test_hours: args.testHours,
    train_mix: trainMix,
    test_mix: testMix,
    bot_ranges: bots.source,
    files: summaries,
  };
  writeFileSync(join(args.out, "scenario.json"), `${JSON.stringify(meta, null, 2)}\n`);
  log(`wrote ${join(args.out, "scenario.json")}, labels.json (bot ranges: ${bots.source})`);
}

async function main(): Promise<void> {
  let args: SimArgs;
  try {
    if (process.argv.includes("--help") || process.argv.includes("-h")) {
      process.stdout.write(USAGE);
      return;
    }
    args = parseSimArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`sim: ${(e as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  try {
    await runSim(args, (line) => process.stderr.write(`${line}\n`));
  } catch (e) {
    process.stderr.write(`sim: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
