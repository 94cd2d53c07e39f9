/**
 * @module core/anomaly/shards
 * How aggregates are sharded (docs/scaling.md; platform-free: the Aggregates
 * objects and the isolates' delta splitting use it): one Aggregates object per
 * app (`anomaly:<app>`) by default; a hot app is split by endpoint into `n`
 * shards (`anomaly:<app>#<i>`), each holding the windows of its endpoints
 * and the address rows that touch them. Shard 0 also holds the app-wide
 * and unmatched keys. Every shard detects and publishes its own
 * mitigations; isolates read all of an app's shards.
 */

import { hash32 } from "../discovery/hash.ts";
import { APP_KEY, UNMATCHED_KEY } from "./types.ts";

export const aggregatesName = (app: string, shard = 0, shards = 1): string =>
  shards <= 1 ? `anomaly:${app}` : `anomaly:${app}#${shard}`;

/** The shard of an aggregate key. */
export function shardOfKey(key: string, shards: number): number {
  if (shards <= 1 || key === APP_KEY || key === UNMATCHED_KEY) return 0;
  return hash32(key, 0x3c6ef372) % shards;
}
