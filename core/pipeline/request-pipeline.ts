/**
 * @module core/pipeline/request-pipeline
 * apiward's hot path up to the verdict, platform-free: the Cloudflare worker
 * (worker/datapath/handle.ts) and the Vercel adapter
 * (adapters/vercel/datapath.ts) both run this one, and add only their
 * platform facts (client address, country, ASN) before and their way of
 * passing the request on (proxy, `next()`, `rewrite()`) after.
 *
 * Stages, in order: resolve the app by host → canonicalize (blocking
 * anomalies) → client address and identity → compiled policies (fail mode
 * when unavailable) → body (a capped read; binary types only sniffed) →
 * endpoint (approved allow-list, else the learned inventory) → policy
 * evaluation (rule hits, rate limits) → behaviour and anomaly mitigations
 * (isolate caches, never awaited) → allow-list → string features and
 * signatures (Wasm) → dry-run diff → decide (modes) → the problem+json
 * answer when apiward answers itself.
 *
 * One `RequestFlow` per request carries what the stages found; the host
 * (one per isolate) carries the caches and queues. After the answer,
 * `finish` logs the access record, feeds behaviour and anomaly (apiward's
 * own answers flagged, never held against the client) and schedules every
 * flush through the request's `waitUntil`.
 */

import type { CompiledPolicy } from "../../policy/compile.ts";
import { diffOutcomes, evaluatePolicy, type PolicyOutcome } from "../../policy/evaluate.ts";
import type { PolicyContext, RateLimitHit as PolicyRateLimit } from "../../policy/types.ts";
import type { AnomalyEvent } from "../anomaly/types.ts";
import { loginUserHash } from "../behaviour/login-user.ts";
import type { BehaviourEvent } from "../behaviour/types.ts";
import { CANONICAL_BLOCKING_ANOMALIES, canonicalize } from "../canonicalize/index.ts";
import { type AppConfig, DEFAULT_REDACT, hostKey } from "../config/app-config.ts";
import type { CompiledAllowlist } from "../discovery/allowlist.ts";
import type { EndpointMatcher } from "../discovery/matcher.ts";
import type { HitBatch } from "../edge/counter-batchers.ts";
import type { IsolateAnomaly } from "../edge/isolate-anomaly.ts";
import type { IsolateBehaviour } from "../edge/isolate-behaviour.ts";
import { bodyParams } from "../http/body-params.ts";
import { readCappedBody } from "../http/capped-body.ts";
import { isBinaryContentType } from "../http/content-type.ts";
import { problem } from "../http/problem.ts";
import { newRequestId } from "../http/request-id.ts";
import { fromTrustedProxy, ipIdentity, resolveClientIp, resolveIdentity } from "../identity/index.ts";
import { type AccessLogRecord, UNROUTED_APP } from "../log/record.ts";
import { redactUrl, selectedHeaders } from "../log/redact.ts";
import type { CanonicalRequest, Decision, HeaderList, Reason } from "../types.ts";
import { answeredByApiward, decide, type Verdict } from "./decide.ts";
import { type ScoringInput, scoreRequest, type WasmProvider } from "./score-request.ts";

/**
 * How long a learned inventory must have stayed unchanged before paths it
 * does not know count as unknown for anomaly mitigations: while it is still
 * growing (a new app, the first minutes of the demo), the pages it learns
 * next are where newcomers enter.
 */
export const INVENTORY_SETTLED_MS = 10 * 60_000;
export type WaitUntil = (p: Promise<unknown>) => void;

const MAX_HEADERS_SEEN = 1000;
/** Body bytes decoded for the learning core and the login-user hash. */
export const LEARN_BODY_BYTES = 8192;
const textDecoder = new TextDecoder();

/** One compiled policy version, with its approved allow-list. */
export interface PolicyVersion {
  version: number;
  compiled: CompiledPolicy;
  allowlist: CompiledAllowlist | null;
}

export type AppLookup = { ok: true; app: AppConfig } | { ok: false; status: 404 | 503 };

export type { HitBatch } from "../edge/counter-batchers.ts";

export interface PipelineStats {
  requests: number;
  blocked: number;
  failOpen: number;
  failClosed: number;
  errors: number;
  /** Clients that went away before their request body arrived (`ClientAbort`). */
  clientAborts: number;
}

/** A value now (a fresh cache hit), or a promise of it (a read to wait for). */
export type Now<T> = T | Promise<T>;

/**
 * What one isolate keeps between requests, as the pipeline needs it. The
 * lookups answer a fresh cache hit as a plain value, which the pipeline takes
 * without an await: in a workerd request every await costs far more than in a loop.
 */
export interface PipelineHost {
  resolveApp(host: string, defaultApp: string | undefined, wait: WaitUntil): Now<AppLookup>;
  appPolicies(
    appId: string,
    wait: WaitUntil,
  ): Now<{ value: { active: PolicyVersion | null; dryRun: PolicyVersion | null } | null; error?: string }>;
  /**
   * The learned inventory's matcher and when its version was written (epoch
   * ms, the inventory's last change; 0 when unknown), or null before the
   * first snapshot.
   */
  inventory(appId: string, wait: WaitUntil): Now<{ matcher: EndpointMatcher; createdAt?: number } | null>;
  readonly wasm: WasmProvider;
  /** The deployment's HMAC key for API-key and cookie identities, or null (plain SHA-256). */
  identityKey?(): Promise<CryptoKey | null>;
  readonly rateLimiter: {
    check(
      rules: PolicyRateLimit[],
      nowMs: number,
    ): Array<{ ruleId: string; count: number; limit: number; retryAfterS: number }>;
  };
  readonly hits: { push(h: HitBatch): void };
  readonly logs: { push(r: AccessLogRecord): void };
  readonly behaviour: Pick<IsolateBehaviour, "mitigationFor" | "retryAfter" | "observe">;
  readonly anomaly: Pick<IsolateAnomaly, "mitigationFor" | "observe">;
  readonly stats: PipelineStats;
  /** Schedules every due flush (logs, counters, hits, behaviour, anomaly, …) on the request's waitUntil. */
  flushAll(wait: WaitUntil): void;
}

function headerList(h: Headers): HeaderList {
  const list: HeaderList = [];
  h.forEach((v, k) => {
    if (list.length < MAX_HEADERS_SEEN) list.push([k, v]);
  });
  return list;
}

/** One request through the pipeline: the platform facts, then what each stage found. */
export class RequestFlow {
  readonly t0 = Date.now();
  readonly requestId = newRequestId(this.t0);
  readonly headers: HeaderList;
  readonly userAgent: string | undefined;
  readonly reasons: Reason[] = [];
  app: AppConfig | null = null;
  canonical: CanonicalRequest | null = null;
  clientIp: string;
  client: string;
  /**
   * The client's credential identity (`key:…`, `session:…`, `jwt:…`) when the app identifies clients
   * by one and the request carried it; undefined for an address. Behaviour's principal: its own
   * baseline when training saw it, and one person behind an address.
   */
  principal: string | undefined = undefined;
  policyVersion: number | null = null;
  endpoint: string | undefined = undefined;
  /** What goes on to the origin: the request's own stream, the bytes read, or null. */
  body: ReadableStream<Uint8Array> | Uint8Array | null;
  /** True once the request's own body was read (a fail-open retry can no longer forward it). */
  bodyConsumed = false;
  /** The inspected body prefix. */
  inspected: Uint8Array | null = null;
  /** True when the body was longer than the app's inspection limit. */
  bodyTruncated = false;
  contentType: string | undefined = undefined;
  signatureScore: number | undefined = undefined;
  /** True once the request was scored: behaviour and anomaly may observe it. */
  scored = false;
  verdict: Verdict | null = null;
  /** Set when no app took the request: why (logged under UNROUTED_APP). */
  unrouted: "unknown_app" | "config_unavailable" | null = null;

  /**
   * `socketIp`: the address the platform saw (Cloudflare `cf-connecting-ip`,
   * Vercel `x-real-ip`); `country`, `asn` when the platform knows them.
   */
  constructor(
    readonly request: Request,
    readonly url: URL,
    socketIp: string | ((flow: RequestFlow) => string),
    readonly country: string | undefined,
    readonly asn: number | undefined,
  ) {
    this.headers = headerList(request.headers);
    this.headersComplete = this.headers.length < MAX_HEADERS_SEEN;
    this.userAgent = this.header("user-agent");
    const ip = typeof socketIp === "string" ? socketIp : socketIp(this);
    this.socketIp = ip;
    this.clientIp = ip;
    this.client = ip;
    this.body = request.body;
  }

  /** False when the request had more headers than the list keeps. */
  readonly headersComplete: boolean;
  /** The address the platform saw (before trusted proxies' X-Forwarded-For is read into `clientIp`). */
  readonly socketIp: string;

  private learnText: string | undefined;

  /**
   * The inspected body's first LEARN_BODY_BYTES as text (empty without a
   * body), decoded once for all who read it (learning samples, the login
   * user name).
   */
  bodyText(): string {
    if (this.learnText === undefined)
      this.learnText = this.inspected ? textDecoder.decode(this.inspected.subarray(0, LEARN_BODY_BYTES)) : "";
    return this.learnText;
  }

  /**
   * A request header's value (lower-case name; repeated ones joined, as
   * `Headers.get` joins them), read from the list in JavaScript: each call
   * into the runtime's `Headers` costs far more inside a request than here.
   */
  header(name: string): string | undefined {
    if (!this.headersComplete) return this.request.headers.get(name) ?? undefined;
    for (const [n, v] of this.headers) if (n === name) return v;
    return undefined;
  }
}

/**
 * The body's size, reading the body for inspection (one read when small and
 * of known length, else a capped stream). Answers at once, without a promise,
 * when there is nothing to read: no body (a GET, most of the traffic).
 */
function readBody(f: RequestFlow, limit: number, keepBody: boolean, sizeProbe: number): Now<number> {
  const declared = f.header("content-length") ?? null;
  const declaredLength = Number(declared ?? "0") || 0;
  if (!f.request.body) return declaredLength;
  // Without a Content-Length (chunked) the size is only known by reading: a policy with body_size
  // rules has it read up to its largest threshold (sizeProbe), beyond the inspection limit if need be,
  // so that a chunked upload cannot pass under a body_size rule that a declared one would meet.
  const probe = declared === null ? sizeProbe : 0;
  if (isBinaryContentType(f.contentType)) {
    // Not inspected (DESIGN.md: binary types are skipped on purpose), but never silently: an origin
    // that parses the body whatever its declared type would read what nobody inspected. Its first
    // bytes are still read for the formats a server acts on when it loads them (XML, pickles, media
    // converters' instructions: core/signatures/body/sniff.ts) and for a JSON object, which servers
    // that decode any type read (core/signatures/body/index.ts), so it is read as far as the
    // inspection limit like any body, the rest streamed untouched.
    f.reasons.push({
      source: "canonical",
      id: "body_not_inspected",
      action: "log",
      detail: `binary content type ${String(f.contentType).slice(0, 100)} (only sniffed: a JSON object, and formats that act when loaded)`,
    });
  }
  return readBodyBytes(f, limit, keepBody, probe, declaredLength);
}

async function readBodyBytes(
  f: RequestFlow,
  limit: number,
  keepBody: boolean,
  probe: number,
  declaredLength: number,
): Promise<number> {
  const { request } = f;
  // `keepBody`: the platform passes the original request on (Vercel `next`): inspect a copy.
  const source = keepBody ? request.clone() : request;
  if (!keepBody) f.bodyConsumed = true;
  if (declaredLength > 0 && declaredLength <= limit) {
    // The common case, a small body of known length: one read, forwarded as bytes.
    const bytes = new Uint8Array(await clientBody(source.arrayBuffer()));
    f.inspected = bytes;
    if (!keepBody) f.body = bytes.byteLength > 0 ? bytes : null;
    return bytes.byteLength;
  }
  const reach = Math.max(limit, probe);
  const capped = await clientBody(readCappedBody(source.body, reach));
  if (!keepBody) f.body = capped.stream;
  // The copy's rest is never read: cancelled, so that the tee does not hold a large upload in memory
  // for it while the original goes on to the app.
  else if (capped.stream instanceof ReadableStream) void capped.stream.cancel().catch(() => undefined);
  const over = capped.truncated || capped.prefix.byteLength > limit;
  f.inspected = capped.prefix.byteLength > limit ? capped.prefix.subarray(0, limit) : capped.prefix;
  f.bodyTruncated = over;
  if (over) f.reasons.push({ source: "canonical", id: "body_over_inspection_limit", action: "log" });
  return Math.max(declaredLength, capped.truncated ? reach + 1 : capped.prefix.byteLength);
}

/**
 * The client closed its connection before its request body arrived (a
 * dropped upload): nothing reached the origin and nothing was decided, so it
 * is neither a block nor a failure of apiward's (`clientAborted`).
 */
export class ClientAbort extends Error {
  override name = "ClientAbort";
}

/** A read of the request body; its failure is the client's going away. */
async function clientBody<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (e) {
    throw new ClientAbort(e instanceof Error ? e.message : String(e));
  }
}

/**
 * Runs the stages up to the verdict (in `f.verdict`). Returns apiward's own
 * answer (unknown app, block, rate limit, challenge, fail closed) or null
 * when the request goes on. Throws on a bug or a failing dependency: the
 * caller applies the fail mode (`failed`).
 */
export async function runPipeline(
  f: RequestFlow,
  host: PipelineHost,
  defaultApp: string | undefined,
  wait: WaitUntil,
  keepBody: boolean,
): Promise<Response | null> {
  const { request, url, reasons, t0 } = f;
  // `shop.example.` is `shop.example` (a fully qualified name): the same app, never the default one.
  const lookup = host.resolveApp(hostKey(url.hostname), defaultApp, wait);
  const resolved = lookup instanceof Promise ? await lookup : lookup;
  if (!resolved.ok) {
    host.stats.errors++;
    f.unrouted = resolved.status === 404 ? "unknown_app" : "config_unavailable";
    return problem({
      status: resolved.status,
      title: resolved.status === 404 ? "Unknown app" : "App configuration unavailable",
      detail: resolved.status === 404 ? "No app is configured for this host." : undefined,
      requestId: f.requestId,
    });
  }
  const app = resolved.app;
  f.app = app;

  const creq = canonicalize({
    method: request.method,
    url: url.pathname + url.search,
    host: url.host,
    headers: f.headers,
    windowsPaths: app.windows_paths,
  });
  f.canonical = creq;
  for (const a of creq.anomalies) {
    if ((CANONICAL_BLOCKING_ANOMALIES as ReadonlySet<string>).has(a))
      reasons.push({ source: "canonical", id: a, action: "block" });
  }

  f.clientIp = resolveClientIp({ socketIp: f.clientIp, headers: f.headers, trustedProxies: app.trusted_proxies });
  const hashed = app.identity.type === "header" || app.identity.type === "cookie";
  const key = hashed && host.identityKey ? await host.identityKey() : null;
  const who =
    app.identity.type === "ip"
      ? ipIdentity(f.clientIp)
      : await resolveIdentity(app.identity, { headers: f.headers }, f.clientIp, { key });
  f.client = who.identity;
  if (who.kind !== "ip") f.principal = who.identity;
  const client = f.client;
  const clientIp = f.clientIp;

  const policyLookup = host.appPolicies(app.id, wait);
  const policies = policyLookup instanceof Promise ? await policyLookup : policyLookup;
  if (policies.error) {
    reasons.push({
      source: "failmode",
      id: "policy_unavailable",
      action: app.fail_mode === "closed" ? "block" : "allow",
      detail: policies.error,
    });
  }

  const contentType = f.header("content-type");
  f.contentType = contentType;
  const sized = readBody(f, app.body_limit, keepBody, policies.value?.active?.compiled.bodySizeProbe ?? 0);
  const bodySize = typeof sized === "number" ? sized : await sized;

  const active = policies.value?.active ?? null;
  // Endpoint template: the approved allow-list knows it best; else the learned inventory.
  const approved = active?.allowlist?.matcher.match(creq.method, creq.segments);
  // Whether the app knows its paths: an approved allow-list, or a learned inventory that has not
  // changed for INVENTORY_SETTLED_MS. Before that, unknown paths are most of its real pages too.
  let hasInventory = (active?.allowlist?.matcher.size ?? 0) > 0;
  if (approved) f.endpoint = approved.template;
  else {
    const invLookup = host.inventory(app.id, wait);
    const inv = invLookup instanceof Promise ? await invLookup : invLookup;
    f.endpoint = inv?.matcher.match(creq.method, creq.segments)?.template;
    if (inv && inv.matcher.size > 0 && t0 - (inv.createdAt ?? 0) >= INVENTORY_SETTLED_MS) hasInventory = true;
  }
  const endpoint = f.endpoint;
  let outcome: PolicyOutcome | null = null;
  /** The active policy's rate limits over their limit for this request (rule ids), for the dry-run diff. */
  let overActive: string[] = [];
  const pctx: PolicyContext = {
    endpoint,
    req: creq,
    ip: clientIp,
    country: f.country,
    asn: f.asn,
    identity: client,
    bodySize,
    contentType,
  };
  if (active) {
    f.policyVersion = active.version;
    // Body fields are parsed only for a policy that constrains them.
    if (active.compiled.usesBodyParams) {
      if (f.bodyTruncated) pctx.bodyTruncated = true;
      const fields = bodyParams(contentType ?? "", f.inspected, f.bodyTruncated);
      if (fields) pctx.bodyParams = fields;
    }
    outcome = evaluatePolicy(active.compiled, pctx);
    // A rate-limit rule that matched but is under its limit is counted, not a reason.
    const limited = new Set(outcome.rateLimits.map((r) => r.ruleId));
    for (const r of outcome.reasons) if (!(limited.has(r.id) && r.action === "log")) reasons.push(r);
    if (outcome.hits.length) {
      const hits: Record<string, number> = {};
      for (const h of outcome.hits) hits[h] = (hits[h] ?? 0) + 1;
      host.hits.push({ app: app.id, version: active.version, hits });
    }
    const over = host.rateLimiter.check(
      outcome.rateLimits.map((r) => ({ ...r, key: `${app.id}|${r.key}` })),
      Date.now(),
    );
    overActive = over.map((o) => o.ruleId);
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
  // Behaviour (and anomaly) mitigations: in-isolate caches, never a storage call here.
  if (!outcome?.bypass.has("behaviour")) {
    const mitigation = host.behaviour.mitigationFor(app.id, client, clientIp, t0 / 1000);
    if (mitigation) reasons.push(mitigation);
    const distributed = host.anomaly.mitigationFor(
      app.id,
      endpoint,
      client,
      clientIp,
      t0 / 1000,
      f.userAgent,
      hasInventory,
    );
    if (distributed) reasons.push(distributed);
  }
  if (active?.allowlist && !outcome?.bypass.has("allowlist")) {
    reasons.push(...active.allowlist.check(creq.method, creq.segments, creq.query, creq.headers));
  }
  const input: ScoringInput = { req: creq, signatures: !outcome?.bypass.has("signatures"), peer: f.socketIp };
  // Behind the app's own proxy, its X-Forwarded-Host is no client's claim (host-override.ts).
  if (
    app.trusted_proxies.length > 0 &&
    fromTrustedProxy({ socketIp: f.socketIp, headers: f.headers, trustedProxies: app.trusted_proxies })
  )
    input.viaTrustedProxy = true;
  // A body without a content type is inspected too (sniffed as JSON, XML or a form): many back ends
  // parse JSON whatever the header says, so skipping it would be a bypass.
  if (f.inspected && f.inspected.byteLength > 0)
    input.body = { bytes: f.inspected, contentType: contentType ?? "", truncated: f.bodyTruncated };
  if (endpoint) input.endpoint = endpoint;
  if (active?.compiled.signatures) input.policy = active.compiled.signatures;
  const scored = scoreRequest(host.wasm, app, input);
  reasons.push(...scored.reasons);
  if (scored.signature) f.signatureScore = scored.signature.score;
  f.scored = true;

  const dry = policies.value?.dryRun;
  if (dry && dry.version !== active?.version) {
    const candidate = evaluatePolicy(dry.compiled, pctx);
    const diff = outcome
      ? diffOutcomes(outcome, candidate)
      : candidate.terminal
        ? [`candidate: ${candidate.terminal.action} by ${candidate.terminal.ruleId}`]
        : null;
    const limits = dryRunLimits(host, app.id, dry.version, outcome, overActive, candidate);
    const lines = [...(diff ?? []), ...(limits ? [limits] : [])];
    if (lines.length > 0)
      reasons.push({ source: "policy", id: `dry_run:v${dry.version}`, action: "log", detail: lines.join("; ") });
  }

  const verdict = decide(app, reasons);
  f.verdict = verdict;
  if (answeredByApiward(verdict.decision)) {
    host.stats.blocked++;
    const isRate = verdict.decision === "rate_limit" || verdict.decision === "challenge";
    let retry = 0;
    if (isRate) {
      retry = 1;
      for (const r of verdict.enforced) {
        const s = r.source === "policy" ? (r.score ?? 1) : (host.behaviour.retryAfter(app.id, client, t0 / 1000) ?? 10);
        if (s > retry) retry = s;
      }
    }
    const failed = verdict.enforced.some((r) => r.source === "failmode");
    if (failed) host.stats.failClosed++;
    return problem({
      status: isRate ? 429 : failed ? 503 : 403,
      title: isRate ? "Too many requests" : failed ? "Service unavailable (fail closed)" : "Request blocked",
      requestId: f.requestId,
      reasons: verdict.enforced,
      headers: retry ? { "retry-after": String(retry) } : undefined,
    });
  }
  if (reasons.some((r) => r.source === "failmode")) host.stats.failOpen++;
  return null;
}

/**
 * Appends the access-log record. A request no app took (`f.unrouted`) is
 * logged under UNROUTED_APP with the default redaction; any other request
 * before its app is known is not logged (a log shard belongs to an app).
 */
export function logAccess(
  f: RequestFlow,
  host: PipelineHost,
  decision: Decision,
  would: Decision,
  status: number,
  bytes: number,
): void {
  const app = f.app;
  if (!app && !f.unrouted) return;
  const redact = app?.redact ?? DEFAULT_REDACT;
  const url = f.url;
  const record: AccessLogRecord = {
    ts: f.t0,
    request_id: f.requestId,
    app: app?.id ?? UNROUTED_APP,
    client: f.client,
    ip: f.clientIp,
    method: f.request.method,
    host: url.hostname,
    url: redactUrl(f.canonical?.rawUrl ?? url.pathname + url.search, redact.params),
    decision,
    would,
    mode: app?.mode ?? "enforce",
    reasons: f.reasons,
    status,
    bytes,
    latency_ms: Date.now() - f.t0,
    policy_version: f.policyVersion,
    user_agent: f.userAgent,
    headers: selectedHeaders(f.headers, redact.headers),
  };
  if (f.country) record.country = f.country;
  if (typeof f.asn === "number") record.asn = f.asn;
  if (f.endpoint) record.endpoint = f.endpoint;
  if (f.canonical && f.canonical.anomalies.length > 0) record.anomalies = f.canonical.anomalies;
  host.logs.push(record);
}

/**
 * A request no app took (`f.unrouted`): logged under UNROUTED_APP with the
 * host it asked for and the default redaction, so probes of unknown hosts
 * and requests refused while no configuration could be read stay visible.
 */
export function finishUnrouted(f: RequestFlow, host: PipelineHost, wait: WaitUntil, status: number): void {
  if (!f.unrouted) return;
  f.reasons.push({ source: "failmode", id: f.unrouted, action: "block" });
  logAccess(f, host, "block", "block", status, 0);
  host.flushAll(wait);
}

/**
 * After the answer: the access record, then behaviour and anomaly see what
 * the answer showed (apiward's own answers flagged, never held against the
 * client), then every due flush.
 */
export function finish(
  f: RequestFlow,
  host: PipelineHost,
  wait: WaitUntil,
  status: number,
  bytes: number,
  blockedByApiward: boolean,
): void {
  const v = f.verdict;
  if (v) logAccess(f, host, v.decision, v.would, status, bytes);
  observe(f, host, status, bytes, blockedByApiward);
  host.flushAll(wait);
}

function observe(f: RequestFlow, host: PipelineHost, status: number, bytes: number, blocked: boolean): void {
  const app = f.app;
  const creq = f.canonical;
  if (!app || !creq || !f.scored) return;
  const body = f.inspected;
  const loginUser = body && creq.method === "POST" ? loginUserHash(f.contentType, f.bodyText()) : undefined;
  // One event object for both: behaviour copies what it keeps (compactEvent), anomaly folds it.
  const ev: BehaviourEvent & AnomalyEvent = {
    app: app.id,
    client: f.client,
    ip: f.clientIp,
    ts: f.t0 / 1000,
    method: creq.method,
    path: creq.path,
    query: creq.query,
    status,
    bytes,
    latencyMs: Date.now() - f.t0,
    headers: f.headers,
    blockedByApiward: blocked,
  };
  if (f.endpoint) ev.endpoint = f.endpoint;
  if (f.userAgent) ev.userAgent = f.userAgent;
  if (f.signatureScore !== undefined) ev.signatureScore = f.signatureScore;
  if (loginUser) ev.loginUser = loginUser;
  if (typeof f.asn === "number") ev.asn = f.asn;
  if (f.country) ev.country = f.country;
  if (f.principal) ev.identity = f.principal;
  host.behaviour.observe(ev);
  host.anomaly.observe(ev);
}

/**
 * Whether the dry-run candidate would answer 429 where the active policy does
 * not, or the other way round: `429: none -> login-limit`. A candidate limit
 * the active policy has too (same rule, limit, window, algorithm and key)
 * shares its count; any other is counted on its own counters (`dry<v>` keys,
 * from when the dry run began), as if the candidate had been active since.
 * Null when both answer alike.
 */
function dryRunLimits(
  host: PipelineHost,
  appId: string,
  version: number,
  active: PolicyOutcome | null,
  overActive: readonly string[],
  candidate: PolicyOutcome,
): string | null {
  if (candidate.rateLimits.length === 0 && overActive.length === 0) return null;
  const same = (a: PolicyRateLimit, b: PolicyRateLimit) =>
    a.ruleId === b.ruleId &&
    a.key === b.key &&
    a.limit === b.limit &&
    a.windowS === b.windowS &&
    a.algorithm === b.algorithm;
  const shared: string[] = [];
  const own: PolicyRateLimit[] = [];
  for (const r of candidate.rateLimits) {
    if (active?.rateLimits.some((a) => same(a, r))) shared.push(r.ruleId);
    else own.push(r);
  }
  const over = shared.filter((id) => overActive.includes(id));
  if (own.length > 0) {
    const counted = host.rateLimiter.check(
      own.map((r) => ({ ...r, key: `${appId}|dry${version}|${r.key}` })),
      Date.now(),
    );
    for (const o of counted) over.push(o.ruleId);
  }
  // As sets: the candidate's shared limits come first in `over`, whatever the rules' order.
  const names = (ids: readonly string[]) => (ids.length > 0 ? [...new Set(ids)].sort().join(",") : "none");
  const before = names(overActive);
  const after = names(over);
  return before === after ? null : `429: ${before} -> ${after}`;
}

/**
 * A bug or a failing dependency: counts it and records why, in the app's
 * fail mode. True when the app fails open and `canPassOn` (the request can
 * still go on): the caller then passes it on and calls `failedOpen`, or
 * answers `failClosed` when that fails too.
 */
export function failed(f: RequestFlow, host: PipelineHost, e: unknown, canPassOn: boolean): boolean {
  host.stats.errors++;
  const open = f.app?.fail_mode === "open";
  f.reasons.push({
    source: "failmode",
    id: "internal_error",
    action: open ? "allow" : "block",
    detail: e instanceof Error ? e.message : String(e),
  });
  if (!open || !f.app || !canPassOn) return false;
  host.stats.failOpen++;
  return true;
}

function flushQuietly(host: PipelineHost, wait: WaitUntil): void {
  try {
    host.flushAll(wait);
  } catch {
    // nothing more to do
  }
}

/** The request went on after a failure (fail open): logged as allowed, would block. */
export function failedOpen(f: RequestFlow, host: PipelineHost, wait: WaitUntil, status: number): void {
  logAccess(f, host, "allow", "block", status, 0);
  flushQuietly(host, wait);
}

/**
 * The client went away mid-body (`ClientAbort`): logged with status 499 (as
 * nginx logs a client that closed the request) and decision `log`, reason
 * `canonical:client_abort`; counted in `client_aborts`, not as an error.
 * The answer goes nowhere, but is a plain 400.
 */
export function clientAborted(f: RequestFlow, host: PipelineHost, wait: WaitUntil, e: ClientAbort): Response {
  host.stats.clientAborts++;
  f.reasons.push({ source: "canonical", id: "client_abort", action: "log", detail: e.message.slice(0, 200) });
  logAccess(f, host, "log", "log", 499, 0);
  flushQuietly(host, wait);
  return problem({ status: 400, title: "Request body incomplete", requestId: f.requestId, reasons: [] });
}

/** Fail closed: logged as blocked, answered 503. */
export function failClosed(f: RequestFlow, host: PipelineHost, wait: WaitUntil): Response {
  host.stats.failClosed++;
  logAccess(f, host, "block", "block", 503, 0);
  flushQuietly(host, wait);
  return problem({ status: 503, title: "Service unavailable", requestId: f.requestId, reasons: [] });
}
