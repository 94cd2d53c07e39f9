/**
 * @module sim/transport
 * How a step reaches a server. Offline, the demo shop runs in-process
 * (`app.request`), so every status, body and size in the records is what the
 * real app answers; the intended service time of slow endpoints comes back in
 * `server-timing`. Live, demo/traffic.ts sends the same steps over HTTP.
 */
import type { Step } from "./types.ts";

export interface TransportResult {
  status: number;
  bytes: number;
  text: string;
  /** Service time the server reported (`server-timing: app;dur=…`), 0 when none. */
  serverMs: number;
  /** No HTTP answer at all (connection refused, timeout). */
  failed?: boolean;
  /** Response headers the caller may look at (live summaries). */
  contentType?: string;
}

export interface Transport {
  send(step: Step, ip: string): Promise<TransportResult>;
}

/** The part of a Hono app the transport needs. */
export interface FetchApp {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
}

const decoder = new TextDecoder();

/** Parses `app;dur=123.4` from a Server-Timing header. */
export function serverTimingMs(header: string | null): number {
  const m = header ? /dur=([0-9.]+)/.exec(header) : null;
  return m ? Number(m[1]) : 0;
}

/** Entries kept by the in-process memo (cleared whole when full). */
const MEMO_MAX = 4096;

function anonymous(headers: Record<string, string>): boolean {
  return headers.authorization === undefined && !(headers.cookie ?? "").includes("sid=");
}

/**
 * Runs steps through the app in-process. Anonymous GETs of endpoints without
 * a simulated service time are memoised (same URL, same answer) and the memo
 * is dropped whenever any other request changes state (a non-GET answered
 * 2xx): the answers are the app's own, only computed once. That halves the
 * cost of crawls and scrapes; `memo: false` turns it off.
 */
export function inProcessTransport(app: FetchApp, host: string, opts: { memo?: boolean } = {}): Transport {
  const memo = new Map<string, TransportResult>();
  const useMemo = opts.memo ?? true;
  return {
    async send(step) {
      const key = step.method === "GET" && useMemo && anonymous(step.headers) ? step.url : undefined;
      const hit = key === undefined ? undefined : memo.get(key);
      if (hit) return hit;
      let res: Response;
      try {
        res = await app.request(step.url, {
          method: step.method,
          headers: { host, ...step.headers },
          body: step.body !== undefined && step.method !== "GET" && step.method !== "HEAD" ? step.body : undefined,
        });
      } catch {
        // A URL the WHATWG parser rejects: a real server would answer 400.
        return { status: 400, bytes: 0, text: "", serverMs: 0 };
      }
      const buf = new Uint8Array(await res.arrayBuffer());
      const contentType = res.headers.get("content-type") ?? "";
      const textual = /json|html|text|xml|javascript/.test(contentType);
      const timing = res.headers.get("server-timing");
      const result: TransportResult = {
        status: res.status,
        bytes: buf.byteLength,
        text: textual ? decoder.decode(buf) : "",
        serverMs: serverTimingMs(timing),
        contentType,
      };
      if (step.method !== "GET" && step.method !== "HEAD" && res.status < 300) memo.clear();
      else if (key !== undefined && timing === null) {
        if (memo.size >= MEMO_MAX) memo.clear();
        memo.set(key, result);
      }
      return result;
    },
  };
}
