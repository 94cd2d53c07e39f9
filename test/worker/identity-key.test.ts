/**
 * API-key identities under the deployment's identity key, in workerd: with
 * APIWARD_IDENTITY_KEY set, the client every counter and log record uses is
 * an HMAC-SHA-256 prefix of the key (Web Crypto in the worker, checked
 * against an independent HMAC); without it, the SHA-256 prefix as before;
 * the API key itself is in neither.
 */
import { describe, expect, it } from "vitest";
import type { AccessLogRecord } from "../../core/log/record.ts";
import { createHandler } from "../../worker/app.ts";
import { env, originUrl, putApp, send, uniqueApp } from "../support/worker-harness.ts";

const API_KEY = "sk_live_identity_test_0123456789";

async function hexPrefix(data: ArrayBuffer): Promise<string> {
  return [...new Uint8Array(data).slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function hmacPrefix(secret: string, value: string): Promise<string> {
  const enc = new TextEncoder();
  const k = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return hexPrefix(await crypto.subtle.sign("HMAC", k, enc.encode(value)));
}

describe("identity key", () => {
  it("keys API-key identities with an HMAC when APIWARD_IDENTITY_KEY is set, SHA-256 otherwise", async () => {
    const records: AccessLogRecord[] = [];
    const h = createHandler({ sendLogs: async (_e, b) => void records.push(...b) });
    const id = uniqueApp("idk");
    await putApp(
      {
        id,
        hosts: [`${id}.test`],
        origin: originUrl(),
        mode: "monitor",
        identity: { type: "header", header: "x-api-key" },
      },
      [h],
    );
    const clientOf = async (e: Env) => {
      const res = await send(h, `http://${id}.test/api/items`, { headers: { "x-api-key": API_KEY } }, e);
      expect(res.status).toBe(200);
      await h.runtime.logs.drain();
      const rec = records.find((r) => r.request_id === res.headers.get("x-apiward-request-id"));
      expect(JSON.stringify(rec)).not.toContain(API_KEY);
      return rec?.client;
    };
    const secret = "a-long-random-deployment-secret";
    const keyed = await clientOf({ ...env, APIWARD_IDENTITY_KEY: secret } as Env);
    expect(keyed).toBe(`key:${await hmacPrefix(secret, API_KEY)}`);
    const plain = await clientOf({ ...env, APIWARD_IDENTITY_KEY: "" } as Env);
    expect(plain).toBe(
      `key:${await hexPrefix(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(API_KEY)))}`,
    );
    // A rotated secret is picked up at once.
    const rotated = await clientOf({ ...env, APIWARD_IDENTITY_KEY: `${secret}-2` } as Env);
    expect(rotated).toBe(`key:${await hmacPrefix(`${secret}-2`, API_KEY)}`);
    expect(new Set([keyed, plain, rotated]).size).toBe(3);
  });
});
