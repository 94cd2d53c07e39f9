/**
 * @module eval/behaviour-central
 * The central learning path, measured: models trained as the learning core
 * trains them (client summaries, endpoint statistics and transitions that
 * ClientState engines collect from live traffic; core/behaviour/train.ts),
 * against the model `apiward learn` writes from the same day.
 *
 * Per world: the simulated 24 h training day is split in two halves. v1 is
 * trained on the first half, collected with no model (the bootstrap: no
 * workflow model yet, so workflow thresholds fall back to the floors); v2 on
 * both halves, the second collected while scoring with v1 (as the shards do
 * once v1 is published), counts halved after v1 as the learning core does.
 * Each model replays the test period through the behaviour pipeline alone,
 * and so does no model at all (what a new app runs on until its first model
 * is published: every threshold at its kind's floor).
 *
 *   tsx eval/behaviour-central.ts [--worlds dev|validation|all] [--cache DIR] [--out FILE]
 * Worlds are the ones eval/behaviour.ts simulated and cached; writes
 * eval/results/behaviour-central.md unless --out says otherwise. Held-out
 * worlds are not used here: they stay for eval/behaviour.ts.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readSorted } from "../cli/commands/replay.ts";
import type { CliIo } from "../cli/io.ts";
import { BehaviourEngine, trainingSummary } from "../core/behaviour/engine.ts";
import { learnModel } from "../core/behaviour/learn.ts";
import { MarkovLearner } from "../core/behaviour/markov.ts";
import type { BehaviourModel } from "../core/behaviour/model.ts";
import type { ClientSummary } from "../core/behaviour/summary.ts";
import { TimeBatches } from "../core/behaviour/time-batches.ts";
import { buildModel, type EndpointStats, endpointRoles, mergeEndpointStats } from "../core/behaviour/train.ts";
import type { BehaviourEvent, Detection } from "../core/behaviour/types.ts";
import { parseBotRanges } from "../core/bots/ranges.ts";
import { BotVerifier } from "../core/bots/verify.ts";
import { Learner } from "../core/discovery/learner.ts";
import { offlineRequest } from "../core/pipeline/offline.ts";
import { Replay } from "../core/pipeline/replay.ts";
import { createSignatureEngine } from "../core/signatures/index.ts";
import type { TrafficRecord } from "../core/types.ts";
import {
  type DetectionLine,
  type IpLabel,
  medianOf,
  type RunScore,
  type SummaryLine,
  scoreRun,
} from "./behaviour-score.ts";

const here = dirname(fileURLToPath(import.meta.url));
const WORLDS = [
  { dir: "seed1-vd", set: "dev" },
  { dir: "seed2-vd", set: "dev" },
  { dir: "seed3-v13", set: "dev" },
  { dir: "seed101-v7", set: "validation" },
  { dir: "seed202-v22", set: "validation" },
  { dir: "seed303-v17", set: "validation" },
  { dir: "seed404-v2", set: "validation" },
  { dir: "seed505-v11", set: "validation" },
  { dir: "seed606-v20", set: "validation" },
];

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const io: CliIo = { stdout: () => {}, stderr: (t) => process.stderr.write(t), stdin: (async function* () {})() };
const ranges = parseBotRanges(
  JSON.parse(readFileSync(join(here, "..", "core", "bots", "published-ranges.json"), "utf8")),
);

/** The isolates' behaviour event flush: the ClientState objects fold and score per batch of it. */
const BATCH_S = 1;

/** What the learning core holds after a round of collection. */
interface Central {
  summaries: ClientSummary[];
  markov: MarkovLearner;
  endpoints: EndpointStats;
  inventory: Learner;
  records: number;
}

/**
 * One round: the records through a collecting engine scoring with `model`,
 * in batches of BATCH_S seconds as the ClientState objects fold them (each
 * client scored, and its summary sampled, after its last event of a batch);
 * everything collected is added to `c`.
 */
function collectRound(records: TrafficRecord[], model: BehaviourModel | null, c: Central): void {
  const engine = new BehaviourEngine({ model, bots: new BotVerifier(ranges), collect: true, maxClients: 200_000 });
  const batches = new TimeBatches<BehaviourEvent>(BATCH_S);
  records.forEach((r, i) => {
    const q = offlineRequest(r, i + 1, "shop", 0);
    c.inventory.observe({ method: q.event.method, path: q.event.path, query: q.event.query, status: q.event.status });
    const closed = batches.push(q.event);
    if (closed) engine.observeBatch(closed);
  });
  engine.observeBatch(batches.take());
  for (const [client, e] of engine.entries()) {
    const s = trainingSummary(e, client);
    if (s) c.summaries.push(s);
  }
  const t = engine.takeTraining();
  for (const [f, to, n] of t.markov.transitions()) c.markov.add(f ?? undefined, to, n);
  mergeEndpointStats(c.endpoints, t.endpoints);
  c.records += records.length;
}

function train(c: Central): BehaviourModel {
  const roles = endpointRoles(c.endpoints);
  return buildModel(c.summaries, {
    app: "shop",
    templates: c.inventory.inventory().endpoints.map((e) => `${e.method} ${e.path}`),
    login: roles.login,
    expensive: roles.expensive,
    markov: c.markov.build(),
    records: c.records,
    from: null,
    to: null,
  });
}

/** The learning core halves its counts after publishing. */
function fade(c: Central): void {
  const m = new MarkovLearner();
  for (const [f, to, n] of c.markov.transitions()) m.add(f ?? undefined, to, n / 2);
  c.markov = m;
  for (const st of c.endpoints.values()) {
    st.count /= 2;
    st.posts /= 2;
    st.loginBodies /= 2;
  }
}

/**
 * The run scored twice: on every detection (a client is flagged when any
 * kind was named) and on the mitigated ones only (a log-only detection, as
 * the engine makes of an ambiguous kind before the app has a model, changes
 * no answer).
 */
async function score(dir: string, model: BehaviourModel | null): Promise<{ all: RunScore; mitigated: RunScore }> {
  // Scored as the ClientState objects score: per batch of the isolates' flush.
  const replay = new Replay({
    app: "shop",
    model,
    bots: new BotVerifier(ranges),
    signatures: createSignatureEngine(),
    batchS: BATCH_S,
  });
  const detections: Detection[] = [];
  const sink = { detection: (d: Detection) => detections.push(d) };
  for (const r of await readSorted(join(dir, "test.ndjson"), io)) replay.push(r.record, r.line, sink);
  replay.finish(sink);
  const summaries = replay.summaries();
  const labels = JSON.parse(readFileSync(join(dir, "labels.json"), "utf8")) as Record<string, IpLabel>;
  const scored = (ds: Detection[]): RunScore => {
    const kinds = new Map<string, Set<string>>();
    for (const d of ds) kinds.set(d.ip, (kinds.get(d.ip) ?? new Set()).add(d.kind));
    const lines: DetectionLine[] = ds.map((d) => ({ ts: d.ts, client: d.ip, kind: d.kind, requests: d.requests }));
    const sums: SummaryLine[] = summaries.map((x) => {
      const k = [...(kinds.get(x.client) ?? [])].sort();
      const verdict = k.length > 0 ? "malicious" : x.verdict === "good_bot" ? "good_bot" : "benign";
      return { summary: true, client: x.client, verdict, kinds: k } as SummaryLine;
    });
    return scoreRun(labels, lines, sums);
  };
  return { all: scored(detections), mitigated: scored(detections.filter((d) => d.action !== "log")) };
}

interface Row {
  detected: number;
  clients: number;
  fastReq: number[];
  slowS: number[];
  benign: number;
  benignFlagged: number;
  benignMitigated: number;
  attackMitigated: number;
  minRate: number;
}

function add(row: Row, { all: r, mitigated }: { all: RunScore; mitigated: RunScore }): void {
  for (const [, k] of mitigated.kinds) row.attackMitigated += k.detected;
  row.benignMitigated += mitigated.benign.flagged;
  let det = 0;
  let n = 0;
  for (const [kind, k] of r.kinds) {
    det += k.detected;
    n += k.clients;
    if (kind === "scraper") row.fastReq.push(...k.requestsToDetection);
    if (kind === "scraper_slow") row.slowS.push(...k.secondsToDetection);
    row.minRate = Math.min(row.minRate, k.clients ? k.detected / k.clients : 1);
  }
  row.detected += det;
  row.clients += n;
  row.benign += r.benign.clients;
  row.benignFlagged += r.benign.flagged;
}

async function main(): Promise<void> {
  const cache = arg("cache") ?? join(tmpdir(), "apiward-eval-behaviour");
  const which = arg("worlds") ?? "all";
  const rows: Record<string, Row> = {};
  const names = [
    "no model yet (the kinds' floors: a new app's first hours)",
    "apiward learn (24 h)",
    "learning core v1 (first 12 h, no model)",
    "learning core v2 (24 h, second half scored with v1)",
  ];
  for (const n of names)
    rows[n] = {
      detected: 0,
      clients: 0,
      fastReq: [],
      slowS: [],
      benign: 0,
      benignFlagged: 0,
      benignMitigated: 0,
      attackMitigated: 0,
      minRate: 1,
    };
  const sizes: string[] = [];
  for (const w of WORLDS.filter((x) => which === "all" || x.set === which)) {
    const dir = join(cache, w.dir);
    if (!existsSync(join(dir, "labels.json"))) {
      process.stderr.write(`${dir}: not simulated yet (run npm run eval:behaviour first), skipped\n`);
      continue;
    }
    process.stderr.write(`world ${w.dir} [${w.set}]\n`);
    const day = (await readSorted(join(dir, "train.ndjson"), io)).map((r) => r.record);
    const mid = ((day[0]?.ts ?? 0) + (day[day.length - 1]?.ts ?? 0)) / 2;
    const first = day.filter((r) => (r.ts ?? 0) < mid);
    const second = day.filter((r) => (r.ts ?? 0) >= mid);
    const learned = learnModel(() => day.map((r, i) => offlineRequest(r, i + 1, "shop", 0)), { app: "shop" });
    const c: Central = {
      summaries: [],
      markov: new MarkovLearner(),
      endpoints: new Map(),
      inventory: new Learner(),
      records: 0,
    };
    collectRound(first, null, c);
    const t0 = performance.now();
    const v1 = train(c);
    const ms1 = performance.now() - t0;
    fade(c);
    collectRound(second, v1, c);
    const t1 = performance.now();
    const v2 = train(c);
    const ms2 = performance.now() - t1;
    sizes.push(
      `${w.dir}: v1 ${v1.trained_on.clients} clients (${c.summaries.length} summaries by v2), k ${v1.clusters.length}→${v2.clusters.length}, training ${ms1.toFixed(0)} / ${ms2.toFixed(0)} ms`,
    );
    const models = [null, learned, v1, v2];
    for (let i = 0; i < models.length; i++) add(rows[names[i] as string] as Row, await score(dir, models[i] ?? null));
  }
  const fmt = (x: number | null) => (x === null ? "–" : x.toFixed(0));
  let md =
    "| model | attack clients detected | lowest per-kind detection rate | scraper median requests | slow scraper median seconds | benign flagged | attack clients mitigated | benign mitigated |\n|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const n of names) {
    const r = rows[n] as Row;
    md += `| ${n} | ${r.detected} of ${r.clients} | ${r.minRate.toFixed(2)} | ${fmt(medianOf(r.fastReq))} | ${fmt(medianOf(r.slowS))} | ${r.benignFlagged} of ${r.benign} (${((100 * r.benignFlagged) / Math.max(1, r.benign)).toFixed(1)}%) | ${r.attackMitigated} of ${r.clients} | ${r.benignMitigated} of ${r.benign} (${((100 * r.benignMitigated) / Math.max(1, r.benign)).toFixed(1)}%) |\n`;
  }
  md += `\n${sizes.map((s) => `- ${s}`).join("\n")}\n`;
  const doc = `# Behaviour models trained by the learning core\n\nGenerated by \`tsx eval/behaviour-central.ts\` (see its header): the model \`apiward learn\` writes from a simulated 24 h day, against the models the learning core trains from the same day as ClientState shards summarise it (v1: first 12 h, no model yet; v2: all 24 h, the second half scored with v1). Each replays the following 2 h through the behaviour pipeline alone; so does no model at all (what a new app runs on until its first model is published: every threshold at its kind's floor). Flagged counts every detection, mitigated only those that change an answer (before the first model the ambiguous kinds, crawler and scraper, are logged, not mitigated). Worlds: ${which === "all" ? "development and validation" : which} (eval/results/behaviour.md).\n\n${md}`;
  process.stdout.write(doc);
  writeFileSync(arg("out") ?? join(here, "results", "behaviour-central.md"), doc);
}

await main();
