// Secrets and optional settings that wrangler.toml does not declare.
declare namespace Cloudflare {
  interface Env {
    /** Admin API bearer token (`wrangler secret put APIWARD_ADMIN_TOKEN`; locally in .dev.vars). */
    APIWARD_ADMIN_TOKEN?: string;
    /** Secret of the HMAC over API-key and cookie identities (`wrangler secret put`); unset: plain SHA-256. */
    APIWARD_IDENTITY_KEY?: string;
    /** How long isolates serve cached configs/policies before re-reading KV (ms, default 5000). */
    APIWARD_CACHE_TTL_MS?: string;
    /** How long isolates gather counters, samples and log records before one batched send (ms, default 250). */
    APIWARD_FLUSH_LINGER_MS?: string;
    /**
     * Subrequests the plan allows one request (default 50, Workers Free; Paid: 10000). Each
     * request's batched sends stay 10 under it; what does not fit goes with a later request.
     */
    APIWARD_SUBREQUEST_LIMIT?: string;
    /** Seconds between inventory/model snapshots written by the learning core (default 300). */
    APIWARD_SNAPSHOT_INTERVAL_S?: string;
    /** Behaviour: per-client windows (wrangler.toml; also here until `wrangler types` is re-run). */
    CLIENTS: DurableObjectNamespace<import("../worker/index").ClientState>;
    /** Behaviour: each app's mitigations and recent detections. */
    MITIGATIONS: DurableObjectNamespace<import("../worker/index").Mitigations>;
    /** How often isolates re-read the active mitigations (ms, default 2000). */
    APIWARD_MITIGATION_REFRESH_MS?: string;
    /** Anomaly: windows and mitigations per app (wrangler.toml; also here until `wrangler types` is re-run). */
    AGGREGATES: DurableObjectNamespace<import("../worker/index").Aggregates>;
    /** Anomaly: how often isolates send their pre-aggregated deltas (ms, default 5000). */
    APIWARD_ANOMALY_FLUSH_MS?: string;
    /** Anomaly: how often isolates re-read the published anomaly mitigations (ms, default 2000). */
    APIWARD_ANOMALY_REFRESH_MS?: string;
    /** Anomaly: endpoint shards of the Aggregates object per app (default 1). */
    APIWARD_ANOMALY_SHARDS?: string;
    /** Anomaly: seconds between models learned from live traffic (default 21600). */
    APIWARD_ANOMALY_MODEL_INTERVAL_S?: string;
  }
}
