/**
 * `apiward logs`: argument handling, terminal-safe output, and end to end
 * against the deployable worker bundle running in workerd (Miniflare, the
 * same bindings as wrangler.toml) in front of a real origin: traffic goes
 * through the datapath, then the CLI reads it back, following cursors.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleWorker, bundleWorkerOptions, wranglerWorkerOptions } from "../../bench/lib/bundle.ts";
import { defuse, ndjsonLine, parseTimeArg, resolveToken, tableRow } from "../../cli/commands/logs.ts";
import type { CliIo } from "../../cli/io.ts";
import { runCli } from "../../cli/main.ts";
import type { AccessLogRecord } from "../../core/log/record.ts";
import { startOrigin } from "../support/origin-server.ts";
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

const sample: AccessLogRecord = {
  ts: Date.UTC(2026, 4, 1, 12, 0, 0),
  request_id: "abc",
  app: "shop",
  client: "203.0.113.9",
  ip: "203.0.113.9",
  method: "GET",
  host: "shop.example",
  url: "/search?q=\u001b[2J\u009b31m\u202eevil",
  decision: "log",
  would: "block",
  mode: "monitor",
  reasons: [{ source: "signature", id: "941100", action: "block" }],
  status: 200,
  bytes: 10,
  latency_ms: 2,
  policy_version: 3,
};

describe("apiward logs: arguments and output", () => {
  it("parses epoch seconds, ISO dates and ages", () => {
    const now = Date.UTC(2026, 4, 1, 12, 0, 0);
    expect(parseTimeArg("1777636800", now, "from")).toBe(1777636800);
    expect(parseTimeArg("2026-05-01T11:00:00Z", now, "from")).toBe(now / 1000 - 3600);
    expect(parseTimeArg("15m", now, "from")).toBe(now / 1000 - 900);
    expect(parseTimeArg("2d", now, "from")).toBe(now / 1000 - 172_800);
    expect(() => parseTimeArg("yesterday", now, "from")).toThrow(/--from/);
    expect(() => parseTimeArg("2026-13-45", now, "to")).toThrow(/--to/);
  });

  it("takes the token from the flag, the environment, then .dev.vars", () => {
    const dir = tempDir("apiward-logs-");
    expect(resolveToken("flag", { APIWARD_ADMIN_TOKEN: "env" }, dir)).toBe("flag");
    expect(resolveToken(undefined, { APIWARD_ADMIN_TOKEN: "env" }, dir)).toBe("env");
    expect(() => resolveToken(undefined, {}, dir)).toThrow(/no admin token/);
    writeFileSync(join(dir, ".dev.vars"), 'OTHER=1\nAPIWARD_ADMIN_TOKEN="from-file"\n');
    expect(resolveToken(undefined, {}, dir)).toBe("from-file");
  });

  it("defuses terminal escapes and bidi overrides in the table and in NDJSON", () => {
    const row = tableRow(sample);
    expect(row).not.toMatch(/[\u001b\u009b\u202e]/);
    expect(row).toContain("\\x1b[2J");
    expect(row).toContain("log>block");
    expect(row).toContain("2026-05-01 12:00:00");
    const line = ndjsonLine(sample);
    expect(line).not.toMatch(/[\u001b\u009b\u202e]/);
    expect(JSON.parse(line)).toEqual(sample);
    expect(defuse("a\u0000b\u2066")).toBe("a\\x00b\\u2066");
  });

  it("rejects bad usage with exit 2", async () => {
    for (const args of [
      ["logs", "--format", "csv"],
      ["logs", "--limit", "0"],
      ["logs", "--limit", "5", "--all"],
      ["logs", "--page-size", "5000"],
      ["logs", "--from", "soon", "--token", "t"],
      ["logs", "--bogus"],
      ["logs", "stray"],
    ]) {
      const o = io();
      expect(await runCli(args, o), args.join(" ")).toBe(2);
      expect(o.err).toMatch(/usage: apiward logs/);
    }
  });
});

describe("apiward logs against a running worker", () => {
  const TOKEN = "cli-test-token";
  const APP = "clitest";
  let mf: Miniflare;
  let url = "";
  let closeOrigin: () => void = () => {};
  const ids: string[] = [];

  beforeAll(async () => {
    const origin = await startOrigin();
    closeOrigin = () => origin.server.close();
    const bundle = bundleWorker();
    const fromToml = wranglerWorkerOptions();
    mf = new Miniflare({
      ...bundleWorkerOptions(bundle),
      kvNamespaces: fromToml.kvNamespaces,
      durableObjects: fromToml.durableObjects,
      r2Buckets: fromToml.r2Buckets,
      bindings: { APIWARD_ADMIN_TOKEN: TOKEN, APIWARD_DEFAULT_APP: APP, APIWARD_VERSION: "test" },
    });
    url = (await mf.ready).toString().replace(/\/$/, "");
    const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
    const put = await fetch(`${url}/__apiward/apps/${APP}`, {
      method: "PUT",
      headers: auth,
      body: JSON.stringify({ id: APP, origin: origin.url, mode: "enforce" }),
    });
    expect(put.status).toBe(200);
    const policy = { rules: [{ id: "no-admin", action: "block", match: { path: { prefix: "/admin" } } }] };
    const pol = await fetch(`${url}/__apiward/apps/${APP}/policies?activate=true`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify(policy),
    });
    expect(pol.status).toBe(201);
    for (let i = 0; i < 30; i++) {
      // Every tenth blocked by the policy; three others with an empty segment (a canonical anomaly).
      const path = i % 10 === 0 ? `/admin/${i}` : i % 10 === 5 ? `/echo//items/${i}` : `/echo/items/${i}`;
      const res = await fetch(`${url}${path}`, { headers: { "cf-connecting-ip": `192.0.2.${i % 3}` } });
      await res.arrayBuffer();
      ids.push(res.headers.get("x-apiward-request-id") ?? "");
    }
    // Records land off the hot path: wait (bounded) until the store has them all.
    for (let i = 0; i < 50; i++) {
      const r = await fetch(`${url}/__apiward/logs?app=${APP}&limit=1000`, { headers: auth });
      if (((await r.json()) as { records: unknown[] }).records.length >= ids.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 120_000);

  afterAll(async () => {
    await mf?.dispose();
    closeOrigin();
  });

  const run = async (...args: string[]) => {
    const o = io();
    const code = await runCli(["logs", "--url", url, "--token", TOKEN, ...args], o);
    return { code, ...o };
  };

  it("prints NDJSON newest first, following cursors across pages", async () => {
    const r = await run("--app", APP, "--format", "ndjson", "--all", "--page-size", "7");
    expect(r.code, r.err).toBe(0);
    const recs = r.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as AccessLogRecord);
    expect(recs.map((x) => x.request_id).sort()).toEqual([...ids].sort());
    for (let i = 1; i < recs.length; i++) expect(recs[i - 1]!.ts).toBeGreaterThanOrEqual(recs[i]!.ts);
    const limited = await run("--app", APP, "--format", "ndjson", "--limit", "12", "--page-size", "5");
    expect(
      limited.out
        .trim()
        .split("\n")
        .map((l) => (JSON.parse(l) as AccessLogRecord).request_id),
    ).toEqual(recs.slice(0, 12).map((x) => x.request_id));
  });

  it("filters and prints a table", async () => {
    const r = await run("--app", APP, "--decision", "block", "--from", "1h");
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^TIME \(UTC\)\s+APP\s+CLIENT\s+METHOD\s+STATUS\s+DECISION\s+URL\s+REASONS$/);
    expect(lines.slice(1)).toHaveLength(3);
    for (const l of lines.slice(1)) expect(l).toMatch(/ 403 +block +\/admin\/\d+ +policy:no-admin/);
    expect(r.err).toBe("3 record(s)\n");
    const one = await run("--app", APP, "--request-id", ids[4]!, "--format", "ndjson");
    expect((JSON.parse(one.out) as AccessLogRecord).url).toBe("/echo/items/4");
    const client = await run("--app", APP, "--client", "192.0.2.1", "--format", "ndjson", "--all");
    expect(client.out.trim().split("\n")).toHaveLength(10);
    const odd = await run("--app", APP, "--anomaly", "duplicate_slash");
    expect(odd.code, odd.err).toBe(0);
    const oddLines = odd.out.trimEnd().split("\n").slice(1);
    expect(oddLines).toHaveLength(3);
    for (const l of oddLines) expect(l).toMatch(/ allow +\/echo\/\/items\/\d+ +anomaly:duplicate_slash$/);
    const byRule = await run("--app", APP, "--rule", "policy:no-admin", "--format", "ndjson", "--all");
    expect(byRule.code, byRule.err).toBe(0);
    const ruleUrls = byRule.out
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as AccessLogRecord).url)
      .sort();
    expect(ruleUrls).toEqual(["/admin/0", "/admin/10", "/admin/20"]);
    const byPath = await run("--app", APP, "--path", "/admin/1", "--ip", "192.0.2.1", "--format", "ndjson");
    expect(byPath.code, byPath.err).toBe(0);
    expect((JSON.parse(byPath.out) as AccessLogRecord).url).toBe("/admin/10");
  });

  it("fails with the server's message on a bad token, a bad filter or no server", async () => {
    const o = io();
    expect(await runCli(["logs", "--url", url, "--token", "wrong"], o)).toBe(1);
    expect(o.err).toMatch(/HTTP 401.*--token/);
    const f = await run("--status", "99");
    expect(f.code).toBe(1);
    expect(f.err).toMatch(/HTTP 400: status:/);
    const gone = io();
    expect(await runCli(["logs", "--url", "http://127.0.0.1:9", "--token", "t"], gone)).toBe(1);
    expect(gone.err).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9/);
  });
});
