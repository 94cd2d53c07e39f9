/**
 * @module durable-objects/learning-core
 * The central learning core, one object per app (`idFromName(app)`). Isolates
 * send it batches of sampled request/response metadata off the hot path; it
 * runs the very same learner as `apiward discover` (core/discovery) and, on an
 * alarm, writes a versioned inventory snapshot to KV when the inventory
 * changed, which every isolate then loads into its endpoint matcher.
 *
 * Why these intervals: KV allows ~1 write/s per key and 1,000 writes a day on
 * the free plan, so snapshots are minutes apart (APIWARD_SNAPSHOT_INTERVAL_S,
 * default 300) and skipped when nothing changed. The learner's state is saved
 * to the object's storage on the same alarm; an eviction between two alarms
 * loses at most one interval of samples, never the inventory.
 *
 * It also trains the app's behaviour model (behaviour-training.ts): the
 * ClientState shards send it client summaries, workflow transitions and
 * endpoint statistics (`addBehaviour`), and the same alarm trains and
 * publishes `behaviour:<app>:v<n>` when due, with this inventory's
 * templates; `trainBehaviour` forces a run (admin API).
 */
import { DurableObject } from "cloudflare:workers";
import { Learner } from "../core/discovery/learner.ts";
import type { Inventory, Observation } from "../core/discovery/types.ts";
import { BEHAVIOUR_SHARDS, clientShardName } from "../worker/datapath/behaviour.ts";
import { objectStub } from "../worker/lib/object-stub.ts";
import { keys } from "../worker/state/keys.ts";
import { BehaviourTraining, type TrainingRun, type TrainingStatus } from "./behaviour-training.ts";
import type { TrainingBatch } from "./client-state.ts";

/** Shards per group in a forced training's two-level fan-out. */
const FLUSH_GROUP = 8;

export interface InventorySnapshot {
  app: string;
  version: number;
  created_at: number;
  observed: number;
  inventory: Inventory;
}

export interface SnapshotPointer {
  version: number;
  updated_at: number;
  /** Hash of the inventory's endpoint list, to skip writing an unchanged one. */
  digest: string;
}

/** Storage values are chunked below the per-value limit. */
const CHUNK = 1_000_000;

export class LearningCore extends DurableObject<Env> {
  private learner: Learner | null = null;
  private app: string | null = null;
  private dirty = false;
  private training: BehaviourTraining | null = null;

  private behaviour(): BehaviourTraining {
    this.training ??= new BehaviourTraining(this.ctx.storage, this.env);
    return this.training;
  }

  /** Sets the alarm for `at` unless one is set sooner. */
  private async alarmBy(at: number): Promise<void> {
    const cur = await this.ctx.storage.getAlarm();
    if (cur === null || cur > at) await this.ctx.storage.setAlarm(at);
  }

  private async remember(app: string): Promise<void> {
    await this.load();
    if (this.app !== app) {
      this.app = app;
      await this.ctx.storage.put("app", app);
    }
  }

  private intervalMs(): number {
    const s = Number(this.env.APIWARD_SNAPSHOT_INTERVAL_S);
    return (Number.isFinite(s) && s > 0 ? s : 300) * 1000;
  }

  private async load(): Promise<Learner> {
    if (this.learner) return this.learner;
    return this.ctx.blockConcurrencyWhile(async () => {
      if (this.learner) return this.learner;
      this.app = (await this.ctx.storage.get<string>("app")) ?? null;
      const n = (await this.ctx.storage.get<number>("state:chunks")) ?? 0;
      if (n > 0) {
        const parts = await this.ctx.storage.get<string>(Array.from({ length: n }, (_, i) => `state:${i}`));
        const text = Array.from({ length: n }, (_, i) => parts.get(`state:${i}`) ?? "").join("");
        try {
          this.learner = Learner.fromJSON(JSON.parse(text));
        } catch (e) {
          console.error("learning core: saved state unreadable, starting over", (e as Error).message);
        }
      }
      this.learner ??= new Learner();
      return this.learner;
    });
  }

  /** Learns from a batch of samples. */
  async ingest(app: string, samples: Observation[]): Promise<{ observed: number }> {
    const learner = await this.load();
    await this.remember(app);
    for (const s of samples) learner.observe(s);
    this.dirty = true;
    await this.alarmBy(Date.now() + this.intervalMs());
    return { observed: learner.stats().observed };
  }

  /** Behaviour training material from a ClientState shard. */
  async addBehaviour(app: string, batch: TrainingBatch): Promise<{ accepted: number }> {
    await this.remember(app);
    const r = await this.behaviour().add(app, batch ?? {});
    if (r.due !== null) await this.alarmBy(Math.max(r.due, Date.now() + 1000));
    return { accepted: r.accepted };
  }

  /** The inventory's templates, which the behaviour model names endpoints by. */
  private async templates(): Promise<string[]> {
    return (await this.load()).inventory().endpoints.map((e) => `${e.method} ${e.path}`);
  }

  /**
   * Trains the app's behaviour model now (the admin API): first every
   * ClientState shard of the app sends what it has (`flush`, default true),
   * then the model is trained and published if it may be.
   */
  async trainBehaviour(app: string, opts: { flush?: boolean } = {}): Promise<TrainingRun & { flushed: number }> {
    await this.remember(app);
    let flushed = 0;
    if (opts.flush !== false) {
      // Two levels (a leader per group of 8 flushes its 7 peers): 8 calls from here, 7 from each
      // leader, where one call per shard would be 64, past a Workers Free request's 50 subrequests.
      const groups: number[][] = [];
      for (let s = 0; s < BEHAVIOUR_SHARDS; s += FLUSH_GROUP)
        groups.push(Array.from({ length: Math.min(FLUSH_GROUP, BEHAVIOUR_SHARDS - s) }, (_, i) => s + i));
      const sent = await Promise.all(
        groups.map(([leader, ...peers]) =>
          objectStub(this.env.CLIENTS, clientShardName(app, leader ?? 0)).flushTrainingGroup(app, peers),
        ),
      );
      for (const r of sent) flushed += r.summaries;
    }
    const run = await this.behaviour().train(app, await this.templates(), "admin");
    return { ...run, flushed };
  }

  async behaviourStatus(app: string): Promise<TrainingStatus> {
    return this.behaviour().status(app);
  }

  /** The inventory as learned right now (the admin API reads this). */
  async inventory(): Promise<Inventory> {
    return (await this.load()).inventory();
  }

  async stats(): Promise<{
    app: string | null;
    observed: number;
    learned: number;
    nodes: number;
    pointer: SnapshotPointer | null;
  }> {
    const l = await this.load();
    const st = l.stats();
    const pointer = this.app ? await this.readPointer(this.app) : null;
    return { app: this.app, observed: st.observed, learned: st.learned, nodes: st.nodes, pointer };
  }

  /** Saves state and writes a snapshot now when the inventory changed. Returns the active snapshot version. */
  async snapshotNow(): Promise<number | null> {
    const learner = await this.load();
    await this.saveState(learner);
    if (!this.app) return null;
    const inventory = learner.inventory();
    const digest = await digestOf(inventory);
    const pointer = await this.readPointer(this.app);
    if (pointer && pointer.digest === digest) return pointer.version;
    const version = (pointer?.version ?? 0) + 1;
    const snap: InventorySnapshot = {
      app: this.app,
      version,
      created_at: Date.now(),
      observed: learner.stats().observed,
      inventory,
    };
    await this.env.SNAPSHOTS.put(keys.snapshot("inventory", this.app, version), JSON.stringify(snap));
    const next: SnapshotPointer = { version, updated_at: Date.now(), digest };
    await this.env.SNAPSHOTS.put(keys.snapshotPointer("inventory", this.app), JSON.stringify(next));
    // Keep a few versions for rollback and diffing; older ones go.
    if (version > 5) await this.env.SNAPSHOTS.delete(keys.snapshot("inventory", this.app, version - 5));
    return version;
  }

  override async alarm(): Promise<void> {
    if (this.dirty || !this.learner) {
      await this.snapshotNow();
      this.dirty = false;
    }
    if (!this.app) return;
    const app = this.app;
    const training = this.behaviour();
    try {
      const templates = await this.templates();
      await training.tick(app, () => templates);
    } catch (e) {
      console.error(`apiward: behaviour training for ${app} failed: ${(e as Error).message}`);
    }
    const due = await training.dueAt(app);
    if (due !== null) await this.alarmBy(Math.max(due, Date.now() + 60_000));
  }

  private async readPointer(app: string): Promise<SnapshotPointer | null> {
    const raw = await this.env.SNAPSHOTS.get(keys.snapshotPointer("inventory", app));
    if (!raw) return null;
    try {
      return JSON.parse(raw) as SnapshotPointer;
    } catch {
      return null;
    }
  }

  private async saveState(learner: Learner): Promise<void> {
    const text = JSON.stringify(learner.toJSON());
    const chunks: Record<string, string | number> = {};
    let n = 0;
    for (let i = 0; i < text.length; i += CHUNK) chunks[`state:${n++}`] = text.slice(i, i + CHUNK);
    chunks["state:chunks"] = n;
    await this.ctx.storage.put(chunks);
  }
}

async function digestOf(inv: Inventory): Promise<string> {
  const shape = inv.endpoints
    .map((e) => `${e.method} ${e.path} ${Object.keys(e.query).sort().join(",")}`)
    .sort()
    .join("\n");
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(shape));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
