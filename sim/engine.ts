/**
 * @module sim/engine
 * Runs actors in simulated time: always the earliest pending step next (a
 * min-heap, ties in insertion order), executed through a transport, turned
 * into a labelled traffic record, and its outcome handed back to the actor's
 * script. Records therefore come out sorted by `ts`. The origin's load model
 * stretches latency and sheds requests when a flood saturates it.
 *
 * `latency_ms` is the origin's time (what an edge filter measures); the
 * client's own round trip only paces the client.
 */
import { TimeHeap } from "./heap.ts";
import { LoadModel } from "./load.ts";
import type { Rng } from "./prng.ts";
import type { Transport, TransportResult } from "./transport.ts";
import type { Actor, LabelledRecord, Outcome, Step } from "./types.ts";

export interface EngineOptions {
  start: number;
  end: number;
  host: string;
  /** Draws of the latency model (deterministic in processing order). */
  rng: Rng;
  /** Simulated clock the in-process app reads; the engine sets it before each request. */
  clock?: { nowMs: number };
  /** Stop after this many records (a safety bound; default 5 million). */
  maxRecords?: number;
  load?: LoadModel;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Builds the record with its fields in contract order (body before the response, labels last). */
export function toRecord(
  actor: Actor,
  step: Step,
  at: number,
  res: TransportResult,
  latencyMs: number,
  host: string,
): LabelledRecord {
  const rec: Partial<LabelledRecord> = {
    ts: round(at, 3),
    method: step.method,
    url: step.url,
    host,
    ip: step.ip ?? actor.ip,
    headers: step.headers,
  };
  if (step.body !== undefined) rec.body = step.body;
  rec.status = res.status;
  rec.bytes = res.bytes;
  rec.latency_ms = round(latencyMs, 1);
  if (step.identity) rec.identity = step.identity;
  rec.label = actor.label;
  rec.kind = actor.kind;
  return rec as LabelledRecord;
}

/** Runs every actor to completion (or to `end`) and yields their records in time order. */
export async function* runActors(
  actors: readonly Actor[],
  transport: Transport,
  opts: EngineOptions,
): AsyncGenerator<LabelledRecord> {
  const heap = new TimeHeap<{ actor: Actor; step: Step }>();
  const load = opts.load ?? new LoadModel();
  const maxRecords = opts.maxRecords ?? 5_000_000;
  for (const actor of actors) {
    const first = actor.script.next(undefined as unknown as Outcome);
    if (!first.done) heap.push(Math.max(first.value.at, opts.start), { actor, step: first.value });
  }
  let now = opts.start;
  let emitted = 0;
  try {
    for (let popped = heap.pop(); popped; popped = heap.pop()) {
      const { actor, step } = popped.item;
      if (popped.time >= opts.end) {
        actor.script.return();
        continue;
      }
      const at = Math.max(popped.time, now);
      now = at;
      const ip = step.ip ?? actor.ip;
      const u = load.utilisation(at);
      let res: TransportResult;
      if (opts.rng.chance(LoadModel.shed(u))) {
        res = { status: 503, bytes: 0, text: "", serverMs: 0 };
      } else {
        if (opts.clock) opts.clock.nowMs = at * 1000;
        res = await transport.send(step, ip);
      }
      // Origin time: the app's own work (server-timing) plus framework and I/O overhead.
      const serviceMs = res.serverMs + opts.rng.lognormal(2.2, 0.45) + res.bytes / 250_000;
      const latencyMs = res.status === 503 ? opts.rng.lognormal(3, 0.3) : serviceMs * LoadModel.stretch(u);
      load.add(at, serviceMs);
      yield toRecord(actor, step, at, res, latencyMs, opts.host);
      if (++emitted >= maxRecords) break;
      const outcome: Outcome = {
        status: res.status,
        bytes: res.bytes,
        ts: at,
        end: at + (latencyMs + actor.rttMs) / 1000,
        latencyMs,
        text: res.text,
      };
      const next = actor.script.next(outcome);
      if (!next.done) heap.push(Math.max(next.value.at, at), { actor, step: next.value });
    }
  } finally {
    for (let popped = heap.pop(); popped; popped = heap.pop()) popped.item.actor.script.return();
  }
}
