/**
 * @module scripts/load-bots
 * Loads the published crawler ranges (../shared/corpus/bots/*.json, the
 * publishers' own shape) into KV as `bots:ranges`, where every isolate's
 * good-bot verifier reads them, or writes the bundled snapshot the CLI and
 * the worker fall back to.
 *
 *   tsx scripts/load-bots.ts [--dir DIR] --snapshot core/bots/published-ranges.json
 *   tsx scripts/load-bots.ts [--dir DIR] --kv [--remote]     (wrangler kv key put, binding SNAPSHOTS)
 *
 * Refresh: the lists change (Google's daily). Download the publisher files
 * again (URLs in the corpus README), re-run with --kv --remote, and re-run
 * --snapshot before a release. Node-only.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BOTS_KV_KEY, rangesFromPublisherFiles } from "../core/bots/ranges.ts";
import { BOT_TOKENS } from "../core/bots/tokens.ts";

function defaultBotsDir(): string {
  return process.env.APIWARD_BOTS_DIR ?? fileURLToPath(new URL("../../shared/corpus/bots/", import.meta.url));
}

function readDir(dir: string): Record<string, unknown> {
  const files: Record<string, unknown> = {};
  for (const t of BOT_TOKENS) {
    if (!t.file) continue;
    const p = join(dir, t.file);
    if (!existsSync(p)) continue;
    try {
      files[t.file] = JSON.parse(readFileSync(p, "utf8"));
    } catch (e) {
      process.stderr.write(`load-bots: ${p}: ${(e as Error).message} (skipped)\n`);
    }
  }
  return files;
}

function main(argv: string[]): number {
  let dir = defaultBotsDir();
  let snapshot: string | undefined;
  let kv = false;
  let remote = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--dir") dir = argv[++i] ?? dir;
    else if (a === "--snapshot") snapshot = argv[++i];
    else if (a === "--kv") kv = true;
    else if (a === "--remote") remote = true;
    else {
      process.stderr.write(`usage: tsx scripts/load-bots.ts [--dir DIR] (--snapshot FILE | --kv [--remote])\n`);
      return 2;
    }
  }
  if (!existsSync(dir)) {
    process.stderr.write(`load-bots: no such folder ${dir}\n`);
    return 1;
  }
  const ranges = rangesFromPublisherFiles(readDir(dir), BOT_TOKENS);
  const count = Object.values(ranges.prefixes).reduce((a, l) => a + l.length, 0);
  const json = JSON.stringify(ranges);
  if (snapshot) {
    writeFileSync(snapshot, `${json}\n`);
    process.stderr.write(
      `load-bots: wrote ${snapshot} (${count} prefixes of ${Object.keys(ranges.prefixes).join(", ")})\n`,
    );
  }
  if (kv) {
    execFileSync(
      "npx",
      ["wrangler", "kv", "key", "put", "--binding", "SNAPSHOTS", BOTS_KV_KEY, json, remote ? "--remote" : "--local"],
      {
        stdio: "inherit",
      },
    );
    process.stderr.write(`load-bots: put ${BOTS_KV_KEY} (${count} prefixes)\n`);
  }
  if (!snapshot && !kv) process.stdout.write(`${json}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
