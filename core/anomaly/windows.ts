/**
 * @module core/anomaly/windows
 * The four windows of one aggregate key (5 min, 30 min, 4 h, 24 h), each a
 * ring of slices (1 min, 5 min, 30 min, 4 h). A minute's slice is merged
 * into the slice of every level at once, so a window is the merge of at most
 * six slices whatever its length. A level is evaluated at its own slice
 * boundaries (the 5-minute window every minute, the 30-minute window every
 * 5 minutes, …), where its window is exact. Late deltas still land in the
 * right slices; windows already evaluated are not re-evaluated.
 *
 * Memory per key: 5 + 6 + 8 + 6 slices of ~2 KB at most (sparse sketches
 * stay a few hundred bytes), so ~50 KB for a busy key.
 */
import { Slice } from "./slice.ts";
import { WINDOWS } from "./types.ts";

export const LEVELS = WINDOWS.length;

export class KeyWindows {
  private readonly levels: Array<Map<number, Slice>> = WINDOWS.map(() => new Map());
  /** Start of the latest minute merged. */
  lastMinute = 0;

  /** Merges one minute's slice (minute = slice start, a multiple of 60). */
  addMinute(minute: number, s: Slice): void {
    for (let l = 0; l < LEVELS; l++) {
      const w = WINDOWS[l] as (typeof WINDOWS)[number];
      const start = Math.floor(minute / w.slice) * w.slice;
      const ring = this.levels[l] as Map<number, Slice>;
      let cur = ring.get(start);
      if (!cur) {
        cur = new Slice();
        ring.set(start, cur);
      }
      cur.merge(s);
    }
    if (minute > this.lastMinute) this.lastMinute = minute;
  }

  /** The window of `level` ending (exclusive) at `end`: the merge of its slices in [end - span, end). */
  window(level: number, end: number): Slice {
    const w = WINDOWS[level] as (typeof WINDOWS)[number];
    const out = new Slice();
    for (const [start, s] of this.levels[level] as Map<number, Slice>) {
      if (start >= end - w.span && start < end) out.merge(s);
    }
    return out;
  }

  /** The minute slices of the 5-minute level in [from, to). */
  minutes(from: number, to: number): Slice {
    const out = new Slice();
    for (const [start, s] of this.levels[0] as Map<number, Slice>) if (start >= from && start < to) out.merge(s);
    return out;
  }

  /** Drops slices that no window ending after `now` can include; returns true when nothing is left. */
  prune(now: number): boolean {
    let left = 0;
    for (let l = 0; l < LEVELS; l++) {
      const w = WINDOWS[l] as (typeof WINDOWS)[number];
      const ring = this.levels[l] as Map<number, Slice>;
      for (const start of [...ring.keys()]) if (start < now - w.span - w.slice) ring.delete(start);
      left += ring.size;
    }
    return left === 0;
  }

  toJSON(): Array<Array<[number, ReturnType<Slice["toJSON"]>]>> {
    return this.levels.map((ring) =>
      [...ring].map(([start, s]) => [start, s.toJSON()] as [number, ReturnType<Slice["toJSON"]>]),
    );
  }

  static fromJSON(v: unknown): KeyWindows {
    const kw = new KeyWindows();
    if (!Array.isArray(v)) return kw;
    v.slice(0, LEVELS).forEach((ring, l) => {
      if (!Array.isArray(ring)) return;
      for (const row of ring.slice(0, 64)) {
        if (!Array.isArray(row) || typeof row[0] !== "number") continue;
        (kw.levels[l] as Map<number, Slice>).set(row[0], Slice.fromJSON(row[1]));
        if (l === 0 && row[0] > kw.lastMinute) kw.lastMinute = row[0];
      }
    });
    return kw;
  }
}
