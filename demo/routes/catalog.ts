/**
 * @module demo/routes/catalog
 * Categories, products (by numeric id and by slug, paginated lists), search
 * (slow on purpose: 50-150 ms, as a full-text query is) and reviews.
 */
import type { Hono } from "hono";
import { requireUser } from "../auth.ts";
import type { Product } from "../catalog.ts";
import { type DemoDeps, type DemoEnv, jsonBody, problem, slowDown } from "../context.ts";

/** Defaults and bounds of `page`/`per_page`: 20 per page, at most 100. */
const PER_PAGE_DEFAULT = 20;
const PER_PAGE_MAX = 100;

/** Parses a positive integer query value; `fallback` when absent, undefined when malformed. */
function positiveInt(value: string | undefined, fallback: number, max: number): number | undefined {
  if (value === undefined || value === "") return fallback;
  if (!/^[0-9]{1,6}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 && n <= max ? n : undefined;
}

function summary(p: Product) {
  return { id: p.id, slug: p.slug, name: p.name, category: p.category, price_cents: p.price_cents, rating: p.rating };
}

export function catalogRoutes(app: Hono<DemoEnv>, deps: DemoDeps): void {
  const { store } = deps;

  app.get("/api/categories", (c) =>
    c.json({
      categories: store.catalog.categories.map((cat) => ({
        ...cat,
        products: store.catalog.products.filter((p) => p.category === cat.slug).length,
      })),
    }),
  );

  app.get("/api/products", (c) => {
    const page = positiveInt(c.req.query("page"), 1, 100_000);
    const perPage = positiveInt(c.req.query("per_page"), PER_PAGE_DEFAULT, PER_PAGE_MAX);
    if (page === undefined || perPage === undefined)
      return problem(c, 400, "Bad request", `page must be >= 1 and per_page within 1..${PER_PAGE_MAX}.`);
    const category = c.req.query("category");
    const all = category ? store.catalog.products.filter((p) => p.category === category) : store.catalog.products;
    const items = all.slice((page - 1) * perPage, page * perPage).map(summary);
    return c.json({ items, page, per_page: perPage, total: all.length, pages: Math.ceil(all.length / perPage) });
  });

  app.get("/api/products/by-slug/:slug", (c) => {
    const p = store.productsBySlug.get(c.req.param("slug"));
    return p ? c.json(p) : problem(c, 404, "Not found", "No product with this slug.");
  });

  app.get("/api/products/:id{[0-9]{1,9}}", (c) => {
    const p = store.productsById.get(Number(c.req.param("id")));
    return p ? c.json(p) : problem(c, 404, "Not found", "No product with this id.");
  });

  app.get("/api/products/:id{[0-9]{1,9}}/reviews", (c) => {
    const p = store.productsById.get(Number(c.req.param("id")));
    if (!p) return problem(c, 404, "Not found", "No product with this id.");
    const page = positiveInt(c.req.query("page"), 1, 10_000);
    if (page === undefined) return problem(c, 400, "Bad request", "page must be >= 1.");
    const all = store.reviewsFor(p.id);
    return c.json({ items: all.slice((page - 1) * 10, page * 10), page, total: all.length });
  });

  app.post("/api/products/:id{[0-9]{1,9}}/reviews", requireUser, async (c) => {
    const user = c.get("user");
    const p = store.productsById.get(Number(c.req.param("id")));
    if (!p) return problem(c, 404, "Not found", "No product with this id.");
    const body = await jsonBody(c);
    const rating = body?.rating;
    const text = body?.text;
    if (typeof rating !== "number" || !Number.isInteger(rating) || rating < 1 || rating > 5)
      return problem(c, 400, "Bad request", "rating must be an integer 1..5.");
    if (typeof text !== "string" || text.length > 2000)
      return problem(c, 400, "Bad request", "text must be a string of at most 2000 characters.");
    if (!user) return problem(c, 401, "Authentication required");
    return c.json(store.addReview(p.id, user.username, rating, text), 201);
  });

  app.get("/api/search", async (c) => {
    const q = c.req.query("q");
    if (!q || q.length > 200) return problem(c, 400, "Bad request", "q is required (1..200 characters).");
    await slowDown(c, deps, 50, 150);
    const items = store.search(q, 20).map(summary);
    return c.json({ q, items, total: items.length });
  });
}
