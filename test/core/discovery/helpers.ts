/** Small seeded helpers shared by the discovery tests. */
import { mulberry32 } from "../../../core/discovery/hash.ts";
import { Learner } from "../../../core/discovery/learner.ts";
import type { Inventory, Observation } from "../../../core/discovery/types.ts";

export type Rand = () => number;

export function rand(seed: number): Rand {
  return mulberry32(seed);
}

export function pick<T>(r: Rand, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

export function token(
  r: Rand,
  n: number,
  alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
): string {
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

export const NAMES =
  `james mary robert patricia john jennifer michael linda david elizabeth william barbara richard susan joseph jessica thomas sarah charles karen christopher lisa daniel nancy matthew betty anthony margaret mark sandra donald ashley steven kimberly paul emily andrew donna joshua michelle kenneth carol kevin amanda brian dorothy george melissa`.split(
    " ",
  );
export const WORDS =
  `apple river stone cloud forest garden light shadow silver golden ocean mountain valley summer winter autumn spring morning evening night star moon rain snow wind fire water earth paper glass metal wood iron copper crystal dream story journey bridge castle tower village harbor island desert meadow`.split(
    " ",
  );

/** A user name in one of several styles. */
export function userName(r: Rand): string {
  const a = pick(r, NAMES);
  const b = pick(r, WORDS);
  return pick(r, [a, `${a}${b}`, `${a}.${b}`, `${a}_${b}`, `${a}${Math.floor(r() * 99)}`, `${a}-${b}`]);
}

export function learn(obs: Iterable<Observation>, l = new Learner({ now: () => 0 })): Learner {
  for (const o of obs) l.observe(o);
  return l;
}

/** `METHOD path` of every endpoint, parameter names replaced by `{}`. */
export function templates(inv: Inventory): string[] {
  return inv.endpoints.map((e) => `${e.method} ${e.path.replace(/\{[^}]*\}/g, "{}")}`).sort();
}
