/**
 * Good bots come from inside their crawler's published ranges with its real
 * user agent; fake bots claim those user agents from outside every published
 * range; no other client comes from inside one. Membership is checked with
 * Node's net.BlockList built straight from the corpus files, independently of
 * the simulator's own CIDR code.
 */
import { readFileSync } from "node:fs";
import { BlockList, isIP } from "node:net";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BOT_PROFILES, defaultBotsDir, loadBotRanges } from "../../../sim/bots.ts";
import { generateScenario } from "../../../sim/scenario.ts";
import type { LabelledRecord } from "../../../sim/types.ts";

const ranges = loadBotRanges();
const perBot = new Map<string, BlockList>();
const anyBot = new BlockList();
for (const bot of BOT_PROFILES) {
  const list = new BlockList();
  for (const prefix of ranges.prefixes.get(bot.name) ?? []) {
    const [addr, len] = prefix.split("/");
    const family = isIP(addr as string) === 6 ? "ipv6" : "ipv4";
    list.addSubnet(addr as string, Number(len ?? (family === "ipv6" ? 128 : 32)), family);
    anyBot.addSubnet(addr as string, Number(len ?? (family === "ipv6" ? 128 : 32)), family);
  }
  perBot.set(bot.name, list);
}
const check = (list: BlockList, ip: string) => list.check(ip, isIP(ip) === 6 ? "ipv6" : "ipv4");

let recs: LabelledRecord[] = [];
beforeAll(async () => {
  recs = await generateScenario({
    seed: 21,
    startTs: 1_772_409_600,
    durationS: 1200,
    mix: {
      good_bot: 12,
      fake_bot: 10,
      human: 20,
      mobile_app: 6,
      scanner: 2,
      distributed_scan: 60,
      distributed_bruteforce: 60,
    },
    attackLevels: ["medium", "slow"],
  });
}, 60_000);

describe("crawler verification ground truth", () => {
  it("reads the published ranges from the corpus when it is there", () => {
    const dir = defaultBotsDir();
    let onDisk = 0;
    try {
      const g = JSON.parse(readFileSync(join(dir, "googlebot.json"), "utf8")) as { prefixes: unknown[] };
      onDisk = g.prefixes.length;
    } catch {
      onDisk = 0;
    }
    if (onDisk > 0) expect(ranges.prefixes.get("googlebot")?.length).toBe(onDisk);
    else expect(ranges.source).toBe("built-in fallback");
    for (const bot of BOT_PROFILES) expect(ranges.blocks.get(bot.name)?.length).toBeGreaterThan(0);
  });

  it("good bots: inside their own crawler's ranges, with that crawler's user agent", () => {
    const good = recs.filter((r) => r.kind === "good_bot");
    expect(new Set(good.map((r) => r.ip)).size).toBeGreaterThanOrEqual(12);
    for (const r of good) {
      const ua = r.headers["user-agent"] ?? "";
      const bot = BOT_PROFILES.find((b) => b.userAgents.includes(ua));
      expect(bot, ua).toBeDefined();
      if (bot) expect(check(perBot.get(bot.name) as BlockList, r.ip), `${r.ip} for ${bot.name}`).toBe(true);
    }
    expect(good.some((r) => r.url.startsWith("/api/"))).toBe(false);
  });

  it("fake bots: a real crawler's user agent from outside every published range", () => {
    const fake = recs.filter((r) => r.kind === "fake_bot");
    expect(fake.length).toBeGreaterThan(0);
    for (const r of fake) {
      const ua = r.headers["user-agent"] ?? "";
      expect(BOT_PROFILES.some((b) => b.userAgents.includes(ua))).toBe(true);
      expect(check(anyBot, r.ip), r.ip).toBe(false);
    }
  });

  it("nobody else comes from a crawler range", () => {
    const others = recs.filter((r) => r.kind !== "good_bot");
    expect(others.filter((r) => check(anyBot, r.ip)).map((r) => `${r.kind} ${r.ip}`)).toEqual([]);
  });
});
