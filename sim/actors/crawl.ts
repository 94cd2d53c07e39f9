/**
 * @module sim/actors/crawl
 * Link-following clients. Verified crawlers (good bots) read robots.txt and
 * the sitemap, keep out of disallowed paths, pace themselves and come from
 * their published ranges with their real user agents. Impostors (fake bots)
 * claim those user agents from elsewhere, and either mimic the polite pattern
 * or crawl and scrape aggressively. Unlabelled crawlers walk the link graph
 * breadth-first at machine pace. Links come from the pages the shop really
 * returned.
 */
import { BOT_PROFILES, type BotProfile } from "../bots.ts";
import { libraryHeaders } from "../headers.ts";
import type { Rng } from "../prng.ts";
import { machineGap } from "../profile.ts";
import type { Outcome, Script } from "../types.ts";
import { step, type World } from "../world.ts";

const HREF = /(?:href|src)="(\/[^"#]*)"/g;
const LOC = /<loc>([^<]+)<\/loc>/g;

/** Same-site links of a page (paths only), in document order, deduplicated. */
export function extractLinks(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(HREF)) if (m[1]) out.add(m[1].replace(/&amp;/g, "&"));
  return [...out];
}

export function sitemapUrls(xml: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(LOC)) if (m[1]) out.push(m[1].replace(/^https?:\/\/[^/]+/, ""));
  return out;
}

function disallowed(path: string): boolean {
  return path.startsWith("/api/") || path.startsWith("/cart");
}

function botHeaders(bot: BotProfile, ua: string): Record<string, string> {
  const accept =
    bot.name === "bingbot" || bot.name === "duckduckbot"
      ? "*/*"
      : "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
  const extra: Record<string, string> = {};
  if (bot.name === "googlebot") extra.from = "googlebot(at)googlebot.com";
  if (bot.name === "bingbot") extra.from = "bingbot(at)microsoft.com";
  const h = libraryHeaders(ua, { accept, extra });
  h["accept-encoding"] = "gzip, deflate, br";
  return h;
}

export function pickBot(rng: Rng): BotProfile {
  return rng.weighted(BOT_PROFILES.map((b) => [b, b.weight] as const));
}

export interface CrawlClient {
  world: World;
  rng: Rng;
  bot: BotProfile;
  /** Addresses the crawler spreads its fetches over (one or a few, all inside its ranges for a real bot). */
  ips: string[];
  /** Impostors: how they behave. */
  style: "polite" | "aggressive";
}

/** A verified crawler or a polite impostor: robots.txt, sitemap, then pages at the crawler's pace. */
export function* politeCrawlScript(c: CrawlClient, first: number): Script {
  const { world: w, rng: r, bot } = c;
  const ua = r.pick(bot.userAgents);
  const headers = botHeaders(bot, ua);
  const ipFor = () => r.pick(c.ips);
  let t = first;
  const robots = yield step(t, "GET", "/robots.txt", headers, { ip: ipFor() });
  t = robots.end + r.lognormal(bot.medianGapS, 0.6);
  let queue: string[] = ["/"];
  if (r.chance(0.7)) {
    const map = yield step(t, "GET", "/sitemap.xml", headers, { ip: ipFor() });
    queue = r.shuffle(sitemapUrls(map.text));
    t = map.end + r.lognormal(bot.medianGapS, 0.6);
  }
  const seen = new Set<string>();
  const budget = r.int(30, 400);
  for (let n = 0; n < budget && queue.length && t < w.end; n++) {
    const path = queue.shift() as string;
    if (seen.has(path) || disallowed(path)) continue;
    seen.add(path);
    const res: Outcome = yield step(t, "GET", path, headers, { ip: ipFor() });
    if (res.text.startsWith("<!doctype")) {
      for (const link of extractLinks(res.text)) if (!seen.has(link) && !link.startsWith("/static/")) queue.push(link);
      if (r.chance(bot.renders)) {
        // Rendering fetches the page's script and style (robots.txt allows /static/).
        yield step(res.end + 0.5, "GET", "/static/app.js", headers, { ip: ipFor() });
        yield step(res.end + 0.6, "GET", "/static/style.css", headers, { ip: ipFor() });
      }
    }
    t = res.end + r.lognormal(bot.medianGapS, 0.8);
  }
}

/** An impostor crawling fast and reading the API too, ignoring robots.txt. */
export function* aggressiveFakeBotScript(c: CrawlClient, first: number, meanGapS: number): Script {
  const { world: w, rng: r } = c;
  const headers = botHeaders(c.bot, r.pick(c.bot.userAgents));
  const queue: string[] = ["/", "/robots.txt"];
  for (let page = 1; page <= 4; page++) queue.push(`/api/products?page=${page}&per_page=100`);
  const seen = new Set<string>();
  let t = first;
  const budget = r.int(150, 700);
  for (let n = 0; n < budget && queue.length && t < w.end; n++) {
    const path = queue.shift() as string;
    if (seen.has(path)) continue;
    seen.add(path);
    const res: Outcome = yield step(t, "GET", path, headers, { ip: c.ips[0] });
    if (res.text.startsWith("<!doctype")) for (const link of extractLinks(res.text)) queue.push(link);
    if (path.startsWith("/products/") && r.chance(0.5)) {
      const p = w.productBySlug.get(path.slice("/products/".length));
      if (p) queue.unshift(`/api/products/${p.id}`, `/api/products/${p.id}/reviews`);
    }
    t = res.ts + machineGap(r, meanGapS, w.profile.pacing);
  }
}

export interface CrawlerClient {
  world: World;
  rng: Rng;
  /** One UA, or several rotated. */
  uas: string[];
  meanGapS: number;
}

/** Breadth-first over every link, at machine pace; fetches robots.txt only to ignore it. */
export function* crawlerScript(c: CrawlerClient, first: number): Script {
  const { world: w, rng: r } = c;
  const queue: string[] = r.chance(0.3) ? ["/robots.txt", "/"] : ["/"];
  const seen = new Set<string>();
  let t = first;
  let ua = r.pick(c.uas);
  const headersFor = (): Record<string, string> => {
    if (c.uas.length > 1 && (w.profile.rotatePerRequest || r.chance(0.05))) ua = r.pick(c.uas);
    return libraryHeaders(ua, { accept: "text/html,application/xhtml+xml,*/*;q=0.8" });
  };
  const budget = r.int(200, 1200);
  for (let n = 0; n < budget && queue.length && t < w.end; n++) {
    const path = queue.shift() as string;
    if (seen.has(path)) continue;
    seen.add(path);
    const res: Outcome = yield step(t, "GET", path, headersFor());
    if (res.text.startsWith("<!doctype")) for (const link of extractLinks(res.text)) queue.push(link);
    t = res.end + machineGap(r, c.meanGapS, w.profile.pacing);
  }
}
