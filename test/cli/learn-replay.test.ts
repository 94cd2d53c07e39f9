/**
 * `apiward learn` and `apiward replay` as DESIGN.md specifies them: model
 * written and validated, replay in time order, NDJSON detections, then one
 * summary line per address seen, bad lines reported with line numbers.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../cli/io.ts";
import { runCli } from "../../cli/main.ts";
import type { TrafficRecord } from "../../core/types.ts";
import * as T from "../../eval/behaviour-traffic.ts";
import { tempDir } from "./temp-dir.ts";

function io(): CliIo & { out: string; err: string } {
  const o = {
    out: "",
    err: "",
    stdout: (t: string) => {
      o.out += t;
    },
    stderr: (t: string) => {
      o.err += t;
    },
    stdin: (async function* () {})(),
  };
  return o;
}

const ndjson = (recs: TrafficRecord[]) => recs.map((r) => JSON.stringify(r)).join("\n");
const dir = tempDir("apiward-learn-", "file");
const T0 = 1_700_000_000;
const trainFile = join(dir, "train.ndjson");
const testFile = join(dir, "test.ndjson");
const modelFile = join(dir, "model.json");

beforeAll(() => {
  writeFileSync(trainFile, `${ndjson(T.benignDay(11, T0, 40, 12))}\n{"broken json\n{"url":"/no-method"}\n`);
  const t1 = T0 + 90_000;
  const recs = [
    ...T.human("10.9.9.1", t1, T.rng(5), 6),
    ...T.dictionary("6.6.6.4", t1 + 10),
    ...T.scanner("6.6.6.1", t1 + 20),
    {
      ts: t1 + 30,
      ip: "66.249.66.3",
      method: "GET",
      url: "/",
      status: 200,
      headers: { "user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1)" },
    },
  ];
  // Shuffled on purpose: replay must restore time order.
  const shuffled = recs
    .map((r, i) => [((i * 7919) % 101) / 101, r] as const)
    .sort((a, b) => a[0] - b[0])
    .map((x) => x[1]);
  writeFileSync(testFile, `${ndjson(shuffled)}\nnot json at all\n`);
});

describe("apiward learn", () => {
  it("writes a valid model and reports bad lines with their numbers", async () => {
    const o = io();
    expect(await runCli(["learn", trainFile, "--out", modelFile], o)).toBe(0);
    const model = JSON.parse(readFileSync(modelFile, "utf8"));
    expect(model).toMatchObject({ format: "apiward.behaviour", version: 1 });
    const lines = readFileSync(trainFile, "utf8").split("\n").length;
    expect(o.err).toContain(`train.ndjson:${lines - 2}: invalid JSON`);
    expect(o.err).toContain(`train.ndjson:${lines - 1}: missing or invalid field: method`);
  });

  it("usage errors exit 2", async () => {
    expect(await runCli(["learn", trainFile], io())).toBe(2);
    expect(await runCli(["learn", "--out", modelFile], io())).toBe(2);
  });
});

describe("apiward replay", () => {
  it("takes --windows-paths (learn and replay): traffic without Windows forms gives the same output", async () => {
    const winModel = `${modelFile}.windows.json`;
    expect(await runCli(["learn", trainFile, "--out", winModel, "--windows-paths"], io())).toBe(0);
    const plain = io();
    const windows = io();
    expect(await runCli(["replay", testFile, "--model", modelFile], plain)).toBe(0);
    expect(await runCli(["replay", testFile, "--model", winModel, "--windows-paths"], windows)).toBe(0);
    expect(windows.out).toBe(plain.out);
  });

  it("prints detections in time order, then one summary per address in first-seen order", async () => {
    const o = io();
    expect(await runCli(["replay", testFile, "--model", modelFile], o)).toBe(0);
    const lines = o.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const detections = lines.filter((l) => !l.summary);
    const summaries = lines.filter((l) => l.summary);
    for (const d of detections)
      expect(Object.keys(d).slice(0, 6)).toEqual(["ts", "client", "kind", "action", "score", "reasons"]);
    const ts = detections.map((d) => d.ts);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
    expect(lines.indexOf(summaries[0])).toBe(detections.length);
    const by = Object.fromEntries(summaries.map((s) => [s.client, s]));
    expect(Object.keys(by).sort()).toEqual(["10.9.9.1", "6.6.6.1", "6.6.6.4", "66.249.66.3"]);
    expect(by["10.9.9.1"]).toEqual({
      summary: true,
      client: "10.9.9.1",
      verdict: "benign",
      kinds: [],
      answered: 0,
      answered_by: {},
    });
    expect(by["6.6.6.4"].verdict).toBe("malicious");
    expect(by["6.6.6.4"].kinds).toContain("bruteforce");
    expect(by["6.6.6.1"].kinds).toContain("scanner");
    expect(by["66.249.66.3"].verdict).toBe("good_bot");
    expect(summaries.map((s) => s.client)).toEqual(["10.9.9.1", "6.6.6.4", "6.6.6.1", "66.249.66.3"]);
    expect(o.err).toMatch(/test\.ndjson:\d+: invalid JSON/);
  });

  it("a client's summary counts the requests apiward answered, a benign client's signature blocks too", async () => {
    const t = T0 + 96_000;
    const file = join(dir, "answered.ndjson");
    const recs = [
      { ts: t, ip: "10.9.9.8", method: "GET", url: "/search?q=shoes", status: 200 },
      { ts: t + 5, ip: "10.9.9.8", method: "GET", url: "/search?q=%27%20or%201%3D1--", status: 200 },
    ];
    writeFileSync(file, `${recs.map((r) => JSON.stringify(r)).join("\n")}\n`);
    const o = io();
    expect(await runCli(["replay", file, "--model", modelFile], o)).toBe(0);
    const summary = JSON.parse(o.out.trim().split("\n").at(-1) as string);
    expect(summary).toMatchObject({ client: "10.9.9.8", answered: 1, answered_by: { signatures: 1 } });
  });

  it("reports records whose time or address it cannot use, and replays the rest", async () => {
    const t = T0 + 95_000;
    const rec = (extra: Record<string, unknown>) =>
      JSON.stringify({ method: "POST", url: "/login", status: 401, ip: "10.9.9.7", ts: t, ...extra });
    const odd = join(dir, "odd.ndjson");
    const bad = [
      rec({ ts: -1 }), // a negative time used to index outside the profile's ring and crash the whole run
      rec({ ts: t * 1000 }), // milliseconds
      rec({ ts: undefined }), // no time at all: would be judged as if at 1970
      rec({ ip: "10.9.9.7:4411" }), // an address with a port: would be a client of its own
      rec({ ip: "10.9.9.7, 10.0.0.1" }),
    ];
    writeFileSync(odd, `${[...bad, rec({})].join("\n")}\n`);
    for (const command of ["replay", "learn"]) {
      const o = io();
      const args = command === "replay" ? ["--model", modelFile] : ["--out", join(dir, "odd-model.json")];
      expect(await runCli([command, odd, ...args], o)).toBe(0);
      expect(o.err).toContain("odd.ndjson:1: invalid field: ts");
      expect(o.err).toContain("odd.ndjson:2: invalid field: ts (milliseconds?");
      expect(o.err).toContain("odd.ndjson:3: missing field: ts");
      expect(o.err).toContain("odd.ndjson:4: invalid field: ip");
      expect(o.err).toContain("odd.ndjson:5: invalid field: ip");
      expect(o.err).not.toContain("odd.ndjson:6:");
      if (command === "replay") expect(o.out).toContain('"client":"10.9.9.7"');
    }
  });

  it("rejects a missing or invalid model", async () => {
    expect(await runCli(["replay", testFile], io())).toBe(2);
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ format: "apiward.behaviour", version: 7 }));
    const o = io();
    expect(await runCli(["replay", testFile, "--model", bad], o)).toBe(1);
    expect(o.err).toContain("model.version");
  });

  it("runs as the package's bin (npx apiward)", { timeout: 60_000 }, () => {
    const r = spawnSync(process.execPath, ["bin/apiward.js", "replay", testFile, "--model", modelFile], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(
      r.stdout
        .trim()
        .split("\n")
        .filter((l) => l.includes('"summary":true')),
    ).toHaveLength(4);
  });
});
