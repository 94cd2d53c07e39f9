/**
 * @module demo/routes/account
 * Login, logout, the signed-in user and public user profiles. Login is slow
 * on purpose (100-200 ms, as password hashing is) and answers 401
 * problem+json on bad credentials without saying which part was wrong.
 */
import type { Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { requireUser, tokenOf } from "../auth.ts";
import { type DemoDeps, type DemoEnv, jsonBody, problem, slowDown } from "../context.ts";
import { SESSION_TTL_S } from "../store.ts";

export function accountRoutes(app: Hono<DemoEnv>, deps: DemoDeps): void {
  const { store } = deps;

  app.post("/api/login", async (c) => {
    const body = await jsonBody(c);
    const username = body?.username;
    const password = body?.password;
    if (typeof username !== "string" || typeof password !== "string" || username.length > 200 || password.length > 200)
      return problem(c, 400, "Bad request", 'Expected JSON {"username": string, "password": string}.');
    await slowDown(c, deps, 100, 200);
    const ok = store.login(username, password);
    if (!ok) return problem(c, 401, "Invalid credentials");
    setCookie(c, "sid", ok.token, { httpOnly: true, sameSite: "Lax", path: "/", maxAge: SESSION_TTL_S });
    return c.json({
      token: ok.token,
      token_type: "Bearer",
      expires_in: SESSION_TTL_S,
      user: { username: ok.user.username, name: ok.user.name, role: ok.user.role },
    });
  });

  app.post("/api/logout", (c) => {
    const token = tokenOf(c.req.header("authorization"), getCookie(c, "sid"));
    if (token) store.logout(token);
    setCookie(c, "sid", "", { path: "/", maxAge: 0 });
    return c.body(null, 204);
  });

  app.get("/api/me", requireUser, (c) => {
    const u = c.get("user");
    if (!u) return problem(c, 401, "Authentication required");
    return c.json({
      username: u.username,
      name: u.name,
      role: u.role,
      email: `${u.username}@example.com`,
      orders: store.ordersFor(u, 1000).length,
    });
  });

  app.get("/api/users/:username", (c) => {
    const u = store.usersByName.get(c.req.param("username"));
    if (u?.role !== "customer") return problem(c, 404, "Not found", "No such user.");
    return c.json({ username: u.username, name: u.name, reviews: store.reviewCount(u.username) });
  });
}
