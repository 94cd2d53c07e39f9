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
 * SQLite table written once per batch per client touched; a client evicted
 * from memory is read back when it returns. An alarm deletes clients idle
 * for IDLE_S. The model is the app's latest behaviour snapshot in KV
 * (`behaviour:<app>:pointer` → `behaviour:<app>:v<N>`), re-read every
 * MODEL_TTL_MS; without one the kinds' floors apply. The crawler ranges are
 * KV `bots:ranges` (scripts/load-bots.ts), else the bundled snapshot.
 */
import { DurableObject } from "cloudflare:workers";
import { BehaviourEngine, entryFromJSON, entryToJSON } from "../core/behaviour/engine.ts";
import type { Mitigation } from "../core/behaviour/mitigations.ts";
import { type BehaviourModel, parseModel } from "../core/behaviour/model.ts";
import type { ScoreTables } from "../core/behaviour/score-table.ts";
import { hasWasmScorer, wasmScorer } from "../core/behaviour/score-wasm.ts";
import type { Scorer } from "../core/behaviour/scorer.ts";
import type { BehaviourEvent, Detection } from "../core/behaviour/types.ts";
import bundledRanges from "../core/bots/published-ranges.json";
import { BOTS_KV_KEY, type BotRanges, parseBotRanges } from "../core/bots/ranges.ts";
import { BotVerifier } from "../core/bots/verify.ts";
import { WasmHost } from "../core/wasm/host.ts";
import wasmModule from "../wasm/build/apiward.wasm";

export const MAX_CLIENTS = 10_000;
/** Clients idle this long are forgotten (their windows are long empty). */
export const IDLE_S = 6 * 3600;
export const MODEL_TTL_MS = 60_000;
/** Events accepted per call (a larger batch is truncated, and the rest reported dropped). */
export const MAX_BATCH = 5_000;

export const behaviourPointerKey = (app: string): string => `behaviour:${app}:pointer`;
export const behaviourModelKey = (app: string, version: number): string => `behaviour:${app}:v${version}`;

export interface ObserveResult {
  detections: Detection[];
  mitigations: Mitigation[];
  /** Events beyond MAX_BATCH that were not processed. */
  dropped: number;
}

interface AppEngine {
  engine: BehaviourEngine;
  loadedAt: number;
  version: number | null;
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

/** KV `bots:ranges`, else the bundled snapshot of the publishers' lists. */
export async function loadRanges(kv: KVNamespace): Promise<BotRanges | null> {
  try {
    const fromKv = parseBotRanges(await kv.get(BOTS_KV_KEY, "json"));
    if (fromKv) return fromKv;
  } catch {
    // fall through to the bundled copy
  }
  return parseBotRanges(bundledRanges);
}

export class ClientState extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private readonly apps = new Map<string, AppEngine>();
  private bots: BotVerifier | null = null;
  private host: WasmHost | null | undefined;
  private alarmSet = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(
      "CREATE TABLE IF NOT EXISTS clients (app TEXT NOT NULL, client TEXT NOT NULL, last REAL NOT NULL, state TEXT NOT NULL, PRIMARY KEY (app, client))",
    );
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

  private async engineFor(app: string): Promise<BehaviourEngine> {
    const cur = this.apps.get(app);
    if (cur && Date.now() - cur.loadedAt < MODEL_TTL_MS) return cur.engine;
    this.bots ??= new BotVerifier(await loadRanges(this.env.SNAPSHOTS));
    let loaded: Awaited<ReturnType<typeof loadModel>> = null;
    try {
      loaded = await loadModel(this.env.SNAPSHOTS, app);
    } catch (e) {
      // KV unavailable: keep scoring with what we have (the last good model, or floors).
      console.error(`apiward: behaviour model ${app}: ${(e as Error).message}`);
      if (cur) {
        cur.loadedAt = Date.now();
        return cur.engine;
      }
    }
    const version = loaded?.version ?? null;
    if (cur && cur.version === version) {
      cur.loadedAt = Date.now();
      return cur.engine;
    }
    const engine = new BehaviourEngine({
      model: loaded?.model ?? null,
      bots: this.bots,
      maxClients: MAX_CLIENTS,
      scorer: this.scorer(),
    });
    // A new model keeps every client's windows: they do not depend on it.
    if (cur) for (const [k, e] of cur.engine.entries()) engine.restore(k, e);
    this.apps.set(app, { engine, loadedAt: Date.now(), version });
    return engine;
  }

  /** Folds a batch of one app's events in, in time order; returns detections and the mitigations they caused. */
  async observe(app: string, events: BehaviourEvent[]): Promise<ObserveResult> {
    const list = Array.isArray(events) ? events.slice(0, MAX_BATCH) : [];
    const dropped = Array.isArray(events) ? events.length - list.length : 0;
    const engine = await this.engineFor(app);
    list.sort((a, b) => (a?.ts ?? 0) - (b?.ts ?? 0));
    const touched = new Set<string>();
    const detections: Detection[] = [];
    for (const ev of list) {
      if (!ev || typeof ev.client !== "string" || ev.client.length === 0 || ev.client.length > 256) continue;
      if (!touched.has(ev.client) && !engine.peek(ev.client)) {
        const row = this.sql
          .exec<{ state: string }>("SELECT state FROM clients WHERE app = ? AND client = ?", app, ev.client)
          .toArray()[0];
        if (row) engine.restore(ev.client, entryFromJSON(safeParse(row.state)));
      }
      touched.add(ev.client);
      detections.push(...engine.observe({ ...ev, app }));
    }
    for (const client of touched) {
      const e = engine.peek(client);
      if (e)
        this.sql.exec(
          "INSERT INTO clients (app, client, last, state) VALUES (?, ?, ?, ?) ON CONFLICT(app, client) DO UPDATE SET last = excluded.last, state = excluded.state",
          app,
          client,
          e.profile.last,
          JSON.stringify(entryToJSON(e)),
        );
    }
    let mitigations: Mitigation[] = [];
    if (detections.length > 0) {
      const stub = this.env.MITIGATIONS.get(this.env.MITIGATIONS.idFromName(`mitigations:${app}`));
      mitigations = await stub.record(app, detections);
    }
    if (!this.alarmSet) {
      if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + 3_600_000);
      this.alarmSet = true;
    }
    return { detections, mitigations, dropped };
  }

  /** One client's stored state (admin, tests). */
  async client(app: string, client: string): Promise<ReturnType<typeof entryToJSON> | null> {
    const e = this.apps.get(app)?.engine.peek(client);
    if (e) return entryToJSON(e);
    const row = this.sql
      .exec<{ state: string }>("SELECT state FROM clients WHERE app = ? AND client = ?", app, client)
      .toArray()[0];
    return row ? entryToJSON(entryFromJSON(safeParse(row.state))) : null;
  }

  override async alarm(): Promise<void> {
    const cutoff = Date.now() / 1000 - IDLE_S;
    this.sql.exec("DELETE FROM clients WHERE last < ?", cutoff);
    const left = Number(this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM clients").one().n);
    this.alarmSet = left > 0;
    if (left > 0) await this.ctx.storage.setAlarm(Date.now() + 3_600_000);
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
