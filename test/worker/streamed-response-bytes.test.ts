/**
 * A response the origin streams without a Content-Length (chunked) is logged
 * with the bytes that reached the client: counted on the way out, the record
 * written when the body ends, when the client goes away (what passed by
 * then), or at a deadline for a stream that goes on. Before, such responses
 * were logged with 0 bytes, which also fed behaviour and anomaly detection.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { AccessLogRecord } from "../../core/log/record.ts";
import { createHandler } from "../../worker/app.ts";
import { countStreamedBody } from "../../worker/datapath/count-body.ts";
import { env, originUrl, putApp, send, uniqueApp } from "../support/worker-harness.ts";

describe("bytes of a streamed response", () => {
  const records: AccessLogRecord[] = [];
  const h = createHandler({ sendLogs: async (_e, b) => void records.push(...b) });

  async function recordOf(res: Response): Promise<AccessLogRecord | undefined> {
    await h.runtime.logs.drain();
    return records.find((r) => r.request_id === res.headers.get("x-apiward-request-id"));
  }

  it("logs the size of a chunked body as the client received it", async () => {
    const id = uniqueApp("chunked");
    await putApp({ id, hosts: [`${id}.test`], origin: originUrl() }, [h]);
    const res = await send(h, `http://${id}.test/bytes/100000`);
    expect(res.headers.get("content-length")).toBeNull();
    expect((await res.arrayBuffer()).byteLength).toBe(100_000);
    expect(await recordOf(res)).toMatchObject({ status: 200, bytes: 100_000 });
  });

  it("logs a declared length as before, at once", async () => {
    const id = uniqueApp("sized");
    await putApp({ id, hosts: [`${id}.test`], origin: originUrl() }, [h]);
    const res = await send(h, `http://${id}.test/echo/x`);
    const length = Number(res.headers.get("content-length"));
    expect(length).toBeGreaterThan(0);
    expect((await recordOf(res))?.bytes).toBe(length);
  });

  it("logs a client that goes away mid-body, with what it received", async () => {
    const id = uniqueApp("gone");
    await putApp({ id, hosts: [`${id}.test`], origin: originUrl() }, [h]);
    const ctx = createExecutionContext();
    const res = await h.fetch(new Request(`http://${id}.test/bytes/2000000`), env, ctx);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    await reader.cancel();
    await waitOnExecutionContext(ctx);
    const rec = await recordOf(res);
    expect(rec?.status).toBe(200);
    expect(rec?.bytes).toBeGreaterThan(0);
    expect(rec?.bytes).toBeLessThan(2_000_000);
  });

  it("records a stream that goes on at the deadline, with the bytes by then", async () => {
    const chunk = new Uint8Array(1000);
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent < 3) {
          sent++;
          c.enqueue(chunk);
        }
        // Then nothing more, and no end: a server-sent event stream between events.
      },
    });
    const ctx = createExecutionContext();
    const seen: number[] = [];
    const out = countStreamedBody(
      new Response(endless),
      (p) => ctx.waitUntil(p),
      (n) => seen.push(n),
      // A deadline the three reads below finish well inside, even on a slow machine.
      1000,
    );
    const reader = (out.body as ReadableStream<Uint8Array>).getReader();
    for (let i = 0; i < 3; i++) expect((await reader.read()).value?.byteLength).toBe(1000);
    await waitOnExecutionContext(ctx);
    expect(seen).toEqual([3000]);
    await reader.cancel();
  });

  it("answers at once for a response without a body", async () => {
    const seen: number[] = [];
    const res = new Response(null, { status: 204 });
    expect(
      countStreamedBody(
        res,
        () => undefined,
        (n) => seen.push(n),
      ),
    ).toBe(res);
    expect(seen).toEqual([0]);
  });
});
