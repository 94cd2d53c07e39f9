/**
 * `npm run eval:signatures` (tsx eval/signatures.ts): the signature engine
 * over the labelled WAF corpus (../shared/corpus/waf/dev.ndjson by default),
 * paranoia levels 1–4: recall per attack class (anomalous apart), overall
 * recall and false-positive rate, CSIC and CRS-trap figures separately.
 *
 * Options:
 *   --corpus PATH    another labelled file (e.g. a held-out split)
 *   --engine wasm|ts which scanner runs (default wasm)
 *   --peer           also start ../shared/tools/peer-modsec.sh (ModSecurity +
 *                    OWASP CRS) at PL1 then PL2, replay the same requests to
 *                    127.0.0.1:8088, print both in one table and write it to
 *                    eval/results/signatures.md
 *   --misses CLASS   list apiward's PL1 misses of a class (or "benign" for
 *                    false positives) with the rules that fired
 *   --peer-out PATH  with --peer, also write each request's peer answers as
 *                    NDJSON ({"id","label","class","pl1","pl2","apiward"}: the
 *                    HTTP statuses and apiward's PL1 decision), to see which
 *                    requests one engine takes and the other does not
 *
 * Without --peer the target check uses the peer figures published in the
 * corpus README (eval/lib/peer-reference.ts).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadWasmHost } from "../cli/wasm.ts";
import { signatureInputFromRecord } from "../core/signatures/from-record.ts";
import { createSignatureEngine, type Paranoia, type SignatureResult } from "../core/signatures/index.ts";
import { PUBLISHED_PEER } from "./lib/peer-reference.ts";
import { replayAll } from "./lib/peer-replay.ts";
import { DEFAULT_CORPUS, loadWafCorpus, type WafCase } from "./lib/waf-corpus.ts";
import { markdownTable, publishedTally, type Tally, tally, targetChecks } from "./lib/waf-metrics.ts";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const corpusPath = arg("corpus") ?? DEFAULT_CORPUS;
const engineName = arg("engine") ?? "wasm";
const withPeer = process.argv.includes("--peer");
const missesOf = arg("misses");
const peerOut = arg("peer-out");
const cases = loadWafCorpus(corpusPath);
const engine = engineName === "ts" ? createSignatureEngine() : createSignatureEngine({ wasm: loadWasmHost() });
const inputs = cases.map((c) => signatureInputFromRecord(c));

const tallies: Tally[] = [];
let pl1: SignatureResult[] = [];
let ms = 0;
for (const pl of [1, 2, 3, 4] as Paranoia[]) {
  const t0 = performance.now();
  const results = inputs.map((input) => engine.inspect(input, { paranoia: pl, threshold: 5 }));
  ms += performance.now() - t0;
  if (pl === 1) pl1 = results;
  tallies.push(tally(`apiward PL${pl} (${engine.backend})`, cases, (_c, i) => (results[i]?.block ? "block" : "allow")));
}

let peer1: Tally | undefined;
let peer2: Tally | undefined;
if (withPeer) {
  const script = fileURLToPath(new URL("../../shared/tools/peer-modsec.sh", import.meta.url));
  const peerTallies: Tally[] = [];
  const peerStatuses: number[][] = [];
  try {
    for (const pl of ["1", "2"]) {
      process.stderr.write(`starting peer PL${pl} (first run installs Apache + ModSecurity + CRS)…\n`);
      const banner = execFileSync("bash", [script], { env: { ...process.env, PL: pl }, encoding: "utf8" }).trim();
      process.stderr.write(`${banner}\nreplaying ${cases.length} requests…\n`);
      const statuses = await replayAll(cases, { host: "127.0.0.1", port: 8088, concurrency: 8, timeoutMs: 10000 });
      peerStatuses.push(statuses);
      const failed = statuses.filter((s) => s === 0).length;
      if (failed > 0) process.stderr.write(`peer PL${pl}: ${failed} request(s) got no answer (counted as allowed)\n`);
      peerTallies.push(
        tally(`ModSecurity + CRS 3.3.4 PL${pl}`, cases, (_c, i) => {
          const s = statuses[i] ?? 0;
          return s === 403 ? "block" : s === 400 || s === 414 ? "reject" : "allow";
        }),
      );
    }
  } finally {
    try {
      execFileSync("bash", [script, "stop"], { stdio: "ignore" });
    } catch {
      // already stopped
    }
  }
  [peer1, peer2] = peerTallies;
  if (peerOut !== undefined) {
    const lines = cases.map((c, i) =>
      JSON.stringify({
        id: c.id,
        label: c.label,
        class: c.class,
        pl1: peerStatuses[0]?.[i] ?? 0,
        pl2: peerStatuses[1]?.[i] ?? 0,
        apiward: pl1[i]?.block ? "block" : "allow",
      }),
    );
    writeFileSync(peerOut, `${lines.join("\n")}\n`);
  }
}

const shown = [...tallies, ...(peer1 && peer2 ? [peer1, peer2] : [])];
const table = markdownTable(shown);
const ref1 = peer1 ?? publishedTally("published peer PL1", cases, PUBLISHED_PEER["1"]);
const ref2 = peer2 ?? publishedTally("published peer PL2", cases, PUBLISHED_PEER["2"]);
const checks = targetChecks(tallies[0] as Tally, ref1, ref2);
const f = (v: number | undefined): string => (v === undefined ? "–" : v.toFixed(3));
const checkLines = checks.map((c) => `- ${c.ok ? "PASS" : "FAIL"} ${c.item}: ${f(c.ours)} vs ${f(c.reference)}`);
const source = peer1
  ? "measured with --peer in this run"
  : "published in the corpus README (run with --peer to measure)";
const report = [
  `## Signature engine on ${corpusPath.split("/").slice(-2).join("/")} (${cases.length} requests)`,
  "",
  table,
  "",
  `Target (issue 6): apiward PL1 recall ≥ peer PL2 and FPR ≤ peer PL1; peer figures ${source}.`,
  "",
  ...checkLines,
  "",
  `apiward time: ${(ms / (4 * cases.length)).toFixed(3)} ms per request on average (${engine.backend}, 4 paranoia levels).`,
  "",
].join("\n");
process.stdout.write(report);

if (missesOf) {
  const lines: string[] = [];
  cases.forEach((c: WafCase, i) => {
    const r = pl1[i];
    if (!r) return;
    const want = missesOf === "benign" ? c.label === "benign" && r.block : c.class === missesOf && !r.block;
    if (!want) return;
    const rules = r.matches.map((m) => `${m.rule}@${m.location}`).join(" ");
    lines.push(`${c.id} [${rules}] ${c.method} ${c.url.slice(0, 160)} ${JSON.stringify(c.body ?? "").slice(0, 160)}`);
  });
  process.stdout.write(
    `\n${missesOf === "benign" ? "false positives" : `misses (${missesOf})`} at PL1:\n${lines.join("\n")}\n`,
  );
}

if (withPeer) {
  const out = fileURLToPath(new URL("./results/signatures.md", import.meta.url));
  mkdirSync(fileURLToPath(new URL("./results/", import.meta.url)), { recursive: true });
  writeFileSync(out, `${report}\nCommand: \`npm run eval:signatures -- --peer\`\n`);
  process.stderr.write(`wrote ${out}\n`);
}
