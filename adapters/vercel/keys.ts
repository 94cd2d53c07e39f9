/**
 * @module adapters/vercel/keys
 * Names on the Vercel side.
 *
 * Edge Config item keys allow only letters, digits, `_` and `-`, so the KV
 * document names (worker/state/keys.ts) map by replacing each `:` with `__`:
 *
 * | KV name                 | Edge Config key            |
 * | ----------------------- | -------------------------- |
 * | `apps`                  | `apps`                     |
 * | `app:shop`              | `app__shop`                |
 * | `policy:shop:pointer`   | `policy__shop__pointer`    |
 * | `policy:shop:v3`        | `policy__shop__v3`         |
 * | `inventory:shop:v2`     | `inventory__shop__v2`      |
 * | `behaviour-policy:shop` | `behaviour-policy__shop`   |
 * | `bots:ranges`           | `bots__ranges`             |
 *
 * App ids already exclude `:`; an id containing `__` would make the mapping
 * ambiguous, so such ids are refused by `edgeConfigKey`.
 *
 * Redis keys (counters, windows, mitigations, client state, logs) all start
 * with a configurable prefix (default `apiward`), see `redisKeys`.
 */

const EDGE_KEY_RE = /^[A-Za-z0-9_-]{1,256}$/;

/** The Edge Config item key of a KV document name; throws on names that cannot be mapped one to one. */
export function edgeConfigKey(kvName: string): string {
  const parts = kvName.split(":");
  if (parts.some((p) => p.includes("__"))) throw new Error(`cannot map "${kvName}": "__" is the separator`);
  const key = parts.join("__");
  if (!EDGE_KEY_RE.test(key)) throw new Error(`cannot map "${kvName}" to an Edge Config key`);
  return key;
}

/** The KV document name of an Edge Config item key (inverse of `edgeConfigKey`). */
export function kvName(edgeKey: string): string {
  return edgeKey.split("__").join(":");
}

/**
 * The body of a Vercel REST API `PATCH /v1/edge-config/{id}/items` that
 * upserts documents given under their KV names (JSON text or values).
 */
export function edgeConfigPatch(docs: Record<string, unknown>): {
  items: Array<{ operation: "upsert"; key: string; value: unknown }>;
} {
  return {
    items: Object.entries(docs).map(([name, value]) => ({
      operation: "upsert" as const,
      key: edgeConfigKey(name),
      value: typeof value === "string" ? JSON.parse(value) : value,
    })),
  };
}

export function redisKeys(prefix: string) {
  const p = prefix;
  return {
    /** Fixed window `start` of a rate-limit key (INCRBY, PEXPIRE two windows). */
    window: (key: string, windowS: number, start: number) => `${p}:rl:${windowS}:${start}:${key}`,
    hits: (app: string, version: number) => `${p}:hits:${app}:v${version}`,
    /** Hash: `<target>\n<kind>` → mitigation JSON. */
    mitigations: (app: string) => `${p}:mit:${app}`,
    detections: (app: string) => `${p}:det:${app}`,
    /** Lease of one client shard (one writer at a time). */
    clientLease: (app: string, shard: number) => `${p}:cl:${app}:${shard}`,
    clientState: (app: string, client: string) => `${p}:cs:${app}:${client}`,
    /** Queue of anomaly deltas of one aggregate shard. */
    anomalyQueue: (app: string, shard: number) => `${p}:aq:${app}:${shard}`,
    anomalyLease: (app: string, shard: number) => `${p}:al:${app}:${shard}`,
    /** Detector snapshot JSON with its sequence number. */
    anomalyState: (app: string, shard: number) => `${p}:as:${app}:${shard}`,
    /** Published anomaly mitigations: `{"version":n,"list":[…]}`. */
    anomalyPublished: (app: string, shard: number) => `${p}:ap:${app}:${shard}`,
    anomalyEpoch: (app: string, shard: number) => `${p}:ae:${app}:${shard}`,
    anomalyLastTick: (app: string, shard: number) => `${p}:at:${app}:${shard}`,
    logList: (app: string, day: string) => `${p}:log:${app}:${day}`,
    logIds: (app: string, day: string) => `${p}:logid:${app}:${day}`,
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;
