/**
 * The LogStore Durable Object in workerd with its real SQLite storage:
 * idempotent inserts, every filter against an independent reference, keyset
 * pagination that returns every record exactly once, aggregates, NDJSON
 * export pages, the retention alarm, and the finding index behind `rule=`
 * and `anomaly=` (its query plan and its backfill on an old shard).
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AccessLogRecord } from "../../core/log/record.ts";
import { type ParsedCidr, parseCidr } from "../../core/net/ip.ts";
import { cidrKeyRange } from "../../core/net/ip-key.ts";
import { type LogFilters, type SqlParam, type SqlWhere, whereClause } from "../../durable-objects/log-store/filters.ts";
import { backfillStep, drivingKey, keyedPageSql } from "../../durable-objects/log-store/keys.ts";
import { INSERT_SQL, recordToValues, TABLE_SQL } from "../../durable-objects/log-store/schema.ts";
import type { LogStore } from "../../durable-objects/log-store.ts";
import { record, refQuery, uniq, variedRecords } from "./log-store-fixtures.ts";

const DAY = 86_400_000;

function shard(): DurableObjectStub<LogStore> {
  return env.LOGS.get(env.LOGS.idFromName(`logs:${uniq("t")}:2026-01-01`));
}

async function insertAll(s: DurableObjectStub<LogStore>, recs: AccessLogRecord[]): Promise<void> {
  for (let i = 0; i < recs.length; i += 500) await s.insert(recs.slice(i, i + 500));
}

/** The query plan of a statement in a shard, its steps joined by "; ". */
function planOf(s: DurableObjectStub<LogStore>, sql: string, params: SqlParam[]): Promise<string> {
  return runInDurableObject(s, (_o, state) =>
    state.storage.sql
      .exec<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, ...params)
      .toArray()
      .map((r) => r.detail)
      .join("; "),
  );
}

/** The plan of a page as the store reads one without a driving key. */
function pagePlan(s: DurableObjectStub<LogStore>, where: SqlWhere): Promise<string> {
  return planOf(s, `SELECT * FROM logs ${where.sql} ORDER BY ts DESC, request_id DESC LIMIT 10`, where.params);
}

/**
 * The first use of a shard written before the finding index, `f` its first query: creates the
 * index tables and schedules the backfill BACKFILL_PAUSE_MS (1 s) later. The tests take the
 * backfill's steps themselves, so the alarm is moved an hour on in the same call; on a slow
 * machine workerd would otherwise run it between the steps a test looks at.
 */
async function firstUse(
  s: DurableObjectStub<LogStore>,
  f: LogFilters,
): Promise<{ records: AccessLogRecord[]; alarm: number | null }> {
  return runInDurableObject(s, async (o: LogStore, state) => {
    const { records } = await o.query(f, 1000, null);
    const alarm = await state.storage.getAlarm();
    await state.storage.setAlarm(Date.now() + 3_600_000);
    return { records, alarm };
  });
}

async function pageAll(s: DurableObjectStub<LogStore>, f: LogFilters, limit: number): Promise<AccessLogRecord[]> {
  const out: AccessLogRecord[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 10_000; i++) {
    const page = await s.query(f, limit, cursor);
    expect(page.records.length).toBeLessThanOrEqual(limit);
    out.push(...(page.records as AccessLogRecord[]));
    if (page.next === null) return out;
    cursor = page.next;
  }
  throw new Error("pagination did not end");
}

describe("LogStore insert", () => {
  it("is idempotent by request id, so a retried batch never duplicates", async () => {
    const s = shard();
    const batch = Array.from({ length: 10 }, (_, i) => record(i));
    expect(await s.insert(batch)).toEqual({ inserted: 10, duplicates: 0, rejected: 0 });
    const retry = [...batch, ...Array.from({ length: 5 }, (_, i) => record(100 + i))];
    expect(await s.insert(retry)).toEqual({ inserted: 5, duplicates: 10, rejected: 0 });
    expect(await s.count()).toBe(15);
    const page = await s.query({}, 1000, null);
    expect(page.records).toHaveLength(15);
    expect(new Set(page.records.map((r) => r.request_id)).size).toBe(15);
  });

  it("round-trips every field of a record", async () => {
    const s = shard();
    const full = record(1, {
      country: "DE",
      asn: 3320,
      model_version: "m7",
      reasons: [
        { source: "signature", id: "942100", action: "block", detail: "' OR 1=1 --", location: "query:q", score: 5 },
      ],
      headers: { "user-agent": "<script>alert(1)</script>", authorization: "[redacted]" },
      anomalies: ["double_encoding", "dot_segment"],
    });
    const bare = record(2);
    delete bare.endpoint;
    delete bare.user_agent;
    delete bare.headers;
    bare.policy_version = null;
    await s.insert([full, bare]);
    const page = await s.query({}, 10, null);
    expect(page.records).toEqual([bare, full]);
  });

  it("skips records without a request id and coerces malformed fields instead of throwing", async () => {
    const s = shard();
    const bad = [
      { ...record(1), request_id: "" },
      { ...record(2), request_id: undefined },
      {
        ...record(3),
        ts: Number.NaN,
        decision: "nuke",
        status: "x",
        reasons: null,
        headers: "h",
        anomalies: ["dot_segment", 5, "Bad Code!", "x".repeat(100), null],
      },
      null,
    ] as unknown as AccessLogRecord[];
    const res = await s.insert(bad);
    expect(res).toEqual({ inserted: 1, duplicates: 0, rejected: 3 });
    const [r] = (await s.query({}, 10, null)).records;
    expect(r?.request_id).toBe(record(3).request_id);
    expect(r?.decision).toBe("log");
    expect(r?.status).toBe(0);
    expect(r?.reasons).toEqual([]);
    expect(r?.anomalies).toEqual(["dot_segment"]);
    expect(Math.abs((r?.ts ?? 0) - Date.now())).toBeLessThan(60_000);
  });

  it("adds the anomalies column to a shard written before it existed, keeping its rows", async () => {
    const s = shard();
    const old = record(1);
    // The table as the first release created it (no anomalies column), with one row.
    await runInDurableObject(s, (_obj, state) => {
      const sql = state.storage.sql;
      sql.exec(
        `CREATE TABLE logs (request_id TEXT PRIMARY KEY, ts INTEGER NOT NULL, app TEXT NOT NULL, client TEXT NOT NULL,
          ip TEXT NOT NULL, country TEXT, asn INTEGER, method TEXT NOT NULL, host TEXT NOT NULL, url TEXT NOT NULL,
          endpoint TEXT, decision TEXT NOT NULL, would TEXT NOT NULL, mode TEXT NOT NULL, reasons TEXT NOT NULL,
          status INTEGER NOT NULL, bytes INTEGER NOT NULL, latency_ms REAL NOT NULL, policy_version INTEGER,
          model_version TEXT, user_agent TEXT, headers TEXT)`,
      );
      sql.exec(
        "INSERT INTO logs VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?, NULL, ?, ?)",
        old.request_id,
        old.ts,
        old.app,
        old.client,
        old.ip,
        old.method,
        old.host,
        old.url,
        old.endpoint ?? null,
        old.decision,
        old.would,
        old.mode,
        old.status,
        old.bytes,
        old.latency_ms,
        old.policy_version,
        old.user_agent ?? null,
        JSON.stringify(old.headers),
      );
    });
    // A read first (a query with the new filter names the column), then a write.
    expect((await firstUse(s, { anomaly: "dot_segment" })).records).toEqual([]);
    expect((await s.query({}, 10, null)).records).toEqual([old]);
    const fresh = record(2, { anomalies: ["dot_segment"] });
    expect(await s.insert([fresh])).toEqual({ inserted: 1, duplicates: 0, rejected: 0 });
    expect((await s.query({ anomaly: "dot_segment" }, 10, null)).records).toEqual([fresh]);
    expect((await s.query({}, 10, null)).records).toEqual([fresh, old]);
    // The old row has no address key: a block finds only the new one; the exact address finds both.
    const block = { ipRange: cidrKeyRange(parseCidr("10.0.0.0/29") as ParsedCidr) };
    expect(old.ip).toBe("10.0.0.1");
    expect(fresh.ip).toBe("10.0.0.2");
    expect((await s.query(block, 10, null)).records).toEqual([fresh]);
    expect((await s.query({ ip: "10.0.0.1" }, 10, null)).records).toEqual([old]);
    // The block's condition is an index range on the old shard too (the partial index on the key).
    const where = whereClause(block);
    const plan = await planOf(s, `SELECT request_id FROM logs ${where.sql}`, where.params);
    expect(plan).toMatch(/USING (COVERING )?INDEX logs_ip_key \(ip_key>\? AND ip_key<\?\)/);
  });
});

describe("LogStore finding index on a shard written before it", () => {
  it("is backfilled by the alarm, a chunk at a time, and answers by scan until it is complete", async () => {
    const s = shard();
    const t0 = Date.now() - 2 * DAY;
    const recs = variedRecords(300, 5, t0, DAY);
    // The shard as earlier releases wrote it: the logs table, no finding index, and rows from
    // before the address key (ip_key NULL) beside rows with it.
    await runInDurableObject(s, (_o, state) => {
      state.storage.sql.exec(TABLE_SQL);
      for (const r of recs) state.storage.sql.exec(INSERT_SQL, ...(recordToValues(r, Date.now()) ?? []));
      state.storage.sql.exec("UPDATE logs SET ip_key = NULL WHERE rowid <= 150");
    });
    const block = { ipRange: cidrKeyRange(parseCidr("10.0.0.2/31") as ParsedCidr) };
    const inBlock = (list: AccessLogRecord[]) => list.filter((r) => r.ip === "10.0.0.2" || r.ip === "10.0.0.3");
    const blockIds = async () => (await pageAll(s, block, 1000)).map((r) => r.request_id);
    const cases: LogFilters[] = [
      { rule: "signature:942100" },
      { anomaly: "dot_segment" },
      { rule: "policy:rl-login", anomaly: "path_param" },
      { rule: "signature:941100", decisions: ["block"], fromMs: t0 + DAY / 3 },
    ];
    const check = async (label: string) => {
      for (const f of cases) {
        const want = refQuery(recs, f);
        expect(want.length, JSON.stringify(f)).toBeGreaterThan(2);
        const got = await s.query(f, 1000, null);
        expect(
          got.records.map((r) => r.request_id),
          `${label} ${JSON.stringify(f)}`,
        ).toEqual(want.map((r) => r.request_id));
        const perClient = new Map<string, number>();
        for (const r of want) perClient.set(r.client, (perClient.get(r.client) ?? 0) + 1);
        const agg = await s.aggregate("top_clients", f, { top: 100 });
        expect(new Map(agg.map((a) => [a.key, a.requests])), `${label} top_clients ${JSON.stringify(f)}`).toEqual(
          perClient,
        );
      }
    };
    const meta = () =>
      runInDurableObject(s, (_o, state) =>
        state.storage.sql.exec<{ k: string; v: number }>("SELECT k, v FROM log_meta ORDER BY k").toArray(),
      );
    // The first use creates the index tables and schedules the backfill in a moment.
    const first = await firstUse(s, {});
    expect(first.records.length).toBe(300);
    expect(first.alarm).not.toBeNull();
    expect(first.alarm as number).toBeLessThanOrEqual(Date.now() + 5_000);
    await check("before");
    // Rows without an address key: found by exact address (a scan), not yet by block.
    expect(await blockIds()).toEqual(refQuery(inBlock(recs.slice(150)), {}).map((r) => r.request_id));
    expect((await pageAll(s, { ip: "10.0.0.3" }, 1000)).map((r) => r.request_id)).toEqual(
      refQuery(recs, { ip: "10.0.0.3" }).map((r) => r.request_id),
    );
    expect(await meta()).toEqual([
      { k: "keys_next", v: 0 },
      { k: "keys_to", v: 300 },
    ]);
    // Two small steps, then a batch (indexed as it lands), then the alarm does the rest.
    await runInDurableObject(s, (_o, state) => {
      backfillStep(state.storage.sql, 100);
      backfillStep(state.storage.sql, 100);
    });
    const more = variedRecords(60, 6, t0, DAY);
    await s.insert(more);
    recs.push(...more);
    expect(await meta()).toEqual([
      { k: "keys_next", v: 200 },
      { k: "keys_to", v: 300 },
    ]);
    await check("partial");
    expect(await runDurableObjectAlarm(s)).toBe(true);
    expect(await meta()).toEqual([]);
    await check("after");
    // Every row has its address key now: a block finds them all, and an exact address is a key range.
    expect(await blockIds()).toEqual(refQuery(inBlock(recs), {}).map((r) => r.request_id));
    expect((await pageAll(s, { ip: "10.0.0.3" }, 7)).map((r) => r.request_id)).toEqual(
      refQuery(recs, { ip: "10.0.0.3" }).map((r) => r.request_id),
    );
    const ipPlan = await pagePlan(
      s,
      whereClause({ ip: "10.0.0.3" }, { ts: Date.now(), id: "x" }, { backfilled: true }),
    );
    expect(ipPlan).toMatch(/SEARCH logs USING INDEX logs_ip_key \(ip_key=\?/);
    expect(ipPlan).not.toMatch(/TEMP B-TREE/);
    const keys = await runInDurableObject(s, (_o, state) =>
      state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM log_keys").one(),
    );
    const want = recs.reduce(
      (n, r) => n + new Set(r.reasons.map((x) => `${x.source}:${x.id}`)).size + (r.anomalies?.length ?? 0),
      0,
    );
    expect(keys.n).toBe(want);
    // Back to the retention schedule, not another step in a second.
    const next = await runInDurableObject(s, (_o, state) => state.storage.getAlarm());
    expect(next as number).toBeGreaterThan(Date.now() + 50 * 60_000);
    // Now the index answers: a key removed from it hides its record (the scan would still find it).
    const victim = refQuery(recs, { rule: "signature:942100" })[0] as AccessLogRecord;
    await runInDurableObject(s, (_o, state) =>
      state.storage.sql.exec("DELETE FROM log_keys WHERE key = 'rule:signature:942100' AND kid = ?", victim.request_id),
    );
    const page = await s.query({ rule: "signature:942100" }, 1000, null);
    expect(page.records.map((r) => r.request_id)).not.toContain(victim.request_id);
    expect(page.records.length).toBe(refQuery(recs, { rule: "signature:942100" }).length - 1);
  });
});

describe("LogStore query", () => {
  const t0 = 1_767_225_600_000;
  const recs = variedRecords(600, 7, t0, DAY);

  it("matches the reference for every filter, alone and combined", async () => {
    const s = shard();
    await insertAll(s, recs);
    const cases: LogFilters[] = [
      {},
      { client: "client-3" },
      { endpoint: "POST /login" },
      { decisions: ["block"] },
      { decisions: ["rate_limit", "challenge"] },
      { requestId: recs[123]!.request_id },
      { status: { min: 403, max: 403 } },
      { status: { min: 500, max: 599 } },
      { fromMs: t0 + DAY / 4, toMs: t0 + DAY / 2 },
      { client: "client-1", decisions: ["block", "log"], status: { min: 400, max: 499 }, fromMs: t0 + DAY / 10 },
      { client: "nobody" },
      { anomaly: "dot_segment" },
      { anomaly: "duplicate_slash", decisions: ["allow"] },
      { anomaly: "windows_path" },
      { rule: "signature:942100" },
      { rule: "policy:rl-login", decisions: ["rate_limit"] },
      { rule: "signature:nope" },
      // A client or address leads; the finding keys are looked up per record.
      { rule: "signature:942100", client: "client-2" },
      { anomaly: "dot_segment", ip: "10.0.0.3" },
      { rule: "policy:deny-admin", anomaly: "double_encoding", ip: "10.0.0.2" },
      { ip: "10.0.0.3" },
      { ip: "10.0.0.3", client: "client-1" },
      { pathPrefix: "/api/users/1" },
      // No pattern semantics: `%` and `_` are literal characters of the prefix.
      { pathPrefix: "/api/users/1%" },
      { pathPrefix: "/api/users/_" },
    ];
    for (const f of cases) {
      const got = await s.query(f, 1000, null);
      const want = refQuery(recs, f);
      expect(
        got.records.map((r) => r.request_id),
        JSON.stringify(f),
      ).toEqual(want.map((r) => r.request_id));
      expect(got.next).toBeNull();
    }
    // CIDR blocks as key ranges, against CidrSet's membership.
    for (const c of ["10.0.0.2/31", "10.0.0.0/30", "::ffff:10.0.0.4/127", "2001:db8::/32", "0.0.0.0/0", "::/0"]) {
      const got = await s.query({ ipRange: cidrKeyRange(parseCidr(c) as ParsedCidr) }, 1000, null);
      expect(
        got.records.map((r) => r.request_id),
        c,
      ).toEqual(refQuery(recs, { cidr: c }).map((r) => r.request_id));
      // A block leads a rule and an anomaly (each a key lookup per record).
      const both = { rule: "policy:deny-admin", anomaly: "double_encoding" };
      const narrowed = await s.query({ ipRange: cidrKeyRange(parseCidr(c) as ParsedCidr), ...both }, 1000, null);
      expect(
        narrowed.records.map((r) => r.request_id),
        `${c} ${JSON.stringify(both)}`,
      ).toEqual(refQuery(recs, { cidr: c, ...both }).map((r) => r.request_id));
    }
    expect(refQuery(recs, { cidr: "10.0.0.2/31" }).length).toBeGreaterThan(100);
    expect(refQuery(recs, { cidr: "10.0.0.2/31" }).length).toBeLessThan(recs.length / 2);
    // Sanity: the filters are selective on this data, so the comparisons above are not vacuous.
    expect(refQuery(recs, { decisions: ["block"] }).length).toBeGreaterThan(20);
    expect(refQuery(recs, { client: "client-3" }).length).toBeLessThan(recs.length / 3);
    expect(refQuery(recs, { anomaly: "dot_segment" }).length).toBeGreaterThan(20);
    expect(refQuery(recs, { anomaly: "dot_segment" }).length).toBeLessThan(recs.length / 3);
    expect(refQuery(recs, { rule: "signature:942100" }).length).toBeGreaterThan(20);
    expect(refQuery(recs, { rule: "signature:942100" }).length).toBeLessThan(recs.length / 3);
    expect(refQuery(recs, { pathPrefix: "/api/users/1" }).length).toBeGreaterThan(20);
    expect(refQuery(recs, { pathPrefix: "/api/users/1" }).length).toBeLessThan(recs.length / 3);
    expect(refQuery(recs, { ip: "10.0.0.3", client: "client-1" }).length).toBeGreaterThan(0);
  });

  it("pages with the cursor through every record exactly once, in order, at any page size", async () => {
    const s = shard();
    await insertAll(s, recs);
    const want = refQuery(recs, {}).map((r) => r.request_id);
    for (const limit of [3, 7, 100, 599, 600, 1000]) {
      const got = await pageAll(s, {}, limit);
      expect(
        got.map((r) => r.request_id),
        `limit ${limit}`,
      ).toEqual(want);
    }
    const filtered = refQuery(recs, { decisions: ["allow"] }).map((r) => r.request_id);
    expect((await pageAll(s, { decisions: ["allow"] }, 13)).map((r) => r.request_id)).toEqual(filtered);
    // Through the finding index (the rule or anomaly drives the page), with other filters on each row.
    for (const f of [
      { rule: "signature:942100" },
      { anomaly: "dot_segment", client: "client-2" },
      { rule: "policy:deny-admin", anomaly: "double_encoding", fromMs: t0 + DAY / 5, toMs: t0 + DAY / 2 },
    ] satisfies LogFilters[]) {
      const want = refQuery(recs, f).map((r) => r.request_id);
      expect(want.length, JSON.stringify(f)).toBeGreaterThan(3);
      for (const limit of [1, 3, 50]) {
        expect(
          (await pageAll(s, f, limit)).map((r) => r.request_id),
          `${JSON.stringify(f)} limit ${limit}`,
        ).toEqual(want);
      }
    }
  });

  it("serves rule and anomaly filters from the finding index: a key range in order, no sort, no scan", async () => {
    const s = shard();
    await insertAll(s, recs);
    const f: LogFilters = { rule: "signature:942100", decisions: ["block"], fromMs: t0 };
    const q = keyedPageSql(f, drivingKey(f) as string, { ts: t0 + DAY / 2, id: "x" });
    const p = await planOf(s, `${q.sql} LIMIT 10`, q.params);
    // The key, the time range and the cursor are one range of the primary key, walked in order.
    expect(p).toMatch(/SEARCH log_keys USING PRIMARY KEY \(key=\? AND kts>\? AND \(kts,kid\)<\(\?,\?\)\)/);
    expect(p).toMatch(/SEARCH logs USING INDEX sqlite_autoindex_logs_1 \(request_id=\?\)/);
    expect(p).not.toMatch(/TEMP B-TREE|SCAN logs/);
    // When a client leads, its index range drives and the rule is a key lookup per record.
    const led: LogFilters = { rule: "signature:942100", client: "client-1" };
    expect(drivingKey(led)).toBeUndefined();
    const narrow = await pagePlan(s, whereClause(led, null, { backfilled: true }));
    expect(narrow).toMatch(/SEARCH logs USING INDEX logs_client \(client=\?\)/);
    expect(narrow).toMatch(/SEARCH lk USING PRIMARY KEY \(key=\? AND kts=\? AND kid=\?\)/);
    expect(narrow).not.toMatch(/TEMP B-TREE/);
    // The index holds one row per record and distinct rule, and per record and anomaly.
    const want = recs.reduce(
      (n, r) => n + new Set(r.reasons.map((x) => `${x.source}:${x.id}`)).size + (r.anomalies?.length ?? 0),
      0,
    );
    const rows = await runInDurableObject(s, (_o, state) =>
      state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM log_keys").one(),
    );
    expect(rows.n).toBe(want);
  });

  it("keeps pages stable when newer records arrive between pages", async () => {
    const s = shard();
    await insertAll(s, recs);
    const first = await s.query({}, 50, null);
    await s.insert(variedRecords(30, 99, t0 + 2 * DAY, DAY));
    const rest = await pageAll(s, {}, 100).then((all) => all.filter((r) => r.ts < t0 + DAY));
    const second = await s.query({}, 1000, first.next);
    expect([...first.records, ...second.records].map((r) => r.request_id)).toEqual(rest.map((r) => r.request_id));
  });

  it("answers a forged cursor with an error, not records", async () => {
    const s = shard();
    await s.insert([record(1)]);
    expect(await s.query({}, 10, "not-a-cursor!")).toEqual({
      records: [],
      next: null,
      error: "cursor: not a valid cursor",
    });
  });

  it("answers an empty page from a shard never written, without creating it", async () => {
    const s = shard();
    expect(await s.query({}, 10, null)).toEqual({ records: [], next: null });
    expect(await s.aggregate("top_clients", {})).toEqual([]);
    const tables = await runInDurableObject(s, (_o, state) =>
      state.storage.sql.exec("SELECT name FROM sqlite_master WHERE name = 'logs'").toArray(),
    );
    expect(tables).toEqual([]);
  });
});

describe("LogStore aggregates and export", () => {
  const t0 = 1_767_225_600_000;
  const recs = variedRecords(400, 11, t0, 6 * 3_600_000);
  const blocking = new Set(["block", "rate_limit", "challenge"]);

  it("counts requests and blocks per bucket and per client, endpoint, rule and anomaly", async () => {
    const s = shard();
    await insertAll(s, recs);
    const series = await s.aggregate("series", {}, { bucket: "hour" });
    const want = new Map<number, { requests: number; blocks: number; would_block: number }>();
    for (const r of recs) {
      const k = Math.floor(r.ts / 3_600_000) * 3600;
      const w = want.get(k) ?? { requests: 0, blocks: 0, would_block: 0 };
      w.requests++;
      if (blocking.has(r.decision)) w.blocks++;
      if (blocking.has(r.would)) w.would_block++;
      want.set(k, w);
    }
    expect(series).toEqual([...want].sort((a, b) => a[0] - b[0]).map(([key, v]) => ({ key, ...v })));

    const clients = await s.aggregate("top_clients", {}, { top: 3 });
    const perClient = new Map<string, number>();
    for (const r of recs) perClient.set(r.client, (perClient.get(r.client) ?? 0) + 1);
    const top = [...perClient].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    expect(clients.slice(0, 3).map((c) => [c.key, c.requests])).toEqual(top.slice(0, 3));

    const endpoints = await s.aggregate("top_endpoints", {});
    const noTemplate = recs.filter((r) => r.endpoint === undefined);
    expect(endpoints.reduce((n, e) => n + e.requests, 0)).toBe(recs.length);
    expect(endpoints.some((e) => String(e.key).startsWith("GET /api/users/") && !String(e.key).includes("{"))).toBe(
      noTemplate.length > 0,
    );

    const rules = await s.aggregate("top_rules", { decisions: ["block"] });
    const ruleCount = new Map<string, number>();
    for (const r of recs) {
      if (r.decision !== "block") continue;
      for (const k of new Set(r.reasons.map((x) => `${x.source}:${x.id}`)))
        ruleCount.set(k, (ruleCount.get(k) ?? 0) + 1);
    }
    expect(new Map(rules.map((x) => [x.key, x.requests]))).toEqual(ruleCount);
    expect(rules.every((x) => x.blocks === x.requests)).toBe(true);

    // Requests per anomaly code, also under a filter (the filter and the unnesting side by side).
    for (const f of [{}, { client: "client-2" }, { anomaly: "dot_segment" }] as LogFilters[]) {
      const anomalies = await s.aggregate("top_anomalies", f);
      const want = new Map<string, number>();
      for (const r of refQuery(recs, f)) for (const a of r.anomalies ?? []) want.set(a, (want.get(a) ?? 0) + 1);
      expect(new Map(anomalies.map((x) => [x.key, x.requests])), JSON.stringify(f)).toEqual(want);
      expect(want.size, JSON.stringify(f)).toBeGreaterThan(0);
    }
  });

  it("exports NDJSON pages that parse back to the stored records", async () => {
    const s = shard();
    await insertAll(s, recs);
    const lines: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 100; i++) {
      const page = await s.exportNdjson({}, cursor, 150);
      expect(page.ndjson.split("\n").length - 1).toBe(page.count);
      lines.push(...page.ndjson.split("\n").filter(Boolean));
      cursor = page.next;
      if (!cursor) break;
    }
    const parsed = lines.map((l) => JSON.parse(l) as AccessLogRecord);
    expect(parsed.map((r) => r.request_id)).toEqual(refQuery(recs, {}).map((r) => r.request_id));
    expect(parsed[0]).toEqual(refQuery(recs, {})[0]);
  });
});

describe("LogStore retention", () => {
  it("the alarm deletes records older than 30 days and keeps the rest", async () => {
    const s = shard();
    const now = Date.now();
    const anomalies = ["dot_segment"];
    await s.insert([
      record(1, { ts: now - 31 * DAY, anomalies }),
      record(2, { ts: now - 30 * DAY - 60_000, anomalies }),
      record(3, { ts: now - 29 * DAY, anomalies }),
      record(4, { ts: now, anomalies }),
    ]);
    expect(await runDurableObjectAlarm(s)).toBe(true);
    const left = (await s.query({}, 10, null)).records.map((r) => r.request_id);
    expect(left).toEqual([record(4).request_id, record(3).request_id]);
    const keys = await runInDurableObject(s, (_o, state) =>
      state.storage.sql.exec<{ kid: string }>("SELECT DISTINCT kid FROM log_keys ORDER BY kid").toArray(),
    );
    expect(keys.map((k) => k.kid)).toEqual([record(3).request_id, record(4).request_id].sort());
    // Rescheduled for the next expiry (record 3, in a day), not sooner than an hour.
    const next = await runInDurableObject(s, (_o, state) => state.storage.getAlarm());
    expect(next).not.toBeNull();
    expect(next!).toBeGreaterThanOrEqual(now - 29 * DAY + 30 * DAY - 1000);
  });

  it("an insert schedules the alarm, and a fully expired shard frees its storage", async () => {
    const s = shard();
    await s.insert([record(1, { ts: Date.now() - 40 * DAY })]);
    const scheduled = await runInDurableObject(s, (_o, state) => state.storage.getAlarm());
    expect(scheduled).not.toBeNull();
    expect(await runDurableObjectAlarm(s)).toBe(true);
    expect(await s.count()).toBe(0);
    const after = await runInDurableObject(s, async (_o, state) => ({
      alarm: await state.storage.getAlarm(),
      tables: state.storage.sql.exec("SELECT name FROM sqlite_master WHERE name = 'logs'").toArray().length,
    }));
    expect(after).toEqual({ alarm: null, tables: 0 });
    // The shard still works afterwards.
    expect(await s.insert([record(5)])).toEqual({ inserted: 1, duplicates: 0, rejected: 0 });
  });
});
