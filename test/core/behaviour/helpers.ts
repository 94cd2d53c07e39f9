/** Shared test plumbing: learn a model from records, replay records, collect results. */
import { learnModel } from "../../../core/behaviour/learn.ts";
import type { BehaviourModel } from "../../../core/behaviour/model.ts";
import type { Detection } from "../../../core/behaviour/types.ts";
import snapshot from "../../../core/bots/published-ranges.json";
import { parseBotRanges } from "../../../core/bots/ranges.ts";
import { BotVerifier } from "../../../core/bots/verify.ts";
import { offlineRequest } from "../../../core/pipeline/offline.ts";
import { Replay, type ReplayOptions } from "../../../core/pipeline/replay.ts";
import { createSignatureEngine } from "../../../core/signatures/index.ts";
import type { TrafficRecord } from "../../../core/types.ts";

export function train(records: TrafficRecord[]): BehaviourModel {
  const sorted = [...records].sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));
  return learnModel(() => sorted.map((r, i) => offlineRequest(r, i + 1, "shop", 0)), {
    app: "shop",
    now: () => new Date(0),
  });
}

export const verifier = (): BotVerifier => new BotVerifier(parseBotRanges(snapshot));

export function replay(model: BehaviourModel | null, records: TrafficRecord[], opts: Partial<ReplayOptions> = {}) {
  const r = new Replay({ model, bots: verifier(), signatures: createSignatureEngine(), ...opts });
  const detections: Detection[] = [];
  const sorted = [...records].sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));
  const sink = { detection: (d: Detection) => detections.push(d) };
  sorted.forEach((rec, i) => {
    r.push(rec, i + 1, sink);
  });
  r.finish(sink);
  return { detections, summaries: r.summaries(), replay: r };
}
