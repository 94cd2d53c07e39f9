import { describe, expect, it } from "vitest";
import { createHandler } from "../../worker/app.ts";
import { env, originUrl, putApp, send, uniqueApp } from "../support/worker-harness.ts";

interface Echo {
  method: string;
  url: string;
  path: string;
  headers: Record<string, string>;
  body_bytes: number;
  body: string | null;
}

describe("datapath proxy", () => {
  const h = createHandler();

  it("proxies to the app's origin with forwarding headers and a request id", async () => {
    const id = uniqueApp();
    await putApp({ id, hosts: [`${id}.test`], origin: originUrl(), mode: "enforce" }, [h]);
    const res = await send(h, `http://${id}.test/hop/a%2Fb?x=1&x=2`, {
      headers: {
        "cf-connecting-ip": "198.51.100.7",
        "x-custom": "kept",
        // A client's own is replaced by the host it asked for (another site's is also host poisoning, 920279).
        "x-forwarded-host": `staging.${id}.test`,
        connection: "keep-alive, x-drop",
        "x-drop": "1",
      },
    });
    expect(res.status).toBe(200);
    const rid = res.headers.get("x-apiward-request-id");
    expect(rid).toMatch(/^[0-9a-f]{32}$/);
    const echo = (await res.json()) as Echo;
    expect(echo.url).toBe("/hop/a%2Fb?x=1&x=2");
    expect(echo.headers["x-forwarded-for"]).toBe("198.51.100.7");
    expect(echo.headers["x-forwarded-proto"]).toBe("http");
    expect(echo.headers["x-forwarded-host"]).toBe(`${id}.test`);
    expect(echo.headers["x-apiward-request-id"]).toBe(rid);
    expect(echo.headers["x-custom"]).toBe("kept");
    expect(echo.headers["x-drop"]).toBeUndefined();
    // Hop-by-hop headers of the origin's answer are not relayed.
    expect(res.headers.get("x-secret-hop")).toBeNull();
    expect(res.headers.get("keep-alive")).toBeNull();
  });

  it("streams request bodies larger than the inspection limit through whole", async () => {
    const id = uniqueApp();
    await putApp({ id, hosts: [`${id}.test`], origin: originUrl(), body_limit: 1024 }, [h]);
    const big = "z".repeat(300_000);
    const res = await send(h, `http://${id}.test/echo/upload`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: big,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Echo).body_bytes).toBe(300_000);
  });

  it("streams large chunked responses", async () => {
    const id = uniqueApp();
    await putApp({ id, hosts: [`${id}.test`], origin: originUrl() }, [h]);
    const res = await send(h, `http://${id}.test/bytes/2000000`);
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(2_000_000);
  });

  it("routes by host to different apps and origins", async () => {
    const a = uniqueApp("a");
    const b = uniqueApp("b");
    await putApp({ id: a, hosts: [`${a}.test`], origin: originUrl() }, [h]);
    await putApp({ id: b, hosts: [`${b}.test`], origin: `${originUrl()}/prefix` }, [h]);
    const ra = (await (await send(h, `http://${a}.test/x`)).json()) as Echo;
    const rb = (await (await send(h, `http://${b}.test/x`)).json()) as Echo;
    expect(ra.path).toBe("/x");
    expect(rb.path).toBe("/prefix/x");
  });

  it("answers 404 problem+json for a host with no app and no default app", async () => {
    const res = await send(h, "http://nobody-here.test/x");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = (await res.json()) as { request_id: string };
    expect(body.request_id).toBe(res.headers.get("x-apiward-request-id"));
  });

  it("turns an unreachable origin into 502", async () => {
    const id = uniqueApp();
    await putApp({ id, hosts: [`${id}.test`], origin: "http://127.0.0.1:9", origin_timeout_ms: 500 }, [h]);
    const down = await send(h, `http://${id}.test/x`);
    expect(down.status).toBe(502);
    expect(down.headers.get("content-type")).toBe("application/problem+json");
  });

  it("turns a slow origin into 504", async () => {
    const slow = uniqueApp();
    await putApp({ id: slow, hosts: [`${slow}.test`], origin: originUrl(), origin_timeout_ms: 200 }, [h]);
    const res = await send(h, `http://${slow}.test/slow?ms=3000`);
    expect(res.status).toBe(504);
  });

  it("relays origin error statuses untouched", async () => {
    const id = uniqueApp();
    await putApp({ id, hosts: [`${id}.test`], origin: originUrl() }, [h]);
    expect((await send(h, `http://${id}.test/status/503`)).status).toBe(503);
    expect((await send(h, `http://${id}.test/status/404`)).status).toBe(404);
  });

  it("never crashes on hostile requests: 64 KB URLs, many headers, odd bytes", async () => {
    const id = uniqueApp();
    await putApp({ id, hosts: [`${id}.test`], origin: originUrl(), mode: "enforce" }, [h]);
    const headers = new Headers();
    for (let i = 0; i < 1000; i++) headers.append(`x-h${i}`, "v");
    const many = await send(h, `http://${id}.test/echo`, { headers });
    expect([200, 400, 403, 431]).toContain(many.status);
    const long = await send(h, `http://${id}.test/echo?q=${"a".repeat(65_536)}`);
    expect([200, 403, 414]).toContain(long.status);
    for (const path of ["/%zz", "/%c0%ae%c0%ae/etc/passwd", "/a%00b", "/%ff%fe", "/..%2f..%2f", "/\u00e9\u0301"]) {
      const res = await send(h, `http://${id}.test${path}`);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get("x-apiward-request-id")).toBeTruthy();
    }
  });

  it("keeps env-level defaults: the test env is the one from wrangler.toml", () => {
    expect(env.APIWARD_DEFAULT_APP).toBe("demo");
  });
});
