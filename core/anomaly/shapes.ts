/**
 * @module core/anomaly/shapes
 * What a new client did in its first ten minutes (its "visit shape"), and
 * how often each shape occurs among new clients in history: the measured
 * base rate behind campaign attribution (campaign.ts).
 *
 * A shape is the key it entered by, the set of keys it touched in the first
 * two 5-minute slots of its activity (the slot of its first request and the
 * next: between 5 and 10 minutes of it), and three flags of its request
 * pattern there: every request a distinct object (no repeats), any 4xx
 * answer, any authentication failure. Requests apiward answered itself
 * count as the key's presence only (the live shape says some were refused). A person's first visit loads a page
 * with its assets and API calls; an app signs in and loads its screens; a
 * scraper's proxy address reads a few objects and nothing else.
 *
 * The tally counts shapes per entry key. Bounded: 256 shapes per entry key,
 * 8,000 in all, 2,000 entry keys (visits touching more than 8 keys are one
 * "wide" shape); a shape past a cap is counted in its entry key's `other`,
 * which every base rate counts as a match (so an overflow can only make
 * attribution more careful, never less).
 */
import { type IpEntry, SLOT_S, slotOf } from "./ip-table.ts";

/** Length of the observed start of a visit: the slot of the first request and the next one. */
export const HORIZON_S = 2 * SLOT_S;
/** Keys a shape lists; a visit touching more is `wide` (it never fits a campaign's keys). */
export const MAX_SHAPE_KEYS = 8;
const MAX_SHAPES_PER_ENTRY = 256;
const MAX_SHAPES = 8000;
const MAX_ENTRIES = 2000;

export interface VisitShape {
  entry: string;
  /** Keys touched, sorted (at most MAX_SHAPE_KEYS). */
  keys: string[];
  /** More keys than MAX_SHAPE_KEYS. */
  wide: boolean;
  requests: number;
  /** Every request a distinct object (its concrete path and query). */
  distinct: boolean;
  e4: boolean;
  fail: boolean;
  /** Some of its requests were answered by apiward itself (a live shape only; history has none). */
  refused: boolean;
}

/** End of the observed start of `e`'s visit (exclusive). */
export const horizonEnd = (e: Pick<IpEntry, "first">): number => slotOf(e.first) + HORIZON_S;

/** The shape of `e`'s first two slots, from the address table. */
export function visitShape(e: IpEntry): VisitShape {
  const from = slotOf(e.first);
  const keys = new Set<string>();
  let requests = 0;
  let params = 0;
  let e4 = 0;
  let fail = 0;
  let refused = 0;
  for (const [slot, byKey] of e.slots) {
    if (slot < from || slot >= from + HORIZON_S) continue;
    for (const [key, c] of byKey) {
      keys.add(key);
      refused += c.b;
      requests += c.n;
      params += c.p.length;
      e4 += c.e4;
      fail += c.fail;
    }
  }
  // Parameter hashes are kept per slot and key (capped at 32), so a repeat across the two slots
  // is not seen: that errs toward "distinct", the same way in history and live.
  const sorted = [...keys].sort();
  return {
    entry: e.entry,
    keys: sorted.slice(0, MAX_SHAPE_KEYS),
    wide: sorted.length > MAX_SHAPE_KEYS,
    requests,
    distinct: requests > 0 && params >= Math.min(requests, 32),
    e4: e4 > 0,
    fail: fail > 0,
    refused: refused > 0,
  };
}

/** `keys\tflags` of a shape under its entry key. */
function signature(s: VisitShape): string {
  return `${s.wide ? "*" : s.keys.join("\n")}\t${s.distinct ? 1 : 0}${s.e4 ? 1 : 0}${s.fail ? 1 : 0}`;
}

function parseSignature(entry: string, sig: string): VisitShape | null {
  const tab = sig.lastIndexOf("\t");
  const flags = sig.slice(tab + 1);
  if (tab < 0 || !/^[01]{3}$/.test(flags)) return null;
  const body = sig.slice(0, tab);
  const wide = body === "*";
  return {
    entry,
    keys: wide || body === "" ? [] : body.split("\n"),
    wide,
    requests: 0,
    distinct: flags[0] === "1",
    e4: flags[1] === "1",
    fail: flags[2] === "1",
    refused: false,
  };
}

export interface ShapeTallyJSON {
  /** New clients tallied. */
  clients: number;
  unplaced?: number;
  /** Seconds of history they came from. */
  span_s: number;
  /** Per entry key: shapes with their counts, and the count past the cap. */
  entries: Array<[entry: string, shapes: Array<[signature: string, count: number]>, other: number]>;
}

export class ShapeTally {
  private readonly byEntry = new Map<string, { shapes: Map<string, number>; other: number }>();
  clients = 0;
  private shapeCount = 0;
  /** Clients whose entry key found no room (they count as a match of every base rate). */
  unplaced = 0;
  /** Seconds of history the tally covers. */
  span = 0;

  add(s: VisitShape): void {
    this.clients++;
    let e = this.byEntry.get(s.entry);
    if (!e) {
      if (this.byEntry.size >= MAX_ENTRIES) {
        // Past the cap its entry key is not kept: it counts as a match of every base rate.
        this.unplaced++;
        return;
      }
      e = { shapes: new Map(), other: 0 };
      this.byEntry.set(s.entry, e);
    }
    const sig = signature(s);
    const n = e.shapes.get(sig);
    if (n !== undefined) e.shapes.set(sig, n + 1);
    else if (e.shapes.size < MAX_SHAPES_PER_ENTRY && this.shapeCount < MAX_SHAPES) {
      e.shapes.set(sig, 1);
      this.shapeCount++;
    } else e.other++;
  }

  /**
   * Tallied clients that entered by `entry` and whose shape satisfies `fits`
   * (shapes past the caps always count).
   */
  matches(entry: string, fits: (s: VisitShape) => boolean): number {
    const e = this.byEntry.get(entry);
    if (!e) return this.unplaced;
    let n = e.other + this.unplaced;
    for (const [sig, c] of e.shapes) {
      const s = parseSignature(entry, sig);
      if (!s || fits(s)) n += c;
    }
    return n;
  }

  toJSON(): ShapeTallyJSON {
    return {
      clients: this.clients,
      unplaced: this.unplaced,
      span_s: this.span,
      entries: [...this.byEntry].map(([entry, e]) => [entry, [...e.shapes], e.other]),
    };
  }

  static fromJSON(v: unknown): ShapeTally | null {
    if (!v || typeof v !== "object") return null;
    const o = v as Partial<ShapeTallyJSON>;
    if (typeof o.clients !== "number" || !Array.isArray(o.entries)) return null;
    const t = new ShapeTally();
    t.clients = Math.max(0, o.clients);
    t.unplaced = typeof o.unplaced === "number" && o.unplaced >= 0 ? o.unplaced : 0;
    t.span = typeof o.span_s === "number" && o.span_s > 0 ? o.span_s : 0;
    for (const row of o.entries.slice(0, MAX_ENTRIES)) {
      if (!Array.isArray(row) || typeof row[0] !== "string" || !Array.isArray(row[1])) return null;
      const shapes = new Map<string, number>();
      for (const sc of row[1].slice(0, MAX_SHAPES_PER_ENTRY)) {
        if (!Array.isArray(sc) || typeof sc[0] !== "string" || typeof sc[1] !== "number" || !(sc[1] >= 0)) return null;
        if (t.shapeCount >= MAX_SHAPES) return null;
        shapes.set(sc[0], sc[1]);
        t.shapeCount++;
      }
      t.byEntry.set(row[0], { shapes, other: typeof row[2] === "number" && row[2] >= 0 ? row[2] : 0 });
    }
    return t;
  }
}
