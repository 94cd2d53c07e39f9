/**
 * Canonical anomalies in the access log, in workerd with the real log store:
 * the canonicalizer's non-blocking findings (an empty segment, a `;`
 * parameter) change no decision but are recorded on the
 * request's record, the blocking ones are recorded and are reasons, and the
 * log API selects records by anomaly (`?anomaly=`, a 400 for an unknown code).
 */
import { describe, expect, it } from "vitest";
import type { AccessLogRecord } from "../../core/log/record.ts";
import { createHandler } from "../../worker/app.ts";
import { admin, originUrl, putApp, send, uniqueApp } from "../support/worker-harness.ts";

async function logs(h: ReturnType<typeof createHandler>, query: string): Promise<AccessLogRecord[]> {
  const res = await admin(h, "GET", `/logs?${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { records: AccessLogRecord[] }).records;
}

describe("canonical anomalies in the access log", () => {
  it("records them on the request's record, without changing its decision, and filters by them", async () => {
    const h = createHandler();
    const id = uniqueApp("anom");
    await putApp({ id, hosts: [`${id}.test`], origin: originUrl(), mode: "enforce" }, [h]);

    const odd = await send(h, `http://${id}.test/api//items/7;jsessionid=abc`);
    expect(odd.status).toBe(200);
    const plain = await send(h, `http://${id}.test/api/items/7`);
    expect(plain.status).toBe(200);
    const nul = await send(h, `http://${id}.test/api/items%00.json`);
    expect(nul.status).toBe(403);
    await h.runtime.logs.drain();

    const byId = new Map((await logs(h, `app=${id}`)).map((r) => [r.request_id, r]));
    const oddRec = byId.get(odd.headers.get("x-apiward-request-id") ?? "");
    expect(oddRec?.decision).toBe("allow");
    expect(oddRec?.reasons).toEqual([]);
    expect([...(oddRec?.anomalies ?? [])].sort()).toEqual(["duplicate_slash", "path_param"]);
    const plainRec = byId.get(plain.headers.get("x-apiward-request-id") ?? "");
    expect(plainRec).toBeDefined();
    expect(plainRec?.anomalies).toBeUndefined();
    const nulRec = byId.get(nul.headers.get("x-apiward-request-id") ?? "");
    expect(nulRec?.decision).toBe("block");
    expect(nulRec?.anomalies).toContain("nul_byte");
    expect(nulRec?.reasons).toContainEqual({ source: "canonical", id: "nul_byte", action: "block" });

    expect((await logs(h, `app=${id}&anomaly=path_param`)).map((r) => r.request_id)).toEqual([oddRec?.request_id]);
    expect((await logs(h, `app=${id}&anomaly=nul_byte`)).map((r) => r.request_id)).toEqual([nulRec?.request_id]);
    expect(await logs(h, `app=${id}&anomaly=windows_path`)).toEqual([]);

    const bad = await admin(h, "GET", `/logs?app=${id}&anomaly=sql_injection`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^anomaly: /);
  });
});
