import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Two projects: "workers" runs inside workerd with the real KV, Durable Objects
// and Wasm module from wrangler.toml; "node" runs the platform-free core, the
// CLI and the evaluations' building blocks in Node, as the CLI does.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              // Linger 0: each request's waitUntil sends its own batch, so tests see results at once.
              bindings: { APIWARD_ADMIN_TOKEN: "test-admin-token", APIWARD_FLUSH_LINGER_MS: "0" },
              cf: { country: "ZZ", asn: 64500, colo: "LCL" },
            },
          }),
        ],
        test: {
          name: "workers",
          globalSetup: ["./test/support/global-setup.ts"],
          include: ["test/worker/**/*.test.ts", "test/durable-objects/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "node",
          environment: "node",
          include: [
            "test/core/**/*.test.ts",
            "test/cli/**/*.test.ts",
            "test/policy/**/*.test.ts",
            "test/deploy/**/*.test.ts",
            "test/bench/**/*.test.ts",
          ],
        },
      },
      // The Vercel Edge adapter in Vercel's Edge Runtime (edge-runtime) against a real redis-server
      // reached through the Upstash REST protocol, and a local Edge Config endpoint (test/vercel).
      {
        test: {
          name: "vercel",
          environment: "node",
          include: ["test/vercel/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
      // The dashboard in a real Chromium against the deployable bundle on Miniflare (test/browser, ~1 min).
      {
        test: {
          name: "browser",
          environment: "node",
          include: ["test/browser/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 240_000,
          // A poll waits on Chromium, Miniflare and a re-render: vitest's 1 s default is short on a busy machine.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
