/**
 * @module core/behaviour/client-profile
 * One client's behaviour state, bounded whatever it sends:
 * - a ring of its last RING requests (time, end, template, class flags, id)
 *   for rate, burstiness, gaps, sequences and id walking;
 * - counters in SLOTS time slots of SLOT_S seconds (the long window, 20–30
 *   minutes) for ratios: errors, logins, static/API share;
 * - distinct sets over the long window (timed-set.ts): endpoints, 404
 *   paths, user names failing on login, object ids per endpoint, pages,
 *   user agents, header-order families, probe paths, payload requests.
 * Plain data with toJSON/fromJSON, so a Durable Object can persist it.
 * Requests apiward answered itself add only new probe paths and new payload
 * requests (see `add`).
 */

import type { EventFacts } from "./facts.ts";
import { CLASS_API, CLASS_DOCUMENT, CLASS_STATIC } from "./request-class.ts";
import { TimedSet, type TimedSetState } from "./timed-set.ts";

export const RING = 64;
export const SLOT_S = 600;
export const SLOTS = 3;
/** The long window: sets and slots look this far back. */
export const WINDOW_S = SLOT_S * SLOTS;
/** A gap longer than this starts a new session (for workflow starts). */
export const SESSION_GAP_S = 1800;
/** A gap longer than this ends a run of continuous activity. */
export const RUN_GAP_S = 300;

// Slot counters.
export const C_REQ = 0;
export const C_STATIC = 1;
export const C_DOC = 2;
export const C_API = 3;
export const C_4XX = 4;
export const C_404 = 5;
export const C_5XX = 6;
export const C_LOGIN = 7;
export const C_LOGIN_FAIL = 8;
export const C_EXPENSIVE = 9;
/** Slots 10 and 11 are unused (payloads and probes are distinct sets). */
export const C_ODD = 12;
export const C_MISSING_HDR = 13;
export const C_BROWSER_UA = 14;
export const C_AUTHN = 15;
export const C_WRITE = 16;
export const C_TOOL = 17;
export const C_ID_REQ = 18;
export const C_ID_ERR = 19;
export const COUNTERS = 20;

// Ring flags.
export const R_STATIC = 1;
export const R_DOC = 2;
export const R_EXPENSIVE = 4;
export const R_LOGIN = 8;
export const R_ERR = 16;
/** A successful read of an object (a templated id) not read before in the window. */
export const R_NEW_READ = 32;

// Item flags.
export const I_ERR = 1;
export const I_OK = 2;

export interface ClientProfileState {
  v: 1;
  n: number;
  seen?: number;
  first: number;
  last: number;
  runStart: number;
  /** Start of the long window's contents (first request, or the first after WINDOW_S of silence). */
  since?: number;
  principal?: number;
  ring: { head: number; count: number; ts: number[]; end: number[]; tpl: number[]; flags: number[]; id: number[] };
  slots: { epoch: number[]; c: number[][] };
  sets: Record<string, TimedSetState>;
}

const SET_CAPS = {
  endpoints: 64,
  nf404: 64,
  users: 64,
  items: 96,
  variants: 64,
  uas: 16,
  families: 16,
  docs: 64,
  principals: 32,
  jars: 32,
  probes: 32,
  payloads: 32,
} as const;
type SetName = keyof typeof SET_CAPS;

const inc = (c: Float64Array, k: number): void => {
  c[k] = (c[k] as number) + 1;
};

export class ClientProfile {
  /** Requests fed in (all time), apiward's own answers excepted. */
  n = 0;
  /** Every request seen, apiward's own answers included (requests-to-detection counts these). */
  seen = 0;
  first = 0;
  last = 0;
  runStart = 0;
  /** When the long window's contents began: the first request, or the first after WINDOW_S of silence. */
  since = 0;
  head = 0;
  count = 0;
  readonly rTs = new Float64Array(RING);
  readonly rEnd = new Float64Array(RING);
  readonly rTpl = new Float64Array(RING);
  readonly rFlags = new Uint8Array(RING);
  readonly rId = new Float64Array(RING);
  readonly epoch = new Float64Array(SLOTS).fill(-1);
  readonly slots: Float64Array[] = Array.from({ length: SLOTS }, () => new Float64Array(COUNTERS));
  readonly sets: Record<SetName, TimedSet> = {
    endpoints: new TimedSet(SET_CAPS.endpoints),
    nf404: new TimedSet(SET_CAPS.nf404),
    users: new TimedSet(SET_CAPS.users),
    items: new TimedSet(SET_CAPS.items),
    variants: new TimedSet(SET_CAPS.variants),
    uas: new TimedSet(SET_CAPS.uas),
    families: new TimedSet(SET_CAPS.families),
    docs: new TimedSet(SET_CAPS.docs),
    principals: new TimedSet(SET_CAPS.principals),
    jars: new TimedSet(SET_CAPS.jars),
    probes: new TimedSet(SET_CAPS.probes),
    payloads: new TimedSet(SET_CAPS.payloads),
  };
  /** Hash of the principal of the latest authenticated request (0: none yet). */
  principal = 0;

  /**
   * Feeds one request. Out-of-order timestamps are clamped to the last one
   * seen. A request apiward answered itself (`f.blocked`) only adds what the
   * client chose before any answer and cannot repeat its way into: a new
   * probe path, a new request carrying an attack payload. Its status, pace
   * and volume never count (a block must not feed itself: retries against a
   * block add nothing).
   */
  add(f: EventFacts): void {
    const ts = this.n === 0 ? f.ts : Math.max(f.ts, this.last);
    const since = ts - WINDOW_S;
    this.seen++;
    if (f.probe) this.sets.probes.touch(f.pathHash, ts, 0, 0, since);
    // Grouped by signed-in principal (0: anonymous): colleagues behind one office address who each
    // once type something odd are not one client sending three payloads.
    if (f.sigHit) this.sets.payloads.touch(f.requestHash, ts, f.principal, 0, since);
    if (f.blocked) return;
    if (this.n === 0) {
      this.first = ts;
      this.runStart = ts;
      this.since = ts;
    } else {
      if (ts - this.last > RUN_GAP_S) this.runStart = ts;
      if (ts - this.last > WINDOW_S) this.since = ts;
    }
    this.n++;
    this.last = ts;
    const status = f.status;
    const err = status >= 400 && status < 500;

    // A new object read: a successful read (not a PATCH, PUT, POST or DELETE: editing what one has
    // read is not reading more) of an id the window has not seen yet.
    let newRead = false;
    if (f.item !== 0) {
      const read = status < 400 && !f.write;
      const fresh = this.sets.items.touch(f.item, ts, f.tpl, err ? I_ERR : read ? I_OK : 0, since);
      newRead = fresh && read;
    }

    const i = this.head;
    this.rTs[i] = ts;
    this.rEnd[i] = Math.max(ts, f.end);
    this.rTpl[i] = f.tpl;
    this.rFlags[i] =
      (f.cls === CLASS_STATIC ? R_STATIC : 0) |
      (f.cls === CLASS_DOCUMENT ? R_DOC : 0) |
      (f.expensive ? R_EXPENSIVE : 0) |
      (f.login ? R_LOGIN : 0) |
      (err ? R_ERR : 0) |
      (newRead ? R_NEW_READ : 0);
    this.rId[i] = f.idNum;
    this.head = (i + 1) % RING;
    if (this.count < RING) this.count++;

    const ep = Math.floor(ts / SLOT_S);
    const si = ((ep % SLOTS) + SLOTS) % SLOTS; // a negative ts must not index outside the ring
    const c = this.slots[si] as Float64Array;
    if (this.epoch[si] !== ep) {
      this.epoch[si] = ep;
      c.fill(0);
    }
    inc(c, C_REQ);
    if (f.cls === CLASS_STATIC) inc(c, C_STATIC);
    else if (f.cls === CLASS_DOCUMENT) inc(c, C_DOC);
    else if (f.cls === CLASS_API) inc(c, C_API);
    if (err) inc(c, C_4XX);
    if (status === 404) inc(c, C_404);
    if (status >= 500) inc(c, C_5XX);
    if (f.login) inc(c, C_LOGIN);
    if (f.loginFail) inc(c, C_LOGIN_FAIL);
    if (f.expensive) inc(c, C_EXPENSIVE);
    if (f.odd) inc(c, C_ODD);
    if (f.missingHdr) inc(c, C_MISSING_HDR);
    if (f.browserUa) inc(c, C_BROWSER_UA);
    if (f.authn) inc(c, C_AUTHN);
    if (f.write) inc(c, C_WRITE);
    if (f.tool) inc(c, C_TOOL);
    if (f.item !== 0) {
      inc(c, C_ID_REQ);
      if (err) inc(c, C_ID_ERR);
    }

    if (f.cls !== CLASS_STATIC) this.sets.endpoints.touch(f.tpl, ts, 0, 0, since);
    if (status === 404) this.sets.nf404.touch(f.pathHash, ts, 0, 0, since);
    if (f.loginFail && f.loginUser !== 0) this.sets.users.touch(f.loginUser, ts, 0, 0, since);
    if (f.variant !== 0) this.sets.variants.touch(f.variant, ts, f.tpl, 0, since);
    this.sets.uas.touch(f.uaHash, ts, 0, 0, since);
    this.sets.families.touch(f.family, ts, 0, 0, since);
    if (f.jar !== 0) this.sets.jars.touch(f.jar, ts, 0, 0, since);
    if (f.principal !== 0) {
      this.sets.principals.touch(f.principal, ts, 0, 0, since);
      this.principal = f.principal;
    }
    if (f.cls === CLASS_DOCUMENT && status < 400) this.sets.docs.touch(f.pathHash, ts, 0, 0, since);
  }

  /** Sum of a counter over the slots still inside the long window at `now`. */
  counter(k: number, now: number): number {
    const ep = Math.floor(now / SLOT_S);
    let s = 0;
    for (let i = 0; i < SLOTS; i++) {
      const e = this.epoch[i] as number;
      if (e >= 0 && e > ep - SLOTS && e <= ep) s += (this.slots[i] as Float64Array)[k] as number;
    }
    return s;
  }

  /** Ring index of the j-th most recent request (0 = newest). */
  at(j: number): number {
    return (this.head - 1 - j + RING * 2) % RING;
  }

  toJSON(): ClientProfileState {
    const sets: Record<string, TimedSetState> = {};
    for (const k of Object.keys(this.sets) as SetName[]) sets[k] = this.sets[k].toJSON();
    return {
      v: 1,
      n: this.n,
      seen: this.seen,
      first: this.first,
      last: this.last,
      runStart: this.runStart,
      since: this.since,
      principal: this.principal,
      ring: {
        head: this.head,
        count: this.count,
        ts: [...this.rTs],
        end: [...this.rEnd],
        tpl: [...this.rTpl],
        flags: [...this.rFlags],
        id: [...this.rId].map((x) => (Number.isNaN(x) ? -1 : x)),
      },
      slots: { epoch: [...this.epoch], c: this.slots.map((s) => [...s]) },
      sets,
    };
  }

  /** Restores a profile; anything malformed yields a fresh profile rather than an error. */
  static fromJSON(state: unknown): ClientProfile {
    const p = new ClientProfile();
    const s = state as Partial<ClientProfileState> | null;
    if (!s || typeof s !== "object" || s.v !== 1 || !s.ring || !s.slots) return p;
    const nums = (a: unknown, n: number): number[] | null =>
      Array.isArray(a) && a.length === n && a.every((x) => typeof x === "number") ? (a as number[]) : null;
    const r = s.ring;
    const ts = nums(r.ts, RING);
    const end = nums(r.end, RING);
    const tpl = nums(r.tpl, RING);
    const flags = nums(r.flags, RING);
    const id = nums(r.id, RING);
    const epoch = nums(s.slots.epoch, SLOTS);
    if (!ts || !end || !tpl || !flags || !id || !epoch || !Array.isArray(s.slots.c)) return p;
    p.n = typeof s.n === "number" ? s.n : 0;
    p.seen = typeof s.seen === "number" ? s.seen : p.n;
    p.first = typeof s.first === "number" ? s.first : 0;
    p.last = typeof s.last === "number" ? s.last : 0;
    p.runStart = typeof s.runStart === "number" ? s.runStart : p.first;
    p.since = typeof s.since === "number" ? s.since : p.first;
    p.principal = typeof s.principal === "number" ? s.principal : 0;
    p.head = typeof r.head === "number" ? Math.abs(Math.trunc(r.head)) % RING : 0;
    p.count = typeof r.count === "number" ? Math.min(RING, Math.max(0, Math.trunc(r.count))) : 0;
    p.rTs.set(ts);
    p.rEnd.set(end);
    p.rTpl.set(tpl);
    p.rFlags.set(flags);
    p.rId.set(id.map((x) => (x < 0 ? Number.NaN : x)));
    p.epoch.set(epoch);
    for (let i = 0; i < SLOTS; i++) {
      const row = nums(s.slots.c[i], COUNTERS);
      if (row) (p.slots[i] as Float64Array).set(row);
    }
    const sets = (s.sets ?? {}) as Record<string, unknown>;
    for (const k of Object.keys(SET_CAPS) as SetName[]) p.sets[k] = TimedSet.fromJSON(sets[k], SET_CAPS[k]);
    return p;
  }
}
