/**
 * @module core/edge/split-delta
 * Splits an isolate's anomaly delta by endpoint shard (the Aggregates
 * sharding of core/anomaly/shards.ts).
 */

import type { AnomalyDelta, IpRow } from "../anomaly/delta.ts";
// Platform-free naming of the Aggregates shards; it belongs in core/anomaly (owned elsewhere).
import { shardOfKey } from "../anomaly/shards.ts";

const ELSEWHERE = "~elsewhere";

/**
 * Splits a delta by endpoint shard. Each shard gets its keys' slices and,
 * per address, its keys' rows plus one `~elsewhere` row per minute with the
 * address's requests on other shards, so that its share of traffic (focus)
 * stays right.
 */
export function splitDelta(d: AnomalyDelta, shards: number): Map<number, AnomalyDelta> {
  const out = new Map<number, AnomalyDelta>();
  const get = (s: number) => {
    let x = out.get(s);
    if (!x) {
      x = { app: d.app, slices: [], ips: [], droppedIps: s === 0 ? d.droppedIps : 0 };
      out.set(s, x);
    }
    return x;
  };
  if (shards <= 1) {
    out.set(0, d);
    return out;
  }
  for (const sl of d.slices) get(shardOfKey(sl[1], shards)).slices.push(sl);
  for (const ip of d.ips) {
    const byShard = new Map<number, IpRow[]>();
    for (const row of ip.rows) {
      const s = shardOfKey(row[1], shards);
      const list = byShard.get(s);
      if (list) list.push(row);
      else byShard.set(s, [row]);
    }
    for (const [s, rows] of byShard) {
      const elsewhere = new Map<number, IpRow>();
      for (const [o, other] of byShard) {
        if (o === s) continue;
        for (const r of other) {
          const e = elsewhere.get(r[0]) ?? [r[0], ELSEWHERE, 0, 0, 0, 0, []];
          e[2] += r[2];
          e[5] += r[5];
          elsewhere.set(r[0], e);
        }
      }
      get(s).ips.push({ ...ip, rows: [...rows, ...elsewhere.values()] });
    }
  }
  return out;
}
