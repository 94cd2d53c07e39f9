/**
 * @module core/behaviour/engine-cache
 * One behaviour engine per app, on the app's latest model: what a client
 * state store (the ClientState Durable Objects, the Vercel adapter's Redis
 * store) scores with. The model is re-read every `ttlMs`; a new version
 * gets a new engine (`onReplace` lets the store carry its clients and
 * counts over), the same version keeps the engine, and a failing read
 * keeps scoring with what there is (the last good model, or the kinds'
 * floors when there never was one). The crawler ranges are read once.
 * Platform-free: the store passes its own readers.
 */
import type { BotRanges } from "../bots/ranges.ts";
import { BotVerifier } from "../bots/verify.ts";
import type { BehaviourEngine } from "./engine.ts";
import type { BehaviourModel } from "./model.ts";

export interface EngineCacheOptions {
  ttlMs: number;
  /** The crawler ranges (read once); null: none. */
  loadBots: () => Promise<BotRanges | null>;
  /** The app's latest valid model, null when there is none; throws when the source is unavailable. */
  loadModel: (app: string) => Promise<{ model: BehaviourModel; version: number } | null>;
  build: (model: BehaviourModel | null, bots: BotVerifier) => BehaviourEngine;
  /** A new model's engine replaces `old` (carry clients, counts…). */
  onReplace?: (app: string, old: BehaviourEngine, next: BehaviourEngine) => void;
  /** The model source failed (the engine in use goes on). */
  onError?: (app: string, error: unknown) => void;
}

interface AppEngine {
  engine: BehaviourEngine;
  loadedAt: number;
  version: number | null;
}

export class EngineCache {
  private readonly apps = new Map<string, AppEngine>();
  private bots: BotVerifier | null = null;
  private readonly loading = new Map<string, Promise<BehaviourEngine>>();

  constructor(private readonly opts: EngineCacheOptions) {}

  /** The app's engine, re-reading the model when it is older than `ttlMs`. */
  get(app: string): Promise<BehaviourEngine> {
    const cur = this.apps.get(app);
    if (cur && Date.now() - cur.loadedAt < this.opts.ttlMs) return Promise.resolve(cur.engine);
    // One read at a time per app: calls that arrive meanwhile (a Durable Object interleaves them
    // at every await) get the same engine, not one each with the other's events lost.
    let p = this.loading.get(app);
    if (!p) {
      p = this.load(app).finally(() => this.loading.delete(app));
      this.loading.set(app, p);
    }
    return p;
  }

  private async load(app: string): Promise<BehaviourEngine> {
    const cur = this.apps.get(app);
    this.bots ??= new BotVerifier(await this.opts.loadBots());
    let loaded: Awaited<ReturnType<EngineCacheOptions["loadModel"]>> = null;
    try {
      loaded = await this.opts.loadModel(app);
    } catch (e) {
      this.opts.onError?.(app, e);
      if (cur) {
        cur.loadedAt = Date.now();
        return cur.engine;
      }
    }
    const version = loaded?.version ?? null;
    if (cur && cur.version === version) {
      cur.loadedAt = Date.now();
      return cur.engine;
    }
    const engine = this.opts.build(loaded?.model ?? null, this.bots);
    if (cur) this.opts.onReplace?.(app, cur.engine, engine);
    this.apps.set(app, { engine, loadedAt: Date.now(), version });
    return engine;
  }

  /** The app's engine if one is loaded (never reads). */
  peek(app: string): BehaviourEngine | undefined {
    return this.apps.get(app)?.engine;
  }

  /** The model version the app's engine scores with (null: floors, or not loaded). */
  version(app: string): number | null {
    return this.apps.get(app)?.version ?? null;
  }

  /** Makes the next `get` re-read the app's model. */
  expire(app: string): void {
    const cur = this.apps.get(app);
    if (cur) cur.loadedAt = 0;
  }

  /** The apps with a loaded engine. */
  loadedApps(): IterableIterator<string> {
    return this.apps.keys();
  }
}
