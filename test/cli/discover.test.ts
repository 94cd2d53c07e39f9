import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { run } from "./run-cli.ts";
import { tempDir } from "./temp-dir.ts";

function traffic(): string {
  const lines: string[] = [];
  for (let i = 0; i < 200; i++) {
    lines.push(
      JSON.stringify({
        ts: 1700000000 + i,
        method: "GET",
        url: `/api/user/${1000 + i}/vehicle?units=km`,
        status: 200,
        identity: "svc-a",
      }),
    );
    lines.push(JSON.stringify({ method: "GET", url: "/api/user/search?q=x", status: 200 }));
  }
  lines.splice(3, 0, "{not json");
  lines.splice(7, 0, JSON.stringify({ url: "/no-method" }));
  return `${lines.join("\n")}\n`;
}

describe("apiward discover", () => {
  it("prints the inventory and reports bad lines with their numbers", async () => {
    const dir = tempDir("apiward-discover-");
    const file = join(dir, "traffic.ndjson");
    writeFileSync(file, traffic());
    const { code, out, err } = await run(["discover", file]);
    expect(code).toBe(0);
    const inv = JSON.parse(out) as { endpoints: Array<{ method: string; path: string; count: number; query: object }> };
    expect(inv.endpoints.map((e) => `${e.method} ${e.path} ${e.count}`)).toEqual([
      "GET /api/user/search 200",
      "GET /api/user/{user_id}/vehicle 200",
    ]);
    expect(err).toContain(`${file}:4: invalid JSON`);
    expect(err).toContain(`${file}:8: missing or invalid field: method`);
  });

  it("reads apiward's own access-log export, leaving out what apiward answered itself", async () => {
    const lines: string[] = [];
    for (let i = 0; i < 60; i++) {
      const attack = i % 3 === 0;
      lines.push(
        JSON.stringify({
          ts: 1_700_000_000_000 + i * 1000, // the log's milliseconds
          request_id: `${(1_700_000_000_000 + i).toString(16).padStart(12, "0")}${"0".repeat(20)}`,
          app: "shop",
          client: `198.51.100.${i % 7}`,
          ip: `198.51.100.${i % 7}`,
          method: "GET",
          host: "shop.example",
          url: attack ? "/etc/passwd" : `/api/orders/${5000 + i}`,
          decision: attack ? "block" : "allow",
          would: attack ? "block" : "allow",
          mode: "enforce",
          reasons: [],
          status: attack ? 403 : 200,
          bytes: 10,
          latency_ms: 3,
          policy_version: 1,
          user_agent: "shop-app/1.0",
        }),
      );
    }
    const dir = tempDir("apiward-discover-log-");
    const file = join(dir, "logs.ndjson");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const { code, out, err } = await run(["discover", file]);
    expect(code).toBe(0);
    const inv = JSON.parse(out) as { endpoints: Array<{ method: string; path: string; count: number }> };
    expect(inv.endpoints.map((e) => `${e.method} ${e.path} ${e.count}`)).toEqual(["GET /api/orders/{order_id} 40"]);
    expect(err).toContain("20 request(s) apiward answered itself");
    expect(err).not.toContain("invalid field: ts");
  });

  it("--windows-paths reads paths as a Windows origin serves them (one endpoint, not four)", async () => {
    const urls = ["/api/report", "/api/report.", "/api/report%20", "/api/report::$DATA"];
    const stdin = `${urls
      .flatMap((url) => Array.from({ length: 5 }, () => JSON.stringify({ method: "GET", url, status: 200 })))
      .join("\n")}\n`;
    const paths = async (args: string[]) =>
      (
        JSON.parse((await run(["discover", "-", ...args], stdin)).out) as { endpoints: Array<{ path: string }> }
      ).endpoints
        .map((e) => e.path)
        .sort();
    expect(await paths(["--windows-paths"])).toEqual(["/api/report"]);
    expect((await paths([])).length).toBe(4);
  });

  it("reads stdin and prints OpenAPI 3.1 with --openapi", async () => {
    const { code, out } = await run(["discover", "-", "--openapi"], traffic());
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.openapi).toBe("3.1.0");
    expect((await new Validator().validate(doc)).valid).toBe(true);
  });

  it("prints the service graph with --graph; usage errors exit 2", async () => {
    const { out } = await run(["discover", "-", "--graph"], traffic());
    expect(JSON.parse(out).edges).toEqual([
      { client: "svc-a", endpoint: "GET /api/user/{user_id}/vehicle", count: 200 },
    ]);
    expect((await run(["discover"])).code).toBe(2);
  });
});
