/**
 * @module durable-objects/aggregates
 * Distributed anomaly detection's central view (issue 8): one object per app
 * (`anomaly:<app>`, or per endpoint shard of a hot app, see
 * core/anomaly/shards.ts). Every isolate pre-aggregates its traffic and sends
 * deltas here off the hot path (worker/datapath/anomaly.ts); this object
 * merges them into the 5-minute, 30-minute, 4-hour and 24-hour windows of
 * every endpoint, and an alarm a minute closes windows, runs detection
 * (core/anomaly/detector.ts) and publishes mitigations, which every isolate
 * reads within seconds (`mitigations`, version-checked so an unchanged list
 * costs a few bytes).
 *
 * It also learns: a baseline collector samples the same windows, and once
 * it holds a day of history it writes a model snapshot to KV
 * (`anomaly:<app>:v<n>` + pointer) every APIWARD_ANOMALY_MODEL_INTERVAL_S
 * (default 6 h); `apiward learn` or the admin API can upload one too. The
 * active model is re-read from KV every 10 minutes.
 *
 * Persistence: mitigations and their audit are saved whenever they change;
 * the windows and recent addresses every 5 minutes (chunked JSON), the
 * collector every hour. An eviction loses at most 5 minutes of aggregates,
 * never a published mitigation. Scoring runs in Wasm (the same loops as
 * the TypeScript reference, which takes over if the module cannot load). Detection never depends on a model: without
 * one, new traffic is judged against zero at the short windows and the
 * look deeper decides.
 */
import { DurableObject } from "cloudflare:workers";
import { BaselineCollector } from "../core/anomaly/collector.ts";
import type { AnomalyDelta } from "../core/anomaly/delta.ts";
import { AnomalyDetector, type AnomalyFinding } from "../core/anomaly/detector.ts";
import { authTest } from "../core/anomaly/events.ts";
import type { AuditRecord } from "../core/anomaly/mitigations.ts";
import { parseAnomalyModel } from "../core/anomaly/model.ts";
import { resolvePolicy } from "../core/anomaly/policy.ts";
import { type AnomalyScorer, tsScorer } from "../core/anomaly/scorer.ts";
import type { AnomalyMitigation } from "../core/anomaly/types.ts";
import { wasmAnomalyScorer } from "../core/anomaly/wasm-scorer.ts";
import { WasmHost } from "../core/wasm/host.ts";
import wasmModule from "../wasm/build/apiward.wasm";
import { readModel, readPointer, writeModel } from "./aggregates/models.ts";
import { getJson, putJson } from "./aggregates/storage.ts";

/** CONFIG key of an app's anomaly policy overrides (core/anomaly/policy.ts). */
export const anomalyPolicyKey = (app: string): string => `anomaly-policy:${app}`;

const SAVE_STATE_MS = 5 * 60_000;
const SAVE_COLLECTOR_MS = 60 * 60_000;
const MODEL_CHECK_MS = 10 * 60_000;
/** Idle objects stop ticking a day after their last delta (and once no mitigation is active). */
const IDLE_MS = 25 * 3600_000;
const MAX_DELTAS_PER_CALL = 500;

export interface MitigationsAnswer {
  /** Changes whenever the object restarts, so a cached version is never mistaken for a new list. */
  epoch: string;
  version: number;
  /** Null when the caller's copy (epoch, version) is current. */
  list: AnomalyMitigation[] | null;
}

export interface AggregatesStatus {
  app: string;
  keys: number;
  ips: number;
  model_version: number;
  model_error: string | null;
  scorer: string;
  mitigations: number;
  history_s: number;
  last_tick: number | null;
  stats: { deltas: number; rejected: number; droppedIps: number; newIps: number };
}

export class Aggregates extends DurableObject<Env> {
  private det: AnomalyDetector | null = null;
  private collector: BaselineCollector | null = null;
  private app = "";
  private readonly epoch = crypto.randomUUID().slice(0, 8);
  private modelVersion = 0;
  private modelError: string | null = null;
  private modelCheckedAt = 0;
  private savedAt = Date.now();
  private collectorSavedAt = Date.now();
  private savedMitigations = -1;
  private lastDeltaAt = 0;
  private lastTick: number | null = null;

  /** The Wasm scoring loops, or the TypeScript reference when the module cannot be instantiated. */
  private scorer(): AnomalyScorer {
    try {
      return wasmAnomalyScorer(new WasmHost(wasmModule));
    } catch (e) {
      this.modelError = `wasm unavailable (TypeScript scorer in use): ${(e as Error).message}`;
      return tsScorer;
    }
  }

  private modelIntervalMs(): number {
    const s = Number(this.env.APIWARD_ANOMALY_MODEL_INTERVAL_S);
    return (Number.isFinite(s) && s > 0 ? s : 6 * 3600) * 1000;
  }

  private async load(app: string): Promise<AnomalyDetector> {
    if (this.det) return this.det;
    return this.ctx.blockConcurrencyWhile(async () => {
      if (this.det) return this.det;
      const stored = await this.ctx.storage.get<string>("app");
      this.app = stored ?? app;
      if (!stored) await this.ctx.storage.put("app", this.app);
      const det = await this.buildDetector();
      const snap = await getJson(this.ctx.storage, "det");
      if (snap) det.restore(snap);
      this.collector = BaselineCollector.fromJSON(await getJson(this.ctx.storage, "col"), {
        maxKeys: 64,
        maxSamples: 1000,
      });
      this.lastDeltaAt = (await this.ctx.storage.get<number>("lastDeltaAt")) ?? 0;
      this.savedMitigations = det.mitigations.version;
      this.det = det;
      return det;
    });
  }

  private async buildDetector(): Promise<AnomalyDetector> {
    let policy = resolvePolicy(undefined).policy;
    try {
      const raw = await this.env.CONFIG.get(anomalyPolicyKey(this.app));
      if (raw) policy = resolvePolicy(JSON.parse(raw)).policy;
    } catch {
      // defaults
    }
    const m = await this.loadModel();
    return new AnomalyDetector({
      app: this.app,
      model: m,
      policy,
      scorer: this.scorer(),
      isAuth: authTest(m?.model.auth_endpoints ?? []),
      idPrefix: `${this.app}.a`,
    });
  }

  private async loadModel() {
    this.modelCheckedAt = Date.now();
    try {
      const r = await readModel(this.env.SNAPSHOTS, this.app);
      this.modelVersion = r.version;
      this.modelError = r.error ?? null;
      return r.model;
    } catch (e) {
      this.modelError = (e as Error).message;
      return null;
    }
  }

  /** Merges a batch of isolate deltas; answers the current mitigations version. */
  async ingest(app: string, deltas: AnomalyDelta[]): Promise<{ epoch: string; version: number; rejected: number }> {
    const det = await this.load(app);
    let rejected = 0;
    for (const d of (Array.isArray(deltas) ? deltas : []).slice(0, MAX_DELTAS_PER_CALL)) {
      if (!d || d.app !== this.app) {
        rejected++;
        continue;
      }
      this.collector?.noteDelta(d);
      if (det.ingest(d)) rejected++;
    }
    this.lastDeltaAt = Date.now();
    await this.ensureAlarm();
    return { epoch: this.epoch, version: det.mitigations.version, rejected };
  }

  /** The active mitigations, or null when the caller's (epoch, version) copy is current. */
  async mitigations(app: string, known?: { epoch: string; version: number }): Promise<MitigationsAnswer> {
    const det = await this.load(app);
    const version = det.mitigations.version;
    if (known && known.epoch === this.epoch && known.version === version)
      return { epoch: this.epoch, version, list: null };
    return { epoch: this.epoch, version, list: det.mitigations.list(Date.now() / 1000) };
  }

  /**
   * Closes windows up to `nowS` (default: now) and runs detection; saves what
   * changed. The alarm calls it every minute; tests call it directly.
   */
  async tick(
    app: string,
    nowS: number = Date.now() / 1000,
  ): Promise<{ findings: number; created: number; version: number }> {
    const det = await this.load(app);
    const r = det.tick(nowS);
    const minute = Math.floor(nowS / 60) * 60;
    this.collector?.sample(det.state, minute);
    this.lastTick = minute;
    await this.save(false);
    return { findings: r.findings.length, created: r.created.length, version: det.mitigations.version };
  }

  async findings(app: string, limit = 100): Promise<AnomalyFinding[]> {
    const det = await this.load(app);
    return det.findings.slice(-Math.max(1, Math.min(500, limit))).reverse();
  }

  async audit(app: string, limit = 100): Promise<AuditRecord[]> {
    const det = await this.load(app);
    return det.mitigations.audit.slice(-Math.max(1, Math.min(2000, limit))).reverse();
  }

  async status(app: string): Promise<AggregatesStatus> {
    const det = await this.load(app);
    return {
      app: this.app,
      keys: det.state.keys.size,
      ips: det.state.ips.size,
      model_version: this.modelVersion,
      model_error: this.modelError,
      scorer: det.scorerName,
      mitigations: det.mitigations.list(Date.now() / 1000).length,
      history_s: this.collector?.span ?? 0,
      last_tick: this.lastTick,
      stats: { ...det.state.stats },
    };
  }

  /** Lifts one mitigation early (operator decision); true when it was active. */
  async lift(app: string, id: string): Promise<boolean> {
    const det = await this.load(app);
    const m = det.mitigations.list(Date.now() / 1000).find((x) => x.id === id);
    if (!m) return false;
    det.mitigations.lift(m.scope, m.target, m.kind, Date.now() / 1000, "lifted by an operator");
    await this.save(false);
    return true;
  }

  /** Validates an uploaded model, stores it as the next KV version and uses it. */
  async setModel(app: string, model: unknown): Promise<{ version: number } | { error: string }> {
    const det = await this.load(app);
    const parsed = parseAnomalyModel(model);
    if (typeof parsed === "string") return { error: parsed };
    const version = await writeModel(this.env.SNAPSHOTS, this.app, parsed.model, "upload");
    det.setModel(parsed);
    this.modelVersion = version;
    this.modelError = null;
    return { version };
  }

  /** Learns a model from the history this object collected and publishes it to KV. */
  async publishModel(app: string): Promise<{ version: number } | { error: string }> {
    const det = await this.load(app);
    const c = this.collector;
    if (!c || c.span < 3600) return { error: "less than an hour of history collected" };
    const model = c.finish({
      app: this.app,
      templates: [...det.state.keys.keys()].filter((k) => / \//.test(k)),
      authEndpoints: [],
      isAuth: authTest([]),
    });
    const parsed = parseAnomalyModel(JSON.parse(JSON.stringify(model)));
    if (typeof parsed === "string") return { error: parsed };
    const version = await writeModel(this.env.SNAPSHOTS, this.app, model, "live");
    det.setModel(parsed);
    this.modelVersion = version;
    await this.ctx.storage.put("modelPublishedAt", Date.now());
    return { version };
  }

  private async save(force: boolean): Promise<void> {
    const det = this.det;
    if (!det) return;
    const now = Date.now();
    if (force || det.mitigations.version !== this.savedMitigations) {
      await putJson(this.ctx.storage, "mit", det.mitigations.toJSON());
      this.savedMitigations = det.mitigations.version;
    }
    if (force || now - this.savedAt >= SAVE_STATE_MS) {
      await putJson(this.ctx.storage, "det", det.snapshot());
      await this.ctx.storage.put("lastDeltaAt", this.lastDeltaAt);
      this.savedAt = now;
    }
    if (this.collector && (force || now - this.collectorSavedAt >= SAVE_COLLECTOR_MS)) {
      await putJson(this.ctx.storage, "col", this.collector.toJSON());
      this.collectorSavedAt = now;
    }
  }

  /** Saves everything now (tests, operators before a deploy). */
  async flushState(app: string): Promise<void> {
    await this.load(app);
    await this.save(true);
  }

  private async ensureAlarm(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(nextMinute());
  }

  override async alarm(): Promise<void> {
    const app = this.app || ((await this.ctx.storage.get<string>("app")) ?? "");
    if (!app) return;
    const det = await this.load(app);
    await this.tick(app);
    const now = Date.now();
    if (now - this.modelCheckedAt >= MODEL_CHECK_MS) {
      const p = await readPointer(this.env.SNAPSHOTS, this.app).catch(() => null);
      if (p && p.version !== this.modelVersion) {
        const m = await this.loadModel();
        if (m) det.setModel(m);
      } else this.modelCheckedAt = now;
    }
    const published = (await this.ctx.storage.get<number>("modelPublishedAt")) ?? 0;
    if ((this.collector?.span ?? 0) >= 86_400 && now - published >= this.modelIntervalMs()) {
      const r = await this.publishModel(app);
      if ("error" in r) this.modelError = r.error;
    }
    const active = det.mitigations.list(now / 1000).length > 0;
    if (active || now - this.lastDeltaAt < IDLE_MS) await this.ctx.storage.setAlarm(nextMinute());
    else await this.save(true);
  }
}

/** Two seconds past the next minute boundary: late deltas of the closing minute have arrived. */
function nextMinute(): number {
  return Math.floor(Date.now() / 60_000) * 60_000 + 62_000;
}
