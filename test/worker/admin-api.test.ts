import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createHandler } from "../../worker/app.ts";
import { activatePolicy, admin, originUrl, putApp, send, uniqueApp } from "../support/worker-harness.ts";

describe("admin API", () => {
  const h = createHandler();

  it("answers 401 without a token, with a wrong token, and with a malformed header", async () => {
    for (const auth of [undefined, "Bearer wrong", "Basic dGVzdA==", "Bearer ", `Bearer test-admin-token x`]) {
      const res = await send(h, "http://admin.local/__apiward/health", {
        headers: auth ? { authorization: auth } : {},
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: string }).error).toMatch(/unauthorized/);
    }
  });

  it("answers an unknown admin path with a JSON 404", async () => {
    for (const path of ["/health/", "/nope", "/apps/x/policies/1/nope"]) {
      const res = await admin(h, "GET", path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toMatch(/application\/json/);
    }
  });

  it("serves health with the token", async () => {
    const res = await admin(h, "GET", "/health");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; version: string; apps: object };
    expect(body.version).toBe("0.1.0");
    expect(typeof body.apps).toBe("object");
  });

  it("counts the isolate's Durable Object calls by method in health", async () => {
    const calls = async () =>
      ((await (await admin(h, "GET", "/health")).json()) as { isolate: { object_calls: Record<string, number> } })
        .isolate.object_calls;
    const before = await calls();
    const id = uniqueApp();
    await putApp({ id, hosts: [`${id}.test`], origin: originUrl(), mode: "monitor" }, [h]);
    expect((await send(h, `http://${id}.test/x`)).status).toBe(200);
    // The access record went to the log store in the request's waitUntil: one insert call at least.
    expect((await calls()).insert ?? 0).toBeGreaterThan(before.insert ?? 0);
  });

  it("validates app configs and names the bad field", async () => {
    const id = uniqueApp();
    const bad = await admin(h, "PUT", `/apps/${id}`, { origin: "not a url", mode: "enforcing" });
    expect(bad.status).toBe(400);
    const err = ((await bad.json()) as { error: string }).error;
    expect(err).toContain("origin");
    expect(err).toContain("mode");
    expect((await admin(h, "PUT", `/apps/${id}`, "{not json")).status).toBe(400);
    const ok = await admin(h, "PUT", `/apps/${id}`, { origin: originUrl(), hosts: [`${id}.test`] });
    expect(ok.status).toBe(200);
    const got = (await (await admin(h, "GET", `/apps/${id}`)).json()) as { id: string; mode: string };
    expect(got).toMatchObject({ id, mode: "monitor" });
    const list = (await (await admin(h, "GET", "/apps")).json()) as { apps: Array<{ id: string }> };
    expect(list.apps.map((a) => a.id)).toContain(id);
  });

  it("names a misspelt field, a CIDR the datapath could not read and a host with a port, never defaulting them", async () => {
    const id = uniqueApp();
    const base = { origin: originUrl(), hosts: [`${id}.test`] };
    for (const [doc, field] of [
      [{ ...base, failMode: "closed" }, /Unrecognized key: "failMode"/],
      [{ ...base, capabilities: { signatures: "enforce", foo: "enforce" } }, /capabilities: Unrecognized key: "foo"/],
      [{ ...base, trusted_proxies: ["127.0.0.1/33"] }, /trusted_proxies\.0/],
      [{ ...base, trusted_proxies: ["999.0.0.1"] }, /trusted_proxies\.0/],
      [{ ...base, hosts: [`${id}.test:8080`] }, /hosts\.0/],
      [{ ...base, hosts: [`https://${id}.test/`] }, /hosts\.0/],
      [{ ...base, origin: `${originUrl()}/base?x=1` }, /origin: expected scheme/],
    ] as const) {
      const res = await admin(h, "PUT", `/apps/${id}`, doc);
      expect(res.status, JSON.stringify(doc)).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(field);
    }
  });

  it("routes a fully qualified host name (trailing dot) to its app, not the default one", async () => {
    const id = uniqueApp();
    await putApp({ id, hosts: [`${id}.test.`], origin: originUrl(), mode: "enforce" }, [h]);
    await activatePolicy(h, id, {
      rules: [{ id: "no-admin", action: "block", match: { path: { prefix: "/admin" } } }],
    });
    for (const host of [`${id}.test`, `${id}.test.`, `${id.toUpperCase()}.TEST.`]) {
      const res = await send(h, `http://${host}/admin/x`);
      expect(res.status, host).toBe(403);
    }
  });

  it("refuses a host that belongs to another app", async () => {
    const a = uniqueApp();
    const b = uniqueApp();
    expect((await admin(h, "PUT", `/apps/${a}`, { origin: originUrl(), hosts: [`shared-${a}.test`] })).status).toBe(
      200,
    );
    const res = await admin(h, "PUT", `/apps/${b}`, { origin: originUrl(), hosts: [`shared-${a}.test`] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^hosts:/);
  });

  it("versions policies, activates, rolls back, and names bad fields", async () => {
    const id = uniqueApp();
    await admin(h, "PUT", `/apps/${id}`, { origin: originUrl(), hosts: [`${id}.test`], mode: "enforce" });
    const bad = await admin(h, "POST", `/apps/${id}/policies`, {
      rules: [{ id: "r1", action: "block", match: { ip: ["not-an-ip"] } }],
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/rules\.0\.match\.ip\.0/);
    const typo = await admin(h, "POST", `/apps/${id}/policies`, { rules: [{ id: "r1", acton: "block", match: {} }] });
    expect(typo.status).toBe(400);

    const v1 = await admin(h, "POST", `/apps/${id}/policies`, {
      description: "block /admin",
      rules: [{ id: "no-admin", action: "block", match: { path: { prefix: "/admin" } } }],
    });
    expect(v1.status).toBe(201);
    expect(((await v1.json()) as { version: number }).version).toBe(1);
    expect((await send(h, `http://${id}.test/admin/x`)).status).toBe(200); // not active yet
    expect((await admin(h, "POST", `/apps/${id}/policies/1/activate`)).status).toBe(200);
    const blocked = await send(h, `http://${id}.test/admin/x`);
    expect(blocked.status).toBe(403);
    const problem = (await blocked.json()) as { reasons: Array<{ id: string }>; request_id: string };
    expect(problem.reasons.map((r) => r.id)).toEqual(["no-admin"]);
    expect(problem.request_id).toBe(blocked.headers.get("x-apiward-request-id"));

    const v2 = await admin(h, "POST", `/apps/${id}/policies?activate=true`, { rules: [] });
    expect(((await v2.json()) as { version: number }).version).toBe(2);
    expect((await send(h, `http://${id}.test/admin/x`)).status).toBe(200);
    const rb = await admin(h, "POST", `/apps/${id}/rollback`);
    expect(((await rb.json()) as { active: number }).active).toBe(1);
    expect((await send(h, `http://${id}.test/admin/x`)).status).toBe(403);
    expect((await admin(h, "POST", `/apps/${id}/rollback`)).status).toBe(409);

    const list = (await (await admin(h, "GET", `/apps/${id}/policies`)).json()) as {
      active: number;
      versions: unknown[];
    };
    expect(list.active).toBe(1);
    expect(list.versions).toHaveLength(2);
    expect((await admin(h, "GET", `/apps/${id}/policies/9`)).status).toBe(404);
    expect((await admin(h, "POST", `/apps/${id}/policies/abc/activate`)).status).toBe(400);
    expect((await admin(h, "POST", `/apps/nope-${id}/policies`, { rules: [] })).status).toBe(404);

    const hits = (await (await admin(h, "GET", `/apps/${id}/policies/1/hits`)).json()) as {
      hits: Record<string, number>;
    };
    expect(hits.hits["no-admin"]).toBeGreaterThanOrEqual(2);
    expect((await admin(h, "GET", `/apps/${id}/policies/99/hits`)).status).toBe(404);
  });

  it("gives simultaneous policy writes each their own version, and loses no activation", async () => {
    const id = uniqueApp();
    await admin(h, "PUT", `/apps/${id}`, { origin: originUrl(), hosts: [`${id}.test`], mode: "enforce" });
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        admin(h, "POST", `/apps/${id}/policies`, { description: `concurrent-${i}`, rules: [] }).then(
          async (r) => ((await r.json()) as { version: number }).version,
        ),
      ),
    );
    expect([...created].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const list = (await (await admin(h, "GET", `/apps/${id}/policies`)).json()) as {
      versions: Array<{ version: number; description: string }>;
    };
    expect(list.versions).toHaveLength(12);
    // Each caller's version holds that caller's document.
    const docs = await Promise.all(
      created.map(
        async (v) =>
          ((await (await admin(h, "GET", `/apps/${id}/policies/${v}`)).json()) as { description: string }).description,
      ),
    );
    expect(new Set(docs).size).toBe(12);
    // Activations at once: every one lands in the history, none is lost.
    await Promise.all([1, 2, 3, 4, 5].map((v) => admin(h, "POST", `/apps/${id}/policies/${v}/activate`)));
    const after = (await (await admin(h, "GET", `/apps/${id}/policies`)).json()) as {
      active: number;
      history: number[];
    };
    expect([after.active, ...after.history].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
  });

  it("changes no policy while the pointer in KV is unreadable, and never writes over an existing version", async () => {
    const id = uniqueApp();
    await admin(h, "PUT", `/apps/${id}`, { origin: originUrl(), hosts: [`${id}.test`], mode: "enforce" });
    const rules = [{ id: "no-admin", action: "block", match: { path: { prefix: "/admin" } } }];
    expect((await admin(h, "POST", `/apps/${id}/policies?activate=true`, { rules })).status).toBe(201);
    const pointerKey = `policy:${id}:pointer`;
    for (const broken of ['{"active":1,"history":[],"dry_run":null,"latest":1', '{"active":"1","history":"x"}']) {
      await env.CONFIG.put(pointerKey, broken);
      for (const [method, path, body] of [
        ["GET", `/apps/${id}/policies`],
        ["POST", `/apps/${id}/policies`, { description: "harmless draft", rules: [] }],
        ["POST", `/apps/${id}/policies/1/activate`],
        ["POST", `/apps/${id}/policies/1/dry-run`],
        ["POST", `/apps/${id}/rollback`],
      ] as const) {
        const res = await admin(h, method, path, body);
        expect(res.status, `${method} ${path}`).toBe(409);
        expect(((await res.json()) as { error: string }).error).toContain(pointerKey);
      }
      // Version 1, the active policy, is untouched.
      const v1 = (await (await admin(h, "GET", `/apps/${id}/policies/1`)).json()) as { rules: unknown[] };
      expect(v1.rules).toHaveLength(1);
    }
    // A pointer deleted outright reads as "no policy yet": the next version skips the ones that exist.
    await env.CONFIG.delete(pointerKey);
    const next = await admin(h, "POST", `/apps/${id}/policies`, { rules: [] });
    expect(((await next.json()) as { version: number }).version).toBe(2);
  });
});
