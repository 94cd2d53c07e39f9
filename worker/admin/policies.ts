/**
 * @module worker/admin/policies
 * Versioned policies: `GET|POST /apps/:app/policies`, `GET …/:version`,
 * `POST …/:version/activate`, `POST …/:version/dry-run`, `DELETE …/dry-run`,
 * `POST /apps/:app/rollback`, `GET …/:version/hits`. Versions are immutable
 * KV documents; activation only moves the pointer, so rollback is instant and
 * every isolate picks it up at its next cache refresh. Every change goes
 * through the app's PolicyLedger Durable Object, one at a time.
 */
import { type Context, Hono } from "hono";
import { compilePolicy } from "../../policy/compile.ts";
import { parsePolicy } from "../../policy/schema.ts";
import { objectStub } from "../lib/object-stub.ts";
import { keys } from "../state/keys.ts";
import { type ChangeResult, type CreateChange, type PolicyChange, readPointer } from "../state/policy-changes.ts";
import { parseJson } from "../state/registry.ts";
import { readJsonBody } from "./apps.ts";
import type { AdminEnv } from "./types.ts";

/** The app's policy ledger: every change goes through it, one at a time (worker/state/policy-changes.ts). */
function ledger(env: Env, app: string) {
  return objectStub(env.POLICY_LEDGER, `policy:${app}`);
}

/**
 * A policy change's answer: on success this isolate forgets the app's cached
 * policies first (others pick the change up at their next refresh). `extra`
 * joins a successful answer's body.
 */
export function answerChange(
  c: Context<AdminEnv>,
  app: string,
  r: ChangeResult,
  extra: Record<string, number> = {},
): Response {
  if (r.status >= 300) return c.json(r.body, r.status);
  c.get("rt").registry.invalidate(app);
  return c.json({ ...r.body, ...extra }, r.status);
}

async function change(c: Context<AdminEnv>, app: string, ch: PolicyChange): Promise<Response> {
  return answerChange(c, app, await ledger(c.env, app).change(ch));
}

/**
 * Validates and compiles `input` and creates a version from it through the
 * ledger: how `POST /policies` and the allow-list routes (approve, import)
 * make every version, with the same numbering and the same 409s.
 */
export async function createVersion(
  env: Env,
  app: string,
  input: unknown,
  opts: Omit<CreateChange, "op" | "app" | "doc">,
): Promise<ChangeResult> {
  const parsed = parsePolicy(input);
  if (!parsed.ok) return { status: 400, body: { error: parsed.error } };
  try {
    compilePolicy(parsed.value);
  } catch (e) {
    return { status: 400, body: { error: `does not compile: ${(e as Error).message}` } };
  }
  return ledger(env, app).change({
    op: "create",
    app,
    doc: parsed.value as unknown as Record<string, unknown>,
    ...opts,
  });
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
    const r = await createVersion(c.env, app, doc, {
      activate: c.req.query("activate") === "true",
      dryRun: c.req.query("dry_run") === "true",
    });
    return answerChange(c, app, r);
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
    return change(c, app, { op: "activate", app, version: v });
  })
  .post("/:app/policies/:version/dry-run", async (c) => {
    const app = c.req.param("app");
    const v = versionParam(c.req.param("version"));
    if (v === null) return c.json({ error: "version: expected a positive integer" }, 400);
    return change(c, app, { op: "dry_run", app, version: v });
  })
  .delete("/:app/policies/dry-run", (c) =>
    change(c, c.req.param("app"), { op: "clear_dry_run", app: c.req.param("app") }),
  )
  .post("/:app/rollback", (c) => change(c, c.req.param("app"), { op: "rollback", app: c.req.param("app") }));
