import { describe, expect, it } from "vitest";
import type { AccessLogRecord } from "../../core/log/record.ts";
import { createHandler } from "../../worker/app.ts";
import { activatePolicy, admin, originUrl, putApp, send, uniqueApp } from "../support/worker-harness.ts";

/** A handler whose log batches are also kept here, to read decisions and reasons. */
function capturing() {
  const records: AccessLogRecord[] = [];
  const h = createHandler({
    sendLogs: async (_env, batch) => {
      records.push(...batch);
    },
  });
  return { h, records };
}

async function appWith(
  h: ReturnType<typeof createHandler>,
  rules: unknown[],
  mode: "enforce" | "monitor" | "learn" = "enforce",
) {
  const id = uniqueApp();
  await putApp({ id, hosts: [`${id}.test`], origin: originUrl(), mode }, [h]);
  await activatePolicy(h, id, { rules });
  return `http://${id}.test`;
}

describe("policy rules in the datapath", () => {
  const { h, records } = capturing();

  it("matches each rule kind (network, HTTP, API level)", async () => {
    const base = await appWith(h, [
      { id: "ip", action: "block", match: { ip: ["203.0.113.0/24", "2001:db8::/32"] } },
      { id: "country", action: "block", match: { country: ["KP"] } },
      { id: "asn", action: "block", match: { asn: [64666] } },
      { id: "method", action: "block", match: { method: ["TRACE"] } },
      { id: "glob", action: "block", match: { path: { glob: "/api/*/export/**" } } },
      { id: "header", action: "block", match: { headers: [{ name: "user-agent", contains: "sqlmap" }] } },
      { id: "size", action: "block", match: { body_size: { gt: 1000 } } },
      { id: "ctype", action: "block", match: { content_type: ["application/xml"] } },
      {
        id: "param",
        action: "block",
        match: { path: { exact: "/search" }, params: [{ name: "limit", in: "query", type: "int", max: 100 }] },
      },
    ]);
    const cases: Array<[string, RequestInit & { cf?: object }, string | null]> = [
      ["/x", { headers: { "cf-connecting-ip": "203.0.113.9" } }, "ip"],
      ["/x", { headers: { "cf-connecting-ip": "2001:db8:1::5" } }, "ip"],
      ["/x", { headers: { "cf-connecting-ip": "198.51.100.1" } }, null],
      ["/x", { cf: { country: "KP" } }, "country"],
      ["/x", { cf: { country: "FR", asn: 64666 } }, "asn"],
      ["/x", { cf: { country: "FR", asn: 13335 } }, null],
      ["/x", { method: "TRACE" }, "method"],
      ["/api/v1/export/all/now", {}, "glob"],
      ["/api/v1/v2/export/all", {}, null],
      ["/x", { headers: { "user-agent": "sqlmap/1.7" } }, "header"],
      ["/x", { method: "POST", body: "a".repeat(2000), headers: { "content-type": "text/plain" } }, "size"],
      ["/x", { method: "POST", body: "<a/>", headers: { "content-type": "application/xml; charset=utf-8" } }, "ctype"],
      ["/search?limit=abc", {}, "param"],
      ["/search?limit=1000", {}, "param"],
      ["/search?limit=50", {}, null],
    ];
    for (const [path, init, rule] of cases) {
      const res = await send(h, new Request(`${base}${path}`, init));
      if (rule === null) expect(res.status, `${path} ${JSON.stringify(init)}`).toBe(200);
      else {
        expect(res.status, `${path} ${JSON.stringify(init)}`).toBe(403);
        const body = (await res.json()) as { reasons: Array<{ id: string }> };
        expect(body.reasons.map((r) => r.id)).toContain(rule);
      }
    }
  });

  it("blocks encoded variants of a blocked path (canonical view)", async () => {
    const base = await appWith(h, [{ id: "no-admin", action: "block", match: { path: { prefix: "/admin" } } }]);
    for (const p of [
      "/admin",
      "/%61dmin",
      "/%2561dmin",
      "//admin",
      "/./admin",
      "/x/../admin",
      "/admin;jsessionid=1",
      "/ADMIN/../admin",
    ]) {
      const res = await send(h, `${base}${p}`);
      expect(res.status, p).toBe(403);
    }
  });

  it("with windows_paths, blocks the forms a Windows origin serves as the blocked path; without, they pass", async () => {
    const rules = [{ id: "no-admin", action: "block", match: { path: { prefix: "/admin/" } } }];
    const windowsApp = uniqueApp();
    await putApp(
      { id: windowsApp, hosts: [`${windowsApp}.test`], origin: originUrl(), mode: "enforce", windows_paths: true },
      [h],
    );
    await activatePolicy(h, windowsApp, { rules });
    const plainBase = await appWith(h, rules);
    const forms = [
      "/admin./config",
      "/admin%20/config",
      "/admin.%20./config",
      "/admin::$DATA/config",
      "/%EF%BD%81dmin/config",
      "/admin%EF%BC%8Fconfig",
    ];
    for (const p of forms) {
      const res = await send(h, `http://${windowsApp}.test${p}`);
      expect(res.status, p).toBe(403);
      const body = (await res.json()) as { reasons: Array<{ id: string }> };
      expect(
        body.reasons.map((r) => r.id),
        p,
      ).toContain("no-admin");
      // The same request to an app that does not declare a Windows origin is not this rule's.
      expect((await send(h, `${plainBase}${p}`)).status, p).not.toBe(403);
    }
    // Plain paths are untouched; the log keeps the URL as received, with the rule that blocked it.
    expect((await send(h, `http://${windowsApp}.test/public/config`)).status).toBe(200);
    const rec = records.find((r) => r.app === windowsApp && r.url === "/admin./config");
    expect(rec?.decision).toBe("block");
    expect(rec?.reasons.map((r) => r.id)).toContain("no-admin");
  });

  it("applies precedence: priority first, then document order; allow bypasses the allow-list only", async () => {
    const base = await appWith(h, [
      { id: "block-all-api", action: "block", match: { path: { prefix: "/api/" } } },
      { id: "allow-health", action: "allow", priority: 10, match: { path: { exact: "/api/health" } } },
      { id: "log-api", action: "log", match: { path: { prefix: "/api/" } } },
    ]);
    expect((await send(h, `${base}/api/health`)).status).toBe(200);
    const blocked = await send(h, `${base}/api/users`);
    expect(blocked.status).toBe(403);
  });

  it("monitor mode decides and logs but never blocks; learn only observes", async () => {
    const rules = [{ id: "no-admin", action: "block", match: { path: { prefix: "/admin" } } }];
    const mon = await appWith(h, rules, "monitor");
    const res = await send(h, `${mon}/admin`);
    expect(res.status).toBe(200);
    const rid = res.headers.get("x-apiward-request-id");
    const rec = records.find((r) => r.request_id === rid);
    expect(rec).toMatchObject({ decision: "log", would: "block", mode: "monitor" });
    expect(rec?.reasons.map((r) => r.id)).toContain("no-admin");

    const learn = await appWith(h, rules, "learn");
    const r2 = await send(h, `${learn}/admin`);
    expect(r2.status).toBe(200);
    const rec2 = records.find((r) => r.request_id === r2.headers.get("x-apiward-request-id"));
    expect(rec2).toMatchObject({ decision: "allow", would: "block", mode: "learn" });
  });

  it("evaluates a dry-run candidate beside the active policy and logs the difference", async () => {
    const id = uniqueApp();
    await putApp({ id, hosts: [`${id}.test`], origin: originUrl(), mode: "enforce" }, [h]);
    await activatePolicy(h, id, { rules: [] });
    const cand = await admin(h, "POST", `/apps/${id}/policies?dry_run=true`, {
      rules: [{ id: "would-block", action: "block", match: { path: { prefix: "/beta" } } }],
    });
    expect(cand.status).toBe(201);
    const res = await send(h, `http://${id}.test/beta/x`);
    expect(res.status).toBe(200);
    const rec = records.find((r) => r.request_id === res.headers.get("x-apiward-request-id"));
    const dry = rec?.reasons.find((r) => r.id.startsWith("dry_run:"));
    expect(dry?.detail).toContain("would-block");
    const same = await send(h, `http://${id}.test/other`);
    const rec2 = records.find((r) => r.request_id === same.headers.get("x-apiward-request-id"));
    expect(rec2?.reasons.some((r) => r.id.startsWith("dry_run:"))).toBe(false);
  });

  it("a dry run says where the candidate would answer 429 and the active policy does not, and back", async () => {
    const limit = (id: string, n: number) => ({
      id,
      action: "rate_limit",
      match: { path: { prefix: "/api/" } },
      // An hour: fixed windows start on the epoch's boundaries, and a group crossing one would reset.
      rate_limit: { limit: n, window_s: 3600, algorithm: "fixed", key: "ip" },
    });
    const dryOf = (res: Response) =>
      records
        .find((r) => r.request_id === res.headers.get("x-apiward-request-id"))
        ?.reasons.find((r) => r.id.startsWith("dry_run:"))?.detail;

    // The candidate adds a limit of 2: the third request would be answered 429, yet it is served.
    const a = uniqueApp();
    await putApp({ id: a, hosts: [`${a}.test`], origin: originUrl(), mode: "enforce" }, [h]);
    await activatePolicy(h, a, { rules: [] });
    expect((await admin(h, "POST", `/apps/${a}/policies?dry_run=true`, { rules: [limit("two", 2)] })).status).toBe(201);
    const added: Response[] = [];
    for (let i = 0; i < 3; i++)
      added.push(await send(h, `http://${a}.test/api/x`, { headers: { "cf-connecting-ip": "198.51.100.61" } }));
    expect(added.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(dryOf(added[1] as Response)).not.toContain("429");
    expect(dryOf(added[2] as Response)).toContain("429: none -> two");

    // The candidate drops the active limit: the third request is answered 429, and would not be.
    const b = uniqueApp();
    await putApp({ id: b, hosts: [`${b}.test`], origin: originUrl(), mode: "enforce" }, [h]);
    await activatePolicy(h, b, { rules: [limit("two", 2)] });
    expect((await admin(h, "POST", `/apps/${b}/policies?dry_run=true`, { rules: [] })).status).toBe(201);
    const dropped: Response[] = [];
    for (let i = 0; i < 3; i++)
      dropped.push(await send(h, `http://${b}.test/api/x`, { headers: { "cf-connecting-ip": "198.51.100.62" } }));
    expect(dropped.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(dryOf(dropped[2] as Response)).toContain("429: two -> none");

    // The same limit in both shares its count: no 429 difference, only the same answer.
    const c = uniqueApp();
    await putApp({ id: c, hosts: [`${c}.test`], origin: originUrl(), mode: "enforce" }, [h]);
    await activatePolicy(h, c, { rules: [limit("two", 2)] });
    const cand = { rules: [limit("two", 2), { id: "note", action: "log", match: { path: { prefix: "/api/" } } }] };
    expect((await admin(h, "POST", `/apps/${c}/policies?dry_run=true`, cand)).status).toBe(201);
    let last: Response | undefined;
    for (let i = 0; i < 3; i++)
      last = await send(h, `http://${c}.test/api/x`, { headers: { "cf-connecting-ip": "198.51.100.63" } });
    expect(last?.status).toBe(429);
    expect(dryOf(last as Response)).not.toContain("429");

    // Both versions answer 429 by the same two rules, one shared and one changed (its own count): no
    // 429 difference, whichever order the rules are compared in.
    const d = uniqueApp();
    await putApp({ id: d, hosts: [`${d}.test`], origin: originUrl(), mode: "enforce" }, [h]);
    await activatePolicy(h, d, { rules: [limit("a", 2), limit("b", 2)] });
    const changed = { ...limit("a", 2), rate_limit: { limit: 2, window_s: 7200, algorithm: "fixed", key: "ip" } };
    expect(
      (await admin(h, "POST", `/apps/${d}/policies?dry_run=true`, { rules: [changed, limit("b", 2)] })).status,
    ).toBe(201);
    for (let i = 0; i < 3; i++)
      last = await send(h, `http://${d}.test/api/x`, { headers: { "cf-connecting-ip": "198.51.100.64" } });
    expect(last?.status).toBe(429);
    expect(dryOf(last as Response)).not.toContain("429:");
  });

  it("redacts sensitive parameters and headers in the log", async () => {
    const base = await appWith(h, []);
    const res = await send(h, `${base}/login?user=bob&password=hunter2&token=abc`, {
      headers: { authorization: "Bearer secret-token", cookie: "sid=s3cret" },
    });
    const rec = records.find((r) => r.request_id === res.headers.get("x-apiward-request-id"));
    expect(rec?.url).toBe("/login?user=bob&password=[redacted]&token=[redacted]");
    expect(JSON.stringify(rec)).not.toContain("hunter2");
    expect(JSON.stringify(rec)).not.toContain("secret-token");
    expect(JSON.stringify(rec)).not.toContain("s3cret");
  });
});
