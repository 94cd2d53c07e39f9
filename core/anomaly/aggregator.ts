/**
 * @module core/anomaly/aggregator
 * Pre-aggregation in the isolate: `observe` folds a request into the current
 * minute's slices (app-wide and its endpoint's) and into its source
 * address's rows; `take` hands everything gathered since the last take as
 * one delta and starts afresh. This is what keeps the Durable Object's load
 * proportional to flushes, not to requests (docs/scaling.md).
 *
 * Hot-path cost: two slice updates (a few counters, sparse-set inserts,
 * two 64-bucket histograms, a top-k update) and one row update; the /24
 * of an address is cached. Requests apiward answered itself are only
 * counted as `blocked` on the app slice and as `refused` in their
 * address's row (its presence, never traffic): a block must not feed itself.
 * Never throws on a malformed event.
 */
import { hash32 } from "../discovery/hash.ts";
import { type AnomalyDelta, type IpDelta, type IpRow, MAX_PARAM_HASHES } from "./delta.ts";
import { subnetKey } from "./net-group.ts";
import { HIST_BUCKETS, Hist } from "./sketch.ts";
import { type EventFacts, Slice } from "./slice.ts";
import { type AnomalyEvent, APP_KEY, UNMATCHED_KEY } from "./types.ts";

export interface AggregatorOptions {
  /** Is this endpoint an authentication endpoint (its 401/403 are auth failures)? */
  isAuth: (endpoint: string) => boolean;
  /** A verified crawler (published ranges)? Verified bots are aggregated but never scored. */
  verifyBot?: (ip: string, userAgent: string | undefined) => boolean;
  /** Most addresses per delta (default 5,000): the heaviest are kept. */
  maxIps?: number;
}

interface IpAcc {
  d: IpDelta;
  rows: Map<string, IpRow>;
  total: number;
}

const NET_CACHE_MAX = 10_000;
const UA_CACHE_MAX = 2_000;
const MAX_PARAM_LEN = 512;

/** The parameter values of a request: its concrete path (object ids) and its query values. */
export function paramKey(e: Pick<AnomalyEvent, "path" | "query">): string {
  let s = typeof e.path === "string" ? e.path.slice(0, MAX_PARAM_LEN) : "";
  if (Array.isArray(e.query) && e.query.length > 0) {
    const vals: string[] = [];
    for (const q of e.query.slice(0, 32))
      if (Array.isArray(q) && typeof q[1] === "string") vals.push(q[1].slice(0, 64));
    vals.sort();
    s += `?${vals.join("&")}`;
  }
  return s;
}

export class IsolateAggregator {
  private slices = new Map<string, Slice>();
  private ips = new Map<string, IpAcc>();
  private readonly nets = new Map<string, { net: string; netHash: number; ipHash: number }>();
  private readonly uas = new Map<string, number>();
  private readonly maxIps: number;
  /** Events folded since the last take. */
  pending = 0;

  constructor(
    readonly app: string,
    private readonly opts: AggregatorOptions,
  ) {
    this.maxIps = Math.max(1, opts.maxIps ?? 5000);
  }

  private netOf(ip: string) {
    let n = this.nets.get(ip);
    if (!n) {
      if (this.nets.size >= NET_CACHE_MAX) this.nets.clear();
      const net = subnetKey(ip);
      n = { net, netHash: hash32(net, 0x27d4eb2f), ipHash: hash32(ip, 0x5bd1e995) };
      this.nets.set(ip, n);
    }
    return n;
  }

  /** User agents repeat: their histogram bucket is cached (bounded). */
  private uaBucket(ua: string | undefined): number {
    const v = typeof ua === "string" ? ua.slice(0, 256) : "";
    let b = this.uas.get(v);
    if (b === undefined) {
      if (this.uas.size >= UA_CACHE_MAX) this.uas.clear();
      b = Hist.bucketOf(v);
      this.uas.set(v, b);
    }
    return b;
  }

  private slice(minute: number, key: string): Slice {
    const k = `${minute}|${key}`;
    let s = this.slices.get(k);
    if (!s) {
      s = new Slice();
      this.slices.set(k, s);
    }
    return s;
  }

  observe(e: AnomalyEvent): void {
    if (!e || typeof e !== "object" || typeof e.ip !== "string" || !Number.isFinite(e.ts)) return;
    const minute = Math.floor(e.ts / 60) * 60;
    this.pending++;
    const key = typeof e.endpoint === "string" && e.endpoint.length > 0 ? e.endpoint : UNMATCHED_KEY;
    if (e.blockedByApiward) {
      this.slice(minute, APP_KEY).blocked++;
      const row = this.ipRow(e, key, minute, 0);
      row[7] = (row[7] ?? 0) + 1;
      return;
    }
    const n = this.netOf(e.ip);
    const status = Number.isFinite(e.status) ? e.status : 0;
    const authFail = (status === 401 || status === 403) && key !== UNMATCHED_KEY && this.opts.isAuth(key);
    const param = paramKey(e);
    const paramHash = param ? hash32(param, 0x1b873593) || 1 : 0;
    const f: EventFacts = {
      ip: e.ip,
      ipHash: n.ipHash,
      netHash: n.netHash,
      asn: typeof e.asn === "number" && e.asn > 0 ? e.asn : 0,
      uaBucket: this.uaBucket(e.userAgent),
      paramHash,
      paramBucket: paramHash & (HIST_BUCKETS - 1),
      status,
      bytes: Number.isFinite(e.bytes) && e.bytes > 0 ? e.bytes : 0,
      latencyMs: Number.isFinite(e.latencyMs) && e.latencyMs > 0 ? e.latencyMs : 0,
      authFail,
    };
    this.slice(minute, APP_KEY).add(f);
    this.slice(minute, key).add(f);

    const row = this.ipRow(e, key, minute, 1);
    row[2]++;
    if (authFail) row[3]++;
    if (status === 404) row[4]++;
    if (status >= 400 && status < 500) row[5]++;
    if (paramHash !== 0 && row[6].length < MAX_PARAM_HASHES && !row[6].includes(paramHash)) row[6].push(paramHash);
  }

  /** The row of `e`'s address for `key` and `minute` (created with its address when absent); `weight` counts toward the delta cap. */
  private ipRow(e: AnomalyEvent, key: string, minute: number, weight: number): IpRow {
    let acc = this.ips.get(e.ip);
    if (!acc) {
      const asn = typeof e.asn === "number" && e.asn > 0 ? e.asn : 0;
      const d: IpDelta = { ip: e.ip, net: this.netOf(e.ip).net, asn, first: e.ts, entry: key, rows: [] };
      if (this.opts.verifyBot?.(e.ip, e.userAgent)) d.bot = true;
      acc = { d, rows: new Map(), total: 0 };
      this.ips.set(e.ip, acc);
    } else if (e.ts < acc.d.first) {
      acc.d.first = e.ts;
      acc.d.entry = key;
    }
    acc.total += weight;
    const rk = `${minute}|${key}`;
    let row = acc.rows.get(rk);
    if (!row) {
      row = [minute, key, 0, 0, 0, 0, []];
      acc.rows.set(rk, row);
    }
    return row;
  }

  /** Everything gathered since the last take, or null when nothing was. */
  take(): AnomalyDelta | null {
    if (this.pending === 0) return null;
    const slices: AnomalyDelta["slices"] = [];
    for (const [k, s] of this.slices) {
      const bar = k.indexOf("|");
      slices.push([Number(k.slice(0, bar)), k.slice(bar + 1), s.toJSON()]);
    }
    let accs = [...this.ips.values()];
    let droppedIps = 0;
    if (accs.length > this.maxIps) {
      accs.sort((a, b) => b.total - a.total);
      droppedIps = accs.length - this.maxIps;
      accs = accs.slice(0, this.maxIps);
    }
    const ips = accs.map((a) => ({ ...a.d, rows: [...a.rows.values()] }));
    this.slices = new Map();
    this.ips = new Map();
    this.pending = 0;
    return { app: this.app, slices, ips, droppedIps };
  }
}
