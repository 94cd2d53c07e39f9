/**
 * Good-bot verification against the published ranges (offline copies in
 * ../shared/corpus/bots, bundled as core/bots/published-ranges.json); the
 * addresses are the corpus README's "quick facts".
 */
import { describe, expect, it } from "vitest";
import snapshot from "../../../core/bots/published-ranges.json";
import { parseBotRanges, prefixesOfPublisherJson, rangesFromPublisherFiles } from "../../../core/bots/ranges.ts";
import { ANY_BOT_TOKEN, BOT_TOKENS, claimedBot } from "../../../core/bots/tokens.ts";
import { BotVerifier } from "../../../core/bots/verify.ts";

const GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
const BINGBOT = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)";
const v = new BotVerifier(parseBotRanges(snapshot));

describe("good-bot verification", () => {
  it("the bundled snapshot holds every publisher's list", () => {
    expect(v.loaded.sort()).toEqual(["applebot", "bingbot", "ccbot", "duckduckbot", "googlebot", "gptbot"]);
    expect(v.invalid).toEqual([]);
  });

  it("verifies a claim from inside the crawler's ranges", () => {
    expect(v.check("66.249.66.1", GOOGLEBOT)).toEqual({ status: "verified", bot: "googlebot" });
    expect(v.check("66.249.66.250", GOOGLEBOT).status).toBe("verified");
    expect(v.check("157.55.39.12", BINGBOT)).toEqual({ status: "verified", bot: "bingbot" });
    expect(v.check("40.77.167.5", BINGBOT).status).toBe("verified");
  });

  it("a claim from outside is fake, including another crawler's range", () => {
    expect(v.check("203.0.113.7", GOOGLEBOT)).toEqual({ status: "fake", bot: "googlebot" });
    expect(v.check("157.55.39.12", GOOGLEBOT).status).toBe("fake");
    expect(v.check("not an ip", GOOGLEBOT).status).toBe("fake");
  });

  it("crawlers without a published list are only unverifiable; browsers claim nothing", () => {
    expect(v.check("203.0.113.7", "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)").status).toBe(
      "unverifiable",
    );
    expect(v.check("203.0.113.7", "Mozilla/5.0 (Windows NT 10.0) Chrome/131").status).toBe("none");
    expect(v.check("203.0.113.7", undefined).status).toBe("none");
    expect(new BotVerifier(null).check("66.249.66.1", GOOGLEBOT).status).toBe("unverifiable");
  });

  it("reads the publishers' own file shape and skips malformed entries", () => {
    const json = {
      creationTime: "2026-01-01T00:00:00",
      prefixes: [{ ipv4Prefix: "192.0.2.0/24" }, { ipv6Prefix: "2001:db8::/32" }, { nope: 1 }, 5],
    };
    expect(prefixesOfPublisherJson(json)).toEqual(["192.0.2.0/24", "2001:db8::/32"]);
    const r = rangesFromPublisherFiles({ "gptbot.json": json }, BOT_TOKENS);
    expect(r.created).toEqual({ gptbot: "2026-01-01T00:00:00" });
    const g = new BotVerifier(r);
    expect(g.check("2001:db8::5", "GPTBot/1.2").status).toBe("verified");
    expect(parseBotRanges({ version: 2 })).toBeNull();
    expect(
      claimedBot(
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)",
      )?.name,
    ).toBe("gptbot");
  });

  it("every crawler's token is one the one-test filter lets through", () => {
    for (const b of BOT_TOKENS) expect(ANY_BOT_TOKEN.test(b.token.source), b.name).toBe(true);
    expect(claimedBot("Mozilla/5.0 (compatible; YandexImages/3.0)")?.name).toBe("yandexbot");
    expect(claimedBot("Mozilla/5.0 (compatible; Baiduspider/2.0)")?.name).toBe("baiduspider");
    expect(claimedBot("Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36")).toBeUndefined();
  });
});
