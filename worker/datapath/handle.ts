/**
 * @module worker/datapath/handle
 * The hot path on Cloudflare: the platform facts (`cf-connecting-ip`,
 * `request.cf` country and ASN) in, the shared pipeline
 * (core/pipeline/request-pipeline.ts: resolve the app → canonicalize →
 * identify the client → policy → body → endpoint → rules, rate limits,
 * mitigations, signatures, dry-run → decide), then proxy to the origin and
 * observe the response. Everything slow (counters, hit counts, access log,
 * behaviour events, anomaly deltas, learning samples) is queued and flushed
 * in `ctx.waitUntil`. Nothing throws out of here: any failure ends in the
 * app's fail mode, and the request is logged either way.
 */

import type { Observation } from "../../core/discovery/types.ts";
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
} from "../../core/pipeline/request-pipeline.ts";
import type { CanonicalRequest } from "../../core/types.ts";
import type { Runtime } from "../runtime.ts";
import { countStreamedBody } from "./count-body.ts";
import { proxyToOrigin } from "./proxy.ts";

/** What the learning core sees of a request: canonical path, query, JSON/form body fields, status, client. */
function observation(f: RequestFlow, req: CanonicalRequest, status: number): Observation {
  const obs: Observation = {
    method: req.method,
    path: req.path,
    query: req.query,
    status,
    identity: f.client,
    ts: f.t0 / 1000,
  };
  const contentType = f.contentType;
  if (f.inspected && f.inspected.byteLength > 0 && contentType && /json|x-www-form-urlencoded/i.test(contentType)) {
    obs.body = { contentType, text: f.bodyText() };
  }
  return obs;
}

interface CfProps {
  country?: string;
  asn?: number;
}

function forward(f: RequestFlow, rawUrl: string, body: ReadableStream<Uint8Array> | Uint8Array | null) {
  const app = f.app as NonNullable<RequestFlow["app"]>;
  return proxyToOrigin({
    request: f.request,
    headerList: f.headersComplete ? f.headers : null,
    incoming: f.url,
    origin: app.origin,
    rawUrl,
    body,
    clientIp: f.clientIp,
    requestId: f.requestId,
    timeoutMs: app.origin_timeout_ms,
  });
}

/** Serves one proxied request. */
export async function handleDatapath(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
  rt: Runtime,
  url: URL = new URL(request.url),
): Promise<Response> {
  rt.env = env;
  rt.stats.requests++;
  const cf = (request.cf ?? {}) as CfProps;
  const f = new RequestFlow(request, url, (flow) => flow.header("cf-connecting-ip") ?? "0.0.0.0", cf.country, cf.asn);
  const host = rt.pipeline;
  const wait = (p: Promise<unknown>) => ctx.waitUntil(p);
  try {
    const answer = await runPipeline(f, host, env.APIWARD_DEFAULT_APP, wait, false);
    if (answer) {
      if (f.verdict) finish(f, host, wait, answer.status, 0, true);
      else finishUnrouted(f, host, wait, answer.status);
      return answer;
    }
    const app = f.app as NonNullable<RequestFlow["app"]>;
    const creq = f.canonical as CanonicalRequest;
    const proxied = await forward(f, creq.rawUrl, f.body);
    if (!proxied.fromOrigin) {
      f.reasons.push({ source: "failmode", id: "origin_error", action: "log", detail: proxied.error });
    } else if (app.learning_sample_rate >= 1 || Math.random() < app.learning_sample_rate) {
      rt.samples.push({
        app: app.id,
        obs: observation(f, creq, proxied.response.status),
      });
    }
    const status = proxied.response.status;
    const length = proxied.response.headers.get("content-length");
    if (length === null && proxied.fromOrigin && proxied.response.body !== null) {
      // Streamed without a length: the record waits for the body's size (bounded, see count-body.ts).
      return countStreamedBody(proxied.response, wait, (bytes) => {
        try {
          finish(f, host, wait, status, bytes, false);
        } catch {
          // After the answer there is no fail mode left to apply: counted, as the hot path's bugs are.
          rt.stats.errors++;
        }
      });
    }
    const len = Number(length);
    finish(f, host, wait, status, Number.isFinite(len) ? len : 0, !proxied.fromOrigin);
    return proxied.response;
  } catch (e) {
    if (e instanceof ClientAbort) return clientAborted(f, host, wait, e);
    // A bug or a failing dependency: the app's fail mode decides, and the request is still logged.
    if (failed(f, host, e, !f.bodyConsumed)) {
      try {
        const proxied = await forward(f, url.pathname + url.search, request.body);
        failedOpen(f, host, wait, proxied.response.status);
        return proxied.response;
      } catch {
        // fall through to 503
      }
    }
    return failClosed(f, host, wait);
  }
}
