/**
 * @module eval/blind/score-behaviour
 * Scores apiward's behaviour detection on traffic from the blind generator
 * (eval/blind/generate-behaviour.mjs, written by an author who did not read
 * or run the detectors): `apiward learn` on its training day, `apiward
 * replay` of its test period with the published crawler ranges, and each
 * test address's verdict against the generator's labels. Prints, per label
 * and kind, the share flagged malicious, the share apiward answered itself,
 * the kinds it named, and every benign or good-bot address it flagged.
 *
 *   node eval/blind/generate-behaviour.mjs /tmp/blind --seed 7
 *   npx tsx eval/blind/score-behaviour.ts /tmp/blind
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

interface Label {
  label: "benign" | "good_bot" | "attack";
  kind: string;
}
interface Summary {
  summary: true;
  client: string;
  verdict: string;
  kinds: string[];
  answered: number;
}

const dir = process.argv[2];
if (!dir) {
  console.error("usage: npx tsx eval/blind/score-behaviour.ts DIR (from generate-behaviour.mjs)");
  process.exit(2);
}
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const apiward = (...args: string[]) =>
  execFileSync(process.execPath, [join(root, "bin/apiward.js"), ...args], {
    cwd: root,
    maxBuffer: 1 << 30,
    stdio: ["ignore", "pipe", "inherit"],
  }).toString();

const model = join(dir, "model.json");
apiward("learn", join(dir, "train.ndjson"), "--out", model);
const out = apiward(
  "replay",
  join(dir, "test.ndjson"),
  "--model",
  model,
  "--bots",
  join(root, "../shared/corpus/bots"),
);
writeFileSync(join(dir, "replay.ndjson"), out);

const labels = JSON.parse(readFileSync(join(dir, "labels.json"), "utf8")) as Record<string, Label>;
const summaries = new Map<string, Summary>();
for (const line of out.trim().split("\n")) {
  const o = JSON.parse(line) as Partial<Summary>;
  if (o.summary && typeof o.client === "string") summaries.set(o.client, o as Summary);
}
const rows = new Map<string, { n: number; flagged: number; answered: number; named: Record<string, number> }>();
const wrong: string[] = [];
for (const [ip, l] of Object.entries(labels)) {
  const key = `${l.label}:${l.kind}`;
  const row = rows.get(key) ?? { n: 0, flagged: 0, answered: 0, named: {} };
  rows.set(key, row);
  row.n++;
  const s = summaries.get(ip);
  if (!s) continue;
  if (s.answered > 0) row.answered++;
  if (s.verdict !== "malicious") continue;
  row.flagged++;
  for (const k of s.kinds) row.named[k] = (row.named[k] ?? 0) + 1;
  if (l.label !== "attack") wrong.push(`${ip} ${key} named ${s.kinds.join(",")}`);
}
console.log("| label:kind | addresses | flagged | answered | kinds named |");
console.log("| --- | ---: | ---: | ---: | --- |");
for (const [key, r] of [...rows].sort((a, b) => a[0].localeCompare(b[0])))
  console.log(
    `| ${key} | ${r.n} | ${(r.flagged / r.n).toFixed(2)} | ${(r.answered / r.n).toFixed(2)} | ${JSON.stringify(r.named)} |`,
  );
const benign = [...rows].filter(([k]) => !k.startsWith("attack:")).reduce((a, [, r]) => a + r.n, 0);
console.log(`\nbenign and good-bot addresses flagged: ${wrong.length} of ${benign}`);
for (const w of wrong) console.log(`  ${w}`);
