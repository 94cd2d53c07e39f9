/**
 * @module core/anomaly/offline
 * The anomaly capability in simulated time, for `apiward replay` and the
 * evaluation: events go through the isolate's pre-aggregation, a delta is
 * merged into the detector at every minute boundary (as isolates flush),
 * the detector ticks, and its mitigations are applied to later requests
 * exactly as the isolate applies its cached copy (enforce.ts). Requests
 * answered by a mitigation are counted as apiward's own answers, never as
 * traffic. Plain TypeScript.
 */

import type { Reason } from "../types.ts";
import { IsolateAggregator } from "./aggregator.ts";
import type { AnomalyDetector, TickResult } from "./detector.ts";
import { MitigationIndex } from "./enforce.ts";
import { type AnomalyEvent, UNMATCHED_KEY } from "./types.ts";

export interface OfflineOptions {
  detector: AnomalyDetector;
  isAuth: (endpoint: string) => boolean;
  verifyBot?: (ip: string, userAgent: string | undefined) => boolean;
  /** Apply mitigations to later requests (default true); false only detects. */
  enforce?: boolean;
}

export class OfflineAnomaly {
  readonly detector: AnomalyDetector;
  private readonly agg: IsolateAggregator;
  private readonly index = new MitigationIndex();
  private readonly enforce: boolean;
  private minute = Number.NEGATIVE_INFINITY;
  private version = -1;
  private readonly verifyBot: (ip: string, userAgent: string | undefined) => boolean;

  constructor(opts: OfflineOptions) {
    this.detector = opts.detector;
    this.enforce = opts.enforce ?? true;
    this.verifyBot = opts.verifyBot ?? (() => false);
    this.agg = new IsolateAggregator(opts.detector.app, {
      isAuth: opts.isAuth,
      verifyBot: opts.verifyBot,
      maxIps: 100_000,
    });
  }

  /** Closes every minute before `ts`: merge, tick. */
  advance(ts: number, onTick?: (r: TickResult) => void): void {
    const minute = Math.floor(ts / 60) * 60;
    if (minute <= this.minute) return;
    const d = this.agg.take();
    if (d) this.detector.ingest(d);
    if (Number.isFinite(this.minute)) {
      const last = Math.min(minute, this.minute + 86_400);
      for (let t = this.minute + 60; t <= last; t += 60) {
        const r = this.detector.tick(t);
        onTick?.(r);
      }
    }
    this.minute = minute;
  }

  /**
   * One request: returns the reason apiward answers it itself (the request is
   * then only counted as blocked), or null when it goes through and is
   * aggregated.
   */
  push(e: AnomalyEvent, onTick?: (r: TickResult) => void): Reason | null {
    this.advance(e.ts, onTick);
    let reason: Reason | null = null;
    if (this.detector.mitigations.version !== this.version) {
      this.index.load(this.detector.mitigations.list(e.ts));
      this.version = this.detector.mitigations.version;
    }
    const r = this.index.check(e.endpoint ?? UNMATCHED_KEY, e.client, e.ip, e.ts, this.verifyBot(e.ip, e.userAgent));
    if (r && this.enforce) reason = r;
    this.agg.observe(reason ? { ...e, blockedByApiward: true } : e);
    return reason ?? (r ? { ...r, action: "log" } : null);
  }

  /** Flushes and runs the last tick. */
  finish(onTick?: (r: TickResult) => void): void {
    this.advance(this.minute + 60, onTick);
  }
}
