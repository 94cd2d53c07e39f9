/**
 * @module adapters/vercel/edge-config
 * Read-mostly documents (app index, app configs, policies, inventories,
 * models) from Vercel Edge Config, as a `SnapshotSource` under their KV
 * names (keys mapped by adapters/vercel/keys.ts). Edge Config stores JSON
 * values; the source hands them on as JSON text, so the same loaders as on
 * Cloudflare (zod schemas, policy compiler, last good kept) validate them.
 *
 * Reads go through the isolate caches of the registry (short TTL,
 * stale-while-revalidate), never once per request.
 */
import type { SnapshotSource } from "../../core/storage/types.ts";
import { edgeConfigKey } from "./keys.ts";

/** What apiward needs of an `@vercel/edge-config` client (`createClient(connectionString)`). */
export interface EdgeConfigReader {
  get(key: string): Promise<unknown>;
}

export function edgeConfigSource(client: EdgeConfigReader): SnapshotSource {
  return {
    async get(name) {
      let key: string;
      try {
        key = edgeConfigKey(name);
      } catch {
        return null;
      }
      const value = await client.get(key);
      if (value === undefined || value === null) return null;
      return typeof value === "string" ? value : JSON.stringify(value);
    },
  };
}

/** An in-memory source (documents under their KV names): for tests and for snapshots bundled with a deployment. */
export function staticSource(docs: Record<string, unknown>): SnapshotSource {
  return {
    get: async (name) => {
      const v = docs[name];
      if (v === undefined || v === null) return null;
      return typeof v === "string" ? v : JSON.stringify(v);
    },
  };
}
