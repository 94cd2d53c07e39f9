/**
 * @module test/shared/storage-contract
 * The storage interface's contract (core/storage/types.ts), one suite run
 * against every implementation: the Cloudflare one over KV and Durable
 * Objects (test/worker/storage-contract.test.ts, in workerd) and the Vercel
 * one over Edge Config and a real Redis (test/vercel/storage-contract.test.ts).
 * What one platform does, the other must do, or this fails on it.
 */
import { describe, expect, it } from "vitest";
import type { AnomalyDelta } from "../../core/anomaly/delta.ts";
import type { BehaviourEvent, Detection } from "../../core/behaviour/types.ts";
import type { AccessLogRecord } from "../../core/log/record.ts";
import type { ApiwardStorage } from "../../core/storage/types.ts";
import { getEvent } from "../support/behaviour-events.ts";

export interface ContractTarget {
  storage: ApiwardStorage;
  /** Writes an operator document (KV `CONFIG` / Edge Config) under its KV name. */
  putConfig(name: string, value: unknown): Promise<void>;
}

let seq = 0;
const uid = (p: string) => `${p}-${Date.now().toString(36)}-${++seq}`;

function detection(app: string, client: string, kind: Detection["kind"], ts: number): Detection {
  return {
    ts,
    app,
    client,
    ip: client,
    kind,
    action: "block",
    score: 1.5,
    reasons: [{ feature: "probe_hits", value: 4, threshold: 3, normal: 0, z: 4 }],
    requests: 10,
    cluster: -1,
  };
}

function probe(app: string, client: string, path: string, ts: number): BehaviourEvent {
  const ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/124 Safari/537.36";
  return getEvent(app, client, path, ts, {
    status: 404,
    bytes: 120,
    latencyMs: 3,
    userAgent: ua,
    headers: [["user-agent", ua]],
  });
}

function record(app: string, id: string, ts: number): AccessLogRecord {
  return {
    ts,
    request_id: id,
    app,
    client: "192.0.2.1",
    ip: "192.0.2.1",
    method: "GET",
    host: `${app}.test`,
    url: "/x",
    decision: "allow",
    would: "allow",
    mode: "enforce",
    reasons: [],
    status: 200,
    bytes: 10,
    latency_ms: 1,
    policy_version: null,
  };
}

export function storageContract(platform: string, target: () => ContractTarget): void {
  describe(`storage contract: ${platform}`, () => {
    it("documents: absent is null, a written one reads back as JSON text", async () => {
      const { storage, putConfig } = target();
      const app = uid("doc");
      expect(await storage.config.get(`app:${app}`)).toBeNull();
      const doc = { id: app, hosts: [`${app}.test`], origin: "https://o.test" };
      await putConfig(`app:${app}`, doc);
      const raw = await storage.config.get(`app:${app}`);
      expect(raw).not.toBeNull();
      expect(JSON.parse(raw as string)).toEqual(doc);
    });

    it("counters: deltas add up per key and window; the next window carries the previous count", async () => {
      const { storage } = target();
      const app = uid("rl");
      const t = Math.floor(Date.now() / 60_000) * 60_000 + 1_000;
      const k1 = `${app}|rule|a`;
      const k2 = `${app}|rule|b`;
      const shard = `rl:${app}:0`;
      const r1 = await storage.counters.add(
        shard,
        [
          { key: k1, windowS: 60, delta: 2 },
          { key: k2, windowS: 60, delta: 1 },
        ],
        t,
      );
      expect(r1.map((s) => [s.key, s.count, s.start])).toEqual([
        [k1, 2, t - 1_000],
        [k2, 1, t - 1_000],
      ]);
      const r2 = await storage.counters.add(shard, [{ key: k1, windowS: 60, delta: 3 }], t + 5_000);
      expect(r2[0]?.count).toBe(5);
      const r3 = await storage.counters.add(shard, [{ key: k1, windowS: 60, delta: 1 }], t + 60_000);
      expect(r3[0]).toMatchObject({ key: k1, count: 1, prev: 5, start: t + 59_000 });
    });

    it("hits: per-rule counts of a policy version add up", async () => {
      const { storage } = target();
      const app = uid("hits");
      await storage.counters.addHits(app, 3, { a: 2, b: 1 });
      await storage.counters.addHits(app, 3, { a: 5 });
      await storage.counters.addHits(app, 4, { a: 1 });
      expect(await storage.counters.getHits(app, 3)).toEqual({ a: 7, b: 1 });
      expect(await storage.counters.getHits(app, 4)).toEqual({ a: 1 });
    });

    it("mitigations: a detection becomes one mitigation, a repeat extends it, lift removes it", async () => {
      const { storage } = target();
      const app = uid("mit");
      const now = Date.now() / 1000;
      const first = await storage.mitigations.record(app, [detection(app, "203.0.113.9", "scanner", now)]);
      expect(first).toHaveLength(1);
      expect(first[0]).toMatchObject({ target: "203.0.113.9", kind: "scanner", action: "block" });
      expect(first[0]?.until).toBeCloseTo(now + 3600, 0);
      const again = await storage.mitigations.record(app, [detection(app, "203.0.113.9", "scanner", now + 100)]);
      expect(again[0]?.id).toBe(first[0]?.id);
      const list = await storage.mitigations.list(app, now + 1);
      expect(list).toHaveLength(1);
      expect(list[0]?.until).toBeCloseTo(now + 3700, 0);
      expect(await storage.mitigations.list(app, now + 4000)).toHaveLength(0);
      expect(await storage.mitigations.lift(app, list[0]?.id as string)).toBe(true);
      expect(await storage.mitigations.lift(app, list[0]?.id as string)).toBe(false);
      expect(await storage.mitigations.list(app, now + 1)).toHaveLength(0);
    });

    it("mitigations: the app's behaviour policy sets the action and TTL", async () => {
      const { storage, putConfig } = target();
      const app = uid("mitp");
      await putConfig(`behaviour-policy:${app}`, { scanner: { action: "challenge", ttl_s: 120 } });
      const now = Date.now() / 1000;
      const [m] = await storage.mitigations.record(app, [detection(app, "203.0.113.10", "scanner", now)]);
      expect(m).toMatchObject({ action: "challenge" });
      expect(m?.until).toBeCloseTo(now + 120, 0);
    });

    it("client state: a profile carries over between batches, and a detection records its mitigation", async () => {
      const { storage } = target();
      const app = uid("cs");
      const c = "198.51.100.77";
      const t = Date.now() / 1000 - 30;
      const first = await storage.clients.observe(app, 5, [
        probe(app, c, "/.env", t),
        probe(app, c, "/.git/config", t + 1),
      ]);
      expect(first.detections).toEqual([]);
      const second = await storage.clients.observe(app, 5, [
        probe(app, c, "/wp-login.php", t + 2),
        probe(app, c, "/phpinfo.php", t + 3),
      ]);
      expect(second.detections.map((d) => d.kind)).toContain("scanner");
      expect(second.mitigations.some((m) => m.target === c && m.kind === "scanner")).toBe(true);
      const listed = await storage.mitigations.list(app, t + 4);
      expect(listed.some((m) => m.target === c && m.kind === "scanner")).toBe(true);
      // Reported once per mitigation TTL: more probes do not detect again.
      const third = await storage.clients.observe(app, 5, [probe(app, c, "/backup.sql", t + 5)]);
      expect(third.detections.map((d) => d.kind)).not.toContain("scanner");
    });

    it("aggregates: ingest answers a version; an unchanged list is not sent again", async () => {
      const { storage } = target();
      const app = uid("agg");
      const minute = Math.floor(Date.now() / 60_000) * 60;
      const delta: AnomalyDelta = { app, slices: [], ips: [], droppedIps: 0 };
      const v = await storage.aggregates.ingest(app, 0, 1, [delta]);
      expect(typeof v.epoch).toBe("string");
      expect(Number.isInteger(v.version)).toBe(true);
      const full = await storage.aggregates.mitigations(app, 0, 1);
      expect(Array.isArray(full.list)).toBe(true);
      const same = await storage.aggregates.mitigations(app, 0, 1, { epoch: full.epoch, version: full.version });
      expect(same.list).toBeNull();
      const t = await storage.aggregates.tick(app, 0, 1, minute + 61);
      expect(t).toMatchObject({ findings: 0, created: 0 });
    });

    it("logs: records are stored once per request id, newest first", async () => {
      const { storage } = target();
      const app = uid("log");
      const t = Date.now();
      await storage.logs.append([record(app, `${app}-1`, t), record(app, `${app}-2`, t + 1)]);
      // A retried batch: the first record again, with a new one.
      await storage.logs.append([record(app, `${app}-2`, t + 1), record(app, `${app}-3`, t + 2)]);
      const got = await storage.logs.recent(app, t, 10);
      expect(got.map((r) => r.request_id)).toEqual([`${app}-3`, `${app}-2`, `${app}-1`]);
    });
  });
}
