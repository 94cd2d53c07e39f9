/**
 * @module adapters/vercel
 * apiward on Vercel Edge Middleware (`apiward/vercel`):
 *
 *   // middleware.ts
 *   export { default } from "apiward/vercel/middleware";
 *
 * or, with options:
 *
 *   import { createMiddleware } from "apiward/vercel";
 *   import wasm from "apiward/wasm/build/apiward.wasm?module";
 *   export default createMiddleware({ wasm, forward: { rewrite: "/blocked" } });
 */
export type { ApiwardStorage, SnapshotSource } from "../../core/storage/types.ts";
export type { Forward, WaitUntilContext } from "./datapath.ts";
export { type EdgeConfigReader, edgeConfigSource, staticSource } from "./edge-config.ts";
export { edgeConfigKey, edgeConfigPatch, kvName, redisKeys } from "./keys.ts";
export { type ApiwardMiddleware, type ApiwardVercelOptions, createMiddleware } from "./middleware.ts";
export { VercelRuntime } from "./runtime.ts";
export { type RedisConnection, upstashRedis, type VercelStorageOptions, vercelStorage } from "./storage.ts";
