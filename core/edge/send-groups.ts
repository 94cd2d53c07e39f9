/**
 * @module core/edge/send-groups
 * The batchers' send step for stores reached one call per group (a shard, an
 * app, a day): a batch split into groups, one store call per group, all at
 * once, each call taken from the request's subrequest budget. What the
 * budget cannot carry is handed back as deferred (sent by a later flush);
 * the groups that failed are handed back to retry. When every group tried
 * failed, the error is thrown so the batcher backs off (and re-queues the
 * whole batch, deferred groups included).
 */
import type { SubrequestBudget } from "./subrequest-budget.ts";

/** What a send hands back to its batcher: items to retry after a backoff, and items to send later. */
export interface SendResult<T> {
  failed: T[];
  deferred: T[];
  /** Why the failed ones failed (the last error), for the batcher's `lastError`. */
  error?: string;
}

export async function sendGroups<T>(
  groups: Iterable<T[]>,
  budget: SubrequestBudget,
  send: (group: T[]) => Promise<void>,
): Promise<SendResult<T>> {
  const out: SendResult<T> = { failed: [], deferred: [] };
  const tried: T[][] = [];
  for (const g of groups) {
    if (g.length === 0) continue;
    if (budget.take()) tried.push(g);
    else out.deferred.push(...g);
  }
  let lastError: unknown = null;
  let failedGroups = 0;
  await Promise.all(
    tried.map(async (g) => {
      try {
        await send(g);
      } catch (e) {
        lastError = e;
        failedGroups++;
        out.failed.push(...g);
      }
    }),
  );
  if (tried.length > 0 && failedGroups === tried.length && lastError) throw lastError;
  if (lastError) out.error = lastError instanceof Error ? lastError.message : String(lastError);
  return out;
}

/** One call per item (items already merged per store key). */
export function sendEach<T>(
  items: readonly T[],
  budget: SubrequestBudget,
  send: (item: T) => Promise<void>,
): Promise<SendResult<T>> {
  return sendGroups(
    items.map((item) => [item]),
    budget,
    (g) => send(g[0] as T),
  );
}

/** Groups items by a key, in first-seen order. */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const g = groups.get(k);
    if (g) g.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export interface ShardItem {
  app: string;
  shard: number;
}

/** Splits each group into calls of at most `max` items, in order. */
function* chunked<T>(groups: Iterable<T[]>, max: number): Iterable<T[]> {
  for (const g of groups) {
    if (g.length <= max) yield g;
    else for (let i = 0; i < g.length; i += max) yield g.slice(i, i + max);
  }
}

/**
 * One call per (app, shard) with at most `maxPerCall` items (a larger group
 * takes several calls). With a batch of everything queued, each call a
 * budget allows carries all of its shard's items, so a flush that reaches
 * only some shards still drains them.
 */
export function sendByShard<T extends ShardItem>(
  batch: T[],
  budget: SubrequestBudget,
  send: (app: string, shard: number, group: T[]) => Promise<void>,
  maxPerCall: number = Number.POSITIVE_INFINITY,
): Promise<SendResult<T>> {
  const groups = groupBy(batch, (q) => `${q.app}\n${q.shard}`).values();
  return sendGroups(chunked(groups, Math.max(1, maxPerCall)), budget, (g) => {
    const { app, shard } = g[0] as T;
    return send(app, shard, g);
  });
}
