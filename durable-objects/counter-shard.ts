/**
 * @module durable-objects/counter-shard
 * Rate-limit windows and per-rule hit counters, one object per shard
 * (`rl:<app>:<n>`, `hits:<app>`). Isolates never call it per request: they
 * count locally and send batched deltas off the hot path (worker/datapath/
 * rate-limiter.ts); the answer tells each isolate the global count so it can
 * cache "over limit until T". Windows live in memory and in storage (one
 * write per batch), and an alarm drops expired ones.
 */
import { DurableObject } from "cloudflare:workers";
import { type CounterDelta, type CounterState, windowStart } from "../core/ratelimit/window.ts";

interface Stored {
  start: number;
  count: number;
  prev: number;
  windowS: number;
}

export class CounterShard extends DurableObject<Env> {
  private windows = new Map<string, Stored>();
  private loaded = false;

  private async load(): Promise<void> {
    if (this.loaded) return;
    const all = await this.ctx.storage.list<Stored>({ prefix: "w:" });
    for (const [k, v] of all) this.windows.set(k.slice(2), v);
    this.loaded = true;
  }

  /** Adds a batch of deltas; returns each key's window state after the add. */
  async add(deltas: CounterDelta[], nowMs: number = Date.now()): Promise<CounterState[]> {
    await this.load();
    const out: CounterState[] = [];
    const writes: Record<string, Stored> = {};
    for (const d of deltas) {
      const start = windowStart(nowMs, d.windowS);
      let w = this.windows.get(d.key);
      if (!w || w.windowS !== d.windowS) w = { start, count: 0, prev: 0, windowS: d.windowS };
      if (w.start !== start) {
        // Roll over: the previous window's count weighs the sliding estimate.
        w = { start, count: 0, prev: w.start === start - d.windowS * 1000 ? w.count : 0, windowS: d.windowS };
      }
      w.count += d.delta;
      this.windows.set(d.key, w);
      writes[`w:${d.key}`] = w;
      out.push({ key: d.key, start: w.start, count: w.count, prev: w.prev });
    }
    await this.ctx.storage.put(writes);
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(nowMs + 60_000);
    return out;
  }

  /** Current windows whose key starts with `prefix` (admin and tests). */
  async list(prefix: string): Promise<CounterState[]> {
    await this.load();
    const out: CounterState[] = [];
    for (const [key, w] of this.windows)
      if (key.startsWith(prefix)) out.push({ key, start: w.start, count: w.count, prev: w.prev });
    return out;
  }

  /** Adds per-rule hit counts of a policy version. */
  async addHits(version: number, hits: Record<string, number>): Promise<void> {
    const key = `h:${version}`;
    const cur = (await this.ctx.storage.get<Record<string, number>>(key)) ?? {};
    for (const [rule, n] of Object.entries(hits)) cur[rule] = (cur[rule] ?? 0) + n;
    await this.ctx.storage.put(key, cur);
  }

  async getHits(version: number): Promise<Record<string, number>> {
    return (await this.ctx.storage.get<Record<string, number>>(`h:${version}`)) ?? {};
  }

  override async alarm(): Promise<void> {
    await this.load();
    const now = Date.now();
    const dead: string[] = [];
    for (const [k, w] of this.windows) {
      if (now - w.start > 2 * w.windowS * 1000) {
        this.windows.delete(k);
        dead.push(`w:${k}`);
      }
    }
    for (let i = 0; i < dead.length; i += 128) await this.ctx.storage.delete(dead.slice(i, i + 128));
    if (this.windows.size > 0) await this.ctx.storage.setAlarm(now + 60_000);
  }
}
