/**
 * @module worker/datapath/proxy
 * Forwards a request to the app's origin and relays the answer, streaming
 * both ways. Hop-by-hop headers are stripped (RFC 9110 §7.6.1), X-Forwarded-*
 * set, the origin is given a deadline (a timer racing the fetch); failures
 * become 502/504 problem+json.
 */
import { headerValue } from "../../core/http/header-list.ts";
import type { HeaderList } from "../../core/types.ts";
import { problem } from "../lib/problem.ts";

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/**
 * Copies headers without hop-by-hop ones (and those the Connection header
 * names). The copy is the runtime's own (no per-header JS); only the
 * hop-by-hop names present are deleted.
 */
export function stripHopByHop(src: Headers): Headers {
  const out = new Headers(src);
  dropHopByHop(out);
  return out;
}

/** Deletes hop-by-hop headers (and those the Connection header names) in place. */
function dropHopByHop(h: Headers): void {
  dropNamedBy(h, h.get("connection"));
  for (const name of HOP_BY_HOP) if (h.has(name)) h.delete(name);
}

function dropNamedBy(h: Headers, connection: string | null | undefined): void {
  if (connection)
    for (const name of connection.split(",")) {
      const n = name.trim().toLowerCase();
      if (n) h.delete(n);
    }
}

/**
 * The same, knowing which headers `h` holds (`list`, the request's complete
 * header list): only the hop-by-hop ones present are deleted, found in
 * JavaScript rather than by ten calls into the runtime per request.
 */
function dropListedHopByHop(h: Headers, list: HeaderList): void {
  for (const [name, value] of list) {
    if (!HOP_BY_HOP.has(name)) continue;
    if (name === "connection") dropNamedBy(h, value);
    h.delete(name);
  }
}

class OriginTimeout extends Error {
  override name = "TimeoutError";
  constructor(ms: number) {
    super(`no answer from the origin within ${ms} ms`);
  }
}

export interface ProxyInput {
  request: Request;
  /** The request's header list when it is complete (see `RequestFlow.headersComplete`); absent or null: read the Headers. */
  headerList?: HeaderList | null;
  /** The request's URL, already parsed by the caller (not parsed again here). */
  incoming: URL;
  origin: string;
  /** Path and query as received (origin-form). */
  rawUrl: string;
  body: ReadableStream<Uint8Array> | Uint8Array | null;
  clientIp: string;
  requestId: string;
  timeoutMs: number;
}

export interface ProxyResult {
  response: Response;
  /** True when the origin answered (any status); false for 502/504 made here. */
  fromOrigin: boolean;
  error?: string;
}

/** Origin URL → scheme://host[:port] + path prefix, parsed once per distinct origin. */
const originBases = new Map<string, string>();

function originBase(origin: string): string {
  let base = originBases.get(origin);
  if (base === undefined) {
    const u = new URL(origin);
    base = u.origin + u.pathname.replace(/\/$/, "");
    if (originBases.size > 1000) originBases.clear();
    originBases.set(origin, base);
  }
  return base;
}

export async function proxyToOrigin(input: ProxyInput): Promise<ProxyResult> {
  // Origin path prefix + the path as received; never re-encode what the client sent.
  const rawUrl = input.rawUrl.startsWith("/") ? input.rawUrl : `/${input.rawUrl}`;
  const url = originBase(input.origin) + rawUrl;
  const list = input.headerList ?? null;
  let headers: Headers;
  let prior: string | null | undefined;
  if (list) {
    headers = new Headers(input.request.headers);
    dropListedHopByHop(headers, list);
    prior = headerValue(list, "x-forwarded-for");
  } else {
    headers = stripHopByHop(input.request.headers);
    prior = headers.get("x-forwarded-for");
  }
  const incoming = input.incoming;
  headers.set("x-forwarded-for", prior ? `${prior}, ${input.clientIp}` : input.clientIp);
  headers.set("x-forwarded-proto", incoming.protocol.replace(":", ""));
  headers.set("x-forwarded-host", incoming.host);
  headers.set("x-apiward-request-id", input.requestId);
  headers.delete("host");
  const hasBody = input.body !== null && input.request.method !== "GET" && input.request.method !== "HEAD";
  let upstream: Response;
  // The deadline covers the origin's answer (status and headers). A timer
  // races the fetch rather than an AbortSignal on it: a signal costs the
  // runtime about as much again as the whole proxy step (measured in
  // workerd). A fetch that loses the race is dropped with the request's
  // context; its answer, if it ever comes, goes nowhere.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), input.timeoutMs);
  });
  try {
    const answer = await Promise.race([
      fetch(url, {
        method: input.request.method,
        headers,
        body: hasBody ? input.body : null,
        redirect: "manual",
      }),
      deadline,
    ]);
    if (answer === "timeout") throw new OriginTimeout(input.timeoutMs);
    upstream = answer;
  } catch (e) {
    const err = e as Error;
    const timedOut = e instanceof OriginTimeout;
    return {
      fromOrigin: false,
      error: `${err.name}: ${err.message}`,
      response: problem({
        status: timedOut ? 504 : 502,
        title: timedOut ? "Origin timed out" : "Origin unreachable",
        requestId: input.requestId,
      }),
    };
  } finally {
    clearTimeout(timer);
  }
  // One native copy of status, status text and headers; then only what changes.
  const response = new Response(upstream.body, upstream);
  dropHopByHop(response.headers);
  response.headers.set("x-apiward-request-id", input.requestId);
  return { fromOrigin: true, response };
}
