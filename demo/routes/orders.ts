/**
 * @module demo/routes/orders
 * Orders by UUID. `POST /api/orders` turns the cart into an order (409 when
 * the cart is empty); `GET /api/orders/{uuid}` answers 403 for another user's
 * order and 404 for an unknown one, the difference a broken-object-level
 * authorisation probe learns from. Service accounts may read every order.
 */
import type { Hono } from "hono";
import { requireUser } from "../auth.ts";
import { type DemoDeps, type DemoEnv, problem } from "../context.ts";

const UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

export function orderRoutes(app: Hono<DemoEnv>, deps: DemoDeps): void {
  const { store } = deps;
  app.use("/api/orders", requireUser);
  app.use("/api/orders/*", requireUser);

  app.post("/api/orders", (c) => {
    const user = c.get("user");
    if (!user) return problem(c, 401, "Authentication required");
    const order = store.createOrder(user.username);
    return order ? c.json(order, 201) : problem(c, 409, "Cart is empty", "Add items with POST /api/cart first.");
  });

  app.get("/api/orders", (c) => {
    const user = c.get("user");
    if (!user) return problem(c, 401, "Authentication required");
    const limitText = c.req.query("limit") ?? "20";
    const limit = /^[0-9]{1,3}$/.test(limitText) ? Math.min(100, Math.max(1, Number(limitText))) : 20;
    const since = c.req.query("since");
    return c.json({ items: store.ordersFor(user, limit, since) });
  });

  app.get(`/api/orders/:id{${UUID}}`, (c) => {
    const user = c.get("user");
    if (!user) return problem(c, 401, "Authentication required");
    const order = store.order(c.req.param("id").toLowerCase());
    if (!order) return problem(c, 404, "Not found", "No such order.");
    if (order.username !== user.username && user.role !== "service")
      return problem(c, 403, "Forbidden", "This order belongs to another user.");
    return c.json(order);
  });
}
