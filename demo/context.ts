/**
 * @module demo/context
 * What every route of the demo shop shares: the Hono env type (the signed-in
 * user as a typed context variable), the injected dependencies and the
 * problem+json error answer (RFC 9457) all error statuses use.
 */
import type { Context } from "hono";
import type { ShopStore } from "./store.ts";
import type { DemoUser } from "./users.ts";

export type DemoEnv = { Variables: { user: DemoUser | undefined } };

export interface DemoDeps {
  store: ShopStore;
  /**
   * Waits `ms` to model an expensive endpoint (password hashing, full-text
   * search). The server really sleeps; the simulator passes a no-op and reads
   * the intended time back from the `server-timing` header.
   */
  sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1), for the slow endpoints' delays. */
  random: () => number;
}

/**
 * Prefix of the `type` of every problem the demo app itself answers, so a
 * client can tell the shop's own 403/404 from a block by apiward in front of it.
 */
export const DEMO_PROBLEM_PREFIX = "urn:apiward-demo:problem:";

/** Answers `application/problem+json` with a stable `type` per status. */
export function problem(
  c: Context,
  status: 400 | 401 | 403 | 404 | 409 | 500,
  title: string,
  detail?: string,
): Response {
  const body = JSON.stringify({
    type: `${DEMO_PROBLEM_PREFIX}${status}`,
    title,
    status,
    ...(detail ? { detail } : {}),
    instance: c.req.path,
  });
  // c.body keeps headers set earlier on the context (server-timing, www-authenticate).
  return c.body(body, status, { "content-type": "application/problem+json" });
}

/** Sleeps a uniform time in [lo, hi] ms and records it as `server-timing: app;dur=…`. */
export async function slowDown(c: Context, deps: DemoDeps, lo: number, hi: number): Promise<void> {
  const ms = Math.round(lo + (hi - lo) * deps.random());
  c.header("server-timing", `app;dur=${ms}`);
  await deps.sleep(ms);
}

/** Parses a JSON object body; undefined when the body is not a JSON object. */
export async function jsonBody(c: Context): Promise<Record<string, unknown> | undefined> {
  try {
    const v: unknown = await c.req.json();
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
