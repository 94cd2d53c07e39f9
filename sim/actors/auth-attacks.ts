/**
 * @module sim/actors/auth-attacks
 * Attacks on the login: a dictionary attack on a few account names
 * (bruteforce), leaked username/password pairs tried once each (credential
 * stuffing; a few really work, as password reuse makes them), and the
 * distributed form: 300+ addresses of a botnet sharing one credential list,
 * each trying only a few times minutes apart. A success is followed by what
 * account takeover looks like (me, orders).
 */

import type { Rng } from "../prng.ts";
import { machineGap } from "../profile.ts";
import type { Outcome, Script, Step } from "../types.ts";
import { LEAK_FIRST, LEAK_LAST, PASSWORDS } from "../wordlists.ts";
import { parseJson, step, type World } from "../world.ts";
import type { Disguise, Intensity } from "./disguise.ts";

export interface Credential {
  username: string;
  password: string;
}

/** Dictionary attack pairs: each target name with every password, in dictionary order with light mutations. */
export function dictionary(rng: Rng, targets: readonly string[]): Credential[] {
  const words = PASSWORDS.flatMap((p) => (rng.chance(0.15) ? [p, `${p}1`, `${p}!`] : [p]));
  return targets.flatMap((username) => words.map((password) => ({ username, password })));
}

/** A leaked combo list: mostly names unknown here, some real names with stale passwords, a few exact reuses. */
export function comboList(rng: Rng, world: World, n: number): Credential[] {
  const out: Credential[] = [];
  for (let i = 0; i < n; i++) {
    const roll = rng.next();
    if (roll < 0.015) {
      const u = rng.pick(world.customers);
      out.push({ username: u.username, password: u.password });
    } else if (roll < 0.25) {
      const u = rng.pick(world.customers);
      out.push({ username: u.username, password: rng.pick(PASSWORDS) });
    } else {
      const first = rng.pick(LEAK_FIRST);
      const last = rng.pick(LEAK_LAST);
      const username = rng.chance(0.5)
        ? `${first}.${last}${rng.int(1, 99)}@${rng.pick(["gmail.com", "yahoo.com", "hotmail.com", "web.de", "mail.ru"])}`
        : `${first}${last}${rng.int(1, 999)}`;
      out.push({ username, password: rng.chance(0.5) ? rng.pick(PASSWORDS) : `${first}${rng.int(1970, 2010)}` });
    }
  }
  return out;
}

function* takeover(d: Disguise, t: number, token: string, username: string): Generator<Step, number, Outcome> {
  const me = yield step(t, "GET", "/api/me", d.headers("fetch", { token }), { identity: username });
  const orders = yield step(me.end + 0.3, "GET", "/api/orders", d.headers("fetch", { token }), { identity: username });
  return orders.end;
}

export interface LoginAttacker {
  world: World;
  rng: Rng;
  disguise: Disguise;
  intensity: Intensity;
  meanGapS: number;
  credentials: Credential[];
  /** Stop guessing a name once it worked (dictionary attacks do). */
  stopOnSuccess: boolean;
}

/** One address working through a credential list. */
export function* loginAttackScript(a: LoginAttacker, first: number): Script {
  const { world: w, rng: r, disguise: d } = a;
  const cracked = new Set<string>();
  let t = first;
  for (const cred of a.credentials) {
    if (t >= w.end) return;
    if (a.stopOnSuccess && cracked.has(cred.username)) continue;
    const res = yield step(t, "POST", "/api/login", d.headers("fetch", { contentType: "application/json" }), {
      body: { username: cred.username, password: cred.password },
    });
    t = res.ts + machineGap(r, a.meanGapS, w.profile.pacing);
    if (res.status === 200) {
      cracked.add(cred.username);
      const token = parseJson<{ token?: string }>(res.text)?.token;
      if (token) t = Math.max(t, yield* takeover(d, res.end + 0.5, token, cred.username));
    }
  }
}

/** Shared state of a distributed login campaign: one credential list consumed by every bot. */
export class CredentialQueue {
  private i = 0;
  constructor(private readonly list: Credential[]) {}
  next(): Credential | undefined {
    return this.list[this.i++];
  }
}

export interface BotnetLoginMember {
  world: World;
  rng: Rng;
  disguise: Disguise;
  queue: CredentialQueue;
  attempts: number;
  /** Campaign window: attempts fall inside it. */
  from: number;
  to: number;
}

/** One bot of a distributed brute force: a few attempts, minutes apart, inside the campaign window. */
export function* botnetLoginScript(m: BotnetLoginMember): Script {
  const { rng: r, disguise: d } = m;
  const span = m.to - m.from;
  const times = Array.from({ length: m.attempts }, () => m.from + r.next() * span).sort((a, b) => a - b);
  for (const at of times) {
    const cred = m.queue.next();
    if (!cred) return;
    const res = yield step(at, "POST", "/api/login", d.headers("fetch", { contentType: "application/json" }), {
      body: { username: cred.username, password: cred.password },
    });
    const token = res.status === 200 ? parseJson<{ token?: string }>(res.text)?.token : undefined;
    if (token) yield* takeover(d, res.end + 1, token, cred.username);
  }
}
