/**
 * @module core/discovery/endpoint-stats
 * What the learner keeps per endpoint and method: hit and success counts,
 * status mix, first/last seen, query parameter and body field statistics,
 * and the calling identities (Space-Saving top-k plus a HyperLogLog).
 * Every collection is capped (names, statuses, clients), so an endpoint's
 * state stays a few KiB whatever the traffic; parameters and fields are
 * learned from successful responses only, so a 400 for a bad parameter does
 * not teach the bad parameter.
 */
import { type BodyField, bodyFields } from "./body.ts";
import { HyperLogLog } from "./hll.ts";
import { TopK } from "./topk.ts";
import { addValue, mergeValueStats, newValueStats, type ValueStats } from "./value-types.ts";

/** Query or body names kept per endpoint; more are counted in `overflow` only. */
export const MAX_NAMES = 64;
/** Distinct statuses kept; others are counted under "other". */
export const MAX_STATUSES = 24;
/** Clients kept by name per endpoint (the distinct count covers all). */
export const TOP_CLIENTS = 8;
/** Bodies parsed per endpoint before sampling 1 in BODY_SAMPLE_EVERY. */
export const BODY_FULL = 256;
export const BODY_SAMPLE_EVERY = 16;
const CLIENT_HLL_P = 8;

export interface BodyStats extends ValueStats {
  object: number;
  array: number;
  null: number;
}

export class EndStats {
  count = 0;
  ok = 0;
  statuses: Record<string, number> = {};
  first = Number.POSITIVE_INFINITY;
  last = Number.NEGATIVE_INFINITY;
  query = new Map<string, ValueStats>();
  body = new Map<string, BodyStats>();
  /** Successful requests whose query was recorded. */
  okQueries = 0;
  /** Bodies parsed (sampled) and whether the parsed ones were JSON/form. */
  bodies = 0;
  overflow = 0;
  clients: TopK | null = null;
  clientHll: HyperLogLog | null = null;

  record(
    status: number | undefined,
    ok: boolean,
    ts: number,
    query: ReadonlyArray<readonly [string, string]> | undefined,
    body: { contentType: string; text: string } | undefined,
    identity: string | undefined,
  ): void {
    this.count++;
    const key = status === undefined ? "unknown" : String(status);
    const sc = this.statuses[key];
    if (sc !== undefined) this.statuses[key] = sc + 1;
    else if (Object.keys(this.statuses).length < MAX_STATUSES) this.statuses[key] = 1;
    else this.statuses.other = (this.statuses.other ?? 0) + 1;
    if (ts < this.first) this.first = ts;
    if (ts > this.last) this.last = ts;
    if (identity !== undefined && identity.length > 0) {
      if (this.clients === null) this.clients = new TopK(TOP_CLIENTS);
      if (this.clientHll === null) this.clientHll = new HyperLogLog(CLIENT_HLL_P);
      const id = identity.length > 256 ? identity.slice(0, 256) : identity;
      this.clients.add(id);
      this.clientHll.add(id);
    }
    if (!ok) return;
    this.ok++;
    this.okQueries++;
    if (query !== undefined && query.length > 0) this.recordQuery(query);
    if (body !== undefined && body.text.length > 0) {
      if (this.bodies < BODY_FULL || this.ok % BODY_SAMPLE_EVERY === 0) {
        const fields = bodyFields(body.contentType, body.text);
        if (fields.length > 0) {
          this.bodies++;
          this.recordBody(fields);
        }
      }
    }
  }

  private recordQuery(query: ReadonlyArray<readonly [string, string]>): void {
    // A name repeated in one query (`a=1&a=2`) counts once for presence, every value for type.
    let seen: Set<string> | null = null;
    for (let i = 0; i < query.length && i < 4 * MAX_NAMES; i++) {
      const [name, value] = query[i] as readonly [string, string];
      if (name.length === 0 || name.length > 128) continue;
      let st = this.query.get(name);
      if (st === undefined) {
        if (this.query.size >= MAX_NAMES) {
          this.overflow++;
          continue;
        }
        st = newValueStats();
        this.query.set(name, st);
      }
      if (seen === null) seen = new Set();
      if (!seen.has(name)) {
        seen.add(name);
        st.count++;
      }
      addValue(st, value.length > 1024 ? value.slice(0, 1024) : value);
    }
  }

  private recordBody(fields: BodyField[]): void {
    for (const f of fields) {
      let st = this.body.get(f.name);
      if (st === undefined) {
        if (this.body.size >= MAX_NAMES || f.name.length > 128) {
          this.overflow++;
          continue;
        }
        st = { ...newValueStats(), object: 0, array: 0, null: 0 };
        this.body.set(f.name, st);
      }
      st.count++;
      if (f.kind === "object") st.object++;
      else if (f.kind === "array") st.array++;
      else if (f.kind === "null") st.null++;
      else addValue(st, f.value.length > 1024 ? f.value.slice(0, 1024) : f.value);
    }
  }

  merge(o: EndStats): void {
    this.count += o.count;
    this.ok += o.ok;
    this.okQueries += o.okQueries;
    this.bodies += o.bodies;
    this.overflow += o.overflow;
    for (const [k, v] of Object.entries(o.statuses)) {
      const cur = this.statuses[k];
      if (cur !== undefined) this.statuses[k] = cur + v;
      else if (Object.keys(this.statuses).length < MAX_STATUSES) this.statuses[k] = v;
      else this.statuses.other = (this.statuses.other ?? 0) + v;
    }
    if (o.first < this.first) this.first = o.first;
    if (o.last > this.last) this.last = o.last;
    for (const [name, st] of o.query) {
      const cur = this.query.get(name);
      if (cur) mergeValueStats(cur, st);
      else if (this.query.size < MAX_NAMES) this.query.set(name, structuredCloneStats(st));
      else this.overflow++;
    }
    for (const [name, st] of o.body) {
      const cur = this.body.get(name);
      if (cur) {
        mergeValueStats(cur, st);
        cur.object += st.object;
        cur.array += st.array;
        cur.null += st.null;
      } else if (this.body.size < MAX_NAMES) this.body.set(name, structuredCloneStats(st));
      else this.overflow++;
    }
    if (o.clients) {
      if (this.clients === null) this.clients = new TopK(TOP_CLIENTS);
      this.clients.merge(o.clients);
    }
    if (o.clientHll) {
      if (this.clientHll === null) this.clientHll = new HyperLogLog(CLIENT_HLL_P);
      this.clientHll.merge(o.clientHll);
    }
  }

  toJSON(): EndStatsState {
    return {
      count: this.count,
      ok: this.ok,
      statuses: this.statuses,
      first: Number.isFinite(this.first) ? this.first : null,
      last: Number.isFinite(this.last) ? this.last : null,
      okq: this.okQueries,
      bodies: this.bodies,
      overflow: this.overflow,
      query: Object.fromEntries(this.query),
      body: Object.fromEntries(this.body),
      clients: this.clients ? [...this.clients.counts] : null,
      chll: this.clientHll ? this.clientHll.toBase64() : null,
    };
  }

  static fromJSON(s: EndStatsState): EndStats {
    const e = new EndStats();
    e.count = num(s.count);
    e.ok = num(s.ok);
    e.okQueries = num(s.okq);
    e.bodies = num(s.bodies);
    e.overflow = num(s.overflow);
    if (s.statuses && typeof s.statuses === "object") {
      for (const [k, v] of Object.entries(s.statuses)) if (typeof v === "number") e.statuses[k] = v;
    }
    e.first = typeof s.first === "number" ? s.first : Number.POSITIVE_INFINITY;
    e.last = typeof s.last === "number" ? s.last : Number.NEGATIVE_INFINITY;
    for (const [k, v] of Object.entries(s.query ?? {}).slice(0, MAX_NAMES)) e.query.set(k, structuredCloneStats(v));
    for (const [k, v] of Object.entries(s.body ?? {}).slice(0, MAX_NAMES)) e.body.set(k, structuredCloneStats(v));
    if (Array.isArray(s.clients)) {
      e.clients = new TopK(TOP_CLIENTS);
      for (const [id, n] of s.clients.slice(0, TOP_CLIENTS)) e.clients.counts.set(String(id), num(n));
    }
    if (typeof s.chll === "string") e.clientHll = HyperLogLog.fromBase64(CLIENT_HLL_P, s.chll);
    return e;
  }
}

export interface EndStatsState {
  count: number;
  ok: number;
  statuses: Record<string, number>;
  first: number | null;
  last: number | null;
  okq: number;
  bodies: number;
  overflow: number;
  query: Record<string, ValueStats>;
  body: Record<string, BodyStats>;
  clients: Array<[string, number]> | null;
  chll: string | null;
}

function num(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}

function structuredCloneStats<T extends ValueStats>(st: T): T {
  const copy = { ...st };
  copy.distinct = Array.isArray(st.distinct) ? [...st.distinct] : null;
  for (const k of ["count", "values", "int", "float", "bool", "uuid", "date", "email", "object", "array", "null"]) {
    const rec = copy as unknown as Record<string, unknown>;
    if (k in rec && typeof rec[k] !== "number") rec[k] = 0;
  }
  if (!("object" in copy)) Object.assign(copy, { object: 0, array: 0, null: 0 });
  return copy;
}
