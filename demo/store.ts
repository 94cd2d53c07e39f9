/**
 * @module demo/store
 * The demo shop's in-memory state: sessions, carts, orders and reviews over
 * the seeded catalogue. Time and randomness are injected (`now`, `randomU32`)
 * so the simulator can run the app in simulated time and get the same tokens
 * and order UUIDs for the same seed. Every collection is bounded (oldest
 * evicted) because the live demo is a target for floods.
 */
import type { Catalog, Order, OrderItem, Product, Review } from "./catalog.ts";
import type { DemoUser } from "./users.ts";

export interface StoreDeps {
  /** Milliseconds since epoch. */
  now: () => number;
  /** Uniform 32-bit unsigned integers (tokens, UUIDs). */
  randomU32: () => number;
}

interface Session {
  username: string;
  expiresMs: number;
}

/** Session lifetime: one hour, as the login response says (`expires_in`). */
export const SESSION_TTL_S = 3600;
const MAX_SESSIONS = 20_000;
const MAX_CARTS = 20_000;
const MAX_ORDERS = 50_000;
const MAX_REVIEWS_PER_PRODUCT = 500;

function evictOldest<K, V>(map: Map<K, V>, max: number): void {
  while (map.size > max) {
    const first = map.keys().next();
    if (first.done) return;
    map.delete(first.value);
  }
}

/** Compares two strings in time independent of where they differ (a habit worth keeping even in a demo). */
function sameString(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

export class ShopStore {
  readonly catalog: Catalog;
  readonly productsById = new Map<number, Product>();
  readonly productsBySlug = new Map<string, Product>();
  readonly usersByName = new Map<string, DemoUser>();
  private readonly sessions = new Map<string, Session>();
  private readonly carts = new Map<string, Map<number, number>>();
  private readonly orders = new Map<string, Order>();
  private readonly reviews = new Map<number, Review[]>();
  private readonly searchText = new Map<number, string>();
  private nextReviewId: number;

  constructor(
    catalog: Catalog,
    private readonly deps: StoreDeps,
  ) {
    this.catalog = catalog;
    for (const p of catalog.products) {
      this.productsById.set(p.id, p);
      this.productsBySlug.set(p.slug, p);
      this.searchText.set(p.id, `${p.name} ${p.category} ${p.description}`.toLowerCase());
    }
    for (const u of catalog.users) this.usersByName.set(u.username, u);
    for (const o of catalog.orders) this.orders.set(o.id, { ...o, items: o.items.map((i) => ({ ...i })) });
    for (const r of catalog.reviews) {
      const list = this.reviews.get(r.product_id) ?? [];
      list.push({ ...r });
      this.reviews.set(r.product_id, list);
    }
    this.nextReviewId = catalog.reviews.length + 1;
  }

  nowIso(): string {
    return new Date(this.deps.now()).toISOString();
  }

  private hex(words: number): string {
    let s = "";
    for (let i = 0; i < words; i++) s += (this.deps.randomU32() >>> 0).toString(16).padStart(8, "0");
    return s;
  }

  private uuid(): string {
    const h = this.hex(4).split("");
    h[12] = "4";
    h[16] = "89ab"[Number.parseInt(h[16] ?? "0", 16) & 3] as string;
    const s = h.join("");
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }

  /** Checks credentials; a token on success. Unknown users and wrong passwords are indistinguishable. */
  login(username: string, password: string): { token: string; user: DemoUser } | undefined {
    const u = this.usersByName.get(username);
    const ok = sameString(u?.password ?? "\u0000never", password);
    if (!u || !ok) return undefined;
    const token = `tok_${this.hex(4)}`;
    this.sessions.set(token, { username: u.username, expiresMs: this.deps.now() + SESSION_TTL_S * 1000 });
    evictOldest(this.sessions, MAX_SESSIONS);
    return { token, user: u };
  }

  logout(token: string): void {
    this.sessions.delete(token);
  }

  /** The user a token belongs to, while it is valid. */
  userForToken(token: string): DemoUser | undefined {
    const s = this.sessions.get(token);
    if (!s) return undefined;
    if (s.expiresMs <= this.deps.now()) {
      this.sessions.delete(token);
      return undefined;
    }
    return this.usersByName.get(s.username);
  }

  search(q: string, limit: number): Product[] {
    const terms = q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
    if (terms.length === 0) return [];
    const scored: Array<[Product, number]> = [];
    for (const p of this.catalog.products) {
      const text = this.searchText.get(p.id) ?? "";
      let score = 0;
      for (const t of terms) if (text.includes(t)) score++;
      if (score > 0) scored.push([p, score]);
    }
    scored.sort((a, b) => b[1] - a[1] || a[0].id - b[0].id);
    return scored.slice(0, limit).map(([p]) => p);
  }

  cart(username: string): Map<number, number> {
    let c = this.carts.get(username);
    if (!c) {
      c = new Map();
      this.carts.set(username, c);
      evictOldest(this.carts, MAX_CARTS);
    }
    return c;
  }

  clearCart(username: string): void {
    this.carts.delete(username);
  }

  createOrder(username: string): Order | undefined {
    const cart = this.carts.get(username);
    if (!cart || cart.size === 0) return undefined;
    const items: OrderItem[] = [];
    for (const [productId, quantity] of cart) {
      const p = this.productsById.get(productId);
      if (p) items.push({ product_id: p.id, quantity, price_cents: p.price_cents });
    }
    const order: Order = {
      id: this.uuid(),
      username,
      items,
      total_cents: items.reduce((s, i) => s + i.price_cents * i.quantity, 0),
      status: "paid",
      created_at: this.nowIso(),
    };
    this.orders.set(order.id, order);
    evictOldest(this.orders, MAX_ORDERS);
    this.carts.delete(username);
    return order;
  }

  order(id: string): Order | undefined {
    return this.orders.get(id);
  }

  /** A user's orders, newest first; service accounts see everyone's. */
  ordersFor(user: DemoUser, limit: number, since?: string): Order[] {
    const out: Order[] = [];
    for (const o of this.orders.values()) {
      if (user.role !== "service" && o.username !== user.username) continue;
      if (since && o.created_at < since) continue;
      out.push(o);
    }
    out.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
    return out.slice(0, limit);
  }

  reviewsFor(productId: number): Review[] {
    return this.reviews.get(productId) ?? [];
  }

  addReview(productId: number, username: string, rating: number, text: string): Review {
    const review: Review = {
      id: this.nextReviewId++,
      product_id: productId,
      username,
      rating,
      text,
      created_at: this.nowIso(),
    };
    const list = this.reviews.get(productId) ?? [];
    list.push(review);
    if (list.length > MAX_REVIEWS_PER_PRODUCT) list.splice(0, list.length - MAX_REVIEWS_PER_PRODUCT);
    this.reviews.set(productId, list);
    return review;
  }

  reviewCount(username: string): number {
    let n = 0;
    for (const list of this.reviews.values()) for (const r of list) if (r.username === username) n++;
    return n;
  }
}
