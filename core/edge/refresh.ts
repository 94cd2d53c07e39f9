/**
 * @module core/edge/refresh
 * The isolate caches' refresh rule (behaviour and anomaly mitigations): a
 * copy older than its lifetime is re-read off the hot path, one read at a
 * time per app; a read that fails keeps the last good copy and is tried
 * again after another interval.
 */
import type { WaitUntil } from "./bot-ranges.ts";
import type { SubrequestBudget } from "./subrequest-budget.ts";

export interface Refreshable {
  /** When the copy was last read (ms); 0: never. */
  at: number;
  refreshing: boolean;
}

export interface RefreshStats {
  refreshes: number;
  refreshErrors: number;
  lastError: string | null;
}

/**
 * Schedules a refresh of every app whose copy is older than `ttlMs`, within
 * the request's subrequest `budget`: a refresh wants `calls()` reads and is
 * given as many as are left (at least one; `refresh` reads that many, the
 * rest on its next turn); apps that get none wait for a later request's flush.
 */
export function refreshDue<C extends Refreshable>(
  caches: Map<string, C>,
  ttlMs: number,
  nowMs: number,
  waitUntil: WaitUntil,
  refresh: (app: string, c: C, calls: number) => Promise<void>,
  budget: SubrequestBudget,
  calls: () => number,
): void {
  for (const [app, c] of caches) {
    if (c.refreshing || nowMs - c.at < ttlMs) continue;
    const n = Math.min(Math.max(1, calls()), budget.remaining);
    if (n <= 0 || !budget.take(n)) continue;
    c.refreshing = true;
    waitUntil(refresh(app, c, n));
  }
}

/** Runs one read, counted; never rejects. */
export async function guardedRefresh(
  c: Refreshable,
  stats: RefreshStats,
  nowMs: () => number,
  read: () => Promise<void>,
): Promise<void> {
  try {
    await read();
    stats.refreshes++;
  } catch (e) {
    // Keep the last good copy; try again after another interval.
    stats.refreshErrors++;
    stats.lastError = (e as Error).message;
  } finally {
    c.at = nowMs();
    c.refreshing = false;
  }
}
