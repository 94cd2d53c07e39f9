/**
 * @module worker/datapath/handle
 * The hot path, in order: resolve the app → canonicalize → identify the
 * client → load the compiled policy → evaluate (rules, rate limits, dry-run)
 * → decide (modes) → block or proxy → observe the response. Everything slow
 * (counters, hit counts, access log) is queued and flushed in
 * `ctx.waitUntil`. Nothing throws out of here: any failure ends in the app's
 * fail mode, and the request is logged either way.
 */

import type { AnomalyEvent } from "../../core/anomaly/types.ts";
import { loginUserHash } from "../../core/behaviour/login-user.ts";
import type { BehaviourEvent } from "../../core/behaviour/types.ts";
import { CANONICAL_BLOCKING_ANOMALIES, canonicalize } from "../../core/canonicalize/index.ts";
import type { AppConfig } from "../../core/config/app-config.ts";
import type { Observation } from "../../core/discovery/types.ts";
import { resolveClientIp, resolveIdentity } from "../../core/identity/index.ts";
import type { AccessLogRecord } from "../../core/log/record.ts";
import { decide } from "../../core/pipeline/decide.ts";
import { scoreRequest as score } from "../../core/pipeline/score-request.ts";
import type { CanonicalRequest, Decision, HeaderList, Reason } from "../../core/types.ts";
import { diffOutcomes, evaluatePolicy, type PolicyOutcome } from "../../policy/evaluate.ts";
import { isBinaryContentType, readCappedBody } from "../lib/capped-body.ts";
import { problem } from "../lib/problem.ts";
import { newRequestId } from "../lib/request-id.ts";
import type { Runtime } from "../runtime.ts";
import { proxyToOrigin } from "./proxy.ts";
import { redactUrl, selectedHeaders } from "./redact.ts";

const MAX_HEADERS_SEEN = 1000;

function headerList(h: Headers): HeaderList {
  const list: HeaderList = [];
  h.forEach((v, k) => {
    if (list.length < MAX_HEADERS_SEEN) list.push([k, v]);
  });
  return list;
}

const LEARN_BODY_BYTES = 8192;
const textDecoder = new TextDecoder();

/** What the learning core sees of a request: canonical path, query, JSON/form body fields, status, client. */
function observation(
  req: CanonicalRequest,
  status: number,
  identity: string,
  t0: number,
  contentType: string | undefined,
  body: Uint8Array | null,
): Observation {
  const obs: Observation = { method: req.method, path: req.path, query: req.query, status, identity, ts: t0 / 1000 };
  if (body && body.byteLength > 0 && contentType && /json|x-www-form-urlencoded/i.test(contentType)) {
    obs.body = { contentType, text: textDecoder.decode(body.subarray(0, LEARN_BODY_BYTES)) };
  }
  return obs;
}

interface CfProps {
  country?: string;
  asn?: number;
}

/** Serves one proxied request. */
export async function handleDatapath(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
  rt: Runtime,
  url: URL = new URL(request.url),
): Promise<Response> {
  const t0 = Date.now();
  const requestId = newRequestId(t0);
  rt.env = env;
  rt.stats.requests++;
  const cf = (request.cf ?? {}) as CfProps;
  const headers = headerList(request.headers);
  const userAgent = request.headers.get("user-agent") ?? undefined;
  const reasons: Reason[] = [];
  let app: AppConfig | null = null;
  let canonical: CanonicalRequest | null = null;
  let clientIp = request.headers.get("cf-connecting-ip") ?? "0.0.0.0";
  let client = clientIp;
  let policyVersion: number | null = null;
  let endpoint: string | undefined;
  let bodyConsumed = false;

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
    if (cf.country) record.country = cf.country;
    if (typeof cf.asn === "number") record.asn = cf.asn;
    if (endpoint) record.endpoint = endpoint;
    rt.logs.push(record);
  };

  const forward = (to: AppConfig, rawUrl: string, body: ReadableStream<Uint8Array> | Uint8Array | null) =>
    proxyToOrigin({
      request,
      incoming: url,
      origin: to.origin,
      rawUrl,
      body,
      clientIp,
      requestId,
      timeoutMs: to.origin_timeout_ms,
    });

  let observeCtx: {
    creq: CanonicalRequest;
    contentType?: string;
    body: Uint8Array | null;
    signatureScore?: number;
  } | null = null;
  /** Feeds behaviour profiling with what the response showed (apiward's own answers are flagged, never held against the client). */
  const observe = (status: number, bytes: number, blockedByApiward: boolean) => {
    if (!app || !observeCtx) return;
    const { creq, contentType, body, signatureScore } = observeCtx;
    const loginUser =
      body && creq.method === "POST"
        ? loginUserHash(contentType, textDecoder.decode(body.subarray(0, LEARN_BODY_BYTES)))
        : undefined;
    const latencyMs = Date.now() - t0;
    const ts = t0 / 1000;
    const ev: BehaviourEvent = {
      app: app.id,
      client,
      ip: clientIp,
      ts,
      method: creq.method,
      path: creq.path,
      query: creq.query,
      status,
      bytes,
      latencyMs,
      headers,
      blockedByApiward,
    };
    if (endpoint) ev.endpoint = endpoint;
    if (userAgent) ev.userAgent = userAgent;
    if (signatureScore !== undefined) ev.signatureScore = signatureScore;
    if (loginUser) ev.loginUser = loginUser;
    rt.behaviour.observe(ev);
    rt.behaviour.flush(env, ctx);
    const aev: AnomalyEvent = {
      app: app.id,
      ip: clientIp,
      client,
      ts,
      method: creq.method,
      path: creq.path,
      query: creq.query,
      status,
      bytes,
      latencyMs,
      blockedByApiward,
    };
    if (endpoint) aev.endpoint = endpoint;
    if (typeof cf.asn === "number") aev.asn = cf.asn;
    if (cf.country) aev.country = cf.country;
    if (userAgent) aev.userAgent = userAgent;
    rt.anomaly.observe(aev);
    rt.anomaly.flush(env, ctx);
  };

  try {
    const resolved = await rt.registry.resolveApp(
      env.CONFIG,
      url.hostname.toLowerCase(),
      env.APIWARD_DEFAULT_APP,
      (p) => ctx.waitUntil(p),
    );
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

    const policies = await rt.registry.appPolicies(env.CONFIG, app.id, (p) => ctx.waitUntil(p));
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
    if (request.body && declaredLength > 0 && declaredLength <= app.body_limit && !isBinaryContentType(contentType)) {
      // The common case, a small body of known length: one read, forwarded as bytes.
      bodyConsumed = true;
      inspected = new Uint8Array(await request.arrayBuffer());
      body = inspected.byteLength > 0 ? inspected : null;
      bodySize = inspected.byteLength;
    } else if (request.body && !isBinaryContentType(contentType)) {
      bodyConsumed = true;
      const capped = await readCappedBody(request.body, app.body_limit);
      body = capped.stream;
      inspected = capped.prefix;
      bodySize = Math.max(declaredLength, capped.prefix.byteLength);
      bodyTruncated = capped.truncated;
      if (capped.truncated) reasons.push({ source: "canonical", id: "body_over_inspection_limit", action: "log" });
    }

    const active = policies.value?.active ?? null;
    // Endpoint template: the approved allow-list knows it best; else the learned inventory.
    const approved = active?.allowlist?.matcher.match(creq.method, creq.segments);
    if (approved) endpoint = approved.template;
    else {
      const inv = await rt.registry.inventory(env.SNAPSHOTS, app.id, (p) => ctx.waitUntil(p));
      endpoint = inv?.matcher.match(creq.method, creq.segments)?.template;
    }
    let outcome: PolicyOutcome | null = null;
    const pctx = {
      endpoint,
      req: creq,
      ip: clientIp,
      country: cf.country,
      asn: cf.asn,
      identity: client,
      bodySize,
      contentType,
    };
    if (active) {
      policyVersion = active.version;
      outcome = evaluatePolicy(active.compiled, pctx);
      // A rate-limit rule that matched but is under its limit is counted, not a reason.
      const limited = new Set(outcome.rateLimits.map((r) => r.ruleId));
      for (const r of outcome.reasons) if (!(limited.has(r.id) && r.action === "log")) reasons.push(r);
      if (outcome.hits.length) {
        const hits: Record<string, number> = {};
        for (const h of outcome.hits) hits[h] = (hits[h] ?? 0) + 1;
        rt.hits.push({ app: app.id, version: active.version, hits });
      }
      const over = rt.rateLimiter.check(
        outcome.rateLimits.map((r) => ({ ...r, key: `${app!.id}|${r.key}` })),
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
    // Behaviour (and anomaly) mitigations: an in-isolate cache, never a DO call here.
    if (!outcome?.bypass.has("behaviour")) {
      const mitigation = rt.behaviour.mitigationFor(env, app.id, client, clientIp, t0 / 1000);
      if (mitigation) reasons.push(mitigation);
      const distributed = rt.anomaly.mitigationFor(env, app.id, endpoint, client, clientIp, t0 / 1000);
      if (distributed) reasons.push(distributed);
    }
    if (active?.allowlist && !outcome?.bypass.has("allowlist")) {
      reasons.push(...active.allowlist.check(creq.method, creq.segments, creq.query));
    }
    const scored = score(rt, app, {
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
      const retry = isRate
        ? Math.max(
            1,
            ...verdict.enforced.map((r) =>
              r.source === "policy" ? (r.score ?? 1) : (rt.behaviour.retryAfter(app!.id, client, t0 / 1000) ?? 10),
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
      rt.flushAll(ctx);
      return res;
    }
    if (reasons.some((r) => r.source === "failmode")) rt.stats.failOpen++;

    const proxied = await forward(app, creq.rawUrl, body);
    if (!proxied.fromOrigin) {
      reasons.push({ source: "failmode", id: "origin_error", action: "log", detail: proxied.error });
    } else if (app.learning_sample_rate >= 1 || Math.random() < app.learning_sample_rate) {
      rt.samples.push({
        app: app.id,
        obs: observation(creq, proxied.response.status, client, t0, contentType, inspected),
      });
    }
    const len = Number(proxied.response.headers.get("content-length"));
    log(verdict.decision, verdict.would, proxied.response.status, Number.isFinite(len) ? len : 0);
    observe(proxied.response.status, Number.isFinite(len) ? len : 0, !proxied.fromOrigin);
    rt.flushAll(ctx);
    return proxied.response;
  } catch (e) {
    // A bug or a failing dependency: the app's fail mode decides, and the request is still logged.
    rt.stats.errors++;
    const detail = e instanceof Error ? e.message : String(e);
    reasons.push({
      source: "failmode",
      id: "internal_error",
      action: app?.fail_mode === "open" ? "allow" : "block",
      detail,
    });
    if (app && app.fail_mode === "open" && !bodyConsumed) {
      rt.stats.failOpen++;
      try {
        const proxied = await forward(app, url.pathname + url.search, request.body);
        log("allow", "block", proxied.response.status, 0);
        rt.flushAll(ctx);
        return proxied.response;
      } catch {
        // fall through to 503
      }
    }
    rt.stats.failClosed++;
    log("block", "block", 503, 0);
    try {
      rt.flushAll(ctx);
    } catch {
      // nothing more to do
    }
    return problem({ status: 503, title: "Service unavailable", requestId, reasons: [] });
  }
}
