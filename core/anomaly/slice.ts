/**
 * @module core/anomaly/slice
 * One time slice of one aggregate key (the app, an endpoint template, or the
 * unmatched paths): counters, distinct sources, spreads, entropies and the
 * heaviest sources. Slices merge exactly (sums, unions, register max), which
 * is what lets every isolate pre-aggregate and one Durable Object combine
 * them; windows are merges of slices (windows.ts).
 *
 * `newIps` is filled where novelty is known (the Durable Object or the
 * offline detector, which hold the history of seen addresses), never in an
 * isolate. Requests apiward answered itself only count in `blocked`.
 */
import { TopK } from "../discovery/topk.ts";
import { Distinct, type DistinctJSON, Hist } from "./sketch.ts";

/** What one request contributes, computed once per event by the aggregator. */
export interface EventFacts {
  ip: string;
  ipHash: number;
  netHash: number;
  /** 0 when the ASN is unknown. */
  asn: number;
  /** Histogram bucket of the user agent (of "" when absent). */
  uaBucket: number;
  /** Hash and histogram bucket of the request's parameter values (object ids, query values); hash 0: none. */
  paramHash: number;
  paramBucket: number;
  status: number;
  bytes: number;
  latencyMs: number;
  /** A 401/403 on an authentication endpoint. */
  authFail: boolean;
}

export interface SliceJSON {
  n: number;
  e4: number;
  auth: number;
  e5: number;
  nf: number;
  bytes: number;
  lat: number;
  newIps: number;
  blocked: number;
  ips: DistinctJSON;
  nets: DistinctJSON;
  asns: DistinctJSON;
  params: DistinctJSON;
  ua: Array<[number, number]>;
  pv: Array<[number, number]>;
  top: Array<[string, number]>;
}

const TOP_K = 8;
const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : 0);

export class Slice {
  n = 0;
  e4 = 0;
  auth = 0;
  e5 = 0;
  nf = 0;
  bytes = 0;
  lat = 0;
  newIps = 0;
  blocked = 0;
  readonly ips = new Distinct(10);
  readonly nets = new Distinct(8);
  readonly asns = new Distinct(8);
  readonly params = new Distinct(8);
  readonly ua = new Hist();
  readonly pv = new Hist();
  readonly top = new TopK(TOP_K);

  add(f: EventFacts): void {
    this.n++;
    if (f.status >= 400 && f.status < 500) this.e4++;
    if (f.status === 404) this.nf++;
    if (f.status >= 500) this.e5++;
    if (f.authFail) this.auth++;
    this.bytes += f.bytes;
    this.lat += f.latencyMs;
    this.ips.addHash(f.ipHash);
    this.nets.addHash(f.netHash);
    if (f.asn > 0) this.asns.addHash(f.asn);
    if (f.paramHash !== 0) {
      this.params.addHash(f.paramHash);
      this.pv.addBucket(f.paramBucket);
    }
    this.ua.addBucket(f.uaBucket);
    this.top.add(f.ip);
  }

  merge(o: Slice): void {
    this.n += o.n;
    this.e4 += o.e4;
    this.auth += o.auth;
    this.e5 += o.e5;
    this.nf += o.nf;
    this.bytes += o.bytes;
    this.lat += o.lat;
    this.newIps += o.newIps;
    this.blocked += o.blocked;
    this.ips.merge(o.ips);
    this.nets.merge(o.nets);
    this.asns.merge(o.asns);
    this.params.merge(o.params);
    this.ua.merge(o.ua);
    this.pv.merge(o.pv);
    this.top.merge(o.top);
  }

  /** Share of requests from the `k` heaviest sources (Space-Saving counts are upper bounds). */
  topShare(k = TOP_K): number {
    if (this.n === 0) return 0;
    let s = 0;
    for (const e of this.top.top().slice(0, k)) s += e.count;
    return Math.min(1, s / this.n);
  }

  toJSON(): SliceJSON {
    return {
      n: this.n,
      e4: this.e4,
      auth: this.auth,
      e5: this.e5,
      nf: this.nf,
      bytes: this.bytes,
      lat: Math.round(this.lat * 10) / 10,
      newIps: this.newIps,
      blocked: this.blocked,
      ips: this.ips.toJSON(),
      nets: this.nets.toJSON(),
      asns: this.asns.toJSON(),
      params: this.params.toJSON(),
      ua: this.ua.toJSON(),
      pv: this.pv.toJSON(),
      top: [...this.top.counts],
    };
  }

  /** Restores from `toJSON`; malformed fields come back empty, never throw. */
  static fromJSON(v: unknown): Slice {
    const s = new Slice();
    if (!v || typeof v !== "object") return s;
    const o = v as Partial<Record<keyof SliceJSON, unknown>>;
    s.n = num(o.n);
    s.e4 = num(o.e4);
    s.auth = num(o.auth);
    s.e5 = num(o.e5);
    s.nf = num(o.nf);
    s.bytes = num(o.bytes);
    s.lat = num(o.lat);
    s.newIps = num(o.newIps);
    s.blocked = num(o.blocked);
    s.ips.merge(Distinct.fromJSON(o.ips, 10));
    s.nets.merge(Distinct.fromJSON(o.nets, 8));
    s.asns.merge(Distinct.fromJSON(o.asns, 8));
    s.params.merge(Distinct.fromJSON(o.params, 8));
    s.ua.merge(Hist.fromJSON(o.ua));
    s.pv.merge(Hist.fromJSON(o.pv));
    if (Array.isArray(o.top))
      for (const row of o.top.slice(0, 4 * TOP_K)) {
        if (Array.isArray(row) && typeof row[0] === "string" && typeof row[1] === "number" && row[1] > 0)
          s.top.add(row[0], row[1]);
      }
    return s;
  }
}
