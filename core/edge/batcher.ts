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
 * - A request that asks for a flush while one is running stands by (up to
 *   `MAX_STANDBYS` at a time; the oldest gives way to a newer request after
 *   `STANDBY_REFRESH_MS`): its `waitUntil` holds a timer of its own that
 *   looks every `STANDBY_POLL_MS` whether the running flush has ended with
 *   items still queued (its budget spent, its time up, a failed send), and
 *   then takes over with that request's own subrequest budget; another
 *   stand-by takes over from that one in turn. So the last items of a burst
 *   go out even when no request follows (within the budgets of the burst's
 *   last requests); they do not wait in memory for a later request (where an
 *   evicted isolate would lose them). The stand-by acts from its own timer,
 *   never from a promise another request resolves: work a request does must
 *   run in its own context, and a run started from another request's
 *   context dies with that context (measured: the flush stalled under load,
 *   and behaviour events were dropped).
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

/** Requests standing by at most (each holds its `waitUntil` open meanwhile). */
export const MAX_STANDBYS = 4;

/** With all places taken, a stand-by older than this gives way to a newer request's (so they stay recent). */
export const STANDBY_REFRESH_MS = 1_000;

/** How often a stand-by looks whether the running flush has ended. */
export const STANDBY_POLL_MS = 500;

interface Standby {
  since: number;
  /** A newer request took its place: it leaves at its next look. */
  retired: boolean;
}

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
  /** Requests standing by, oldest first. */
  private standbys: Standby[] = [];
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
   * Starts a flush when none is in flight and the backoff allows, or stands
   * by to take over from the running one; returns the promise to hand to
   * `ctx.waitUntil` (or null when there is nothing to do). `budget`: the
   * subrequests the flush may make (those of the request whose `waitUntil`
   * carries it); none given, no limit.
   */
  flush(budget: SubrequestBudget = SubrequestBudget.unlimited()): Promise<void> | null {
    if (this.queue.length === 0 || budget.remaining <= 0) return null;
    if (this.inFlight) return this.standBy(budget);
    if (this.now() < this.retryAt) return null;
    return this.start(budget, this.now());
  }

  /** Stands by for the running flush (see the module doc); null when enough recent requests already do. */
  private standBy(budget: SubrequestBudget): Promise<void> | null {
    const since = this.now();
    if (this.standbys.length >= MAX_STANDBYS) {
      if (since - (this.standbys[0] as Standby).since < STANDBY_REFRESH_MS) return null;
      const old = this.standbys.shift();
      if (old) old.retired = true;
    }
    const me: Standby = { since, retired: false };
    this.standbys.push(me);
    const leave = () => {
      const i = this.standbys.indexOf(me);
      if (i >= 0) this.standbys.splice(i, 1);
    };
    const watch = async (): Promise<void> => {
      for (;;) {
        await new Promise((r) => setTimeout(r, STANDBY_POLL_MS));
        if (me.retired || this.now() - since >= MAX_FLUSH_MS) return leave();
        if (this.inFlight || this.now() < this.retryAt) continue;
        leave();
        if (this.queue.length > 0) await this.start(budget, since);
        return;
      }
    };
    return watch();
  }

  private start(budget: SubrequestBudget, started: number): Promise<void> {
    const run = async () => {
      for (;;) {
        // Out of budget: end now (not after a linger), so that the next request's flush or the stand-by goes on.
        if (budget.remaining <= 0) break;
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
    const flight = run().finally(() => {
      this.inFlight = null;
    });
    this.inFlight = flight;
    return flight;
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
