/**
 * @module core/behaviour/mitigations
 * Active mitigations with their TTLs: what detections turn into, held per
 * app in the Mitigations Durable Object (which persists this table) and
 * replayed in simulated time by `apiward replay`. A new detection of the
 * same kind for the same target extends the existing mitigation instead of
 * piling up rows. Bounded: past `max` entries the one ending first goes.
 */
import type { Decision } from "../types.ts";
import { ACTION_RANK, actionFor, type BehaviourPolicy, type MitigationKind } from "./policy.ts";
import type { Detection, DetectionReason } from "./types.ts";

export interface Mitigation {
  id: string;
  app: string;
  /** Client key the mitigation applies to. */
  target: string;
  kind: MitigationKind;
  action: Decision;
  /** Seconds since the epoch when it ends. */
  until: number;
  reasons: DetectionReason[];
  created_at: number;
  /** For rate_limit: requests allowed per 10 s. */
  limit_10s?: number;
}

export interface MitigationTableOptions {
  policy?: BehaviourPolicy;
  /** Most entries held (default 10,000 per app). */
  max?: number;
  /** Id generator (tests, replay: deterministic). */
  newId?: () => string;
}

export class MitigationTable {
  private readonly byId = new Map<string, Mitigation>();
  private readonly byTarget = new Map<string, Set<string>>();
  private readonly max: number;
  private seq = 0;

  constructor(private readonly opts: MitigationTableOptions = {}) {
    this.max = Math.max(1, opts.max ?? 10_000);
  }

  get size(): number {
    return this.byId.size;
  }

  private nextId(): string {
    return this.opts.newId ? this.opts.newId() : `m${(++this.seq).toString(36)}`;
  }

  /**
   * Records a detection as a mitigation (or extends the target's one of that
   * kind). A detection the engine made advisory (`action: "log"`: an
   * ambiguous kind named by the floors alone, before the app has a model)
   * stays a log-only mitigation whatever the policy's action for its kind.
   */
  fromDetection(d: Detection): Mitigation {
    return this.put(d.app, d.client, d.kind, d.ts, d.reasons, d.action === "log" ? "log" : undefined);
  }

  /** Adds or extends a mitigation of `kind` on `target` starting at `now`; `action` overrides the policy's. */
  put(
    app: string,
    target: string,
    kind: MitigationKind,
    now: number,
    reasons: DetectionReason[] = [],
    action?: Decision,
  ): Mitigation {
    const policy = actionFor(kind, this.opts.policy);
    const ka = action === undefined ? policy : { ...policy, action };
    for (const id of this.byTarget.get(target) ?? []) {
      const m = this.byId.get(id);
      if (m && m.kind === kind && m.app === app) {
        m.until = Math.max(m.until, now + ka.ttl_s);
        m.action = ka.action;
        if (reasons.length) m.reasons = reasons;
        return m;
      }
    }
    const m: Mitigation = {
      id: this.nextId(),
      app,
      target,
      kind,
      action: ka.action,
      until: now + ka.ttl_s,
      reasons,
      created_at: now,
    };
    if (ka.limit_10s !== undefined) m.limit_10s = ka.limit_10s;
    this.insert(m);
    return m;
  }

  /** Inserts a mitigation as is (restoring from storage). */
  insert(m: Mitigation): void {
    this.byId.set(m.id, m);
    let set = this.byTarget.get(m.target);
    if (!set) {
      set = new Set();
      this.byTarget.set(m.target, set);
    }
    set.add(m.id);
    if (this.byId.size > this.max) {
      let first: Mitigation | undefined;
      for (const x of this.byId.values()) if (!first || x.until < first.until) first = x;
      if (first) this.lift(first.id);
    }
  }

  /**
   * The strongest mitigation active on `target` at `now`, or null.
   * `propagationS`: how long a new mitigation takes to reach the datapath
   * (replay models the platform's flush and cache refresh with it).
   */
  active(target: string, now: number, propagationS = 0): Mitigation | null {
    let best: Mitigation | null = null;
    for (const id of this.byTarget.get(target) ?? []) {
      const m = this.byId.get(id);
      if (!m || m.until <= now || m.created_at + propagationS > now) continue;
      if (!best || ACTION_RANK[m.action] > ACTION_RANK[best.action]) best = m;
    }
    return best;
  }

  /** Removes one mitigation; true when it existed. */
  lift(id: string): boolean {
    const m = this.byId.get(id);
    if (!m) return false;
    this.byId.delete(id);
    const set = this.byTarget.get(m.target);
    set?.delete(id);
    if (set && set.size === 0) this.byTarget.delete(m.target);
    return true;
  }

  /** Drops mitigations that ended by `now`; returns how many. */
  expire(now: number): number {
    let n = 0;
    for (const m of [...this.byId.values()]) if (m.until <= now && this.lift(m.id)) n++;
    return n;
  }

  /** Active mitigations at `now`, soonest ending first. */
  list(now: number): Mitigation[] {
    return [...this.byId.values()]
      .filter((m) => m.until > now)
      .sort((a, b) => a.until - b.until || (a.id < b.id ? -1 : 1));
  }
}
