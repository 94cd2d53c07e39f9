/**
 * Activate and dry-run refuse a version that does not validate (one written
 * to KV by hand): no isolate could serve it, so the pointer must not name it
 * (before, the API answered 200 and health reported a policy_error). A dry
 * run of the active version is refused too: it would compare a version with
 * itself.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createHandler } from "../../worker/app.ts";
import { keys } from "../../worker/state/keys.ts";
import { activatePolicy, admin, originUrl, putApp, uniqueApp } from "../support/worker-harness.ts";

describe("activate and dry-run validate the version they point at", () => {
  const h = createHandler();

  it("refuses a version written to KV that does not validate, and a dry run of the active version", async () => {
    const id = uniqueApp("actv");
    await putApp({ id, hosts: [`${id}.test`], origin: originUrl(), mode: "enforce" }, [h]);
    await activatePolicy(h, id, { rules: [] });
    await env.CONFIG.put(
      keys.policy(id, 2),
      JSON.stringify({ rules: [{ id: "x", action: "explode", match: {} }], version: 2 }),
    );
    await env.CONFIG.put(keys.policy(id, 3), "{ not json");
    for (const v of [2, 3]) {
      for (const op of ["activate", "dry-run"]) {
        const res = await admin(h, "POST", `/apps/${id}/policies/${v}/${op}`);
        expect(res.status, `${op} v${v}`).toBe(400);
        expect(((await res.json()) as { error: string }).error).toContain(`policy version ${v} does not validate`);
      }
    }
    const pointer = JSON.parse((await env.CONFIG.get(keys.policyPointer(id))) ?? "{}") as { active: number };
    expect(pointer.active).toBe(1);
    expect((await admin(h, "POST", `/apps/${id}/policies/1/dry-run`)).status).toBe(409);
  });
});
