/**
 * @module worker/storage/cloudflare
 * The storage interface (core/storage/types.ts) over the Cloudflare
 * bindings the worker already uses: KV for documents, the CounterShard,
 * Mitigations, ClientState, Aggregates and LogStore Durable Objects for the
 * rest. Thin: each method is the Durable Object call the worker makes
 * (worker/runtime.ts, worker/datapath/*), under the same object names, so
 * the shared contract suite (test/shared/storage-contract.ts) checks the
 * Cloudflare semantics the Vercel adapter must match.
 */

import { aggregatesName } from "../../core/anomaly/shards.ts";
import type { AccessLogRecord } from "../../core/log/record.ts";
import type { ApiwardStorage, SnapshotSource } from "../../core/storage/types.ts";
import { dayOf, shardName } from "../../durable-objects/log-store/shards.ts";
import { sendLogsToStore } from "../datapath/log-sender.ts";
import { objectStub } from "../lib/object-stub.ts";

/** The ClientState object of one of an app's behaviour shards. */
export const clientShardName = (app: string, shard: number): string => `clients:${app}:${shard}`;
/** The Mitigations object of an app. */
export const mitigationsName = (app: string): string => `mitigations:${app}`;

/** A KV namespace as a snapshot source (text documents, null when absent). */
export function kvSource(kv: KVNamespace): SnapshotSource {
  return { get: (key) => kv.get(key) };
}

export function cloudflareStorage(env: Env): ApiwardStorage {
  const counters = (name: string) => objectStub(env.COUNTERS, name);
  const mitigations = (app: string) => objectStub(env.MITIGATIONS, mitigationsName(app));
  const aggregates = (app: string, shard: number, shards: number) =>
    objectStub(env.AGGREGATES, aggregatesName(app, shard, shards));
  return {
    config: kvSource(env.CONFIG),
    snapshots: kvSource(env.SNAPSHOTS),
    counters: {
      add: (shard, deltas, nowMs) => counters(shard).add(deltas, nowMs),
      addHits: (app, version, hits) => counters(`hits:${app}`).addHits(version, hits),
      getHits: (app, version) => counters(`hits:${app}`).getHits(version),
    },
    mitigations: {
      list: (app, now) => mitigations(app).list(app, now),
      record: (app, detections) => mitigations(app).record(app, detections),
      lift: (app, id) => mitigations(app).lift(app, id),
    },
    clients: {
      observe: (app, shard, events) => objectStub(env.CLIENTS, clientShardName(app, shard)).observe(app, events),
    },
    aggregates: {
      ingest: async (app, shard, shards, deltas) => {
        const r = await aggregates(app, shard, shards).ingest(app, deltas);
        return { epoch: r.epoch, version: r.version };
      },
      mitigations: (app, shard, shards, known) => aggregates(app, shard, shards).mitigations(app, known),
      tick: async (app, shard, shards, nowS) => {
        const r = await aggregates(app, shard, shards).tick(app, nowS);
        return { findings: r.findings, created: r.created };
      },
    },
    logs: {
      append: async (records) => {
        const r = await sendLogsToStore(env, records);
        if (r.failed.length > 0) throw new Error(r.error ?? `log store: ${r.failed.length} record(s) not stored`);
      },
      recent: async (app, dayMs, limit): Promise<AccessLogRecord[]> => {
        const page = await objectStub(env.LOGS, shardName(app, dayOf(dayMs))).query({}, limit, null);
        return page.records;
      },
    },
  };
}
