/**
 * Body parameter constraints (`"in": "body"`) through the worker: the
 * pipeline parses the body's fields for a policy that constrains them (they
 * were never passed on, so every body constraint, `required` included, was
 * dead). JSON by dotted name, forms as sent; a body over the inspection limit
 * counts as violating them.
 */
import { describe, expect, it } from "vitest";
import { createHandler } from "../../worker/app.ts";
import { activatePolicy, originUrl, putApp, send, uniqueApp } from "../support/worker-harness.ts";

describe("policy body parameter constraints, end to end", () => {
  const h = createHandler();

  async function app(bodyLimit?: number) {
    const id = uniqueApp("bodyp");
    await putApp(
      {
        id,
        hosts: [`${id}.test`],
        origin: originUrl(),
        mode: "enforce",
        ...(bodyLimit ? { body_limit: bodyLimit } : {}),
      },
      [h],
    );
    await activatePolicy(h, id, {
      rules: [
        {
          id: "pay-amount",
          action: "block",
          match: {
            path: { exact: "/pay" },
            params: [
              { name: "amount", in: "body", type: "int", max: 1000, required: true },
              { name: "payer.country", in: "body", enum: ["FR", "DE"] },
            ],
          },
        },
      ],
    });
    return `http://${id}.test`;
  }

  const post = (url: string, body: string, type = "application/json") =>
    send(h, url, { method: "POST", headers: { "content-type": type }, body });

  it("blocks a JSON or form body that violates them, and passes one that does not", async () => {
    const base = await app();
    expect((await post(`${base}/pay`, JSON.stringify({ amount: 500, payer: { country: "FR" } }))).status).toBe(200);
    const over = await post(`${base}/pay`, JSON.stringify({ amount: 5000 }));
    expect(over.status).toBe(403);
    expect(((await over.json()) as { reasons: Array<{ id: string }> }).reasons.map((r) => r.id)).toContain(
      "pay-amount",
    );
    expect((await post(`${base}/pay`, JSON.stringify({ note: "no amount" }))).status).toBe(403);
    expect((await post(`${base}/pay`, JSON.stringify({ amount: 10, payer: { country: "US" } }))).status).toBe(403);
    expect((await post(`${base}/pay`, "amount=5000", "application/x-www-form-urlencoded")).status).toBe(403);
    expect((await post(`${base}/pay`, "amount=50", "application/x-www-form-urlencoded")).status).toBe(200);
    // Another path is not concerned.
    expect((await post(`${base}/other`, JSON.stringify({ amount: 5000 }))).status).toBe(200);
  });

  it("a body over the inspection limit counts as violating them: padding does not get past a constraint", async () => {
    const base = await app(1024);
    const big = JSON.stringify({ amount: 5000, pad: "x".repeat(4096) });
    const res = await post(`${base}/pay`, big);
    expect(res.status).toBe(403);
    const reasons = ((await res.json()) as { reasons: Array<{ id: string }> }).reasons;
    expect(reasons.map((r) => r.id)).toContain("pay-amount");
  });
});

describe("body_size rules and chunked bodies", () => {
  const h = createHandler();

  /** A body of `n` bytes sent in 16 KB chunks, with no Content-Length (as a chunked upload arrives). */
  function chunked(n: number): ReadableStream<Uint8Array> {
    let left = n;
    return new ReadableStream<Uint8Array>({
      pull(c) {
        if (left <= 0) return c.close();
        const k = Math.min(left, 16 * 1024);
        left -= k;
        c.enqueue(new Uint8Array(k).fill(0x61));
      },
    });
  }

  it("a chunked upload meets a body_size rule as a declared one does, binary or not", async () => {
    const id = uniqueApp("bsize");
    await putApp({ id, hosts: [`${id}.test`], origin: originUrl(), mode: "enforce" }, [h]);
    await activatePolicy(h, id, {
      rules: [{ id: "too-big", action: "block", match: { body_size: { gt: 100_000 } } }],
    });
    const upload = (n: number, type: string) =>
      send(h, `http://${id}.test/upload`, {
        method: "POST",
        headers: { "content-type": type },
        body: chunked(n),
        duplex: "half",
      } as RequestInit);
    expect((await upload(200_000, "text/plain")).status).toBe(403);
    expect((await upload(2_000_000, "application/octet-stream")).status).toBe(403);
    expect((await upload(50_000, "text/plain")).status).toBe(200);
    expect((await upload(50_000, "application/octet-stream")).status).toBe(200);
  });
});
