/**
 * @module worker/admin/policies
 * Versioned policies: `GET|POST /apps/:app/policies`, `GET …/:version`,
 * `POST …/:version/activate`, `POST …/:version/dry-run`, `DELETE …/dry-run`,
 * `POST /apps/:app/rollback`, `GET …/:version/hits`. Versions are immutable
 * KV documents; activation only moves the pointer, so rollback is instant and
 * every isolate picks it up at its next cache refresh.
 */
import { Hono } from "hono";
import { compilePolicy } from "../../policy/compile.ts";
import { parsePolicy } from "../../policy/schema.ts";
import { objectStub } from "../lib/object-stub.ts";
import { EMPTY_POINTER, keys, type PolicyPointer } from "../state/keys.ts";
import { parseJson } from "../state/registry.ts";
import { readJsonBody } from "./apps.ts";
import type { AdminEnv } from "./types.ts";

async function readPointer(kv: KVNamespace, app: string): Promise<PolicyPointer> {
  const raw = await kv.get(keys.policyPointer(app));
  if (!raw) return { ...EMPTY_POINTER, history: [] };
  const j = parseJson(raw);
  return j.ok ? (j.value as PolicyPointer) : { ...EMPTY_POINTER, history: [] };
}

async function writePointer(kv: KVNamespace, app: string, p: PolicyPointer): Promise<void> {
  p.updated_at = Date.now();
  await kv.put(keys.policyPointer(app), JSON.stringify(p));
}

function versionParam(v: string): number | null {
  return /^\d{1,9}$/.test(v) ? Number(v) : null;
}

async function appExists(kv: KVNamespace, app: string): Promise<boolean> {
  return (await kv.get(keys.app(app))) !== null;
}

export const policyRoutes = new Hono<AdminEnv>()
  .use("/:app/*", async (c, next) => {
    if (!(await appExists(c.env.CONFIG, c.req.param("app") ?? ""))) {
      return c.json({ error: `app ${c.req.param("app")} not found` }, 404);
    }
    await next();
  })
  .get("/:app/policies", async (c) => {
    const app = c.req.param("app");
    const p = await readPointer(c.env.CONFIG, app);
    const versions = [];
    for (let v = p.latest; v >= 1 && versions.length < 100; v--) {
      const raw = await c.env.CONFIG.get(keys.policy(app, v));
      if (!raw) continue;
      const j = parseJson(raw);
      const doc = (j.ok ? j.value : {}) as { description?: string; created_at?: number; rules?: unknown[] };
      versions.push({
        version: v,
        description: doc.description ?? null,
        created_at: doc.created_at ?? null,
        rules: doc.rules?.length ?? 0,
      });
    }
    return c.json({ active: p.active, dry_run: p.dry_run, history: p.history, latest: p.latest, versions });
  })
  .post("/:app/policies", async (c) => {
    const app = c.req.param("app");
    const body = await readJsonBody(c.req.raw);
    if (!body.ok) return c.json({ error: body.error }, 400);
    const doc = body.value as Record<string, unknown>;
    if (doc && typeof doc === "object" && !Array.isArray(doc)) delete doc.version;
    const parsed = parsePolicy(doc);
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    try {
      compilePolicy(parsed.value);
    } catch (e) {
      return c.json({ error: `does not compile: ${(e as Error).message}` }, 400);
    }
    const p = await readPointer(c.env.CONFIG, app);
    const version = p.latest + 1;
    const stored = { ...parsed.value, version, created_at: Date.now() };
    await c.env.CONFIG.put(keys.policy(app, version), JSON.stringify(stored));
    p.latest = version;
    const activate = c.req.query("activate") === "true";
    const dryRun = c.req.query("dry_run") === "true";
    if (activate) {
      if (p.active !== null) p.history.push(p.active);
      p.active = version;
    } else if (dryRun) p.dry_run = version;
    await writePointer(c.env.CONFIG, app, p);
    c.get("rt").registry.invalidate(app);
    return c.json({ version, active: p.active, dry_run: p.dry_run }, 201);
  })
  .get("/:app/policies/:version", async (c) => {
    const v = versionParam(c.req.param("version"));
    if (v === null) return c.json({ error: "version: expected a positive integer" }, 400);
    const raw = await c.env.CONFIG.get(keys.policy(c.req.param("app"), v));
    if (!raw) return c.json({ error: `policy version ${v} not found` }, 404);
    const j = parseJson(raw);
    return j.ok ? c.json(j.value as object) : c.json({ error: j.error }, 500);
  })
  .get("/:app/policies/:version/hits", async (c) => {
    const v = versionParam(c.req.param("version"));
    if (v === null) return c.json({ error: "version: expected a positive integer" }, 400);
    const stub = objectStub(c.env.COUNTERS, `hits:${c.req.param("app")}`);
    return c.json({ version: v, hits: await stub.getHits(v) });
  })
  .post("/:app/policies/:version/activate", async (c) => {
    const app = c.req.param("app");
    const v = versionParam(c.req.param("version"));
    if (v === null) return c.json({ error: "version: expected a positive integer" }, 400);
    const raw = await c.env.CONFIG.get(keys.policy(app, v));
    if (!raw) return c.json({ error: `policy version ${v} not found` }, 404);
    const p = await readPointer(c.env.CONFIG, app);
    if (p.active !== v) {
      if (p.active !== null) p.history.push(p.active);
      p.active = v;
      if (p.dry_run === v) p.dry_run = null;
      p.history = p.history.slice(-50);
      await writePointer(c.env.CONFIG, app, p);
      c.get("rt").registry.invalidate(app);
    }
    return c.json({ active: p.active, history: p.history, dry_run: p.dry_run });
  })
  .post("/:app/policies/:version/dry-run", async (c) => {
    const app = c.req.param("app");
    const v = versionParam(c.req.param("version"));
    if (v === null) return c.json({ error: "version: expected a positive integer" }, 400);
    if (!(await c.env.CONFIG.get(keys.policy(app, v)))) return c.json({ error: `policy version ${v} not found` }, 404);
    const p = await readPointer(c.env.CONFIG, app);
    p.dry_run = v;
    await writePointer(c.env.CONFIG, app, p);
    c.get("rt").registry.invalidate(app);
    return c.json({ active: p.active, dry_run: p.dry_run });
  })
  .delete("/:app/policies/dry-run", async (c) => {
    const app = c.req.param("app");
    const p = await readPointer(c.env.CONFIG, app);
    p.dry_run = null;
    await writePointer(c.env.CONFIG, app, p);
    c.get("rt").registry.invalidate(app);
    return c.json({ active: p.active, dry_run: null });
  })
  .post("/:app/rollback", async (c) => {
    const app = c.req.param("app");
    const p = await readPointer(c.env.CONFIG, app);
    const previous = p.history.pop();
    if (previous === undefined) return c.json({ error: "nothing to roll back to: no previously active version" }, 409);
    p.active = previous;
    await writePointer(c.env.CONFIG, app, p);
    c.get("rt").registry.invalidate(app);
    return c.json({ active: p.active, history: p.history });
  });
