/**
 * The approved allow-list in the datapath keeps HTTP's semantics: HEAD goes
 * where GET does, a CORS preflight where the method it announces does, and a
 * method override (which many frameworks honour) is no way around it.
 */
import { describe, expect, it } from "vitest";
import { createHandler } from "../../worker/app.ts";
import { activatePolicy, originUrl, putApp, send, uniqueApp } from "../support/worker-harness.ts";

describe("allow-list and HTTP method semantics, in the datapath", () => {
  const h = createHandler();

  async function app() {
    const id = uniqueApp("alm");
    await putApp(
      { id, hosts: [`${id}.test`], origin: originUrl(), mode: "enforce", capabilities: { allowlist: "enforce" } },
      [h],
    );
    await activatePolicy(h, id, {
      rules: [],
      allowlist: {
        endpoints: [
          { method: "GET", path: "/api/users/{id}" },
          { method: "PATCH", path: "/api/users/{id}" },
          { method: "POST", path: "/api/orders" },
        ],
      },
    });
    return `http://${id}.test`;
  }

  it("lets HEAD through where GET is allowed and a preflight for an allowed method", async () => {
    const base = await app();
    expect((await send(h, `${base}/api/users/7`, { method: "HEAD" })).status).toBe(200);
    const preflight = (m: string) =>
      send(h, `${base}/api/users/7`, {
        method: "OPTIONS",
        headers: { origin: "https://app.example", "access-control-request-method": m },
      });
    expect((await preflight("PATCH")).status).not.toBe(403);
    expect((await preflight("DELETE")).status).toBe(403);
    expect((await send(h, `${base}/api/orders`, { method: "HEAD" })).status).toBe(403);
  });

  it("blocks a method override to a method the allow-list does not allow", async () => {
    const base = await app();
    const res = await send(h, `${base}/api/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-http-method-override": "DELETE" },
      body: "{}",
    });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { reasons: Array<{ id: string }> };
    expect(body.reasons.map((r) => r.id)).toContain("method_not_allowed");
    expect((await send(h, `${base}/api/orders?_method=DELETE`, { method: "POST", body: "{}" })).status).toBe(403);
    const plain = await send(h, `${base}/api/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(plain.status).toBe(200);
  });
});
