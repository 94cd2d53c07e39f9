/**
 * The anomaly stage in the offline pipeline (`apiward replay`): it learns
 * from the same requests `apiward learn` reads, detects a distributed brute
 * force in simulated time, reports each participating address with its
 * distributed kind, answers their later requests (so they count as
 * apiward's own answers), and leaves ordinary visitors alone.
 */
import { describe, expect, it } from "vitest";
import { AnomalyStage, anomalyModelOf, learnAnomaly } from "../../../core/anomaly/replay-stage.ts";
import { offlineRequest } from "../../../core/pipeline/offline.ts";
import { Replay } from "../../../core/pipeline/replay.ts";
import type { TrafficRecord } from "../../../core/types.ts";
import { TEMPLATES } from "./harness.ts";
import { benign, ipv4, rng, T0 } from "./traffic.ts";

function records(events: ReturnType<typeof benign>): TrafficRecord[] {
  return events
    .sort((a, b) => a.ts - b.ts)
    .map((e) => ({
      ts: e.ts,
      method: e.method,
      url: `${e.path ?? "/"}${e.query?.length ? `?${e.query.map(([k, v]) => `${k}=${v}`).join("&")}` : ""}`,
      ip: e.ip,
      status: e.status,
      bytes: e.bytes,
      latency_ms: e.latencyMs,
      headers: { "user-agent": e.userAgent ?? "" },
    }));
}

describe("anomaly replay stage", () => {
  it("learns through `learn`'s seam, then replays a distributed brute force to per-address verdicts", () => {
    const train = records(benign(rng(31), T0, T0 + 6 * 3600, 120));
    let last = 0;
    const reqs = train.map((r, i) => {
      const q = offlineRequest(r, i + 1, "shop", last);
      last = q.event.ts;
      return q;
    });
    const model = learnAnomaly("shop", reqs, TEMPLATES, ["POST /api/login"]);
    expect(model.auth_endpoints).toContain("POST /api/login");
    const loaded = anomalyModelOf({ extensions: { anomaly: JSON.parse(JSON.stringify(model)) } });
    expect(loaded).not.toBeNull();
    expect(anomalyModelOf({ extensions: { anomaly: { format: "nope" } } })).toBeNull();

    const start = T0 + 6 * 3600;
    const r = rng(32);
    const attackers = Array.from({ length: 120 }, () => ipv4(r));
    const attack: TrafficRecord[] = [];
    for (const ip of attackers)
      for (let k = 0; k < 4; k++)
        attack.push({
          ts: start + 600 + r() * 900,
          method: "POST",
          url: "/api/login",
          ip,
          status: 401,
          headers: { "content-type": "application/json" },
          body: '{"username":"a","password":"b"}',
        });
    const test = [...records(benign(rng(33), start, start + 3600, 120)), ...attack].sort(
      (a, b) => (a.ts ?? 0) - (b.ts ?? 0),
    );
    const stage = new AnomalyStage({ model: loaded, app: "shop" });
    const replay = new Replay({ app: "shop", model: null, extraStages: () => [stage] });
    let answered = 0;
    const sink = { detection: () => {} };
    test.forEach((rec, i) => {
      const q = replay.push(rec, i + 1, sink);
      if (q.answeredBy?.startsWith("mitigation:distributed")) answered++;
    });
    // The replay's own per-address verdicts (`apiward replay` prints them): each detection counts
    // against the address it names, not the one whose request was being replayed when it came.
    const verdicts = new Map(replay.summaries().map((x) => [x.client, x.verdict]));
    const attackerSet = new Set(attackers);
    const maliciousBenign = [...verdicts].filter(([ip, v]) => v === "malicious" && !attackerSet.has(ip));
    expect(maliciousBenign).toEqual([]);
    const maliciousAttackers = attackers.filter((ip) => verdicts.get(ip) === "malicious").length;
    expect(maliciousAttackers / attackers.length).toBeGreaterThanOrEqual(0.9);
    // Replay.finish runs every stage's last step (`apiward replay` calls it): the last window's tick
    // here, which the CLI skipped before, so a campaign cut short lost its last detections.
    let lastTick = 0;
    const spy = stage.finish.bind(stage);
    stage.finish = (s) => {
      lastTick++;
      spy(s);
    };
    replay.finish(sink);
    expect(lastTick).toBe(1);
    const flagged = attackers.filter((ip) => stage.kindsOf(ip).includes("distributed_bruteforce")).length;
    expect(flagged / attackers.length).toBeGreaterThanOrEqual(0.9);
    expect(answered).toBeGreaterThan(0);
    const benignIps = new Set(test.filter((x) => x.status !== 401).map((x) => x.ip as string));
    for (const ip of attackers) benignIps.delete(ip);
    expect([...benignIps].filter((ip) => stage.kindsOf(ip).length > 0)).toEqual([]);
    expect(stage.detections[0]?.kind).toBe("distributed_bruteforce");
  }, 60_000);
});
