/** Client profiles: bounded whatever a client sends, and lossless through JSON (Durable Object storage). */
import { describe, expect, it } from "vitest";
import { ClientProfile } from "../../../core/behaviour/client-profile.ts";
import { contextFromModel } from "../../../core/behaviour/context.ts";
import { eventFacts } from "../../../core/behaviour/facts.ts";
import { computeFeatures, F, FEATURE_COUNT } from "../../../core/behaviour/features.ts";
import type { BehaviourEvent } from "../../../core/behaviour/types.ts";

const ctx = contextFromModel(null);
const ev = (i: number, path: string, status = 200): BehaviourEvent => ({
  app: "a",
  client: "c",
  ip: "1.1.1.1",
  ts: 5000 + i * 0.5,
  method: "GET",
  path,
  query: [["page", String(i)]],
  status,
  bytes: 10,
  latencyMs: 1,
  headers: [["user-agent", `agent-${i % 40}`]],
  userAgent: `agent-${i % 40}`,
  blockedByApiward: false,
});

describe("ClientProfile", () => {
  it("stays bounded under 20,000 distinct ids, paths and agents", () => {
    const p = new ClientProfile();
    for (let i = 0; i < 20_000; i++) p.add(eventFacts(ev(i, `/api/items/${i}`, i % 3 ? 200 : 404), ctx));
    const json = JSON.stringify(p.toJSON());
    expect(json.length).toBeLessThan(40_000);
    const x = computeFeatures(p, 5000 + 20_000 * 0.5, ctx.markov);
    expect(x[F.items_read]).toBeLessThanOrEqual(96);
    expect(x[F.notfound_distinct]).toBeLessThanOrEqual(64);
    expect(x[F.ua_distinct]).toBeLessThanOrEqual(16);
  });

  it("round-trips through JSON with identical features", () => {
    const p = new ClientProfile();
    for (let i = 0; i < 150; i++)
      p.add(eventFacts(ev(i, i % 5 ? `/api/items/${i}` : "/missing", i % 5 ? 200 : 404), ctx));
    const q = ClientProfile.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    const now = 5000 + 150 * 0.5;
    expect([...computeFeatures(q, now, ctx.markov, new Float64Array(FEATURE_COUNT))]).toEqual([
      ...computeFeatures(p, now, ctx.markov, new Float64Array(FEATURE_COUNT)),
    ]);
  });

  it("a malformed state gives a fresh profile", () => {
    for (const bad of [null, 5, { v: 2 }, { v: 1, ring: {}, slots: {} }]) expect(ClientProfile.fromJSON(bad).n).toBe(0);
  });

  it("the long window forgets: counters and sets look back 20–30 minutes", () => {
    const p = new ClientProfile();
    for (let i = 0; i < 20; i++) p.add(eventFacts(ev(i, `/x/${i}`, 404), ctx));
    expect(computeFeatures(p, 5010, ctx.markov)[F.notfound_distinct]).toBe(20);
    expect(computeFeatures(p, 5000 + 3700, ctx.markov)[F.notfound_distinct]).toBe(0);
  });
});
