/**
 * @module worker/admin/detections
 * Behaviour detections and mitigations in the admin API (DESIGN.md):
 * - `GET /mitigations?app=` → `{"mitigations":[{id,app,target,kind,action,until,reasons,created_at}]}`,
 *   active ones, soonest ending first (`until`, `created_at`: epoch seconds);
 * - `DELETE /mitigations/:id` lifts one (ids are `<app>.<hex>`): 200
 *   `{"lifted":id}`, 404 when unknown; isolates stop applying it within
 *   their cache refresh (about 2 s);
 * - `GET /detections?app=&from=&to=&client=&kind=&limit=&cursor=` →
 *   `{"detections":[…],"next":<cursor or null>}`, newest first (`ts`, then
 *   app and arrival, descending); parameters validated as `/logs` validates
 *   them, with its helpers (durable-objects/log-store/params.ts): `from`
 *   inclusive and `to` exclusive epoch seconds, `limit` 1..1000 (default
 *   100), unknown or repeated parameters a 400; `next` pages on.
 * Without `app`, every configured app plus the default app (`_unrouted`, a
 * valid app for /logs, has no detections). Errors name the parameter (400)
 * or the failing app (503).
 */
import { Hono } from "hono";
import type { Mitigation } from "../../core/behaviour/mitigations.ts";
import { DETECTION_KINDS, isDetectionKind } from "../../core/behaviour/types.ts";
import { UNROUTED_APP } from "../../core/log/record.ts";
import { decodeToken, encodeToken } from "../../durable-objects/log-store/cursor.ts";
import {
  app as appParam,
  checkKeys,
  cursorParam,
  DEFAULT_LIMIT,
  int,
  ParamError,
  type Parsed,
  range,
  run,
  single,
  text,
} from "../../durable-objects/log-store/params.ts";
import { type DetectionQuery, type DetectionRow, MAX_DETECTION_PAGE } from "../../durable-objects/mitigations.ts";
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

const DETECTION_KEYS = new Set(["app", "from", "to", "client", "kind", "limit", "cursor"]);

/** The last detection of a page, in the list's order: `ts`, app, `seq`, all descending. */
interface DetectionCursor {
  ts: number;
  app: string;
  seq: number;
}

function decodeDetectionCursor(raw: string): DetectionCursor | null {
  const v = decodeToken(raw);
  if (!Array.isArray(v) || v.length !== 3) return null;
  const [ts, app, seq] = v as [unknown, unknown, unknown];
  if (typeof ts !== "number" || !Number.isFinite(ts)) return null;
  if (typeof app !== "string" || !APP_ID.test(app)) return null;
  if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 0) return null;
  return { ts, app, seq };
}

/**
 * Where `app`'s rows continue after the cursor: at the cursor's `ts`, all of
 * an app listed after the cursor's (a smaller id), none of one listed before.
 */
function continueAfter(c: DetectionCursor, app: string): { ts: number; seq: number } {
  return { ts: c.ts, seq: app === c.app ? c.seq : app < c.app ? Number.MAX_SAFE_INTEGER : 0 };
}

function newestFirst(a: DetectionRow, b: DetectionRow): number {
  if (a.ts !== b.ts) return b.ts - a.ts;
  if (a.app !== b.app) return a.app < b.app ? 1 : -1;
  return b.seq - a.seq;
}

interface DetectionParams {
  app: string | null;
  query: DetectionQuery;
  limit: number;
  cursor: DetectionCursor | null;
}

function parseDetections(q: URLSearchParams, now: number): Parsed<DetectionParams> {
  return run(() => {
    checkKeys(q, DETECTION_KEYS);
    // No default lower bound: without from/to, the newest detections whenever they were.
    const r = range(q, now, Number.POSITIVE_INFINITY);
    const query: DetectionQuery = {};
    if (r.from !== undefined) query.from = r.from / 1000;
    if (r.to !== undefined) query.to = r.to / 1000;
    const client = text(q, "client", 1024);
    if (client !== undefined) query.client = client;
    const kind = single(q, "kind");
    if (kind !== undefined) {
      if (!isDetectionKind(kind))
        throw new ParamError(`kind: expected a detection kind (${DETECTION_KINDS.join(", ")})`);
      query.kind = kind;
    }
    return {
      app: appParam(q),
      query,
      limit: int(q, "limit", 1, MAX_DETECTION_PAGE, DEFAULT_LIMIT),
      cursor: cursorParam(q, decodeDetectionCursor),
    };
  });
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
    const parsed = parseDetections(new URL(c.req.url).searchParams, Date.now());
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    const p = parsed.value;
    const apps = p.app === UNROUTED_APP ? [] : await appsOf(c.env, p.app ?? undefined);
    const rows: DetectionRow[] = [];
    for (const a of apps) {
      // One more than the page from each app: the page is the newest `limit` of their union.
      const q: DetectionQuery = { ...p.query, limit: p.limit + 1 };
      if (p.cursor) q.before = continueAfter(p.cursor, a);
      try {
        rows.push(...(await stub(c.env, a).detections(a, q)));
      } catch (e) {
        return c.json({ error: `detections of ${a}: ${(e as Error).message}` }, 503);
      }
    }
    rows.sort(newestFirst);
    const page = rows.slice(0, p.limit);
    const last = page[page.length - 1];
    const next = rows.length > p.limit && last ? encodeToken([last.ts, last.app, last.seq]) : null;
    return c.json({ detections: page.map(({ seq: _, ...d }) => d), next });
  });
