/**
 * @module test/vercel/support/stack
 * What a Vercel deployment of apiward talks to, started for one test file:
 * a real redis-server behind the Upstash REST bridge, and a local Edge
 * Config endpoint; plus helpers that write app configs and policies into
 * the Edge Config as an operator would (under the mapped KV names).
 */
import type { AppConfigInput } from "../../../core/config/app-config.ts";
import { type EdgeConfigServer, startEdgeConfig } from "./edge-config-server.ts";
import { type EdgeInstance, edgeInstance } from "./edge-harness.ts";
import { type RunningRedis, startRedis } from "./redis-server.ts";
import { type Bridge, startBridge } from "./upstash-bridge.ts";

export interface Stack {
  redis: RunningRedis;
  bridge: Bridge;
  ec: EdgeConfigServer;
  env: Record<string, string>;
  /** Writes an app config and adds its hosts to the app index. */
  putApp(config: AppConfigInput & { id: string }): void;
  /** Writes policy version `version` and points the app's pointer at it. */
  activatePolicy(app: string, doc: unknown, version?: number): void;
  /** A middleware instance (its own isolate) with test settings. */
  instance(options?: Record<string, unknown>, env?: Record<string, string>): Promise<EdgeInstance>;
  close(): Promise<void>;
}

let seq = 0;
export function uniqueApp(prefix = "v"): string {
  return `${prefix}-${Date.now().toString(36)}-${++seq}`;
}

/** Fast settings for tests: short caches, sends at once. */
export const TEST_SETTINGS = { cacheTtlMs: 100, flushLingerMs: 0, mitigationRefreshMs: 0, anomalyRefreshMs: 0 };

export async function startStack(): Promise<Stack> {
  const redis = await startRedis();
  const bridge = await startBridge(redis.port);
  const ec = await startEdgeConfig();
  const index: Array<{ id: string; hosts: string[] }> = [];
  const env = {
    EDGE_CONFIG: ec.connectionString,
    UPSTASH_REDIS_REST_URL: bridge.url,
    UPSTASH_REDIS_REST_TOKEN: bridge.token,
    APIWARD_DEFAULT_APP: "",
  };
  return {
    redis,
    bridge,
    ec,
    env,
    putApp(config) {
      ec.set(`app:${config.id}`, config);
      const i = index.findIndex((a) => a.id === config.id);
      if (i >= 0) index.splice(i, 1);
      index.push({ id: config.id, hosts: config.hosts ?? [] });
      ec.set("apps", { apps: index });
    },
    activatePolicy(app, doc, version = 1) {
      ec.set(`policy:${app}:v${version}`, doc);
      ec.set(`policy:${app}:pointer`, {
        active: version,
        history: version > 1 ? [version - 1] : [],
        dry_run: null,
        latest: version,
        updated_at: Date.now(),
      });
    },
    instance: (options = {}, extraEnv = {}) =>
      edgeInstance({ env: { ...env, ...extraEnv }, options: { ...TEST_SETTINGS, ...options } }),
    async close() {
      await bridge.close();
      await ec.close();
      await redis.stop();
    },
  };
}
