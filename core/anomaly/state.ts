/**
 * @module core/anomaly/state
 * The merged view of an app's traffic that detection and training read:
 * windows per aggregate key, the recent source addresses, and the history
 * of addresses ever seen (for novelty). `ingest` merges one isolate delta;
 * this is where novelty is decided, since only the merged view knows whether
 * an address was seen before (an isolate sees a sliver of the traffic).
 *
 * Keys are capped (`maxKeys`, default 2,000 endpoint templates; beyond it
 * they share `~other`). The live filter starts a new generation when a
 * third of its bits are set (novelty then errs toward "new" for a while,
 * which only adds supporting evidence, never a mitigation on its own).
 */
import { Bloom } from "./bloom.ts";
import { type AnomalyDelta, checkDelta } from "./delta.ts";
import { IpTable } from "./ip-table.ts";
import { Slice } from "./slice.ts";
import { APP_KEY } from "./types.ts";
import { KeyWindows } from "./windows.ts";

export const OTHER_KEY = "~other";
const MAX_IPS_PER_DELTA = 20_000;
const MAX_SLICES_PER_DELTA = 20_000;

export interface StateOptions {
  maxIps?: number;
  maxKeys?: number;
  /** Addresses seen in training (the model's filter; read only). */
  history?: Bloom | null;
  /** Addresses seen live so far (restored state). */
  seen?: Bloom;
  /** Bits of the live history filter (default 2^22: ~260k addresses at 16 bits each). */
  seenBits?: number;
}

export class AggregateState {
  readonly keys = new Map<string, KeyWindows>();
  ips: IpTable;
  seen: Bloom;
  history: Bloom | null;
  private readonly maxKeys: number;
  private readonly seenBits: number;
  /** Rejected deltas and addresses left out by isolates' caps, for health. */
  readonly stats = { deltas: 0, rejected: 0, droppedIps: 0, newIps: 0 };

  constructor(opts: StateOptions = {}) {
    this.ips = new IpTable(opts.maxIps);
    this.maxKeys = Math.max(8, opts.maxKeys ?? 2000);
    this.seenBits = opts.seenBits ?? 1 << 22;
    this.seen = opts.seen ?? new Bloom(this.seenBits);
    this.history = opts.history ?? null;
  }

  /** Seen before, in training or live. */
  known(ip: string): boolean {
    return this.seen.has(ip) || (this.history?.has(ip) ?? false);
  }

  windowsOf(key: string): KeyWindows {
    let kw = this.keys.get(key);
    if (!kw) {
      if (this.keys.size >= this.maxKeys && key !== APP_KEY) return this.windowsOf(OTHER_KEY);
      kw = new KeyWindows();
      this.keys.set(key, kw);
    }
    return kw;
  }

  private keyName(key: string): string {
    return this.keys.has(key) || this.keys.size < this.maxKeys || key === APP_KEY ? key : OTHER_KEY;
  }

  /** Merges one delta. Returns an error for a malformed one (nothing merged). */
  ingest(delta: AnomalyDelta): string | null {
    const err = checkDelta(delta);
    if (err) {
      this.stats.rejected++;
      return err;
    }
    this.stats.deltas++;
    this.stats.droppedIps += Number(delta.droppedIps) || 0;
    const newInc = new Map<string, number>();
    for (const d of delta.ips.slice(0, MAX_IPS_PER_DELTA)) {
      if (!d || typeof d.ip !== "string" || !Array.isArray(d.rows) || !Number.isFinite(d.first)) continue;
      // An address apiward answered every time (refused) is kept as presence only while the
      // table has room: a refused flood must never evict what active sources did.
      const traffic = d.rows.some((r) => Array.isArray(r) && (+r[2] || 0) > 0);
      if (!traffic && !this.ips.get(d.ip) && this.ips.size >= this.ips.maxIps / 2) continue;
      let isNew = false;
      const e = this.ips.touch(d.ip, () => {
        const known = this.known(d.ip);
        isNew = !known;
        this.seen.add(d.ip);
        return {
          ip: d.ip,
          net: typeof d.net === "string" ? d.net : "",
          asn: typeof d.asn === "number" ? d.asn : 0,
          first: d.first,
          last: d.first,
          known,
          entry: typeof d.entry === "string" ? this.keyName(d.entry) : "",
          goodBot: false,
        };
      });
      if (d.bot === true) e.goodBot = true;
      const firstMinute = Math.floor(d.first / 60) * 60;
      if (isNew) {
        this.stats.newIps++;
        if (traffic && d.rows.some((r) => Array.isArray(r) && r[0] === firstMinute && (+r[2] || 0) > 0))
          newInc.set(`${firstMinute}|${APP_KEY}`, (newInc.get(`${firstMinute}|${APP_KEY}`) ?? 0) + 1);
      }
      const counted = new Set<string>();
      for (const row of d.rows.slice(0, 256)) {
        if (!Array.isArray(row) || typeof row[0] !== "number" || typeof row[1] !== "string") continue;
        const [minute, rawKey, n, fail, nf, e4, p, refused] = row;
        const key = this.keyName(rawKey);
        const b = Math.max(0, +(refused ?? 0) || 0);
        this.ips.record(e, minute, key, +n || 0, +fail || 0, +nf || 0, +e4 || 0, Array.isArray(p) ? p : [], b);
        // Refused requests are presence, not traffic: they make no window's new sources.
        if (isNew && minute === firstMinute && !counted.has(key) && (+n || 0) > 0) {
          counted.add(key);
          newInc.set(`${minute}|${key}`, (newInc.get(`${minute}|${key}`) ?? 0) + 1);
        }
      }
    }
    for (const row of delta.slices.slice(0, MAX_SLICES_PER_DELTA)) {
      if (!Array.isArray(row) || typeof row[0] !== "number" || typeof row[1] !== "string") continue;
      const minute = Math.floor(row[0] / 60) * 60;
      const key = this.keyName(row[1]);
      const s = Slice.fromJSON(row[2]);
      s.newIps += newInc.get(`${minute}|${key}`) ?? 0;
      newInc.delete(`${minute}|${key}`);
      this.windowsOf(key).addMinute(minute, s);
    }
    if (this.seen.fill() > 1 / 3) this.seen = new Bloom(this.seenBits);
    return null;
  }

  /** Drops what no window or look deeper can use any more. */
  prune(now: number): void {
    this.ips.prune(now);
    for (const [k, kw] of [...this.keys]) if (kw.prune(now) && k !== APP_KEY) this.keys.delete(k);
  }
}
