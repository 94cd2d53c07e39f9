/**
 * @module demo/auth
 * Who is calling: a bearer token (`Authorization: Bearer tok_…`, what the
 * mobile app and integrations send) or the `sid` cookie the login sets (what
 * a browser sends). An unknown or expired token is just "anonymous" here;
 * routes that need a user answer 401 themselves.
 */
import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { type DemoEnv, problem } from "./context.ts";
import type { ShopStore } from "./store.ts";

/** Reads the caller's token: bearer first, then the session cookie. */
export function tokenOf(authorization: string | undefined, sid: string | undefined): string | undefined {
  if (authorization && /^bearer\s+/i.test(authorization)) return authorization.replace(/^bearer\s+/i, "").trim();
  return sid;
}

export function identify(store: ShopStore): MiddlewareHandler<DemoEnv> {
  return async function identifyUser(c, next) {
    const token = tokenOf(c.req.header("authorization"), getCookie(c, "sid"));
    c.set("user", token ? store.userForToken(token) : undefined);
    await next();
  };
}

/** 401 problem+json unless someone is signed in. */
export const requireUser: MiddlewareHandler<DemoEnv> = async function requireUser(c, next) {
  if (!c.get("user")) {
    c.header("www-authenticate", 'Bearer realm="demo-shop"');
    return problem(c, 401, "Authentication required", "Log in with POST /api/login and send the bearer token.");
  }
  await next();
};
