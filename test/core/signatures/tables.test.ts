/**
 * The tables both engines compile from: the generated AssemblyScript copy is
 * up to date, rule ids are unique and well-formed, and every rule the
 * detectors name exists.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderAssemblyTables } from "../../../core/signatures/tables/render-assembly.ts";
import { R, RULES } from "../../../core/signatures/tables/rules.ts";

const root = new URL("../../../", import.meta.url);

describe("signature tables", () => {
  it("wasm/assembly/signatures/tables.ts is generated from the current TypeScript tables", () => {
    const committed = readFileSync(new URL("wasm/assembly/signatures/tables.ts", root), "utf8");
    expect(committed === renderAssemblyTables(), "stale: run npx tsx eval/lib/write-wasm-tables.ts").toBe(true);
  });

  it("has unique, well-formed rules", () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    expect(new Set(RULES.map((r) => r.key)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^9\d{5}$/);
      expect([2, 3, 4, 5]).toContain(r.severity);
      expect(r.family).toMatch(/^[a-z]+$/);
    }
  });

  it("only names rules that exist, in both implementations", () => {
    const dirs = ["core/signatures/ref/", "core/signatures/", "wasm/assembly/signatures/"];
    for (const dir of dirs) {
      for (const f of readdirSync(new URL(dir, root)).filter((n) => n.endsWith(".ts") && n !== "tables.ts")) {
        const text = readFileSync(new URL(dir + f, root), "utf8");
        for (const m of text.matchAll(/\bR(?:\.|_)([A-Z][A-Z0-9_]+)\b/g)) {
          expect(R[m[1] as string], `${dir}${f}: ${m[0]}`).toBeTypeOf("number");
        }
      }
    }
  });
});
