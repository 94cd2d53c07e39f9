/**
 * @module sim/load
 * A simple capacity model of the origin, so floods have the effect they have
 * in the field: latency grows as the server saturates, then requests fail
 * with 503 for everyone, not only for the attacker. The origin has `workers`
 * parallel workers; each request occupies one for its service time. Above
 * 70% utilisation latency stretches; above 100% requests are shed with
 * probability 1 - 1/utilisation (at most 90%).
 */

/** Default parallel workers of the demo origin: about 50 logins/s or 80 searches/s. */
export const DEFAULT_WORKERS = 8;

export class LoadModel {
  private second = -1;
  private current = 0;
  private previous = 0;

  constructor(private readonly workers = DEFAULT_WORKERS) {}

  /** Utilisation (busy worker-seconds per second / workers) around time `ts`. */
  utilisation(ts: number): number {
    this.roll(ts);
    return Math.max(this.previous, this.current) / (this.workers * 1000);
  }

  /** Records `serviceMs` of work at time `ts`. */
  add(ts: number, serviceMs: number): void {
    this.roll(ts);
    this.current += serviceMs;
  }

  /** Latency multiplier at this utilisation. */
  static stretch(u: number): number {
    return u <= 0.7 ? 1 : 1 + ((Math.min(u, 3) - 0.7) / 0.3) * 2;
  }

  /** Probability that a request is shed (503) at this utilisation. */
  static shed(u: number): number {
    return u <= 1 ? 0 : Math.min(0.9, 1 - 1 / u);
  }

  private roll(ts: number): void {
    const s = Math.floor(ts);
    if (s === this.second) return;
    this.previous = s === this.second + 1 ? this.current : 0;
    this.current = 0;
    this.second = s;
  }
}
