/**
 * @module sim/headers
 * Request headers as each family of client really sends them, in its order:
 * a browser's document load differs from its script, style, image and fetch()
 * requests (Accept, Sec-Fetch-*), Chromium adds client hints, Firefox and
 * Safari order their headers differently; the mobile app, integration
 * libraries and tools send short fixed sets. Header names are lower-case.
 */
import type { BrowserIdentity, MobileAppIdentity } from "./agents.ts";

export type Resource = "document" | "script" | "style" | "image" | "fetch";

export interface BrowserContext {
  /** Full URL of the page the request comes from. */
  referer?: string;
  cookie?: string;
  contentType?: string;
  /** Origin, sent on cross-origin-capable requests (POST fetch). */
  origin?: string;
  /** Where a navigation came from: typed/bookmarked (`none`), another site, or this site. */
  site?: "none" | "cross-site" | "same-origin";
}

const ACCEPT: Record<BrowserIdentity["family"], Record<Resource, string>> = {
  chrome: {
    document:
      "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
    script: "*/*",
    style: "text/css,*/*;q=0.1",
    image: "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8",
    fetch: "*/*",
  },
  edge: {
    document:
      "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
    script: "*/*",
    style: "text/css,*/*;q=0.1",
    image: "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8",
    fetch: "*/*",
  },
  firefox: {
    document: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    script: "*/*",
    style: "text/css,*/*;q=0.1",
    image: "image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5",
    fetch: "*/*",
  },
  safari: {
    document: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    script: "*/*",
    style: "text/css,*/*;q=0.1",
    image:
      "image/webp,image/avif,image/jxl,image/heic,image/heic-sequence,video/*;q=0.8,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5",
    fetch: "*/*",
  },
};

const DEST: Record<Resource, string> = {
  document: "document",
  script: "script",
  style: "style",
  image: "image",
  fetch: "empty",
};

function put(h: Record<string, string>, name: string, value: string | undefined): void {
  if (value !== undefined && value !== "") h[name] = value;
}

export function browserHeaders(
  id: BrowserIdentity,
  resource: Resource,
  ctx: BrowserContext = {},
): Record<string, string> {
  const h: Record<string, string> = {};
  const nav = resource === "document";
  const site = nav ? (ctx.site ?? (ctx.referer ? "same-origin" : "none")) : "same-origin";
  const mode = nav ? "navigate" : resource === "fetch" ? "cors" : "no-cors";
  const accept = ACCEPT[id.family][resource];
  if (id.family === "chrome" || id.family === "edge") {
    if (nav) {
      put(h, "sec-ch-ua", id.secChUa);
      put(h, "sec-ch-ua-mobile", id.mobile ? "?1" : "?0");
      put(h, "sec-ch-ua-platform", id.platform);
      h["upgrade-insecure-requests"] = "1";
      h["user-agent"] = id.ua;
    } else {
      put(h, "sec-ch-ua-platform", id.platform);
      h["user-agent"] = id.ua;
      put(h, "sec-ch-ua", id.secChUa);
      put(h, "content-type", ctx.contentType);
      put(h, "sec-ch-ua-mobile", id.mobile ? "?1" : "?0");
    }
    h.accept = accept;
    put(h, "origin", ctx.origin);
    h["sec-fetch-site"] = site;
    h["sec-fetch-mode"] = mode;
    if (nav) h["sec-fetch-user"] = "?1";
    h["sec-fetch-dest"] = DEST[resource];
    put(h, "referer", ctx.referer);
    h["accept-encoding"] = "gzip, deflate, br, zstd";
    h["accept-language"] = id.acceptLanguage;
    put(h, "cookie", ctx.cookie);
    if (nav) h.priority = "u=0, i";
    return h;
  }
  if (id.family === "firefox") {
    h["user-agent"] = id.ua;
    h.accept = accept;
    h["accept-language"] = id.acceptLanguage;
    h["accept-encoding"] = "gzip, deflate, br, zstd";
    put(h, "content-type", ctx.contentType);
    put(h, "origin", ctx.origin);
    put(h, "referer", ctx.referer);
    put(h, "cookie", ctx.cookie);
    if (nav) h["upgrade-insecure-requests"] = "1";
    h["sec-fetch-dest"] = DEST[resource];
    h["sec-fetch-mode"] = mode;
    h["sec-fetch-site"] = site;
    if (nav) h["sec-fetch-user"] = "?1";
    h.priority = nav ? "u=0, i" : "u=4";
    return h;
  }
  // Safari
  h.accept = accept;
  put(h, "content-type", ctx.contentType);
  put(h, "origin", ctx.origin);
  h["sec-fetch-site"] = site;
  put(h, "cookie", ctx.cookie);
  h["sec-fetch-dest"] = DEST[resource];
  h["accept-language"] = id.acceptLanguage;
  h["sec-fetch-mode"] = mode;
  h["user-agent"] = id.ua;
  put(h, "referer", ctx.referer);
  h["accept-encoding"] = "gzip, deflate, br";
  if (nav) h.priority = "u=0, i";
  return h;
}

export function mobileHeaders(
  id: MobileAppIdentity,
  opts: { token?: string; contentType?: string } = {},
): Record<string, string> {
  const h: Record<string, string> = {};
  if (id.platform === "ios") {
    h.accept = "application/json";
    put(h, "authorization", opts.token ? `Bearer ${opts.token}` : undefined);
    put(h, "content-type", opts.contentType);
    h["x-app-version"] = id.appVersion;
    h["x-device-id"] = id.deviceId;
    h["accept-language"] = id.acceptLanguage;
    h["user-agent"] = id.ua;
    h["accept-encoding"] = "br;q=1.0, gzip;q=0.9, deflate;q=0.8";
    return h;
  }
  h.accept = "application/json";
  put(h, "authorization", opts.token ? `Bearer ${opts.token}` : undefined);
  h["x-app-version"] = id.appVersion;
  h["x-device-id"] = id.deviceId;
  h["accept-language"] = id.acceptLanguage;
  put(h, "content-type", opts.contentType);
  h["accept-encoding"] = "gzip";
  h["user-agent"] = id.ua;
  return h;
}

/** An HTTP library's defaults plus what the caller sets (integrations, tools, most bots). */
export function libraryHeaders(
  ua: string,
  opts: { token?: string; contentType?: string; accept?: string; extra?: Record<string, string> } = {},
): Record<string, string> {
  const h: Record<string, string> = { "user-agent": ua };
  // curl sends no Accept-Encoding unless asked; the libraries do.
  if (!ua.startsWith("curl")) h["accept-encoding"] = "gzip, deflate";
  h.accept = opts.accept ?? "*/*";
  put(h, "authorization", opts.token ? `Bearer ${opts.token}` : undefined);
  put(h, "content-type", opts.contentType);
  for (const [k, v] of Object.entries(opts.extra ?? {})) h[k] = v;
  return h;
}
