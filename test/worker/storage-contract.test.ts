/**
 * The storage interface's contract (test/shared/storage-contract.ts) against
 * the Cloudflare implementation: KV and the Durable Objects, in workerd.
 */
import { cloudflareStorage } from "../../worker/storage/cloudflare.ts";
import { storageContract } from "../shared/storage-contract.ts";
import { env } from "../support/worker-harness.ts";

storageContract("Cloudflare (KV + Durable Objects)", () => ({
  storage: cloudflareStorage(env),
  putConfig: (name, value) => env.CONFIG.put(name, typeof value === "string" ? value : JSON.stringify(value)),
}));
