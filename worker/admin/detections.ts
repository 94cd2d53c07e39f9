/**
 * @module worker/admin/detections
 * Behaviour detections and mitigations in the admin API (DESIGN.md):
 * - `GET /mitigations?app=` → `{"mitigations":[{id,app,target,kind,action,until,reasons,created_at}]}`,
 *   active ones, soonest ending first (`until`, `created_at`: epoch seconds);
 * - `DELETE /mitigations/:id` lifts one (ids are `<app>.<hex>`): 200
 *   `{"lifted":id}`, 404 when unknown; isolates stop applying it within
 *   their cache refresh (about 2 s);
 * - `GET /detections?app=&from=&to=&client=&kind=&limit=` → `{"detections":[…]}`,
 *   newest first (`from`/`to` epoch seconds; `limit` ≤ 1000, default 100).
 * Without `app`, every configured app plus the default app. Errors name the
 * parameter (400) or the failing app (503).
 */
import { Hono } from "hono";
import type { Mitigation } from "../../core/behaviour/mitigations.ts";
import { isDetectionKind } from "../../core/behaviour/types.ts";
import { type DetectionQuery, MAX_DETECTION_PAGE, type StoredDetection } from "../../durable-objects/mitigations.ts";
import { mitigationsName } from "../datapath/behaviour.ts";
import { objectStub } from "../lib/object-stub.ts";
import { liftAnomalyMitigation, listAnomalyMitigations } from "./anomaly.ts";
import { readIndex } from "./apps.ts";
import type { AdminEnv } from "./types.ts";

const APP_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

async function appsOf(env: Env, app: string | undefined): Promise<string[]> {
  if (app !== undefined) return [app];
  const idx = await readIndex(env.CONFIG);
  return [...new Set([...idx.apps.map((a) => a.id), env.APIWARD_DEFAULT_APP].filter((a): a is string => !!a))];
}

const stub = (env: Env, app: string) => objectStub(env.MITIGATIONS, mitigationsName(app));

function num(v: string | undefined, name: string): number | undefined | string {
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : `${name}: expected a number`;
}

export const detectionsRoutes = new Hono<AdminEnv>()
  .get("/mitigations", async (c) => {
    const app = c.req.query("app");
    if (app !== undefined && !APP_ID.test(app)) return c.json({ error: "app: invalid app id" }, 400);
    // Behaviour mitigations and distributed-anomaly ones (scope client or endpoint), one list.
    type Listed = Pick<Mitigation, "id" | "app" | "target" | "action" | "until" | "created_at"> & {
      kind: string;
      reasons: unknown[];
    };
    const out: Listed[] = [];
    for (const a of await appsOf(c.env, app)) {
      try {
        out.push(...(await stub(c.env, a).list(a)));
        out.push(...(await listAnomalyMitigations(c.env, a)));
      } catch (e) {
        return c.json({ error: `mitigations of ${a}: ${(e as Error).message}` }, 503);
      }
    }
    out.sort((x, y) => x.until - y.until || (x.id < y.id ? -1 : 1));
    return c.json({
      mitigations: out.map((m) => ({
        id: m.id,
        app: m.app,
        target: m.target,
        kind: m.kind,
        action: m.action,
        until: m.until,
        reasons: m.reasons,
        created_at: m.created_at,
      })),
    });
  })
  .delete("/mitigations/:id", async (c) => {
    const id = c.req.param("id");
    const dot = id.indexOf(".");
    const app = dot > 0 ? id.slice(0, dot) : "";
    if (!APP_ID.test(app)) return c.json({ error: `no mitigation ${id}` }, 404);
    try {
      const lifted = (await stub(c.env, app).lift(app, id)) || (await liftAnomalyMitigation(c.env, id));
      return lifted ? c.json({ lifted: id }) : c.json({ error: `no mitigation ${id}` }, 404);
    } catch (e) {
      return c.json({ error: `mitigations of ${app}: ${(e as Error).message}` }, 503);
    }
  })
  .get("/detections", async (c) => {
    const q: DetectionQuery = {};
    const app = c.req.query("app");
    if (app !== undefined && !APP_ID.test(app)) return c.json({ error: "app: invalid app id" }, 400);
    for (const k of ["from", "to", "limit"] as const) {
      const v = num(c.req.query(k), k);
      if (typeof v === "string") return c.json({ error: v }, 400);
      if (v !== undefined) q[k] = v;
    }
    if (q.limit !== undefined && (q.limit < 1 || q.limit > MAX_DETECTION_PAGE))
      return c.json({ error: `limit: between 1 and ${MAX_DETECTION_PAGE}` }, 400);
    const kind = c.req.query("kind");
    if (kind !== undefined) {
      if (!isDetectionKind(kind)) return c.json({ error: "kind: unknown detection kind" }, 400);
      q.kind = kind;
    }
    const client = c.req.query("client");
    if (client) q.client = client;
    const out: StoredDetection[] = [];
    for (const a of await appsOf(c.env, app)) {
      try {
        out.push(...(await stub(c.env, a).detections(a, q)));
      } catch (e) {
        return c.json({ error: `detections of ${a}: ${(e as Error).message}` }, 503);
      }
    }
    out.sort((x, y) => y.ts - x.ts);
    return c.json({ detections: out.slice(0, q.limit ?? 100) });
  });
