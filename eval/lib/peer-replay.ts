/**
 * @module eval/lib/peer-replay
 * Replays labelled requests against a running HTTP server over raw TCP (so
 * odd bytes in the request target reach the server as recorded, which
 * Node's HTTP client would refuse) and reads the status code: 403 is a
 * block, 400/414 a rejection counted apart, anything else a pass. A Host,
 * a user agent and `Accept: *\/*` are added when a line has none, as a client
 * would (corpus README). One connection per request, bounded concurrency
 * and a timeout per request.
 */
import { connect } from "node:net";
import type { WafCase } from "./waf-corpus.ts";

export interface ReplayOptions {
  host: string;
  port: number;
  concurrency: number;
  timeoutMs: number;
}

const DEFAULT_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36";

function rawRequest(c: WafCase, host: string): Buffer {
  const headers = Object.entries(c.headers ?? {});
  const has = (n: string): boolean => headers.some(([k]) => k.toLowerCase() === n);
  const body = Buffer.from(typeof c.body === "string" ? c.body : "", "utf8");
  const lines = [`${c.method} ${c.url} HTTP/1.1`, `Host: ${host}`];
  if (!has("user-agent")) lines.push(`User-Agent: ${DEFAULT_UA}`);
  if (!has("accept")) lines.push("Accept: */*");
  for (const [k, v] of headers) {
    const n = k.toLowerCase();
    if (n === "host" || n === "content-length" || n === "connection" || n === "transfer-encoding") continue;
    lines.push(`${k}: ${String(v)}`);
  }
  if (body.length > 0 || c.method === "POST" || c.method === "PUT") lines.push(`Content-Length: ${body.length}`);
  lines.push("Connection: close", "", "");
  return Buffer.concat([Buffer.from(lines.join("\r\n"), "utf8"), body]);
}

/** HTTP status of one request, or 0 when the connection failed or timed out. */
export function sendOne(c: WafCase, opts: ReplayOptions): Promise<number> {
  return new Promise((resolve) => {
    const sock = connect({ host: opts.host, port: opts.port });
    let buf = "";
    let done = false;
    const finish = (status: number): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(status);
    };
    const timer = setTimeout(() => finish(0), opts.timeoutMs);
    sock.on("connect", () => sock.write(rawRequest(c, `${opts.host}:${opts.port}`)));
    sock.on("data", (d: Buffer) => {
      buf += d.toString("latin1");
      const eol = buf.indexOf("\r\n");
      if (eol >= 0) {
        const m = /^HTTP\/\d\.\d (\d{3})/.exec(buf.slice(0, eol));
        finish(m ? Number(m[1]) : 0);
      }
    });
    sock.on("error", () => finish(0));
    sock.on("close", () => finish(0));
  });
}

/** Statuses of all cases, in order. */
export async function replayAll(cases: readonly WafCase[], opts: ReplayOptions): Promise<number[]> {
  const out = new Array<number>(cases.length).fill(0);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= cases.length) return;
      out[i] = await sendOne(cases[i] as WafCase, opts);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
  return out;
}
