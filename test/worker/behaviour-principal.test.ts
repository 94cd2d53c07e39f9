/**
 * Behaviour's principal on Cloudflare: for an app that identifies clients by
 * a credential (API key, session cookie, JWT), the behaviour event carries
 * that identity, so a known integration is held to its own learned baseline
 * and counts as one person; for an address (an `ip` app, or a request
 * without the credential) there is none. Before, the worker never set it, so
 * per-principal baselines only ever worked in `apiward replay`.
 */
import { describe, expect, it } from "vitest";
import type { BehaviourEvent } from "../../core/behaviour/types.ts";
import { createHandler } from "../../worker/app.ts";
import { originUrl, putApp, send, uniqueApp } from "../support/worker-harness.ts";

describe("behaviour events' principal", () => {
  const h = createHandler();
  const seen: BehaviourEvent[] = [];
  const core = h.runtime.behaviour.core;
  const observe = core.observe.bind(core);
  // A spy that passes every event on to the real isolate behaviour state.
  core.observe = (e: BehaviourEvent) => {
    seen.push(e);
    observe(e);
  };
  const eventOf = (res: Response) => {
    expect(res.status).toBe(200);
    return seen.at(-1);
  };

  it("is the credential identity when the app identifies clients by one", async () => {
    const id = uniqueApp("principal");
    await putApp(
      { id, hosts: [`${id}.test`], origin: originUrl(), identity: { type: "header", header: "x-api-key" } },
      [h],
    );
    const keyed = eventOf(await send(h, `http://${id}.test/api/items`, { headers: { "x-api-key": "pk_live_abc" } }));
    expect(keyed?.client).toMatch(/^key:[0-9a-f]{16}$/);
    expect(keyed?.identity).toBe(keyed?.client);
    // Without the credential the client is the address, and there is no principal.
    const anonymous = eventOf(await send(h, `http://${id}.test/api/items`));
    expect(anonymous?.client).not.toMatch(/^key:/);
    expect(anonymous?.identity).toBeUndefined();
  });

  it("is absent for an app that identifies clients by address", async () => {
    const id = uniqueApp("byip");
    await putApp({ id, hosts: [`${id}.test`], origin: originUrl() }, [h]);
    const ev = eventOf(await send(h, `http://${id}.test/api/items`, { headers: { "x-api-key": "pk_live_abc" } }));
    expect(ev?.identity).toBeUndefined();
  });
});
