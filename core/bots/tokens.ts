/**
 * @module core/bots/tokens
 * Crawlers apiward can name from their user agent, the publisher file that
 * lists their addresses, and how they are verified (see the corpus README,
 * ../shared/corpus/bots/README.md). Yandex and Baidu publish no list: an
 * offline check can only call them unverified, never fake.
 */

export interface BotToken {
  /** Name used as the key of the published ranges (`googlebot`). */
  name: string;
  /** The token in the user agent (case-sensitive as published; matched case-insensitively). */
  token: RegExp;
  /** Publisher file in the corpus folder, or null when the publisher has no list. */
  file: string | null;
}

export const BOT_TOKENS: readonly BotToken[] = [
  { name: "googlebot", token: /googlebot/i, file: "googlebot.json" },
  { name: "bingbot", token: /bingbot/i, file: "bingbot.json" },
  { name: "applebot", token: /applebot/i, file: "applebot.json" },
  { name: "duckduckbot", token: /duckduckbot/i, file: "duckduckbot.json" },
  { name: "gptbot", token: /gptbot/i, file: "gptbot.json" },
  { name: "ccbot", token: /ccbot/i, file: "ccbot.json" },
  { name: "yandexbot", token: /yandex(?:bot|images|mobilebot|accessibilitybot)/i, file: null },
  { name: "baiduspider", token: /baiduspider/i, file: null },
];

/**
 * Every token above holds one of these: one test rules out a browser's user
 * agent (most of them, on every request) instead of one per token.
 */
export const ANY_BOT_TOKEN = /bot|spider|yandex/i;

/** The crawler a user agent claims to be, or undefined. */
export function claimedBot(ua: string | undefined): BotToken | undefined {
  if (typeof ua !== "string" || ua.length === 0 || !ANY_BOT_TOKEN.test(ua)) return undefined;
  for (const b of BOT_TOKENS) if (b.token.test(ua)) return b;
  return undefined;
}
