/**
 * @module worker/admin/inventory
 * API discovery in the admin API: the learned inventory (JSON or OpenAPI
 * 3.1), the service graph, and the allow-list flow: a proposal generated from
 * the inventory with its diff from the active policy, approval of all or
 * selected endpoints as a new policy version, and import of an OpenAPI spec
 * as a starting allow-list. Newly seen endpoints after an approval appear in
 * the next proposal's `added`; nothing is allowed without an approval.
 */
import { Hono } from "hono";
import { type AllowlistDoc, proposeAllowlist } from "../../core/discovery/allowlist.ts";
import { serviceGraph } from "../../core/discovery/service-graph.ts";
import type { Inventory } from "../../core/discovery/types.ts";
import { toOpenApi } from "../../core/openapi/export.ts";
import { fromOpenApi } from "../../core/openapi/import.ts";
import { parsePolicy } from "../../policy/schema.ts";
import { objectStub } from "../lib/object-stub.ts";
import { EMPTY_POINTER, keys, type PolicyPointer } from "../state/keys.ts";
import { parseJson } from "../state/registry.ts";
import { readJsonBody } from "./apps.ts";
import type { AdminEnv } from "./types.ts";

type PolicyDoc = Record<string, unknown> & { rules?: unknown[]; allowlist?: AllowlistDoc };

async function activeDoc(kv: KVNamespace, app: string): Promise<{ pointer: PolicyPointer; doc: PolicyDoc | null }> {
  const raw = await kv.get(keys.policyPointer(app));
  const p = raw ? parseJson(raw) : null;
  const pointer: PolicyPointer = p?.ok ? (p.value as PolicyPointer) : { ...EMPTY_POINTER, history: [] };
  if (pointer.active === null) return { pointer, doc: null };
  const docRaw = await kv.get(keys.policy(app, pointer.active));
  const d = docRaw ? parseJson(docRaw) : null;
  return { pointer, doc: d?.ok ? (d.value as PolicyDoc) : null };
}

/** Stores `doc` as the next version and (by default) activates it; returns the version. */
async function storeVersion(kv: KVNamespace, app: string, pointer: PolicyPointer, doc: PolicyDoc, activate: boolean) {
  const { version: _v, created_at: _c, ...body } = doc;
  const parsed = parsePolicy(body);
  if (!parsed.ok) return { error: parsed.error };
  const version = pointer.latest + 1;
  await kv.put(keys.policy(app, version), JSON.stringify({ ...parsed.value, version, created_at: Date.now() }));
  pointer.latest = version;
  if (activate) {
    if (pointer.active !== null) pointer.history.push(pointer.active);
    pointer.active = version;
  }
  pointer.updated_at = Date.now();
  await kv.put(keys.policyPointer(app), JSON.stringify(pointer));
  return { version, active: pointer.active };
}

function learning(env: Env, app: string) {
  return objectStub(env.LEARNING, app);
}

async function liveInventory(env: Env, app: string): Promise<Inventory> {
  return learning(env, app).inventory();
}

export const inventoryRoutes = new Hono<AdminEnv>()
  .use("/:app/*", async (c, next) => {
    if ((await c.env.CONFIG.get(keys.app(c.req.param("app") ?? ""))) === null) {
      return c.json({ error: `app ${c.req.param("app")} not found` }, 404);
    }
    await next();
  })
  .get("/:app/inventory", async (c) => {
    const app = c.req.param("app");
    const inv = await liveInventory(c.env, app);
    if (c.req.query("format") === "openapi") {
      return c.json(
        toOpenApi(inv, { title: `${app} (learned by apiward)`, version: new Date().toISOString().slice(0, 10) }),
      );
    }
    if (c.req.query("format") !== undefined && c.req.query("format") !== "json") {
      return c.json({ error: "format: expected json or openapi" }, 400);
    }
    return c.json(inv);
  })
  .get("/:app/inventory/stats", async (c) => c.json(await learning(c.env, c.req.param("app")).stats()))
  .post("/:app/inventory/snapshot", async (c) => {
    const version = await learning(c.env, c.req.param("app")).snapshotNow();
    c.get("rt").registry.invalidate(c.req.param("app"));
    return c.json({ version });
  })
  .get("/:app/graph", async (c) => c.json(serviceGraph(await liveInventory(c.env, c.req.param("app")))))
  .get("/:app/allowlist/proposal", async (c) => {
    const app = c.req.param("app");
    const { pointer, doc } = await activeDoc(c.env.CONFIG, app);
    const minCount = Number(c.req.query("min_count") ?? "1");
    const { proposal, diff } = proposeAllowlist(await liveInventory(c.env, app), doc?.allowlist, {
      minCount: Number.isFinite(minCount) && minCount > 0 ? minCount : 1,
    });
    return c.json({ active_version: pointer.active, proposal, diff });
  })
  .post("/:app/allowlist/approve", async (c) => {
    const app = c.req.param("app");
    const text = await c.req.text();
    let selected: string[] | null = null;
    if (text.trim()) {
      const j = parseJson(text);
      if (!j.ok) return c.json({ error: j.error }, 400);
      const eps = (j.value as { endpoints?: unknown }).endpoints;
      if (eps !== undefined) {
        if (!Array.isArray(eps) || !eps.every((e) => typeof e === "string")) {
          return c.json({ error: 'endpoints: expected an array of "METHOD /path" strings' }, 400);
        }
        selected = eps as string[];
      }
    }
    const { pointer, doc } = await activeDoc(c.env.CONFIG, app);
    const { proposal } = proposeAllowlist(await liveInventory(c.env, app), doc?.allowlist);
    let endpoints = proposal.endpoints;
    if (selected) {
      const want = new Set(selected);
      const known = new Set(proposal.endpoints.map((e) => `${e.method} ${e.path}`));
      const unknown = selected.filter((s) => !known.has(s));
      if (unknown.length) return c.json({ error: `endpoints: not in the proposal: ${unknown.join(", ")}` }, 400);
      // Keep what is approved already, add the selected proposals.
      const kept = (doc?.allowlist?.endpoints ?? []).filter((e) => !want.has(`${e.method} ${e.path}`));
      endpoints = [...kept, ...proposal.endpoints.filter((e) => want.has(`${e.method} ${e.path}`))];
    }
    const next: PolicyDoc = {
      ...(doc ?? { rules: [] }),
      description: `allow-list approved (${endpoints.length} endpoints)`,
      allowlist: { endpoints },
    };
    const stored = await storeVersion(c.env.CONFIG, app, pointer, next, c.req.query("activate") !== "false");
    if ("error" in stored) return c.json({ error: stored.error }, 400);
    c.get("rt").registry.invalidate(app);
    return c.json({ ...stored, endpoints: endpoints.length }, 201);
  })
  .post("/:app/allowlist/import", async (c) => {
    const app = c.req.param("app");
    const body = await readJsonBody(c.req.raw);
    if (!body.ok) return c.json({ error: body.error }, 400);
    const spec = body.value as { openapi?: unknown; swagger?: unknown; paths?: unknown };
    if (!spec || typeof spec !== "object" || (typeof spec.openapi !== "string" && typeof spec.swagger !== "string")) {
      return c.json({ error: "openapi: expected an OpenAPI 3.x (or Swagger 2.0) document" }, 400);
    }
    let allowlist: AllowlistDoc;
    try {
      allowlist = fromOpenApi(body.value);
    } catch (e) {
      return c.json({ error: `not an OpenAPI 3.x document: ${(e as Error).message}` }, 400);
    }
    const { pointer, doc } = await activeDoc(c.env.CONFIG, app);
    const next: PolicyDoc = {
      ...(doc ?? { rules: [] }),
      description: `allow-list imported from OpenAPI (${allowlist.endpoints.length} endpoints)`,
      allowlist,
    };
    const stored = await storeVersion(c.env.CONFIG, app, pointer, next, c.req.query("activate") === "true");
    if ("error" in stored) return c.json({ error: stored.error }, 400);
    c.get("rt").registry.invalidate(app);
    return c.json({ ...stored, endpoints: allowlist.endpoints.length }, 201);
  });
