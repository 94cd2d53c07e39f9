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
import { EMPTY_POINTER, keys, type PolicyPointer, parsePointer } from "../state/keys.ts";
import { parseJson } from "../state/registry.ts";
import { readJsonBody } from "./apps.ts";
import type { AdminEnv } from "./types.ts";

type PointerRead = { ok: true; value: PolicyPointer } | { ok: false; error: string };

/** The app's policy pointer; an unreadable one is an error, never taken for "no policy yet". */
async function readPointer(kv: KVNamespace, app: string): Promise<PointerRead> {
  const key = keys.policyPointer(app);
  const raw = await kv.get(key);
  if (!raw) return { ok: true, value: { ...EMPTY_POINTER, history: [] } };
  const j = parseJson(raw);
  const p = j.ok ? parsePointer(j.value) : j;
  if (p.ok) return p;
  return {
    ok: false,
    error:
      `${key} in KV is unreadable (${p.error}): no policy change is made while it is, so that no version is ` +
      `overwritten; the datapath keeps the last good policy. Fix the pointer (or restore it with wrangler kv key put).`,
  };
}

/** The next free version number: past the pointer's latest and any version key already written. */
async function nextVersion(kv: KVNamespace, app: string, latest: number): Promise<number | null> {
  for (let v = latest + 1; v <= latest + 100; v++) if ((await kv.get(keys.policy(app, v))) === null) return v;
  return null;
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
    const read = await readPointer(c.env.CONFIG, app);
    if (!read.ok) return c.json({ error: read.error }, 409);
    const p = read.value;
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
    const read = await readPointer(c.env.CONFIG, app);
    if (!read.ok) return c.json({ error: read.error }, 409);
    const p = read.value;
    const version = await nextVersion(c.env.CONFIG, app, p.latest);
    if (version === null) return c.json({ error: `no free version number after ${p.latest}` }, 409);
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
    if (!(await c.env.CONFIG.get(keys.policy(c.req.param("app"), v))))
      return c.json({ error: `policy version ${v} not found` }, 404);
    const stub = objectStub(c.env.COUNTERS, `hits:${c.req.param("app")}`);
    return c.json({ version: v, hits: await stub.getHits(v) });
  })
  .post("/:app/policies/:version/activate", async (c) => {
    const app = c.req.param("app");
    const v = versionParam(c.req.param("version"));
    if (v === null) return c.json({ error: "version: expected a positive integer" }, 400);
    const raw = await c.env.CONFIG.get(keys.policy(app, v));
    if (!raw) return c.json({ error: `policy version ${v} not found` }, 404);
    const read = await readPointer(c.env.CONFIG, app);
    if (!read.ok) return c.json({ error: read.error }, 409);
    const p = read.value;
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
    const read = await readPointer(c.env.CONFIG, app);
    if (!read.ok) return c.json({ error: read.error }, 409);
    const p = read.value;
    p.dry_run = v;
    await writePointer(c.env.CONFIG, app, p);
    c.get("rt").registry.invalidate(app);
    return c.json({ active: p.active, dry_run: p.dry_run });
  })
  .delete("/:app/policies/dry-run", async (c) => {
    const app = c.req.param("app");
    const read = await readPointer(c.env.CONFIG, app);
    if (!read.ok) return c.json({ error: read.error }, 409);
    const p = read.value;
    p.dry_run = null;
    await writePointer(c.env.CONFIG, app, p);
    c.get("rt").registry.invalidate(app);
    return c.json({ active: p.active, dry_run: null });
  })
  .post("/:app/rollback", async (c) => {
    const app = c.req.param("app");
    const read = await readPointer(c.env.CONFIG, app);
    if (!read.ok) return c.json({ error: read.error }, 409);
    const p = read.value;
    const previous = p.history.pop();
    if (previous === undefined) return c.json({ error: "nothing to roll back to: no previously active version" }, 409);
    p.active = previous;
    await writePointer(c.env.CONFIG, app, p);
    c.get("rt").registry.invalidate(app);
    return c.json({ active: p.active, history: p.history });
  });
