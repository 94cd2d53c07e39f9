/**
 * @module core/anomaly/enforce
 * Applying published mitigations to one request, without waiting for
 * anything: an index of the active mitigations (client targets and endpoint
 * targets), when each client was first seen here (endpoint mitigations
 * apply to clients new since the anomaly began), and 10-second windows for
 * rate limits. Unmatched paths are named by the caller (`?unmatched`), so
 * an endpoint mitigation on them covers every unknown path. Used by the isolate's AnomalyRuntime over its cached copy
 * and by the offline pipeline over the detector's own table.
 *
 * Bounded: first-seen times for 200,000 clients (older entries forgotten
 * first: a forgotten client counts as new, which errs toward a challenge,
 * never toward a block), rate windows for 100,000.
 */
import { clientKey } from "../identity/client-ip.ts";
import type { Reason } from "../types.ts";
import type { AnomalyMitigation } from "./types.ts";

const RANK: Record<string, number> = { allow: 0, log: 1, challenge: 2, rate_limit: 3, block: 4 };
const MAX_FIRST_SEEN = 200_000;
const MAX_RATE = 100_000;

export class MitigationIndex {
  private readonly clients = new Map<string, AnomalyMitigation[]>();
  private readonly endpoints = new Map<string, AnomalyMitigation[]>();
  /** Client → when it was first seen here and the endpoint of its first request. */
  private readonly firstSeen = new Map<string, [number, string | undefined]>();
  private readonly rate = new Map<string, [start: number, count: number]>();
  size = 0;

  /** Replaces the indexed mitigations. */
  load(list: readonly AnomalyMitigation[]): void {
    this.clients.clear();
    this.endpoints.clear();
    for (const m of list) {
      const map = m.scope === "endpoint" ? this.endpoints : this.clients;
      const cur = map.get(m.target);
      if (cur) cur.push(m);
      else map.set(m.target, [m]);
    }
    this.size = list.length;
  }

  /** Notes a client's request; returns when it was first seen here and where it entered. */
  seen(client: string, now: number, endpoint: string | undefined): [number, string | undefined] {
    const t = this.firstSeen.get(client);
    if (t !== undefined) return t;
    if (this.firstSeen.size >= MAX_FIRST_SEEN) {
      const oldest = this.firstSeen.keys().next();
      if (!oldest.done) this.firstSeen.delete(oldest.value);
    }
    const v: [number, string | undefined] = [now, endpoint];
    this.firstSeen.set(client, v);
    return v;
  }

  /**
   * The reason to answer this request, or null. Client mitigations apply to
   * the client key and to the address's own key; endpoint mitigations to
   * clients first seen after their `since` whose first request was on that
   * endpoint (verified crawlers are exempt). A rate limit lets `limit_10s`
   * requests through per 10 seconds. `endpointLimitsOnly`: of the endpoint
   * mitigations only rate limits apply (the caller's endpoint names unknown
   * paths of an app that does not know its paths yet, see IsolateAnomaly).
   */
  check(
    endpoint: string | undefined,
    client: string,
    ip: string,
    now: number,
    goodBot = false,
    endpointLimitsOnly = false,
  ): Reason | null {
    const [first, entry] = this.seen(client, now, endpoint);
    if (this.size === 0) return null;
    let best: AnomalyMitigation | null = null;
    const consider = (m: AnomalyMitigation) => {
      if (m.until <= now) return;
      if (!best || (RANK[m.action] ?? 0) > (RANK[best.action] ?? 0)) best = m;
    };
    for (const m of this.clients.get(client) ?? []) consider(m);
    const ipKey = ip === client ? null : clientKey(ip);
    if (ipKey && ipKey !== client) for (const m of this.clients.get(ipKey) ?? []) consider(m);
    if (endpoint !== undefined && entry === endpoint && !goodBot) {
      for (const m of this.endpoints.get(endpoint) ?? []) {
        if (endpointLimitsOnly && m.action !== "rate_limit") continue;
        if (first > (m.since ?? m.created_at)) consider(m);
      }
    }
    const m = best as AnomalyMitigation | null;
    if (!m || m.action === "allow" || m.action === "log") return null;
    if (m.action === "rate_limit") {
      const k = `${m.id}|${client}`;
      const w = this.rate.get(k);
      if (!w || now - w[0] >= 10) {
        if (this.rate.size >= MAX_RATE) this.rate.clear();
        this.rate.set(k, [now, 1]);
        return null;
      }
      w[1]++;
      if (w[1] <= (m.limit_10s ?? 5)) return null;
    }
    return {
      source: "anomaly",
      id: m.kind,
      action: m.action,
      detail:
        m.scope === "endpoint"
          ? `${m.kind} on ${m.target}: new clients ${m.action === "rate_limit" ? "rate-limited" : "challenged"} until ${Math.round(m.until)} (${m.id})`
          : `${m.kind}: source mitigated until ${Math.round(m.until)} (${m.id}, suspicion ${m.score ?? "?"})`,
      score: m.score,
    };
  }
}
