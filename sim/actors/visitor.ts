/**
 * @module sim/actors/visitor
 * A person browsing the shop: entry from the home page, a search engine or a
 * category; then page after page with think times (sim/profile), moving along
 * the site's links: categories, products, related products, search, log in
 * when buying, cart, checkout, reviews, a reviewer's profile, past orders.
 * Used by humans and by every benign browsing kind (flash events, big NAT,
 * daily rise), with a plan that changes where and how eagerly they start.
 */
import type { Product } from "../../demo/catalog.ts";
import { nextSessionStart, thinkTime } from "../profile.ts";
import type { Outcome, Script, Step } from "../types.ts";
import { parseJson } from "../world.ts";
import { type Browser, loadPage, logIn, type Page, pageUrl } from "./browser.ts";

/** How a session starts and how eager the visitor is (flash events land on one product, ready to buy). */
export interface SessionPlan {
  landing?: { page: Page; query?: string; referer?: string };
  pagesMean?: number;
  cartShare?: number;
}

function pickProduct(b: Browser, page: Page): Product {
  const w = b.world;
  if (page.kind === "category") {
    const list = w.productsByCategory.get(page.slug) ?? w.catalog.products;
    return b.rng.pick(list.slice((page.page - 1) * 24, page.page * 24).concat(list.slice(0, 1)));
  }
  if (page.kind === "product" && b.rng.chance(0.7)) {
    const list = w.productsByCategory.get(page.product.category) ?? w.catalog.products;
    return b.rng.pick(list);
  }
  // Popular items get more views: a skewed pick over the catalogue.
  const all = w.catalog.products;
  return all[Math.floor(all.length * b.rng.next() ** 2.2)] ?? (all[0] as Product);
}

type Action = "product" | "category" | "next_page" | "search" | "home" | "cart" | "review" | "profile" | "orders";

function chooseAction(b: Browser, page: Page, cartShare: number): Action {
  const p = b.world.profile;
  const r = b.rng;
  switch (page.kind) {
    case "home":
      return r.weighted<Action>([
        ["category", 0.45],
        ["product", 0.35],
        ["search", p.searchShare * 2],
        ["orders", b.signedInHint ? 0.03 : 0],
      ]);
    case "category":
      return r.weighted<Action>([
        ["product", 0.6],
        ["next_page", 0.12],
        ["category", 0.1],
        ["search", p.searchShare],
        ["home", 0.05],
      ]);
    default:
      return r.weighted<Action>([
        ["product", 0.4],
        ["category", 0.18],
        ["cart", cartShare],
        ["search", p.searchShare],
        ["review", b.signedInHint ? p.reviewShare : 0],
        ["profile", 0.02],
        ["home", 0.04],
      ]);
  }
}

function searchTerm(b: Browser, page: Page): string {
  const r = b.rng;
  let term =
    page.kind === "product" && r.chance(0.4) ? page.product.name.split(" ").slice(-1)[0] : r.pick(b.world.searchTerms);
  term = (term ?? "gift").toLowerCase();
  if (r.chance(0.08) && term.length > 4) {
    const i = r.int(1, term.length - 2);
    term = term.slice(0, i) + term.slice(i + 1); // a typo
  }
  if (r.chance(0.25)) term = `${r.pick(b.world.searchTerms)} ${term}`;
  return term;
}

/** One visit to the shop; returns when its last request ended. */
export function* browseSession(b: Browser, start: number, plan: SessionPlan = {}): Generator<Step, number, Outcome> {
  const w = b.world;
  const p = w.profile;
  const r = b.rng;
  const cartShare = plan.cartShare ?? p.cartShare;
  let page: Page;
  let t: number;
  if (plan.landing) {
    page = plan.landing.page;
    t = yield* loadPage(b, start, page, {
      query: plan.landing.query,
      referer: plan.landing.referer,
      site: plan.landing.referer ? "cross-site" : "none",
    });
  } else {
    const entry = r.weighted<"home" | "search_engine" | "category">([
      ["home", 0.5],
      ["search_engine", 0.35],
      ["category", 0.15],
    ]);
    page =
      entry === "home"
        ? { kind: "home" }
        : entry === "category"
          ? { kind: "category", slug: r.pick(w.catalog.categories).slug, page: 1 }
          : { kind: "product", product: pickProduct(b, { kind: "home" }) };
    const referer =
      entry === "search_engine"
        ? r.pick(["https://www.google.com/", "https://www.bing.com/", "https://duckduckgo.com/"])
        : undefined;
    t = yield* loadPage(b, start, page, { referer, site: referer ? "cross-site" : "none" });
  }
  if (b.account && !b.signedInHint && r.chance(p.loginAtStart))
    t = (yield* logIn(b, t + thinkTime(r, p.think), page)).end;

  const pagesMean = plan.pagesMean ?? p.pagesPerSession;
  const views = 1 + Math.floor(r.exp(Math.max(0.5, pagesMean - 1)));
  for (let i = 0; i < views && t < w.end; i++) {
    t += thinkTime(r, p.think);
    const here = `${w.origin}${pageUrl(page)}`;
    const action = chooseAction(b, page, cartShare);
    if (action === "home") {
      page = { kind: "home" };
      t = yield* loadPage(b, t, page, { referer: here });
    } else if (action === "category") {
      page = { kind: "category", slug: r.pick(w.catalog.categories).slug, page: 1 };
      t = yield* loadPage(b, t, page, { referer: here });
    } else if (action === "next_page" && page.kind === "category") {
      const pages = Math.ceil((w.productsByCategory.get(page.slug)?.length ?? 1) / 24);
      page = { ...page, page: page.page < pages ? page.page + 1 : 1 };
      t = yield* loadPage(b, t, page, { referer: here });
    } else if (action === "search") {
      const res = yield b.request(t, "GET", `/api/search?q=${encodeURIComponent(searchTerm(b, page))}`, "fetch", {
        referer: here,
      });
      const items = parseJson<{ items?: Array<{ slug: string }> }>(res.text)?.items ?? [];
      t = res.end;
      const hit = items.length ? w.productBySlug.get(r.pick(items.slice(0, 5)).slug) : undefined;
      if (hit) {
        t += thinkTime(r, p.think) * 0.5;
        page = { kind: "product", product: hit };
        t = yield* loadPage(b, t, page, { referer: here });
      }
    } else if (action === "cart" && page.kind === "product") {
      if (!b.signedIn(t)) {
        const login = yield* logIn(b, t, page);
        t = login.end;
        if (!login.ok) break; // no account or gave up: leaves
        t += thinkTime(r, p.think) * 0.3;
      }
      const add = yield b.request(
        t,
        "POST",
        "/api/cart",
        "fetch",
        {
          referer: here,
          origin: w.origin,
          contentType: "application/json",
        },
        { product_id: page.product.id, quantity: r.chance(0.85) ? 1 : r.int(2, 3) },
      );
      t = add.end;
      if (add.status === 201 && r.chance(0.7))
        t = (yield b.request(t + r.float(0.5, 4), "GET", "/api/cart", "fetch", { referer: here })).end;
      if (add.status === 201 && r.chance(p.checkoutShare)) {
        t += thinkTime(r, p.think);
        const order = yield b.request(t, "POST", "/api/orders", "fetch", { referer: here, origin: w.origin });
        t = order.end;
        const id = parseJson<{ id?: string }>(order.text)?.id;
        if (order.status === 201 && id)
          t = (yield b.request(t + 0.05, "GET", `/api/orders/${id}`, "fetch", { referer: here })).end;
      }
    } else if (action === "review" && page.kind === "product" && b.signedIn(t)) {
      t += r.float(20, 120); // writing takes a while
      const rev = yield b.request(
        t,
        "POST",
        `/api/products/${page.product.id}/reviews`,
        "fetch",
        {
          referer: here,
          origin: w.origin,
          contentType: "application/json",
        },
        {
          rating: r.weighted<number>([
            [5, 5],
            [4, 3],
            [3, 1],
            [2, 0.5],
            [1, 0.7],
          ]),
          text: "Bought it last month, does the job.",
        },
      );
      t = rev.end;
    } else if (action === "profile" && page.kind === "product") {
      const list = yield b.request(t, "GET", `/api/products/${page.product.id}/reviews`, "fetch", { referer: here });
      const names = (parseJson<{ items?: Array<{ username: string }> }>(list.text)?.items ?? []).map((x) => x.username);
      t = list.end;
      if (names.length)
        t = (yield b.request(t + r.float(1, 5), "GET", `/api/users/${r.pick(names)}`, "fetch", { referer: here })).end;
    } else if (action === "orders" && b.signedIn(t)) {
      const list = yield b.request(t, "GET", "/api/orders", "fetch", { referer: here });
      t = list.end;
      const ids = (parseJson<{ items?: Array<{ id: string }> }>(list.text)?.items ?? []).map((o) => o.id);
      if (ids.length && r.chance(0.6))
        t = (yield b.request(t + r.float(2, 10), "GET", `/api/orders/${r.pick(ids)}`, "fetch", { referer: here })).end;
    } else {
      page = { kind: "product", product: pickProduct(b, page) };
      t = yield* loadPage(b, t, page, { referer: here });
    }
  }
  if (b.signedIn(t) && r.chance(0.05)) {
    const out = yield b.request(t + thinkTime(r, p.think), "POST", "/api/logout", "fetch", { origin: w.origin });
    b.clearSession();
    t = out.end;
  }
  return t;
}

/**
 * A returning visitor: sessions start at `first`, then follow the diurnal
 * curve at `perDay` sessions a day. An IPv6 visitor's address rotates within
 * its /64 between sessions now and then (privacy addresses).
 */
export function* visitorScript(b: Browser, first: number, perDay: number, plan: SessionPlan = {}): Script {
  const w = b.world;
  let t: number | undefined = first;
  for (let s = 0; s < 500 && t !== undefined && t < w.end; s++) {
    if (s > 0 && b.ip.includes(":") && b.rng.chance(0.3)) b.ip = w.ips.sibling(b.ip, b.rng);
    const end: number = yield* browseSession(b, t, s === 0 ? plan : {});
    t = nextSessionStart(b.rng, end + 120, w.end, perDay, w.profile.tzOffsetH);
  }
}
