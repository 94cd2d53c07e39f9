/**
 * @module sim/bots
 * Verified crawlers as the simulator plays them: their real user-agent
 * strings, their habits, and their published IP ranges, read from the offline
 * copies in ../shared/corpus/bots/*.json (publisher shape
 * `{"prefixes":[{"ipv4Prefix"}|{"ipv6Prefix"}]}`, see that folder's README).
 * `APIWARD_BOTS_DIR` points elsewhere. When the folder is missing (a fresh
 * clone without the shared corpus) a few prefixes copied from those files are
 * used instead, and `source` says so. Node-only (reads files).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Cidr, parseCidr } from "./net/cidr.ts";

export interface BotProfile {
  name: string;
  /** File in the corpus folder. */
  file: string;
  /** UA strings the crawler really sends (token included). */
  userAgents: readonly string[];
  /** Median seconds between its requests to one site. */
  medianGapS: number;
  /** Share of pages whose scripts and API calls it renders (Googlebot's WRS does). */
  renders: number;
  /** Relative share among good bots. */
  weight: number;
}

export const BOT_PROFILES: readonly BotProfile[] = [
  {
    name: "googlebot",
    file: "googlebot.json",
    userAgents: [
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/131.0.6778.204 Safari/537.36",
      "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.204 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    ],
    medianGapS: 8,
    renders: 0.3,
    weight: 4,
  },
  {
    name: "bingbot",
    file: "bingbot.json",
    userAgents: [
      "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
      "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36",
    ],
    medianGapS: 15,
    renders: 0.1,
    weight: 2,
  },
  {
    name: "applebot",
    file: "applebot.json",
    userAgents: [
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
    ],
    medianGapS: 20,
    renders: 0.1,
    weight: 1,
  },
  {
    name: "duckduckbot",
    file: "duckduckbot.json",
    userAgents: ["DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)"],
    medianGapS: 30,
    renders: 0,
    weight: 1,
  },
  {
    name: "gptbot",
    file: "gptbot.json",
    userAgents: [
      "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)",
      "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.1; +https://openai.com/gptbot)",
    ],
    medianGapS: 4,
    renders: 0,
    weight: 1.5,
  },
  {
    name: "ccbot",
    file: "ccbot.json",
    userAgents: ["CCBot/2.0 (https://commoncrawl.org/faq/)"],
    medianGapS: 6,
    renders: 0,
    weight: 1,
  },
];

/** A few real prefixes per crawler, copied from the corpus files, for when the folder is absent. */
const FALLBACK: Record<string, readonly string[]> = {
  googlebot: ["66.249.66.0/27", "66.249.66.32/27", "66.249.66.64/27", "2001:4860:4801:10::/64"],
  bingbot: ["157.55.39.0/24", "207.46.13.0/24", "40.77.167.0/24"],
  applebot: ["17.241.208.160/27", "17.241.193.160/27", "17.241.200.160/27"],
  duckduckbot: ["4.144.182.50/32", "4.149.142.7/32", "4.149.159.71/32"],
  gptbot: ["132.196.86.0/24", "172.182.202.0/25", "172.182.204.0/24"],
  ccbot: ["18.97.9.168/29", "18.97.14.80/29", "2600:1f28:365:80b0::/60"],
};

export interface BotRanges {
  /** Where the prefixes came from: the folder read, or "built-in fallback". */
  source: string;
  /** Prefix texts per crawler name, as published. */
  prefixes: Map<string, string[]>;
  /** Parsed blocks per crawler name. */
  blocks: Map<string, Cidr[]>;
  /** Every block of every crawler (for "outside all published ranges" checks). */
  all: Cidr[];
}

/** The corpus folder: `APIWARD_BOTS_DIR`, else ../shared/corpus/bots beside the repository. */
export function defaultBotsDir(): string {
  return process.env.APIWARD_BOTS_DIR ?? fileURLToPath(new URL("../../shared/corpus/bots/", import.meta.url));
}

function prefixesOf(json: unknown): string[] {
  const list = (json as { prefixes?: unknown })?.prefixes;
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const p of list) {
    const o = p as { ipv4Prefix?: unknown; ipv6Prefix?: unknown };
    const text = typeof o?.ipv4Prefix === "string" ? o.ipv4Prefix : o?.ipv6Prefix;
    if (typeof text === "string") out.push(text);
  }
  return out;
}

/** Reads every crawler's published ranges; unreadable files fall back per crawler, never throw. */
export function loadBotRanges(dir = defaultBotsDir()): BotRanges {
  const prefixes = new Map<string, string[]>();
  const haveDir = existsSync(dir);
  let usedFallback = !haveDir;
  for (const bot of BOT_PROFILES) {
    let list: string[] = [];
    if (haveDir) {
      try {
        list = prefixesOf(JSON.parse(readFileSync(join(dir, bot.file), "utf8")));
      } catch {
        list = [];
      }
    }
    if (list.length === 0) {
      usedFallback = true;
      list = [...(FALLBACK[bot.name] ?? [])];
    }
    prefixes.set(bot.name, list);
  }
  const blocks = new Map<string, Cidr[]>();
  const all: Cidr[] = [];
  for (const [name, list] of prefixes) {
    const parsed = list.map(parseCidr).filter((c): c is Cidr => c !== undefined);
    blocks.set(name, parsed);
    all.push(...parsed);
  }
  const source = haveDir
    ? usedFallback
      ? `${dir} (some files missing: built-in fallback used)`
      : dir
    : "built-in fallback";
  return { source, prefixes, blocks, all };
}
