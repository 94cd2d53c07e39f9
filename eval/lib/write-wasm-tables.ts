/**
 * Writes wasm/assembly/signatures/tables.ts from the TypeScript signature
 * tables (core/signatures/tables). Run after editing a table, then
 * `npm run build:wasm`. `--check` exits 1 when the committed file is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderAssemblyTables } from "../../core/signatures/tables/render-assembly.ts";

const target = fileURLToPath(new URL("../../wasm/assembly/signatures/tables.ts", import.meta.url));
const text = renderAssemblyTables();
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    process.stderr.write(`${target} is stale: run npx tsx eval/lib/write-wasm-tables.ts\n`);
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target} (${text.length} bytes)\n`);
}
