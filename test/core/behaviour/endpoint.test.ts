import { describe, expect, it } from "vitest";
import { heuristicName, TemplateMatcher } from "../../../core/behaviour/endpoint.ts";

describe("endpoint names", () => {
  it("heuristic: ids, uuids, hex and slugs become parameters", () => {
    expect(heuristicName("GET", "/api/orders/42").endpoint).toBe("GET /api/orders/{id}");
    expect(heuristicName("GET", "/api/orders/42").id).toBe("42");
    expect(heuristicName("GET", "/o/3f2a9c1e-1111-4222-8333-444455556666/x").endpoint).toBe("GET /o/{id}/x");
    expect(heuristicName("GET", "/blob/deadbeef12").endpoint).toBe("GET /blob/{id}");
    expect(heuristicName("GET", "/products/red-wool-scarf").endpoint).toBe("GET /products/{slug}");
    expect(heuristicName("GET", "/api/products").endpoint).toBe("GET /api/products");
    expect(heuristicName("GET", "/").endpoint).toBe("GET /");
  });

  it("templates: literals win over parameters, methods are separate, misses fall back", () => {
    const m = new TemplateMatcher([
      "GET /api/products/{product_id}",
      "GET /api/products/by-slug/{slug}",
      "GET /api/products/{product_id}/reviews",
      "POST /api/products/{product_id}/reviews",
      "not a template",
    ]);
    expect(m.size).toBe(4);
    expect(m.name("GET", "/api/products/7")).toEqual({
      endpoint: "GET /api/products/{product_id}",
      known: true,
      id: "7",
    });
    expect(m.name("GET", "/api/products/by-slug/x-y")).toMatchObject({
      endpoint: "GET /api/products/by-slug/{slug}",
      known: true,
    });
    expect(m.name("POST", "/api/products/7/reviews").endpoint).toBe("POST /api/products/{product_id}/reviews");
    expect(m.name("DELETE", "/api/products/7")).toMatchObject({ endpoint: "DELETE /api/products/{id}", known: false });
    // "by-slug" alone is a product id by shape, so the parameter branch is tried after the literal one fails.
    expect(m.name("GET", "/api/products/by-slug/reviews").endpoint).toBe("GET /api/products/by-slug/{slug}");
  });
});
