/**
 * `apiward inspect`: one verdict line per valid input line, in order, with
 * the record's id; bad lines reported with their line number; options
 * validated; the Wasm and TypeScript engines print the same verdicts.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "./run-cli.ts";
import { tempDir } from "./temp-dir.ts";

const LINES = [
  JSON.stringify({ id: "a1", method: "GET", url: "/products?id=1%27%20or%20%271%27%3D%271" }),
  JSON.stringify({ id: 2, method: "GET", url: "/products?id=42&q=O%27Brien" }),
  "{not json",
  JSON.stringify({
    method: "POST",
    url: "/comment",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text: "<script>alert(1)</script>" }),
  }),
  JSON.stringify({ id: "ua", method: "GET", url: "/", headers: { "user-agent": "sqlmap/1.7" } }),
  JSON.stringify({ url: "/no-method" }),
  JSON.stringify({ id: "pl2", method: "GET", url: "/?c=%3Cb%3Ebold%3C%2Fb%3E" }),
];

interface Verdict {
  id: string | number | null;
  action: "block" | "allow";
  score: number;
  rules: string[];
  locations: string[];
}

const parse = (out: string): Verdict[] =>
  out
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Verdict);

describe("apiward inspect", () => {
  it("prints one verdict per record in order and reports bad lines", async () => {
    const dir = tempDir("apiward-inspect-");
    const file = join(dir, "traffic.ndjson");
    writeFileSync(file, `${LINES.join("\n")}\n`);
    const { code, out, err } = await run(["inspect", file]);
    expect(code).toBe(0);
    const v = parse(out);
    expect(v.map((x) => [x.id, x.action])).toEqual([
      ["a1", "block"],
      [2, "allow"],
      [null, "block"],
      ["ua", "block"],
      ["pl2", "allow"],
    ]);
    expect(v[0]?.rules).toContain("942100");
    expect(v[0]?.locations).toContain("query:id");
    expect(v[2]?.locations).toContain("body:json.text");
    expect(v[3]?.rules).toEqual(["913100"]);
    expect(v[1]?.score).toBe(0);
    expect(err).toContain(`${file}:3: invalid JSON`);
    expect(err).toContain(`${file}:6: missing or invalid field: method`);
  });

  it("reads stdin, honours --paranoia and --threshold, and the TS engine agrees with Wasm", async () => {
    const input = `${LINES.join("\n")}\n`;
    const pl2 = parse((await run(["inspect", "-", "--paranoia", "2", "--threshold", "3"], input)).out);
    expect(pl2.find((x) => x.id === "pl2")?.action).toBe("block");
    const wasm = await run(["inspect", "-", "--paranoia", "4"], input);
    const ts = await run(["inspect", "-", "--paranoia", "4", "--engine", "ts"], input);
    expect(ts.out).toBe(wasm.out);
  });

  it("rejects bad options with usage", async () => {
    expect((await run(["inspect", "-", "--paranoia", "7"])).code).toBe(2);
    expect((await run(["inspect", "-", "--engine", "java"])).code).toBe(2);
    expect((await run(["inspect"])).code).toBe(2);
  });
});
