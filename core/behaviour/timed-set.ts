/**
 * @module core/behaviour/timed-set
 * Bounded distinct counting over a sliding time window: each key (a 32-bit
 * hash) keeps when it was last seen, in recency order; past `cap` keys the
 * least recently seen is dropped. `countSince(t)` is exact while fewer than
 * `cap` distinct keys were active in the window and saturates at `cap`
 * otherwise, which detectors treat as "at least cap". Memory per set: at most
 * `cap` entries (default 64), so a client's state stays small however much
 * it sends.
 */

export interface TimedEntry {
  ts: number;
  /** Group the key belongs to (an endpoint template hash), 0 when unused. */
  group: number;
  /** Bit flags the caller ORs in (e.g. "answered 4xx"). */
  flags: number;
}

export type TimedSetState = Array<[key: number, ts: number, group: number, flags: number]>;

export class TimedSet {
  private readonly map = new Map<number, TimedEntry>();

  constructor(readonly cap = 64) {}

  get size(): number {
    return this.map.size;
  }

  /** Marks `key` seen at `ts` (moves it to the most recent end). Returns true when it was new to the window start `since`. */
  touch(key: number, ts: number, group = 0, flags = 0, since = -Infinity): boolean {
    const cur = this.map.get(key);
    let fresh = true;
    if (cur) {
      fresh = cur.ts < since;
      this.map.delete(key);
      cur.ts = ts;
      cur.group = group;
      cur.flags = fresh ? flags : cur.flags | flags;
      this.map.set(key, cur);
    } else {
      this.map.set(key, { ts, group, flags });
      if (this.map.size > this.cap) {
        const oldest = this.map.keys().next();
        if (!oldest.done) this.map.delete(oldest.value);
      }
    }
    return fresh;
  }

  /** Distinct keys seen at or after `since`, optionally only those with all of `flags`. */
  countSince(since: number, flags = 0): number {
    let n = 0;
    for (const e of this.map.values()) if (e.ts >= since && (e.flags & flags) === flags) n++;
    return n;
  }

  /**
   * Largest number of distinct keys of one group seen at or after `since` (with all of `flags`).
   * Keys of group 0 (no group) are left out, unless `zeroIsGroup`: then they count as a group of their own.
   */
  maxPerGroup(since: number, flags = 0, scratch = new Map<number, number>(), zeroIsGroup = false): number {
    scratch.clear();
    let best = 0;
    for (const e of this.map.values()) {
      if (e.ts < since || (e.group === 0 && !zeroIsGroup) || (e.flags & flags) !== flags) continue;
      const n = (scratch.get(e.group) ?? 0) + 1;
      scratch.set(e.group, n);
      if (n > best) best = n;
    }
    return best;
  }

  /** Drops keys last seen before `since`. */
  prune(since: number): void {
    for (const [k, e] of this.map) {
      if (e.ts >= since) break;
      this.map.delete(k);
    }
  }

  toJSON(): TimedSetState {
    const out: TimedSetState = [];
    for (const [k, e] of this.map) out.push([k, e.ts, e.group, e.flags]);
    return out;
  }

  static fromJSON(state: unknown, cap = 64): TimedSet {
    const s = new TimedSet(cap);
    if (!Array.isArray(state)) return s;
    for (const row of state.slice(-cap)) {
      if (!Array.isArray(row) || row.length < 4) continue;
      const [k, ts, g, f] = row as unknown[];
      if (typeof k === "number" && typeof ts === "number" && typeof g === "number" && typeof f === "number")
        s.map.set(k, { ts, group: g, flags: f });
    }
    return s;
  }
}
