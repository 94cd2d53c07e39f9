/**
 * @module demo/traffic
 * `npm run demo:traffic`: drives the running filter (`npm start`, default
 * http://127.0.0.1:8787) with the simulator's clients in real time: browsing
 * people, app users, an integration, verified crawlers and a handful of
 * obvious attackers (scanner, brute force, credential stuffing, scraper,
 * crawler, injection, fake Googlebot, enumeration). Each client's address
 * goes in `cf-connecting-ip`, so the filter sees many clients. Prints a
 * summary every few seconds (requests, statuses, blocks by kind) and stops
 * by itself after `--duration` seconds or `--max-requests`. Only loopback
 * targets are accepted.
 *
 * A response counts as a block when it is a 403/429 that the demo shop did
 * not produce itself (its own problems carry DEMO_PROBLEM_PREFIX).
 */
import { pathToFileURL } from "node:url";
import { isKind } from "../sim/kinds.ts";
import { httpTransport, isLoopbackTarget, runLive } from "../sim/live.ts";
import { buildScenario, type Mix } from "../sim/scenario.ts";
import type { TransportResult } from "../sim/transport.ts";
import { DEMO_PROBLEM_PREFIX } from "./context.ts";

export const LIVE_MIX: Mix = {
  human: 40,
  mobile_app: 10,
  api_integration: 2,
  good_bot: 2,
  scanner: 1,
  bruteforce: 1,
  credential_stuffing: 1,
  scraper: 1,
  crawler: 1,
  injection: 1,
  fake_bot: 1,
  enumeration: 1,
};

export interface TrafficOptions {
  target: string;
  durationS: number;
  rate: number;
  maxRequests: number;
  seed: number;
  speed: number;
  concurrency: number;
  intervalS: number;
  mix: Mix;
}

export const DEFAULTS: TrafficOptions = {
  target: "http://127.0.0.1:8787",
  durationS: 120,
  rate: 50,
  maxRequests: 20_000,
  seed: 1,
  speed: 1,
  concurrency: 32,
  intervalS: 5,
  mix: LIVE_MIX,
};

const LIMITS = { durationS: 3600, rate: 1000, maxRequests: 1_000_000, speed: 60, concurrency: 256 };

const USAGE = `usage: npm run demo:traffic -- [--target URL] [--duration S] [--rate N] [--max-requests N]
                            [--seed N] [--speed X] [--concurrency N] [--interval S] [--mix kind=n,…]
  --target        loopback URL of the filter (default ${DEFAULTS.target})
  --duration      seconds to run (default ${DEFAULTS.durationS}, at most ${LIMITS.durationS})
  --rate          requests per second cap (default ${DEFAULTS.rate})
  --max-requests  stop after this many requests (default ${DEFAULTS.maxRequests})
  --speed         simulated seconds per second; >1 compresses think times too (default 1)
`;

export function parseTrafficArgs(argv: string[]): TrafficOptions {
  const o: TrafficOptions = { ...DEFAULTS, mix: { ...LIVE_MIX } };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    const num = (lo: number, hi: number) => {
      const n = Number(value);
      if (!Number.isFinite(n) || n < lo || n > hi) throw new Error(`${flag} must be a number in [${lo}, ${hi}]`);
      return n;
    };
    if (flag === "--target") o.target = value;
    else if (flag === "--duration") o.durationS = num(1, LIMITS.durationS);
    else if (flag === "--rate") o.rate = num(1, LIMITS.rate);
    else if (flag === "--max-requests") o.maxRequests = Math.floor(num(1, LIMITS.maxRequests));
    else if (flag === "--seed") o.seed = Math.floor(num(0, 2 ** 32 - 1));
    else if (flag === "--speed") o.speed = num(0.1, LIMITS.speed);
    else if (flag === "--concurrency") o.concurrency = Math.floor(num(1, LIMITS.concurrency));
    else if (flag === "--interval") o.intervalS = num(1, 600);
    else if (flag === "--mix") {
      o.mix = {};
      for (const part of value.split(",").filter(Boolean)) {
        const [k, n] = part.split("=");
        if (!k || !isKind(k) || !n || !/^[0-9]{1,4}$/.test(n)) throw new Error(`bad --mix entry '${part}'`);
        o.mix[k] = Number(n);
      }
    } else throw new Error(`unknown option ${flag}`);
  }
  let url: URL;
  try {
    url = new URL(o.target);
  } catch {
    throw new Error(`--target is not a URL: ${o.target}`);
  }
  if (!isLoopbackTarget(url))
    throw new Error(`refusing target ${o.target}: only http:// loopback addresses (localhost, 127.0.0.0/8, [::1])`);
  return o;
}

/** True when a response is the filter's block rather than the shop's own answer. */
export function isFilterBlock(res: TransportResult): boolean {
  return (res.status === 403 || res.status === 429) && !res.text.includes(DEMO_PROBLEM_PREFIX);
}

export interface TrafficReport {
  sent: number;
  failed: number;
  statuses: Record<string, number>;
  blocked: Record<string, number>;
  byKind: Record<string, number>;
  wallS: number;
}

/** Runs the live traffic; `print` gets the periodic and final summary lines. */
export async function runTraffic(
  opts: TrafficOptions,
  print: (line: string) => void,
  stop: { stopped: boolean } = { stopped: false },
): Promise<TrafficReport> {
  const target = new URL(opts.target);
  if (!isLoopbackTarget(target))
    throw new Error(`refusing target ${opts.target}: only http:// loopback addresses (localhost, 127.0.0.0/8, [::1])`);
  const startTs = Date.now() / 1000;
  const { actors } = buildScenario({
    seed: opts.seed,
    startTs,
    durationS: opts.durationS * opts.speed,
    mix: opts.mix,
    host: target.host,
    origin: target.origin,
    attackLevels: ["fast", "medium"],
  });
  const report: TrafficReport = { sent: 0, failed: 0, statuses: {}, blocked: {}, byKind: {}, wallS: 0 };
  let lastSent = 0;
  const line = (final: boolean) => {
    const rps = (report.sent - lastSent) / opts.intervalS;
    lastSent = report.sent;
    const statuses = Object.entries(report.statuses)
      .sort()
      .map(([s, n]) => `${s}:${n}`)
      .join(" ");
    const blocks = Object.entries(report.blocked)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k}=${n}`)
      .join(" ");
    const head = final ? "done" : `${Math.round((performance.now() - t0) / 1000)}s`;
    return `[traffic] ${head} requests=${report.sent}${final ? "" : ` (${rps.toFixed(1)}/s)`} failed=${report.failed} statuses ${statuses || "-"} | blocked ${blocks || "none"}`;
  };
  const t0 = performance.now();
  const timer = setInterval(() => print(line(false)), opts.intervalS * 1000);
  const transport = httpTransport(target, { maxSockets: opts.concurrency });
  let connectionHint = false;
  try {
    const stats = await runLive(actors, transport, {
      simStart: startTs,
      speed: opts.speed,
      durationS: opts.durationS,
      maxRequests: opts.maxRequests,
      rate: opts.rate,
      concurrency: opts.concurrency,
      stop,
      onResult(actor, _step, res) {
        report.sent++;
        report.byKind[actor.kind] = (report.byKind[actor.kind] ?? 0) + 1;
        if (res.failed) {
          report.failed++;
          if (!connectionHint && report.failed >= 10 && report.failed === report.sent) {
            connectionHint = true;
            print(`[traffic] no answers from ${target.origin}: is the filter running (npm start)?`);
          }
          return;
        }
        const cls = `${Math.floor(res.status / 100)}xx`;
        report.statuses[cls] = (report.statuses[cls] ?? 0) + 1;
        if (isFilterBlock(res)) report.blocked[actor.kind] = (report.blocked[actor.kind] ?? 0) + 1;
      },
    });
    report.wallS = stats.wallS;
  } finally {
    clearInterval(timer);
    transport.close();
  }
  print(line(true));
  return report;
}

async function main(): Promise<void> {
  let opts: TrafficOptions;
  try {
    if (process.argv.includes("--help") || process.argv.includes("-h")) {
      process.stdout.write(USAGE);
      return;
    }
    opts = parseTrafficArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`demo:traffic: ${(e as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const stop = { stopped: false };
  process.once("SIGINT", () => {
    stop.stopped = true;
  });
  process.once("SIGTERM", () => {
    stop.stopped = true;
  });
  try {
    console.log(
      `[traffic] ${opts.target} for ${opts.durationS}s, at most ${opts.rate} req/s and ${opts.maxRequests} requests (Ctrl-C stops)`,
    );
    const report = await runTraffic(opts, (l) => console.log(l), stop);
    if (report.sent > 0 && report.failed === report.sent) process.exitCode = 1;
  } catch (e) {
    process.stderr.write(`demo:traffic: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
