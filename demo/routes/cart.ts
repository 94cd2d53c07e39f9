/**
 * @module demo/routes/cart
 * The signed-in user's cart: `GET|POST|DELETE /api/cart` (view, add an item,
 * empty) and `GET|PATCH|DELETE /api/cart/items/{product_id}`. Quantities are
 * 1..99; adding an out-of-stock product is a 409.
 */
import type { Hono } from "hono";
import { requireUser } from "../auth.ts";
import { type DemoDeps, type DemoEnv, jsonBody, problem } from "../context.ts";
import type { ShopStore } from "../store.ts";

const MAX_QTY = 99;

function cartView(store: ShopStore, username: string) {
  const items = [...store.cart(username)].map(([id, quantity]) => {
    const p = store.productsById.get(id);
    return { product_id: id, name: p?.name ?? "", quantity, price_cents: p?.price_cents ?? 0 };
  });
  return { items, total_cents: items.reduce((s, i) => s + i.price_cents * i.quantity, 0) };
}

function validQty(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= MAX_QTY;
}

export function cartRoutes(app: Hono<DemoEnv>, deps: DemoDeps): void {
  const { store } = deps;
  app.use("/api/cart", requireUser);
  app.use("/api/cart/*", requireUser);
  const who = (u: { username: string } | undefined) => u?.username ?? "";

  app.get("/api/cart", (c) => c.json(cartView(store, who(c.get("user")))));

  app.post("/api/cart", async (c) => {
    const body = await jsonBody(c);
    const id = body?.product_id;
    const qty = body?.quantity ?? 1;
    if (typeof id !== "number" || !validQty(qty))
      return problem(c, 400, "Bad request", `Expected {"product_id": number, "quantity": 1..${MAX_QTY}}.`);
    const p = store.productsById.get(id);
    if (!p) return problem(c, 404, "Not found", "No product with this id.");
    if (p.stock === 0) return problem(c, 409, "Out of stock");
    const cart = store.cart(who(c.get("user")));
    cart.set(id, Math.min(MAX_QTY, (cart.get(id) ?? 0) + qty));
    return c.json(cartView(store, who(c.get("user"))), 201);
  });

  app.delete("/api/cart", (c) => {
    store.clearCart(who(c.get("user")));
    return c.body(null, 204);
  });

  app.get("/api/cart/items/:id{[0-9]{1,9}}", (c) => {
    const id = Number(c.req.param("id"));
    const qty = store.cart(who(c.get("user"))).get(id);
    return qty === undefined ? problem(c, 404, "Not in cart") : c.json({ product_id: id, quantity: qty });
  });

  app.patch("/api/cart/items/:id{[0-9]{1,9}}", async (c) => {
    const id = Number(c.req.param("id"));
    const cart = store.cart(who(c.get("user")));
    if (!cart.has(id)) return problem(c, 404, "Not in cart");
    const qty = (await jsonBody(c))?.quantity;
    if (!validQty(qty)) return problem(c, 400, "Bad request", `quantity must be 1..${MAX_QTY}.`);
    cart.set(id, qty);
    return c.json({ product_id: id, quantity: qty });
  });

  app.delete("/api/cart/items/:id{[0-9]{1,9}}", (c) => {
    const id = Number(c.req.param("id"));
    const cart = store.cart(who(c.get("user")));
    if (!cart.delete(id)) return problem(c, 404, "Not in cart");
    return c.body(null, 204);
  });
}
