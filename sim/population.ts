/**
 * @module sim/population
 * The benign clients of a scenario and the verified crawlers. A client's
 * identity (address, browser, account) depends only on the seed, its kind
 * and its index, so the training day and the test period of one seed share
 * returning visitors; its behaviour stream also depends on the window, so the
 * same person does different things on another day. A mix count is the
 * number of clients that appear in the window: each gets at least one visit
 * inside it.
 */

import { Browser } from "./actors/browser.ts";
import { pickBot, politeCrawlScript } from "./actors/crawl.ts";
import { batchScript, integrationScript } from "./actors/integration.ts";
import { mobileScript } from "./actors/mobile.ts";
import { visitorScript } from "./actors/visitor.ts";
import { browserIdentity, INTEGRATION_UAS, mobileIdentity } from "./agents.ts";
import { type Kind, labelOf } from "./kinds.ts";
import type { NetworkKind } from "./net/ip-pool.ts";
import { Rng } from "./prng.ts";
import { diurnalTime } from "./profile.ts";
import type { Actor, Script } from "./types.ts";
import type { World } from "./world.ts";

export interface ClientSeeds {
  /** Identity stream: stable across windows. */
  id: Rng;
  /** Behaviour stream: differs per window and variant. */
  act: Rng;
  index: number;
}

export function clientSeeds(world: World, kind: Kind, index: number): ClientSeeds {
  const root = new Rng(world.profile.seed);
  return {
    id: root.fork(`${kind}#${index}`),
    act: root.fork(`${kind}#${index}@${world.start}:${world.profile.variant}`),
    index,
  };
}

export function rttFor(rng: Rng, network: NetworkKind): number {
  return network === "datacenter"
    ? rng.lognormal(8, 0.5)
    : network === "mobile"
      ? rng.lognormal(70, 0.4)
      : rng.lognormal(30, 0.4);
}

export function actor(kind: Kind, id: string, ip: string, rttMs: number, script: Script, campaign?: string): Actor {
  return { id, kind, label: labelOf(kind), ip, rttMs, script, ...(campaign ? { campaign } : {}) };
}

function browserVisitor(world: World, s: ClientSeeds, network?: NetworkKind, ip?: string) {
  const p = world.profile;
  const identity = browserIdentity(s.id, p.versions, p.browserMobileShare);
  const net = network ?? (identity.mobile && s.id.chance(0.5) ? "mobile" : "residential");
  const address = ip ?? world.ips.allocate(net, s.id);
  const account = s.id.chance(p.accountShare) ? world.customers[s.id.int(0, world.customers.length - 1)] : undefined;
  return { browser: new Browser(world, s.act, identity, address, account), net };
}

/** Regular visitors in browsers. */
export function humans(world: World, count: number, offset: number): Actor[] {
  const out: Actor[] = [];
  for (let i = 0; i < count; i++) {
    const s = clientSeeds(world, "human", offset + i);
    const { browser, net } = browserVisitor(world, s);
    const perDay = world.profile.visitsPerDay * s.id.gamma(1.5, 1 / 1.5);
    const first = diurnalTime(s.act, world.start, world.end - 60, world.profile.tzOffsetH);
    out.push(actor("human", `human#${s.index}`, browser.ip, rttFor(s.act, net), visitorScript(browser, first, perDay)));
  }
  return out;
}

export function mobileApps(
  world: World,
  count: number,
  offset: number,
  kind: Kind = "mobile_app",
  natIp?: string,
): Actor[] {
  const out: Actor[] = [];
  for (let i = 0; i < count; i++) {
    const s = clientSeeds(world, kind, offset + i);
    const net: NetworkKind = natIp || s.id.chance(0.7) ? "mobile" : "residential";
    const ip = natIp ?? world.ips.allocate(net, s.id);
    const account = world.customers[s.id.int(0, world.customers.length - 1)];
    if (!account) continue;
    const perDay = world.profile.mobileSessionsPerDay * s.id.gamma(2, 0.5);
    const first = diurnalTime(s.act, world.start, world.end - 30, world.profile.tzOffsetH);
    const script = mobileScript(
      { world, rng: s.act, id: mobileIdentity(s.id, world.profile.release), ip, account, ipChurn: natIp ? 0 : 0.25 },
      first,
      perDay,
    );
    out.push(actor(kind, `${kind}#${s.index}`, ip, rttFor(s.act, net), script));
  }
  return out;
}

export function integrations(world: World, count: number, offset: number): Actor[] {
  const out: Actor[] = [];
  const [lo, hi] = world.profile.integrationPeriodS;
  for (let i = 0; i < count; i++) {
    const s = clientSeeds(world, "api_integration", offset + i);
    const ip = world.ips.allocate("datacenter", s.id);
    const account = world.services[(offset + i) % world.services.length];
    if (!account) continue;
    const period = Math.round(s.id.float(lo, hi) / 15) * 15 || 30;
    const first = world.start + s.act.float(0, Math.min(period, (world.end - world.start) * 0.5));
    const script = integrationScript({ world, rng: s.act, ip, ua: s.id.pick(INTEGRATION_UAS), account }, first, period);
    out.push(actor("api_integration", `api_integration#${s.index}`, ip, rttFor(s.act, "datacenter"), script));
  }
  return out;
}

export function batchJobs(world: World, count: number, offset: number): Actor[] {
  const out: Actor[] = [];
  for (let i = 0; i < count; i++) {
    const s = clientSeeds(world, "batch_job", offset + i);
    const ip = world.ips.allocate("datacenter", s.id);
    const account = world.services[(offset + i + 1) % world.services.length];
    if (!account) continue;
    const cadence = s.id.pick([900, 3600, 21_600, 86_400]);
    const first = world.start + s.act.float(0, Math.min(cadence, (world.end - world.start) * 0.8));
    const script = batchScript(
      { world, rng: s.act, ip, ua: s.id.pick(INTEGRATION_UAS), account },
      first,
      cadence,
      s.id.chance(0.5),
    );
    out.push(actor("batch_job", `batch_job#${s.index}`, ip, rttFor(s.act, "datacenter"), script));
  }
  return out;
}

/**
 * A marketing peak: many new visitors landing on one product within minutes
 * (a newsletter for `flash_sale`, a social post for `flash_crowd`), keen to buy.
 */
export function flashEvent(world: World, kind: "flash_sale" | "flash_crowd", count: number): Actor[] {
  const ev = new Rng(world.profile.seed).fork(`${kind}@${world.start}`);
  const d = world.end - world.start;
  const eventStart = world.start + d * ev.float(0.1, 0.6);
  const width = Math.min(ev.float(600, 1800), d * 0.3);
  const product = ev.pick(world.catalog.products.filter((p) => p.stock > 0));
  const query =
    kind === "flash_sale"
      ? `?utm_source=newsletter&utm_medium=email&utm_campaign=flash-sale-${ev.int(1, 52)}`
      : `?utm_source=${ev.pick(["twitter", "reddit", "tiktok", "instagram"])}&utm_medium=social`;
  const referers =
    kind === "flash_sale"
      ? [undefined, "https://mail.google.com/"]
      : ["https://t.co/", "https://www.reddit.com/", "https://www.tiktok.com/", "https://l.instagram.com/"];
  const out: Actor[] = [];
  for (let i = 0; i < count; i++) {
    const s = clientSeeds(world, kind, i);
    const { browser, net } = browserVisitor(world, s, s.id.chance(0.55) ? "mobile" : "residential");
    const arrival = Math.min(world.end - 30, eventStart + s.act.exp(width / 3));
    const plan = {
      landing: { page: { kind: "product" as const, product }, query, referer: s.act.pick(referers) },
      pagesMean: 4,
      cartShare: 0.35,
    };
    out.push(
      actor(
        kind,
        `${kind}#${i}`,
        browser.ip,
        rttFor(s.act, net),
        visitorScript(browser, arrival, 0.3, plan),
        `${kind}#0`,
      ),
    );
  }
  return out;
}

/** Many people behind a few carrier NAT addresses (about 40 per address): browsers and app users mixed. */
export function bigNat(world: World, count: number): Actor[] {
  const out: Actor[] = [];
  const natRng = new Rng(world.profile.seed).fork("big_nat");
  const nats = Array.from({ length: Math.max(1, Math.ceil(count / 40)) }, () =>
    world.ips.allocate("mobile", natRng, { v6: 0 }),
  );
  for (let i = 0; i < count; i++) {
    const nat = nats[i % nats.length] as string;
    const s = clientSeeds(world, "big_nat", i);
    if (s.id.chance(0.3)) {
      out.push(...mobileApps(world, 1, 10_000 + i, "big_nat", nat));
      continue;
    }
    const { browser } = browserVisitor(world, s, "mobile", nat);
    const first = diurnalTime(s.act, world.start, world.end - 60, world.profile.tzOffsetH);
    const perDay = world.profile.visitsPerDay;
    out.push(
      actor(
        "big_nat",
        `big_nat#${i}`,
        nat,
        rttFor(s.act, "mobile"),
        visitorScript(browser, first, perDay),
        "big_nat#0",
      ),
    );
  }
  return out;
}

/** New visitors arriving at a rate that rises steadily across the window (a slow organic rise). */
export function dailyRise(world: World, count: number): Actor[] {
  const out: Actor[] = [];
  const d = world.end - world.start;
  for (let i = 0; i < count; i++) {
    const s = clientSeeds(world, "daily_rise", i);
    const { browser, net } = browserVisitor(world, s);
    let x = s.act.next();
    for (let k = 0; k < 100 && s.act.next() > 0.15 + 0.85 * x; k++) x = s.act.next();
    const first = world.start + x * (d - 60);
    out.push(
      actor("daily_rise", `daily_rise#${i}`, browser.ip, rttFor(s.act, net), visitorScript(browser, first, 0.5)),
    );
  }
  return out;
}

/** Verified crawlers: real user agents, addresses inside their published ranges, polite crawling. */
export function goodBots(world: World, count: number, offset: number): Actor[] {
  const out: Actor[] = [];
  for (let i = 0; i < count; i++) {
    const s = clientSeeds(world, "good_bot", offset + i);
    const bot = pickBot(s.id);
    const blocks = world.bots.blocks.get(bot.name) ?? [];
    if (blocks.length === 0) continue;
    const ips = Array.from({ length: s.id.int(1, 4) }, () => world.ips.allocateIn(blocks, s.id));
    const first = world.start + s.act.float(0, (world.end - world.start) * 0.5);
    const script = politeCrawlScript({ world, rng: s.act, bot, ips, style: "polite" }, first);
    out.push(
      actor("good_bot", `good_bot#${s.index}:${bot.name}`, ips[0] as string, rttFor(s.act, "datacenter"), script),
    );
  }
  return out;
}
