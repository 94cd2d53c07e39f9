/**
 * @module worker/admin/anomaly
 * Distributed anomaly detection in the admin API, under `/anomaly/:app`:
 * - `GET  /mitigations` → `{"mitigations":[{id,app,target,kind,action,until,reasons,created_at,scope,since?}]}`,
 *   the shape of `GET /__apiward/mitigations` plus the scope (`client`, or
 *   `endpoint`: new clients entering at that endpoint), soonest ending first;
 * - `DELETE /mitigations/:id` lifts one (isolates stop applying it within
 *   their refresh interval, about 2 s);
 * - `GET  /findings?limit=` → `{"findings":[…]}`: what was found, newest
 *   first (windows, features over their baseline, participants, action);
 * - `GET  /audit?limit=` → `{"audit":[…]}`: every mitigation created,
 *   extended, lifted or expired, with its reasons;
 * - `GET  /status` → per shard: keys, addresses, model version, history;
 * - `PUT  /model` stores an anomaly model (as `apiward learn` writes it, or
 *   a behaviour model carrying it in `extensions.anomaly`) as the next KV
 *   version and activates it; `POST /model/learn` learns one from the live
 *   history. A 400 names the bad field.
 * `listAnomalyMitigations` and `liftAnomalyMitigation` let the behaviour
 * capability's `/mitigations` list and lift these too.
 */
import { Hono } from "hono";
import { aggregatesName } from "../../core/anomaly/shards.ts";
import type { AnomalyMitigation } from "../../core/anomaly/types.ts";
import { objectStub } from "../lib/object-stub.ts";
import { readJsonBody } from "./apps.ts";
import type { AdminEnv } from "./types.ts";

const APP_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

function shardsOf(env: Env): number {
  const n = Number(env.APIWARD_ANOMALY_SHARDS);
  return Number.isFinite(n) && n >= 1 ? Math.floor(n) : 1;
}

function stubs(env: Env, app: string) {
  const n = shardsOf(env);
  return Array.from({ length: n }, (_, s) => objectStub(env.AGGREGATES, aggregatesName(app, s, n)));
}

/** Active anomaly mitigations of an app, in the admin API's mitigation shape (plus scope). */
export async function listAnomalyMitigations(env: Env, app: string): Promise<AnomalyMitigation[]> {
  const lists = await Promise.all(stubs(env, app).map(async (s) => (await s.mitigations(app)).list ?? []));
  return lists.flat().sort((a, b) => a.until - b.until || (a.id < b.id ? -1 : 1));
}

/** Lifts an anomaly mitigation by id (`<app>.a<n>`); false when no shard holds it. */
export async function liftAnomalyMitigation(env: Env, id: string): Promise<boolean> {
  const m = /^(.+)\.a[0-9a-z]+$/.exec(id);
  if (!m || !APP_ID.test(m[1] as string)) return false;
  const app = m[1] as string;
  for (const s of stubs(env, app)) if (await s.lift(app, id)) return true;
  return false;
}

function limitOf(v: string | undefined, max: number): number | string {
  if (v === undefined || v === "") return 100;
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : `limit: an integer between 1 and ${max}`;
}

export const anomalyRoutes = new Hono<AdminEnv>()
  .use("/:app/*", async (c, next) => {
    if (!APP_ID.test(c.req.param("app"))) return c.json({ error: "app: invalid app id" }, 400);
    await next();
  })
  .get("/:app/mitigations", async (c) => {
    const app = c.req.param("app");
    try {
      return c.json({ mitigations: await listAnomalyMitigations(c.env, app) });
    } catch (e) {
      return c.json({ error: `anomaly mitigations of ${app}: ${(e as Error).message}` }, 503);
    }
  })
  .delete("/:app/mitigations/:id", async (c) => {
    const id = c.req.param("id");
    if (!id.startsWith(`${c.req.param("app")}.`)) return c.json({ error: `no mitigation ${id}` }, 404);
    return (await liftAnomalyMitigation(c.env, id))
      ? c.json({ lifted: id })
      : c.json({ error: `no mitigation ${id}` }, 404);
  })
  .get("/:app/findings", async (c) => {
    const app = c.req.param("app");
    const limit = limitOf(c.req.query("limit"), 500);
    if (typeof limit === "string") return c.json({ error: limit }, 400);
    const all = (await Promise.all(stubs(c.env, app).map((s) => s.findings(app, limit)))).flat();
    all.sort((a, b) => b.ts - a.ts);
    return c.json({ findings: all.slice(0, limit) });
  })
  .get("/:app/audit", async (c) => {
    const app = c.req.param("app");
    const limit = limitOf(c.req.query("limit"), 2000);
    if (typeof limit === "string") return c.json({ error: limit }, 400);
    const all = (await Promise.all(stubs(c.env, app).map((s) => s.audit(app, limit)))).flat();
    all.sort((a, b) => b.at - a.at);
    return c.json({ audit: all.slice(0, limit) });
  })
  .get("/:app/status", async (c) => {
    const app = c.req.param("app");
    return c.json({ shards: await Promise.all(stubs(c.env, app).map((s) => s.status(app))) });
  })
  .put("/:app/model", async (c) => {
    const app = c.req.param("app");
    const body = await readJsonBody(c.req.raw);
    if (!body.ok) return c.json({ error: body.error }, 400);
    // A behaviour model (apiward learn) carries the anomaly model in its extensions.
    const doc = body.value as { extensions?: { anomaly?: unknown } } | null;
    const model = doc && typeof doc === "object" && doc.extensions?.anomaly ? doc.extensions.anomaly : body.value;
    const [first, ...rest] = stubs(c.env, app);
    const r = await first!.setModel(app, model);
    if ("error" in r) return c.json({ error: r.error }, 400);
    // Other shards pick the new version up from KV within their model check (10 min); tell them now.
    await Promise.all(rest.map((s) => s.setModel(app, model)));
    return c.json({ version: r.version });
  })
  .post("/:app/model/learn", async (c) => {
    const app = c.req.param("app");
    const r = await stubs(c.env, app)[0]!.publishModel(app);
    return "error" in r ? c.json({ error: r.error }, 409) : c.json({ version: r.version });
  });
