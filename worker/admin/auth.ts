/**
 * @module worker/admin/auth
 * Bearer-token authentication of the admin API. The token is the
 * `APIWARD_ADMIN_TOKEN` secret; it is compared in constant time (both sides
 * hashed with SHA-256 first, so neither length nor content leaks through
 * timing). Without the secret the admin API is disabled (503), never open.
 */
import type { MiddlewareHandler } from "hono";
import { timingSafeEqual } from "hono/utils/buffer";
import type { AdminEnv } from "./types.ts";

export function adminAuth(): MiddlewareHandler<AdminEnv> {
  return async function adminAuthMiddleware(c, next) {
    const secret = c.env.APIWARD_ADMIN_TOKEN;
    if (!secret) {
      return c.json({ error: "admin API disabled: the APIWARD_ADMIN_TOKEN secret is not set" }, 503);
    }
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header.slice(0, 4096));
    const given = match?.[1] ?? "";
    if (!given || !(await timingSafeEqual(given, secret))) {
      return c.json({ error: "unauthorized: send Authorization: Bearer <APIWARD_ADMIN_TOKEN>" }, 401, {
        "www-authenticate": 'Bearer realm="apiward"',
      });
    }
    await next();
  };
}
