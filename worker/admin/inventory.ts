/**
 * @module worker/admin/inventory
 * API discovery in the admin API: the learned inventory (JSON or OpenAPI
 * 3.1), the service graph, and the allow-list flow: a proposal generated from
 * the inventory with its diff from the active policy, approval of all or
 * selected endpoints as a new policy version, and import of an OpenAPI spec
 * as a starting allow-list. Newly seen endpoints after an approval appear in
 * the next proposal's `added`; nothing is allowed without an approval.
 * Approval and import make versions as `POST /policies` does, through the
 * app's policy ledger (worker/admin/policies.ts `createVersion`); an empty
 * allow-list, which would block every request, is refused.
 */
import { type Context, Hono } from "hono";
import { type AllowlistDoc, type ParamConstraints, proposeAllowlist } from "../../core/discovery/allowlist.ts";
import { serviceGraph } from "../../core/discovery/service-graph.ts";
import type { Inventory } from "../../core/discovery/types.ts";
import { toOpenApi } from "../../core/openapi/export.ts";
import { fromOpenApi } from "../../core/openapi/import.ts";
import { objectStub } from "../lib/object-stub.ts";
import { keys, type PolicyPointer } from "../state/keys.ts";
import { readPointer } from "../state/policy-changes.ts";
import { parseJson } from "../state/registry.ts";
import { readJsonBody } from "./apps.ts";
import { answerChange, createVersion } from "./policies.ts";
import type { AdminEnv } from "./types.ts";

type PolicyDoc = Record<string, unknown> & { rules?: unknown[]; allowlist?: AllowlistDoc };

type ActiveRead = { ok: true; pointer: PolicyPointer; doc: PolicyDoc | null } | { ok: false; error: string };

/**
 * The policy pointer and the active version's document. An unreadable
 * pointer or active version is an error (409), never "no policy yet": a
 * version built on it would drop the active rules and allow-list.
 */
async function activeDoc(kv: KVNamespace, app: string): Promise<ActiveRead> {
  const read = await readPointer(kv, app);
  if (!read.ok) return read;
  const pointer = read.value;
  if (pointer.active === null) return { ok: true, pointer, doc: null };
  const key = keys.policy(app, pointer.active);
  const raw = await kv.get(key);
  const d = raw ? parseJson(raw) : null;
  if (!d?.ok || d.value === null || typeof d.value !== "object" || Array.isArray(d.value))
    return {
      ok: false,
      error: `${key}, the active version, is ${raw ? "unreadable" : "missing"} in KV: no allow-list is built on it`,
    };
  return { ok: true, pointer, doc: d.value as PolicyDoc };
}

/** A new version's document: the active one (rules, signatures) with `allowlist` and `description` replaced. */
function derive(doc: PolicyDoc | null, description: string, allowlist: AllowlistDoc): Record<string, unknown> {
  const { version: _v, created_at: _c, ...rest } = doc ?? { rules: [] };
  return { ...rest, description, allowlist };
}

/**
 * Attempts at a version derived from the active one while other changes keep
 * activating another: each round of simultaneous approvals lets one through,
 * so this is how many can run at once before one answers 409 `stale`.
 */
const ATTEMPTS = 10;

/**
 * Creates the version `build` derives from the active one, through the
 * policy ledger (same numbering and 409s as `POST /policies`): the ledger
 * writes it only while the version it was derived from is still active, else
 * it is derived again. A version that already holds the same document is
 * answered (200, `unchanged`) instead of copied. `build` answers a Response
 * to stop (a 400 or 409 of its own).
 */
async function deriveVersion(
  c: Context<AdminEnv>,
  app: string,
  activate: boolean,
  build: (active: PolicyDoc | null) => Promise<{ doc: Record<string, unknown>; endpoints: number } | Response>,
): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const active = await activeDoc(c.env.CONFIG, app);
    if (!active.ok) return c.json({ error: active.error }, 409);
    const next = await build(active.doc);
    if (next instanceof Response) return next;
    const r = await createVersion(c.env, app, next.doc, {
      activate,
      dryRun: false,
      base: active.pointer.active,
      reuseSame: true,
    });
    if (r.body.stale === true && attempt < ATTEMPTS) {
      // A little jitter, so that the callers that lost this round do not meet again in the next.
      await new Promise((done) => setTimeout(done, Math.random() * 20 * attempt));
      continue;
    }
    return answerChange(c, app, r, { endpoints: next.endpoints });
  }
}

type ProposalOptions = { minCount: number; params: ParamConstraints };

/**
 * `?min_count` (a positive integer, 1 when absent) and `?params`
 * (`learned`, the default, or `types`), read alike by the proposal and the
 * approval.
 */
function proposalOptions(c: Context<AdminEnv>): { ok: true; value: ProposalOptions } | { ok: false; error: string } {
  const raw = c.req.query("min_count");
  if (raw !== undefined && !(/^\d{1,9}$/.test(raw) && Number(raw) > 0))
    return { ok: false, error: "min_count: expected a positive integer" };
  const params = c.req.query("params") ?? "learned";
  if (params !== "learned" && params !== "types")
    return { ok: false, error: 'params: expected "learned" (types, enumerations, required) or "types"' };
  return { ok: true, value: { minCount: raw === undefined ? 1 : Number(raw), params } };
}

/**
 * The approval's body: none or `{}` approves every proposed endpoint,
 * `{"endpoints":["METHOD /path",…]}` the ones named. Anything else is a 400:
 * a typo must not read as "approve all".
 */
function approvalBody(text: string): { ok: true; selected: string[] | null } | { ok: false; error: string } {
  if (!text.trim()) return { ok: true, selected: null };
  const j = parseJson(text);
  if (!j.ok) return j;
  const v = j.value;
  if (v === null || typeof v !== "object" || Array.isArray(v))
    return {
      ok: false,
      error:
        `body: expected a JSON object, got ${v === null ? "null" : Array.isArray(v) ? "an array" : typeof v} ` +
        '({} approves every proposed endpoint, {"endpoints":["METHOD /path"]} the ones named)',
    };
  const unknown = Object.keys(v).filter((k) => k !== "endpoints");
  if (unknown.length) return { ok: false, error: `body: unknown field ${unknown.join(", ")} (only "endpoints")` };
  const eps = (v as { endpoints?: unknown }).endpoints;
  if (eps === undefined) return { ok: true, selected: null };
  if (!Array.isArray(eps) || !eps.every((e) => typeof e === "string"))
    return { ok: false, error: 'endpoints: expected an array of "METHOD /path" strings' };
  return { ok: true, selected: eps as string[] };
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
    const opts = proposalOptions(c);
    if (!opts.ok) return c.json({ error: opts.error }, 400);
    const active = await activeDoc(c.env.CONFIG, app);
    if (!active.ok) return c.json({ error: active.error }, 409);
    const { proposal, diff } = proposeAllowlist(await liveInventory(c.env, app), active.doc?.allowlist, opts.value);
    return c.json({ active_version: active.pointer.active, proposal, diff });
  })
  .post("/:app/allowlist/approve", async (c) => {
    const app = c.req.param("app");
    const opts = proposalOptions(c);
    if (!opts.ok) return c.json({ error: opts.error }, 400);
    const body = approvalBody(await c.req.text());
    if (!body.ok) return c.json({ error: body.error }, 400);
    const selected = body.selected;
    return deriveVersion(c, app, c.req.query("activate") !== "false", async (doc) => {
      const inventory = await liveInventory(c.env, app);
      // Exactly what GET …/allowlist/proposal shows with the same parameters.
      const { proposal } = proposeAllowlist(inventory, doc?.allowlist, opts.value);
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
      if (endpoints.length === 0)
        return c.json(
          {
            error:
              inventory.endpoints.length === 0
                ? "nothing learned yet: the inventory has no endpoints (traffic reaches it within a minute), " +
                  "and an empty allow-list would block every request; nothing was approved"
                : "no endpoint passes the filter (min_count, endpoints): an empty allow-list would block every " +
                  "request; nothing was approved",
          },
          409,
        );
      return {
        doc: derive(doc, `allow-list approved (${endpoints.length} endpoints)`, { endpoints }),
        endpoints: endpoints.length,
      };
    });
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
    if (allowlist.endpoints.length === 0)
      return c.json(
        { error: "paths: the document has no operations, and an empty allow-list would block every request" },
        400,
      );
    return deriveVersion(c, app, c.req.query("activate") === "true", async (doc) => ({
      doc: derive(doc, `allow-list imported from OpenAPI (${allowlist.endpoints.length} endpoints)`, allowlist),
      endpoints: allowlist.endpoints.length,
    }));
  });
