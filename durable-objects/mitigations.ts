/**
 * @module durable-objects/mitigations
 * Active mitigations and recent detections of one app (`mitigations:<app>`),
 * SQLite-backed. ClientState shards record their detections here in
 * batches; every isolate reads the active list through a short-lived cache
 * (worker/datapath/behaviour.ts, refreshed off the hot path every ~2 s); the
 * admin API lists mitigations and detections and lifts mitigations.
 *
 * - Mitigations follow core/behaviour/mitigations.ts (one per target and
 *   kind, extended by a repeated detection, TTL per kind and policy); ids
 *   are `<app>.<hex>`, so the admin API can route a DELETE by id alone.
 * - Detections are kept bounded: the newest MAX_DETECTIONS rows.
 * - An alarm drops mitigations that ended.
 */
import { DurableObject } from "cloudflare:workers";
import { type Mitigation, MitigationTable } from "../core/behaviour/mitigations.ts";
import { type BehaviourPolicy, parseBehaviourPolicy } from "../core/behaviour/policy.ts";
import type { Detection, DetectionReason } from "../core/behaviour/types.ts";

/** Detections kept per app (oldest dropped first). */
export const MAX_DETECTIONS = 10_000;
/** Mitigations held per app. */
export const MAX_MITIGATIONS = 10_000;
export const MAX_DETECTION_PAGE = 1000;

/** CONFIG key of an app's optional behaviour policy (`{"scraper":{"action":"log"}}`). */
export const behaviourPolicyKey = (app: string): string => `behaviour-policy:${app}`;

export interface StoredDetection {
  ts: number;
  app: string;
  client: string;
  ip: string;
  kind: string;
  action: string;
  score: number;
  reasons: DetectionReason[];
  requests: number;
}

/** A stored detection and its row number, which orders detections of the same `ts`. */
export type DetectionRow = StoredDetection & { seq: number };

export interface DetectionQuery {
  /** Epoch seconds, inclusive. */
  from?: number;
  /** Epoch seconds, exclusive (as the log API's `to`). */
  to?: number;
  client?: string;
  kind?: string;
  /** Only rows after this one in the list's order (`ts`, then `seq`, descending): a page's cursor. */
  before?: { ts: number; seq: number };
  /** 1..MAX_DETECTION_PAGE + 1 (one more than a page, to know whether another follows); default 100. */
  limit?: number;
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS mitigations (id TEXT PRIMARY KEY, target TEXT NOT NULL, kind TEXT NOT NULL,
     action TEXT NOT NULL, until REAL NOT NULL, reasons TEXT NOT NULL, created_at REAL NOT NULL, limit_10s REAL)`,
  `CREATE TABLE IF NOT EXISTS detections (seq INTEGER PRIMARY KEY AUTOINCREMENT, ts REAL NOT NULL, client TEXT NOT NULL,
     ip TEXT NOT NULL, kind TEXT NOT NULL, action TEXT NOT NULL, score REAL NOT NULL, reasons TEXT NOT NULL, requests INTEGER NOT NULL)`,
  "CREATE INDEX IF NOT EXISTS detections_ts ON detections (ts)",
];

type MitigationRow = {
  id: string;
  target: string;
  kind: string;
  action: string;
  until: number;
  reasons: string;
  created_at: number;
  limit_10s: number | null;
};

function parseReasons(text: string): DetectionReason[] {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? (v as DetectionReason[]) : [];
  } catch {
    return [];
  }
}

function randomHex(bytes: number): string {
  const a = new Uint8Array(bytes);
  crypto.getRandomValues(a);
  return [...a].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export class Mitigations extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private table: MitigationTable | null = null;
  private policyKey = "";

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    for (const stmt of SCHEMA) this.sql.exec(stmt);
  }

  /**
   * The in-memory table, loaded from SQLite once per object lifetime (and
   * rebuilt when the app's behaviour policy changed, so new TTLs apply).
   */
  private async load(app: string, refreshPolicy = false): Promise<MitigationTable> {
    if (this.table && !refreshPolicy) return this.table;
    const policy = await this.policy(app);
    const key = JSON.stringify(policy ?? {});
    if (this.table && this.policyKey === key) return this.table;
    const t = new MitigationTable({ policy, max: MAX_MITIGATIONS, newId: () => `${app}.${randomHex(8)}` });
    for (const r of this.sql.exec<MitigationRow>("SELECT * FROM mitigations").toArray()) {
      const m: Mitigation = {
        id: r.id,
        app,
        target: r.target,
        kind: r.kind as Mitigation["kind"],
        action: r.action as Mitigation["action"],
        until: r.until,
        reasons: parseReasons(r.reasons),
        created_at: r.created_at,
      };
      if (r.limit_10s !== null) m.limit_10s = r.limit_10s;
      t.insert(m);
    }
    this.table = t;
    this.policyKey = key;
    return t;
  }

  private async policy(app: string): Promise<BehaviourPolicy | undefined> {
    try {
      // Operators may override the default action and TTL per kind (core/behaviour/policy.ts).
      const raw = await this.env.CONFIG.get(behaviourPolicyKey(app));
      if (!raw) return undefined;
      const p = parseBehaviourPolicy(JSON.parse(raw));
      return typeof p === "string" ? undefined : p;
    } catch {
      return undefined;
    }
  }

  private save(m: Mitigation): void {
    this.sql.exec(
      `INSERT INTO mitigations (id, target, kind, action, until, reasons, created_at, limit_10s) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET action = excluded.action, until = excluded.until, reasons = excluded.reasons`,
      m.id,
      m.target,
      m.kind,
      m.action,
      m.until,
      JSON.stringify(m.reasons),
      m.created_at,
      m.limit_10s ?? null,
    );
  }

  /**
   * Records a batch of detections: stores them (bounded) and creates or
   * extends their mitigations. Returns the mitigations touched.
   */
  async record(app: string, detections: Detection[]): Promise<Mitigation[]> {
    const table = await this.load(app, true);
    const touched = new Map<string, Mitigation>();
    for (const d of Array.isArray(detections) ? detections : []) {
      if (!d || typeof d.kind !== "string" || typeof d.client !== "string" || !Number.isFinite(d.ts)) continue;
      this.sql.exec(
        "INSERT INTO detections (ts, client, ip, kind, action, score, reasons, requests) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        d.ts,
        d.client,
        d.ip ?? d.client,
        d.kind,
        d.action,
        d.score,
        JSON.stringify(d.reasons ?? []),
        d.requests ?? 0,
      );
      const m = table.fromDetection({ ...d, app });
      touched.set(m.id, m);
    }
    for (const m of touched.values()) this.save(m);
    // Bounded history: keep the newest MAX_DETECTIONS rows.
    this.sql.exec(
      "DELETE FROM detections WHERE seq <= (SELECT seq FROM detections ORDER BY seq DESC LIMIT 1 OFFSET ?)",
      MAX_DETECTIONS,
    );
    // Rows the table dropped past its bound.
    if (table.size < this.count()) {
      const live = new Set(table.list(0).map((m) => m.id));
      for (const r of this.sql.exec<{ id: string }>("SELECT id FROM mitigations").toArray())
        if (!live.has(r.id)) this.sql.exec("DELETE FROM mitigations WHERE id = ?", r.id);
    }
    if (touched.size > 0 && (await this.ctx.storage.getAlarm()) === null) {
      const next = Math.min(...[...touched.values()].map((m) => m.until));
      await this.ctx.storage.setAlarm(Math.max(Date.now() + 1000, next * 1000));
    }
    return [...touched.values()];
  }

  private count(): number {
    return Number(this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM mitigations").one().n);
  }

  /** Mitigations active at `now` (epoch seconds), soonest ending first. */
  async list(app: string, now: number = Date.now() / 1000): Promise<Mitigation[]> {
    return (await this.load(app)).list(now);
  }

  /** Lifts one mitigation; true when it existed. */
  async lift(app: string, id: string): Promise<boolean> {
    const had = (await this.load(app)).lift(id);
    this.sql.exec("DELETE FROM mitigations WHERE id = ?", id);
    return had;
  }

  /**
   * Recent detections, newest first (`ts`, then `seq`, descending), filtered
   * by time (epoch seconds), client and kind, after `before` when given.
   */
  async detections(app: string, q: DetectionQuery = {}): Promise<DetectionRow[]> {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (Number.isFinite(q.from)) {
      where.push("ts >= ?");
      params.push(q.from as number);
    }
    if (Number.isFinite(q.to)) {
      where.push("ts < ?");
      params.push(q.to as number);
    }
    if (q.before && Number.isFinite(q.before.ts) && Number.isFinite(q.before.seq)) {
      where.push("(ts < ? OR (ts = ? AND seq < ?))");
      params.push(q.before.ts, q.before.ts, q.before.seq);
    }
    if (q.client) {
      where.push("client = ?");
      params.push(q.client);
    }
    if (q.kind) {
      where.push("kind = ?");
      params.push(q.kind);
    }
    const limit = Math.max(1, Math.min(MAX_DETECTION_PAGE + 1, Math.trunc(q.limit ?? 100) || 100));
    const rows = this.sql
      .exec<{
        seq: number;
        ts: number;
        client: string;
        ip: string;
        kind: string;
        action: string;
        score: number;
        reasons: string;
        requests: number;
      }>(
        `SELECT seq, ts, client, ip, kind, action, score, reasons, requests FROM detections ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY ts DESC, seq DESC LIMIT ?`,
        ...params,
        limit,
      )
      .toArray();
    return rows.map((r) => ({ ...r, app, reasons: parseReasons(r.reasons) }));
  }

  override async alarm(): Promise<void> {
    const now = Date.now() / 1000;
    this.sql.exec("DELETE FROM mitigations WHERE until <= ?", now);
    this.table?.expire(now);
    const next = this.sql.exec<{ u: number | null }>("SELECT MIN(until) AS u FROM mitigations").one().u;
    if (next !== null) await this.ctx.storage.setAlarm(Math.max(Date.now() + 1000, next * 1000));
  }
}
