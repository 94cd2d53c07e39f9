/**
 * @module sim/actors/mobile
 * The shop's own mobile app: API calls only (no pages, no static files), one
 * consistent app user agent with its version and device id headers, a stored
 * bearer token reused across sessions and renewed by logging in again when the
 * API answers 401. Sessions are short bursts with short think times; the
 * carrier may hand the phone a new address between sessions.
 */

import type { DemoUser } from "../../demo/users.ts";
import type { MobileAppIdentity } from "../agents.ts";
import { mobileHeaders } from "../headers.ts";
import type { Rng } from "../prng.ts";
import { nextSessionStart, thinkTime } from "../profile.ts";
import type { Outcome, Script, Step } from "../types.ts";
import { parseJson, step, type World } from "../world.ts";

export interface MobileClient {
  world: World;
  rng: Rng;
  id: MobileAppIdentity;
  ip: string;
  account: DemoUser;
  /** Probability of a new carrier address between sessions. */
  ipChurn: number;
}

export function* mobileScript(c: MobileClient, first: number, perDay: number): Script {
  const { world: w, rng: r } = c;
  let token: string | undefined;
  let tokenUntil = 0;
  let ip = c.ip;
  const req = (t: number, method: string, url: string, body?: unknown): Step =>
    step(
      t,
      method,
      url,
      mobileHeaders(c.id, { token, contentType: body !== undefined ? "application/json" : undefined }),
      { body, ip, identity: token && t < tokenUntil ? c.account.username : undefined },
    );

  function* login(t: number): Generator<Step, number, Outcome> {
    const res = yield req(t, "POST", "/api/login", { username: c.account.username, password: c.account.password });
    const tok = parseJson<{ token?: string }>(res.text)?.token;
    if (res.status === 200 && tok) {
      token = tok;
      tokenUntil = res.ts + 3600;
    }
    return res.end;
  }

  /** A call that renews the token once on 401, as the app's HTTP layer does. */
  function* call(t: number, method: string, url: string, body?: unknown): Generator<Step, Outcome, Outcome> {
    let res = yield req(t, method, url, body);
    if (res.status === 401) {
      const end = yield* login(res.end + 0.05);
      res = yield req(end + 0.02, method, url, body);
    }
    return res;
  }

  let t: number | undefined = first;
  for (let s = 0; s < 500 && t !== undefined && t < w.end; s++) {
    if (s > 0 && r.chance(c.ipChurn)) ip = w.ips.allocate("mobile", r);
    let now: number = t;
    now = token ? (yield* call(now, "GET", "/api/me")).end : yield* login(now);
    if (r.chance(0.4)) now = (yield* call(now + 0.02, "GET", "/api/categories")).end;
    const feed = yield* call(now + 0.02, "GET", "/api/products?page=1&per_page=20");
    now = feed.end;
    let items = parseJson<{ items?: Array<{ id: number }> }>(feed.text)?.items ?? [];
    let cartItems = 0;
    const actions = 1 + Math.floor(r.exp(7));
    for (let i = 0; i < actions && now < w.end; i++) {
      now += thinkTime(r, w.profile.mobileThink);
      const a = r.weighted<string>([
        ["product", 0.5],
        ["list", 0.18],
        ["search", 0.14],
        ["cart", cartItems ? 0.08 : 0.02],
        ["add", 0.07],
        ["orders", 0.03],
      ]);
      if (a === "product") {
        const id = items.length && r.chance(0.8) ? r.pick(items).id : r.pick(w.catalog.products).id;
        const res = yield* call(now, "GET", `/api/products/${id}`);
        now = res.end;
        if (r.chance(0.55)) now = (yield* call(now + 0.01, "GET", `/api/products/${id}/reviews`)).end;
      } else if (a === "list") {
        const cat = r.pick(w.catalog.categories).slug;
        const res = yield* call(now, "GET", `/api/products?category=${cat}&page=${r.chance(0.8) ? 1 : 2}&per_page=20`);
        items = parseJson<{ items?: Array<{ id: number }> }>(res.text)?.items ?? items;
        now = res.end;
      } else if (a === "search") {
        const res = yield* call(now, "GET", `/api/search?q=${encodeURIComponent(r.pick(w.searchTerms))}`);
        const found = parseJson<{ items?: Array<{ id: number }> }>(res.text)?.items;
        if (found?.length) items = found;
        now = res.end;
      } else if (a === "add") {
        const id = items.length ? r.pick(items).id : r.pick(w.catalog.products).id;
        const res = yield* call(now, "POST", "/api/cart", { product_id: id, quantity: 1 });
        if (res.status === 201) cartItems++;
        now = res.end;
      } else if (a === "cart") {
        const res = yield* call(now, "GET", "/api/cart");
        now = res.end;
        if (cartItems && r.chance(0.5)) {
          const order = yield* call(now + thinkTime(r, w.profile.mobileThink), "POST", "/api/orders");
          const id = parseJson<{ id?: string }>(order.text)?.id;
          now = order.end;
          if (id) now = (yield* call(now + 0.05, "GET", `/api/orders/${id}`)).end;
          cartItems = 0;
        }
      } else {
        now = (yield* call(now, "GET", "/api/orders")).end;
      }
    }
    t = nextSessionStart(r, now + 60, w.end, perDay, w.profile.tzOffsetH);
  }
}
