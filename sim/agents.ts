/**
 * @module sim/agents
 * Who the clients claim to be: browser identities (user agent, client hints,
 * language) with versions drawn per seed, the shop's mobile app, integration
 * HTTP libraries and attack tools. Real clients differ in more than the user
 * agent (which headers they send and in what order), so header sets are
 * built per family here and per request type in sim/headers.ts.
 */
import type { Rng } from "./prng.ts";

export type BrowserFamily = "chrome" | "edge" | "firefox" | "safari";

export interface BrowserIdentity {
  family: BrowserFamily;
  mobile: boolean;
  ua: string;
  /** Client hints (Chromium only). */
  secChUa?: string;
  platform?: string;
  acceptLanguage: string;
}

const LANGS = [
  ["en-US,en;q=0.9", 6],
  ["en-GB,en;q=0.9", 2],
  ["de-DE,de;q=0.9,en;q=0.8", 2],
  ["fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", 1.5],
  ["es-ES,es;q=0.9,en;q=0.8", 1],
  ["it-IT,it;q=0.9,en-US;q=0.8,en;q=0.7", 1],
  ["nl-NL,nl;q=0.9,en-US;q=0.8,en;q=0.7", 0.7],
  ["pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7", 0.7],
  ["pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7", 1],
  ["ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7", 0.5],
  ["sv-SE,sv;q=0.9,en-US;q=0.8,en;q=0.7", 0.4],
] as const;

/** Browser versions current in this seed's world: the newest major and how far back users lag. */
export interface VersionWindow {
  chrome: number;
  firefox: number;
  safari: number;
  ios: number;
}

export function versionWindow(rng: Rng): VersionWindow {
  // Apple went from 18 straight to 26: versions 19-25 never existed.
  const apple = rng.chance(0.7) ? 26 : 18;
  return { chrome: rng.int(128, 142), firefox: rng.int(128, 146), safari: apple, ios: apple };
}

function appleLagged(rng: Rng, newest: number): number {
  return newest === 26
    ? rng.weighted<number>([
        [26, 6],
        [18, 3],
        [17, 1],
      ])
    : rng.weighted<number>([
        [18, 7],
        [17, 3],
      ]);
}

function lagged(rng: Rng, newest: number): number {
  return (
    newest -
    rng.weighted<number>([
      [0, 6],
      [1, 3],
      [2, 1.5],
      [3, 0.7],
      [6, 0.3],
    ])
  );
}

function firefoxLanguage(lang: string): string {
  // Firefox spells the same preference differently: "de,en-US;q=0.7,en;q=0.3".
  const primary = lang.split(",")[0] ?? "en-US";
  return primary.startsWith("en")
    ? `${primary},en;q=0.5`
    : `${primary},${primary.slice(0, 2)};q=0.8,en-US;q=0.5,en;q=0.3`;
}

export function browserIdentity(rng: Rng, versions: VersionWindow, mobileShare: number): BrowserIdentity {
  const mobile = rng.chance(mobileShare);
  const lang = rng.weighted(LANGS);
  const family: BrowserFamily = mobile
    ? rng.weighted<BrowserFamily>([
        ["chrome", 5],
        ["safari", 4],
        ["firefox", 0.3],
      ])
    : rng.weighted<BrowserFamily>([
        ["chrome", 6],
        ["edge", 1.5],
        ["firefox", 1.2],
        ["safari", 1.5],
      ]);
  if (family === "chrome" || family === "edge") {
    const major = lagged(rng, versions.chrome);
    const os = mobile
      ? ["Linux; Android 10; K", "Android"]
      : rng.weighted([
          [["Windows NT 10.0; Win64; x64", "Windows"], 6],
          [["Macintosh; Intel Mac OS X 10_15_7", "macOS"], 3],
          [["X11; Linux x86_64", "Linux"], 0.7],
        ] as const);
    const edge = family === "edge" ? ` Edg/${major}.0.${rng.int(2000, 3200)}.${rng.int(40, 120)}` : "";
    const brand = family === "edge" ? "Microsoft Edge" : "Google Chrome";
    return {
      family,
      mobile,
      ua: `Mozilla/5.0 (${os[0]}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 ${mobile ? "Mobile " : ""}Safari/537.36${edge}`,
      secChUa: `"Chromium";v="${major}", "Not_A Brand";v="24", "${brand}";v="${major}"`,
      platform: `"${os[1]}"`,
      acceptLanguage: lang,
    };
  }
  if (family === "firefox") {
    const v = lagged(rng, versions.firefox);
    const os = mobile
      ? "Android 14; Mobile"
      : rng.weighted([
          ["Windows NT 10.0; Win64; x64", 5],
          ["Macintosh; Intel Mac OS X 10.15", 2],
          ["X11; Ubuntu; Linux x86_64", 1],
          ["X11; Linux x86_64", 1],
        ] as const);
    return {
      family,
      mobile,
      ua: `Mozilla/5.0 (${os}; rv:${v}.0) Gecko/${mobile ? `${v}.0` : "20100101"} Firefox/${v}.0`,
      acceptLanguage: firefoxLanguage(lang),
    };
  }
  const v = appleLagged(rng, versions.safari);
  const minor = rng.int(0, 6);
  if (mobile) {
    const ios = appleLagged(rng, versions.ios);
    return {
      family,
      mobile,
      ua: `Mozilla/5.0 (iPhone; CPU iPhone OS ${ios}_${minor} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${v}.${minor} Mobile/15E148 Safari/604.1`,
      acceptLanguage: lang,
    };
  }
  return {
    family,
    mobile,
    ua: `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${v}.${minor} Safari/605.1.15`,
    acceptLanguage: lang,
  };
}

/** The shop's own mobile app: one name per seed, a current release and a tail of older ones. */
export interface MobileAppIdentity {
  ua: string;
  platform: "ios" | "android";
  appVersion: string;
  deviceId: string;
  acceptLanguage: string;
}

export interface MobileAppRelease {
  name: string;
  versions: string[];
}

export function mobileRelease(rng: Rng): MobileAppRelease {
  const name = rng.pick(["ShopKit", "DemoShop", "Cartly", "ShopGo"]);
  const major = rng.int(3, 7);
  const minor = rng.int(0, 9);
  return {
    name,
    versions: [
      `${major}.${minor}.${rng.int(0, 4)}`,
      `${major}.${Math.max(0, minor - 1)}.${rng.int(0, 6)}`,
      `${major - 1}.9.${rng.int(0, 3)}`,
    ],
  };
}

export function mobileIdentity(rng: Rng, release: MobileAppRelease): MobileAppIdentity {
  const appVersion = rng.weighted(release.versions.map((v, i) => [v, [8, 3, 1][i] ?? 1] as const));
  const build = appVersion.replace(/\./g, "");
  const lang = rng.weighted(LANGS).split(",")[0] ?? "en-US";
  const deviceId = rng.uuid().toUpperCase();
  if (rng.chance(0.5)) {
    const ios = `${rng.pick([17, 18, 26])}.${rng.int(0, 6)}`;
    return {
      ua: `${release.name}/${appVersion} (com.example.shop; build:${build}; iOS ${ios}) Alamofire/5.9.1`,
      platform: "ios",
      appVersion,
      deviceId,
      acceptLanguage: `${lang};q=1.0, en;q=0.9`,
    };
  }
  const device = rng.pick(["Pixel 7", "Pixel 8a", "SM-S911B", "SM-A546B", "moto g84 5G", "2201117TG", "CPH2451"]);
  return {
    ua: `${release.name}/${appVersion} (Android ${rng.int(11, 15)}; ${device}) okhttp/4.12.0`,
    platform: "android",
    appVersion,
    deviceId,
    acceptLanguage: lang,
  };
}

/** HTTP libraries of partner integrations and in-house jobs. */
export const INTEGRATION_UAS = [
  "python-requests/2.32.3",
  "Go-http-client/2.0",
  "axios/1.7.7",
  "Apache-HttpClient/4.5.14 (Java/17.0.12)",
  "AcmeERP-Connector/3.2.1",
  "InventorySync/1.8 (+https://partner.example/bot)",
  "node",
  "Faraday v2.12.0",
] as const;

/** Attack and recon tools as they announce themselves. */
export const TOOL_UAS = [
  "python-requests/2.31.0",
  "curl/8.5.0",
  "curl/7.88.1",
  "Go-http-client/1.1",
  "Wget/1.21.4",
  "libwww-perl/6.72",
  "Java/17.0.2",
  "aiohttp/3.9.5",
  "Python-urllib/3.11",
  "okhttp/4.9.3",
] as const;

export const SCANNER_UAS = [
  "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)",
  "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000001)",
  "Fuzz Faster U Fool v2.1.0-dev",
  "gobuster/3.6",
  "Mozilla/5.0 zgrab/0.x",
  "masscan/1.3 (https://github.com/robertdavidgraham/masscan)",
  "Nuclei - Open-source project (github.com/projectdiscovery/nuclei)",
  "WPScan v3.8.25 (https://wpscan.com/wordpress-security-scanner)",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/74.0.3729.169 Safari/537.36",
] as const;

export const SQLMAP_UA = "sqlmap/1.8.4#stable (https://sqlmap.org)";

export const CRAWLER_UAS = [
  "Scrapy/2.11.2 (+https://scrapy.org)",
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.6367.60 Safari/537.36",
  "Mozilla/5.0 (compatible; SiteAuditBot/0.97; +http://www.semrush.com/bot.html)",
  "colly - https://github.com/gocolly/colly",
  "python-httpx/0.27.0",
  "Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)",
] as const;
