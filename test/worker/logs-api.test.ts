/**
 * The access-log admin API in workerd against the real LogStore shards and
 * the real local R2: authentication, a 400 naming each bad parameter, the
 * fan-out over day shards and apps with cursor pagination, the NDJSON
 * export, the stats aggregates and the R2 archive. Records are written with
 * the datapath's own sender (worker/datapath/log-sender.ts).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { newRequestId } from "../../core/http/request-id.ts";
import type { AccessLogRecord } from "../../core/log/record.ts";
import { archiveDay } from "../../durable-objects/log-store/archive.ts";
import { dayOf } from "../../durable-objects/log-store/shards.ts";
import { createHandler } from "../../worker/app.ts";
import { sendLogsToStore } from "../../worker/datapath/log-sender.ts";
import { record, refQuery, variedRecords } from "../durable-objects/log-store-fixtures.ts";
import { admin, putApp, send, TOKEN, uniqueApp } from "../support/worker-harness.ts";

const DAY = 86_400_000;
const h = createHandler();
/** The ARCHIVE binding from wrangler.toml (the generated Env types predate it). */
const archive = (env as unknown as { ARCHIVE: R2Bucket }).ARCHIVE;

interface Page {
  records: AccessLogRecord[];
  next: string | null;
}

async function getJson<T>(path: string): Promise<{ status: number; body: T }> {
  const res = await admin(h, "GET", path);
  return { status: res.status, body: (await res.json()) as T };
}

async function pageAll(query: string, limit: number): Promise<{ records: AccessLogRecord[]; pages: number }> {
  const records: AccessLogRecord[] = [];
  let cursor: string | null = null;
  for (let pages = 1; pages < 1000; pages++) {
    const q: string = `/logs?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const { status, body }: { status: number; body: Page } = await getJson<Page>(q);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(Object.keys(body).sort()).toEqual(["next", "records"]);
    records.push(...body.records);
    if (body.next === null) return { records, pages };
    cursor = body.next;
  }
  throw new Error("pagination did not end");
}

async function storeAll(records: AccessLogRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += 500) await sendLogsToStore(env, records.slice(i, i + 500));
}

describe("GET /__apiward/logs", () => {
  it("requires the admin token", async () => {
    for (const path of ["/logs", "/logs/stats", "/logs?format=ndjson"]) {
      const res = await send(h, `http://admin.local/__apiward${path}`);
      expect(res.status).toBe(401);
      expect((await admin(h, "GET", path, undefined, "wrong")).status).toBe(401);
    }
    const post = await send(h, "http://admin.local/__apiward/logs/archive?app=a&day=2026-01-01", { method: "POST" });
    expect(post.status).toBe(401);
  });

  it("answers 400 naming the bad parameter", async () => {
    const cases: Array<[string, string]> = [
      ["from=yesterday", "from"],
      ["from=1767225600000", "from"],
      ["to=-5", "to"],
      ["from=1767225600&to=1767225600", "from"],
      ["limit=0", "limit"],
      ["limit=1001", "limit"],
      ["limit=ten", "limit"],
      ["decision=nuke", "decision"],
      ["decision=block,", "decision"],
      ["status=99", "status"],
      ["status=6xx", "status"],
      ["cursor=bm90LWEtY3Vyc29y", "cursor"],
      ["cursor=%00", "cursor"],
      ["app=Bad%20App", "app"],
      ["client=", "client"],
      [`request_id=${"x".repeat(200)}`, "request_id"],
      ["format=xml", "format"],
      ["decison=block", "decison"],
      ["client=a&client=b", "client"],
      ["anomaly=sqli", "anomaly"],
      ["anomaly=", "anomaly"],
      ["rule=942100", "rule"],
      ["ip=10.0.0", "ip"],
      ["ip=10.0.0.0/33", "ip"],
      ["ip=10.0.0.0/", "ip"],
      ["ip=", "ip"],
      ["path=admin", "path"],
      [`rule=signature:${"x".repeat(300)}`, "rule"],
    ];
    for (const [q, name] of cases) {
      const { status, body } = await getJson<{ error: string }>(`/logs?${q}`);
      expect(status, q).toBe(400);
      expect(body.error.startsWith(`${name}:`), `${q} → ${body.error}`).toBe(true);
    }
    for (const [q, name] of [
      ["bucket=day", "bucket"],
      ["bucket=minute&from=1767225600&to=1768225600", "bucket"],
      ["top=0", "top"],
      ["cursor=x", "cursor"],
    ]) {
      const { status, body } = await getJson<{ error: string }>(`/logs/stats?${q}`);
      expect(status, q).toBe(400);
      expect(body.error.startsWith(`${name}:`), `${q} → ${body.error}`).toBe(true);
    }
  });

  it("fans out over day shards, newest first, every record exactly once across pages", async () => {
    const app = uniqueApp("logs");
    const now = Date.now();
    // Three days of records, the newest up to now.
    const recs = variedRecords(700, 21, now - 3 * DAY, 3 * DAY, app);
    await storeAll(recs);
    expect(new Set(recs.map((r) => dayOf(r.ts))).size).toBeGreaterThanOrEqual(3);
    const want = refQuery(recs, {}).map((r) => r.request_id);
    for (const limit of [1000, 150, 37]) {
      const { records, pages } = await pageAll(`app=${app}`, limit);
      expect(
        records.map((r) => r.request_id),
        `limit ${limit}`,
      ).toEqual(want);
      expect(pages).toBeGreaterThanOrEqual(Math.ceil(want.length / limit));
    }
    // Filters, also combined with the time range (epoch seconds, from inclusive, to exclusive).
    const from = Math.floor((now - 2 * DAY) / 1000);
    const to = Math.floor((now - DAY / 2) / 1000);
    const q = `app=${app}&client=client-2&decision=block,rate_limit&status=4xx&from=${from}&to=${to}`;
    const filtered = refQuery(recs, {
      client: "client-2",
      decisions: ["block", "rate_limit"],
      status: { min: 400, max: 499 },
      fromMs: from * 1000,
      toMs: to * 1000,
    });
    expect(filtered.length).toBeGreaterThan(0);
    expect((await pageAll(q, 5)).records.map((r) => r.request_id)).toEqual(filtered.map((r) => r.request_id));
    const one = recs[321]!;
    const byId = await getJson<Page>(`/logs?app=${app}&request_id=${one.request_id}`);
    expect(byId.body.records).toEqual([one]);
    // An address as given (IPv4-mapped) matches the address as stored; a path prefix is literal.
    const byIp = await getJson<Page>(`/logs?app=${app}&ip=${encodeURIComponent("::ffff:10.0.0.3")}&limit=1000`);
    expect(byIp.status).toBe(200);
    expect(byIp.body.records.map((r) => r.request_id)).toEqual(
      refQuery(recs, { ip: "10.0.0.3" }).map((r) => r.request_id),
    );
    const byBlock = await getJson<Page>(`/logs?app=${app}&ip=${encodeURIComponent("10.0.0.2/31")}&limit=1000`);
    expect(byBlock.status).toBe(200);
    expect(byBlock.body.records.map((r) => r.request_id)).toEqual(
      refQuery(recs, { cidr: "10.0.0.2/31" }).map((r) => r.request_id),
    );
    expect(byBlock.body.records.length).toBeGreaterThan(0);
    const byPath = await getJson<Page>(`/logs?app=${app}&path=${encodeURIComponent("/api/users/2")}&limit=1000`);
    expect(byPath.body.records.map((r) => r.request_id)).toEqual(
      refQuery(recs, { pathPrefix: "/api/users/2" }).map((r) => r.request_id),
    );
    const ep = await getJson<Page>(`/logs?app=${app}&endpoint=${encodeURIComponent("POST /login")}&limit=1000`);
    expect(ep.body.records.map((r) => r.request_id)).toEqual(
      refQuery(recs, { endpoint: "POST /login" }).map((r) => r.request_id),
    );
  }, 30_000);

  it("files a record whose ts is unusable under the time it is sent, never losing it", async () => {
    const app = uniqueApp("badts");
    const before = Date.now();
    await sendLogsToStore(env, [record(1, { app, ts: Number.NaN }), record(2, { app, ts: 1e20 })]);
    const { body } = await getJson<Page>(`/logs?app=${app}`);
    expect(body.records.map((r) => r.request_id).sort()).toEqual([record(1).request_id, record(2).request_id]);
    for (const r of body.records) expect(r.ts).toBeGreaterThanOrEqual(before);
  });

  it("without app, covers every configured app and the default app, merged in order", async () => {
    const a = uniqueApp("loga");
    const b = uniqueApp("logb");
    await putApp({ id: a, origin: "http://127.0.0.1:9", hosts: [`${a}.test`] });
    await putApp({ id: b, origin: "http://127.0.0.1:9", hosts: [`${b}.test`] });
    const client = `shared-${a}`;
    const now = Date.now();
    const recs = [
      ...variedRecords(40, 3, now - DAY, DAY, a),
      ...variedRecords(40, 4, now - DAY, DAY, b),
      ...variedRecords(10, 5, now - DAY, DAY, env.APIWARD_DEFAULT_APP),
    ].map((r) => ({ ...r, client }));
    await storeAll(recs);
    const { records } = await pageAll(`client=${client}`, 25);
    expect(records.map((r) => r.request_id)).toEqual(refQuery(recs, {}).map((r) => r.request_id));
  }, 30_000);

  it("returns a short page with a cursor when a range spans more shards than one request may visit", async () => {
    const app = uniqueApp("sparse");
    const now = Date.now();
    const old = [record(1, { app, ts: now - 40 * DAY }), record(2, { app, ts: now - 39 * DAY })];
    await storeAll(old);
    const from = Math.floor((now - 45 * DAY) / 1000);
    const first = await getJson<Page>(`/logs?app=${app}&from=${from}`);
    expect(first.body.records).toEqual([]);
    expect(first.body.next).not.toBeNull();
    const all = await pageAll(`app=${app}&from=${from}`, 100);
    expect(all.records.map((r) => r.request_id)).toEqual([old[1]!.request_id, old[0]!.request_id]);
    expect(all.pages).toBe(2);
  }, 30_000);

  it("streams an NDJSON export of every matching record across pages and shards", async () => {
    const app = uniqueApp("export");
    const now = Date.now();
    const recs = variedRecords(1300, 8, now - 2 * DAY, 2 * DAY, app);
    await storeAll(recs);
    const res = await admin(h, "GET", `/logs?app=${app}&format=ndjson`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const lines = new TextDecoder().decode(await res.arrayBuffer()).split("\n");
    expect(lines.pop()).toBe("");
    const got = lines.map((l) => JSON.parse(l) as AccessLogRecord);
    expect(got.map((r) => r.request_id)).toEqual(refQuery(recs, {}).map((r) => r.request_id));
    const blocked = await admin(h, "GET", `/logs?app=${app}&format=ndjson&decision=block`);
    const n = new TextDecoder()
      .decode(await blocked.arrayBuffer())
      .split("\n")
      .filter(Boolean).length;
    expect(n).toBe(refQuery(recs, { decisions: ["block"] }).length);
  }, 30_000);

  it("exports at most limit records in an NDJSON export, in the order of the JSON pages", async () => {
    const app = uniqueApp("explim");
    const now = Date.now();
    const recs = variedRecords(400, 9, now - 3 * DAY, 3 * DAY, app);
    await storeAll(recs);
    const ndjson = async (query: string): Promise<string[]> => {
      const res = await admin(h, "GET", `/logs?app=${app}&format=ndjson&${query}`);
      expect(res.status).toBe(200);
      const lines = new TextDecoder().decode(await res.arrayBuffer()).split("\n");
      expect(lines.pop()).toBe("");
      return lines.map((l) => (JSON.parse(l) as AccessLogRecord).request_id);
    };
    const want = refQuery(recs, {}).map((r) => r.request_id);
    const page = await getJson<Page>(`/logs?app=${app}&limit=3`);
    expect(await ndjson("limit=3")).toEqual(page.body.records.map((r) => r.request_id));
    expect(await ndjson("limit=3")).toEqual(want.slice(0, 3));
    // Across day shards, and from a cursor, as the JSON pages go.
    expect(await ndjson("limit=250")).toEqual(want.slice(0, 250));
    const cursor = encodeURIComponent(page.body.next ?? "");
    expect(await ndjson(`limit=5&cursor=${cursor}`)).toEqual(want.slice(3, 8));
    const blocked = refQuery(recs, { decisions: ["block"] }).map((r) => r.request_id);
    expect(await ndjson("decision=block&limit=7")).toEqual(blocked.slice(0, 7));
    expect(await ndjson("limit=1000")).toEqual(want);
    expect((await getJson<{ error: string }>(`/logs?app=${app}&format=ndjson&limit=0`)).body.error).toMatch(/^limit:/);
  }, 30_000);

  it("looks a request id up in the shard of the time it encodes: one page, found or not", async () => {
    const app = uniqueApp("rid");
    await putApp({ id: app, origin: "http://127.0.0.1:9", hosts: [`${app}.test`] });
    const now = Date.now();
    // Days apart, so that a scan of the range would take several pages (32 shards a page).
    const tOld = now - 40 * DAY;
    const tNew = now - 2 * DAY;
    const old = record(1, { app, ts: tOld, request_id: newRequestId(tOld) });
    const recent = record(2, { app, ts: tNew, request_id: newRequestId(tNew) });
    const legacy = record(3, { app, ts: tOld + 1000, request_id: "legacy-id-3" });
    await storeAll([old, recent, legacy]);
    const from = Math.floor((now - 45 * DAY) / 1000);
    for (const [q, want] of [
      [`app=${app}&from=${from}&request_id=${old.request_id}`, [old.request_id]],
      [`app=${app}&request_id=${recent.request_id}`, [recent.request_id]],
      [`from=${from}&request_id=${old.request_id}`, [old.request_id]],
      [`app=${app}&from=${from}&request_id=${newRequestId(tOld + 5)}`, []],
      [`from=${from}&request_id=${newRequestId(now - 20 * DAY)}`, []],
      [`request_id=${"0".repeat(32)}`, []],
      // The id's time outside the range: nothing, at once.
      [`app=${app}&request_id=${old.request_id}`, []],
      [`app=${app}&from=${from}&to=${Math.floor(tNew / 1000)}&request_id=${recent.request_id}`, []],
    ] as Array<[string, string[]]>) {
      const { status, body } = await getJson<Page>(`/logs?${q}`);
      expect(status, q).toBe(200);
      expect(
        body.records.map((r) => r.request_id),
        q,
      ).toEqual(want);
      expect(body.next, q).toBeNull();
    }
    // Any other id is a plain filter over the range, paged like every query.
    const plain = await pageAll(`app=${app}&from=${from}&request_id=${legacy.request_id}`, 10);
    expect(plain.records.map((r) => r.request_id)).toEqual([legacy.request_id]);
  }, 30_000);
});

describe("GET /__apiward/logs/stats", () => {
  it("aggregates requests and blocks per bucket and the top clients, endpoints, rules and anomalies across shards", async () => {
    const app = uniqueApp("stats");
    const now = Date.now();
    const recs = variedRecords(500, 13, now - 20 * 3_600_000, 20 * 3_600_000, app);
    await storeAll(recs);
    const { status, body } = await getJson<{
      bucket: string;
      series: Array<{ t: number; requests: number; blocks: number; would_block: number }>;
      top_clients: Array<{ key: string; requests: number; blocks: number }>;
      top_endpoints: Array<{ key: string; requests: number }>;
      top_rules: Array<{ key: string; requests: number }>;
      top_anomalies: Array<{ key: string; requests: number }>;
    }>(`/logs/stats?app=${app}&from=${Math.floor((now - DAY) / 1000)}&top=3`);
    expect(status).toBe(200);
    expect(body.bucket).toBe("hour");
    expect(body.series.reduce((n, p) => n + p.requests, 0)).toBe(recs.length);
    const blocking = new Set(["block", "rate_limit", "challenge"]);
    expect(body.series.reduce((n, p) => n + p.blocks, 0)).toBe(recs.filter((r) => blocking.has(r.decision)).length);
    for (const p of body.series) expect(p.t % 3600).toBe(0);
    expect(body.top_clients).toHaveLength(3);
    const perClient = new Map<string, number>();
    for (const r of recs) perClient.set(r.client, (perClient.get(r.client) ?? 0) + 1);
    expect(body.top_clients[0]!.requests).toBe(Math.max(...perClient.values()));
    expect(body.top_rules.length).toBeGreaterThan(0);
    expect(body.top_endpoints[0]!.requests).toBeGreaterThan(0);
    // The three commonest anomaly codes, summed over the day shards the range covers.
    const perAnomaly = new Map<string, number>();
    for (const r of recs) for (const a of r.anomalies ?? []) perAnomaly.set(a, (perAnomaly.get(a) ?? 0) + 1);
    const topAnomalies = [...perAnomaly].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, 3);
    expect(perAnomaly.size).toBeGreaterThan(3);
    expect(body.top_anomalies.map((x) => [x.key, x.requests])).toEqual(topAnomalies);

    const minute = await getJson<{ bucket: string; series: Array<{ t: number; requests: number }> }>(
      `/logs/stats?app=${app}&from=${Math.floor((now - 3_600_000) / 1000)}`,
    );
    expect(minute.body.bucket).toBe("minute");
    const lastHour = recs.filter((r) => r.ts >= Math.round((now - 3_600_000) / 1000) * 1000);
    expect(minute.body.series.reduce((n, p) => n + p.requests, 0)).toBe(lastHour.length);
  }, 30_000);
});

describe("POST /__apiward/logs/archive", () => {
  async function gunzipLines(body: ReadableStream<Uint8Array>): Promise<string[]> {
    const text = await new Response(body.pipeThrough(new DecompressionStream("gzip"))).text();
    return text.split("\n").filter(Boolean);
  }

  it("writes the day as gzip NDJSON to the real local R2", async () => {
    const app = uniqueApp("arch");
    const day = "2026-03-04";
    const t0 = Date.UTC(2026, 2, 4);
    const recs = variedRecords(1500, 17, t0, DAY, app);
    await storeAll(recs);
    const res = await admin(h, "POST", `/logs/archive?app=${app}&day=${day}`);
    const body = (await res.json()) as { key: string; records: number; bytes: number; parts: number };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ key: `logs/${app}/${day}.ndjson.gz`, records: 1500, parts: 1 });
    const obj = await archive.get(body.key);
    expect(obj).not.toBeNull();
    expect(obj!.size).toBe(body.bytes);
    const lines = await gunzipLines(obj!.body);
    expect(lines.map((l) => (JSON.parse(l) as AccessLogRecord).request_id)).toEqual(
      refQuery(recs, {}).map((r) => r.request_id),
    );
  }, 30_000);

  it("uploads a day larger than a part in multipart parts (R2's 5 MiB minimum part)", async () => {
    const app = uniqueApp("archmp");
    const day = "2026-03-05";
    // Random payloads barely compress: ~2,400 records of 4 KB give more than 5 MiB of gzip.
    const noise = (n: number) => {
      const bytes = crypto.getRandomValues(new Uint8Array(n));
      return btoa(String.fromCharCode(...bytes));
    };
    const recs = variedRecords(2400, 19, Date.UTC(2026, 2, 5), DAY, app).map((r) => ({
      ...r,
      url: `/q?x=${noise(3000)}`,
    }));
    await storeAll(recs);
    const result = await archiveDay(env.LOGS, archive, app, day, 5 * 1024 * 1024);
    expect(result).not.toBeNull();
    expect(result!.bytes).toBeGreaterThan(5 * 1024 * 1024);
    expect(result!.parts).toBe(2);
    const obj = await archive.get(result!.key);
    expect(obj!.size).toBe(result!.bytes);
    const lines = await gunzipLines(obj!.body);
    expect(lines).toHaveLength(2400);
    expect((JSON.parse(lines[0]!) as AccessLogRecord).url).toBe(refQuery(recs, {})[0]!.url);
  }, 30_000);

  it("answers 404 for a day without records, 400 for bad parameters, 501 without the binding", async () => {
    expect((await admin(h, "POST", `/logs/archive?app=${uniqueApp("none")}&day=2026-01-02`)).status).toBe(404);
    for (const [q, name] of [
      ["day=2026-01-02", "app"],
      ["app=a", "day"],
      ["app=a&day=2026-02-30", "day"],
      ["app=a&day=2026-01-02&x=1", "x"],
    ]) {
      const res = await admin(h, "POST", `/logs/archive?${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: string }).error.startsWith(`${name}:`)).toBe(true);
    }
    const noR2 = { ...env, ARCHIVE: undefined } as unknown as Env;
    const res = await send(
      h,
      "http://admin.local/__apiward/logs/archive?app=a&day=2026-01-02",
      { method: "POST", headers: { authorization: `Bearer ${TOKEN}` } },
      noR2,
    );
    expect(res.status).toBe(501);
    expect(((await res.json()) as { error: string }).error).toMatch(/r2_buckets.*ARCHIVE/);
  });
});
