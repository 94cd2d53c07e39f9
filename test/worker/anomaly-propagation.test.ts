/**
 * Mitigation on every node (issue 8): two separately created isolate
 * runtimes share the same Durable Objects. Attack traffic seen by the first
 * only is aggregated and sent off the hot path; the Aggregates object's
 * minute alarm decides; the second, which never saw the attack, enforces
 * the mitigation from its own cache within 10 seconds of the decision,
 * without ever awaiting a Durable Object on its hot path.
 */
import { createExecutionContext, runDurableObjectAlarm, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { aggregatesName } from "../../core/anomaly/shards.ts";
import type { AnomalyEvent } from "../../core/anomaly/types.ts";
import { AnomalyRuntime } from "../../worker/datapath/anomaly.ts";
import { uniqueApp } from "../support/worker-harness.ts";

async function flushed(rt: AnomalyRuntime): Promise<void> {
  const ctx = createExecutionContext();
  rt.flush(env, ctx);
  await waitOnExecutionContext(ctx);
}

function event(app: string, ip: string, ts: number, over: Partial<AnomalyEvent> = {}): AnomalyEvent {
  return {
    app,
    ip,
    client: ip,
    ts,
    method: "POST",
    endpoint: "POST /api/login",
    path: "/api/login",
    status: 401,
    bytes: 40,
    latencyMs: 120,
    userAgent: "Mozilla/5.0",
    blockedByApiward: false,
    ...over,
  };
}

describe("anomaly mitigation propagation", () => {
  it("a mitigation decided from traffic on one isolate is enforced on another within 10 s", async () => {
    const app = uniqueApp("prop");
    const a = new AnomalyRuntime({ flushMs: 0, refreshMs: 1000 });
    const b = new AnomalyRuntime({ flushMs: 0, refreshMs: 1000 });
    const nowS = Date.now() / 1000;
    const minute = Math.floor(nowS / 60) * 60;
    const attackers = Array.from({ length: 40 }, (_, i) => `203.0.${100 + (i % 8)}.${i + 10}`);
    // Isolate B serves ordinary traffic and knows nothing of the attack.
    for (let i = 0; i < 20; i++)
      b.observe(
        event(app, `192.0.2.${i + 1}`, minute - 100 + i, { method: "GET", endpoint: "GET /", path: "/", status: 200 }),
      );
    expect(b.mitigationFor(env, app, "POST /api/login", attackers[0]!, attackers[0]!, nowS)).toBeNull();
    await flushed(b);
    // Isolate A sees a credential-stuffing botnet: 3 failed logins per address in the closed minutes.
    for (const [i, ip] of attackers.entries())
      for (let k = 0; k < 3; k++) a.observe(event(app, ip, minute - 170 + i * 3 + k));
    await flushed(a);
    await a.drain(env);
    expect(a.stats.deltas).toBeGreaterThan(0);

    // The Aggregates object's minute alarm closes the windows and decides.
    const agg = env.AGGREGATES.get(env.AGGREGATES.idFromName(aggregatesName(app)));
    expect(await runDurableObjectAlarm(agg)).toBe(true);
    const decided = Date.now();
    const published = await agg.mitigations(app);
    expect((published.list ?? []).filter((m) => m.scope === "client").length).toBe(40);

    // Isolate B keeps serving requests; its hot path only reads its cache.
    let enforcedAt: number | null = null;
    for (let i = 0; i < 100 && enforcedAt === null; i++) {
      const r = b.mitigationFor(env, app, "POST /api/login", attackers[i % 40]!, attackers[i % 40]!, Date.now() / 1000);
      if (r) {
        expect(r.source).toBe("anomaly");
        expect(r.id).toBe("distributed_bruteforce");
        expect(r.action).toBe("block");
        enforcedAt = Date.now();
        break;
      }
      await flushed(b);
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(enforcedAt).not.toBeNull();
    expect(enforcedAt! - decided).toBeLessThan(10_000);
    // Every attacker, on any endpoint, from either isolate; ordinary clients pass.
    for (const ip of attackers)
      expect(b.mitigationFor(env, app, "GET /", ip, ip, Date.now() / 1000)?.action).toBe("block");
    expect(b.mitigationFor(env, app, "GET /", "192.0.2.1", "192.0.2.1", Date.now() / 1000)).toBeNull();
    await a.refresh(env, app);
    expect(a.mitigationFor(env, app, "POST /api/login", attackers[5]!, attackers[5]!, Date.now() / 1000)?.action).toBe(
      "block",
    );
  });

  it("apiward's own answers travel as blocked, never as traffic", async () => {
    const app = uniqueApp("prop");
    const a = new AnomalyRuntime({ flushMs: 0 });
    const minute = Math.floor(Date.now() / 60_000) * 60;
    for (let i = 0; i < 200; i++)
      a.observe(event(app, `198.51.100.${i % 250}`, minute - 120 + i * 0.5, { status: 403, blockedByApiward: true }));
    await a.drain(env);
    const agg = env.AGGREGATES.get(env.AGGREGATES.idFromName(aggregatesName(app)));
    const t = await agg.tick(app, minute + 1);
    expect(t.created).toBe(0);
    // No window holds their requests (only the app-wide aggregate exists, counting them as
    // blocked); the addresses are kept as presence only, for campaign attribution.
    const s = await agg.status(app);
    expect([s.keys, s.ips]).toEqual([1, 200]);
  });

  it("endpoint mitigations challenge new clients entering there, never a verified crawler", async () => {
    const app = uniqueApp("prop");
    const a = new AnomalyRuntime({ flushMs: 0 });
    const minute = Math.floor(Date.now() / 60_000) * 60;
    // Six sources probe unknown paths: too few to mitigate one by one, enough to challenge newcomers there.
    for (let i = 0; i < 6; i++)
      a.observe(
        event(app, `203.0.113.${i + 20}`, minute - 150 + i * 20, {
          method: "GET",
          endpoint: undefined,
          path: `/.env${i}`,
          status: 404,
        }),
      );
    await a.drain(env);
    const agg = env.AGGREGATES.get(env.AGGREGATES.idFromName(aggregatesName(app)));
    await agg.tick(app, minute + 1);
    const b = new AnomalyRuntime({ refreshMs: 0 });
    await b.refresh(env, app);
    const now = Date.now() / 1000;
    const r = b.mitigationFor(env, app, undefined, "198.51.100.77", "198.51.100.77", now);
    expect(r?.action).toBe("challenge");
    expect(r?.id).toBe("distributed_scan");
    const googlebot = "66.249.66.1";
    const ua = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    // Without its user agent the same address is just another newcomer; with it, a verified crawler.
    expect(b.mitigationFor(env, app, undefined, googlebot, googlebot, now)?.action).toBe("challenge");
    expect(b.mitigationFor(env, app, undefined, googlebot, googlebot, now, ua)).toBeNull();
    // A client known before the anomaly, or entering elsewhere, is not challenged either.
    expect(b.mitigationFor(env, app, "GET /", "198.51.100.78", "198.51.100.78", now)).toBeNull();
    expect(b.mitigationFor(env, app, undefined, "198.51.100.78", "198.51.100.78", now)).toBeNull();
  });
});
