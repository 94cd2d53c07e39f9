/**
 * @module sim/actors/floods
 * HTTP denial of service on the expensive endpoints: login (password
 * hashing) and search (full-text query), with cache-busting parameters. One
 * client floods at up to tens of requests a second without waiting for
 * answers (many connections); the distributed form has hundreds of addresses
 * each sending a little. The origin's load model (sim/load.ts) makes
 * everyone's latency grow and sheds requests once it saturates.
 */

import type { Rng } from "../prng.ts";
import type { Script, Step } from "../types.ts";
import { LEAK_FIRST, PASSWORDS } from "../wordlists.ts";
import { step, type World } from "../world.ts";
import type { Disguise } from "./disguise.ts";

export type FloodTarget = "login" | "search";

function floodStep(world: World, rng: Rng, d: Disguise, target: FloodTarget, t: number): Step {
  if (target === "login") {
    return step(t, "POST", "/api/login", d.headers("fetch", { contentType: "application/json" }), {
      body: { username: `${rng.pick(LEAK_FIRST)}${rng.int(1, 99_999)}`, password: rng.pick(PASSWORDS) },
    });
  }
  const q = rng.chance(0.6) ? `${rng.pick(world.searchTerms)} ${rng.hex(rng.int(3, 8))}` : rng.pick(world.searchTerms);
  return step(t, "GET", `/api/search?q=${encodeURIComponent(q)}`, d.headers("fetch"));
}

export interface FloodClient {
  world: World;
  rng: Rng;
  disguise: Disguise;
  target: FloodTarget;
  /** Requests per second while flooding. */
  rate: number;
  from: number;
  durationS: number;
}

/** Requests at `rate`, not waiting for answers, for `durationS` (in on-off waves for some). */
export function* floodScript(c: FloodClient): Script {
  const { world: w, rng: r } = c;
  const until = Math.min(w.end, c.from + c.durationS);
  const waves = r.chance(0.3);
  let t = c.from;
  for (let i = 0; i < 200_000 && t < until; i++) {
    yield floodStep(w, r, c.disguise, c.target, t);
    t += r.exp(1 / c.rate);
    // Pulsing floods pause now and then (harder to catch with one fixed window).
    if (waves && r.chance(1 / (c.rate * 30))) t += r.float(10, 60);
  }
}
