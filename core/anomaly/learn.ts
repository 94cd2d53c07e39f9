/**
 * @module core/anomaly/learn
 * `apiward learn`'s anomaly part: traffic records (as events, in time order)
 * go through the very pre-aggregation and merge the live path uses (one
 * delta a minute), and the baseline collector (collector.ts) samples every
 * window at its cadence and learns the client norms. `finish` returns the
 * versioned model. The Aggregates Durable Object runs the same collector
 * over live deltas.
 */
import { IsolateAggregator } from "./aggregator.ts";
import { BaselineCollector } from "./collector.ts";
import type { AnomalyModel } from "./model.ts";
import { AggregateState } from "./state.ts";
import type { AnomalyEvent } from "./types.ts";

export interface TrainerOptions {
  app: string;
  templates: readonly string[];
  authEndpoints: readonly string[];
  isAuth: (endpoint: string) => boolean;
  trees?: number;
  seed?: number;
}

export class AnomalyTrainer {
  private readonly agg: IsolateAggregator;
  private readonly state = new AggregateState({ seenBits: 1 << 20 });
  readonly collector = new BaselineCollector();
  private minute = Number.NEGATIVE_INFINITY;

  constructor(private readonly opts: TrainerOptions) {
    this.agg = new IsolateAggregator(opts.app, { isAuth: opts.isAuth, maxIps: 1_000_000 });
  }

  /** One event; callers feed them in time order. */
  observe(e: AnomalyEvent): void {
    if (!e || !Number.isFinite(e.ts) || e.blockedByApiward) return;
    const minute = Math.floor(e.ts / 60) * 60;
    if (minute > this.minute) this.advance(minute);
    this.agg.observe(e);
  }

  /** Merges the finished minutes and samples every window due up to `minute` (idle minutes too). */
  private advance(minute: number): void {
    const d = this.agg.take();
    if (d) {
      this.collector.noteDelta(d);
      this.state.ingest(d);
    }
    if (Number.isFinite(this.minute)) {
      const last = Math.min(minute, this.minute + 60 * 86_400);
      for (let t = this.minute + 60; t <= last; t += 60) {
        this.collector.sample(this.state, t);
        if (t % 300 === 0) this.state.prune(t);
      }
    }
    this.minute = minute;
  }

  finish(): AnomalyModel {
    if (Number.isFinite(this.minute)) this.advance(this.minute + 60);
    return this.collector.finish(this.opts);
  }
}
