/** Events grouped per `batchS` seconds of event time (core/behaviour/time-batches.ts). */
import { describe, expect, it } from "vitest";
import { TimeBatches } from "../../../core/behaviour/time-batches.ts";

describe("TimeBatches", () => {
  it("closes a batch when an event starts the next second-bucket, and hands the open one over on take", () => {
    const b = new TimeBatches<{ ts: number }>(1);
    expect(b.push({ ts: 10.1 })).toBeNull();
    expect(b.push({ ts: 10.9 })).toBeNull();
    expect(b.push({ ts: 11.0 })).toEqual([{ ts: 10.1 }, { ts: 10.9 }]);
    expect(b.push({ ts: 13.5 })).toEqual([{ ts: 11.0 }]);
    expect(b.take()).toEqual([{ ts: 13.5 }]);
    expect(b.take()).toEqual([]);
    // After a take, the next event opens a batch of its own.
    expect(b.push({ ts: 13.6 })).toBeNull();
    expect(b.take()).toEqual([{ ts: 13.6 }]);
  });
});
