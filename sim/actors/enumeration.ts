/**
 * @module sim/actors/enumeration
 * Broken-object-level-authorisation probing: a signed-in customer harvests
 * other people's order ids and user names from public reviews (the shop shows
 * the order id of verified purchases), then requests those orders (403s),
 * guessed ones (404s) and profiles, walking product after product.
 */

import type { DemoUser } from "../../demo/users.ts";
import type { Rng } from "../prng.ts";
import { machineGap } from "../profile.ts";
import type { Outcome, Script } from "../types.ts";
import { LEAK_FIRST } from "../wordlists.ts";
import { parseJson, step, type World } from "../world.ts";
import type { Disguise } from "./disguise.ts";

export interface EnumeratorClient {
  world: World;
  rng: Rng;
  disguise: Disguise;
  account: DemoUser;
  meanGapS: number;
  count: number;
}

export function* enumerationScript(c: EnumeratorClient, first: number): Script {
  const { world: w, rng: r, disguise: d } = c;
  const gap = () => machineGap(r, c.meanGapS, w.profile.pacing);
  const login: Outcome = yield step(
    first,
    "POST",
    "/api/login",
    d.headers("fetch", { contentType: "application/json" }),
    {
      body: { username: c.account.username, password: c.account.password },
    },
  );
  let token = parseJson<{ token?: string }>(login.text)?.token;
  const me = c.account.username;
  let t = login.end + r.float(1, 5);
  const own: Outcome = yield step(t, "GET", "/api/orders", d.headers("fetch", { token }), { identity: me });
  t = own.end + gap();
  const orderIds: string[] = [];
  const names: string[] = [];
  const products = r.shuffle(w.catalog.products);
  let sent = 0;
  for (let i = 0; sent < c.count && t < w.end && i < 10_000; i++) {
    if (orderIds.length === 0 && names.length === 0) {
      const p = products[i % products.length];
      if (!p) return;
      const res: Outcome = yield step(t, "GET", `/api/products/${p.id}/reviews`, d.headers("fetch", { token }), {
        identity: me,
      });
      sent++;
      t = res.ts + gap();
      for (const rv of parseJson<{ items?: Array<{ username: string; verified_order?: string }> }>(res.text)?.items ??
        []) {
        if (rv.verified_order) orderIds.push(rv.verified_order);
        if (rv.username !== me) names.push(rv.username);
      }
      if (orderIds.length === 0 && names.length === 0 && r.chance(0.3)) orderIds.push(r.uuid());
      continue;
    }
    let url: string;
    if (orderIds.length) url = `/api/orders/${orderIds.shift()}`;
    else url = `/api/users/${r.chance(0.8) ? names.shift() : `${r.pick(LEAK_FIRST)}${r.int(1, 99)}`}`;
    const res: Outcome = yield step(t, "GET", url, d.headers("fetch", { token }), { identity: me });
    sent++;
    if (res.status === 401) {
      // Session expired during a long slow walk: sign in again.
      const again: Outcome = yield step(
        res.end + 1,
        "POST",
        "/api/login",
        d.headers("fetch", { contentType: "application/json" }),
        {
          body: { username: c.account.username, password: c.account.password },
        },
      );
      token = parseJson<{ token?: string }>(again.text)?.token;
    }
    t = res.ts + gap();
  }
}
