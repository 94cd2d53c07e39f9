/**
 * @module eval/distributed
 * `npm run eval:distributed`: distributed anomaly detection (issue 8) on the
 * traffic simulator. Per seed (each with its own structural variant): a
 * training day of benign traffic, the anomaly model learned from it, then
 * two-hour test periods replayed through the offline anomaly pipeline:
 * - `full`: the default test mix (every attack kind, the four distributed
 *   campaigns and the safeguard cases at once);
 * - one run per distributed kind over benign background traffic;
 * - one run per safeguard case (flash crowd, big NAT, daily rise, good
 *   bots) over benign background traffic, with no attack at all.
 * The detector is warmed with the last hour of the training day, as a
 * deployed one would be. Prints per kind the share of participating
 * addresses flagged (own mitigation) and mitigated (own or endpoint), the
 * time from the campaign's first request to the first mitigation, the
 * benign false-positive rate, and whether any safeguard client was touched;
 * writes eval/results/distributed.md.
 *
 * Options: --seeds 1,2,3  --hours 2  --quick (seed 1, full mix only).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultBotsDir, loadBotRanges } from "../sim/bots.ts";
import { DEFAULT_START, DEFAULT_TEST_MIX, DEFAULT_TRAIN_MIX } from "../sim/cli.ts";
import type { Kind } from "../sim/kinds.ts";
import { generateScenario, type Mix } from "../sim/scenario.ts";
import {
  botVerifier,
  DISTRIBUTED,
  type Labelled,
  learnModel,
  loadModel,
  type RunScore,
  runAnomaly,
  SAFEGUARDS,
  scoreRun,
} from "./distributed-lib.ts";

const here = dirname(fileURLToPath(import.meta.url));

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const BACKGROUND: Mix = { human: 250, mobile_app: 60, api_integration: 6, batch_job: 3, good_bot: 8 };
const SAFEGUARD_MIX: Record<string, Mix> = {
  flash_crowd: { flash_crowd: 150 },
  big_nat: { big_nat: 80 },
  daily_rise: { daily_rise: 100 },
  good_bot: { good_bot: 30 },
};

interface Row {
  seed: number;
  run: string;
  score: RunScore;
  records: number;
  ms: number;
  /** Mitigations created during the run (any scope): a safeguard-only run must create none. */
  mitigations: number;
}

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const seeds = (arg("seeds") ?? (quick ? "1" : "1,2,3")).split(",").map(Number);
  const hours = Number(arg("hours") ?? 2);
  const sim = loadBotRanges();
  const bots = botVerifier(defaultBotsDir());
  const rows: Row[] = [];
  for (const seed of seeds) {
    const t0 = performance.now();
    const train = (await generateScenario({
      seed,
      startTs: DEFAULT_START,
      durationS: 86_400,
      mix: DEFAULT_TRAIN_MIX,
      bots: sim,
    })) as Labelled[];
    const model = loadModel(learnModel(train));
    const warm = train.filter((r) => r.ts >= DEFAULT_START + 86_400 - 3600);
    process.stderr.write(
      `seed ${seed}: trained on ${train.length} records in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
    const runs: Array<[string, Mix]> = [["full", DEFAULT_TEST_MIX]];
    if (!quick) {
      for (const k of DISTRIBUTED) runs.push([k, { ...BACKGROUND, [k as Kind]: DEFAULT_TEST_MIX[k as Kind] }]);
      for (const s of SAFEGUARDS) runs.push([s, { ...BACKGROUND, ...SAFEGUARD_MIX[s] }]);
    }
    for (const [name, mix] of runs) {
      const test = (await generateScenario({
        seed,
        startTs: DEFAULT_START + 86_400,
        durationS: hours * 3600,
        mix,
        bots: sim,
        clientOffset: {
          human: Math.floor((DEFAULT_TRAIN_MIX.human ?? 0) / 2),
          mobile_app: Math.floor((DEFAULT_TRAIN_MIX.mobile_app ?? 0) / 2),
        },
      })) as Labelled[];
      const run = runAnomaly(test, model, { bots, warmup: warm });
      const score = scoreRun(run);
      rows.push({ seed, run: name, score, records: test.length, ms: run.ms, mitigations: run.mitigations.length });
      process.stderr.write(
        `  ${name}: ${test.length} records, ${Math.round(run.ms)} ms, ${run.mitigations.length} mitigations\n`,
      );
    }
  }
  const md = report(rows, seeds, hours);
  mkdirSync(join(here, "results"), { recursive: true });
  writeFileSync(join(here, "results", "distributed.md"), md);
  process.stdout.write(md);
  process.stdout.write(`${JSON.stringify(summary(rows))}\n`);
}

const pct = (a: number, b: number): string =>
  b > 0 ? `${((100 * a) / b).toFixed(a > 0 && a / b < 0.01 ? 2 : 1)}%` : "–";
const secs = (t: number | null): string => (t === null ? "never" : `${Math.round(t)} s`);

function summary(rows: Row[]) {
  const out: Record<string, unknown> = { bench: "eval_distributed" };
  for (const k of DISTRIBUTED) {
    const ks = rows.flatMap((r) => r.score.kinds.filter((x) => x.kind === k));
    const ips = ks.reduce((a, x) => a + x.ips, 0);
    out[k] = {
      flagged: ips ? ks.reduce((a, x) => a + x.flagged, 0) / ips : null,
      mitigated: ips ? ks.reduce((a, x) => a + x.mitigated, 0) / ips : null,
      worst_ttm_s: ks.some((x) => x.ttm === null) ? null : Math.max(...ks.map((x) => x.ttm as number)),
    };
  }
  const b = rows.reduce(
    (a, r) => ({
      c: a.c + r.score.benign.clients,
      f: a.f + r.score.benign.flagged,
      h: a.h + r.score.benign.challenged,
    }),
    { c: 0, f: 0, h: 0 },
  );
  out.benign_fp = b.c ? b.f / b.c : 0;
  out.benign_challenged = b.c ? b.h / b.c : 0;
  // A safeguard-only run has no attack: any mitigation at all (even one that touched nobody) counts.
  out.safeguard_runs_flagged = rows.filter((r) => SAFEGUARDS.includes(r.run) && r.mitigations > 0).length;
  return out;
}

function report(rows: Row[], seeds: number[], hours: number): string {
  const L: string[] = [];
  L.push("# Distributed anomaly detection: evaluation");
  L.push("");
  L.push(
    `Generated by \`npm run eval:distributed\` (seeds ${seeds.join(", ")}; ${hours} h test periods after a 24 h training day; each seed has its own simulator variant). ` +
      "Flagged = the address got a mitigation of its own; mitigated = flagged, or at least one of its requests was answered by an endpoint mitigation. " +
      "Time to mitigation = from the campaign's first request to the first mitigation that covers it (own or endpoint).",
  );
  L.push("");
  L.push("## Distributed campaigns");
  L.push("");
  L.push("| seed | run | kind | addresses | flagged | mitigated | time to first mitigation |");
  L.push("| ---: | --- | --- | ---: | ---: | ---: | ---: |");
  for (const r of rows)
    for (const k of r.score.kinds)
      L.push(
        `| ${r.seed} | ${r.run} | ${k.kind} | ${k.ips} | ${pct(k.flagged, k.ips)} | ${pct(k.mitigated, k.ips)} | ${secs(k.ttm)} |`,
      );
  L.push("");
  L.push("## Benign clients and safeguards");
  L.push("");
  L.push(
    "| seed | run | benign clients | flagged (FP) | challenged by an endpoint mitigation | safeguard clients touched | mitigations created | other attackers flagged |",
  );
  L.push("| ---: | --- | ---: | ---: | ---: | --- | ---: | ---: |");
  for (const r of rows) {
    const sg = Object.entries(r.score.safeguards)
      .map(([k, v]) => `${k} ${v.flagged + v.challenged}/${v.clients}`)
      .join(", ");
    const b = r.score.benign;
    L.push(
      `| ${r.seed} | ${r.run} | ${b.clients} | ${b.flagged} (${pct(b.flagged, b.clients)}) | ${b.challenged} (${pct(b.challenged, b.clients)}) | ${sg} | ${r.mitigations} | ${r.score.otherAttacks.flagged}/${r.score.otherAttacks.clients} |`,
    );
  }
  L.push("");
  const s = summary(rows);
  L.push("## Summary against the targets");
  L.push("");
  L.push("| measure | target | measured |");
  L.push("| --- | --- | --- |");
  for (const k of DISTRIBUTED) {
    const v = s[k] as { flagged: number | null; mitigated: number | null; worst_ttm_s: number | null };
    L.push(
      `| ${k}: addresses flagged (mitigated) | ≥ 90% | ${v.flagged === null ? "–" : pct(v.flagged, 1)} (${v.mitigated === null ? "–" : pct(v.mitigated, 1)}) |`,
    );
    L.push(
      `| ${k}: worst time to first mitigation | ≤ 300 s | ${v.worst_ttm_s === null ? "never (in some run)" : `${Math.round(v.worst_ttm_s)} s`} |`,
    );
  }
  L.push(`| benign false positives (own mitigation) | ≤ 0.5% | ${pct(s.benign_fp as number, 1)} |`);
  L.push(`| benign clients challenged by endpoint mitigations | – | ${pct(s.benign_challenged as number, 1)} |`);
  L.push(
    `| safeguard-only runs with any mitigation at all | 0 | ${s.safeguard_runs_flagged} of ${rows.filter((r) => SAFEGUARDS.includes(r.run)).length} |`,
  );
  L.push("");
  L.push(
    `Records replayed: ${rows.reduce((a, r) => a + r.records, 0)}; detection time ${Math.round(rows.reduce((a, r) => a + r.ms, 0))} ms in total (TypeScript scorer).`,
  );
  L.push("");
  return `${L.join("\n")}\n`;
}

await main();
