/**
 * `sim/cli.ts`: argument checks, and a small run writing train.ndjson,
 * test.ndjson, labels.json and scenario.json that agree with each other and
 * that the CLI's own NDJSON reader accepts line by line.
 */
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readNdjson } from "../../../core/traffic/ndjson.ts";
import { parseSimArgs, runSim } from "../../../sim/cli.ts";
import { ATTACK_KINDS } from "../../../sim/kinds.ts";
import type { IpLabel } from "../../../sim/labels.ts";

const dir = mkdtempSync(join(tmpdir(), "apiward-sim-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("sim cli", () => {
  it("rejects bad arguments", () => {
    expect(() => parseSimArgs([])).toThrow(/--out/);
    expect(() => parseSimArgs(["--out", dir, "--seed"])).toThrow(/number/);
    expect(() => parseSimArgs(["--out", dir, "--bogus", "1"])).toThrow(/unknown option/);
    expect(() => parseSimArgs(["--out", dir, "--test-mix", "nonsense=3"])).toThrow(/bad mix/);
    expect(() => parseSimArgs(["--out", dir, "--scale", "0"])).toThrow(/scale/);
    const ok = parseSimArgs([
      "--out",
      dir,
      "--seed",
      "3",
      "--test-mix",
      "scanner=2,human=10",
      "--start",
      "2026-05-01T00:00:00Z",
    ]);
    expect(ok.seed).toBe(3);
    expect(ok.testMix.scanner).toBe(2);
    expect(ok.start).toBe(Date.parse("2026-05-01T00:00:00Z") / 1000);
  });

  it("writes train, test and labels that agree", async () => {
    const args = parseSimArgs([
      "--out",
      dir,
      "--seed",
      "2",
      "--train-hours",
      "0.25",
      "--test-hours",
      "0.25",
      "--scale",
      "0.05",
      "--test-mix",
      "login_dos=0,http_dos=0,distributed_dos=5",
    ]);
    const lines: string[] = [];
    await runSim(args, (l) => lines.push(l));
    for (const f of ["train.ndjson", "test.ndjson", "labels.json", "train-labels.json", "scenario.json"])
      expect(existsSync(join(dir, f)), f).toBe(true);
    const labels = JSON.parse(readFileSync(join(dir, "labels.json"), "utf8")) as Record<string, IpLabel>;
    const seen = new Map<string, number>();
    let bad = 0;
    let n = 0;
    for await (const item of readNdjson(createReadStream(join(dir, "test.ndjson")))) {
      if (item.kind === "error") {
        bad++;
        continue;
      }
      n++;
      const r = item.record;
      seen.set(r.ip as string, (seen.get(r.ip as string) ?? 0) + 1);
      const l = labels[r.ip as string];
      expect(l?.kind).toBe(r.kind);
    }
    expect(bad).toBe(0);
    expect(n).toBeGreaterThan(100);
    expect(Object.keys(labels).sort()).toEqual([...seen.keys()].sort());
    for (const [ip, count] of seen) expect(labels[ip]?.requests).toBe(count);
    const kinds = new Set(Object.values(labels).map((l) => l.kind));
    const attackKinds = ATTACK_KINDS.filter((k) => kinds.has(k));
    expect(attackKinds.length).toBeGreaterThanOrEqual(ATTACK_KINDS.length - 2);
    const meta = JSON.parse(readFileSync(join(dir, "scenario.json"), "utf8")) as { files: Array<{ records: number }> };
    expect(meta.files[1]?.records).toBe(n);
    expect(lines.some((l) => l.startsWith("test.ndjson:"))).toBe(true);
  }, 120_000);
});
