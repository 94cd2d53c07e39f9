/**
 * @module durable-objects/log-store
 * The access log on Durable Objects with SQLite storage: one object per app
 * and UTC day (`logs:<app>:<yyyy-mm-dd>`, see log-store/shards.ts for the
 * naming and how it scales). The worker writes batches off the hot path
 * (worker/datapath/log-sender.ts) and reads through the admin API, which
 * fans out over shards (log-store/fanout.ts).
 *
 * - `insert` is idempotent by request id, so the batcher can retry a whole
 *   batch after a partial failure without duplicating records.
 * - Retention: an alarm deletes rows older than `APIWARD_LOG_RETENTION_DAYS`
 *   (default 30) and, once a shard is empty, deletes the object's storage.
 *   The alarm runs at most hourly per shard, so deletions are batched.
 * - The finding index (log-store/keys.ts) makes `rule=` and `anomaly=` index
 *   ranges. Each batch indexes its own rows; a shard written before the
 *   index existed is backfilled by the alarm, a chunk at a time (address
 *   keys of rows older than that column too, for `ip=`), and until then
 *   answers those filters by scanning (slower, never incomplete).
 */
import { DurableObject } from "cloudflare:workers";
import type { AccessLogRecord } from "../core/log/record.ts";
import { type AggregateKind, type AggregateOptions, type AggregateRow, aggregateSql } from "./log-store/aggregate.ts";
import { type CursorPos, decodeCursor, encodeCursor } from "./log-store/cursor.ts";
import { type LogFilters, whereClause } from "./log-store/filters.ts";
import {
  BACKFILL_PAUSE_MS,
  backfillStep,
  createKeys,
  drivingKey,
  indexRows,
  keyedPageSql,
  maxRowid,
} from "./log-store/keys.ts";
import {
  ADDED_COLUMNS,
  INDEX_SQL,
  INSERT_SQL,
  type Row,
  recordToValues,
  rowToRecord,
  sqlTableExists,
  TABLE_SQL,
} from "./log-store/schema.ts";
import { DAY_MS, retentionDays } from "./log-store/shards.ts";

export interface InsertResult {
  /** Records newly stored. */
  inserted: number;
  /** Records already stored (a retried batch). */
  duplicates: number;
  /** Records skipped because they had no usable request id. */
  rejected: number;
}

export interface LogPage {
  records: AccessLogRecord[];
  /** Opaque cursor of the next page, or null when this was the last. */
  next: string | null;
  /** Set (with an empty page) when the cursor was not one this store issued. */
  error?: string;
}

export interface NdjsonPage {
  /** One JSON record per line, each ending in `\n`. */
  ndjson: string;
  count: number;
  next: string | null;
}

export const MAX_PAGE = 1000;
/** Soonest a retention alarm runs after the previous one (deletions are batched). */
const ALARM_MIN_INTERVAL_MS = 3_600_000;

export class LogStore extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** Whether an alarm is known to be scheduled (avoids a storage read per batch). */
  private alarmScheduled = false;
  /** Whether the table exists. Reads of a shard never written (an empty day in a range) create nothing. */
  private hasTable = false;
  private schemaEnsured = false;
  /** Whether every record has its finding keys and address key (false while an old shard is backfilled). */
  private backfilled = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
  }

  private tableExists(): boolean {
    if (!this.hasTable) {
      this.hasTable = sqlTableExists(this.sql, "logs");
      // A shard written by an older version: add its missing columns before any read names them.
      if (this.hasTable) this.createSchema();
    }
    return this.hasTable;
  }

  /**
   * Creates the table, adds the columns added since (ADDED_COLUMNS), then the
   * indexes (all `IF NOT EXISTS`, so indexes added later reach old shards),
   * once per instance.
   */
  private createSchema(): void {
    if (this.schemaEnsured) return;
    this.sql.exec(TABLE_SQL);
    const have = new Set(
      this.sql
        .exec<{ name: string }>("PRAGMA table_info(logs)")
        .toArray()
        .map((c) => c.name),
    );
    for (const [name, type] of ADDED_COLUMNS) {
      if (!have.has(name)) this.sql.exec(`ALTER TABLE logs ADD COLUMN ${name} ${type}`);
    }
    for (const stmt of INDEX_SQL) this.sql.exec(stmt);
    const backfill = createKeys(this.sql);
    this.backfilled = !backfill;
    if (backfill) this.scheduleSoon();
    this.hasTable = true;
    this.schemaEnsured = true;
  }

  /** The alarm in a moment (a backfill step), ahead of any later retention run it replaces. */
  private scheduleSoon(): void {
    this.alarmScheduled = true;
    this.ctx.storage.setAlarm(Date.now() + BACKFILL_PAUSE_MS).catch(() => {
      // The next insert's ensureAlarm or retention alarm carries on; queries scan meanwhile.
      this.alarmScheduled = false;
    });
  }

  private retentionMs(): number {
    return retentionDays((this.env as { APIWARD_LOG_RETENTION_DAYS?: unknown }).APIWARD_LOG_RETENTION_DAYS) * DAY_MS;
  }

  /** Stores a batch atomically; records already stored (same request id) are ignored. */
  async insert(records: AccessLogRecord[]): Promise<InsertResult> {
    const now = Date.now();
    const result: InsertResult = { inserted: 0, duplicates: 0, rejected: 0 };
    let oldest = Number.POSITIVE_INFINITY;
    this.createSchema();
    this.ctx.storage.transactionSync(() => {
      const before = maxRowid(this.sql);
      for (const r of Array.isArray(records) ? records : []) {
        const values = r && typeof r === "object" ? recordToValues(r, now) : null;
        if (!values) {
          result.rejected++;
          continue;
        }
        const cur = this.sql.exec(INSERT_SQL, ...values);
        if (cur.rowsWritten > 0) {
          result.inserted++;
          oldest = Math.min(oldest, values[1] as number);
        } else result.duplicates++;
      }
      // The batch's rows are the ones after `before` (SQLite gives each new row the largest rowid + 1).
      if (result.inserted > 0) indexRows(this.sql, before, maxRowid(this.sql));
    });
    if (result.inserted > 0) await this.ensureAlarm(oldest + this.retentionMs());
    return result;
  }

  private async ensureAlarm(expiresAt: number): Promise<void> {
    if (this.alarmScheduled) return;
    if ((await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(Math.max(expiresAt, Date.now() + 60_000));
    }
    this.alarmScheduled = true;
  }

  /**
   * One page of records matching `filters`, newest first, strictly older
   * than `cursor` (null: from the newest). `limit` is clamped to 1..1000.
   */
  async query(filters: LogFilters, limit: number, cursor: string | null): Promise<LogPage> {
    const n = Math.min(Math.max(Math.trunc(limit) || 1, 1), MAX_PAGE);
    const before = cursor === null ? null : decodeCursor(cursor);
    if (cursor !== null && !before) return { records: [], next: null, error: "cursor: not a valid cursor" };
    if (!this.tableExists()) return { records: [], next: null };
    const rows = this.pageRows(filters ?? {}, before, n + 1);
    const records = rows.slice(0, n).map(rowToRecord);
    const last = records[records.length - 1];
    return { records, next: rows.length > n && last ? encodeCursor({ ts: last.ts, id: last.request_id }) : null };
  }

  /**
   * Rows of a page. With a `rule` or `anomaly` filter and a complete finding
   * index, the page walks that key's index range newest first and stops at
   * the limit (the join order is fixed: the index drives, each row is one
   * primary-key lookup), unless a client, address or request id leads;
   * otherwise the (…, ts, request_id) indexes serve.
   */
  private pageRows(filters: LogFilters, before: CursorPos | null, limit: number): Row[] {
    const f = filters;
    const driver = this.backfilled ? drivingKey(f) : undefined;
    if (driver === undefined) {
      const where = whereClause(f, before, { backfilled: this.backfilled });
      return this.sql
        .exec<Row>(`SELECT * FROM logs ${where.sql} ORDER BY ts DESC, request_id DESC LIMIT ?`, ...where.params, limit)
        .toArray();
    }
    const q = keyedPageSql(f, driver, before);
    return this.sql.exec<Row>(`${q.sql} LIMIT ?`, ...q.params, limit).toArray();
  }

  /** One aggregate (see log-store/aggregate.ts) over the records matching `filters`. */
  async aggregate(kind: AggregateKind, filters: LogFilters, opts: AggregateOptions = {}): Promise<AggregateRow[]> {
    return this.runAggregate(kind, filters, opts);
  }

  /** Several aggregates in one call (one subrequest per shard for the stats endpoint). */
  async aggregateMany(
    kinds: AggregateKind[],
    filters: LogFilters,
    opts: AggregateOptions = {},
  ): Promise<Partial<Record<AggregateKind, AggregateRow[]>>> {
    const out: Partial<Record<AggregateKind, AggregateRow[]>> = {};
    for (const k of kinds) out[k] = this.runAggregate(k, filters, opts);
    return out;
  }

  private runAggregate(kind: AggregateKind, filters: LogFilters, opts: AggregateOptions): AggregateRow[] {
    if (!this.tableExists()) return [];
    const q = aggregateSql(kind, whereClause(filters ?? {}, null, { backfilled: this.backfilled }), opts ?? {});
    return this.sql
      .exec<Record<string, SqlStorageValue>>(q.sql, ...q.params)
      .toArray()
      .map((r) => ({
        key: typeof r.key === "number" ? r.key : String(r.key),
        requests: Number(r.requests ?? 0),
        blocks: Number(r.blocks ?? 0),
        would_block: Number(r.would_block ?? 0),
      }));
  }

  /** A page of the export as NDJSON text (callers page with `next`, e.g. into a gzip archive). */
  async exportNdjson(filters: LogFilters, cursor: string | null = null, pageSize = MAX_PAGE): Promise<NdjsonPage> {
    const page = await this.query(filters, pageSize, cursor);
    let ndjson = "";
    for (const r of page.records) ndjson += `${JSON.stringify(r)}\n`;
    return { ndjson, count: page.records.length, next: page.next };
  }

  /** Records stored in this shard (health, tests). */
  async count(): Promise<number> {
    if (!this.tableExists()) return 0;
    return Number(this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM logs").one().n);
  }

  /**
   * A backfill step of the finding index when one is due, then retention:
   * deletes expired rows; reschedules (soon while the backfill goes on, else
   * for the next expiry), or wipes an empty shard.
   */
  override async alarm(): Promise<void> {
    this.alarmScheduled = false;
    if (!this.tableExists()) return;
    let backfilling = false;
    if (!this.backfilled) {
      const state = this.ctx.storage.transactionSync(() => backfillStep(this.sql));
      this.backfilled = state.complete;
      backfilling = !state.complete;
    }
    const retention = this.retentionMs();
    const now = Date.now();
    const cutoff = now - retention;
    const oldestTs = () => this.sql.exec<{ t: number | null }>("SELECT MIN(ts) AS t FROM logs").one().t;
    let oldest = oldestTs();
    if (oldest !== null && oldest < cutoff) {
      // Only when something expired: log_keys has no time index, and backfill steps come every second.
      this.sql.exec("DELETE FROM logs WHERE ts < ?", cutoff);
      this.sql.exec("DELETE FROM log_keys WHERE kts < ?", cutoff);
      oldest = oldestTs();
    }
    if (oldest === null) {
      // Nothing left: free the object's storage (tables included); an insert recreates the schema.
      await this.ctx.storage.deleteAlarm();
      await this.ctx.storage.deleteAll();
      this.hasTable = false;
      this.schemaEnsured = false;
      this.backfilled = false;
      return;
    }
    const next = backfilling ? now + BACKFILL_PAUSE_MS : Math.max(oldest + retention, now + ALARM_MIN_INTERVAL_MS);
    await this.ctx.storage.setAlarm(next);
    this.alarmScheduled = true;
  }
}
