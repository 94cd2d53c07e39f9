/**
 * @module core/anomaly/mitigations
 * The anomaly capability's published mitigations with their TTLs, and the
 * audit trail of every change (created, extended, lifted, expired) with its
 * reasons. Client mitigations are keyed by client key; endpoint mitigations
 * by endpoint template and apply to clients that are new since the anomaly
 * began. A new decision on the same target and kind extends the existing
 * mitigation instead of adding a row. Bounded: past `max` entries the one
 * ending first goes; the audit keeps the latest `maxAudit` records.
 */
import type { Decision } from "../types.ts";
import type { KindAction } from "./policy.ts";
import type { AnomalyMitigation, AnomalyReason, DistributedKind } from "./types.ts";

export interface AuditRecord {
  at: number;
  event: "created" | "extended" | "lifted" | "expired";
  id: string;
  app: string;
  target: string;
  scope: AnomalyMitigation["scope"];
  kind: DistributedKind;
  action: Decision;
  until: number;
  detail?: string;
  reasons?: AnomalyReason[];
}

export interface PutInput {
  app: string;
  target: string;
  scope: AnomalyMitigation["scope"];
  kind: DistributedKind;
  now: number;
  act: KindAction;
  reasons: AnomalyReason[];
  score?: number;
  since?: number;
  finding?: string;
}

export class AnomalyMitigations {
  private readonly byKey = new Map<string, AnomalyMitigation>();
  readonly audit: AuditRecord[] = [];
  private seq = 0;
  /** Last audited extension per mitigation id: extensions are audited at most every 10 minutes. */
  private readonly lastAudit = new Map<string, number>();
  /** Bumped on every change, so readers can tell a stale copy. */
  version = 0;

  constructor(
    private readonly max = 20_000,
    private readonly maxAudit = 2_000,
    private readonly idPrefix = "a",
  ) {}

  get size(): number {
    return this.byKey.size;
  }

  private log(r: AuditRecord): void {
    this.audit.push(r);
    if (this.audit.length > this.maxAudit) this.audit.splice(0, this.audit.length - this.maxAudit);
  }

  private static key(scope: string, target: string, kind: string): string {
    return `${scope}|${target}|${kind}`;
  }

  /** Adds or extends a mitigation; returns it and whether it is new. */
  put(i: PutInput): { m: AnomalyMitigation; created: boolean } {
    const k = AnomalyMitigations.key(i.scope, i.target, i.kind);
    const cur = this.byKey.get(k);
    const until = i.now + i.act.ttl_s;
    if (cur && cur.until > i.now) {
      if (until > cur.until + 30) {
        cur.until = until;
        cur.reasons = i.reasons;
        if (i.score !== undefined) cur.score = i.score;
        this.version++;
        if (i.now - (this.lastAudit.get(cur.id) ?? cur.created_at) >= 600) {
          this.lastAudit.set(cur.id, i.now);
          this.log({ ...this.auditOf(cur, i.now, "extended"), detail: i.finding });
        }
      }
      return { m: cur, created: false };
    }
    if (cur) this.log(this.auditOf(cur, i.now, "expired"));
    const m: AnomalyMitigation = {
      id: `${this.idPrefix}${(++this.seq).toString(36)}`,
      app: i.app,
      target: i.target,
      scope: i.scope,
      kind: i.kind,
      action: i.act.action,
      until,
      reasons: i.reasons,
      created_at: i.now,
    };
    if (i.act.limit_10s !== undefined) m.limit_10s = i.act.limit_10s;
    if (i.score !== undefined) m.score = Math.round(i.score * 1000) / 1000;
    if (i.since !== undefined) m.since = i.since;
    if (i.finding !== undefined) m.finding = i.finding;
    this.byKey.set(k, m);
    if (this.byKey.size > this.max) {
      let first: [string, AnomalyMitigation] | undefined;
      for (const e of this.byKey) if (!first || e[1].until < first[1].until) first = e;
      if (first) this.byKey.delete(first[0]);
    }
    this.version++;
    this.log({ ...this.auditOf(m, i.now, "created"), reasons: i.reasons, detail: i.finding });
    return { m, created: true };
  }

  private auditOf(m: AnomalyMitigation, at: number, event: AuditRecord["event"]): AuditRecord {
    return {
      at,
      event,
      id: m.id,
      app: m.app,
      target: m.target,
      scope: m.scope,
      kind: m.kind,
      action: m.action,
      until: m.until,
    };
  }

  /** Ends an endpoint mitigation early (its window is normal again). */
  lift(scope: AnomalyMitigation["scope"], target: string, kind: DistributedKind, now: number, detail: string): boolean {
    const m = this.byKey.get(AnomalyMitigations.key(scope, target, kind));
    if (!m || m.until <= now) return false;
    m.until = now;
    this.version++;
    this.log({ ...this.auditOf(m, now, "lifted"), detail });
    return true;
  }

  /** Drops mitigations that ended by `now` (audited as expired unless lifted). */
  expire(now: number): number {
    let n = 0;
    for (const [k, m] of [...this.byKey]) {
      if (m.until > now) continue;
      this.byKey.delete(k);
      this.lastAudit.delete(m.id);
      n++;
      if (m.until < now) this.log(this.auditOf(m, now, "expired"));
    }
    if (n) this.version++;
    return n;
  }

  /** Active mitigations at `now`, soonest ending first. */
  list(now: number): AnomalyMitigation[] {
    return [...this.byKey.values()]
      .filter((m) => m.until > now)
      .sort((a, b) => a.until - b.until || (a.id < b.id ? -1 : 1));
  }

  /** Whether `target` has an active mitigation of `kind` in `scope`. */
  has(scope: AnomalyMitigation["scope"], target: string, kind: DistributedKind, now: number): boolean {
    const m = this.byKey.get(AnomalyMitigations.key(scope, target, kind));
    return m !== undefined && m.until > now;
  }

  /** Active endpoint mitigations on `endpoint`. */
  activeEndpoint(endpoint: string, now: number): AnomalyMitigation[] {
    const out: AnomalyMitigation[] = [];
    for (const m of this.byKey.values())
      if (m.scope === "endpoint" && m.target === endpoint && m.until > now) out.push(m);
    return out;
  }

  toJSON(): { seq: number; list: AnomalyMitigation[]; audit: AuditRecord[] } {
    return { seq: this.seq, list: [...this.byKey.values()], audit: this.audit };
  }

  static fromJSON(v: unknown, idPrefix?: string): AnomalyMitigations {
    const t = new AnomalyMitigations(undefined, undefined, idPrefix);
    const o = (v ?? {}) as { seq?: unknown; list?: unknown; audit?: unknown };
    if (typeof o.seq === "number") t.seq = o.seq;
    for (const m of Array.isArray(o.list) ? (o.list as AnomalyMitigation[]) : []) {
      if (m && typeof m.target === "string" && typeof m.kind === "string" && typeof m.until === "number")
        t.byKey.set(AnomalyMitigations.key(m.scope, m.target, m.kind), m);
    }
    for (const r of Array.isArray(o.audit) ? (o.audit as AuditRecord[]) : [])
      if (r && typeof r.at === "number") t.audit.push(r);
    return t;
  }
}
