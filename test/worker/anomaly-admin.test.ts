/**
 * The anomaly admin API on the worker (bearer-authenticated): mitigations in
 * the `/mitigations` shape with their scope, findings, the audit trail,
 * lifting, and model upload as a versioned KV snapshot.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { IsolateAggregator } from "../../core/anomaly/aggregator.ts";
import { authTest } from "../../core/anomaly/events.ts";
import { AnomalyTrainer } from "../../core/anomaly/learn.ts";
import { aggregatesName } from "../../core/anomaly/shards.ts";
import type { AnomalyMitigation } from "../../core/anomaly/types.ts";
import { createHandler } from "../../worker/app.ts";
import { keys } from "../../worker/state/keys.ts";
import { benign, rng, T0 } from "../core/anomaly/traffic.ts";
import { admin, uniqueApp } from "../support/worker-harness.ts";

describe("anomaly admin API", () => {
  it("lists, explains, audits and lifts anomaly mitigations", async () => {
    const h = createHandler();
    const app = uniqueApp("anadm");
    const now = Math.floor(Date.now() / 60_000) * 60;
    const agg = new IsolateAggregator(app, { isAuth: authTest([]) });
    for (let i = 0; i < 30; i++)
      for (let k = 0; k < 3; k++)
        agg.observe({
          app,
          ip: `203.0.${i}.9`,
          client: `203.0.${i}.9`,
          ts: now - 150 + i * 3 + k,
          method: "POST",
          endpoint: "POST /api/login",
          status: 401,
          bytes: 40,
          latencyMs: 80,
          blockedByApiward: false,
        });
    const s = env.AGGREGATES.get(env.AGGREGATES.idFromName(aggregatesName(app)));
    await s.ingest(app, [agg.take()!]);
    await s.tick(app, now + 1);

    expect((await admin(h, "GET", `/anomaly/${app}/mitigations`, undefined, "wrong")).status).toBe(401);
    const res = await admin(h, "GET", `/anomaly/${app}/mitigations`);
    expect(res.status).toBe(200);
    const { mitigations } = (await res.json()) as { mitigations: AnomalyMitigation[] };
    expect(mitigations.length).toBe(30);
    const m = mitigations[0]!;
    for (const f of ["id", "app", "target", "kind", "action", "until", "reasons", "created_at", "scope"])
      expect(m).toHaveProperty(f);
    const findings = (await (await admin(h, "GET", `/anomaly/${app}/findings?limit=10`)).json()) as {
      findings: Array<{ kind: string }>;
    };
    expect(findings.findings.some((f) => f.kind === "distributed_bruteforce")).toBe(true);
    expect((await admin(h, "GET", `/anomaly/${app}/findings?limit=0`)).status).toBe(400);
    const del = await admin(h, "DELETE", `/anomaly/${app}/mitigations/${m.id}`);
    expect(await del.json()).toEqual({ lifted: m.id });
    expect((await admin(h, "DELETE", `/anomaly/${app}/mitigations/${m.id}`)).status).toBe(404);
    const audit = (await (await admin(h, "GET", `/anomaly/${app}/audit`)).json()) as {
      audit: Array<{ id: string; event: string }>;
    };
    expect(audit.audit.some((a) => a.id === m.id && a.event === "lifted")).toBe(true);
    expect(audit.audit.some((a) => a.id === m.id && a.event === "created")).toBe(true);
    // The general list (what the dashboard shows) carries them too, and lifts them.
    const all = (await (await admin(h, "GET", `/mitigations?app=${app}`)).json()) as {
      mitigations: Array<{ id: string }>;
    };
    expect(all.mitigations.length).toBe(29);
    const other = all.mitigations[0]!.id;
    expect((await admin(h, "DELETE", `/mitigations/${other}`)).status).toBe(200);
    const after = (await (await admin(h, "GET", `/mitigations?app=${app}`)).json()) as {
      mitigations: Array<{ id: string }>;
    };
    expect(after.mitigations.map((x) => x.id)).not.toContain(other);
  });

  it("stores an uploaded model as the next KV version and names the bad field of a broken one", async () => {
    const h = createHandler();
    const app = uniqueApp("anmod");
    const trainer = new AnomalyTrainer({
      app,
      templates: ["GET /", "POST /api/login"],
      authEndpoints: [],
      isAuth: authTest([]),
    });
    for (const e of benign(rng(5), T0, T0 + 2 * 3600, 60)) trainer.observe(e);
    const model = trainer.finish();
    const bad = await admin(h, "PUT", `/anomaly/${app}/model`, { ...model, features: ["requests"] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/anomaly.features/);
    const ok = await admin(h, "PUT", `/anomaly/${app}/model`, {
      format: "apiward.behaviour",
      extensions: { anomaly: model },
    });
    expect(await ok.json()).toEqual({ version: 1 });
    const again = await admin(h, "PUT", `/anomaly/${app}/model`, model);
    expect(await again.json()).toEqual({ version: 2 });
    const pointer = JSON.parse((await env.SNAPSHOTS.get(keys.snapshotPointer("anomaly", app))) ?? "{}");
    expect(pointer.version).toBe(2);
    expect(await env.SNAPSHOTS.get(keys.snapshot("anomaly", app, 2))).toContain("apiward.anomaly");
    const st = (await (await admin(h, "GET", `/anomaly/${app}/status`)).json()) as {
      shards: Array<{ model_version: number }>;
    };
    expect(st.shards[0]?.model_version).toBe(2);
  });
});
