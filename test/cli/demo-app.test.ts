/**
 * The demo shop's routes through the real Hono app in-process: login and its
 * 401, the signed-in user, order ownership (403 vs 404), products by id and by
 * slug, pagination bounds, cart and checkout, reviews, pages and static files,
 * and problem+json for unknown paths. Delays are recorded, not slept.
 */
import { describe, expect, it } from "vitest";
import { createDemoApp } from "../../demo/app.ts";
import { DEMO_PROBLEM_PREFIX } from "../../demo/context.ts";
import { DEMO_USERS } from "../../demo/users.ts";

function shop() {
  const slept: number[] = [];
  let n = 0;
  const demo = createDemoApp({
    sleep: async (ms) => void slept.push(ms),
    randomU32: () => (n = (n * 1664525 + 1013904223) >>> 0),
  });
  return { ...demo, slept };
}

async function login(app: ReturnType<typeof shop>["app"], username: string, password: string) {
  return app.request("/api/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
}

async function tokenFor(app: ReturnType<typeof shop>["app"], username: string): Promise<string> {
  const u = DEMO_USERS.find((x) => x.username === username);
  const res = await login(app, username, u?.password ?? "");
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("demo shop", () => {
  it("logs in with a listed user, sets the session cookie and is slow like password hashing", async () => {
    const { app, slept } = shop();
    const res = await login(app, "alice", "alice-wonder-42");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; token_type: string; user: { username: string } };
    expect(body.token_type).toBe("Bearer");
    expect(body.user.username).toBe("alice");
    expect(res.headers.get("set-cookie")).toContain(`sid=${body.token}`);
    expect(slept[0]).toBeGreaterThanOrEqual(100);
    expect(slept[0]).toBeLessThanOrEqual(200);
    expect(res.headers.get("server-timing")).toBe(`app;dur=${slept[0]}`);
    const me = await app.request("/api/me", { headers: bearer(body.token) });
    expect(((await me.json()) as { username: string }).username).toBe("alice");
    const viaCookie = await app.request("/api/me", { headers: { cookie: `sid=${body.token}` } });
    expect(viaCookie.status).toBe(200);
  });

  it("answers 401 problem+json on bad credentials, 400 on a malformed body", async () => {
    const { app } = shop();
    for (const [u, p] of [
      ["alice", "wrong"],
      ["nobody", "alice-wonder-42"],
    ]) {
      const res = await login(app, u as string, p as string);
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const problem = (await res.json()) as { type: string; status: number };
      expect(problem.type.startsWith(DEMO_PROBLEM_PREFIX)).toBe(true);
      expect(problem.status).toBe(401);
      expect(res.headers.get("server-timing")).toMatch(/^app;dur=\d+$/);
    }
    const bad = await app.request("/api/login", { method: "POST", body: "{not json" });
    expect(bad.status).toBe(400);
    expect((await app.request("/api/me")).status).toBe(401);
  });

  it("finds products by numeric id and by slug, and they agree", async () => {
    const { app, store } = shop();
    const p = store.catalog.products[7];
    if (!p) throw new Error("catalogue too small");
    const byId = (await (await app.request(`/api/products/${p.id}`)).json()) as { slug: string };
    const bySlug = (await (await app.request(`/api/products/by-slug/${p.slug}`)).json()) as { id: number };
    expect(byId.slug).toBe(p.slug);
    expect(bySlug.id).toBe(p.id);
    const missing = await app.request("/api/products/999999999");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
    expect((await app.request(`/api/products/by-slug/${p.slug}-nope`)).status).toBe(404);
    expect((await app.request("/api/products/abc")).status).toBe(404);
  });

  it("paginates and filters the product list, rejecting bad bounds", async () => {
    const { app, store } = shop();
    const cat = store.catalog.categories[0]?.slug ?? "";
    const res = await app.request(`/api/products?page=1&per_page=5&category=${cat}`);
    const body = (await res.json()) as { items: Array<{ category: string }>; total: number; per_page: number };
    expect(body.items.length).toBeLessThanOrEqual(5);
    expect(body.items.every((i) => i.category === cat)).toBe(true);
    expect(body.total).toBe(store.catalog.products.filter((p) => p.category === cat).length);
    for (const q of ["page=0", "per_page=101", "page=x"])
      expect((await app.request(`/api/products?${q}`)).status).toBe(400);
  });

  it("searches slowly (50-150 ms) and requires q", async () => {
    const { app, slept } = shop();
    const res = await app.request("/api/search?q=wireless");
    expect(res.status).toBe(200);
    expect(slept[0]).toBeGreaterThanOrEqual(50);
    expect(slept[0]).toBeLessThanOrEqual(150);
    expect((await app.request("/api/search")).status).toBe(400);
  });

  it("turns a cart into an order by UUID; another user gets 403, an unknown id 404", async () => {
    const { app, store } = shop();
    const alice = await tokenFor(app, "alice");
    const bob = await tokenFor(app, "bob");
    const product = store.catalog.products.find((p) => p.stock > 0);
    if (!product) throw new Error("no product in stock");
    expect((await app.request("/api/cart")).status).toBe(401);
    const add = await app.request("/api/cart", {
      method: "POST",
      headers: { ...bearer(alice), "content-type": "application/json" },
      body: JSON.stringify({ product_id: product.id, quantity: 2 }),
    });
    expect(add.status).toBe(201);
    const item = await app.request(`/api/cart/items/${product.id}`, { headers: bearer(alice) });
    expect(((await item.json()) as { quantity: number }).quantity).toBe(2);
    const order = await app.request("/api/orders", { method: "POST", headers: bearer(alice) });
    expect(order.status).toBe(201);
    const { id } = (await order.json()) as { id: string };
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((await app.request(`/api/orders/${id}`, { headers: bearer(alice) })).status).toBe(200);
    const other = await app.request(`/api/orders/${id}`, { headers: bearer(bob) });
    expect(other.status).toBe(403);
    expect(other.headers.get("content-type")).toBe("application/problem+json");
    const unknown = await app.request("/api/orders/00000000-0000-4000-8000-000000000000", { headers: bearer(bob) });
    expect(unknown.status).toBe(404);
    const svc = await tokenFor(app, "svc-erp");
    expect((await app.request(`/api/orders/${id}`, { headers: bearer(svc) })).status).toBe(200);
    expect((await app.request("/api/orders", { method: "POST", headers: bearer(alice) })).status).toBe(409);
  });

  it("lists and accepts reviews; posting needs a user and a valid rating", async () => {
    const { app, store } = shop();
    const p = store.catalog.products[0];
    if (!p) throw new Error("empty catalogue");
    const body = JSON.stringify({ rating: 4, text: "fine" });
    const post = (headers: Record<string, string>, b = body) =>
      app.request(`/api/products/${p.id}/reviews`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: b,
      });
    expect((await post({})).status).toBe(401);
    const token = await tokenFor(app, "carol");
    expect((await post(bearer(token), JSON.stringify({ rating: 9, text: "x" }))).status).toBe(400);
    expect((await post(bearer(token))).status).toBe(201);
    const list = (await (await app.request(`/api/products/${p.id}/reviews`)).json()) as {
      items: unknown[];
      total: number;
    };
    expect(list.total).toBeGreaterThan(0);
    expect((await app.request("/api/users/carol")).status).toBe(200);
    expect((await app.request("/api/users/svc-erp")).status).toBe(404);
  });

  it("serves pages with real links, static files, robots.txt and health", async () => {
    const { app, store } = shop();
    const home = await (await app.request("/")).text();
    const p = store.catalog.products[3];
    if (!p) throw new Error("empty catalogue");
    expect(home).toContain('href="/categories/');
    const page = await app.request(`/products/${p.slug}`);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain(`data-id="${p.id}"`);
    expect((await app.request("/static/app.js")).headers.get("content-type")).toContain("javascript");
    expect((await app.request("/static/style.css")).status).toBe(200);
    const ico = await app.request("/favicon.ico");
    expect(new Uint8Array(await ico.arrayBuffer()).byteLength).toBe(70);
    expect(await (await app.request("/robots.txt")).text()).toContain("Disallow: /api/");
    expect(((await (await app.request("/healthz")).json()) as { ok: boolean }).ok).toBe(true);
  });

  it("answers 404 problem+json for unknown paths and methods", async () => {
    const { app } = shop();
    for (const [method, path] of [
      ["GET", "/nope"],
      ["GET", "/.env"],
      ["PUT", "/api/products/1"],
      ["GET", "/products/does-not-exist"],
    ]) {
      const res = await app.request(path as string, { method });
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const body = (await res.json()) as { type: string; status: number };
      expect(body.type).toBe(`${DEMO_PROBLEM_PREFIX}404`);
    }
  });

  it("builds the same catalogue for the same seed and a different one for another", async () => {
    const a = createDemoApp({ seed: 5 }).store.catalog;
    const b = createDemoApp({ seed: 5 }).store.catalog;
    const c = createDemoApp({ seed: 6 }).store.catalog;
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a.products)).not.toBe(JSON.stringify(c.products));
    expect(new Set(a.products.map((p) => p.slug)).size).toBe(a.products.length);
    expect(a.users.filter((u) => DEMO_USERS.includes(u)).length).toBe(DEMO_USERS.length);
  });
});
