/**
 * @module demo/routes/pages
 * The browser-facing side of the shop: server-rendered HTML pages with real
 * links (home, categories with pagination, products with related products),
 * the static assets, robots.txt (which asks crawlers to keep out of /api/ and
 * /cart), sitemap.xml and the health check. Crawlers in the simulator follow
 * these links, so the link graph is the site's real one.
 */
import type { Hono } from "hono";
import { APP_JS, FAVICON, STYLE_CSS } from "../assets.ts";
import type { Product } from "../catalog.ts";
import { type DemoDeps, type DemoEnv, problem } from "../context.ts";

const CATEGORY_PAGE_SIZE = 24;

function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function price(cents: number): string {
  return `€${(cents / 100).toFixed(2)}`;
}

function layout(title: string, data: Record<string, string | number>, body: string): string {
  const attrs = Object.entries(data)
    .map(([k, v]) => ` data-${k}="${esc(v)}"`)
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · Demo Shop</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="stylesheet" href="/static/style.css"><link rel="icon" href="/favicon.ico">
<script src="/static/app.js" defer></script></head>
<body${attrs}><header><a href="/">Demo Shop</a><form id="search"><input name="q" placeholder="Search"></form>
<span id="me"></span> Cart (<span id="cart-count">0</span>)</header>
<main>${body}</main></body></html>`;
}

function card(p: Product): string {
  return `<li><a href="/products/${esc(p.slug)}">${esc(p.name)}</a> <span class="price">${price(p.price_cents)}</span></li>`;
}

export function pageRoutes(app: Hono<DemoEnv>, deps: DemoDeps): void {
  const { store } = deps;
  const { categories, products } = store.catalog;
  const featured = [...products].sort((a, b) => b.rating - a.rating || a.id - b.id).slice(0, 12);

  app.get("/", (c) => {
    const cats = categories.map((k) => `<li><a href="/categories/${esc(k.slug)}">${esc(k.name)}</a></li>`).join("");
    return c.html(
      layout(
        "Home",
        { kind: "home" },
        `<h1>Welcome</h1><ul id="categories">${cats}</ul><h2>Popular</h2><ul class="grid">${featured.map(card).join("")}</ul>`,
      ),
    );
  });

  app.get("/categories/:slug", (c) => {
    const cat = categories.find((k) => k.slug === c.req.param("slug"));
    if (!cat) return problem(c, 404, "Not found", "No such category.");
    const inCat = products.filter((p) => p.category === cat.slug);
    const pages = Math.max(1, Math.ceil(inCat.length / CATEGORY_PAGE_SIZE));
    const pageText = c.req.query("page") ?? "1";
    const page = /^[0-9]{1,4}$/.test(pageText) ? Number(pageText) : 0;
    if (page < 1 || page > pages) return problem(c, 404, "Not found", "No such page.");
    const list = inCat.slice((page - 1) * CATEGORY_PAGE_SIZE, page * CATEGORY_PAGE_SIZE);
    const nav = Array.from(
      { length: pages },
      (_, i) => `<a href="/categories/${esc(cat.slug)}?page=${i + 1}">${i + 1}</a>`,
    );
    return c.html(
      layout(
        cat.name,
        { kind: "category", category: cat.slug, page },
        `<h1>${esc(cat.name)}</h1><ul class="grid" id="list">${list.map(card).join("")}</ul><nav class="pages">${nav.join("")}</nav>`,
      ),
    );
  });

  app.get("/products/:slug", (c) => {
    const p = store.productsBySlug.get(c.req.param("slug"));
    if (!p) return problem(c, 404, "Not found", "No product with this slug.");
    const idx = products.indexOf(p);
    const related = products
      .filter((q, i) => q.category === p.category && q !== p && Math.abs(i - idx) < 40)
      .slice(0, 4);
    return c.html(
      layout(
        p.name,
        { kind: "product", slug: p.slug, id: p.id },
        `<h1>${esc(p.name)}</h1><p class="price">${price(p.price_cents)}</p><p id="stock"></p><p>${esc(p.description)}</p>
<button id="add">Add to cart</button> <button id="checkout">Checkout</button>
<p>In <a href="/categories/${esc(p.category)}">${esc(p.category)}</a></p>
<h2>Reviews</h2><ul id="reviews"></ul><h2>Related</h2><ul class="grid">${related.map(card).join("")}</ul>`,
      ),
    );
  });

  const cacheFor = "public, max-age=3600";
  app.get("/static/app.js", (c) =>
    c.body(APP_JS, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": cacheFor }),
  );
  app.get("/static/style.css", (c) =>
    c.body(STYLE_CSS, 200, { "content-type": "text/css; charset=utf-8", "cache-control": cacheFor }),
  );
  app.get("/favicon.ico", (c) =>
    c.body(FAVICON.slice().buffer, 200, { "content-type": "image/x-icon", "cache-control": cacheFor }),
  );
  app.get("/robots.txt", (c) =>
    c.text("User-agent: *\nDisallow: /api/\nDisallow: /cart\nCrawl-delay: 2\n\nSitemap: /sitemap.xml\n"),
  );
  app.get("/sitemap.xml", (c) => {
    const urls = [
      "/",
      ...categories.map((k) => `/categories/${k.slug}`),
      ...products.map((p) => `/products/${p.slug}`),
    ];
    const body = urls.map((u) => `<url><loc>${esc(u)}</loc></url>`).join("");
    return c.body(
      `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${body}</urlset>`,
      200,
      { "content-type": "application/xml" },
    );
  });
  app.get("/healthz", (c) => c.json({ ok: true, products: products.length }));
}
