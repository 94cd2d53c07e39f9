import { readFileSync } from "node:fs";
import { execSync } from "node:child_process";
import { createSignatureEngine } from "../../core/signatures/index.ts";
const files = execSync("find node_modules -name README.md -size -200k | head -600", { encoding: "utf8" }).trim().split("\n");
const lines: string[] = [];
for (const f of files) {
  let inCode = false;
  for (const l of readFileSync(f, "utf8").split("\n")) {
    if (l.startsWith("```")) { inCode = !inCode; continue; }
    if (!inCode || l.length < 20) continue;
    lines.push(l.trim());
  }
}
const eng = createSignatureEngine();
const byRule: Record<string, number> = {};
let blocked = 0;
const ex: Record<string, string[]> = {};
for (const l of lines) {
  const r = eng.inspect({ method: "POST", path: "/", rawPath: "/", query: [["comment", l]], headers: [["host", "h"]] }, { paranoia: 1, threshold: 5 });
  if (r.block) {
    blocked++;
    for (const m of r.matches) { byRule[m.rule] = (byRule[m.rule] ?? 0) + 1; (ex[m.rule] ??= []).push(l.slice(0, 140)); }
  }
}
console.log("lines", lines.length, "blocked", blocked, (blocked / lines.length).toFixed(4));
for (const [k, v] of Object.entries(byRule).sort((a, b) => b[1] - a[1])) { console.log(k, v); for (const e of (ex[k] ?? []).slice(0, 4)) console.log("   ", e); }
