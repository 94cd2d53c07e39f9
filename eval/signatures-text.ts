/**
 * @module eval/signatures-text
 * False positives outside the WAF corpus: every line of prose and every
 * line of code from the README files of the installed packages, and 20,000
 * lines of their JavaScript, Python and shell sources (the lockfile pins
 * them, so the sets are the same after every `npm ci`), each sent as one
 * query value (`comment=…`) through the Wasm engine at paranoia 1. Prints
 * the share of lines that would be blocked, overall and by rule. Code holds
 * real shell commands, `<script>` tags and `${…}` templates, so some of its
 * lines are rightly flagged; the figures are for watching the trend and
 * finding false-positive classes:
 *
 *   npx tsx eval/signatures-text.ts [--list RULE]
 */
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { loadWasmHost } from "../cli/wasm.ts";
import { createSignatureEngine } from "../core/signatures/index.ts";
import { walkFiles } from "./lib/walk-files.ts";

const ROOT = new URL("..", import.meta.url).pathname;

const isReadme = (name: string, size: number) => name === "README.md" && size < 200_000;
const isSource = (name: string, size: number) =>
  (name.endsWith(".js") || name.endsWith(".py") || name.endsWith(".sh")) && !name.endsWith(".min.js") && size < 100_000;

/** One walk over node_modules for both sets: README files and sources, each in path order. */
function packageFiles(): { readmes: string[]; sources: string[] } {
  const files = walkFiles(
    join(ROOT, "node_modules"),
    (name, size) => isReadme(name, size) || isSource(name, size),
  ).sort();
  return {
    readmes: files.filter((f) => basename(f) === "README.md"),
    sources: files.filter((f) => basename(f) !== "README.md"),
  };
}

/** Up to `max` lines of 12–299 characters from `files`, taken from every few files across them. */
function sourceLines(files: string[], max: number): string[] {
  const out: string[] = [];
  const step = Math.max(1, Math.floor(files.length / 400));
  for (let i = 0; i < files.length && out.length < max; i += step) {
    for (const l of readFileSync(files[i] as string, "utf8").split("\n")) {
      const t = l.trim();
      if (t.length >= 12 && t.length < 300) out.push(t);
      if (out.length >= max) break;
    }
  }
  return out;
}

/** Prose lines (outside code blocks, no inline code, 30+ characters) and code lines (inside blocks, 8+). */
function lines(files: string[]): { prose: string[]; code: string[] } {
  const prose: string[] = [];
  const code: string[] = [];
  for (const f of files) {
    let inCode = false;
    for (const l of readFileSync(f, "utf8").split("\n")) {
      if (l.startsWith("```")) {
        inCode = !inCode;
        continue;
      }
      if (inCode) {
        if (l.trim().length >= 8) code.push(l.trim());
      } else if (!l.includes("`") && !l.startsWith("    ") && l.length >= 30) prose.push(l.trim());
    }
  }
  return { prose, code };
}

const listRule = process.argv.includes("--list") ? process.argv[process.argv.indexOf("--list") + 1] : undefined;
const engine = createSignatureEngine({ wasm: loadWasmHost() });
const { readmes, sources } = packageFiles();
const sets = { ...lines(readmes.slice(0, 600)), source: sourceLines(sources, 20_000) };
for (const [name, set] of Object.entries(sets)) {
  const byRule: Record<string, number> = {};
  let blocked = 0;
  for (const l of set) {
    const r = engine.inspect(
      { method: "POST", path: "/", rawPath: "/", query: [["comment", l]], headers: [["host", "h"]] },
      { paranoia: 1, threshold: 5 },
    );
    if (!r.block) continue;
    blocked++;
    const rules = [...new Set(r.matches.map((m) => m.rule))];
    for (const id of rules) byRule[id] = (byRule[id] ?? 0) + 1;
    if (listRule && rules.includes(listRule)) console.log(`  ${name} ${rules.join(",")}  ${l.slice(0, 150)}`);
  }
  const share = ((blocked / Math.max(1, set.length)) * 100).toFixed(2);
  console.log(`${name}: ${blocked} of ${set.length} lines blocked at PL1 (${share}%)`);
  console.log(`  by rule: ${JSON.stringify(Object.fromEntries(Object.entries(byRule).sort((a, b) => b[1] - a[1])))}`);
}
