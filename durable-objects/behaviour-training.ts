/**
 * @module durable-objects/behaviour-training
 * The learning core's behaviour part (one per app, inside the LearningCore
 * object and its SQLite storage): it keeps what the ClientState shards send
 * (client summaries, workflow transitions, endpoint statistics), and trains
 * the app's behaviour model with the very code `apiward learn` ends with
 * (core/behaviour/train.ts buildModel), then publishes it as the next
 * versioned snapshot (`behaviour:<app>:v<n>`, client-state.ts publishModel),
 * which every ClientState shard loads within a minute.
 *
 * When: on the learning core's alarm, once new summaries have waited
 * `interval_s` or `min_new` of them arrived (training-settings.ts, CONFIG
 * `behaviour-training:<app>`), or when the admin API forces it. A model
 * trained on fewer than `min_clients` kept clients, or one that fails
 * `parseModel`, is never published: the active model stays and the run says
 * why (logged, and shown by `GET /__apiward/apps/:app/behaviour/model`).
 *
 * Bounded: the newest MAX_SUMMARIES summaries of the last SUMMARY_MAX_AGE_S,
 * at most MAX_TRANSITIONS transitions and MAX_ENDPOINTS endpoints; counts
 * are halved after each training so that they follow the traffic.
 */
import { MarkovLearner } from "../core/behaviour/markov.ts";
import { parseModel } from "../core/behaviour/model.ts";
import { type ClientSummary, parseSummary } from "../core/behaviour/summary.ts";
import {
  buildModel,
  type EndpointStats,
  endpointRoles,
  endpointStatsFromJSON,
  LATENCY_SAMPLE,
  mergeEndpointStats,
} from "../core/behaviour/train.ts";
import {
  parseTrainingSettings,
  TRAINING_DEFAULTS,
  type TrainingSettings,
  trainingSettingsKey,
} from "../core/behaviour/training-settings.ts";
import { publishModel, type TrainingBatch } from "./client-state.ts";

export const MAX_SUMMARIES = 20_000;
export const SUMMARY_MAX_AGE_S = 7 * 86_400;
const MAX_TRANSITIONS = 50_000;
const MAX_ENDPOINTS = 4096;
const SETTINGS_TTL_MS = 60_000;
const STATE_KEY = "behaviour:state";

/** One training run, as the admin API shows it. */
export interface TrainingRun {
  at: number;
  trigger: "schedule" | "admin";
  /** Version published, or null (then `reason` says why). */
  published: number | null;
  reason: string | null;
  summaries: number;
  clients: number;
  excluded: number;
  clusters: number;
  min_clients: number;
  ms: number;
}

interface TrainingState {
  /** Summaries received since the last run. */
  fresh: number;
  /** When the oldest of them arrived (ms). */
  pending_since: number | null;
  last_run: TrainingRun | null;
}

export interface TrainingStatus {
  settings: TrainingSettings;
  settings_error: string | null;
  summaries: number;
  fresh: number;
  next_due: number | null;
  last_run: TrainingRun | null;
}

export class BehaviourTraining {
  private state: TrainingState | null = null;
  private settingsCache: { at: number; app: string; settings: TrainingSettings; error: string | null } | null = null;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly env: Env,
  ) {
    const sql = storage.sql;
    sql.exec(
      "CREATE TABLE IF NOT EXISTS behaviour_summaries (id INTEGER PRIMARY KEY AUTOINCREMENT, received REAL NOT NULL, summary TEXT NOT NULL)",
    );
    sql.exec(
      "CREATE TABLE IF NOT EXISTS behaviour_transitions (src TEXT NOT NULL, dst TEXT NOT NULL, n REAL NOT NULL, PRIMARY KEY (src, dst))",
    );
    sql.exec(
      "CREATE TABLE IF NOT EXISTS behaviour_endpoints (ep TEXT PRIMARY KEY, count REAL NOT NULL, posts REAL NOT NULL, login_bodies REAL NOT NULL, latencies TEXT NOT NULL)",
    );
  }

  private async loadState(): Promise<TrainingState> {
    this.state ??= (await this.storage.get<TrainingState>(STATE_KEY)) ?? {
      fresh: 0,
      pending_since: null,
      last_run: null,
    };
    return this.state;
  }

  private async saveState(): Promise<void> {
    if (this.state) await this.storage.put(STATE_KEY, this.state);
  }

  /** The app's settings (CONFIG `behaviour-training:<app>`, cached a minute); a bad override keeps the defaults. */
  async settings(app: string): Promise<{ settings: TrainingSettings; error: string | null }> {
    const c = this.settingsCache;
    if (c && c.app === app && Date.now() - c.at < SETTINGS_TTL_MS) return c;
    let raw: unknown = null;
    let error: string | null = null;
    try {
      raw = await this.env.CONFIG.get(trainingSettingsKey(app), "json");
    } catch (e) {
      error = `behaviour-training: ${(e as Error).message}`;
    }
    const p = parseTrainingSettings(raw);
    const out =
      "error" in p
        ? { at: Date.now(), app, settings: { ...TRAINING_DEFAULTS }, error: p.error }
        : { at: Date.now(), app, settings: p.settings, error };
    if (out.error) console.error(`apiward: ${app}: ${out.error} (defaults in use)`);
    this.settingsCache = out;
    return out;
  }

  /** Stores one batch from a ClientState shard; returns the summaries accepted and when training is due (ms). */
  async add(app: string, batch: Partial<TrainingBatch>): Promise<{ accepted: number; due: number | null }> {
    const sql = this.storage.sql;
    const now = Date.now();
    let accepted = 0;
    for (const raw of Array.isArray(batch.summaries) ? batch.summaries : []) {
      const s = parseSummary(raw);
      if (!s) continue;
      sql.exec("INSERT INTO behaviour_summaries (received, summary) VALUES (?, ?)", now / 1000, JSON.stringify(s));
      accepted++;
    }
    if (accepted > 0) {
      const n = Number(sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM behaviour_summaries").one().n);
      if (n > MAX_SUMMARIES)
        sql.exec(
          "DELETE FROM behaviour_summaries WHERE id IN (SELECT id FROM behaviour_summaries ORDER BY id LIMIT ?)",
          n - MAX_SUMMARIES,
        );
    }
    this.addTransitions(Array.isArray(batch.transitions) ? batch.transitions : []);
    this.addEndpoints(endpointStatsFromJSON(batch.endpoints));
    const st = await this.loadState();
    if (accepted > 0) {
      st.fresh += accepted;
      st.pending_since ??= now;
      await this.saveState();
    }
    return { accepted, due: await this.dueAt(app) };
  }

  private addTransitions(rows: unknown[]): void {
    const sql = this.storage.sql;
    let count = -1;
    for (const r of rows) {
      if (!Array.isArray(r) || r.length !== 3) continue;
      const [a, b, n] = r as [unknown, unknown, unknown];
      if ((a !== null && typeof a !== "string") || typeof b !== "string" || typeof n !== "number" || !(n > 0)) continue;
      const src = a ?? "";
      const hit = sql.exec("UPDATE behaviour_transitions SET n = n + ? WHERE src = ? AND dst = ?", n, src, b);
      if (hit.rowsWritten > 0) continue;
      if (count < 0) count = Number(sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM behaviour_transitions").one().n);
      if (count >= MAX_TRANSITIONS) continue;
      sql.exec("INSERT INTO behaviour_transitions (src, dst, n) VALUES (?, ?, ?)", src, b, n);
      count++;
    }
  }

  private addEndpoints(stats: EndpointStats): void {
    if (stats.size === 0) return;
    const sql = this.storage.sql;
    let count = Number(sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM behaviour_endpoints").one().n);
    for (const [ep, st] of stats) {
      const cur = this.readEndpoints(ep);
      if (cur.size === 0 && count >= MAX_ENDPOINTS) continue;
      if (cur.size === 0) count++;
      mergeEndpointStats(cur, new Map([[ep, st]]), LATENCY_SAMPLE);
      const m = cur.get(ep);
      if (!m) continue;
      sql.exec(
        "INSERT INTO behaviour_endpoints (ep, count, posts, login_bodies, latencies) VALUES (?, ?, ?, ?, ?) ON CONFLICT(ep) DO UPDATE SET count = excluded.count, posts = excluded.posts, login_bodies = excluded.login_bodies, latencies = excluded.latencies",
        ep,
        m.count,
        m.posts,
        m.loginBodies,
        JSON.stringify(m.latencies),
      );
    }
  }

  /** Stored endpoint statistics (one endpoint, or all). */
  private readEndpoints(only?: string): EndpointStats {
    const rows = this.storage.sql
      .exec<{ ep: string; count: number; posts: number; login_bodies: number; latencies: string }>(
        only === undefined
          ? "SELECT ep, count, posts, login_bodies, latencies FROM behaviour_endpoints"
          : "SELECT ep, count, posts, login_bodies, latencies FROM behaviour_endpoints WHERE ep = ?",
        ...(only === undefined ? [] : [only]),
      )
      .toArray();
    return endpointStatsFromJSON(rows.map((r) => [r.ep, r.count, r.posts, r.login_bodies, safeArray(r.latencies)]));
  }

  /** When the next scheduled training is due (ms), or null when no new summary waits. */
  async dueAt(app: string): Promise<number | null> {
    const st = await this.loadState();
    if (st.fresh === 0 || st.pending_since === null) return null;
    const { settings } = await this.settings(app);
    if (st.fresh >= settings.min_new) return Date.now();
    return st.pending_since + settings.interval_s * 1000;
  }

  /** Trains when due (the alarm); returns the run, or null when nothing was due. */
  async tick(app: string, templates: () => string[]): Promise<TrainingRun | null> {
    const due = await this.dueAt(app);
    if (due === null || due > Date.now()) return null;
    return this.train(app, templates(), "schedule");
  }

  /** Trains now from what is stored and publishes the model if it may be. */
  async train(app: string, templates: string[], trigger: TrainingRun["trigger"]): Promise<TrainingRun> {
    const t0 = Date.now();
    const { settings } = await this.settings(app);
    const sql = this.storage.sql;
    const rows = sql
      .exec<{ received: number; summary: string }>(
        "SELECT received, summary FROM behaviour_summaries WHERE received >= ? ORDER BY id DESC LIMIT ?",
        t0 / 1000 - SUMMARY_MAX_AGE_S,
        MAX_SUMMARIES,
      )
      .toArray();
    const summaries: ClientSummary[] = [];
    let from: number | null = null;
    let to: number | null = null;
    let records = 0;
    for (const r of rows) {
      const s = parseSummary(safeParse(r.summary));
      if (!s) continue;
      summaries.push(s);
      records += s.requests;
      if (from === null || r.received < from) from = r.received;
      if (to === null || r.received > to) to = r.received;
    }
    const run: TrainingRun = {
      at: t0,
      trigger,
      published: null,
      reason: null,
      summaries: summaries.length,
      clients: 0,
      excluded: 0,
      clusters: 0,
      min_clients: settings.min_clients,
      ms: 0,
    };
    if (summaries.length === 0) run.reason = "no client summaries yet: the active model stays";
    else
      try {
        await this.build(app, templates, summaries, { records, from, to }, settings, run);
      } catch (e) {
        run.reason = `training failed (${(e as Error).message}): the active model stays`;
      }
    run.ms = Date.now() - t0;
    if (run.published === null) console.error(`apiward: behaviour model for ${app} not published: ${run.reason}`);
    else
      console.log(
        `apiward: behaviour model ${app} v${run.published} published (${run.clients} clients, ${run.clusters} clusters, ${run.ms} ms)`,
      );
    const st = await this.loadState();
    st.fresh = 0;
    st.pending_since = null;
    st.last_run = run;
    await this.saveState();
    return run;
  }

  /** Builds the model from the summaries and publishes it when it may be (fills `run`). */
  private async build(
    app: string,
    templates: string[],
    summaries: ClientSummary[],
    span: { records: number; from: number | null; to: number | null },
    settings: TrainingSettings,
    run: TrainingRun,
  ): Promise<void> {
    const sql = this.storage.sql;
    const { records, from, to } = span;
    const markov = new MarkovLearner();
    for (const t of sql.exec<{ src: string; dst: string; n: number }>("SELECT src, dst, n FROM behaviour_transitions"))
      markov.add(t.src === "" ? undefined : t.src, t.dst, t.n);
    const roles = endpointRoles(this.readEndpoints());
    const model = buildModel(summaries, {
      app,
      templates,
      login: roles.login,
      expensive: roles.expensive,
      markov: markov.build(),
      records,
      from,
      to,
    });
    run.clients = model.trained_on.clients;
    run.excluded = model.trained_on.excluded;
    run.clusters = model.clusters.length;
    const checked = parseModel(JSON.parse(JSON.stringify(model)));
    if (model.trained_on.clients < settings.min_clients)
      run.reason = `${model.trained_on.clients} clients kept (${model.trained_on.excluded} left out) of ${summaries.length} summaries; at least ${settings.min_clients} are needed: the active model stays`;
    else if (typeof checked === "string")
      run.reason = `the trained model is invalid (${checked}): the active model stays`;
    else {
      run.published = await publishModel(this.env.SNAPSHOTS, app, checked);
      // Counts fade, so that the model follows the traffic.
      sql.exec("UPDATE behaviour_transitions SET n = n / 2");
      sql.exec("DELETE FROM behaviour_transitions WHERE n < 0.5");
      sql.exec("UPDATE behaviour_endpoints SET count = count / 2, posts = posts / 2, login_bodies = login_bodies / 2");
    }
  }

  async status(app: string): Promise<TrainingStatus> {
    const { settings, error } = await this.settings(app);
    const st = await this.loadState();
    return {
      settings,
      settings_error: error,
      summaries: Number(this.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM behaviour_summaries").one().n),
      fresh: st.fresh,
      next_due: await this.dueAt(app),
      last_run: st.last_run,
    };
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function safeArray(text: string): unknown[] {
  const v = safeParse(text);
  return Array.isArray(v) ? v : [];
}
