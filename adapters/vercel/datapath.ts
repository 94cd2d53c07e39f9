/**
 * @module adapters/vercel/datapath
 * apiward's hot path as Vercel Edge Middleware: the platform facts from
 * `@vercel/edge` (`ipAddress`: x-real-ip, `geolocation`: country) in, the
 * shared pipeline (core/pipeline/request-pipeline.ts, the worker's stage
 * order), then `next()`, a proxy to the origin, or `rewrite()`.
 * Everything slow is queued and flushed through the request's `waitUntil`.
 * Nothing throws out of here: a failure ends in the app's fail mode.
 *
 * Forwarding: `next` (default) lets the request continue to the Vercel
 * route (the middleware never sees the response: behaviour and anomaly see
 * status 0, "unknown"; the body is inspected from a copy); `origin` proxies
 * to the app config's `origin` like the worker does and observes the
 * response; `{ rewrite }` is `next` for allowed requests, and sends blocked
 * ones to a page of the project (`rewrite()`), with the request id and the
 * answer's status in `x-apiward-request-id` / `x-apiward-status`.
 */
import { geolocation, ipAddress, next, rewrite } from "@vercel/edge";
import {
  ClientAbort,
  clientAborted,
  failClosed,
  failed,
  failedOpen,
  finish,
  finishUnrouted,
  RequestFlow,
  runPipeline,
  type WaitUntil,
} from "../../core/pipeline/request-pipeline.ts";
import type { CanonicalRequest } from "../../core/types.ts";
import { proxyToOrigin } from "../../worker/datapath/proxy.ts";
import type { VercelRuntime } from "./runtime.ts";

export type Forward = "next" | "origin" | { rewrite: string };

/** What Vercel passes as the middleware's second argument (`RequestContext` / `NextFetchEvent`). */
export interface WaitUntilContext {
  waitUntil(promise: Promise<unknown>): void;
}

function passOn(f: RequestFlow): Response {
  return next({ headers: { "x-apiward-request-id": f.requestId } });
}

export async function handleVercel(
  request: Request,
  ctx: WaitUntilContext,
  rt: VercelRuntime,
  opts: { defaultApp?: string; forward: Forward },
): Promise<Response> {
  rt.stats.requests++;
  const wait: WaitUntil = (p) => ctx.waitUntil(p.catch(() => undefined));
  const url = new URL(request.url);
  const f = new RequestFlow(request, url, ipAddress(request) ?? "0.0.0.0", geolocation(request).country, undefined);
  const toOrigin = opts.forward === "origin";
  try {
    await rt.wasm.ready();
    const answer = await runPipeline(f, rt, opts.defaultApp, wait, !toOrigin);
    if (answer) {
      if (!f.verdict) {
        finishUnrouted(f, rt, wait, answer.status);
        return answer;
      }
      finish(f, rt, wait, answer.status, 0, true);
      if (typeof opts.forward === "object" && answer.status !== 503) {
        const h = new Headers({ "x-apiward-request-id": f.requestId, "x-apiward-status": String(answer.status) });
        return rewrite(new URL(opts.forward.rewrite, request.url), { headers: h });
      }
      return answer;
    }
    if (toOrigin) {
      const app = f.app as NonNullable<RequestFlow["app"]>;
      const proxied = await proxyToOrigin({
        request,
        incoming: url,
        origin: app.origin,
        rawUrl: (f.canonical as CanonicalRequest).rawUrl,
        body: f.body,
        clientIp: f.clientIp,
        requestId: f.requestId,
        timeoutMs: app.origin_timeout_ms,
      });
      if (!proxied.fromOrigin)
        f.reasons.push({ source: "failmode", id: "origin_error", action: "log", detail: proxied.error });
      const len = Number(proxied.response.headers.get("content-length"));
      finish(f, rt, wait, proxied.response.status, Number.isFinite(len) ? len : 0, !proxied.fromOrigin);
      return proxied.response;
    }
    // The route answers; this middleware never sees it: status 0 is "unknown".
    finish(f, rt, wait, 0, 0, false);
    return passOn(f);
  } catch (e) {
    if (e instanceof ClientAbort) return clientAborted(f, rt, wait, e);
    if (failed(f, rt, e, !toOrigin)) {
      failedOpen(f, rt, wait, 0);
      return passOn(f);
    }
    return failClosed(f, rt, wait);
  }
}
