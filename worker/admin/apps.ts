/**
 * @module worker/admin/apps
 * `GET /apps`, `GET|PUT /apps/:app`: app configs in KV. A PUT is validated
 * (a 400 names the bad field), hosts must not belong to another app, and the
 * host index is rewritten with it.
 */
import { Hono } from "hono";
import { parseAppConfig } from "../../core/config/app-config.ts";
import { type AppIndex, keys } from "../state/keys.ts";
import { parseJson } from "../state/registry.ts";
import type { AdminEnv } from "./types.ts";

export async function readIndex(kv: KVNamespace): Promise<AppIndex> {
  const raw = await kv.get(keys.appIndex);
  if (!raw) return { apps: [] };
  const j = parseJson(raw);
  const apps = j.ok ? (j.value as AppIndex).apps : null;
  return { apps: Array.isArray(apps) ? apps : [] };
}

export async function readJsonBody(req: Request): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
  const text = await req.text();
  if (text.length > 4 * 1024 * 1024) return { ok: false, error: "document too large (max 4 MB)" };
  return parseJson(text);
}

export const appsRoutes = new Hono<AdminEnv>()
  .get("/", async (c) => {
    const idx = await readIndex(c.env.CONFIG);
    return c.json(idx);
  })
  .get("/:app", async (c) => {
    const raw = await c.env.CONFIG.get(keys.app(c.req.param("app")));
    if (!raw) return c.json({ error: `app ${c.req.param("app")} not found` }, 404);
    const j = parseJson(raw);
    return j.ok ? c.json(j.value as object) : c.json({ error: `stored config is invalid: ${j.error}` }, 500);
  })
  .put("/:app", async (c) => {
    const id = c.req.param("app");
    const body = await readJsonBody(c.req.raw);
    if (!body.ok) return c.json({ error: body.error }, 400);
    const doc = body.value as Record<string, unknown>;
    if (doc && typeof doc === "object" && !Array.isArray(doc) && doc.id === undefined) doc.id = id;
    const parsed = parseAppConfig(doc);
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    if (parsed.value.id !== id) return c.json({ error: `id: must equal the app in the URL (${id})` }, 400);
    const idx = await readIndex(c.env.CONFIG);
    for (const a of idx.apps) {
      if (a.id === id) continue;
      const taken = parsed.value.hosts.find((h) => a.hosts.includes(h));
      if (taken) return c.json({ error: `hosts: ${taken} already belongs to app ${a.id}` }, 400);
    }
    await c.env.CONFIG.put(keys.app(id), JSON.stringify(parsed.value));
    const apps = idx.apps.filter((a) => a.id !== id);
    apps.push({ id, hosts: parsed.value.hosts });
    await c.env.CONFIG.put(keys.appIndex, JSON.stringify({ apps }));
    c.get("rt").registry.invalidate(id);
    return c.json(parsed.value);
  });
