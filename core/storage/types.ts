/**
 * @module core/storage/types
 * The storage apiward's datapath needs, as one platform-free interface. The
 * Cloudflare side satisfies it with KV and Durable Objects
 * (worker/storage/cloudflare.ts); the Vercel adapter with Edge Config and a
 * Redis-compatible store reached through Upstash's REST protocol
 * (adapters/vercel/storage.ts). The same contract suite
 * (test/shared/storage-contract.ts) runs against both, so they cannot drift.
 *
 * What each part is for, and how often the hot path may touch it:
 * - `config` / `snapshots`: read-mostly documents under their KV names
 *   (`apps`, `app:<id>`, `policy:<app>:v<n>`, `policy:<app>:pointer`,
 *   `inventory:<app>:pointer`, …). Read through an isolate cache with a short
 *   TTL (stale-while-revalidate, last good kept), never per request.
 * - `counters`: rate-limit windows, fed batched deltas off the hot path; the
 *   answer is the global count of each window after the add.
 * - `mitigations`: behaviour mitigations per app (one per target and kind,
 *   extended by a repeated detection); isolates re-read the list every ~2 s.
 * - `clients`: per-client behaviour state, sharded by client key; one call
 *   per shard per flush folds a batch of events into the clients' profiles
 *   (one writer per shard at a time) and answers the detections and the
 *   mitigations they caused.
 * - `aggregates`: distributed anomaly windows per app (and endpoint shard);
 *   isolates send window deltas and re-read the published mitigations with
 *   a version check.
 * - `logs`: access-log records, idempotent by request id.
 *
 * Every method may reject (the store is down); callers keep the hot path
 * free of it and apply the app's fail mode.
 */
import type { AnomalyDelta } from "../anomaly/delta.ts";
import type { AnomalyMitigation } from "../anomaly/types.ts";
import type { Mitigation } from "../behaviour/mitigations.ts";
import type { BehaviourEvent, Detection } from "../behaviour/types.ts";
import type { AccessLogRecord } from "../log/record.ts";
import type { CounterDelta, CounterState } from "../ratelimit/window.ts";

/** Read-only access to documents by their KV key; null when absent. */
export interface SnapshotSource {
  get(key: string): Promise<string | null>;
}

export interface CounterStore {
  /**
   * Adds deltas to the windows of one shard (`rl:<app>:<n>`) at `nowMs`;
   * returns each key's window after the add, in the order of `deltas`.
   */
  add(shard: string, deltas: CounterDelta[], nowMs: number): Promise<CounterState[]>;
  /** Adds per-rule hit counts of a policy version. */
  addHits(app: string, version: number, hits: Record<string, number>): Promise<void>;
  getHits(app: string, version: number): Promise<Record<string, number>>;
}

export interface MitigationStore {
  /** Active mitigations of an app at `now` (epoch seconds), soonest ending first. */
  list(app: string, now: number): Promise<Mitigation[]>;
  /** Records detections; creates or extends their mitigations and returns the ones touched. */
  record(app: string, detections: Detection[]): Promise<Mitigation[]>;
  /** Lifts one mitigation early; true when it existed. */
  lift(app: string, id: string): Promise<boolean>;
}

export interface ObserveResult {
  detections: Detection[];
  mitigations: Mitigation[];
  /** Events of the batch that were not processed (over the per-call cap). */
  dropped: number;
}

export interface ClientStateStore {
  /** Folds a batch of one app's events for one client shard, in time order. */
  observe(app: string, shard: number, events: BehaviourEvent[]): Promise<ObserveResult>;
}

export interface AggregatesVersion {
  /** Changes whenever the store restarts, so a cached version is never mistaken for a new list. */
  epoch: string;
  version: number;
}

export interface AggregatesAnswer extends AggregatesVersion {
  /** Null when the caller's copy (epoch, version) is current. */
  list: AnomalyMitigation[] | null;
}

export interface AggregateStore {
  /** Merges isolate deltas into the app's windows (shard `shard` of `shards`). */
  ingest(app: string, shard: number, shards: number, deltas: AnomalyDelta[]): Promise<AggregatesVersion>;
  /** The published mitigations, or `list: null` when `known` is current. */
  mitigations(app: string, shard: number, shards: number, known?: AggregatesVersion): Promise<AggregatesAnswer>;
  /** Closes windows up to `nowS` and runs detection (the Cloudflare alarm does this every minute). */
  tick(app: string, shard: number, shards: number, nowS: number): Promise<{ findings: number; created: number }>;
}

export interface LogSink {
  /** Stores records; a record whose request id is already stored is ignored (retries never duplicate). */
  append(records: AccessLogRecord[]): Promise<void>;
  /** Records of an app on the UTC day of `dayMs`, newest first (tests, export). */
  recent(app: string, dayMs: number, limit: number): Promise<AccessLogRecord[]>;
}

/** Everything the datapath stores, on one platform. */
export interface ApiwardStorage {
  /** Operator documents: app index, app configs, policies, behaviour/anomaly policies. */
  config: SnapshotSource;
  /** Learned documents: inventories, behaviour and anomaly models, bot ranges. */
  snapshots: SnapshotSource;
  counters: CounterStore;
  mitigations: MitigationStore;
  clients: ClientStateStore;
  aggregates: AggregateStore;
  logs: LogSink;
}
