import { describe, expect, it } from "vitest";
import type { AccessLogRecord } from "../../core/log/record.ts";
import { createHandler } from "../../worker/app.ts";
import { activatePolicy, admin, originUrl, putApp, send, uniqueApp } from "../support/worker-harness.ts";

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

describe("API discovery and the allow-list, end to end", () => {
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
