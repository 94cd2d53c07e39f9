/**
 * @module test/vercel/support/edge-harness
 * Runs the Vercel adapter the way Vercel runs middleware: bundled with
 * esbuild for the edge (`edge-light` conditions, one script), evaluated in
 * Vercel's open-source Edge Runtime (`edge-runtime`), one `EdgeRuntime` per
 * middleware instance (each is its own isolate: module state, caches,
 * counters). The Wasm module is compiled here and handed in, as Vercel's
 * `?module` import hands in a compiled module; `process.env` carries the
 * connection settings, as on Vercel.
 */
import { resolve } from "node:path";
import { EdgeRuntime } from "edge-runtime";
import { build, type Plugin } from "esbuild";
import { loadWasmModule } from "../../../cli/wasm.ts";

const ROOT = resolve(import.meta.dirname, "../../..");
const bundles = new Map<string, Promise<string>>();

export function compiledWasm(): WebAssembly.Module {
  return loadWasmModule();
}

/** Vercel compiles `*.wasm?module` at build time; here the harness provides the compiled module. */
const wasmModulePlugin: Plugin = {
  name: "wasm-module",
  setup(b) {
    b.onResolve({ filter: /\.wasm\?module$/ }, (args) => ({ path: args.path, namespace: "wasm-module" }));
    b.onLoad({ filter: /.*/, namespace: "wasm-module" }, () => ({
      contents: "export default globalThis.__APIWARD_WASM__;",
      loader: "js",
    }));
  },
};

/**
 * The example project depends on the `apiward` package: resolve its imports
 * from the repository root, through the package's own `exports` (as if it
 * were installed in node_modules).
 */
const apiwardPackagePlugin: Plugin = {
  name: "apiward-package",
  setup(b) {
    b.onResolve({ filter: /^apiward(\/|$)/ }, async (args) => {
      if (args.pluginData === "apiward-package") return undefined;
      const r = await b.resolve(args.path, { resolveDir: ROOT, kind: args.kind, pluginData: "apiward-package" });
      return r.errors.length ? { errors: r.errors } : { path: r.path };
    });
  },
};

/** Bundles an entry for the Edge Runtime (cached per entry). */
export function bundle(entry: string): Promise<string> {
  let p = bundles.get(entry);
  if (!p) {
    p = build({
      entryPoints: [resolve(ROOT, entry)],
      bundle: true,
      write: false,
      format: "iife",
      platform: "browser",
      target: "es2022",
      conditions: ["edge-light", "worker", "browser"],
      mainFields: ["browser", "module", "main"],
      absWorkingDir: ROOT,
      // As Vercel builds middleware (esbuild's browser default would be "development",
      // which switches @vercel/edge-config to its development cache).
      define: { "process.env.NODE_ENV": '"production"' },
      plugins: [wasmModulePlugin, apiwardPackagePlugin],
      logLevel: "silent",
    }).then((r) => r.outputFiles[0]?.text ?? "");
    bundles.set(entry, p);
  }
  return p;
}

export interface EdgeInstance {
  /** Sends one request; waits for its `waitUntil` work before returning. */
  fetch(
    url: string,
    init?: RequestInit & { ip?: string; country?: string },
  ): Promise<{ status: number; headers: Headers; text: string; passed: boolean }>;
  /** Flushes everything the instance queued (counters, events, logs, deltas) and waits. */
  drain(): Promise<void>;
  /** Re-reads mitigations now. */
  refresh(app: string): Promise<void>;
  stats(): Promise<unknown>;
}

export interface EdgeInstanceOptions {
  env: Record<string, string>;
  /** createMiddleware options besides `wasm` (JSON-serialisable). */
  options?: Record<string, unknown>;
  entry?: string;
}

export async function edgeInstance(o: EdgeInstanceOptions): Promise<EdgeInstance> {
  const code = await bundle(o.entry ?? "test/vercel/support/entry.ts");
  const runtime = new EdgeRuntime({
    extend: (context) => {
      Object.assign(context, {
        __APIWARD_WASM__: compiledWasm(),
        __APIWARD_OPTIONS__: o.options ?? {},
        process: { env: { ...o.env } },
      });
      return context;
    },
  });
  runtime.evaluate(code);
  const api = () =>
    (
      runtime.context as unknown as {
        __apiward?: { drain(): Promise<void>; refresh(a: string): Promise<void>; stats(): string };
      }
    ).__apiward;
  return {
    async fetch(url, init = {}) {
      const { ip, country, ...rest } = init;
      const headers = new Headers(rest.headers);
      headers.set("x-real-ip", ip ?? "198.51.100.7");
      if (country) headers.set("x-vercel-ip-country", country);
      const res = await runtime.dispatchFetch(url, { ...rest, headers });
      const text = await res.text();
      await res.waitUntil();
      return {
        status: res.status,
        headers: res.headers,
        text,
        passed: res.headers.get("x-middleware-next") === "1",
      };
    },
    async drain() {
      await api()?.drain();
    },
    async refresh(app) {
      await api()?.refresh(app);
    },
    async stats() {
      const s = api()?.stats();
      return s ? JSON.parse(s) : null;
    },
  };
}
