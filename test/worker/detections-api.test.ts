/**
 * `GET /__apiward/detections` in workerd against the real Mitigations
 * objects: its parameters are validated as `/logs` validates them (the same
 * 400, naming the parameter, for the same input), and `next` pages through
 * every detection of a range exactly once, newest first, across apps.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Detection, DetectionKind } from "../../core/behaviour/types.ts";
import { createHandler } from "../../worker/app.ts";
import { mitigationsName } from "../../worker/datapath/behaviour.ts";
import { admin, putApp, uniqueApp } from "../support/worker-harness.ts";

const h = createHandler();

interface StoredDetection {
  ts: number;
  app: string;
  client: string;
  kind: string;
  requests: number;
}

interface DetectionsPage {
  detections: StoredDetection[];
  next: string | null;
}

async function getJson<T>(path: string): Promise<{ status: number; body: T }> {
  const res = await admin(h, "GET", path);
  return { status: res.status, body: (await res.json()) as T };
}

function detection(app: string, client: string, kind: DetectionKind, ts: number, requests: number): Detection {
  return {
    ts,
    app,
    client,
    ip: client,
    kind,
    action: "log",
    score: 1,
    reasons: [],
    requests,
    cluster: -1,
  };
}

async function record(app: string, detections: Detection[]): Promise<void> {
  const stub = env.MITIGATIONS.get(env.MITIGATIONS.idFromName(mitigationsName(app)));
  await stub.record(app, detections);
}

describe("GET /__apiward/detections", () => {
  it("answers 400 naming the parameter, as /logs does for the same input", async () => {
    const shared: Array<[string, string]> = [
      ["from=1795741000000", "from"],
      ["from=2000000000&to=1", "from"],
      ["from=1767225600&to=1767225600", "from"],
      ["from=-1e308", "from"],
      ["from=yesterday", "from"],
      ["to=-5", "to"],
      ["limit=1.5", "limit"],
      ["limit=0", "limit"],
      ["limit=1001", "limit"],
      ["limit=ten", "limit"],
      ["app=Bad%20App", "app"],
      ["app=a&app=b", "app"],
      ["client=", "client"],
      ["client=a&client=b", "client"],
      ["from=1767225600&from=1767225601", "from"],
      ["cursor=bm90LWEtY3Vyc29y", "cursor"],
      ["kinds=scraper", "kinds"],
    ];
    for (const [q, name] of shared) {
      const det = await getJson<{ error: string }>(`/detections?${q}`);
      expect(det.status, q).toBe(400);
      expect(det.body.error.startsWith(`${name}:`), `${q} → ${det.body.error}`).toBe(true);
      // The same message as /logs gives, but for the list of allowed parameters.
      const logs = await getJson<{ error: string }>(`/logs?${q}`);
      expect(logs.status, q).toBe(400);
      // The example epoch in a message is the second it was answered in, which may tick between the two.
      const same = (error: string): string => error.replace(/\(allowed: .*\)$/, "").replace(/e\.g\. \d+/, "e.g. <now>");
      expect(same(det.body.error), q).toBe(same(logs.body.error));
    }
    for (const [q, name] of [
      ["kind=ddos", "kind"],
      ["kind=scraper&kind=crawler", "kind"],
      ["request_id=abc", "request_id"],
      ["format=ndjson", "format"],
    ]) {
      const { status, body } = await getJson<{ error: string }>(`/detections?${q}`);
      expect(status, q).toBe(400);
      expect(body.error.startsWith(`${name}:`), `${q} → ${body.error}`).toBe(true);
    }
    const ok = await getJson<DetectionsPage>("/detections?app=_unrouted&from=1767225600&to=1767225601.5&limit=1");
    expect(ok).toEqual({ status: 200, body: { detections: [], next: null } });
  });

  it("pages with next through every detection exactly once, newest first, across apps", async () => {
    const a = uniqueApp("deta");
    const b = uniqueApp("detb");
    await putApp({ id: a, origin: "http://127.0.0.1:9", hosts: [`${a}.test`] });
    await putApp({ id: b, origin: "http://127.0.0.1:9", hosts: [`${b}.test`] });
    const client = `c-${a}`;
    const t0 = Math.floor(Date.now() / 1000) - 600;
    // Many share a timestamp, within an app and across the two apps (ties exercise the cursor).
    const all: Detection[] = [];
    for (const app of [a, b]) {
      const batch = Array.from({ length: 30 }, (_, i) =>
        detection(app, client, i % 2 ? "scanner" : "crawler", t0 + Math.floor(i / 4) + 0.25, i),
      );
      // Stored out of time order, as ClientState shards' batches arrive.
      await record(app, batch.slice(15));
      await record(app, batch.slice(0, 15));
      all.push(...batch);
    }
    const key = (d: { ts: number; app: string; requests: number }) => `${d.app}/${d.ts}/${d.requests}`;
    const pageAll = async (query: string, limit: number) => {
      const got: StoredDetection[] = [];
      let cursor: string | null = null;
      for (let pages = 1; pages < 100; pages++) {
        const q: string = `/detections?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
        const { status, body }: { status: number; body: DetectionsPage } = await getJson<DetectionsPage>(q);
        expect(status, JSON.stringify(body)).toBe(200);
        expect(Object.keys(body).sort()).toEqual(["detections", "next"]);
        got.push(...body.detections);
        if (body.next === null) return { got, pages };
        cursor = body.next;
      }
      throw new Error("pagination did not end");
    };
    const whole = await pageAll(`client=${client}`, 1000);
    expect(whole.pages).toBe(1);
    expect(whole.got).toHaveLength(60);
    for (let i = 1; i < whole.got.length; i++) expect(whole.got[i - 1]!.ts).toBeGreaterThanOrEqual(whole.got[i]!.ts);
    expect(new Set(whole.got.map(key))).toEqual(new Set(all.map(key)));
    for (const limit of [7, 4, 1]) {
      const paged = await pageAll(`client=${client}`, limit);
      expect(paged.got.map(key), `limit ${limit}`).toEqual(whole.got.map(key));
      expect(paged.pages).toBe(Math.ceil(60 / limit));
    }
    const scanners = await pageAll(`app=${b}&client=${client}&kind=scanner&from=${t0 + 2}&to=${t0 + 5.25}`, 2);
    expect(scanners.got.map(key)).toEqual(
      whole.got.filter((d) => d.app === b && d.kind === "scanner" && d.ts >= t0 + 2 && d.ts < t0 + 5.25).map(key),
    );
    expect(scanners.got.length).toBe(6);
  }, 30_000);
});
