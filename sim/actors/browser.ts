/**
 * @module sim/actors/browser
 * A web browser as the shop sees it: identity, cookies, cache and sign-in
 * state, and the two things it does for its user. A page view is what a
 * browser really requests: the document, then (with a cold cache) the style
 * sheet, the script and the favicon, then the API calls demo/assets.ts's
 * script makes for that page. The login form mistypes now and then and
 * retries. sim/actors/visitor.ts drives it like a person; a careful scraper
 * drives `loadPage` too.
 */
import type { Product } from "../../demo/catalog.ts";
import type { DemoUser } from "../../demo/users.ts";
import type { BrowserIdentity } from "../agents.ts";
import { type BrowserContext, browserHeaders, type Resource } from "../headers.ts";
import type { Rng } from "../prng.ts";
import type { Outcome, Step } from "../types.ts";
import { parseJson, step, type World } from "../world.ts";

export type Page =
  | { kind: "home" }
  | { kind: "category"; slug: string; page: number }
  | { kind: "product"; product: Product };

export function pageUrl(p: Page, query = ""): string {
  if (p.kind === "home") return `/${query}`;
  if (p.kind === "category") return `/categories/${p.slug}${p.page > 1 ? `?page=${p.page}` : ""}${query}`;
  return `/products/${p.product.slug}${query}`;
}

/** One browser: identity, cookies, cache and sign-in state, kept across sessions. */
export class Browser {
  ip: string;
  account: DemoUser | undefined;
  private sid: { token: string; expires: number } | undefined;
  /** app.js keeps a "signed in" hint in localStorage; it outlives the session cookie. */
  signedInHint = false;
  cacheUntil = 0;
  private readonly gaCookie: string;
  private readonly consent: boolean;

  constructor(
    readonly world: World,
    readonly rng: Rng,
    readonly id: BrowserIdentity,
    ip: string,
    account: DemoUser | undefined,
  ) {
    this.ip = ip;
    this.account = account;
    this.gaCookie = `GA1.1.${rng.int(100_000_000, 999_999_999)}.${Math.floor(world.start) - rng.int(0, 5_000_000)}`;
    this.consent = rng.chance(0.7);
  }

  signedIn(t: number): boolean {
    return this.sid !== undefined && this.sid.expires > t;
  }

  identity(t: number): string | undefined {
    return this.signedIn(t) ? this.account?.username : undefined;
  }

  setSession(token: string, t: number): void {
    this.sid = { token, expires: t + 3600 };
    this.signedInHint = true;
  }

  clearSession(): void {
    this.sid = undefined;
    this.signedInHint = false;
  }

  cookie(t: number): string | undefined {
    const parts: string[] = [];
    if (this.consent) parts.push(`_ga=${this.gaCookie}`, "cookie_consent=all");
    if (this.signedIn(t) && this.sid) parts.push(`sid=${this.sid.token}`);
    return parts.length ? parts.join("; ") : undefined;
  }

  request(
    t: number,
    method: string,
    url: string,
    resource: Resource,
    ctx: Omit<BrowserContext, "cookie"> = {},
    body?: unknown,
  ): Step {
    const headers = browserHeaders(this.id, resource, { ...ctx, cookie: this.cookie(t) });
    return step(t, method, url, headers, { body, ip: this.ip, identity: this.identity(t) });
  }
}

/** Loads one page as a browser does; returns when the last of its requests ended. */
export function* loadPage(
  b: Browser,
  t: number,
  page: Page,
  nav: { query?: string; referer?: string; site?: BrowserContext["site"] } = {},
): Generator<Step, number, Outcome> {
  const url = pageUrl(page, nav.query ?? "");
  const doc = yield b.request(t, "GET", url, "document", { referer: nav.referer, site: nav.site });
  let end = doc.end;
  if (doc.status >= 400) return end;
  const ref = `${b.world.origin}${url}`;
  if (doc.end > b.cacheUntil) {
    const css = yield b.request(doc.end + 0.004, "GET", "/static/style.css", "style", { referer: ref });
    const js = yield b.request(doc.end + 0.007, "GET", "/static/app.js", "script", { referer: ref });
    const ico = yield b.request(doc.end + 0.05, "GET", "/favicon.ico", "image", { referer: ref });
    end = Math.max(css.end, js.end, ico.end);
    b.cacheUntil = doc.end + 3600;
  }
  let tj = end + b.rng.float(0.02, 0.2);
  const xhr = (path: string) => b.request(tj, "GET", path, "fetch", { referer: ref });
  if (b.signedInHint) {
    const me = yield xhr("/api/me");
    tj = me.end;
    if (me.status === 200) tj = (yield xhr("/api/cart")).end;
    else b.clearSession();
  }
  if (page.kind === "home") tj = (yield xhr("/api/categories")).end;
  if (page.kind === "category")
    tj = (yield xhr(`/api/products?category=${page.slug}&page=${page.page}&per_page=24`)).end;
  if (page.kind === "product") {
    const a = yield xhr(`/api/products/by-slug/${page.product.slug}`);
    const r = yield b.request(a.ts + 0.002, "GET", `/api/products/${page.product.id}/reviews`, "fetch", {
      referer: ref,
    });
    tj = Math.max(a.end, r.end);
  }
  return Math.max(end, tj);
}

function mistype(rng: Rng, password: string): string {
  const i = rng.int(0, Math.max(0, password.length - 1));
  const ch = password[i] ?? "a";
  const swapped = ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase();
  return rng.chance(0.5) && swapped !== ch
    ? password.slice(0, i) + swapped + password.slice(i + 1)
    : password.slice(0, i) + password.slice(i + 1);
}

/** The login form (an XHR from the current page); true when signed in. Mistypes now and then, retries. */
export function* logIn(b: Browser, t: number, page: Page): Generator<Step, { ok: boolean; end: number }, Outcome> {
  const account = b.account;
  if (!account) return { ok: false, end: t };
  const ref = `${b.world.origin}${pageUrl(page)}`;
  let at = t;
  for (let attempt = 0; attempt < 3; attempt++) {
    const typo = attempt < 2 && b.rng.chance(b.world.profile.wrongPassword);
    const body = { username: account.username, password: typo ? mistype(b.rng, account.password) : account.password };
    const r = yield b.request(
      at,
      "POST",
      "/api/login",
      "fetch",
      {
        referer: ref,
        origin: b.world.origin,
        contentType: "application/json",
      },
      body,
    );
    if (r.status === 200) {
      const token = parseJson<{ token?: string }>(r.text)?.token;
      if (token) b.setSession(token, r.ts);
      // app.js reloads the page after a successful login.
      const end = yield* loadPage(b, r.end + 0.05, page, { referer: ref });
      return { ok: true, end };
    }
    if (r.status !== 401 || b.rng.chance(0.1)) return { ok: false, end: r.end };
    at = r.end + b.rng.lognormal(5, 0.5);
  }
  return { ok: false, end: at };
}
