/**
 * @module core/behaviour/facts
 * The per-request facts a client profile accumulates, derived once from a
 * BehaviourEvent and the app's context: endpoint template, request class,
 * login outcome, whether the endpoint is expensive, the object id walked,
 * probe and tool fingerprints. Never throws on odd input.
 */

import { hash32 } from "../discovery/hash.ts";
import type { BehaviourContext } from "./context.ts";
import { looksLikeLogin } from "./context.ts";
import { templateHash } from "./endpoint.ts";
import {
  CLASS_STATIC,
  headerFamily,
  isOddMethod,
  isProbePath,
  missingBrowserHeaders,
  type RequestClass,
  requestClass,
  UA_BROWSER,
  UA_TOOL,
  type UaClass,
  uaClass,
} from "./request-class.ts";
import { clientKey } from "./summary.ts";
import type { BehaviourEvent } from "./types.ts";

/** A signature score at or above this counts as an attack payload (5 = one critical rule). */
export const SIGNATURE_HIT = 5;

export interface EventFacts {
  ts: number;
  /** ts + latency: when the response ended. */
  end: number;
  endpoint: string;
  tpl: number;
  known: boolean;
  cls: RequestClass;
  status: number;
  login: boolean;
  loginFail: boolean;
  loginUser: number;
  expensive: boolean;
  /** Hash of template + object id, 0 when the endpoint has no id. */
  item: number;
  /** Hash of template + query values (parameter variants of one endpoint), 0 without a query. */
  variant: number;
  /** Numeric object id, NaN when none. */
  idNum: number;
  /** Hash of the exact path (for distinct 404 paths and pages). */
  pathHash: number;
  /** Hash of method, path and query: one distinct request (for payload counting). */
  requestHash: number;
  probe: boolean;
  odd: boolean;
  ua: UaClass;
  uaHash: number;
  missingHdr: boolean;
  browserUa: boolean;
  tool: boolean;
  family: number;
  authn: boolean;
  /** A browser with its cookies (hash of its user agent), 0 otherwise: people behind one address. */
  jar: number;
  /** Hash of the authenticated principal (record identity), 0 when unknown. */
  principal: number;
  write: boolean;
  sigHit: boolean;
  bytes: number;
  latencyMs: number;
  /** apiward answered it: its outcome (status, login, object, page) is not the client's. */
  blocked: boolean;
}

const num = (v: unknown, d: number): number => (typeof v === "number" && Number.isFinite(v) ? v : d);

export function eventFacts(e: BehaviourEvent, ctx: BehaviourContext): EventFacts {
  const method = typeof e.method === "string" && e.method.length > 0 ? e.method.toUpperCase() : "GET";
  const path = typeof e.path === "string" && e.path.length > 0 ? e.path : "/";
  const headers = Array.isArray(e.headers) ? e.headers : [];
  const named = e.endpoint ? { endpoint: e.endpoint, known: true, id: undefined } : ctx.name(method, path);
  const endpoint = named.endpoint;
  const tpl = templateHash(endpoint);
  const status = Math.trunc(num(e.status, 0));
  const cls = requestClass(path, headers);
  const login =
    ctx.login.has(tpl) ||
    (!ctx.learned && looksLikeLogin(endpoint)) ||
    (method === "POST" && e.loginUser !== undefined && status === 401);
  const ua = uaClass(e.userAgent);
  const writeMethod = method !== "GET" && method !== "HEAD" && method !== "OPTIONS";
  // A root catch-all template (`GET /{param}`: favicon.ico, robots.txt…) says nothing about the
  // path: ids and "known endpoint" only count under a literal segment (`/orders/{id}`).
  const catchAll = /^[A-Z]+ \/\{[^/]*\}$/.test(endpoint);
  const known = named.known && !catchAll;
  const id = named.id !== undefined && !catchAll ? named.id : undefined;
  const query = Array.isArray(e.query) ? e.query : [];
  let qs = "";
  for (const [k, v] of query) qs += `${k}=${v}&`;
  const ts = num(e.ts, 0);
  const latencyMs = Math.max(0, num(e.latencyMs, 0));
  let authn = typeof e.identity === "string" && e.identity.length > 0;
  let cookie = false;
  for (const [n] of headers) {
    if (n === "authorization") authn = true;
    else if (n === "cookie") cookie = true;
  }
  const missingHdr = missingBrowserHeaders(ua, headers);
  const uaHash = e.userAgent ? hash32(e.userAgent) || 1 : 1;
  return {
    ts,
    end: ts + latencyMs / 1000,
    endpoint,
    tpl,
    known,
    cls,
    status,
    login,
    loginFail: login && (status === 401 || status === 403),
    loginUser: e.loginUser ? hash32(e.loginUser) || 1 : 0,
    expensive: ctx.expensive.has(tpl) || login,
    item: id !== undefined ? hash32(`${tpl}/${id}`) || 1 : 0,
    variant: qs.length > 0 ? hash32(`${tpl}?${qs}`) || 1 : 0,
    // Walks are reading: an edit between two reads (triage: read, PATCH, next) is not a step of one.
    idNum: id !== undefined && !writeMethod && /^\d{1,15}$/.test(id) ? Number(id) : Number.NaN,
    pathHash: hash32(path) || 1,
    requestHash: hash32(`${method} ${path}?${qs}`) || 1,
    // The path is the client's choice: a probe counts even when apiward answered it.
    probe: isProbePath(path) && (e.blockedByApiward ? !known : !(status >= 200 && status < 300 && known)),
    odd: isOddMethod(method),
    ua,
    uaHash,
    missingHdr,
    browserUa: ua === UA_BROWSER,
    tool: ua === UA_TOOL,
    family: headerFamily(headers) || 1,
    authn,
    jar: cookie && ua === UA_BROWSER && !missingHdr ? uaHash : 0,
    // The same key as a client's own (summary.ts clientKey): a credential client's baseline is its principal's.
    principal: typeof e.identity === "string" && e.identity.length > 0 ? clientKey(e.identity) : 0,
    write: writeMethod && cls !== CLASS_STATIC,
    sigHit: num(e.signatureScore, 0) >= SIGNATURE_HIT,
    bytes: Math.max(0, num(e.bytes, 0)),
    latencyMs,
    blocked: e.blockedByApiward === true,
  };
}
