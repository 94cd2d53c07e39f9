/**
 * @module sim/campaigns
 * The attacking clients of a scenario, each kind at several intensities
 * (fast, medium, slow: the last human-paced or low-and-slow), with varied
 * disguises (tool user agents, spoofed browser user agents, real headless
 * browsers, rotation). Distributed kinds are one campaign whose mix count is
 * its number of source addresses, clustered in a few subnets now and then as
 * botnets are.
 */

import { botnetLoginScript, CredentialQueue, comboList, dictionary, loginAttackScript } from "./actors/auth-attacks.ts";
import { Browser } from "./actors/browser.ts";
import { aggressiveFakeBotScript, crawlerScript, pickBot, politeCrawlScript } from "./actors/crawl.ts";
import { attackStart, Disguise, type DisguiseStyle, gapFor, type Intensity, pickIntensity } from "./actors/disguise.ts";
import { enumerationScript } from "./actors/enumeration.ts";
import { type FloodTarget, floodScript } from "./actors/floods.ts";
import { injectorScript, ProbeQueue, probeList, scanMemberScript, scannerScript } from "./actors/probes.ts";
import { ScrapeQueue, scrapeMemberScript, scraperScript, slowScraperScript } from "./actors/scrapers.ts";
import { browserIdentity, CRAWLER_UAS, SCANNER_UAS, SQLMAP_UA, TOOL_UAS } from "./agents.ts";
import { BOT_PROFILES, type BotProfile } from "./bots.ts";
import type { Kind } from "./kinds.ts";
import type { NetworkKind } from "./net/ip-pool.ts";
import { actor, clientSeeds, rttFor } from "./population.ts";
import { Rng } from "./prng.ts";
import type { Actor } from "./types.ts";
import { TARGET_USERS } from "./wordlists.ts";
import type { World } from "./world.ts";

function net(rng: Rng, datacenter: number): NetworkKind {
  return rng.chance(datacenter) ? "datacenter" : rng.chance(0.8) ? "residential" : "mobile";
}

/** One attacking client per mix unit; `build` makes its script. */
function each(
  world: World,
  kind: Kind,
  count: number,
  datacenter: number,
  build: (s: ReturnType<typeof clientSeeds>, intensity: Intensity, ip: string) => Actor["script"],
): Actor[] {
  const out: Actor[] = [];
  // The first three clients of a kind cover every intensity (rotated per seed); later ones draw by weight.
  const levels = world.attackLevels;
  const rotate = new Rng(world.profile.seed).fork(`${kind}:levels`).int(0, 2);
  for (let i = 0; i < count; i++) {
    const s = clientSeeds(world, kind, i);
    const intensity =
      i < levels.length ? (levels[(i + rotate) % levels.length] as Intensity) : pickIntensity(s.act, world);
    const network = net(s.act, datacenter);
    const ip = world.ips.allocate(network, s.act);
    out.push(actor(kind, `${kind}#${i}:${intensity}`, ip, rttFor(s.act, network), build(s, intensity, ip)));
  }
  return out;
}

export function attackers(world: World, kind: Kind, count: number): Actor[] {
  const r = (s: { act: Rng }) => s.act;
  switch (kind) {
    case "scanner":
      return each(world, kind, count, 0.8, (s, level) => {
        const style = r(s).weighted<DisguiseStyle>([
          ["tool", 0.6],
          ["spoofed", 0.3],
          ["browser", 0.1],
        ]);
        const disguise = new Disguise(world, s.act, { style, toolUas: SCANNER_UAS, rotate: s.act.chance(0.3) });
        const meanGapS = gapFor(s.act, level, { fast: [0.05, 0.3], medium: [0.8, 3], slow: [15, 60] });
        return scannerScript(
          { world, rng: s.act, disguise, meanGapS, probes: probeList(s.act, world) },
          attackStart(s.act, world, level),
        );
      });
    case "crawler":
      return each(world, kind, count, 0.7, (s, level) => {
        const rotating = s.act.chance(0.3);
        const uas = rotating
          ? Array.from({ length: 20 }, () => browserIdentity(s.act, world.profile.versions, 0.3).ua)
          : [s.act.pick(CRAWLER_UAS)];
        const meanGapS = gapFor(s.act, level, { fast: [0.1, 0.5], medium: [1, 3], slow: [5, 15] });
        return crawlerScript({ world, rng: s.act, uas, meanGapS }, attackStart(s.act, world, level));
      });
    case "scraper":
      return each(world, kind, count, 0.6, (s, level) => {
        const disguise = new Disguise(world, s.act, { rotate: s.act.chance(0.35) });
        const meanGapS = gapFor(s.act, level, { fast: [0.05, 0.3], medium: [0.5, 2.5], slow: [0.5, 2.5] });
        return scraperScript(
          { world, rng: s.act, disguise, meanGapS },
          attackStart(s.act, world, level === "slow" ? "medium" : level),
        );
      });
    case "scraper_slow":
      return each(world, kind, count, 0.5, (s, _level, ip) => {
        const browser = new Browser(world, s.act, browserIdentity(s.act, world.profile.versions, 0.2), ip, undefined);
        return slowScraperScript(browser, attackStart(s.act, world, "slow"), s.act.float(6, 20));
      });
    case "bruteforce":
      return each(world, kind, count, 0.5, (s, level) => {
        const targets = s.act.sample(TARGET_USERS, s.act.int(1, 3));
        const disguise = new Disguise(world, s.act, { rotate: s.act.chance(0.2) });
        const meanGapS = gapFor(s.act, level, { fast: [0.1, 0.6], medium: [2, 8], slow: [20, 90] });
        const credentials = dictionary(s.act, targets);
        return loginAttackScript(
          { world, rng: s.act, disguise, intensity: level, meanGapS, credentials, stopOnSuccess: true },
          attackStart(s.act, world, level),
        );
      });
    case "credential_stuffing":
      return each(world, kind, count, 0.6, (s, level) => {
        const disguise = new Disguise(world, s.act, { rotate: s.act.chance(0.4) });
        const meanGapS = gapFor(s.act, level, { fast: [0.2, 1], medium: [2, 6], slow: [15, 60] });
        const credentials = comboList(s.act, world, s.act.int(150, 800));
        return loginAttackScript(
          { world, rng: s.act, disguise, intensity: level, meanGapS, credentials, stopOnSuccess: false },
          attackStart(s.act, world, level),
        );
      });
    case "login_dos":
    case "http_dos":
      return each(world, kind, count, 0.85, (s, level) => {
        const target: FloodTarget = kind === "login_dos" ? "login" : "search";
        const disguise = new Disguise(world, s.act, {
          style: s.act.chance(0.5) ? "tool" : "spoofed",
          rotate: s.act.chance(0.3),
        });
        const rate = gapFor(s.act, level, { fast: [15, 40], medium: [5, 12], slow: [1.5, 4] });
        const durationS = gapFor(s.act, level, { fast: [60, 180], medium: [180, 480], slow: [600, 1200] });
        return floodScript({
          world,
          rng: s.act,
          disguise,
          target,
          rate,
          from: attackStart(s.act, world, level),
          durationS,
        });
      });
    case "enumeration":
      return each(world, kind, count, 0.4, (s, level) => {
        const disguise = new Disguise(world, s.act, { style: s.act.pick(["tool", "spoofed", "browser"] as const) });
        const meanGapS = gapFor(s.act, level, { fast: [0.1, 0.5], medium: [1, 4], slow: [10, 40] });
        const account = s.act.pick(world.customers);
        const count = level === "slow" ? s.act.int(60, 300) : s.act.int(100, 600);
        return enumerationScript(
          { world, rng: s.act, disguise, account, meanGapS, count },
          attackStart(s.act, world, level),
        );
      });
    case "injection":
      return each(world, kind, count, 0.6, (s, level) => {
        const sqlmap = level === "fast" && s.act.chance(0.6);
        const disguise = sqlmap
          ? new Disguise(world, s.act, { style: "tool", toolUas: [SQLMAP_UA] })
          : new Disguise(world, s.act, {
              style: level === "slow" ? "browser" : s.act.pick(["tool", "spoofed"] as const),
            });
        const meanGapS = gapFor(s.act, level, { fast: [0.05, 0.5], medium: [1, 5], slow: [10, 60] });
        const n = level === "fast" ? s.act.int(150, 600) : level === "medium" ? s.act.int(60, 250) : s.act.int(30, 120);
        return injectorScript(
          { world, rng: s.act, disguise, meanGapS, count: n, focused: sqlmap },
          attackStart(s.act, world, level),
        );
      });
    case "fake_bot":
      return each(world, kind, count, 0.7, (s, level, ip) => {
        // Impostors overwhelmingly claim to be Googlebot.
        const bot = s.act.chance(0.6) ? (BOT_PROFILES[0] as BotProfile) : pickBot(s.act);
        const first = attackStart(s.act, world, level);
        if (s.act.chance(0.35)) return politeCrawlScript({ world, rng: s.act, bot, ips: [ip], style: "polite" }, first);
        return aggressiveFakeBotScript(
          { world, rng: s.act, bot, ips: [ip], style: "aggressive" },
          first,
          s.act.float(0.2, 2),
        );
      });
    default:
      return distributed(world, kind, count);
  }
}

/** Addresses for a campaign: spread over many networks, with some clustered in shared /24s (/48s). */
function campaignIps(world: World, rng: Rng, count: number, datacenter: number, cluster: number): string[] {
  const ips: string[] = [];
  for (let i = 0; i < count; i++) {
    const near = ips.length && rng.chance(cluster) ? rng.pick(ips) : undefined;
    ips.push(world.ips.allocate(net(rng, datacenter), rng, near ? { near } : {}));
  }
  return ips;
}

function distributed(world: World, kind: Kind, count: number): Actor[] {
  const c = new Rng(world.profile.seed).fork(`${kind}@${world.start}:${world.profile.variant}`);
  const d = world.end - world.start;
  const campaign = `${kind}#0`;
  const out: Actor[] = [];
  // One look for the whole campaign (a tool's UA), or a different browser UA per bot.
  const shared = c.chance(0.4);
  const sharedUa = c.pick([...SCANNER_UAS, ...TOOL_UAS]);
  const disguiseFor = (rng: Rng) =>
    shared
      ? new Disguise(world, rng, { style: "tool", toolUas: [sharedUa] })
      : new Disguise(world, rng, {
          style: rng.chance(0.7) ? "spoofed" : "browser",
          rotate: kind === "distributed_scraper" && world.profile.rotatePerRequest,
        });
  if (kind === "distributed_bruteforce") {
    const from = world.start + d * c.float(0.05, 0.5);
    const to = Math.min(world.end, from + c.float(600, 2400));
    const attempts = Array.from({ length: count }, () => c.int(2, 6));
    const total = attempts.reduce((a, b) => a + b, 0);
    // Password spraying over real account names, or a leaked combo list.
    const creds = c.chance(0.4)
      ? c
          .shuffle(
            dictionary(
              c,
              c.sample(world.customers, c.int(5, 15)).map((u) => u.username),
            ),
          )
          .slice(0, total)
      : comboList(c, world, total);
    const queue = new CredentialQueue(creds);
    const ips = campaignIps(world, c, count, 0.15, 0.15);
    ips.forEach((ip, i) => {
      const rng = c.fork(i);
      const script = botnetLoginScript({
        world,
        rng,
        disguise: disguiseFor(rng),
        queue,
        attempts: attempts[i] ?? 3,
        from,
        to,
      });
      out.push(actor(kind, `${kind}#${i}`, ip, rttFor(rng, "residential"), script, campaign));
    });
  } else if (kind === "distributed_dos") {
    const from = world.start + d * c.float(0.05, 0.6);
    const durationS = c.float(180, 420);
    const target: FloodTarget = c.chance(0.5) ? "login" : "search";
    const ips = campaignIps(world, c, count, 0.5, 0.3);
    ips.forEach((ip, i) => {
      const rng = c.fork(i);
      const script = floodScript({
        world,
        rng,
        disguise: disguiseFor(rng),
        target,
        rate: rng.float(0.05, 0.4),
        from: from + rng.float(0, 30),
        durationS,
      });
      out.push(actor(kind, `${kind}#${i}`, ip, rttFor(rng, "datacenter"), script, campaign));
    });
  } else if (kind === "distributed_scraper") {
    const queue = new ScrapeQueue(c, world);
    const aggregateRate = c.float(1, 6);
    const from = world.start + d * c.float(0.05, 0.4);
    const ips = campaignIps(world, c, count, 0.05, 0.05);
    ips.forEach((ip, i) => {
      const rng = c.fork(i);
      const script = scrapeMemberScript({
        world,
        rng,
        disguise: disguiseFor(rng),
        queue,
        meanGapS: count / aggregateRate,
        from,
      });
      out.push(actor(kind, `${kind}#${i}`, ip, rttFor(rng, "residential"), script, campaign));
    });
  } else if (kind === "distributed_scan") {
    const probes = probeList(c, world);
    const queue = new ProbeQueue(c.shuffle([...probes, ...probeList(c, world)]));
    const ips = campaignIps(world, c, count, 0.6, 0.1);
    ips.forEach((ip, i) => {
      const rng = c.fork(i);
      const script = scanMemberScript({
        world,
        rng,
        disguise: disguiseFor(rng),
        queue,
        probes: rng.int(1, 6),
        from: world.start,
        to: world.end,
      });
      out.push(actor(kind, `${kind}#${i}`, ip, rttFor(rng, "datacenter"), script, campaign));
    });
  }
  return out;
}
