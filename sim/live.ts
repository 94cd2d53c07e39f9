/**
 * @module sim/live
 * Runs the simulator's actors against a real server in (optionally
 * compressed) real time, for demo/traffic.ts. Each request goes out with
 * node:http exactly as the step says (raw path, the client's own headers, no
 * fetch() additions) plus `cf-connecting-ip: <client ip>`, which apiward
 * trusts locally as Cloudflare's edge sets it, so one machine shows as many
 * clients. Bounded three ways: wall-clock duration, request count and a
 * requests-per-second cap (token bucket); in-flight requests are capped too.
 */
import { Agent, request as httpRequest } from "node:http";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { TimeHeap } from "./heap.ts";
import { parseIp } from "./net/cidr.ts";
import { serverTimingMs, type Transport, type TransportResult } from "./transport.ts";
import type { Actor, Outcome, Step } from "./types.ts";

/** True for localhost, 127.0.0.0/8 and ::1: the only targets the live driver accepts. */
export function isLoopbackTarget(url: URL): boolean {
  if (url.protocol !== "http:") return false;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost") return true;
  const ip = parseIp(host);
  if (!ip) return false;
  return ip.version === 4 ? ip.value >> 24n === 127n : ip.value === 1n;
}

const MAX_BODY = 1 << 20;

function decode(buf: Buffer, encoding: string | undefined): string {
  try {
    if (encoding === "gzip") return gunzipSync(buf).toString("utf8");
    if (encoding === "br") return brotliDecompressSync(buf).toString("utf8");
    if (encoding === "deflate") return inflateSync(buf).toString("utf8");
  } catch {
    return "";
  }
  return buf.toString("utf8");
}

/** Sends steps to `target` with node:http; never rejects (a failure is a result with `failed`). */
export function httpTransport(
  target: URL,
  opts: { timeoutMs?: number; maxSockets?: number } = {},
): Transport & {
  close(): void;
} {
  if (!isLoopbackTarget(target)) throw new Error(`refusing non-loopback target ${target.href}`);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 64 });
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const base = target.pathname.replace(/\/$/, "");
  return {
    send(step: Step, ip: string): Promise<TransportResult> {
      return new Promise((resolve) => {
        const headers: Record<string, string> = { ...step.headers, "cf-connecting-ip": ip };
        if (step.body !== undefined) headers["content-length"] = String(Buffer.byteLength(step.body));
        let settled = false;
        const done = (r: TransportResult) => {
          if (!settled) {
            settled = true;
            resolve(r);
          }
        };
        let req: ReturnType<typeof httpRequest>;
        try {
          req = httpRequest(
            {
              host: target.hostname,
              port: target.port || 80,
              method: step.method,
              path: base + step.url,
              headers,
              agent,
            },
            (res) => {
              const chunks: Buffer[] = [];
              let size = 0;
              res.on("data", (c: Buffer) => {
                size += c.length;
                if (size <= MAX_BODY) chunks.push(c);
              });
              res.on("end", () =>
                done({
                  status: res.statusCode ?? 0,
                  bytes: size,
                  text: decode(Buffer.concat(chunks), res.headers["content-encoding"]),
                  serverMs: serverTimingMs(String(res.headers["server-timing"] ?? "")),
                  contentType: String(res.headers["content-type"] ?? ""),
                }),
              );
              res.on("error", () => done({ status: 0, bytes: size, text: "", serverMs: 0, failed: true }));
            },
          );
        } catch {
          // An invalid request line (Node refuses some raw paths): counted as a failure, not a crash.
          done({ status: 0, bytes: 0, text: "", serverMs: 0, failed: true });
          return;
        }
        req.setTimeout(timeoutMs, () => req.destroy(new Error("timeout")));
        req.on("error", () => done({ status: 0, bytes: 0, text: "", serverMs: 0, failed: true }));
        req.end(step.body);
      });
    },
    close() {
      agent.destroy();
    },
  };
}

export interface LiveOptions {
  /** Simulated start of the actors' window (seconds since epoch). */
  simStart: number;
  /** Simulated seconds per wall-clock second (1 = real time). */
  speed: number;
  durationS: number;
  maxRequests: number;
  /** Requests per second cap. */
  rate: number;
  /** In-flight cap. */
  concurrency: number;
  /** Called for each answered (or failed) request. */
  onResult?: (actor: Actor, step: Step, res: TransportResult, wallMs: number) => void;
  /** Set to stop early (Ctrl-C). */
  stop?: { stopped: boolean };
}

export interface LiveStats {
  sent: number;
  failed: number;
  wallS: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function runLive(actors: readonly Actor[], transport: Transport, opts: LiveOptions): Promise<LiveStats> {
  const heap = new TimeHeap<{ actor: Actor; step: Step }>();
  for (const actor of actors) {
    const first = actor.script.next(undefined as unknown as Outcome);
    if (!first.done) heap.push(first.value.at, { actor, step: first.value });
  }
  const wall0 = performance.now();
  const simNow = () => opts.simStart + ((performance.now() - wall0) / 1000) * opts.speed;
  const wallAt = (simTs: number) => wall0 + ((simTs - opts.simStart) / opts.speed) * 1000;
  let inflight = 0;
  let sent = 0;
  let failed = 0;
  // Bucket depth of a fifth of a second: the cap holds over any window longer than that.
  const depth = Math.max(1, opts.rate / 5);
  let tokens = 1;
  let lastRefill = wall0;
  const deadline = wall0 + opts.durationS * 1000;

  const fire = (actor: Actor, step: Step) => {
    inflight++;
    sent++;
    const ts = simNow();
    const t0 = performance.now();
    void transport.send(step, step.ip ?? actor.ip).then((res) => {
      inflight--;
      const wallMs = performance.now() - t0;
      if (res.failed) failed++;
      opts.onResult?.(actor, step, res, wallMs);
      const outcome: Outcome = {
        status: res.status,
        bytes: res.bytes,
        ts,
        end: simNow(),
        latencyMs: wallMs,
        text: res.text,
        ...(res.failed ? { failed: true } : {}),
      };
      const next = actor.script.next(outcome);
      if (!next.done) heap.push(Math.max(next.value.at, ts), { actor, step: next.value });
    });
  };

  while (!opts.stop?.stopped) {
    const now = performance.now();
    if (now >= deadline || sent >= opts.maxRequests) break;
    tokens = Math.min(depth, tokens + ((now - lastRefill) / 1000) * opts.rate);
    lastRefill = now;
    const nextAt = heap.peekTime();
    if (nextAt === undefined) {
      if (inflight === 0) break;
      await sleep(20);
      continue;
    }
    const due = wallAt(nextAt);
    if (due > now) {
      await sleep(Math.min(due - now, 50));
      continue;
    }
    if (inflight >= opts.concurrency || tokens < 1) {
      await sleep(5);
      continue;
    }
    const popped = heap.pop();
    if (!popped) continue;
    tokens -= 1;
    fire(popped.item.actor, popped.item.step);
  }
  // Let in-flight requests finish (bounded), then end every script.
  for (let i = 0; i < 100 && inflight > 0; i++) await sleep(50);
  for (const actor of actors) actor.script.return();
  return { sent, failed, wallS: (performance.now() - wall0) / 1000 };
}
