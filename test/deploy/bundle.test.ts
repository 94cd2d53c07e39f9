import { describe, expect, it } from "vitest";
import { bundleWorker } from "../../bench/lib/bundle.ts";

describe("wrangler deploy --dry-run", () => {
  it("bundles offline, with the Wasm scorer, within the free plan's 3 MB gzip limit", { timeout: 120_000 }, () => {
    const b = bundleWorker();
    expect(b.files.some((f) => f.endsWith(".wasm"))).toBe(true);
    expect(b.gzipBytes).toBeGreaterThan(10_000);
    expect(b.gzipBytes).toBeLessThanOrEqual(3 * 1024 * 1024);
  });
});
