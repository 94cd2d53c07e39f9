import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Batcher, MAX_FLUSH_MS, MAX_STANDBYS, STANDBY_POLL_MS } from "../../../core/edge/batcher.ts";
import { SubrequestBudget } from "../../../core/edge/subrequest-budget.ts";

/** A batcher whose store answers after `rttMs` (fake time), recording each call's batch size. */
function timedBatcher(opts: { lingerMs: number; rttMs: number; maxBatch?: number }) {
  const sizes: number[] = [];
  const sent: number[] = [];
  const b = new Batcher<number>({
    send: async (batch, budget) => {
      budget.take(); // one store call a batch
      sizes.push(batch.length);
      await new Promise((r) => setTimeout(r, opts.rttMs));
      sent.push(...batch);
    },
    lingerMs: () => opts.lingerMs,
    maxBatch: opts.maxBatch ?? 500,
  });
  return { b, sizes, sent };
}

describe("Batcher under sustained load", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sends once a linger while items keep coming, not back to back, and loses none", async () => {
    const { b, sizes, sent } = timedBatcher({ lingerMs: 250, rttMs: 5 });
    let next = 0;
    // 2 s of traffic: 10 items every 10 ms (1,000 items/s), a flush attempted after each burst (as every request does).
    for (let t = 0; t < 2000; t += 10) {
      for (let i = 0; i < 10; i++) b.push(next++);
      b.flush();
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual(Array.from({ length: next }, (_, i) => i));
    // About one call per 255 ms (linger + round trip), each with about 250 items; a send per round trip would be ~300 calls.
    expect(sizes.length).toBeLessThanOrEqual(10);
    expect(Math.min(...sizes.slice(0, -1))).toBeGreaterThan(200);
  });

  it("keeps sending what arrives during a send within the same flush (no later request needed)", async () => {
    const { b, sent } = timedBatcher({ lingerMs: 250, rttMs: 50 });
    for (let i = 0; i < 10; i++) b.push(i);
    const flush = b.flush();
    expect(flush).not.toBeNull();
    await vi.advanceTimersByTimeAsync(270); // linger over, first send in flight
    for (let i = 10; i < 15; i++) b.push(i);
    // One flush at a time: later requests only stand by (a few of them), and leave once the running flush has sent everything.
    const standbys = Array.from({ length: MAX_STANDBYS }, () => b.flush());
    expect(standbys.every((p) => p !== null)).toBe(true);
    expect(b.flush()).toBeNull();
    await vi.advanceTimersByTimeAsync(1000);
    await flush;
    await Promise.all(standbys);
    expect(sent).toEqual(Array.from({ length: 15 }, (_, i) => i));
  });

  it("sends a full batch without lingering", async () => {
    const { b, sizes } = timedBatcher({ lingerMs: 250, rttMs: 5, maxBatch: 100 });
    for (let i = 0; i < 250; i++) b.push(i);
    b.flush();
    await vi.advanceTimersByTimeAsync(12);
    expect(sizes).toEqual([100, 100]); // two full batches at once; the last 50 wait for a linger
    await vi.advanceTimersByTimeAsync(300);
    expect(sizes).toEqual([100, 100, 50]);
  });

  it("hands over to a later flush after MAX_FLUSH_MS of sustained sending", async () => {
    const { b, sent } = timedBatcher({ lingerMs: 250, rttMs: 5 });
    let next = 0;
    b.push(next++);
    const first = b.flush();
    const t0 = Date.now();
    let endedAt: number | null = null;
    first?.then(() => {
      endedAt = Date.now() - t0;
    });
    for (let t = 0; t < MAX_FLUSH_MS + 2000 && endedAt === null; t += 100) {
      b.push(next++);
      await vi.advanceTimersByTimeAsync(100);
    }
    // It kept sending while items came, then stopped within a linger of the bound.
    expect(endedAt).not.toBeNull();
    expect(endedAt as unknown as number).toBeGreaterThanOrEqual(MAX_FLUSH_MS);
    expect(endedAt as unknown as number).toBeLessThan(MAX_FLUSH_MS + 1000);
    // A later request's flush picks up what is left.
    b.push(next++);
    expect(b.flush()).not.toBeNull();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual(Array.from({ length: next }, (_, i) => i));
  });
});

describe("Batcher: the last items of a burst go out without a later request", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("a request that came during the flush takes over when the flush's subrequest budget runs out", async () => {
    const { b, sent } = timedBatcher({ lingerMs: 250, rttMs: 5, maxBatch: 10 });
    for (let i = 0; i < 10; i++) b.push(i);
    const first = b.flush(new SubrequestBudget(1)); // this request can pay for one send of 10
    await vi.advanceTimersByTimeAsync(100);
    for (let i = 10; i < 20; i++) b.push(i); // the burst's last request, during the first send's linger…
    const last = b.flush(new SubrequestBudget(40)); // …stands by with its own budget
    await vi.advanceTimersByTimeAsync(5000); // no request follows
    await first;
    await last;
    expect(sent).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(b.stats.buffered).toBe(0);
  });

  it("takes over at once when a long flush reaches MAX_FLUSH_MS as the traffic stops", async () => {
    const { b, sent } = timedBatcher({ lingerMs: 250, rttMs: 5 });
    let next = 0;
    b.push(next++);
    let firstEnded = false;
    b.flush()?.then(() => {
      firstEnded = true;
    });
    // Every request pushes and asks for a flush, until the first flush reaches its bound; then nobody comes.
    while (!firstEnded) {
      b.push(next++);
      b.flush();
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent).toEqual(Array.from({ length: next }, (_, i) => i));
  });

  it("waits out a failed send's backoff and retries, without a later request", async () => {
    const sent: number[] = [];
    let calls = 0;
    const b = new Batcher<number>({
      send: async (batch) => {
        if (calls++ === 0) throw new Error("store unavailable");
        sent.push(...batch);
      },
      lingerMs: () => 50,
    });
    for (let i = 0; i < 5; i++) b.push(i);
    const first = b.flush();
    await vi.advanceTimersByTimeAsync(10);
    b.push(5);
    const standby = b.flush();
    expect(standby).not.toBeNull();
    await vi.advanceTimersByTimeAsync(1000);
    await first;
    await standby;
    expect(sent).toEqual([0, 1, 2, 3, 4, 5]);
    expect(b.stats.failedAttempts).toBe(1);
  });

  it("a stand-by with nothing left to send leaves at its first look after the flush ends", async () => {
    const { b, sent } = timedBatcher({ lingerMs: 50, rttMs: 5 });
    b.push(1);
    b.flush();
    b.push(2);
    let left = false;
    b.flush()?.then(() => {
      left = true;
    });
    await vi.advanceTimersByTimeAsync(300);
    expect(sent).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(STANDBY_POLL_MS);
    expect(left).toBe(true);
  });

  it("a stand-by acts from its own timer: it starts its flush in its own turn, not in the ending flush's", async () => {
    // The ending flush resolves nothing the stand-by waits on: had it started the stand-by's flush, that flush
    // would live in the ending request's context, which the platform tears down right after (it stalled).
    const { b, sent } = timedBatcher({ lingerMs: 50, rttMs: 5, maxBatch: 1 });
    for (let i = 0; i < 3; i++) b.push(i);
    const first = b.flush(new SubrequestBudget(1));
    const standby = b.flush(new SubrequestBudget(40));
    let firstDone = false;
    first?.then(() => {
      firstDone = true;
    });
    await vi.advanceTimersByTimeAsync(60);
    expect(firstDone).toBe(true);
    expect(sent).toEqual([0]); // the stand-by has not looked yet
    await vi.advanceTimersByTimeAsync(STANDBY_POLL_MS + 500);
    await standby;
    expect(sent).toEqual([0, 1, 2]);
  });
});
