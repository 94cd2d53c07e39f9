/**
 * A client that drops its upload mid-body is neither a block nor a failure of
 * apiward's: logged with status 499, decision `log` and reason
 * `canonical:client_abort`, counted in `clientAborts`, whatever the app's
 * fail mode (before, it read as a fail-closed 503 block).
 */
import { describe, expect, it } from "vitest";
import type { AccessLogRecord } from "../../core/log/record.ts";
import { createHandler } from "../../worker/app.ts";
import { originUrl, putApp, send, uniqueApp } from "../support/worker-harness.ts";

/** A body stream that delivers `head` and then fails, as a dropped connection does. */
function droppedBody(head: string): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new TextEncoder().encode(head));
      c.error(new Error("Network connection lost."));
    },
  });
}

describe("client abort mid-body", () => {
  const records: AccessLogRecord[] = [];
  const h = createHandler({ sendLogs: async (_e, b) => void records.push(...b) });

  for (const [mode, failMode, length] of [
    ["monitor", "open", "1000"],
    ["enforce", "closed", "1000"],
    ["enforce", "open", null], // no length: the capped streaming read
  ] as const) {
    it(`${mode}, fail ${failMode}, ${length ? "declared length" : "streamed"}: logged as a client abort`, async () => {
      const id = uniqueApp("abort");
      await putApp({ id, hosts: [`${id}.test`], origin: originUrl(), mode, fail_mode: failMode }, [h]);
      const before = { ...h.runtime.stats };
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (length) headers["content-length"] = length;
      const res = await send(h, `http://${id}.test/upload`, {
        method: "POST",
        headers,
        body: droppedBody('{"part":'),
        duplex: "half",
      } as RequestInit);
      expect(res.status).toBe(400);
      const rid = res.headers.get("content-type")?.includes("problem")
        ? ((await res.clone().json()) as { request_id?: string }).request_id
        : undefined;
      await h.runtime.logs.drain();
      const rec = records.find((r) => r.app === id && (rid === undefined || r.request_id === rid));
      expect(rec).toMatchObject({ status: 499, decision: "log" });
      expect(rec?.reasons.map((r) => `${r.source}:${r.id}`)).toEqual(["canonical:client_abort"]);
      expect(h.runtime.stats.clientAborts).toBe(before.clientAborts + 1);
      expect(h.runtime.stats.errors).toBe(before.errors);
      expect(h.runtime.stats.failClosed).toBe(before.failClosed);
    });
  }
});
