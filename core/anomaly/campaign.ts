/**
 * @module core/anomaly/campaign
 * Campaign attribution: once a distributed attack is established on an
 * endpoint (a look deeper found at least `min_sources` sources from
 * `min_nets` networks over the per-source threshold: its "core"), the
 * addresses that arrive during it and share its fingerprint are members
 * too, even when each one did too little to be judged alone. A scraper
 * behind a pool of proxies gives each address a handful of requests; the
 * address alone looks like a visitor, the campaign does not.
 *
 * The fingerprint is read from the core, never from the simulator:
 * - the keys the core enters by (at least 5% of it, two sources) and the
 *   keys it touches (at least 10% of it, two sources);
 * - the kind's request pattern: every request a distinct object (scrape),
 *   a 4xx answer (scan), an authentication failure (brute force). A flood is
 *   a matter of rate, which a few requests cannot show: never attributed.
 * A candidate is an address first seen since the anomaly began, new (not in
 * history), not a verified crawler, whose first ten minutes are over
 * (shapes.ts): it entered by one of the core's entry keys, touched nothing
 * outside the core's keys, and showed the pattern. A candidate apiward
 * refused (an endpoint mitigation challenges new clients entering there) is
 * judged by what cannot depend on the refusal: its entry key, its first
 * request, made before any answer, and what it did unrefused.
 *
 * The false-positive guard is measured, per entry key: the share of new
 * clients in the model's history (the first-visit shape tally) whose first
 * ten minutes fit the same fingerprint, (matches + 1) / (clients + 2); for a
 * refused candidate, the share that entered by that key at all. A
 * fingerprint is used only when that share is at most `attribution.max_base_rate`
 * (default 0.5%, the false-positive budget per client): a flash crowd
 * landing on a page loads its assets, an app signs in, a person browses, and
 * history says how often a new client does only what the campaign does. Too
 * little history (fewer than ~200 new clients) measures nothing and attributes
 * nothing. A second guard compares the campaign's matches with what the
 * background alone would produce in the same time (new clients per second in
 * history × elapsed × base rate): attribution needs its estimated precision
 * to be at least `attribution.min_precision`.
 *
 * Bounded: 16 campaigns at once (the oldest confirmation goes), 5,000 core
 * sources each. A campaign lapses 30 minutes after its last confirmation.
 */
import type { IpEntry } from "./ip-table.ts";
import { RECENT_S, slotOf } from "./ip-table.ts";
import type { AnomalyPolicy } from "./policy.ts";
import { horizonEnd, type ShapeTally, type VisitShape, visitShape } from "./shapes.ts";
import type { DistributedKind } from "./types.ts";

export const CAMPAIGN_HOLD_S = 1800;
const MAX_CAMPAIGNS = 16;
const MAX_CORE = 5000;
const ENTRY_SHARE = 0.05;
const KEY_SHARE = 0.1;

export interface Campaign {
  kind: DistributedKind;
  targets: string[];
  /** Finding that first established it. */
  finding: string;
  /** Clients first seen at or after this time can be members (the anomaly's start, less one window). */
  since: number;
  /** Last finding that confirmed it. */
  last: number;
  /** Core sources (flagged one by one). */
  core: string[];
  /** Core sources per entry key, and per key touched. */
  entries: Record<string, number>;
  keys: Record<string, number>;
  /** Members attributed so far. */
  attributed: number;
}

export interface Attribution {
  ip: string;
  campaign: Campaign;
  shape: VisitShape;
  /** Measured base rate of the fingerprint through this entry key. */
  baseRate: number;
  /** Expected background matches vs the campaign's matches so far. */
  expected: number;
  matched: number;
}

/** The kind's request pattern over a visit shape; null: the kind is never attributed. */
export function patternOf(kind: DistributedKind): ((s: VisitShape) => boolean) | null {
  switch (kind) {
    case "distributed_scraper":
      return (s) => s.distinct && !s.fail;
    case "distributed_scan":
      return (s) => s.e4;
    case "distributed_bruteforce":
      return (s) => s.fail;
    case "distributed_dos":
      return null;
  }
}

/** Keys of `m` held by at least `share` of `total` members (and two). */
function heldBy(m: Record<string, number>, total: number, share: number): Set<string> {
  const need = Math.max(2, Math.ceil(total * share));
  return new Set(
    Object.entries(m)
      .filter(([, n]) => n >= need)
      .map(([k]) => k),
  );
}

export class Campaigns {
  private readonly byKey = new Map<string, Campaign & { coreSet: Set<string> }>();

  get size(): number {
    return this.byKey.size;
  }

  list(): Campaign[] {
    return [...this.byKey.values()].map(({ coreSet: _, ...c }) => c);
  }

  /** Adds a distributed finding's flagged sources to the core of its campaign (created on first sight). */
  confirm(
    kind: DistributedKind,
    targets: readonly string[],
    finding: string,
    since: number,
    now: number,
    core: ReadonlyArray<{ e: IpEntry; keys: Iterable<string> }>,
  ): void {
    if (!patternOf(kind)) return;
    const id = `${kind}|${[...targets].sort().join(",")}`;
    let c = this.byKey.get(id);
    if (!c) {
      if (this.byKey.size >= MAX_CAMPAIGNS) {
        let oldest: string | null = null;
        let at = Number.POSITIVE_INFINITY;
        for (const [k, v] of this.byKey) if (v.last < at) [oldest, at] = [k, v.last];
        if (oldest) this.byKey.delete(oldest);
      }
      c = {
        kind,
        targets: [...targets].sort(),
        finding,
        since,
        last: now,
        core: [],
        entries: {},
        keys: {},
        attributed: 0,
        coreSet: new Set(),
      };
      this.byKey.set(id, c);
    }
    c.last = now;
    c.since = Math.min(c.since, since);
    for (const { e, keys } of core) {
      if (c.coreSet.has(e.ip) || c.core.length >= MAX_CORE) continue;
      c.coreSet.add(e.ip);
      c.core.push(e.ip);
      c.entries[e.entry] = (c.entries[e.entry] ?? 0) + 1;
      for (const k of keys) c.keys[k] = (c.keys[k] ?? 0) + 1;
    }
  }

  /** Drops campaigns not confirmed for CAMPAIGN_HOLD_S. */
  expire(now: number): void {
    for (const [k, c] of this.byKey) if (c.last < now - CAMPAIGN_HOLD_S) this.byKey.delete(k);
  }

  /**
   * Members to attribute at `now` (a slot boundary): addresses in `ips` that
   * fit a live campaign's fingerprint through an entry key whose measured
   * base rate passes the policy, while the campaign's matches stand out from
   * the background. `skip` tells addresses already mitigated for the kind.
   */
  attribute(
    now: number,
    ips: Iterable<IpEntry>,
    tally: ShapeTally | null,
    policy: AnomalyPolicy,
    skip: (ip: string, kind: DistributedKind) => boolean,
  ): Attribution[] {
    const out: Attribution[] = [];
    if (!tally || tally.clients <= 0 || this.byKey.size === 0) return out;
    const oldestSlot = slotOf(now) - RECENT_S + 300;
    const entries = [...ips];
    for (const c of this.byKey.values()) {
      const pattern = patternOf(c.kind);
      if (!pattern) continue;
      const n = c.core.length;
      const entryKeys = heldBy(c.entries, n, ENTRY_SHARE);
      const keys = heldBy(c.keys, n, KEY_SHARE);
      const fits = (s: VisitShape) => !s.wide && s.keys.every((k) => keys.has(k)) && pattern(s);
      // The measured base rates per entry key among history's new clients: of the whole
      // fingerprint, and of the entry key alone (for a client apiward refused, whose requests
      // after the refusal may not be what it would have done).
      const full = new Map<string, number>();
      const entered = new Map<string, number>();
      let background = 0;
      for (const entry of entryKeys) {
        const mFull = tally.matches(entry, fits);
        const mAny = tally.matches(entry, () => true);
        full.set(entry, (mFull + 1) / (tally.clients + 2));
        entered.set(entry, (mAny + 1) / (tally.clients + 2));
        const max = policy.attribution.max_base_rate;
        background += (entered.get(entry) as number) <= max ? mAny : (full.get(entry) as number) <= max ? mFull : 0;
      }
      const found: Array<{ e: IpEntry; shape: VisitShape; rate: number }> = [];
      for (const e of entries) {
        if (e.known || e.goodBot || e.first < c.since || !entryKeys.has(e.entry)) continue;
        if (horizonEnd(e) > now || slotOf(e.first) < oldestSlot || c.coreSet.has(e.ip) || skip(e.ip, c.kind)) continue;
        const shape = visitShape(e);
        if (shape.wide || !shape.keys.every((k) => keys.has(k))) continue;
        // Refused: its entry (its first request, made before any answer) and what it did
        // unrefused; otherwise the whole first ten minutes.
        const rate = shape.refused ? (entered.get(e.entry) as number) : (full.get(e.entry) as number);
        if (rate > policy.attribution.max_base_rate) continue;
        if (shape.refused ? shape.requests === 0 || pattern(shape) : pattern(shape)) found.push({ e, shape, rate });
      }
      if (found.length === 0) continue;
      // What the background alone would have matched since the campaign began.
      const perS = tally.span > 0 ? tally.clients / tally.span : 0;
      const expected = perS * Math.max(0, now - c.since) * ((background + 1) / (tally.clients + 2));
      const matched = c.attributed + found.length;
      if (perS <= 0 || expected > (1 - policy.attribution.min_precision) * matched) continue;
      for (const { e, shape, rate } of found) {
        c.attributed++;
        out.push({ ip: e.ip, campaign: c, shape, baseRate: rate, expected, matched });
      }
    }
    return out;
  }

  toJSON(): Campaign[] {
    return this.list();
  }

  static fromJSON(v: unknown): Campaigns {
    const t = new Campaigns();
    if (!Array.isArray(v)) return t;
    for (const raw of v.slice(0, MAX_CAMPAIGNS)) {
      const o = (raw ?? {}) as Partial<Campaign>;
      if (typeof o.kind !== "string" || !patternOf(o.kind as DistributedKind)) continue;
      if (!Array.isArray(o.targets) || !Array.isArray(o.core) || typeof o.since !== "number") continue;
      const core = o.core.filter((x): x is string => typeof x === "string").slice(0, MAX_CORE);
      const rec = (r: unknown): Record<string, number> =>
        Object.fromEntries(
          Object.entries(r && typeof r === "object" ? r : {}).filter(
            (kv): kv is [string, number] => typeof kv[1] === "number",
          ),
        );
      const c = {
        kind: o.kind as DistributedKind,
        targets: o.targets.filter((x): x is string => typeof x === "string"),
        finding: typeof o.finding === "string" ? o.finding : "",
        since: o.since,
        last: typeof o.last === "number" ? o.last : o.since,
        core,
        entries: rec(o.entries),
        keys: rec(o.keys),
        attributed: typeof o.attributed === "number" ? o.attributed : 0,
        coreSet: new Set(core),
      };
      t.byKey.set(`${c.kind}|${c.targets.join(",")}`, c);
    }
    return t;
  }
}
