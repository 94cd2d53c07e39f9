/**
 * @module worker/datapath/log-sender
 * Delivers an access-log batch to the LogStore shards (`logs:<app>:<day>`,
 * UTC day of each record's `ts`), one call per shard, in parallel. Throws when
 * any shard fails, naming them, so the batcher retries the whole batch: the
 * shards that already stored their part ignore it (insert is idempotent by
 * request id), so a retry never duplicates a record.
 *
 * A record whose `ts` is not a usable time is filed under the time it is
 * sent (it must land somewhere, and a bad date must not poison the batch).
 */
import type { AccessLogRecord } from "../../core/log/record.ts";
import { dayOf, safeTs, shardName } from "../../durable-objects/log-store/shards.ts";

/** Groups a batch by shard name. */
export function groupByShard(batch: AccessLogRecord[], now: number = Date.now()): Map<string, AccessLogRecord[]> {
  const byShard = new Map<string, AccessLogRecord[]>();
  for (const r of batch) {
    const ts = safeTs(r.ts, now);
    const record = ts === r.ts ? r : { ...r, ts };
    const shard = shardName(r.app, dayOf(ts));
    const list = byShard.get(shard);
    if (list) list.push(record);
    else byShard.set(shard, [record]);
  }
  return byShard;
}

export async function sendLogsToStore(env: Env, batch: AccessLogRecord[]): Promise<void> {
  const shards = [...groupByShard(batch)];
  const results = await Promise.allSettled(
    shards.map(([shard, records]) => env.LOGS.get(env.LOGS.idFromName(shard)).insert(records)),
  );
  const failed: string[] = [];
  results.forEach((r, i) => {
    if (r.status === "rejected") {
      const msg = r.reason instanceof Error ? r.reason.message : String(r.reason);
      failed.push(`${shards[i]?.[0]}: ${msg}`);
    }
  });
  if (failed.length > 0) {
    throw new Error(
      `log store: ${failed.length} of ${shards.length} shard(s) failed: ${failed.join("; ").slice(0, 500)}`,
    );
  }
}
