/**
 * @module bench/lib/bundle
 * Bundles the worker exactly as `wrangler deploy` would (`--dry-run
 * --outdir`), offline, so benchmarks and the bundle-size test run the
 * deployable artifact.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { unstable_getMiniflareWorkerOptions } from "wrangler";

export const ROOT = resolve(import.meta.dirname, "../..");

export interface Bundle {
  dir: string;
  main: string;
  files: string[];
  rawBytes: number;
  gzipBytes: number;
}

/** Bundles into `outdir`, or into a temp directory of its own that is removed when the process exits. */
export function bundleWorker(outdir?: string): Bundle {
  const dir = outdir ?? mkdtempSync(join(tmpdir(), "apiward-bundle-"));
  if (outdir === undefined) process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const r = spawnSync(join(ROOT, "node_modules/.bin/wrangler"), ["deploy", "--dry-run", "--outdir", dir], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  });
  if (r.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${r.stdout}\n${r.stderr}`);
  return readBundle(dir);
}

/**
 * A bundle already built by `wrangler deploy --dry-run --outdir DIR`, for
 * instance from another checkout: what `BENCH_BUNDLE=DIR` runs, so two code
 * variants can be measured with the same bench.
 */
export function readBundle(dir: string): Bundle {
  const files = readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile() && !f.endsWith(".map"));
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const f of files) {
    const data = readFileSync(join(dir, f));
    rawBytes += data.length;
    gzipBytes += gzipSync(data, { level: 9 }).length;
  }
  const main = files.find((f) => f === "index.js") ?? files.find((f) => f.endsWith(".js"));
  if (!main) throw new Error(`no JavaScript entry in ${dir}: ${files.join(", ")}`);
  return { dir, main: join(dir, main), files, rawBytes, gzipBytes };
}

/** wrangler.toml as wrangler itself reads it for Miniflare (bindings, compatibility, migrations). */
export function wranglerWorkerOptions() {
  return unstable_getMiniflareWorkerOptions(join(ROOT, "wrangler.toml")).workerOptions;
}

/** Durable Object bindings of wrangler.toml (names and classes; SQLite-backed as its migrations say). */
export function wranglerDurableObjects(): Record<string, { className: string; useSQLite: boolean }> {
  const out: Record<string, { className: string; useSQLite: boolean }> = {};
  for (const [name, d] of Object.entries(wranglerWorkerOptions().durableObjects ?? {})) {
    const b = (typeof d === "string" ? { className: d } : d) as { className: string; useSQLite?: boolean };
    out[name] = { className: b.className, useSQLite: b.useSQLite === true };
  }
  return out;
}

/**
 * Miniflare options that run a bundle as `wrangler deploy` would: its
 * modules and rules, and wrangler.toml's compatibility date and flags (so the
 * benchmarks and the browser and CLI tests cannot drift from the deployed worker).
 */
export function bundleWorkerOptions(bundle: Bundle) {
  const toml = wranglerWorkerOptions();
  if (!toml.compatibilityDate) throw new Error("wrangler.toml: no compatibility_date");
  return {
    modules: true,
    scriptPath: bundle.main,
    modulesRoot: bundle.dir,
    modulesRules: [
      { type: "CompiledWasm", include: ["**/*.wasm"] },
      { type: "Text", include: ["**/*.html", "**/*.css", "**/*.txt"] },
    ],
    compatibilityDate: toml.compatibilityDate,
    compatibilityFlags: toml.compatibilityFlags ?? [],
    cf: { country: "FR", asn: 64500, colo: "LCL" },
    port: 0,
  } as const;
}
