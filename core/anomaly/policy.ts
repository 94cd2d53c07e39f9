/**
 * @module core/anomaly/policy
 * What the anomaly capability does and how sure it must be: the gates that
 * open a look deeper, how a source address's suspicion is weighed and the
 * threshold above which it is mitigated, and the action and TTL per kind.
 *
 * Defaults are domain choices, not fitted numbers:
 * - A window is anomalous when a rising feature is 4 robust spreads above
 *   its seasonal level AND the excess is material (`min_excess`, in requests
 *   or sources per window): a quiet endpoint going from 0 to 2 requests is
 *   not an attack worth a look.
 * - A distributed attack needs at least 8 suspicious sources from at least 4
 *   networks (/24, /48 or ASN) before sources are mitigated one by one;
 *   fewer is a single client's business (behaviour profiling). From 4
 *   suspicious sources, while they are the typical participant, the graded
 *   response is an endpoint mitigation: new clients entering there are
 *   challenged, which costs a person one challenge and a bot its run.
 * - Suspicion weights: the source's own behaviour on the target (0.35) and
 *   how much of its traffic the target takes (0.25) carry most; novelty,
 *   entering straight at the target, and neighbours in the same network or
 *   ASN support. A source is mitigated at 0.6 when its own evidence is at
 *   least 0.25 and something corroborates it (it is new, entered at the
 *   target, or has suspicious neighbours): a known client that merely
 *   works hard on one endpoint is left to behaviour profiling.
 * - Campaign attribution (campaign.ts): once a distributed attack has its
 *   core of sources mitigated one by one, new addresses sharing the core's
 *   fingerprint are members too, when history says at most 0.5% of new
 *   clients (the false-positive budget) ever look like that in
 *   their first ten minutes, and the background alone would account for at
 *   most a tenth of the campaign's matches.
 * - Blocks for credential attacks and scans (1 h), a challenge for scrapers
 *   (1 h: a person can pass it), a short block for flood sources (15 min:
 *   each sends little, so a per-source rate limit would not bite). Endpoint
 *   mitigations (a challenge; for floods a rate limit of one request per
 *   10 s for new clients) last 10 minutes and are renewed while the window
 *   stays anomalous, lifted as soon as it is normal again.
 */
import type { Decision } from "../types.ts";
import type { DistributedKind } from "./types.ts";

export interface KindAction {
  action: Decision;
  ttl_s: number;
  limit_10s?: number;
}

export interface SuspicionWeights {
  focus: number;
  own: number;
  novelty: number;
  entry: number;
  neighbours: number;
}

export interface AnomalyPolicy {
  z_gate: number;
  /** Minimum excess over the seasonal level for a count feature to open a look deeper (5-minute window; longer windows scale by sqrt of their length). */
  min_excess: { requests: number; sources: number; failures: number; not_found: number; params: number };
  /** Requests a window needs before ratios and the forest's verdict count. */
  min_requests: number;
  min_sources: number;
  min_nets: number;
  /** Fewest suspicious sources for an endpoint mitigation (a challenge of new clients: the graded, early response). */
  min_endpoint_sources: number;
  ip_threshold: number;
  /** Least own evidence for a source mitigation: a source is mitigated for what it did, never only for where it is from. */
  min_own: number;
  /** Median suspicion of the anomaly's sources above which a diffuse attack is mitigated at the endpoint. */
  group_threshold: number;
  weights: SuspicionWeights;
  /** Campaign attribution (campaign.ts): the measured false-positive guard. */
  attribution: {
    /** Highest share of history's new clients whose first ten minutes fit a campaign's fingerprint (0 turns attribution off). */
    max_base_rate: number;
    /** Least estimated precision of a campaign's matches against what the background alone would produce. */
    min_precision: number;
  };
  actions: Record<DistributedKind, KindAction>;
  /** What an endpoint mitigation does to new clients, per kind. */
  endpoint_actions: Record<DistributedKind, KindAction>;
}

export const DEFAULT_POLICY: AnomalyPolicy = {
  z_gate: 4,
  min_excess: { requests: 20, sources: 8, failures: 5, not_found: 5, params: 10 },
  min_requests: 20,
  min_sources: 8,
  min_nets: 4,
  min_endpoint_sources: 4,
  ip_threshold: 0.6,
  min_own: 0.25,
  group_threshold: 0.45,
  weights: { focus: 0.25, own: 0.35, novelty: 0.15, entry: 0.15, neighbours: 0.1 },
  attribution: { max_base_rate: 0.005, min_precision: 0.9 },
  actions: {
    distributed_bruteforce: { action: "block", ttl_s: 3600 },
    distributed_dos: { action: "block", ttl_s: 900 },
    distributed_scraper: { action: "challenge", ttl_s: 3600 },
    distributed_scan: { action: "block", ttl_s: 3600 },
  },
  endpoint_actions: {
    distributed_bruteforce: { action: "challenge", ttl_s: 600 },
    distributed_dos: { action: "rate_limit", ttl_s: 600, limit_10s: 1 },
    distributed_scraper: { action: "challenge", ttl_s: 600 },
    distributed_scan: { action: "challenge", ttl_s: 600 },
  },
};

const num = (v: unknown, lo: number, hi: number): number | undefined =>
  typeof v === "number" && Number.isFinite(v) && v >= lo && v <= hi ? v : undefined;

/** Merges overrides from an app config onto the defaults; invalid fields are named in the returned error list. */
export function resolvePolicy(over: unknown): { policy: AnomalyPolicy; errors: string[] } {
  const p: AnomalyPolicy = structuredClone(DEFAULT_POLICY);
  const errors: string[] = [];
  if (over === undefined || over === null) return { policy: p, errors };
  if (typeof over !== "object") return { policy: p, errors: ["anomaly: expected an object"] };
  const o = over as Record<string, unknown>;
  const set = (name: keyof AnomalyPolicy, lo: number, hi: number) => {
    if (o[name] === undefined) return;
    const v = num(o[name], lo, hi);
    if (v === undefined) errors.push(`anomaly.${name}: expected a number in [${lo}, ${hi}]`);
    else (p as unknown as Record<string, number>)[name] = v;
  };
  set("z_gate", 1, 50);
  set("min_requests", 1, 1e6);
  set("min_sources", 2, 1e6);
  set("min_nets", 1, 1e6);
  set("min_endpoint_sources", 2, 1e6);
  set("ip_threshold", 0.05, 1);
  set("min_own", 0, 1);
  set("group_threshold", 0.05, 1);
  if (o.attribution !== undefined) {
    const a = o.attribution as Record<string, unknown> | null;
    if (!a || typeof a !== "object") errors.push("anomaly.attribution: expected an object");
    else
      for (const [name, lo, hi] of [
        ["max_base_rate", 0, 0.2],
        ["min_precision", 0.5, 1],
      ] as const) {
        if (a[name] === undefined) continue;
        const v = num(a[name], lo, hi);
        if (v === undefined) errors.push(`anomaly.attribution.${name}: expected a number in [${lo}, ${hi}]`);
        else p.attribution[name] = v;
      }
  }
  return { policy: p, errors };
}
