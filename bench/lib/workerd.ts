/**
 * @module bench/lib/workerd
 * Starting the benchmarks' workers: a Miniflare instance, its URL and the
 * workerd process it started (whose CPU the benchmarks read from /proc), and
 * the bare passthrough worker every ratio is measured against.
 */
import { Miniflare, type MiniflareOptions } from "miniflare";
import { childWorkerdPids } from "./proc-cpu.ts";

/** The baseline: forwards every request to `env.ORIGIN` and relays the answer, nothing else. */
export const PASSTHROUGH = `export default { async fetch(req, env) {
  const u = new URL(req.url);
  const h = new Headers(req.headers); h.delete("host");
  return fetch(env.ORIGIN + u.pathname + u.search, { method: req.method, headers: h, body: req.body });
} };`;

export interface StartedWorkerd {
  mf: Miniflare;
  /** The worker's URL, without a trailing slash. */
  url: string;
  /** The workerd process this instance started (null off Linux). */
  pid: number | null;
}

/** Starts a Miniflare instance and finds the workerd process it started; disposes it if it cannot start. */
export async function startWorkerd(options: MiniflareOptions): Promise<StartedWorkerd> {
  const before = new Set(childWorkerdPids());
  const mf = new Miniflare(options);
  try {
    const url = (await mf.ready).toString().replace(/\/$/, "");
    return { mf, url, pid: childWorkerdPids().find((p) => !before.has(p)) ?? null };
  } catch (e) {
    await mf.dispose().catch(() => undefined);
    throw e;
  }
}

/** The passthrough worker in front of `originUrl` (`extra`: further options, e.g. a `cf` object). */
export function startPassthrough(originUrl: string, extra: Partial<MiniflareOptions> = {}): Promise<StartedWorkerd> {
  return startWorkerd({
    modules: true,
    script: PASSTHROUGH,
    compatibilityDate: "2026-04-01",
    bindings: { ORIGIN: originUrl },
    port: 0,
    ...extra,
  } as MiniflareOptions);
}
