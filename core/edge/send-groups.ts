/**
 * @module core/edge/send-groups
 * The batchers' send step for sharded stores: a batch split into one group
 * per (app, shard), one store call per group, all at once. The groups that
 * failed are handed back to the batcher to retry; when every group failed,
 * the error is thrown so the batcher backs off.
 */

export interface ShardItem {
  app: string;
  shard: number;
}

export async function sendByShard<T extends ShardItem>(
  batch: T[],
  send: (app: string, shard: number, group: T[]) => Promise<void>,
): Promise<T[]> {
  const groups = new Map<string, T[]>();
  for (const q of batch) {
    const k = `${q.app}\n${q.shard}`;
    const g = groups.get(k);
    if (g) g.push(q);
    else groups.set(k, [q]);
  }
  const failed: T[] = [];
  let lastError: unknown = null;
  await Promise.all(
    [...groups.values()].map(async (g) => {
      const { app, shard } = g[0] as T;
      try {
        await send(app, shard, g);
      } catch (e) {
        lastError = e;
        failed.push(...g);
      }
    }),
  );
  if (failed.length === batch.length && lastError) throw lastError;
  return failed;
}
