import { describe, expect, it } from "vitest";
import { canonicalize } from "../../../core/canonicalize/index.ts";
import { isPlainPath } from "../../../core/canonicalize/path.ts";

// What it costs is measured in the benchmarks (`npx tsx bench/stages.ts`, canonicalization's
// share of a request), not here: a timed assertion would fail on a busy machine and prove nothing
// on a quiet one. What this file holds is that typical API paths take the fast path, and that the
// fast path answers as the full decoder does.
describe("the hot path's fast path", () => {
  it("takes typical API paths and leaves anything encoded, dotted or parametrised to the full decoder", () => {
    for (const p of ["/api/v1/users/12345/orders", "/", "/products/blue-widget_2", "/a/b.json"])
      expect(isPlainPath(p), p).toBe(true);
    for (const p of ["/api/v1/users/%31/orders", "/a/../b", "/a//b", "/a;x=1/b", "/a\\b", "/a/./b", "/caf\u00e9"])
      expect(isPlainPath(p), p).toBe(false);
  });

  it("gives a plain path the canonical form the full decoder gives its encoded twin", () => {
    const view = (url: string) => canonicalize({ method: "GET", url, host: "api.example.com", headers: [] });
    const plain = view("/api/v1/users/12345/orders?limit=20");
    const encoded = view("/api/v1/users/%31%32%33%34%35/orders?limit=20");
    expect(encoded.path).toBe(plain.path);
    expect(plain.path).toBe("/api/v1/users/12345/orders");
  });
});
