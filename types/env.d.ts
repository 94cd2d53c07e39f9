// Secrets and optional settings that wrangler.toml does not declare.
declare namespace Cloudflare {
  interface Env {
    /** Admin API bearer token (`wrangler secret put APIWARD_ADMIN_TOKEN`; locally in .dev.vars). */
    APIWARD_ADMIN_TOKEN?: string;
    /** How long isolates serve cached configs/policies before re-reading KV (ms, default 5000). */
    APIWARD_CACHE_TTL_MS?: string;
    /** How long isolates gather counters, samples and log records before one batched send (ms, default 250). */
    APIWARD_FLUSH_LINGER_MS?: string;
    /** Seconds between inventory/model snapshots written by the learning core (default 300). */
    APIWARD_SNAPSHOT_INTERVAL_S?: string;
  }
}
