/**
 * @module worker/admin
 * The admin API under `/__apiward/` (DESIGN.md): bearer-authenticated, JSON
 * in and out, errors as `{"error": "..."}` with a status that says who is at
 * fault.
 */
import { Hono } from "hono";
import { objectCallCounts } from "../lib/object-stub.ts";
import { keys, parsePointer } from "../state/keys.ts";
import { parseJson } from "../state/registry.ts";
import { anomalyRoutes } from "./anomaly.ts";
import { appsRoutes, readIndex } from "./apps.ts";
import { adminAuth } from "./auth.ts";
import { behaviourRoutes } from "./behaviour.ts";
import { dashboard } from "./dashboard.ts";
import { detectionsRoutes } from "./detections.ts";
import { inventoryRoutes } from "./inventory.ts";
import { logsRoutes } from "./logs.ts";
import { policyRoutes } from "./policies.ts";
import type { AdminEnv } from "./types.ts";

/**
 * One app in health: the policy versions KV names, and those this isolate
 * enforces (its last good load; absent before its first request for the app).
 * They differ while a newer version fails to load, and `policy_error` says why.
 */
interface AppHealth {
  policy_version: number | null;
  dry_run: number | null;
  serving_policy_version?: number | null;
  serving_dry_run?: number | null;
  policy_error?: string;
}

/** Apps whose documents health loads itself (the rest report what this isolate's traffic loaded). */
const HEALTH_CHECK_APPS = 50;

export function adminApp(): Hono<AdminEnv> {
  const admin = new Hono<AdminEnv>();
  admin.use("*", dashboard()); // before auth: the page and its assets hold no data
  admin.use("*", adminAuth());
  admin.get("/health", async (c) => {
    const rt = c.get("rt");
    const apps: Record<string, AppHealth> = {};
    let kvError: string | null = null;
    try {
      const idx = await readIndex(c.env.CONFIG);
      const wait = (p: Promise<unknown>) => c.executionCtx.waitUntil(p);
      // Apps' documents, loaded here too: a bad one shows before traffic for it reaches this isolate.
      // Up to HEALTH_CHECK_APPS of them (three KV reads each, once per TTL): 150 of an invocation's 1,000 KV operations.
      const checked = idx.apps.slice(0, HEALTH_CHECK_APPS);
      await Promise.all(checked.map((a) => rt.registry.check(c.env.CONFIG, c.env.SNAPSHOTS, a.id, wait)));
      const cacheErrors = rt.registry.errors();
      for (const a of idx.apps) {
        const raw = await c.env.CONFIG.get(keys.policyPointer(a.id));
        const j = raw ? parseJson(raw) : null;
        const p = j?.ok ? parsePointer(j.value) : null;
        const ptr = p?.ok ? p.value : null;
        const serving = rt.registry.servingPolicy(a.id);
        const h: AppHealth = { policy_version: ptr?.active ?? null, dry_run: ptr?.dry_run ?? null };
        if (serving) {
          h.serving_policy_version = serving.active;
          h.serving_dry_run = serving.dry_run;
        }
        const err = cacheErrors[keys.policyPointer(a.id)];
        if (err) h.policy_error = err;
        apps[a.id] = h;
      }
    } catch (e) {
      kvError = (e as Error).message;
    }
    return c.json({
      ok: kvError === null && rt.wasmFailure === null,
      version: c.env.APIWARD_VERSION,
      apps,
      isolate: {
        started_at: rt.startedAt,
        stats: rt.stats,
        logs: rt.logs.stats,
        counters: rt.counters.stats,
        hits: rt.hits.stats,
        samples: rt.samples.stats,
        behaviour_events: rt.behaviour.core.events.stats,
        anomaly_deltas: rt.anomaly.core.deltas.stats,
        object_calls: objectCallCounts(),
        wasm: { ok: rt.wasmFailure === null, error: rt.wasmFailure, last_trap: rt.lastWasmTrap },
        cache_errors: rt.registry.errors(),
      },
      kv_error: kvError,
    });
  });
  admin.route("/apps", appsRoutes);
  admin.route("/apps", policyRoutes);
  admin.route("/apps", inventoryRoutes);
  admin.route("/apps", behaviourRoutes);
  admin.route("/logs", logsRoutes);
  admin.route("/anomaly", anomalyRoutes);
  admin.route("/", detectionsRoutes);
  admin.notFound((c) => c.json({ error: `no admin route ${c.req.method} ${c.req.path}` }, 404));
  admin.onError((err, c) => {
    console.error("apiward admin error", err);
    return c.json({ error: `internal error: ${err.message}` }, 500);
  });
  return admin;
}
