/**
 * @module sim/actors/scrapers
 * Bulk readers of the catalogue. The fast scraper reads the API: list pages,
 * then every product by id (walking ids in order, gaps included) or by slug,
 * with reviews. The slow scraper is a headless browser paced like a person,
 * loading real pages with their assets and API calls, but it reads the whole
 * catalogue, category by category, far more than any visitor. The
 * distributed scraper spreads one crawl over a pool of proxy addresses, each
 * taking the next item of a shared queue.
 */

import type { Rng } from "../prng.ts";
import { machineGap, thinkTime } from "../profile.ts";
import type { Outcome, Script } from "../types.ts";
import { parseJson, step, type World } from "../world.ts";
import { type Browser, loadPage, type Page } from "./browser.ts";
import type { Disguise } from "./disguise.ts";

export interface ScraperClient {
  world: World;
  rng: Rng;
  disguise: Disguise;
  meanGapS: number;
}

export function* scraperScript(c: ScraperClient, first: number): Script {
  const { world: w, rng: r, disguise: d } = c;
  const mode = r.weighted<"list" | "walk" | "slug">([
    ["list", 0.4],
    ["walk", 0.4],
    ["slug", 0.2],
  ]);
  const reviews = r.chance(0.5);
  const gap = () => machineGap(r, c.meanGapS, w.profile.pacing);
  let t = first;
  const targets: string[] = [];
  if (mode === "walk") {
    const ids = w.catalog.products.map((p) => p.id);
    const lo = Math.min(...ids);
    const hi = Math.max(...ids) + r.int(5, 40);
    for (let id = lo; id <= hi; id++) targets.push(`/api/products/${id}`);
  } else if (mode === "list") {
    const perPage = r.pick([20, 50, 100]);
    for (let page = 1; page <= 200 && t < w.end; page++) {
      const res: Outcome = yield step(t, "GET", `/api/products?page=${page}&per_page=${perPage}`, d.headers("fetch"));
      t = res.ts + gap();
      const body = parseJson<{ items?: Array<{ id: number }>; pages?: number }>(res.text);
      for (const it of body?.items ?? []) targets.push(`/api/products/${it.id}`);
      if (!body?.pages || page >= body.pages) break;
    }
  } else {
    const map: Outcome = yield step(t, "GET", "/sitemap.xml", d.headers("document"));
    t = map.ts + gap();
    for (const m of map.text.matchAll(/<loc>\/products\/([^<]+)<\/loc>/g))
      targets.push(`/api/products/by-slug/${m[1]}`);
  }
  for (const url of targets) {
    if (t >= w.end) return;
    const res: Outcome = yield step(t, "GET", url, d.headers("fetch"));
    t = res.ts + gap();
    const id = parseJson<{ id?: number }>(res.text)?.id;
    if (reviews && res.status === 200 && id !== undefined) {
      const rv: Outcome = yield step(t, "GET", `/api/products/${id}/reviews`, d.headers("fetch"));
      t = rv.ts + gap();
    }
  }
}

/** A headless browser reading every product page, one category page at a time, at a person's pace. */
export function* slowScraperScript(b: Browser, first: number, medianGapS: number): Script {
  const w = b.world;
  const r = b.rng;
  const model = { ...w.profile.think, medianS: medianGapS };
  let t = first;
  for (let pass = 0; pass < 20 && t < w.end; pass++) {
    for (const cat of r.shuffle(w.catalog.categories)) {
      const products = w.productsByCategory.get(cat.slug) ?? [];
      const pages = Math.max(1, Math.ceil(products.length / 24));
      for (let page = 1; page <= pages && t < w.end; page++) {
        const listing: Page = { kind: "category", slug: cat.slug, page };
        t = (yield* loadPage(b, t, listing)) + thinkTime(r, model);
        for (const product of products.slice((page - 1) * 24, page * 24)) {
          if (t >= w.end) return;
          t =
            (yield* loadPage(b, t, { kind: "product", product }, { referer: `${w.origin}/categories/${cat.slug}` })) +
            thinkTime(r, model);
        }
      }
    }
    // Price monitoring: another full pass after a pause.
    t += r.float(600, 3600);
  }
}

/** What a distributed scrape still has to fetch, shared by every proxy address. */
export class ScrapeQueue {
  private i = 0;
  readonly items: string[];
  constructor(rng: Rng, world: World) {
    const pass = () =>
      rng.shuffle(
        world.catalog.products.flatMap((p) =>
          rng.chance(0.25)
            ? [`/products/${p.slug}`]
            : [`/api/products/${p.id}`, ...(rng.chance(0.4) ? [`/api/products/${p.id}/reviews`] : [])],
        ),
      );
    // Two passes: the catalogue, then again for price and stock changes.
    this.items = [...pass(), ...pass()];
  }
  next(): string | undefined {
    return this.items[this.i++];
  }
}

export interface ScrapeMember {
  world: World;
  rng: Rng;
  disguise: Disguise;
  queue: ScrapeQueue;
  /** Mean seconds between this address's requests. */
  meanGapS: number;
  from: number;
}

export function* scrapeMemberScript(m: ScrapeMember): Script {
  const { world: w, rng: r, disguise: d } = m;
  let t = m.from + r.exp(m.meanGapS);
  for (let i = 0; i < 10_000 && t < w.end; i++) {
    const url = m.queue.next();
    if (!url) return;
    const res: Outcome = yield step(t, "GET", url, d.headers(url.startsWith("/api") ? "fetch" : "document"));
    t = res.ts + machineGap(r, m.meanGapS, w.profile.pacing);
  }
}
