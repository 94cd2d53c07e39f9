/**
 * @module worker/datapath/rate-limiter
 * Isolate side of rate limiting. The hot path decides from what the isolate
 * knows: the global count the counter Durable Object last reported plus what
 * this isolate counted since. Deltas go to the DO in batches off the hot path
 * (one call per shard per flush), and its answer refreshes the global view.
 * So a limit holds exactly inside one isolate and converges across isolates
 * within one flush round trip; the DO is never called per request.
 */
import {
  type CounterDelta,
  type CounterState,
  estimate,
  fnv1a,
  retryAfterS,
  type WindowAlgorithm,
  windowStart,
} from "../../core/ratelimit/window.ts";

export interface RateLimitRule {
  ruleId: string;
  key: string;
  limit: number;
  windowS: number;
  algorithm: WindowAlgorithm;
}

interface KeyState {
  start: number;
  windowS: number;
  /** Global count as of the last DO answer, for `start`. */
  global: number;
  globalPrev: number;
  /** Counted here since the last delta was sent, for `start`. */
  local: number;
}

export interface RateLimitHit {
  ruleId: string;
  retryAfterS: number;
  count: number;
  limit: number;
}

export const RATE_LIMIT_SHARDS = 16;

export class RateLimiter {
  private states = new Map<string, KeyState>();
  private pending = new Map<string, CounterDelta>();

  /** Counts this request against each rule; returns the rules it is over. */
  check(rules: RateLimitRule[], nowMs: number): RateLimitHit[] {
    const over: RateLimitHit[] = [];
    for (const r of rules) {
      const start = windowStart(nowMs, r.windowS);
      let s = this.states.get(r.key);
      if (!s || s.windowS !== r.windowS) {
        s = { start, windowS: r.windowS, global: 0, globalPrev: 0, local: 0 };
        this.states.set(r.key, s);
      } else if (s.start !== start) {
        const prev = s.start === start - r.windowS * 1000 ? s.global + s.local : 0;
        s.start = start;
        s.global = 0;
        s.globalPrev = prev;
        s.local = 0;
      }
      s.local++;
      const p = this.pending.get(r.key);
      if (p) p.delta++;
      else this.pending.set(r.key, { key: r.key, windowS: r.windowS, delta: 1 });
      const count = estimate(r.algorithm, nowMs, r.windowS, s.start, s.global + s.local, s.globalPrev);
      if (count > r.limit) {
        over.push({
          ruleId: r.ruleId,
          retryAfterS: retryAfterS(r.algorithm, nowMs, r.windowS, s.start, s.global + s.local, s.globalPrev, r.limit),
          count,
          limit: r.limit,
        });
      }
    }
    if (this.states.size > 100_000) this.evict(nowMs);
    return over;
  }

  /** Takes the pending deltas, grouped by shard name. */
  takePending(app: (key: string) => string): Map<string, CounterDelta[]> {
    const byShard = new Map<string, CounterDelta[]>();
    for (const d of this.pending.values()) {
      const shard = `rl:${app(d.key)}:${fnv1a(d.key) % RATE_LIMIT_SHARDS}`;
      const list = byShard.get(shard);
      if (list) list.push(d);
      else byShard.set(shard, [d]);
    }
    this.pending.clear();
    return byShard;
  }

  /** Applies the DO's answer for deltas that were sent. */
  applyGlobal(sent: CounterDelta[], states: CounterState[]): void {
    for (let i = 0; i < states.length; i++) {
      const g = states[i]!;
      const d = sent[i];
      const s = this.states.get(g.key);
      if (!s || !d) continue;
      if (s.start === g.start) {
        // The DO's count includes our delta: drop it from the local part.
        s.local = Math.max(0, s.local - d.delta);
        s.global = g.count;
        s.globalPrev = g.prev;
      }
    }
  }

  hasPending(): boolean {
    return this.pending.size > 0;
  }

  private evict(nowMs: number): void {
    for (const [k, s] of this.states) if (nowMs - s.start > 2 * s.windowS * 1000) this.states.delete(k);
  }
}
