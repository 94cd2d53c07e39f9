/**
 * @module worker/datapath/log-sender
 * Delivers an access-log batch to the LogStore shards (`logs:<app>:<day>`,
 * UTC day of each record's `ts`), one call per shard, in parallel, within the
 * request's subrequest budget. The records of shards that failed go back to
 * the batcher, named in the error; a retry never duplicates a record (insert
 * is idempotent by request id).
 *
 * A record whose `ts` is not a usable time is filed under the time it is
 * sent (it must land somewhere, and a bad date must not poison the batch).
 */

import { type SendResult, sendGroups } from "../../core/edge/send-groups.ts";
import { SubrequestBudget } from "../../core/edge/subrequest-budget.ts";
import type { AccessLogRecord } from "../../core/log/record.ts";
import { dayOf, safeTs, shardName } from "../../durable-objects/log-store/shards.ts";
import { objectStub } from "../lib/object-stub.ts";

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

/**
 * One `insert` per shard, each taken from `budget`; returns the records of
 * the shards that failed (retried by the batcher; a shard that stored them
 * ignores a repeat) and of those past the budget (sent later). Throws when
 * every shard tried failed.
 */
export function sendLogsToStore(
  env: Env,
  batch: AccessLogRecord[],
  budget: SubrequestBudget = SubrequestBudget.unlimited(),
): Promise<SendResult<AccessLogRecord>> {
  return sendGroups(groupByShard(batch).values(), budget, async (records) => {
    const first = records[0] as AccessLogRecord;
    const shard = shardName(first.app, dayOf(first.ts));
    try {
      await objectStub(env.LOGS, shard).insert(records);
    } catch (e) {
      throw new Error(`log store ${shard}: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
}
