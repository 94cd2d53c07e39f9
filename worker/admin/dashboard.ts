/**
 * @module worker/admin/dashboard
 * Serves the dashboard: `GET /__apiward/` (the page) and
 * `GET /__apiward/assets/:name` (bundled JS, CSS, licence notices), built by
 * dashboard/build.ts into dashboard/dist/assets.ts.
 *
 * These answer WITHOUT the admin token: the page holds no data, it asks for
 * the token and calls the JSON API with it. So this middleware is mounted
 * before the bearer-auth middleware and answers only its own paths; anything
 * else falls through to auth and the API. It matches paths itself rather
 * than through routes because Hono's strict routing folds the canonical
 * `/__apiward/` into the mount path `/__apiward`.
 *
 * Every answer carries a strict Content-Security-Policy (no inline script or
 * style, same-origin connections only, no framing), `nosniff` and
 * `no-referrer`: the dashboard shows attackers' payloads from the logs, so
 * even a rendering bug must not become script execution.
 */
import type { MiddlewareHandler } from "hono";
import { ASSETS, INDEX_HTML } from "../../dashboard/dist/assets.ts";
import type { AdminEnv } from "./types.ts";

/** Where the admin app is mounted (worker/app.ts ADMIN_PREFIX). */
const BASE = "/__apiward";
const ASSET_PREFIX = `${BASE}/assets/`;

export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function securityHeaders(type: string, cache: string): Headers {
  return new Headers({
    "content-type": type,
    "cache-control": cache,
    "content-security-policy": DASHBOARD_CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
  });
}

function respond(method: string, body: string, status: number, headers: Headers): Response {
  return new Response(method === "HEAD" ? null : body, { status, headers });
}

/** Middleware answering the dashboard's paths (GET/HEAD) and passing everything else on. */
export function dashboard(): MiddlewareHandler<AdminEnv> {
  return async function dashboardMiddleware(c, next) {
    const method = c.req.method;
    if (method !== "GET" && method !== "HEAD") return next();
    const path = c.req.path;
    if (path === BASE || path === `${BASE}/` || path === `${BASE}/index.html`) {
      // no-cache: the page names the current hashed assets, so it must be revalidated.
      return respond(method, INDEX_HTML, 200, securityHeaders("text/html; charset=utf-8", "no-cache"));
    }
    if (!path.startsWith(ASSET_PREFIX)) return next();
    const name = path.slice(ASSET_PREFIX.length);
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) {
      return respond(method, "not found\n", 404, securityHeaders("text/plain; charset=utf-8", "no-store"));
    }
    // Hashed names never change content; licenses.txt is unhashed, so it is revalidated.
    const cache = name === "licenses.txt" ? "no-cache" : "public, max-age=31536000, immutable";
    return respond(method, asset.body, 200, securityHeaders(asset.type, cache));
  };
}
