/**
 * The central behaviour learning path in workerd, with the real worker, KV
 * and Durable Objects: benign traffic through the worker → the ClientState
 * shards summarise each client → the learning core trains with the code
 * `apiward learn` uses and publishes `behaviour:<app>:v<n>` → the shards
 * score with it. Forced (admin API) and scheduled (alarms: finished
 * clients' summaries, then training once enough arrived); a training set
 * with too few clients publishes nothing and says why.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { learnModel } from "../../core/behaviour/learn.ts";
import { parseModel } from "../../core/behaviour/model.ts";
import { clientKey } from "../../core/behaviour/summary.ts";
import { trainingSettingsKey } from "../../core/behaviour/training-settings.ts";
import { offlineRequest } from "../../core/pipeline/offline.ts";
import type { TrafficRecord } from "../../core/types.ts";
import {
  behaviourModelKey,
  behaviourPointerKey,
  type ClientState,
  IDLE_S,
  SUMMARY_SPAN_S,
  TRAINING_DUE_KEY,
} from "../../durable-objects/client-state.ts";
import * as T from "../../eval/behaviour-traffic.ts";
import { createHandler } from "../../worker/app.ts";
import { clientShardName, shardOf } from "../../worker/datapath/behaviour.ts";
import { loginFail } from "../support/behaviour-events.ts";
import { admin, originUrl, putApp, send, uniqueApp } from "../support/worker-harness.ts";

const h = createHandler();

/** Browsing people (test traffic generator), sent through the worker as `ip`s of 198.51.100.0/24. */
async function browse(app: string, people: number, from = 0, pages?: number): Promise<string[]> {
  const r = T.rng(people * 31 + from);
  const ips: string[] = [];
  for (let i = from; i < from + people; i++) {
    const ip = `198.51.100.${i}`;
    ips.push(ip);
    const recs: TrafficRecord[] = T.human(ip, 0, r, pages ?? 4 + (i % 4));
    for (const rec of recs) {
      const headers = new Headers(rec.headers as Record<string, string>);
      headers.set("cf-connecting-ip", ip);
      const res = await send(
        h,
        new Request(`http://${app}.test${rec.url}`, { method: rec.method, headers, body: rec.body ?? undefined }),
      );
      expect(res.status).toBe(200);
    }
  }
  return ips;
}

async function setup(settings: Record<string, number>): Promise<string> {
  const app = uniqueApp("bt");
  await putApp({ id: app, hosts: [`${app}.test`], origin: originUrl(), mode: "monitor" }, [h]);
  await env.CONFIG.put(trainingSettingsKey(app), JSON.stringify(settings));
  return app;
}

const shard = (app: string, n: number) => env.CLIENTS.get(env.CLIENTS.idFromName(clientShardName(app, n)));

/**
 * Runs shard `n`'s write-behind alarm until its `clients` are stored and the
 * alarm left is the hourly sweep. The alarm is due PERSIST_MS after the first
 * event, so on a slow run workerd may have fired it (or be running it) before
 * the test asks: a runDurableObjectAlarm that finds none is not a failure, a
 * shard that never stores its clients or never sets the sweep is.
 */
async function stored(app: string, n: number, clients: number): Promise<void> {
  let seen = "";
  for (let i = 0; i < 50; i++) {
    await runDurableObjectAlarm(shard(app, n));
    const state = await runInDurableObject(shard(app, n), async (_o: ClientState, s) => ({
      rows: s.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM clients WHERE app = ?", app).one().n,
      alarm: await s.storage.getAlarm(),
    }));
    if (state.rows === clients && state.alarm !== null && state.alarm > Date.now() + 30 * 60_000) return;
    seen = JSON.stringify(state);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`shard ${n} of ${app}: ${clients} clients and the sweep alarm expected, last seen ${seen}`);
}

describe("behaviour models trained by the learning core", { timeout: 120_000 }, () => {
  it("forced: benign traffic through the worker becomes behaviour:<app>:v1, and the shards score with it", async () => {
    const app = await setup({ min_clients: 20 });
    await browse(app, 25);
    // One busy reader, enough for an own baseline (train.ts BASELINE_MIN_REQUESTS).
    const [busy] = await browse(app, 1, 200, 40);
    const res = await admin(h, "POST", `/apps/${app}/behaviour/train`);
    expect(res.status).toBe(200);
    const run = (await res.json()) as {
      published: number | null;
      reason: string | null;
      flushed: number;
      clients: number;
    };
    expect(run.reason).toBeNull();
    expect(run.published).toBe(1);
    expect(run.flushed).toBe(26);
    expect(run.clients).toBeGreaterThanOrEqual(20);

    expect(await env.SNAPSHOTS.get(behaviourPointerKey(app), "json")).toMatchObject({ version: 1 });
    const model = parseModel(await env.SNAPSHOTS.get(behaviourModelKey(app, 1), "json"));
    if (typeof model === "string") throw new Error(model);
    expect(model.app).toBe(app);
    expect(model.trained_on.clients).toBe(run.clients);
    expect(model.clusters.length).toBeGreaterThanOrEqual(1);
    expect(model.age_minutes?.length).toBeGreaterThan(0);
    // The workflow model and the endpoint roles came from the shards' counts.
    expect(model.markov.transitions.length).toBeGreaterThan(0);
    expect(model.endpoints.login).toContain("POST /api/login");
    // The busy reader, known by its address alone, has its own baseline (summaries carry the client's key).
    expect(model.principals).toContainEqual(
      expect.objectContaining({
        id: clientKey(busy as string)
          .toString(16)
          .padStart(8, "0"),
        kind: "client",
      }),
    );

    const shown = (await (await admin(h, "GET", `/apps/${app}/behaviour/model`)).json()) as {
      active: { version: number; clusters: number[] };
      training: { last_run: { published: number; trigger: string }; summaries: number };
    };
    expect(shown.active.version).toBe(1);
    expect(shown.training.last_run).toMatchObject({ published: 1, trigger: "admin" });
    expect(shown.training.summaries).toBe(26);

    // A shard re-reads KV and scores with v1: a brute force is named against a cluster, not the floors.
    const ip = "203.0.113.66";
    const s = shard(app, shardOf(ip));
    expect(await s.model(app, true)).toEqual({ version: 1, clusters: model.clusters.length });
    const t0 = Date.now() / 1000;
    const fails = Array.from({ length: 12 }, (_, i) =>
      loginFail(app, ip, i, t0, { headers: [["user-agent", "python-requests/2.32"]] }),
    );
    const r = await s.observe(app, fails);
    expect(r.detections[0]?.kind).toBe("bruteforce");
    expect(r.detections[0]?.cluster).toBeGreaterThanOrEqual(0);

    // Summaries were sent once: the next forced run has nothing new from these clients.
    const again = (await (await admin(h, "POST", `/apps/${app}/behaviour/train`)).json()) as { flushed: number };
    expect(again.flushed).toBe(0);
  });

  it("too few clients: nothing is published, the run says why", async () => {
    const app = await setup({ min_clients: 20 });
    await browse(app, 6);
    const run = (await (await admin(h, "POST", `/apps/${app}/behaviour/train`)).json()) as {
      published: number | null;
      reason: string;
      flushed: number;
    };
    expect(run.flushed).toBe(6);
    expect(run.published).toBeNull();
    expect(run.reason).toMatch(/6 clients kept .* at least 20 are needed/);
    expect(await env.SNAPSHOTS.get(behaviourPointerKey(app))).toBeNull();
    const shown = (await (await admin(h, "GET", `/apps/${app}/behaviour/model`)).json()) as {
      active: unknown;
      training: { last_run: { reason: string } };
    };
    expect(shown.active).toBeNull();
    expect(shown.training.last_run.reason).toBe(run.reason);
  });

  it("an operator publishes a model from apiward learn through the admin API; a bad one is refused, naming why", async () => {
    const app = await setup({});
    const day = T.benignDay(3, 1_700_000_000);
    const model = learnModel(() => day.map((r, i) => offlineRequest(r, i + 1, app, 0)), { app });
    const put = (body: unknown) => admin(h, "PUT", `/apps/${app}/behaviour/model`, body);
    const refused = async (body: unknown) => {
      const r = await put(body);
      expect(r.status).toBe(400);
      return ((await r.json()) as { error: string }).error;
    };
    expect(await refused("{not json")).toMatch(/invalid JSON/);
    expect(await refused({})).toMatch(/model\.format/);
    expect(await refused({ ...model, features: ["x"] })).toMatch(/model\.features/);
    expect(await refused({ ...model, app: "another-app" })).toMatch(/model\.app: learned for "another-app"/);
    expect(await env.SNAPSHOTS.get(behaviourPointerKey(app))).toBeNull();

    const first = await put(model);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ version: 1 });
    expect(parseModel(await env.SNAPSHOTS.get(behaviourModelKey(app, 1), "json"))).not.toBeTypeOf("string");
    const shown = (await (await admin(h, "GET", `/apps/${app}/behaviour/model`)).json()) as {
      active: { version: number; clusters: number[] };
    };
    expect(shown.active.version).toBe(1);
    expect(shown.active.clusters).toEqual(model.clusters.map((c) => c.size));
    expect(await (await put(model)).json()).toEqual({ version: 2 });
    expect((await admin(h, "PUT", `/apps/${app}/behaviour/model`, model, "wrong")).status).toBe(401);
  });

  it("a bad settings override is named and the defaults apply", async () => {
    const app = await setup({ min_clients: 3 });
    const shown = (await (await admin(h, "GET", `/apps/${app}/behaviour/model`)).json()) as {
      training: { settings: { min_clients: number }; settings_error: string };
    };
    expect(shown.training.settings_error).toMatch(/min_clients/);
    expect(shown.training.settings.min_clients).toBe(200);
    expect((await admin(h, "GET", "/apps/no-such-app/behaviour/model")).status).toBe(404);
    expect((await admin(h, "POST", `/apps/${app}/behaviour/train`, undefined, "wrong")).status).toBe(401);
  });

  it("scheduled: finished clients' summaries go out on the shards' alarms, and the learning core's alarm trains", async () => {
    const app = await setup({ min_clients: 20, min_new: 24 });
    const ips = await browse(app, 24, 100);
    const shards = [...new Set(ips.map((ip) => shardOf(ip)))];
    const now = Date.now() / 1000;
    // The write-behind alarm stores the clients, and the next alarm is the first training sweep, an hour away.
    for (const n of shards) await stored(app, n, ips.filter((ip) => shardOf(ip) === n).length);
    // Time passes: half the clients went quiet hours ago, the other half has been summarised for over a day.
    for (const n of shards)
      await runInDurableObject(shard(app, n), async (_o: ClientState, s) => {
        s.storage.sql.exec(
          "UPDATE clients SET last = ? WHERE app = ? AND client IN (SELECT client FROM clients WHERE app = ? ORDER BY client LIMIT 1)",
          now - IDLE_S - 60,
          app,
          app,
        );
        s.storage.sql.exec("UPDATE clients SET train_since = ? WHERE app = ?", now - SUMMARY_SPAN_S - 60, app);
        // …and the hourly sweep is due.
        await s.storage.put(TRAINING_DUE_KEY, 0);
      });
    for (const n of shards) expect(await runDurableObjectAlarm(shard(app, n))).toBe(true);
    const learning = env.LEARNING.get(env.LEARNING.idFromName(app));
    // Enough fresh clients: the learning core's alarm is due in a second. The test runs it; on a
    // slow machine workerd may have run it (or be running it) first, which is the same schedule.
    let after = await learning.behaviourStatus(app);
    if (after.last_run === null) {
      expect(after.fresh).toBe(24);
      expect(after.next_due).not.toBeNull();
    }
    for (let i = 0; i < 50 && after.last_run?.trigger !== "schedule"; i++) {
      await runDurableObjectAlarm(learning);
      after = await learning.behaviourStatus(app);
      if (after.last_run?.trigger !== "schedule") await new Promise((r) => setTimeout(r, 100));
    }
    expect(after.last_run).toMatchObject({ trigger: "schedule", published: 1 });
    expect(after.fresh).toBe(0);
    expect(parseModel(await env.SNAPSHOTS.get(behaviourModelKey(app, 1), "json"))).not.toBeTypeOf("string");
    // The idle clients were forgotten, the long-running ones kept with a new summary.
    let left = 0;
    for (const n of shards)
      await runInDurableObject(shard(app, n), async (_o: ClientState, s) => {
        const rows = s.storage.sql
          .exec<{ train_since: number }>("SELECT train_since FROM clients WHERE app = ?", app)
          .toArray();
        left += rows.length;
        for (const r of rows) expect(r.train_since).toBeGreaterThan(now - 60);
      });
    expect(left).toBe(24 - shards.length);
  });
});
