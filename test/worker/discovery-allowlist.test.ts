import { describe, expect, it } from "vitest";
import type { AccessLogRecord } from "../../core/log/record.ts";
import { createHandler } from "../../worker/app.ts";
import { activatePolicy, admin, env, originUrl, putApp, send, uniqueApp } from "../support/worker-harness.ts";

const SLUGS = [
  "red-widget",
  "blue-gadget",
  "green-sprocket",
  "tiny-lamp",
  "big-chair",
  "soft-pillow",
  "dark-roast",
  "cold-brew",
  "oak-table",
  "steel-mug",
  "wool-scarf",
  "silk-tie",
];

/** Realistic traffic for an app: ids, slugs with a query, a literal sibling, JSON posts. */
async function drive(h: ReturnType<typeof createHandler>, base: string) {
  for (let i = 0; i < 30; i++) {
    const ip = `198.51.100.${i}`;
    await send(h, new Request(`${base}/api/users/${1000 + i * 7}`, { headers: { "cf-connecting-ip": ip } }));
    await send(
      h,
      new Request(`${base}/api/products/${SLUGS[i % SLUGS.length]}?page=${i % 5}`, {
        headers: { "cf-connecting-ip": ip },
      }),
    );
    if (i % 3 === 0)
      await send(h, new Request(`${base}/api/users/search?q=ann${i}`, { headers: { "cf-connecting-ip": ip } }));
    if (i % 2 === 0) {
      await send(
        h,
        new Request(`${base}/api/orders`, {
          method: "POST",
          headers: { "content-type": "application/json", "cf-connecting-ip": ip },
          body: JSON.stringify({ product: SLUGS[i % SLUGS.length], quantity: 1 + (i % 3) }),
        }),
      );
    }
  }
}

describe("API discovery and the allow-list, end to end", { timeout: 30_000 }, () => {
  const records: AccessLogRecord[] = [];
  const h = createHandler({ sendLogs: async (_e, b) => void records.push(...b) });

  it("learns the inventory from traffic, proposes an allow-list, and enforces it once approved", async () => {
    const id = uniqueApp("disc");
    const base = `http://${id}.test`;
    await putApp({ id, hosts: [`${id}.test`], origin: originUrl(), mode: "enforce" }, [h]);
    await activatePolicy(h, id, { rules: [] });
    await drive(h, base);

    const snap = (await (await admin(h, "POST", `/apps/${id}/inventory/snapshot`)).json()) as { version: number };
    expect(snap.version).toBe(1);
    const inv = (await (await admin(h, "GET", `/apps/${id}/inventory`)).json()) as {
      endpoints: Array<{
        method: string;
        path: string;
        count: number;
        query: Record<string, { type: string }>;
        clients: { distinct: number };
      }>;
    };
    const paths = inv.endpoints.map((e) => `${e.method} ${e.path}`);
    expect(paths).toContain("GET /api/users/search");
    expect(paths.some((p) => /^GET \/api\/users\/\{[a-z_]+\}$/.test(p))).toBe(true);
    expect(paths.some((p) => /^GET \/api\/products\/\{[a-z_]+\}$/.test(p))).toBe(true);
    expect(paths).toContain("POST /api/orders");
    const products = inv.endpoints.find((e) => e.path.startsWith("/api/products/"));
    expect(products?.query.page?.type).toBe("int");
    expect(products?.clients.distinct).toBeGreaterThan(20);

    // Requests now carry their endpoint template in the log.
    const tagged = await send(h, `${base}/api/users/4242`);
    const rec = records.find((r) => r.request_id === tagged.headers.get("x-apiward-request-id"));
    expect(rec?.endpoint).toMatch(/^GET \/api\/users\/\{[a-z_]+\}$/);

    const openapi = (await (await admin(h, "GET", `/apps/${id}/inventory?format=openapi`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(openapi.openapi).toMatch(/^3\.1/);
    expect(Object.keys(openapi.paths)).toContain("/api/users/search");

    const graph = (await (await admin(h, "GET", `/apps/${id}/graph`)).json()) as {
      edges: Array<{ client: string; endpoint: string; count: number }>;
    };
    // Edges keep each endpoint's top callers (bounded), with their counts.
    expect(
      graph.edges.some(
        (e) => /^198\.51\.100\.\d+$/.test(e.client) && e.endpoint.startsWith("GET /api/users/") && e.count >= 1,
      ),
    ).toBe(true);

    const proposal = (await (await admin(h, "GET", `/apps/${id}/allowlist/proposal`)).json()) as {
      diff: { added: string[] };
      proposal: { endpoints: unknown[] };
    };
    expect(proposal.diff.added).toContain("GET /api/users/search");
    const approved = await admin(h, "POST", `/apps/${id}/allowlist/approve`, {});
    expect(approved.status).toBe(201);

    expect((await send(h, `${base}/api/users/77`)).status).toBe(200);
    expect((await send(h, `${base}/api/users/search?q=x`)).status).toBe(200);
    const unknown = await send(h, `${base}/api/internal/keys`);
    expect(unknown.status).toBe(403);
    expect(((await unknown.json()) as { reasons: Array<{ id: string }> }).reasons[0]?.id).toBe("unknown_endpoint");
    const method = await send(h, `${base}/api/users/77`, { method: "DELETE" });
    expect(((await method.json()) as { reasons: Array<{ id: string }> }).reasons[0]?.id).toBe("method_not_allowed");
    const param = await send(h, `${base}/api/products/red-widget?page=abc`);
    expect(param.status).toBe(403);
    expect(((await param.json()) as { reasons: Array<{ id: string; location: string }> }).reasons[0]).toMatchObject({
      id: "param_type",
      location: "query:page",
    });
  });

  it("in monitor only logs, and endpoints seen after approval come back as proposals, never silently allowed", async () => {
    const id = uniqueApp("disc");
    const base = `http://${id}.test`;
    await putApp(
      { id, hosts: [`${id}.test`], origin: originUrl(), mode: "enforce", capabilities: { allowlist: "monitor" } },
      [h],
    );
    await activatePolicy(h, id, { rules: [] });
    await drive(h, base);
    expect(
      (await admin(h, "POST", `/apps/${id}/allowlist/approve`, { endpoints: ["GET /api/users/search"] })).status,
    ).toBe(201);
    const res = await send(h, `${base}/api/reports/daily`);
    expect(res.status).toBe(200);
    const rec = records.find((r) => r.request_id === res.headers.get("x-apiward-request-id"));
    expect(rec).toMatchObject({ decision: "log", would: "block" });
    expect(rec?.reasons.map((r) => r.id)).toContain("unknown_endpoint");
    for (let i = 0; i < 5; i++) await send(h, `${base}/api/reports/daily`);
    const proposal = (await (await admin(h, "GET", `/apps/${id}/allowlist/proposal`)).json()) as {
      diff: { added: string[] };
    };
    expect(proposal.diff.added).toContain("GET /api/reports/daily");
    expect(proposal.diff.added).not.toContain("GET /api/users/search");
    expect((await admin(h, "POST", `/apps/${id}/allowlist/approve`, { endpoints: ["GET /nope"] })).status).toBe(400);
  });

  it("imports an OpenAPI spec as a starting allow-list", async () => {
    const id = uniqueApp("oas");
    const base = `http://${id}.test`;
    await putApp({ id, hosts: [`${id}.test`], origin: originUrl(), mode: "enforce" }, [h]);
    const spec = {
      openapi: "3.0.3",
      info: { title: "t", version: "1" },
      paths: {
        "/pets/{petId}": {
          get: {
            parameters: [{ name: "petId", in: "path", required: true, schema: { type: "integer" } }],
            responses: { 200: { description: "ok" } },
          },
        },
        "/pets": {
          get: {
            parameters: [{ name: "limit", in: "query", schema: { type: "integer" } }],
            responses: { 200: { description: "ok" } },
          },
        },
      },
    };
    const res = await admin(h, "POST", `/apps/${id}/allowlist/import?activate=true`, spec);
    expect(res.status).toBe(201);
    expect((await send(h, `${base}/pets/12`)).status).toBe(200);
    expect((await send(h, `${base}/pets?limit=5`)).status).toBe(200);
    expect((await send(h, `${base}/pets?limit=lots`)).status).toBe(403);
    expect((await send(h, `${base}/owners`)).status).toBe(403);
    expect((await admin(h, "POST", `/apps/${id}/allowlist/import`, { hello: 1 })).status).toBe(400);
  });
});

describe("allow-list approval and import: versions through the policy ledger, no empty or unasked-for allow-list", () => {
  const h = createHandler({ sendLogs: async () => {} });
  type Allowlist = { endpoints: Array<{ method: string; path: string }> };
  type Proposal = { proposal: Allowlist };
  const names = (a: Allowlist) => a.endpoints.map((e) => `${e.method} ${e.path}`);
  const spec = {
    openapi: "3.0.3",
    info: { title: "t", version: "1" },
    paths: { "/pets": { get: { responses: { 200: { description: "ok" } } } } },
  };

  async function learnedApp(prefix: string, drove = true): Promise<{ id: string; base: string }> {
    const id = uniqueApp(prefix);
    const base = `http://${id}.test`;
    await putApp({ id, hosts: [`${id}.test`], origin: originUrl(), mode: "enforce" }, [h]);
    await activatePolicy(h, id, {
      rules: [{ id: "no-admin", action: "block", match: { path: { prefix: "/admin" } } }],
    });
    if (drove) await drive(h, base);
    return { id, base };
  }

  async function version(
    id: string,
    v: number,
  ): Promise<{ description?: string; rules: unknown[]; allowlist?: Allowlist }> {
    return (await (await admin(h, "GET", `/apps/${id}/policies/${v}`)).json()) as {
      rules: unknown[];
      allowlist?: Allowlist;
    };
  }

  it("approve and import answer 409 on an unreadable pointer, as POST /policies does, and never write over version 1", async () => {
    const { id } = await learnedApp("ledger");
    const pointerKey = `policy:${id}:pointer`;
    const good = await env.CONFIG.get(pointerKey);
    await env.CONFIG.put(pointerKey, '{"active":"2"');
    for (const [path, body] of [
      [`/apps/${id}/policies`, { rules: [] }],
      [`/apps/${id}/allowlist/approve`, {}],
      [`/apps/${id}/allowlist/import?activate=true`, spec],
    ] as const) {
      const res = await admin(h, "POST", path, body);
      expect(res.status, path).toBe(409);
      expect(((await res.json()) as { error: string }).error, path).toContain(pointerKey);
    }
    expect((await admin(h, "GET", `/apps/${id}/allowlist/proposal`)).status).toBe(409);
    const v1 = await version(id, 1);
    expect(v1.rules).toHaveLength(1);
    expect(v1.allowlist).toBeUndefined();
    // Once the pointer is good again, the approval is version 2 and keeps the active rules.
    await env.CONFIG.put(pointerKey, good ?? "");
    const approved = await admin(h, "POST", `/apps/${id}/allowlist/approve`, {});
    expect(approved.status).toBe(201);
    expect(await approved.json()).toMatchObject({ version: 2, active: 2 });
    expect((await version(id, 2)).rules).toHaveLength(1);
    expect(((await (await admin(h, "POST", `/apps/${id}/rollback`)).json()) as { active: number }).active).toBe(1);
  });

  it("simultaneous policy creations and approvals: each its own version, no approval lost", async () => {
    const { id } = await learnedApp("race");
    const proposed = names(
      ((await (await admin(h, "GET", `/apps/${id}/allowlist/proposal`)).json()) as Proposal).proposal,
    );
    expect(proposed.length).toBeGreaterThanOrEqual(4);
    const picks = Array.from({ length: 6 }, (_, i) => proposed[i % proposed.length] as string);
    const [created, approved] = await Promise.all([
      Promise.all(
        Array.from({ length: 6 }, async (_, i) => {
          const r = await admin(h, "POST", `/apps/${id}/policies`, { description: `draft-${i}`, rules: [] });
          return { status: r.status, ...((await r.json()) as { version: number }) };
        }),
      ),
      Promise.all(
        picks.map(async (p) => {
          const r = await admin(h, "POST", `/apps/${id}/allowlist/approve`, { endpoints: [p] });
          return { status: r.status, ...((await r.json()) as { version: number }) };
        }),
      ),
    ]);
    for (const r of [...created, ...approved]) expect(r.status, JSON.stringify(r)).toBeLessThan(300);
    const fresh = [...created, ...approved.filter((r) => r.status === 201)].map((r) => r.version);
    // Every new version is its caller's alone, and every one exists (plus version 1).
    expect(new Set(fresh).size).toBe(fresh.length);
    const list = (await (await admin(h, "GET", `/apps/${id}/policies`)).json()) as {
      active: number;
      versions: unknown[];
    };
    expect(list.versions).toHaveLength(fresh.length + 1);
    for (const [i, r] of created.entries()) expect((await version(id, r.version)).description).toBe(`draft-${i}`);
    for (const r of approved) expect((await version(id, r.version)).allowlist).toBeDefined();
    // Each approval built on the one before: the active allow-list holds every endpoint approved.
    const active = await version(id, list.active);
    expect(active.rules).toHaveLength(1);
    expect(names(active.allowlist as Allowlist).sort()).toEqual([...new Set(picks)].sort());
  });

  it("refuses an empty allow-list: nothing learned yet, or a filter that leaves no endpoint (409)", async () => {
    const { id, base } = await learnedApp("empty", false);
    const res = await admin(h, "POST", `/apps/${id}/allowlist/approve`, {});
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toMatch(/nothing learned yet/);
    expect((await admin(h, "POST", `/apps/${id}/allowlist/approve`, { endpoints: [] })).status).toBe(409);
    const emptySpec = { ...spec, paths: {} };
    expect((await admin(h, "POST", `/apps/${id}/allowlist/import?activate=true`, emptySpec)).status).toBe(400);
    // Nothing was stored, and the app in enforce still serves its paths.
    const list = (await (await admin(h, "GET", `/apps/${id}/policies`)).json()) as { versions: unknown[] };
    expect(list.versions).toHaveLength(1);
    expect((await send(h, `${base}/api/users/1`)).status).toBe(200);
    await drive(h, base);
    const filtered = await admin(h, "POST", `/apps/${id}/allowlist/approve?min_count=100000`, {});
    expect(filtered.status).toBe(409);
    expect(((await filtered.json()) as { error: string }).error).toMatch(/no endpoint passes/);
  });

  it("approves exactly what the proposal with the same min_count shows", async () => {
    const { id } = await learnedApp("mincount");
    const all = ((await (await admin(h, "GET", `/apps/${id}/allowlist/proposal`)).json()) as Proposal).proposal;
    const some = ((await (await admin(h, "GET", `/apps/${id}/allowlist/proposal?min_count=20`)).json()) as Proposal)
      .proposal;
    expect(some.endpoints.length).toBeGreaterThan(0);
    expect(some.endpoints.length).toBeLessThan(all.endpoints.length);
    const res = await admin(h, "POST", `/apps/${id}/allowlist/approve?min_count=20`, {});
    expect(res.status).toBe(201);
    const { version: v, endpoints } = (await res.json()) as { version: number; endpoints: number };
    expect(endpoints).toBe(some.endpoints.length);
    expect((await version(id, v)).allowlist).toEqual(some);
    expect((await admin(h, "POST", `/apps/${id}/allowlist/approve?min_count=abc`, {})).status).toBe(400);
    expect((await admin(h, "GET", `/apps/${id}/allowlist/proposal?min_count=0`)).status).toBe(400);
  });

  it("params=types proposes and approves the learned types only (no enumeration, nothing required)", async () => {
    const { id } = await learnedApp("ptypes");
    const typed = ((await (await admin(h, "GET", `/apps/${id}/allowlist/proposal?params=types`)).json()) as Proposal)
      .proposal;
    type Param = { type: string; enum?: string[]; required?: boolean };
    const query = (typed.endpoints as Array<{ params?: { query?: Record<string, Param> } }>).flatMap((e) =>
      Object.values(e.params?.query ?? {}),
    );
    expect(query.length).toBeGreaterThan(0);
    expect(query.every((q) => q.type !== "enum" && q.enum === undefined && q.required === false)).toBe(true);
    const res = await admin(h, "POST", `/apps/${id}/allowlist/approve?params=types`, {});
    expect(res.status).toBe(201);
    expect((await version(id, ((await res.json()) as { version: number }).version)).allowlist).toEqual(typed);
    expect((await admin(h, "GET", `/apps/${id}/allowlist/proposal?params=loose`)).status).toBe(400);
  });

  it("takes only an object as the body (400 naming the problem), and a second identical approval is no new version", async () => {
    const { id } = await learnedApp("body");
    for (const [body, problem] of [
      ["null", /got null/],
      ["[]", /got an array/],
      ['"all"', /got string/],
      [{ endpoint: ["GET /x"] }, /unknown field endpoint/],
      [{ endpoints: "GET /x" }, /endpoints: expected an array/],
      ["{", /invalid JSON/],
    ] as const) {
      const res = await admin(h, "POST", `/apps/${id}/allowlist/approve`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(problem);
    }
    const first = await admin(h, "POST", `/apps/${id}/allowlist/approve`, {});
    expect(first.status).toBe(201);
    const { version: v } = (await first.json()) as { version: number };
    const again = await admin(h, "POST", `/apps/${id}/allowlist/approve`);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ version: v, active: v, unchanged: true });
    const list = (await (await admin(h, "GET", `/apps/${id}/policies`)).json()) as { latest: number };
    expect(list.latest).toBe(v);
    // The same for an import of the same spec.
    const imported = await admin(h, "POST", `/apps/${id}/allowlist/import`, spec);
    expect(imported.status).toBe(201);
    const { version: iv } = (await imported.json()) as { version: number };
    expect(await (await admin(h, "POST", `/apps/${id}/allowlist/import?activate=true`, spec)).json()).toMatchObject({
      version: iv,
      active: iv,
      unchanged: true,
    });
  });
});
