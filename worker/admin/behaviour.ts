/**
 * @module worker/admin/behaviour
 * The behaviour model in the admin API, under `/apps/:app/behaviour`:
 * - `GET  /model` → `{"active":{version, created_at, trained_on, clusters, k, age_minutes} | null,
 *   "training":{settings, settings_error, summaries, fresh, next_due, last_run}}`: the model the
 *   ClientState shards score with (KV `behaviour:<app>:pointer`) and the learning core's
 *   training state (durable-objects/behaviour-training.ts);
 * - `POST /train` → every ClientState shard sends its client summaries now, the learning
 *   core trains, and publishes the next version if it may (enough clients, a valid model):
 *   `{"published": <version> | null, "reason": …, "flushed": n, "clients": n, …}`.
 * - `PUT  /model` (body: a model from `apiward learn`) → validates it and publishes it as the
 *   app's next version, `{"version": n}`; 400 naming the field when it does not validate or was
 *   learned for another app. The ClientState shards pick it up within a minute.
 * Schedules and minimums: CONFIG `behaviour-training:<app>` (core/behaviour/training-settings.ts).
 */
import { Hono } from "hono";
import { parseModel } from "../../core/behaviour/model.ts";
import { behaviourModelKey, behaviourPointerKey, publishModel } from "../../durable-objects/client-state.ts";
import { objectStub } from "../lib/object-stub.ts";
import { readJsonBody } from "./apps.ts";
import type { AdminEnv } from "./types.ts";

function learning(env: Env, app: string) {
  return objectStub(env.LEARNING, app);
}

/** The active model's identity and training stats, or null (none, or it does not validate). */
async function activeModel(kv: KVNamespace, app: string) {
  const ptr = await kv.get<{ version?: unknown }>(behaviourPointerKey(app), "json");
  if (typeof ptr?.version !== "number") return null;
  const m = parseModel(await kv.get(behaviourModelKey(app, ptr.version), "json"));
  if (typeof m === "string") return { version: ptr.version, error: m };
  return {
    version: ptr.version,
    created_at: m.created_at,
    trained_on: m.trained_on,
    clusters: m.clusters.map((c) => c.size),
    k: m.selection.k,
    age_minutes: m.age_minutes ?? null,
    endpoints: m.endpoints.templates.length,
    login: m.endpoints.login,
    expensive: m.endpoints.expensive,
  };
}

export const behaviourRoutes = new Hono<AdminEnv>()
  .get("/:app/behaviour/model", async (c) => {
    const app = c.req.param("app");
    const [active, training] = await Promise.all([
      activeModel(c.env.SNAPSHOTS, app),
      learning(c.env, app).behaviourStatus(app),
    ]);
    return c.json({ active, training });
  })
  .put("/:app/behaviour/model", async (c) => {
    const app = c.req.param("app");
    const body = await readJsonBody(c.req.raw);
    if (!body.ok) return c.json({ error: body.error }, 400);
    const model = parseModel(body.value);
    if (typeof model === "string") return c.json({ error: model }, 400);
    if (model.app !== app) return c.json({ error: `model.app: learned for "${model.app}", not "${app}"` }, 400);
    return c.json({ version: await publishModel(c.env.SNAPSHOTS, app, model) });
  })
  .post("/:app/behaviour/train", async (c) => {
    const app = c.req.param("app");
    return c.json(await learning(c.env, app).trainBehaviour(app));
  });
