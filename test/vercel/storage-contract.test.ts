/**
 * The storage interface's contract (test/shared/storage-contract.ts) against
 * the Vercel implementation: `@vercel/edge-config`'s real client against a
 * local Edge Config endpoint, and `@upstash/redis` against a real
 * redis-server through the Upstash REST protocol.
 */
import { createClient } from "@vercel/edge-config";
import { afterAll, beforeAll } from "vitest";
import { edgeConfigSource } from "../../adapters/vercel/edge-config.ts";
import { upstashRedis, vercelStorage } from "../../adapters/vercel/storage.ts";
import type { ApiwardStorage } from "../../core/storage/types.ts";
import { storageContract } from "../shared/storage-contract.ts";
import { type Stack, startStack } from "./support/stack.ts";

let stack: Stack;
let storage: ApiwardStorage;
beforeAll(async () => {
  stack = await startStack();
  storage = vercelStorage({
    redis: upstashRedis({ url: stack.bridge.url, token: stack.bridge.token }),
    config: edgeConfigSource(createClient(stack.ec.connectionString)),
    prefix: "contract",
  });
});
afterAll(async () => {
  await stack?.close();
});

storageContract("Vercel (Edge Config + Redis)", () => ({
  storage,
  putConfig: async (name, value) => stack.ec.set(name, value),
}));
