/**
 * @module core/edge/subrequest-budget
 * How many more calls (Durable Object calls, KV reads, fetches) the work
 * scheduled on one request may make. Cloudflare counts every call made in a
 * request's `waitUntil` against that request: 50 on Workers Free, 10,000 on
 * Paid; past the limit the calls throw. The off-hot-path flushes take one
 * unit per call and leave what does not fit queued for a later request's
 * flush (deferred, not failed: no backoff, nothing dropped).
 *
 *   const budget = new SubrequestBudget(40);
 *   if (budget.take()) await store.call(); else keepForLater();
 */

/** Workers Free's limit per request; the default where nothing else is configured. */
export const FREE_PLAN_SUBREQUESTS = 50;

/**
 * Calls held back from the flushes for the request's own work: the origin
 * fetch and the isolate caches' KV refreshes (app index, app config,
 * policies, inventory, bot ranges) that the same request may start.
 */
export const RESERVED_SUBREQUESTS = 10;

export class SubrequestBudget {
  private left: number;

  /** `limit`: the calls allowed (Infinity: no limit). */
  constructor(limit: number) {
    this.left = Number.isNaN(limit) ? 0 : Math.max(0, Math.floor(limit));
  }

  /** A budget without limit (tests, shutdown drains, platforms without a per-request cap). */
  static unlimited(): SubrequestBudget {
    return new SubrequestBudget(Number.POSITIVE_INFINITY);
  }

  /**
   * The budget for one request's flushes on Cloudflare: the plan's limit
   * (`APIWARD_SUBREQUEST_LIMIT`, default Workers Free's 50) less what the
   * request itself may need. A value that is not a positive number falls back
   * to the default.
   */
  static forRequest(configured: string | undefined): SubrequestBudget {
    const v = Number(configured);
    const limit =
      configured !== undefined && configured !== "" && Number.isFinite(v) && v > 0 ? v : FREE_PLAN_SUBREQUESTS;
    return new SubrequestBudget(Math.max(1, limit - RESERVED_SUBREQUESTS));
  }

  /** Takes `n` calls at once; false (and nothing taken) when fewer are left. */
  take(n = 1): boolean {
    if (n > this.left) return false;
    this.left -= n;
    return true;
  }

  get remaining(): number {
    return this.left;
  }
}
