/**
 * @module durable-objects/counter-shard
 * Rate-limit windows and per-rule hit counters, one object per shard
 * (`rl:<app>:<n>`, `hits:<app>`). Isolates never call it per request: they
 * count locally and send batched deltas off the hot path (worker/datapath/
 * rate-limiter.ts); the answer tells each isolate the global count so it can
 * cache "over limit until T". Windows live in memory; storage is written
 * behind (PERSIST_MS after the first change, each changed window once), so
 * a busy shard does not serialise every window on every batch. A shard that
 * dies between two writes forgets at most PERSIST_MS of counts: rate limits
 * are estimates, and the next batches rebuild them. The same alarm drops
 * expired windows.
 */
import { DurableObject } from "cloudflare:workers";
import { type CounterDelta, type CounterState, windowStart } from "../core/ratelimit/window.ts";
import { AlarmScheduler } from "./alarm-scheduler.ts";

interface Stored {
  start: number;
  count: number;
  prev: number;
  windowS: number;
}

/** Write-behind delay of changed windows (ms). */
export const PERSIST_MS = 2_000;
/** How often expired windows are dropped (ms). */
const SWEEP_MS = 60_000;

export class CounterShard extends DurableObject<Env> {
  private windows = new Map<string, Stored>();
  private loaded = false;
  /** Windows changed since the last write. */
  private readonly dirty = new Set<string>();
  private readonly alarms = new AlarmScheduler(this.ctx.storage);
  private lastSweep = Date.now();

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
      this.dirty.add(d.key);
      out.push({ key: d.key, start: w.start, count: w.count, prev: w.prev });
    }
    await this.alarms.schedule(Date.now() + PERSIST_MS);
    return out;
  }

  /** Writes the changed windows (one put per 128). */
  private async persist(): Promise<void> {
    if (this.dirty.size === 0) return;
    const keys = [...this.dirty];
    this.dirty.clear();
    for (let i = 0; i < keys.length; i += 128) {
      const writes: Record<string, Stored> = {};
      for (const k of keys.slice(i, i + 128)) {
        const w = this.windows.get(k);
        if (w) writes[`w:${k}`] = w;
      }
      await this.ctx.storage.put(writes);
    }
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
    this.alarms.fired();
    await this.load();
    await this.persist();
    const now = Date.now();
    if (now - this.lastSweep >= SWEEP_MS) {
      this.lastSweep = now;
      const dead: string[] = [];
      for (const [k, w] of this.windows) {
        if (now - w.start > 2 * w.windowS * 1000) {
          this.windows.delete(k);
          dead.push(`w:${k}`);
        }
      }
      for (let i = 0; i < dead.length; i += 128) await this.ctx.storage.delete(dead.slice(i, i + 128));
    }
    if (this.windows.size > 0) await this.alarms.schedule(now + (this.dirty.size > 0 ? PERSIST_MS : SWEEP_MS));
  }
}
