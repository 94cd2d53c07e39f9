/**
 * @module core/behaviour/request-class
 * What kind of request this is, from the request alone: a static asset, a
 * page (document) or an API call; whether the headers look like a real
 * browser's; the header-order family; whether the user agent is a known
 * attack tool or a plain HTTP library. These feed the static/API share,
 * "skipping the pages a browser loads", header consistency and tool
 * fingerprints. Cheap string checks, no allocation beyond a few strings.
 */
import { hash32 } from "../discovery/hash.ts";
import { headerValue } from "../http/header-list.ts";
import type { HeaderList } from "../types.ts";

export const CLASS_API = 0;
export const CLASS_DOCUMENT = 1;
export const CLASS_STATIC = 2;
export type RequestClass = 0 | 1 | 2;

const STATIC_EXT = /\.(?:css|js|mjs|map|png|jpe?g|gif|svg|ico|webp|avif|woff2?|ttf|otf|eot|mp4|webm|mp3)$/i;
const STATIC_DEST = new Set(["script", "style", "image", "font", "audio", "video", "track", "manifest", "worker"]);

/** Static asset, document (HTML page) or API call. */
export function requestClass(path: string, headers: HeaderList): RequestClass {
  const dest = headerValue(headers, "sec-fetch-dest");
  if (dest !== undefined) {
    if (STATIC_DEST.has(dest)) return CLASS_STATIC;
    if (dest === "document" || dest === "iframe") return CLASS_DOCUMENT;
    if (dest === "empty") return STATIC_EXT.test(path) ? CLASS_STATIC : CLASS_API;
  }
  if (STATIC_EXT.test(path)) return CLASS_STATIC;
  const accept = headerValue(headers, "accept") ?? "";
  if (accept.startsWith("text/html") || accept.startsWith("application/xhtml")) return CLASS_DOCUMENT;
  return CLASS_API;
}

/** User agents of browsers (engine tokens). */
const BROWSER_UA = /Mozilla\/5\.0 .*(?:AppleWebKit|Gecko\/|Trident)/;
/** Attack tools and scanners: their own user agents. */
const ATTACK_TOOL_UA =
  /sqlmap|nikto|nmap|masscan|zgrab|nuclei|wpscan|dirbuster|gobuster|ffuf|feroxbuster|wfuzz|acunetix|nessus|openvas|qualys|burp|zap\/|owasp|havij|hydra|medusa|jaeles|arachni|w3af|skipfish|whatweb|commix|xsstrike|joomscan|droopescan|netsparker|appscan|webinspect|httpx|katana|interactsh|censys|shodan|paros|fimap|dotdotpwn/i;
/** HTTP libraries and command-line clients (legitimate integrations use them too: a weak signal). */
const LIBRARY_UA =
  /^(?:curl|wget|python-requests|python-urllib|python-httpx|aiohttp|go-http-client|java\/|okhttp|apache-httpclient|axios|node-fetch|undici|got|libwww-perl|lwp|ruby|faraday|guzzle|php|restsharp|postmanruntime|insomnia|httpie|scrapy|colly|mechanize|http_request2|winhttp|powershell)/i;

export const UA_NONE = 0;
export const UA_BROWSER = 1;
export const UA_LIBRARY = 2;
export const UA_TOOL = 3;
export const UA_OTHER = 4;
export type UaClass = 0 | 1 | 2 | 3 | 4;

export function uaClass(ua: string | undefined): UaClass {
  if (ua === undefined || ua.length === 0) return UA_NONE;
  if (ATTACK_TOOL_UA.test(ua)) return UA_TOOL;
  if (LIBRARY_UA.test(ua)) return UA_LIBRARY;
  if (BROWSER_UA.test(ua)) return UA_BROWSER;
  return UA_OTHER;
}

/**
 * True when a browser user agent comes without what every current browser
 * sends with it (Accept-Language, and the Sec-Fetch metadata of Chromium,
 * Firefox and Safari since 2023): a script wearing a browser's name.
 */
export function missingBrowserHeaders(uc: UaClass, headers: HeaderList): boolean {
  if (uc !== UA_BROWSER) return false;
  let lang = false;
  let fetchMeta = false;
  for (const [n] of headers) {
    if (n === "accept-language") lang = true;
    else if (n === "sec-fetch-mode" || n === "sec-fetch-dest") fetchMeta = true;
  }
  return !(lang && fetchMeta);
}

/** Headers whose presence and order make up a client's family (values ignored). */
const ORDER_HEADERS = new Set([
  "host",
  "connection",
  "user-agent",
  "accept",
  "accept-language",
  "accept-encoding",
  "sec-fetch-site",
  "sec-fetch-mode",
  "sec-fetch-dest",
  "sec-ch-ua",
  "sec-ch-ua-mobile",
  "sec-ch-ua-platform",
  "upgrade-insecure-requests",
  "referer",
  "cookie",
  "authorization",
  "content-type",
  "origin",
]);

/**
 * Hash of the order of well-known request headers, per request class: a
 * browser, a mobile app and an HTTP library each send their own order, and a
 * client switching families mid-stream is rotating tools. Request-specific
 * headers (cookie, referer, authorization, content-type, origin) are left out
 * so that one client keeps one family.
 */
export function headerFamily(headers: HeaderList): number {
  let s = "";
  for (const [n] of headers) {
    if (!ORDER_HEADERS.has(n)) continue;
    if (n === "cookie" || n === "referer" || n === "authorization" || n === "content-type" || n === "origin") continue;
    s += `${n},`;
  }
  return hash32(s);
}

export function hasHeader(headers: HeaderList, name: string): boolean {
  for (const [n] of headers) if (n === name) return true;
  return false;
}

/** Known reconnaissance targets: secrets, VCS and backup files, admin panels, framework internals. */
const PROBE_PATH =
  /(?:^|\/)(?:\.env|\.git|\.svn|\.hg|\.ds_store|\.htaccess|\.htpasswd|\.aws|\.ssh|\.docker|wp-admin|wp-login|wp-content|wp-includes|xmlrpc\.php|phpmyadmin|pma|adminer|server-status|server-info|actuator|jmx-console|web-console|manager\/html|cgi-bin|\.well-known\/security\.txt|config\.(?:php|json|yml|yaml)|web\.config|phpinfo|vendor\/phpunit|console|solr|druid|telescope|_profiler|debug|elmah|trace\.axd|backup|dump|id_rsa)(?:$|[/.?])|\.(?:php\d?|asp|aspx|jsp|cgi|bak|old|orig|swp|sql|tar|tgz|zip|gz|7z|rar|ini|log|conf|cfg|env)$/i;

export function isProbePath(path: string): boolean {
  return PROBE_PATH.test(path);
}

/** Methods a browser or an API client of this kind of app sends; anything else is a probe (TRACE, PROPFIND…). */
export function isOddMethod(method: string): boolean {
  return !(
    method === "GET" ||
    method === "POST" ||
    method === "PUT" ||
    method === "PATCH" ||
    method === "DELETE" ||
    method === "HEAD" ||
    method === "OPTIONS"
  );
}
