/**
 * @module core/edge/counter-batchers
 * The batchers that carry rate-limit deltas and policy rule hits off the hot
 * path, over the storage interface's counter store (Cloudflare: CounterShard
 * Durable Objects; Vercel: Redis). Deltas of a batch are summed per shard
 * and key, one `add` per shard; its answer refreshes the isolate's global
 * view of each window. Hits are summed per (app, policy version).
 */
import type { CounterDelta, CounterState } from "../ratelimit/window.ts";
import type { CounterStore } from "../storage/types.ts";
import { Batcher } from "./batcher.ts";
import { sendEach } from "./send-groups.ts";

export interface ShardDeltas {
  shard: string;
  deltas: CounterDelta[];
}

export interface HitBatch {
  app: string;
  version: number;
  hits: Record<string, number>;
}

/** Sums the deltas of a batch per shard and key: one store call per shard. */
export function mergeByShard(batch: ShardDeltas[]): ShardDeltas[] {
  const shards = new Map<string, Map<string, CounterDelta>>();
  for (const item of batch) {
    let keys = shards.get(item.shard);
    if (!keys) {
      keys = new Map();
      shards.set(item.shard, keys);
    }
    for (const d of item.deltas) {
      const k = `${d.windowS}|${d.key}`;
      const cur = keys.get(k);
      if (cur) cur.delta += d.delta;
      else keys.set(k, { key: d.key, windowS: d.windowS, delta: d.delta });
    }
  }
  return [...shards].map(([shard, keys]) => ({ shard, deltas: [...keys.values()] }));
}

/**
 * Rate-limit deltas to the counter store. `store` is read at send time (the
 * worker's bindings come with each request); shards that fail are handed
 * back to be retried, those past the request's subrequest budget to be sent
 * later, the others are done.
 */
export function counterBatcher(
  store: () => Pick<CounterStore, "add">,
  applyGlobal: (sent: CounterDelta[], states: CounterState[]) => void,
  lingerMs: () => number,
): Batcher<ShardDeltas> {
  return new Batcher<ShardDeltas>({
    send: (batch, budget) =>
      sendEach(mergeByShard(batch), budget, async ({ shard, deltas }) => {
        applyGlobal(deltas, await store().add(shard, deltas, Date.now()));
      }),
    // Everything queued in one linger goes in one batch (one call per shard), so windows
    // converge across isolates once a linger (250 ms) rather than once a round trip.
    maxBatch: 4096,
    maxBuffered: 16_384,
    lingerMs,
  });
}

/** Policy rule hit counts to the counter store, summed per (app, version). */
export function hitsBatcher(store: () => Pick<CounterStore, "addHits">, lingerMs: () => number): Batcher<HitBatch> {
  return new Batcher<HitBatch>({
    send: (batch, budget) => {
      const merged = new Map<string, HitBatch>();
      for (const b of batch) {
        const k = `${b.app}:${b.version}`;
        const m = merged.get(k) ?? { app: b.app, version: b.version, hits: {} };
        for (const [r, n] of Object.entries(b.hits)) m.hits[r] = (m.hits[r] ?? 0) + n;
        merged.set(k, m);
      }
      return sendEach([...merged.values()], budget, async ({ app, version, hits }) => {
        await store().addHits(app, version, hits);
      });
    },
    maxBatch: 1000,
    maxBuffered: 10_000,
    lingerMs,
  });
}
