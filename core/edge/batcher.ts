/**
 * @module core/edge/batcher
 * Off-hot-path delivery of items (log records, learning samples, counter
 * deltas) from an isolate to a Durable Object. The hot path only pushes; the
 * flush runs inside `ctx.waitUntil` of the request that triggers it.
 *
 * - One flush in flight at a time. A flush lingers (`lingerMs`, default
 *   250 ms) before each send unless a full batch is already queued, so under
 *   load one Durable Object call carries hundreds of items instead of one
 *   each, also when items keep coming while a send is in flight (they wait
 *   for the next linger, not for a back-to-back send). The flush keeps going
 *   inside the triggering request's `waitUntil` until the queue is empty, so
 *   items never wait for a later request to be sent, even in an isolate that
 *   then goes idle; under sustained load it hands over to a later request's
 *   flush after `MAX_FLUSH_MS` (within the platform's 30 s for `waitUntil`).
 * - A failed batch goes back to the front of the queue and the next flush
 *   waits out an exponential backoff (100 ms doubling, capped at 30 s).
 * - The queue is a bounded spill buffer (`maxBuffered`): past it the oldest
 *   items are dropped and counted in `dropped`, which health and the dashboard
 *   report. Nothing is dropped silently.
 * - Each flush spends the subrequest budget of the request it runs on
 *   (core/edge/subrequest-budget.ts): a send takes one unit per store call
 *   and hands back what did not fit as deferred; deferred items go back to
 *   the front of the queue for the next flush, without a backoff (counted in
 *   `deferred`).
 */
import type { SendResult } from "./send-groups.ts";
import { SubrequestBudget } from "./subrequest-budget.ts";

/** How long one flush keeps sending before it leaves the rest to a later request's flush. */
export const MAX_FLUSH_MS = 20_000;

class PartialFailure extends Error {
  constructor(
    readonly items: unknown[],
    why?: string,
  ) {
    super(`${items.length} item(s) failed${why ? `: ${why}` : ""}`);
  }
}

/** What a send resolved with: an array of failed items, a `SendResult`, or nothing (all sent). */
function outcome<T>(result: unknown): SendResult<T> {
  if (Array.isArray(result)) return { failed: result as T[], deferred: [] };
  if (result && typeof result === "object" && Array.isArray((result as SendResult<T>).failed)) {
    const r = result as SendResult<T>;
    return {
      failed: r.failed,
      deferred: Array.isArray(r.deferred) ? r.deferred : [],
      ...(r.error ? { error: r.error } : {}),
    };
  }
  return { failed: [], deferred: [] };
}

export interface BatcherStats {
  buffered: number;
  sent: number;
  failedAttempts: number;
  dropped: number;
  /** Items a flush left for a later one because its request's subrequest budget ran out. */
  deferred: number;
  lastError: string | null;
}

export interface BatcherOptions<T> {
  /**
   * Sends one batch, taking one unit of `budget` per store call. Rejecting
   * re-queues the whole batch; resolving with a non-empty array (of items of
   * the batch) re-queues just those items (a partial failure, e.g. one shard
   * of several), so items that did arrive are never sent twice; resolving
   * with a `SendResult` also hands back the items deferred for want of budget.
   */
  send: (batch: T[], budget: SubrequestBudget) => Promise<unknown>;
  maxBatch?: number;
  maxBuffered?: number;
  /** How long a flush waits for more items before sending (ms); 0 sends at once. */
  lingerMs?: () => number;
  now?: () => number;
}

export class Batcher<T> {
  private queue: T[] = [];
  private inFlight: Promise<void> | null = null;
  private backoffMs = 0;
  private retryAt = 0;
  readonly stats: BatcherStats = {
    buffered: 0,
    sent: 0,
    failedAttempts: 0,
    dropped: 0,
    deferred: 0,
    lastError: null,
  };
  private readonly send: BatcherOptions<T>["send"];
  private readonly maxBatch: number;
  private readonly maxBuffered: number;
  private readonly now: () => number;
  private readonly lingerMs: () => number;

  constructor(opts: BatcherOptions<T>) {
    this.send = opts.send;
    this.maxBatch = opts.maxBatch ?? 500;
    this.maxBuffered = opts.maxBuffered ?? 20_000;
    this.now = opts.now ?? Date.now;
    this.lingerMs = opts.lingerMs ?? (() => 250);
  }

  push(item: T): void {
    this.queue.push(item);
    if (this.queue.length > this.maxBuffered) {
      const over = this.queue.length - this.maxBuffered;
      this.queue.splice(0, over);
      this.stats.dropped += over;
    }
    this.stats.buffered = this.queue.length;
  }

  /**
   * Starts a flush when none is in flight and the backoff allows; returns the
   * promise to hand to `ctx.waitUntil` (or null when nothing was started).
   * `budget`: the subrequests the flush may make (those of the request whose
   * `waitUntil` carries it); none given, no limit.
   */
  flush(budget: SubrequestBudget = SubrequestBudget.unlimited()): Promise<void> | null {
    if (this.inFlight || this.queue.length === 0 || this.now() < this.retryAt || budget.remaining <= 0) return null;
    const run = async () => {
      const started = this.now();
      for (;;) {
        const linger = this.lingerMs();
        if (linger > 0 && this.queue.length < this.maxBatch) await new Promise((r) => setTimeout(r, linger));
        if (this.queue.length === 0 || this.now() < this.retryAt || budget.remaining <= 0) break;
        if (this.now() - started >= MAX_FLUSH_MS) break;
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const result = await this.send(batch, budget);
          const { failed, deferred, error } = outcome<T>(result);
          this.stats.sent += batch.length - failed.length - deferred.length;
          if (deferred.length > 0) {
            this.queue.unshift(...deferred);
            this.stats.deferred += deferred.length;
          }
          if (failed.length > 0) throw new PartialFailure(failed, error);
          this.backoffMs = 0;
          this.retryAt = 0;
          if (deferred.length > 0) break;
        } catch (e) {
          this.queue.unshift(...(e instanceof PartialFailure ? (e.items as T[]) : batch));
          if (this.queue.length > this.maxBuffered) {
            const over = this.queue.length - this.maxBuffered;
            this.queue.splice(0, over);
            this.stats.dropped += over;
          }
          this.stats.failedAttempts++;
          this.stats.lastError = e instanceof Error ? e.message : String(e);
          this.backoffMs = Math.min(this.backoffMs ? this.backoffMs * 2 : 100, 30_000);
          this.retryAt = this.now() + this.backoffMs;
          break;
        } finally {
          this.stats.buffered = this.queue.length;
        }
      }
    };
    this.inFlight = run().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** Waits for the in-flight flush, then flushes everything left (tests, shutdown). */
  async drain(): Promise<void> {
    for (let i = 0; i < 100 && (this.inFlight || this.queue.length > 0); i++) {
      if (this.inFlight) await this.inFlight;
      else {
        this.retryAt = 0;
        await this.flush();
      }
      if (this.queue.length > 0 && this.stats.lastError && this.now() < this.retryAt) break;
    }
  }
}
