/**
 * @module sim/world
 * What every actor of one scenario shares: the profile, the shop's catalogue
 * (the same seeded data the in-process app serves, so actors know real ids,
 * slugs and passwords), the IP allocator, the crawlers' ranges, the time
 * window, and helpers to make steps. Actors keep their own state; campaign
 * state shared by many IPs lives in the campaign objects of sim/actors.
 */
import type { Catalog, Product } from "../demo/catalog.ts";
import type { DemoUser } from "../demo/users.ts";
import type { Intensity } from "./actors/disguise.ts";
import type { BotRanges } from "./bots.ts";
import type { IpAllocator } from "./net/ip-pool.ts";
import type { Profile } from "./profile.ts";
import type { Step } from "./types.ts";

export interface World {
  profile: Profile;
  catalog: Catalog;
  /** Public origin of the shop, for Referer/Origin headers. */
  origin: string;
  start: number;
  end: number;
  ips: IpAllocator;
  bots: BotRanges;
  customers: DemoUser[];
  services: DemoUser[];
  productsByCategory: Map<string, Product[]>;
  productBySlug: Map<string, Product>;
  /** Words people search for (product nouns, brands, categories, typos). */
  searchTerms: string[];
  /** Attack intensities in use (default all three; the live demo keeps the visible ones). */
  attackLevels: Intensity[];
}

export function makeWorld(
  w: Omit<World, "customers" | "services" | "productsByCategory" | "productBySlug" | "searchTerms" | "attackLevels"> & {
    attackLevels?: Intensity[];
  },
): World {
  const byCat = new Map<string, Product[]>();
  for (const p of w.catalog.products) byCat.set(p.category, [...(byCat.get(p.category) ?? []), p]);
  const words = new Set<string>();
  for (const p of w.catalog.products) for (const part of p.name.toLowerCase().split(" ")) words.add(part);
  for (const c of w.catalog.categories) words.add(c.name.toLowerCase().split(" ")[0] ?? c.slug);
  return {
    ...w,
    customers: w.catalog.users.filter((u) => u.role === "customer"),
    services: w.catalog.users.filter((u) => u.role === "service"),
    productsByCategory: byCat,
    productBySlug: new Map(w.catalog.products.map((p) => [p.slug, p])),
    searchTerms: [...words].sort(),
    attackLevels: w.attackLevels?.length ? w.attackLevels : ["fast", "medium", "slow"],
  };
}

/** A step; `body` objects are serialised as JSON. */
export function step(
  at: number,
  method: string,
  url: string,
  headers: Record<string, string>,
  extra: { body?: unknown; ip?: string; identity?: string } = {},
): Step {
  const s: Step = { at, method, url, headers };
  if (extra.body !== undefined) s.body = typeof extra.body === "string" ? extra.body : JSON.stringify(extra.body);
  if (extra.ip) s.ip = extra.ip;
  if (extra.identity) s.identity = extra.identity;
  return s;
}

/** Parses a JSON response body; undefined when it is not JSON. */
export function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
