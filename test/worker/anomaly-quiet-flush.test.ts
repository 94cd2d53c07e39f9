/**
 * Anomaly deltas when traffic stops: the isolate folds requests for
 * APIWARD_ANOMALY_FLUSH_MS (5 s) before it sends them, and before this the
 * last interval's counts waited for a next request. Now, when the log send a
 * request carries ends and no request came in the quiet time (250 ms), the
 * deltas so far go in the same waitUntil; under load the interval holds.
 */
import { describe, expect, it } from "vitest";
import { createHandler } from "../../worker/app.ts";
import { env, originUrl, putApp, send, uniqueApp } from "../support/worker-harness.ts";

describe("anomaly deltas of a quiet isolate", () => {
  it("go with the last request's log send, without a next request", async () => {
    const h = createHandler();
    const id = uniqueApp("quiet");
    await putApp({ id, hosts: [`${id}.test`], origin: originUrl() }, [h]);
    // The production linger (longer than the quiet time), so that the log send ends after it.
    const e = { ...env, APIWARD_FLUSH_LINGER_MS: "300" } as Env;
    // A new isolate sends at its first flush; the interval runs from there.
    expect((await send(h, `http://${id}.test/api/items`)).status).toBe(200);
    const before = h.runtime.anomaly.deltas.stats.sent;
    const res = await send(h, `http://${id}.test/api/items`, {}, e);
    expect(res.status).toBe(200);
    // send() waited for the request's waitUntil: the deltas went in it.
    expect(h.runtime.anomaly.deltas.stats.sent).toBeGreaterThan(before);
    expect(h.runtime.anomaly.deltas.stats.buffered).toBe(0);
  });

  it("wait for the interval while requests keep coming", async () => {
    // Each log send ends at once (no linger, no store call a busy machine could stretch past the
    // quiet time), and the interval is long enough that no slow request reaches it.
    const h = createHandler({ sendLogs: async () => {} });
    const id = uniqueApp("busy");
    await putApp({ id, hosts: [`${id}.test`], origin: originUrl() }, [h]);
    const e = { ...env, APIWARD_ANOMALY_FLUSH_MS: "600000" } as Env;
    expect((await send(h, `http://${id}.test/api/items`, {}, e)).status).toBe(200);
    const before = h.runtime.anomaly.deltas.stats.sent;
    for (let i = 0; i < 3; i++) expect((await send(h, `http://${id}.test/api/items`, {}, e)).status).toBe(200);
    expect(h.runtime.anomaly.deltas.stats.sent).toBe(before);
  });
});
