/**
 * retryAfterS for sliding windows: a client that waits the Retry-After it was
 * given (and sends nothing meanwhile) is let through, and one that comes a
 * second earlier would not be: the answer is the real time the weighted
 * estimate needs to fall, not the rest of the current window (with which a
 * client that waited was refused again).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { estimate, retryAfterS } from "../../../core/ratelimit/window.ts";

/** The estimate at `t` if nothing is counted after the state (start, count, prev) seen at `start`. */
function estimateAt(t: number, windowS: number, start: number, count: number, prev: number): number {
  const w = windowS * 1000;
  if (t < start + w) return estimate("sliding", t, windowS, start, count, prev);
  if (t < start + 2 * w) return estimate("sliding", t, windowS, start + w, 0, count);
  return 0;
}

describe("sliding-window Retry-After", () => {
  it("the probe's case: 6 requests early in a 10 s window, limit 5", () => {
    const start = 1_700_000_000_000;
    const now = start + 60;
    const retry = retryAfterS("sliding", now, 10, start, 6, 0, 5);
    expect(retry).toBeGreaterThan(10); // waiting 10 s is not enough: the window's 6 still weigh 0.97 then
    expect(estimateAt(now + retry * 1000, 10, start, 6, 0) + 1).toBeLessThanOrEqual(5);
  });

  it("waiting the answer lets one request through; a second less would not", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        (windowS, limit, frac, count, prev) => {
          const start = 1_700_000_000_000;
          const now = start + Math.floor(frac * windowS * 1000);
          // Only states that are over the limit now are answered with a Retry-After.
          fc.pre(estimate("sliding", now, windowS, start, count, prev) > limit);
          const retry = retryAfterS("sliding", now, windowS, start, count, prev, limit);
          expect(estimateAt(now + retry * 1000, windowS, start, count, prev) + 1).toBeLessThanOrEqual(limit + 1e-9);
          if (retry > 1)
            expect(estimateAt(now + (retry - 1) * 1000 - 1, windowS, start, count, prev) + 1).toBeGreaterThan(limit);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
