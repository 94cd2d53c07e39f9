/**
 * @module core/anomaly/ip-table
 * What each recent source address did, for "look deeper": per 5-minute slot
 * and key its requests, auth failures, not-founds and 4xx (the last 35
 * minutes, so the 5- and 30-minute windows can be examined), per key its
 * totals over the last 24 hours (for the 4-hour and 24-hour windows), when
 * it was first seen, which key it entered by, its network and ASN.
 *
 * Bounded: at most `maxIps` addresses (the least recently seen tenth is
 * evicted when full; default 100,000, ~200 B each for a typical attacker), 24 keys per
 * address and slot, 16 parameter hashes per row.
 */
import { MAX_PARAM_HASHES } from "./delta.ts";

export const SLOT_S = 300;
const RECENT_SLOTS = 7;
/** How far back what else a client does is looked at (Evidence.keys). */
const CONTEXT_S = 1800;
/** How far back per-slot activity is kept (the 5- and 30-minute windows, and a slot of slack). */
export const RECENT_S = RECENT_SLOTS * SLOT_S;
const LONG_S = 86_400;
const MAX_KEYS_PER_SLOT = 24;

export interface IpCounts {
  n: number;
  fail: number;
  nf: number;
  e4: number;
  /** Distinct parameter hashes (capped). */
  p: number[];
  /** Requests apiward answered itself: presence only, in no other count. */
  b: number;
}

export interface IpEntry {
  ip: string;
  net: string;
  asn: number;
  first: number;
  last: number;
  /** Seen before this entry was created (history filter). */
  known: boolean;
  /** Key of its first request. */
  entry: string;
  goodBot: boolean;
  slots: Map<number, Map<string, IpCounts>>;
  long: Map<string, LongCounts>;
}

export interface Evidence {
  /** Requests on the target keys, and on every key. */
  reqT: number;
  reqAll: number;
  failT: number;
  nfT: number;
  e4T: number;
  /** 4xx answers on every key. */
  e4All: number;
  /** Distinct parameter values on the target keys. */
  paramsT: number;
  /** 5-minute slots in which it was active on the target keys. */
  slotsT: number;
  /** Seconds it was active within the window (first to last request, at least 60). */
  activeS: number;
  /**
   * Distinct keys hit in the window and the half hour before it: what else a
   * client does is judged over its recent visit, not over a 5-minute cut of
   * it (a visitor's page and assets may fall just before the window).
   */
  keys: number;
}

/** Totals over the last 24 h: `s` counts the 5-minute slots with activity, `last` the latest. */
export type LongCounts = IpCounts & { last: number; s: number };

const emptyCounts = (): IpCounts => ({ n: 0, fail: 0, nf: 0, e4: 0, p: [], b: 0 });

function addCounts(
  into: IpCounts,
  n: number,
  fail: number,
  nf: number,
  e4: number,
  p: readonly number[],
  b: number,
): void {
  into.n += n;
  into.b += b;
  into.fail += fail;
  into.nf += nf;
  into.e4 += e4;
  for (const h of p) if (into.p.length < MAX_PARAM_HASHES * 2 && !into.p.includes(h)) into.p.push(h);
}

export const slotOf = (ts: number): number => Math.floor(ts / SLOT_S) * SLOT_S;

export class IpTable {
  private readonly byIp = new Map<string, IpEntry>();
  evicted = 0;

  constructor(readonly maxIps = 100_000) {}

  get size(): number {
    return this.byIp.size;
  }

  get(ip: string): IpEntry | undefined {
    return this.byIp.get(ip);
  }

  /** The entry of `ip`, created with `init` when absent; touching moves it to the young end. */
  touch(ip: string, init: () => Omit<IpEntry, "slots" | "long">): IpEntry {
    let e = this.byIp.get(ip);
    if (e) {
      this.byIp.delete(ip);
    } else {
      e = { ...init(), slots: new Map(), long: new Map() };
      if (this.byIp.size >= this.maxIps) this.evictOldest();
    }
    this.byIp.set(ip, e);
    return e;
  }

  /** Evicts the least recently seen tenth in one pass (one at a time would rescan the map's deleted head each time). */
  private evictOldest(): void {
    let n = Math.max(1, Math.floor(this.maxIps / 10));
    for (const ip of this.byIp.keys()) {
      if (n-- <= 0) break;
      this.byIp.delete(ip);
      this.evicted++;
    }
  }

  /** Adds one row of activity (`b`: requests apiward answered itself). */
  record(
    e: IpEntry,
    ts: number,
    key: string,
    n: number,
    fail: number,
    nf: number,
    e4: number,
    p: readonly number[],
    b = 0,
  ): void {
    const slot = slotOf(ts);
    let keys = e.slots.get(slot);
    if (!keys) {
      keys = new Map();
      e.slots.set(slot, keys);
    }
    let c = keys.get(key);
    if (!c) {
      if (keys.size >= MAX_KEYS_PER_SLOT) key = "~other";
      c = keys.get(key);
      if (!c) {
        c = emptyCounts();
        keys.set(key, c);
      }
    }
    addCounts(c, n, fail, nf, e4, p, b);
    let l = e.long.get(key);
    if (!l) {
      l = { ...emptyCounts(), last: ts, s: 0 };
      e.long.set(key, l);
    }
    if (n > 0 && (l.s === 0 || slotOf(l.last) !== slot)) l.s++;
    addCounts(l, n, fail, nf, e4, p, b);
    l.last = Math.max(l.last, ts);
    if (ts > e.last) e.last = ts;
  }

  /**
   * Addresses active on `key` in slots overlapping [from, to). A scan (there
   * is no per-key index: look deeper is rare, merging is not), skipping
   * addresses idle since before `from`. Refused requests are not activity.
   */
  participants(key: string, from: number, to: number): string[] {
    const out: string[] = [];
    for (const e of this.byIp.values()) {
      if (e.last < from) continue;
      for (const [slot, byKey] of e.slots) {
        if (slot + SLOT_S <= from || slot >= to || !((byKey.get(key)?.n ?? 0) > 0)) continue;
        out.push(e.ip);
        break;
      }
    }
    return out;
  }

  /** Addresses active on `key` within the last 24 h since `from` (long windows). */
  longParticipants(key: string, from: number): string[] {
    const out: string[] = [];
    for (const e of this.byIp.values()) {
      const l = e.long.get(key);
      if (l && l.n > 0 && l.last >= from) out.push(e.ip);
    }
    return out;
  }

  /** What `e` did on `targets` (and overall) in slots overlapping [from, to); long totals when `long`. */
  evidence(e: IpEntry, targets: ReadonlySet<string>, from: number, to: number, long = false): Evidence {
    const span = Math.max(60, to - from);
    const activeS = Math.min(span, Math.max(60, Math.min(to, e.last + 1) - Math.max(from, e.first)));
    const ev: Evidence = {
      reqT: 0,
      reqAll: 0,
      failT: 0,
      nfT: 0,
      e4T: 0,
      e4All: 0,
      paramsT: 0,
      slotsT: 0,
      activeS,
      keys: 0,
    };
    const params = new Set<number>();
    const keys = new Set<string>();
    const take = (key: string, c: IpCounts, slots: number) => {
      if (c.n <= 0) return;
      ev.reqAll += c.n;
      ev.e4All += c.e4;
      keys.add(key);
      if (!targets.has(key)) return;
      ev.slotsT += slots;
      ev.reqT += c.n;
      ev.failT += c.fail;
      ev.nfT += c.nf;
      ev.e4T += c.e4;
      for (const h of c.p) params.add(h);
    };
    if (long) {
      for (const [key, c] of e.long) if (c.last >= from) take(key, c, c.s);
    } else {
      for (const [slot, byKey] of e.slots) {
        if (slot + SLOT_S <= from || slot >= to) continue;
        let hit = false;
        for (const [key, c] of byKey) {
          take(key, c, hit || !targets.has(key) ? 0 : 1);
          if (targets.has(key) && c.n > 0) hit = true;
        }
      }
    }
    // What else it did in the half hour before the window (its 24-hour totals keep every key).
    for (const [key, c] of e.long) if (c.n > 0 && c.last >= from - CONTEXT_S && c.last < to + SLOT_S) keys.add(key);
    ev.paramsT = params.size;
    ev.keys = keys.size;
    return ev;
  }

  /** Keys `e` touched in slots overlapping [from, to). */
  keysOf(e: IpEntry, from: number, to: number): Set<string> {
    const keys = new Set<string>();
    for (const [slot, byKey] of e.slots) {
      if (slot + SLOT_S <= from || slot >= to) continue;
      for (const k of byKey.keys()) keys.add(k);
    }
    return keys;
  }

  /** Drops old slots, stale long totals and idle addresses. */
  prune(now: number): void {
    const oldest = slotOf(now) - (RECENT_SLOTS - 1) * SLOT_S;
    for (const [ip, e] of this.byIp) {
      for (const slot of [...e.slots.keys()]) if (slot < oldest) e.slots.delete(slot);
      for (const [k, l] of [...e.long]) if (l.last < now - LONG_S) e.long.delete(k);
      if (e.last < now - LONG_S) this.byIp.delete(ip);
    }
  }

  entries(): IterableIterator<IpEntry> {
    return this.byIp.values();
  }

  toJSON(): unknown[] {
    return [...this.byIp.values()].map((e) => ({
      ip: e.ip,
      net: e.net,
      asn: e.asn,
      first: e.first,
      last: e.last,
      known: e.known,
      entry: e.entry,
      goodBot: e.goodBot,
      slots: [...e.slots].map(([s, m]) => [s, [...m]]),
      long: [...e.long],
    }));
  }

  static fromJSON(v: unknown, maxIps?: number): IpTable {
    const t = new IpTable(maxIps);
    if (!Array.isArray(v)) return t;
    for (const raw of v) {
      const o = (raw ?? {}) as Record<string, unknown>;
      if (typeof o.ip !== "string" || typeof o.first !== "number") continue;
      const e = t.touch(o.ip, () => ({
        ip: o.ip as string,
        net: typeof o.net === "string" ? o.net : "",
        asn: typeof o.asn === "number" ? o.asn : 0,
        first: o.first as number,
        last: typeof o.last === "number" ? o.last : (o.first as number),
        known: o.known === true,
        entry: typeof o.entry === "string" ? o.entry : "",
        goodBot: o.goodBot === true,
      }));
      for (const row of Array.isArray(o.slots) ? o.slots : []) {
        if (!Array.isArray(row) || typeof row[0] !== "number" || !Array.isArray(row[1])) continue;
        for (const kc of row[1] as unknown[]) {
          if (!Array.isArray(kc) || typeof kc[0] !== "string") continue;
          const c = (kc[1] ?? {}) as Partial<IpCounts>;
          const p = Array.isArray(c.p) ? c.p.filter((x): x is number => typeof x === "number") : [];
          t.recordSlotOnly(e, row[0], kc[0], c, p);
        }
      }
      for (const kc of Array.isArray(o.long) ? o.long : []) {
        if (!Array.isArray(kc) || typeof kc[0] !== "string") continue;
        const c = (kc[1] ?? {}) as Partial<LongCounts>;
        const l = {
          ...emptyCounts(),
          last: typeof c.last === "number" ? c.last : e.last,
          s: typeof c.s === "number" ? c.s : 1,
        };
        addCounts(l, c.n ?? 0, c.fail ?? 0, c.nf ?? 0, c.e4 ?? 0, Array.isArray(c.p) ? c.p : [], c.b ?? 0);
        e.long.set(kc[0], l);
      }
    }
    return t;
  }

  private recordSlotOnly(e: IpEntry, slot: number, key: string, c: Partial<IpCounts>, p: number[]): void {
    let keys = e.slots.get(slot);
    if (!keys) {
      keys = new Map();
      e.slots.set(slot, keys);
    }
    const into = keys.get(key) ?? emptyCounts();
    addCounts(into, c.n ?? 0, c.fail ?? 0, c.nf ?? 0, c.e4 ?? 0, p, c.b ?? 0);
    keys.set(key, into);
  }
}
