/**
 * Requests no app took are logged, in workerd with the real log store: a
 * probe of a host no app serves (404) and a request refused while no app
 * configuration could be read (503) land under `_unrouted` with the host
 * they asked for, redacted like any app's records, and the log API returns
 * them by name and among all apps.
 */
import { describe, expect, it } from "vitest";
import type { AccessLogRecord } from "../../core/log/record.ts";
import { createHandler } from "../../worker/app.ts";
import { admin, env, faultyKv, send, uniqueApp } from "../support/worker-harness.ts";

/** No default app, so an unlisted host reaches no app. */
const noDefault = { ...env, APIWARD_DEFAULT_APP: "" } as unknown as Env;

async function unrouted(h: ReturnType<typeof createHandler>, query: string): Promise<AccessLogRecord[]> {
  const res = await admin(h, "GET", `/logs?${query}&limit=500`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { records: AccessLogRecord[] }).records;
}

describe("unrouted requests", () => {
  it("a host no app serves: answered 404 and logged under _unrouted, secrets redacted", async () => {
    const h = createHandler();
    const host = `${uniqueApp("nobody")}.test`;
    const res = await send(
      h,
      `http://${host}/wp-login.php?user=admin&password=hunter2`,
      {
        headers: { "cf-connecting-ip": "203.0.113.66", "user-agent": "probe/1.0", authorization: "Bearer s3cret" },
      },
      noDefault,
    );
    expect(res.status).toBe(404);
    const requestId =
      res.headers.get("x-apiward-request-id") ?? ((await res.json()) as { request_id: string }).request_id;
    const records = (await unrouted(h, "app=_unrouted")).filter((r) => r.host === host);
    expect(records).toHaveLength(1);
    const r = records[0] as AccessLogRecord;
    expect(r).toMatchObject({
      app: "_unrouted",
      request_id: requestId,
      ip: "203.0.113.66",
      method: "GET",
      status: 404,
      decision: "block",
      user_agent: "probe/1.0",
      reasons: [{ source: "failmode", id: "unknown_app", action: "block" }],
    });
    expect(r.url).toContain("/wp-login.php?user=admin&password=");
    expect(JSON.stringify(r)).not.toContain("hunter2");
    expect(JSON.stringify(r)).not.toContain("s3cret");
    // Among all apps too.
    expect((await unrouted(h, "client=203.0.113.66")).some((x) => x.host === host)).toBe(true);
  });

  it("no app configuration to be had (KV down before anything loaded): 503, logged as config_unavailable", async () => {
    const h = createHandler();
    const host = `${uniqueApp("cold")}.test`;
    const down = { ...noDefault, CONFIG: faultyKv(env.CONFIG, { get: true }) } as Env;
    const res = await send(h, `http://${host}/api/orders`, { headers: { "cf-connecting-ip": "203.0.113.67" } }, down);
    expect(res.status).toBe(503);
    const records = (await unrouted(h, "app=_unrouted")).filter((r) => r.host === host);
    expect(records).toMatchObject([{ status: 503, reasons: [{ id: "config_unavailable" }], ip: "203.0.113.67" }]);
  });

  it("the log API refuses other names that are not app ids", async () => {
    const h = createHandler();
    for (const bad of ["_other", "Unrouted", "_unrouted2"]) {
      expect((await admin(h, "GET", `/logs?app=${bad}`)).status, bad).toBe(400);
    }
  });
});
