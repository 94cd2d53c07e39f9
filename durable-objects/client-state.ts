/**
 * @module durable-objects/client-state
 * Per-client behaviour state, sharded by client key: one object per app and
 * shard (`clients:<app>:<n>`, n = hash(client) mod BEHAVIOUR_SHARDS), each
 * holding many clients' windows. Isolates send batches of events, one call
 * per shard per flush (worker/datapath/behaviour.ts); the object folds them
 * into its BehaviourEngine (the same core as `apiward replay`), records the
 * detections in the app's Mitigations object, and answers with the
 * mitigations so the calling isolate applies them at once.
 *
 * State: clients live in the engine's LRU (MAX_CLIENTS per shard) and in a
 * SQLite table, written behind: a touched client is marked dirty and the
 * alarm writes it PERSIST_MS later, once however many events it had
 * meanwhile (serializing a client's windows is most of a batch's cost, and
 * one client's events spread over many batches). A shard that has
 * PERSIST_AT dirty clients writes them at once, so the LRU never drops an
 * unwritten client. An object that dies between two writes forgets at most
 * PERSIST_MS of its clients' events: detections are estimates over minutes
 * to hours, and the next events go on from the last write. A client evicted
 * from memory is read back when it returns. The same alarm, once an hour
 * (TRAINING_DUE_KEY), deletes clients idle for IDLE_S. The model is the app's latest behaviour snapshot in KV
 * (`behaviour:<app>:pointer` → `behaviour:<app>:v<N>`), re-read every
 * MODEL_TTL_MS; without one the kinds' floors apply. The crawler ranges are
 * KV `bots:ranges` (scripts/load-bots.ts), else the bundled snapshot.
 *
 * Training material: the engine also summarises each client's features
 * (core/behaviour/summary.ts) and counts the endpoints' statistics and
 * workflow transitions. The alarm sends the app's learning core the
 * summaries of finished clients (idle for IDLE_S, about to be forgotten, or
 * summarised for SUMMARY_SPAN_S already) with those counts; a client that
 * was detected, is a crawler, or was ever answered by apiward itself is left
 * out (core/behaviour/engine.ts trainingSummary). `flushTraining` sends
 * everything now (the admin API's forced training).
 */
import { DurableObject } from "cloudflare:workers";
import {
  BehaviourEngine,
  type ClientEntry,
  entryFromJSON,
  entryToJSON,
  restartTraining,
  trainingSummary,
} from "../core/behaviour/engine.ts";
import { EngineCache } from "../core/behaviour/engine-cache.ts";
import type { Mitigation } from "../core/behaviour/mitigations.ts";
import { type BehaviourModel, parseModel } from "../core/behaviour/model.ts";
import type { ScoreTables } from "../core/behaviour/score-table.ts";
import { hasWasmScorer, wasmScorer } from "../core/behaviour/score-wasm.ts";
import type { Scorer } from "../core/behaviour/scorer.ts";
import type { ClientSummary } from "../core/behaviour/summary.ts";
import { endpointStatsToJSON } from "../core/behaviour/train.ts";
import type { BehaviourEvent, Detection } from "../core/behaviour/types.ts";
import { BOTS_KV_KEY } from "../core/bots/ranges.ts";
import { botRangesOrBundled } from "../core/edge/bot-ranges.ts";
import { WasmHost } from "../core/wasm/host.ts";
import wasmModule from "../wasm/build/apiward.wasm";
import { clientShardName, mitigationsName } from "../worker/datapath/behaviour.ts";
import { objectStub } from "../worker/lib/object-stub.ts";
import { AlarmScheduler } from "./alarm-scheduler.ts";

export const MAX_CLIENTS = 10_000;
/** Clients idle this long are forgotten (their windows are long empty). */
export const IDLE_S = 6 * 3600;
export const MODEL_TTL_MS = 60_000;
/** Events accepted per call (a larger batch is truncated, and the rest reported dropped). */
export const MAX_BATCH = 5_000;
/** A client active for this long has its summary sent and starts a new one (training sees days, not months). */
export const SUMMARY_SPAN_S = 24 * 3600;
/** How often finished clients go to training and idle ones are deleted. */
const ALARM_MS = 3_600_000;
/** Write-behind delay of touched clients (ms). */
export const PERSIST_MS = 5_000;
/** Dirty clients that make a shard write at once (well under MAX_CLIENTS: the LRU keeps them all). */
export const PERSIST_AT = MAX_CLIENTS / 4;
/** Storage key of when the next training sweep is due (ms). */
export const TRAINING_DUE_KEY = "training_due";
/** Peers one shard flushes in a forced training (flushTrainingGroup). */
export const MAX_PEERS = 16;
/** Summaries per call to the learning core. */
const SEND_BATCH = 500;

/** What a ClientState sends its app's learning core to train on. */
export interface TrainingBatch {
  summaries: ClientSummary[];
  /** [from (null: session start), to, count]. */
  transitions: Array<[string | null, string, number]>;
  /** core/behaviour/train.ts endpointStatsToJSON. */
  endpoints: ReturnType<typeof endpointStatsToJSON>;
}

export const behaviourPointerKey = (app: string): string => `behaviour:${app}:pointer`;
export const behaviourModelKey = (app: string, version: number): string => `behaviour:${app}:v${version}`;

export interface ObserveResult {
  detections: Detection[];
  mitigations: Mitigation[];
  /** Events beyond MAX_BATCH that were not processed. */
  dropped: number;
}

/** Reads the app's latest model from KV; null when there is none or it does not validate (logged). */
export async function loadModel(
  kv: KVNamespace,
  app: string,
): Promise<{ model: BehaviourModel; version: number } | null> {
  const ptr = await kv.get<{ version?: unknown }>(behaviourPointerKey(app), "json");
  const version = typeof ptr?.version === "number" ? ptr.version : null;
  if (version === null) return null;
  const raw = await kv.get(behaviourModelKey(app, version), "json");
  const m = parseModel(raw);
  if (typeof m === "string") {
    console.error(`apiward: behaviour model ${app} v${version} rejected: ${m}`);
    return null;
  }
  return { model: m, version };
}

/**
 * Publishes a model as the app's next versioned snapshot (`behaviour:<app>:v<N>`,
 * then the pointer), as the learning core does after training, and as an
 * operator does with a model from `apiward learn` (or by hand:
 * `wrangler kv key put --binding SNAPSHOTS behaviour:<app>:v1 --path model.json`
 * and `behaviour:<app>:pointer` = `{"version":1}`). Keeps the last 5 versions.
 */
export async function publishModel(kv: KVNamespace, app: string, model: BehaviourModel): Promise<number> {
  const ptr = await kv.get<{ version?: unknown }>(behaviourPointerKey(app), "json");
  const version = (typeof ptr?.version === "number" ? ptr.version : 0) + 1;
  await kv.put(behaviourModelKey(app, version), JSON.stringify(model));
  await kv.put(behaviourPointerKey(app), JSON.stringify({ version, updated_at: Date.now() }));
  if (version > 5) await kv.delete(behaviourModelKey(app, version - 5));
  return version;
}

export class ClientState extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private readonly apps = new EngineCache({
    ttlMs: MODEL_TTL_MS,
    loadBots: () => botRangesOrBundled(() => this.env.SNAPSHOTS.get(BOTS_KV_KEY, "json")),
    loadModel: (app) => loadModel(this.env.SNAPSHOTS, app),
    build: (model, bots) =>
      new BehaviourEngine({ model, bots, maxClients: MAX_CLIENTS, scorer: this.scorer(), collect: true }),
    onReplace: (app, old, next) => {
      // Counts gathered under the previous model go out with the next batch, not lost.
      this.pending.set(app, mergeTraffic(this.pending.get(app), old.takeTraining()));
      // A new model keeps every client's windows: they do not depend on it.
      for (const [k, e] of old.entries()) next.restore(k, e);
    },
    // KV unavailable: scoring goes on with what there is (the last good model, or floors).
    onError: (app, e) => console.error(`apiward: behaviour model ${app}: ${(e as Error).message}`),
  });
  private host: WasmHost | null | undefined;
  private readonly alarms = new AlarmScheduler(this.ctx.storage);
  /** Clients touched since the last write, by app. */
  private readonly dirty = new Map<string, Set<string>>();
  private dirtyCount = 0;
  /** Endpoint statistics and transitions of engines replaced by a new model, not sent yet. */
  private readonly pending = new Map<string, EngineTrafficJSON>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(
      "CREATE TABLE IF NOT EXISTS clients (app TEXT NOT NULL, client TEXT NOT NULL, last REAL NOT NULL, state TEXT NOT NULL, PRIMARY KEY (app, client))",
    );
    // When each client's current training summary began (null: none), to find the long ones.
    const cols = this.sql.exec<{ name: string }>("PRAGMA table_info(clients)").toArray();
    if (!cols.some((c) => c.name === "train_since")) this.sql.exec("ALTER TABLE clients ADD COLUMN train_since REAL");
  }

  /** The Wasm scorer when the module instantiates here, else the TypeScript reference. */
  private scorer(): ((t: ScoreTables) => Scorer) | undefined {
    if (this.host === undefined) {
      try {
        const h = new WasmHost(wasmModule);
        this.host = hasWasmScorer(h) ? h : null;
      } catch {
        this.host = null;
      }
    }
    const host = this.host;
    return host ? (t) => wasmScorer(host, t) : undefined;
  }

  /** Folds a batch of one app's events in, in time order; returns detections and the mitigations they caused. */
  async observe(app: string, events: BehaviourEvent[]): Promise<ObserveResult> {
    const list = Array.isArray(events) ? events.slice(0, MAX_BATCH) : [];
    const dropped = Array.isArray(events) ? events.length - list.length : 0;
    const engine = await this.apps.get(app);
    list.sort((a, b) => (a?.ts ?? 0) - (b?.ts ?? 0));
    const touched = new Set<string>();
    const valid: BehaviourEvent[] = [];
    for (const ev of list) {
      if (!ev || typeof ev.client !== "string" || ev.client.length === 0 || ev.client.length > 256) continue;
      if (!touched.has(ev.client) && !engine.peek(ev.client)) {
        const row = this.sql
          .exec<{ state: string }>("SELECT state FROM clients WHERE app = ? AND client = ?", app, ev.client)
          .toArray()[0];
        if (row) engine.restore(ev.client, entryFromJSON(safeParse(row.state)));
      }
      touched.add(ev.client);
      valid.push({ ...ev, app });
    }
    // Each client scored once, after its last event of the batch (the answer applies them all at once).
    const detections = engine.observeBatch(valid);
    this.markDirty(app, touched);
    let mitigations: Mitigation[] = [];
    if (detections.length > 0) {
      const stub = objectStub(this.env.MITIGATIONS, mitigationsName(app));
      mitigations = await stub.record(app, detections);
    }
    if (this.dirtyCount >= PERSIST_AT) this.persist();
    if (this.dirtyCount > 0) await this.alarms.schedule(Date.now() + PERSIST_MS);
    return { detections, mitigations, dropped };
  }

  private markDirty(app: string, clients: Iterable<string>): void {
    let set = this.dirty.get(app);
    if (!set) {
      set = new Set();
      this.dirty.set(app, set);
    }
    for (const c of clients) {
      if (set.has(c)) continue;
      set.add(c);
      this.dirtyCount++;
    }
  }

  /** Writes every dirty client (in one transaction: one commit, not one a row). */
  private persist(): void {
    if (this.dirtyCount === 0) return;
    const dirty = [...this.dirty];
    this.dirty.clear();
    this.dirtyCount = 0;
    this.ctx.storage.transactionSync(() => {
      for (const [app, clients] of dirty) {
        const engine = this.apps.peek(app);
        if (!engine) continue;
        for (const client of clients) {
          const e = engine.peek(client);
          if (e) this.save(app, client, e);
        }
      }
    });
  }

  private save(app: string, client: string, e: ClientEntry): void {
    this.sql.exec(
      "INSERT INTO clients (app, client, last, state, train_since) VALUES (?, ?, ?, ?, ?) ON CONFLICT(app, client) DO UPDATE SET last = excluded.last, state = excluded.state, train_since = excluded.train_since",
      app,
      client,
      e.profile.last,
      JSON.stringify(entryToJSON(e)),
      e.train ? e.train.since : null,
    );
  }

  /** The client's entry: the engine's copy when it holds one, else the stored one. */
  private entryOf(app: string, client: string, state: string): ClientEntry {
    return this.apps.peek(app)?.peek(client) ?? entryFromJSON(safeParse(state));
  }

  /**
   * Collects the training material of one app: the summaries of the given
   * clients (each then restarts its summary, unless `forget`: it is about to
   * be dropped), plus the endpoint statistics and transitions counted since
   * the last collection.
   */
  private collectTraining(app: string, rows: Array<{ client: string; state: string }>, forget: boolean): TrainingBatch {
    const summaries: ClientSummary[] = [];
    const now = Date.now() / 1000;
    for (const { client, state } of rows) {
      const e = this.entryOf(app, client, state);
      const s = trainingSummary(e, client);
      if (s) summaries.push(s);
      if (forget) continue;
      restartTraining(e, now);
      this.save(app, client, e);
    }
    const traffic = mergeTraffic(this.pending.get(app), this.apps.peek(app)?.takeTraining());
    this.pending.delete(app);
    return { summaries, transitions: traffic.transitions, endpoints: traffic.endpoints };
  }

  /** Sends one app's training material to its learning core (in parts); returns the summaries sent. */
  private async sendTraining(app: string, batch: TrainingBatch): Promise<number> {
    if (batch.summaries.length === 0 && batch.transitions.length === 0 && batch.endpoints.length === 0) return 0;
    const stub = objectStub(this.env.LEARNING, app);
    for (let i = 0; i === 0 || i < batch.summaries.length; i += SEND_BATCH)
      await stub.addBehaviour(app, {
        summaries: batch.summaries.slice(i, i + SEND_BATCH),
        transitions: i === 0 ? batch.transitions : [],
        endpoints: i === 0 ? batch.endpoints : [],
      });
    return batch.summaries.length;
  }

  /**
   * Sends every client's summary so far, and the counts, to the learning core
   * now (a forced training); each client starts a new summary. Returns how
   * many summaries went and how many clients were looked at.
   */
  async flushTraining(app: string): Promise<{ clients: number; summaries: number }> {
    // Clients not written yet are written first, so the table lists every client.
    this.persist();
    const rows = this.sql
      .exec<{ client: string; state: string }>("SELECT client, state FROM clients WHERE app = ?", app)
      .toArray();
    const sent = await this.sendTraining(app, this.collectTraining(app, rows, false));
    return { clients: rows.length, summaries: sent };
  }

  /**
   * A forced training's fan-out, in two levels (LearningCore.trainBehaviour):
   * this shard sends what it has, then has each of `peers` (at most
   * MAX_PEERS) do the same, so no invocation makes more calls than a Workers
   * Free request may (50 subrequests). Returns the totals.
   */
  async flushTrainingGroup(app: string, peers: number[]): Promise<{ clients: number; summaries: number }> {
    const own = await this.flushTraining(app);
    const rest = await Promise.all(
      (Array.isArray(peers) ? peers.slice(0, MAX_PEERS) : []).map((s) =>
        objectStub(this.env.CLIENTS, clientShardName(app, s)).flushTraining(app),
      ),
    );
    return rest.reduce((t, r) => ({ clients: t.clients + r.clients, summaries: t.summaries + r.summaries }), own);
  }

  /** The model this shard scores the app with (`refresh`: re-read KV now). */
  async model(app: string, refresh = false): Promise<{ version: number | null; clusters: number }> {
    if (refresh) this.apps.expire(app);
    const engine = await this.apps.get(app);
    return { version: this.apps.version(app), clusters: engine.scorer.tables.o.C };
  }

  /** One client's stored state (admin, tests). */
  async client(app: string, client: string): Promise<ReturnType<typeof entryToJSON> | null> {
    const e = this.apps.peek(app)?.peek(client);
    if (e) return entryToJSON(e);
    const row = this.sql
      .exec<{ state: string }>("SELECT state FROM clients WHERE app = ? AND client = ?", app, client)
      .toArray()[0];
    return row ? entryToJSON(entryFromJSON(safeParse(row.state))) : null;
  }

  /**
   * Writes the dirty clients; once the training sweep is due (hourly), sends
   * finished clients to training and deletes the idle ones; sets the next
   * alarm: PERSIST_MS while clients are dirty, else the next sweep.
   */
  override async alarm(): Promise<void> {
    this.alarms.fired();
    this.persist();
    const nowMs = Date.now();
    // Unknown (a new object): an hour after its first write, as before it had clients to sweep.
    let due = await this.ctx.storage.get<number>(TRAINING_DUE_KEY);
    if (typeof due !== "number") {
      due = nowMs + ALARM_MS;
      await this.ctx.storage.put(TRAINING_DUE_KEY, due);
    } else if (due <= nowMs) {
      await this.sweep();
      due = nowMs + ALARM_MS;
      await this.ctx.storage.put(TRAINING_DUE_KEY, due);
    }
    if (this.dirtyCount > 0) await this.alarms.schedule(Math.min(due, Date.now() + PERSIST_MS));
    else if (this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM clients").one().n > 0)
      await this.alarms.schedule(due);
  }

  /** Finished clients' summaries to the learning core; clients idle for IDLE_S forgotten. */
  private async sweep(): Promise<void> {
    const now = Date.now() / 1000;
    const cutoff = now - IDLE_S;
    const apps = new Set<string>([
      ...this.apps.loadedApps(),
      ...this.sql
        .exec<{ app: string }>("SELECT DISTINCT app FROM clients")
        .toArray()
        .map((r) => r.app),
    ]);
    for (const app of apps) {
      // Finished clients: idle long enough to be forgotten, and clients summarised for a day already.
      const idle = this.sql
        .exec<{ client: string; state: string }>(
          "SELECT client, state FROM clients WHERE app = ? AND last < ?",
          app,
          cutoff,
        )
        .toArray();
      const long = this.sql
        .exec<{ client: string; state: string }>(
          "SELECT client, state FROM clients WHERE app = ? AND last >= ? AND train_since < ?",
          app,
          cutoff,
          now - SUMMARY_SPAN_S,
        )
        .toArray();
      const batch = this.collectTraining(app, idle, true);
      const more = this.collectTraining(app, long, false);
      batch.summaries.push(...more.summaries);
      try {
        await this.sendTraining(app, batch);
      } catch (e) {
        // Training material is best effort: the clients go on, the next alarm sends the next ones.
        console.error(`apiward: behaviour training material for ${app} not sent: ${(e as Error).message}`);
      }
      const engine = this.apps.peek(app);
      for (const { client } of idle) engine?.forget(client);
    }
    this.sql.exec("DELETE FROM clients WHERE last < ?", cutoff);
  }
}

interface EngineTrafficJSON {
  transitions: TrainingBatch["transitions"];
  endpoints: TrainingBatch["endpoints"];
}

/** Adds an engine's take of counts to what is pending (as JSON, ready to send). */
function mergeTraffic(
  into: EngineTrafficJSON | undefined,
  take: ReturnType<BehaviourEngine["takeTraining"]> | undefined,
): EngineTrafficJSON {
  const out: EngineTrafficJSON = into ?? { transitions: [], endpoints: [] };
  if (take) {
    out.transitions.push(...take.markov.transitions());
    out.endpoints.push(...endpointStatsToJSON(take.endpoints));
  }
  return out;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
