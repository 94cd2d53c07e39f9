/**
 * @module test/browser/support/server
 * A real apiward for the browser tests: the deployable bundle
 * (`wrangler deploy --dry-run`, dashboard assets included) run by Miniflare
 * with the wrangler.toml bindings (KV, the Durable Objects, the Wasm
 * scorer), in front of the echo origin of the workerd tests. Seeds one app
 * ("shop", the default app, enforcing) with three policy versions: v1
 * (policy/examples/default.json), v2 (one rule dropped, one changed, one
 * added; active, so v1 is in the rollback history) and v3 in dry run.
 */
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { bundleWorker, bundleWorkerOptions, ROOT, wranglerDurableObjects } from "../../../bench/lib/bundle.ts";
import { buildDashboard } from "../../../dashboard/build.ts";
import { startOrigin } from "../../support/origin-server.ts";

export const TOKEN = "browser-test-token-4f1c9a";
export const APP = "shop";

export interface TestServer {
  url: string;
  /** Calls the admin API with the token; JSON in and out. */
  admin(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; json: unknown }>;
  close(): Promise<void>;
}

type Rule = { id: string; action: string; [k: string]: unknown };

/** Durable Object bindings from wrangler.toml (names and classes), all SQLite-backed. */
/** v1, v2 and v3 of the seeded policy, derived from the demo's starter policy. */
export function policyVersions(): { v1: object; v2: object; v3: object } {
  const v1 = JSON.parse(readFileSync(join(ROOT, "policy/examples/default.json"), "utf8")) as {
    description?: string;
    rules: Rule[];
  };
  const v2 = structuredClone(v1);
  v2.description = "v2: admin paths no longer logged, PHP probes only logged, search probes blocked";
  v2.rules = v2.rules.filter((r) => r.id !== "log-admin-paths");
  const php = v2.rules.find((r) => r.id === "block-php-probes");
  if (php) php.action = "log";
  v2.rules.push({
    id: "block-wp-probes",
    description: "No WordPress here.",
    action: "block",
    priority: 125,
    match: { path: { prefix: "/wp-" } },
  });
  const v3 = structuredClone(v2);
  v3.description = "v3 candidate: block the legacy export endpoint";
  v3.rules.push({
    id: "block-legacy-export",
    action: "block",
    priority: 90,
    match: { path: { prefix: "/api/export" } },
  });
  return { v1, v2, v3 };
}

export async function startServer(): Promise<TestServer> {
  await buildDashboard();
  const origin: { server: Server; url: string } = await startOrigin();
  const bundle = bundleWorker();
  const mf = new Miniflare({
    ...bundleWorkerOptions(bundle),
    kvNamespaces: ["CONFIG", "SNAPSHOTS"],
    durableObjects: wranglerDurableObjects(),
    bindings: { APIWARD_ADMIN_TOKEN: TOKEN, APIWARD_DEFAULT_APP: APP, APIWARD_VERSION: "browser-test" },
  });
  const url = (await mf.ready).toString().replace(/\/$/, "");
  const admin: TestServer["admin"] = async (path, init = {}) => {
    const res = await fetch(`${url}/__apiward${path}`, {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, json };
  };
  const close = async () => {
    await mf.dispose();
    await new Promise<void>((r) => origin.server.close(() => r()));
  };
  try {
    const put = await admin(`/apps/${APP}`, {
      method: "PUT",
      body: {
        id: APP,
        origin: origin.url,
        mode: "enforce",
        fail_mode: "open",
        capabilities: { allowlist: "monitor", signatures: "enforce", behaviour: "monitor", anomaly: "monitor" },
      },
    });
    if (put.status !== 200) throw new Error(`seeding app: ${put.status} ${JSON.stringify(put.json)}`);
    const { v1, v2, v3 } = policyVersions();
    for (const [doc, q] of [
      [v1, "?activate=true"],
      [v2, "?activate=true"],
      [v3, "?dry_run=true"],
    ] as const) {
      const r = await admin(`/apps/${APP}/policies${q}`, { method: "POST", body: doc });
      if (r.status !== 201) throw new Error(`seeding policy: ${r.status} ${JSON.stringify(r.json)}`);
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { url, admin, close };
}
