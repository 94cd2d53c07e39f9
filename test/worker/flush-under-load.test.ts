/**
 * The batched sends under concurrent load through the worker's own fetch
 * handler (each request its own context, as on the platform): every access
 * record and behaviour event reaches its store, and none is left queued or
 * dropped once the requests are done. A flush started from another request's
 * context dies with it: the stand-by design that let the ending flush start
 * the next one stalled the logs under load.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { admin, monitoredApp } from "../support/worker-harness.ts";

interface BatcherHealth {
  buffered: number;
  sent: number;
  dropped: number;
}

describe("batched sends under concurrent load, request by request", () => {
  it("delivers every record and event, and leaves nothing queued", async () => {
    const { app, h } = await monitoredApp("load");
    const worker = (exports as unknown as { default: { fetch: (r: Request) => Promise<Response> } }).default;
    const total = 600;
    let next = 0;
    const one = async () => {
      while (next < total) {
        const i = next++;
        const res = await worker.fetch(
          new Request(`http://${app}.test/api/items/${i}`, {
            headers: { "cf-connecting-ip": `198.18.${(i >> 8) & 255}.${i & 255}`, "user-agent": "load/1.0" },
          }),
        );
        await res.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: 40 }, one));
    // The isolate's own health (the requests ran in the worker's isolate, not this handler's).
    let logs: BatcherHealth = { buffered: -1, sent: 0, dropped: 0 };
    let events: BatcherHealth = { buffered: -1, sent: 0, dropped: 0 };
    // Bounded by time, not by count: a slow machine gets the same minute to drain.
    for (const end = Date.now() + 60_000; Date.now() < end; ) {
      await new Promise((r) => setTimeout(r, 250));
      const res = await worker.fetch(
        new Request("http://admin.local/__apiward/health", { headers: { authorization: "Bearer test-admin-token" } }),
      );
      const body = (await res.json()) as { isolate: { logs: BatcherHealth; behaviour_events: BatcherHealth } };
      logs = body.isolate.logs;
      events = body.isolate.behaviour_events;
      if (logs.buffered === 0 && events.buffered === 0) break;
    }
    expect(logs).toMatchObject({ buffered: 0, dropped: 0 });
    expect(events).toMatchObject({ buffered: 0, dropped: 0 });
    const page = await admin(h, "GET", `/logs?app=${app}&limit=1000`);
    expect(((await page.json()) as { records: unknown[] }).records.length).toBe(total);
  }, 180_000);
});
