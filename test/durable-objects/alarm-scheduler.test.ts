/**
 * The write-behind objects' alarm scheduling (durable-objects/alarm-scheduler.ts),
 * on a real Durable Object's storage: the alarm moves only sooner, one
 * storage read serves later batches, and after an alarm fired the next
 * schedule sets a new one.
 */

import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { AlarmScheduler } from "../../durable-objects/alarm-scheduler.ts";
import type { CounterShard } from "../../durable-objects/counter-shard.ts";

describe("AlarmScheduler", () => {
  it("sets the alarm only sooner, and again after it fired", async () => {
    const stub = env.COUNTERS.get(env.COUNTERS.idFromName(`alarm-scheduler-${Date.now()}`));
    await runInDurableObject(stub, async (_o: CounterShard, state) => {
      const a = new AlarmScheduler(state.storage);
      const now = Date.now();
      await a.schedule(now + 60_000);
      expect(await state.storage.getAlarm()).toBe(now + 60_000);
      await a.schedule(now + 120_000);
      expect(await state.storage.getAlarm()).toBe(now + 60_000);
      await a.schedule(now + 30_000);
      expect(await state.storage.getAlarm()).toBe(now + 30_000);
      // Another instance (a restarted object) learns the alarm from storage and keeps it.
      const b = new AlarmScheduler(state.storage);
      await b.schedule(now + 90_000);
      expect(await state.storage.getAlarm()).toBe(now + 30_000);
      // The alarm ran: the time this instance knew is gone, the next schedule sets one.
      await state.storage.deleteAlarm();
      a.fired();
      await a.schedule(now + 45_000);
      expect(await state.storage.getAlarm()).toBe(now + 45_000);
      await state.storage.deleteAlarm();
    });
  });
});
