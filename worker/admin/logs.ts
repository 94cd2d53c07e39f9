/**
 * @module worker/admin/logs
 * The access-log API (DESIGN.md, issue 9), mounted at `/__apiward/logs`:
 * - `GET /logs?app=&from=&to=&client=&endpoint=&decision=&request_id=&status=&limit=&cursor=`
 *   → `{"records":[…],"next":<cursor or null>}`, newest first; `&format=ndjson`
 *   streams every matching record instead (`application/x-ndjson`), or the
 *   first `limit` when it is given.
 * - `GET /logs/stats?app=&from=&to=&bucket=minute|hour&top=` → requests and
 *   blocks over time, top clients, endpoints and rules.
 * - `POST /logs/archive?app=&day=yyyy-mm-dd` → writes the day as gzip NDJSON
 *   to the `ARCHIVE` R2 bucket; 501 when the binding is missing.
 * Without `app`, queries cover every configured app, the default app and
 * `_unrouted` (requests for hosts no app serves, or refused while no app
 * configuration could be read).
 * Parameter errors are 400s naming the parameter; a failing shard is a 503.
 */

import { Hono } from "hono";
import { UNROUTED_APP } from "../../core/log/record.ts";
import { archiveDay } from "../../durable-objects/log-store/archive.ts";
import {
  DEFAULT_MAX_SHARDS,
  exportShards,
  queryShards,
  statsShardCount,
  statsShards,
} from "../../durable-objects/log-store/fanout.ts";
import { DEFAULT_LIMIT, parseArchive, parseLogQuery, parseLogStats } from "../../durable-objects/log-store/params.ts";
import { DAY_MS, retentionDays } from "../../durable-objects/log-store/shards.ts";
import { readIndex } from "./apps.ts";
import type { AdminEnv } from "./types.ts";

/** Most shards one stats request aggregates (days × apps). */
const MAX_STATS_SHARDS = 64;

interface LogEnv {
  APIWARD_LOG_RETENTION_DAYS?: string;
  ARCHIVE?: R2Bucket;
}

function logEnv(env: Env): LogEnv {
  return env as LogEnv;
}

/**
 * The apps a query covers: the one asked for, else every configured app, the
 * default app and the requests no app took (UNROUTED_APP).
 */
async function appsFor(env: Env, app: string | null): Promise<string[]> {
  if (app) return [app];
  const idx = await readIndex(env.CONFIG);
  const ids = new Set(idx.apps.map((a) => a.id));
  if (env.APIWARD_DEFAULT_APP) ids.add(env.APIWARD_DEFAULT_APP);
  ids.add(UNROUTED_APP);
  return [...ids].sort();
}

function storeError(e: unknown): { error: string } {
  return { error: `log store unavailable: ${e instanceof Error ? e.message : String(e)}` };
}

export const logsRoutes = new Hono<AdminEnv>()
  .get("/", async (c) => {
    const url = new URL(c.req.url);
    const retentionMs = retentionDays(logEnv(c.env).APIWARD_LOG_RETENTION_DAYS) * DAY_MS;
    const parsed = parseLogQuery(url.searchParams, Date.now(), retentionMs);
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    const p = parsed.value;
    const apps = await appsFor(c.env, p.app);
    const q = {
      apps,
      filters: p.filters,
      fromMs: p.fromMs,
      toMs: p.toMs,
      cursor: p.cursor,
      maxShards: DEFAULT_MAX_SHARDS,
    };
    if (p.format === "ndjson") {
      return new Response(exportShards(c.env.LOGS, { ...q, limit: p.limit }), {
        headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" },
      });
    }
    try {
      const page = await queryShards(c.env.LOGS, { ...q, limit: p.limit ?? DEFAULT_LIMIT });
      return c.json({ records: page.records, next: page.next });
    } catch (e) {
      return c.json(storeError(e), 503);
    }
  })
  .get("/stats", async (c) => {
    const parsed = parseLogStats(new URL(c.req.url).searchParams, Date.now());
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    const p = parsed.value;
    const apps = await appsFor(c.env, p.app);
    const shards = statsShardCount(apps.length, p.fromMs, p.toMs);
    if (shards > MAX_STATS_SHARDS) {
      return c.json(
        {
          error: `from: the range and apps span ${shards} day shards (max ${MAX_STATS_SHARDS}); narrow from/to or pick an app`,
        },
        400,
      );
    }
    try {
      const stats = await statsShards(c.env.LOGS, { ...p, apps });
      return c.json({
        apps,
        from: p.fromMs / 1000,
        to: p.toMs / 1000,
        bucket: p.bucket,
        series: stats.series,
        top_clients: stats.top_clients,
        top_endpoints: stats.top_endpoints,
        top_rules: stats.top_rules,
        top_anomalies: stats.top_anomalies,
      });
    } catch (e) {
      return c.json(storeError(e), 503);
    }
  })
  .post("/archive", async (c) => {
    const bucket = logEnv(c.env).ARCHIVE;
    if (!bucket) {
      return c.json(
        {
          error:
            'log archive not configured: add an R2 bucket binding named ARCHIVE to wrangler.toml ([[r2_buckets]] binding = "ARCHIVE" bucket_name = "apiward-archive"), create it with `wrangler r2 bucket create apiward-archive`, and redeploy',
        },
        501,
      );
    }
    const parsed = parseArchive(new URL(c.req.url).searchParams);
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    const { app, day } = parsed.value;
    try {
      const result = await archiveDay(c.env.LOGS, bucket, app, day);
      if (!result) return c.json({ error: `no records for app ${app} on ${day}` }, 404);
      return c.json({ app, day, ...result });
    } catch (e) {
      return c.json({ error: `archive failed: ${e instanceof Error ? e.message : String(e)}` }, 503);
    }
  });
