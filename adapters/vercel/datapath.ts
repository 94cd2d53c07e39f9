/**
 * @module adapters/vercel/datapath
 * apiward's hot path as Vercel Edge Middleware, in the worker's stage order
 * (worker/datapath/handle.ts): resolve the app by host → canonicalize →
 * client address and identity → compiled policy (rules, rate limits,
 * dry-run) → endpoint (approved allow-list, else the learned inventory) →
 * behaviour and anomaly mitigations (isolate caches) → signatures (Wasm) →
 * decide (modes) → `next()` or a problem+json answer. Platform facts come
 * from `@vercel/edge`: `ipAddress` (x-real-ip), `geolocation` (country).
 * Everything slow is queued and flushed through the request's `waitUntil`.
 * Nothing throws out of here: a failure ends in the app's fail mode.
 *
 * Forwarding: `next` (default) lets the request continue to the Vercel
 * route (the middleware never sees the response: behaviour and anomaly see
 * status 0, "unknown"); `origin` proxies to the app config's `origin` like
 * the worker does and observes the response; `{ rewrite }` is `next` for
 * allowed requests, and sends blocked ones to a page of the project
 * (`rewrite()`), with the problem document in `x-apiward-problem`.
 */
import { geolocation, ipAddress, next, rewrite } from "@vercel/edge";
import { loginUserHash } from "../../core/behaviour/login-user.ts";
import { CANONICAL_BLOCKING_ANOMALIES, canonicalize } from "../../core/canonicalize/index.ts";
import type { AppConfig } from "../../core/config/app-config.ts";
import { isBinaryContentType } from "../../core/http/content-type.ts";
import { problem } from "../../core/http/problem.ts";
import { resolveClientIp, resolveIdentity } from "../../core/identity/index.ts";
import type { AccessLogRecord } from "../../core/log/record.ts";
import { decide } from "../../core/pipeline/decide.ts";
import { scoreRequest } from "../../core/pipeline/score-request.ts";
import type { CanonicalRequest, Decision, HeaderList, Reason } from "../../core/types.ts";
import { diffOutcomes, evaluatePolicy, type PolicyOutcome } from "../../policy/evaluate.ts";
import { proxyToOrigin } from "../../worker/datapath/proxy.ts";
import { redactUrl, selectedHeaders } from "../../worker/datapath/redact.ts";
import { readCappedBody } from "../../worker/lib/capped-body.ts";
import type { VercelRuntime } from "./runtime.ts";

export type Forward = "next" | "origin" | { rewrite: string };

/** What Vercel passes as the middleware's second argument (`RequestContext` / `NextFetchEvent`). */
export interface WaitUntilContext {
  waitUntil(promise: Promise<unknown>): void;
}

const MAX_HEADERS_SEEN = 1000;
const LEARN_BODY_BYTES = 8192;
const textDecoder = new TextDecoder();
const idBytes = new Uint8Array(10);

function headerList(h: Headers): HeaderList {
  const list: HeaderList = [];
  h.forEach((v, k) => {
    if (list.length < MAX_HEADERS_SEEN) list.push([k, v]);
  });
  return list;
}

function newRequestId(): string {
  crypto.getRandomValues(idBytes);
  let hex = Date.now().toString(16).padStart(12, "0");
  for (const b of idBytes) hex += (b < 16 ? "0" : "") + b.toString(16);
  return hex;
}

export async function handleVercel(
  request: Request,
  ctx: WaitUntilContext,
  rt: VercelRuntime,
  opts: { defaultApp?: string; forward: Forward },
): Promise<Response> {
  const t0 = Date.now();
  const requestId = newRequestId();
  rt.stats.requests++;
  const wait = (p: Promise<unknown>) => ctx.waitUntil(p.catch(() => undefined));
  const url = new URL(request.url);
  const geo = geolocation(request);
  const country = geo.country;
  const headers = headerList(request.headers);
  const reasons: Reason[] = [];
  let app: AppConfig | null = null;
  let canonical: CanonicalRequest | null = null;
  let clientIp = ipAddress(request) ?? "0.0.0.0";
  let client = clientIp;
  let policyVersion: number | null = null;
  let endpoint: string | undefined;
  const userAgent = request.headers.get("user-agent") ?? undefined;

  const log = (decision: Decision, would: Decision, status: number, bytes: number) => {
    if (!app) return;
    const record: AccessLogRecord = {
      ts: t0,
      request_id: requestId,
      app: app.id,
      client,
      ip: clientIp,
      method: request.method,
      host: url.hostname,
      url: redactUrl(canonical?.rawUrl ?? url.pathname + url.search, app.redact.params),
      decision,
      would,
      mode: app.mode,
      reasons,
      status,
      bytes,
      latency_ms: Date.now() - t0,
      policy_version: policyVersion,
      user_agent: userAgent,
      headers: selectedHeaders(headers, app.redact.headers),
    };
    if (country) record.country = country;
    if (endpoint) record.endpoint = endpoint;
    rt.logs.push(record);
  };

  let observeCtx: {
    creq: CanonicalRequest;
    contentType?: string;
    body: Uint8Array | null;
    signatureScore?: number;
  } | null = null;
  const observe = (status: number, bytes: number, blockedByApiward: boolean) => {
    if (!app || !observeCtx) return;
    const { creq, contentType, body, signatureScore } = observeCtx;
    const loginUser =
      body && creq.method === "POST"
        ? loginUserHash(contentType, textDecoder.decode(body.subarray(0, LEARN_BODY_BYTES)))
        : undefined;
    const common = {
      app: app.id,
      client,
      ip: clientIp,
      ts: t0 / 1000,
      method: creq.method,
      path: creq.path,
      ...(endpoint ? { endpoint } : {}),
      query: creq.query,
      status,
      bytes,
      latencyMs: Date.now() - t0,
      ...(userAgent ? { userAgent } : {}),
      blockedByApiward,
    };
    rt.behaviour.observe({
      ...common,
      headers,
      ...(signatureScore !== undefined ? { signatureScore } : {}),
      ...(loginUser ? { loginUser } : {}),
    });
    rt.anomaly.observe({ ...common, ...(country ? { country } : {}) });
  };

  const answer = (res: Response): Response => {
    if (typeof opts.forward === "object" && res.status !== 503) {
      const h = new Headers({ "x-apiward-request-id": requestId, "x-apiward-status": String(res.status) });
      return rewrite(new URL(opts.forward.rewrite, request.url), { headers: h });
    }
    return res;
  };

  try {
    await rt.wasm.ready();
    const resolved = await rt.registry.resolveApp(rt.config, url.hostname.toLowerCase(), opts.defaultApp, wait);
    if (!resolved.ok) {
      rt.stats.errors++;
      return problem({
        status: resolved.status,
        title: resolved.status === 404 ? "Unknown app" : "App configuration unavailable",
        detail: resolved.status === 404 ? "No app is configured for this host." : undefined,
        requestId,
      });
    }
    app = resolved.app;

    const creq = canonicalize({ method: request.method, url: url.pathname + url.search, host: url.host, headers });
    canonical = creq;
    for (const a of creq.anomalies) {
      if ((CANONICAL_BLOCKING_ANOMALIES as ReadonlySet<string>).has(a))
        reasons.push({ source: "canonical", id: a, action: "block" });
    }

    clientIp = resolveClientIp({ socketIp: clientIp, headers, trustedProxies: app.trusted_proxies });
    const who = await resolveIdentity(app.identity, { headers }, clientIp);
    client = who.identity;

    const policies = await rt.registry.appPolicies(rt.config, app.id, wait);
    if (policies.error) {
      reasons.push({
        source: "failmode",
        id: "policy_unavailable",
        action: app.fail_mode === "closed" ? "block" : "allow",
        detail: policies.error,
      });
    }

    const contentType = request.headers.get("content-type") ?? undefined;
    const declaredLength = Number(request.headers.get("content-length") ?? "0") || 0;
    let body: ReadableStream<Uint8Array> | Uint8Array | null = request.body;
    let bodySize = declaredLength;
    let inspected: Uint8Array | null = null;
    let bodyTruncated = false;
    if (request.body && !isBinaryContentType(contentType)) {
      // `next` leaves the original body to the platform: inspect a copy.
      const source = opts.forward === "origin" ? request.body : request.clone().body;
      const capped = await readCappedBody(source, app.body_limit);
      if (opts.forward === "origin") body = capped.stream;
      inspected = capped.prefix;
      bodySize = Math.max(declaredLength, capped.prefix.byteLength);
      bodyTruncated = capped.truncated;
      if (capped.truncated) reasons.push({ source: "canonical", id: "body_over_inspection_limit", action: "log" });
    }

    const active = policies.value?.active ?? null;
    const approved = active?.allowlist?.matcher.match(creq.method, creq.segments);
    if (approved) endpoint = approved.template;
    else {
      const inv = await rt.registry.inventory(rt.snapshots, app.id, wait);
      endpoint = inv?.matcher.match(creq.method, creq.segments)?.template;
    }
    let outcome: PolicyOutcome | null = null;
    const pctx = {
      endpoint,
      req: creq,
      ip: clientIp,
      country,
      asn: undefined,
      identity: client,
      bodySize,
      contentType,
    };
    if (active) {
      policyVersion = active.version;
      outcome = evaluatePolicy(active.compiled, pctx);
      const limited = new Set(outcome.rateLimits.map((r) => r.ruleId));
      for (const r of outcome.reasons) if (!(limited.has(r.id) && r.action === "log")) reasons.push(r);
      if (outcome.hits.length) {
        const hits: Record<string, number> = {};
        for (const h of outcome.hits) hits[h] = (hits[h] ?? 0) + 1;
        rt.hits.push({ app: app.id, version: active.version, hits });
      }
      const appId = app.id;
      const over = rt.rateLimiter.check(
        outcome.rateLimits.map((r) => ({ ...r, key: `${appId}|${r.key}` })),
        Date.now(),
      );
      for (const o of over) {
        reasons.push({
          source: "policy",
          id: o.ruleId,
          action: "rate_limit",
          detail: `over limit: ${Math.floor(o.count)} > ${o.limit}; retry after ${o.retryAfterS}s`,
          score: o.retryAfterS,
        });
      }
    }
    if (!outcome?.bypass.has("behaviour")) {
      const mitigation = rt.behaviour.mitigationFor(app.id, client, clientIp, t0 / 1000);
      if (mitigation) reasons.push(mitigation);
      const distributed = rt.anomaly.mitigationFor(app.id, endpoint, client, clientIp, t0 / 1000, userAgent);
      if (distributed) reasons.push(distributed);
    }
    if (active?.allowlist && !outcome?.bypass.has("allowlist")) {
      reasons.push(...active.allowlist.check(creq.method, creq.segments, creq.query));
    }
    const scored = scoreRequest(rt.wasm, app, {
      req: creq,
      ...(inspected && contentType ? { body: { bytes: inspected, contentType, truncated: bodyTruncated } } : {}),
      ...(endpoint ? { endpoint } : {}),
      ...(active?.compiled.signatures ? { policy: active.compiled.signatures } : {}),
      signatures: !outcome?.bypass.has("signatures"),
    });
    reasons.push(...scored.reasons);
    observeCtx = {
      creq,
      body: inspected,
      ...(contentType ? { contentType } : {}),
      ...(scored.signature ? { signatureScore: scored.signature.score } : {}),
    };

    const dry = policies.value?.dryRun;
    if (dry && dry.version !== active?.version) {
      const candidate = evaluatePolicy(dry.compiled, pctx);
      const diff = outcome
        ? diffOutcomes(outcome, candidate)
        : candidate.terminal
          ? [`candidate: ${candidate.terminal.action} by ${candidate.terminal.ruleId}`]
          : null;
      if (diff)
        reasons.push({ source: "policy", id: `dry_run:v${dry.version}`, action: "log", detail: diff.join("; ") });
    }

    const verdict = decide(app, reasons);
    if (verdict.decision === "block" || verdict.decision === "rate_limit" || verdict.decision === "challenge") {
      rt.stats.blocked++;
      const isRate = verdict.decision === "rate_limit" || verdict.decision === "challenge";
      const appId = app.id;
      const retry = isRate
        ? Math.max(
            1,
            ...verdict.enforced.map((r) =>
              r.source === "policy" ? (r.score ?? 1) : (rt.behaviour.retryAfter(appId, client, t0 / 1000) ?? 10),
            ),
          )
        : undefined;
      const failed = verdict.enforced.some((r) => r.source === "failmode");
      if (failed) rt.stats.failClosed++;
      const res = problem({
        status: isRate ? 429 : failed ? 503 : 403,
        title: isRate ? "Too many requests" : failed ? "Service unavailable (fail closed)" : "Request blocked",
        requestId,
        reasons: verdict.enforced,
        headers: retry ? { "retry-after": String(retry) } : undefined,
      });
      log(verdict.decision, verdict.would, res.status, 0);
      observe(res.status, 0, true);
      rt.flushAll(wait);
      return answer(res);
    }
    if (reasons.some((r) => r.source === "failmode")) rt.stats.failOpen++;

    if (opts.forward === "origin") {
      const proxied = await proxyToOrigin({
        request,
        incoming: url,
        origin: app.origin,
        rawUrl: creq.rawUrl,
        body,
        clientIp,
        requestId,
        timeoutMs: app.origin_timeout_ms,
      });
      if (!proxied.fromOrigin)
        reasons.push({ source: "failmode", id: "origin_error", action: "log", detail: proxied.error });
      const len = Number(proxied.response.headers.get("content-length"));
      log(verdict.decision, verdict.would, proxied.response.status, Number.isFinite(len) ? len : 0);
      observe(proxied.response.status, Number.isFinite(len) ? len : 0, !proxied.fromOrigin);
      rt.flushAll(wait);
      return proxied.response;
    }
    // The route answers; this middleware never sees it: status 0 is "unknown".
    log(verdict.decision, verdict.would, 0, 0);
    observe(0, 0, false);
    rt.flushAll(wait);
    return next({ headers: { "x-apiward-request-id": requestId } });
  } catch (e) {
    rt.stats.errors++;
    const detail = e instanceof Error ? e.message : String(e);
    reasons.push({
      source: "failmode",
      id: "internal_error",
      action: app?.fail_mode === "open" ? "allow" : "block",
      detail,
    });
    if (app && app.fail_mode === "open" && opts.forward !== "origin") {
      rt.stats.failOpen++;
      log("allow", "block", 0, 0);
      try {
        rt.flushAll(wait);
      } catch {
        // nothing more to do
      }
      return next({ headers: { "x-apiward-request-id": requestId } });
    }
    rt.stats.failClosed++;
    log("block", "block", 503, 0);
    try {
      rt.flushAll(wait);
    } catch {
      // nothing more to do
    }
    return problem({ status: 503, title: "Service unavailable", requestId, reasons: [] });
  }
}
