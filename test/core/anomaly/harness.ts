/**
 * Test harness: trains the anomaly model on a synthetic day and replays a
 * scenario through the offline pipeline (isolate pre-aggregation → merge
 * each minute → detector → enforcement), returning the mitigations.
 */
import { AnomalyDetector, type AnomalyFinding, type DetectorOptions } from "../../../core/anomaly/detector.ts";
import { authTest } from "../../../core/anomaly/events.ts";
import { AnomalyTrainer } from "../../../core/anomaly/learn.ts";
import { type LoadedModel, parseAnomalyModel } from "../../../core/anomaly/model.ts";
import { OfflineAnomaly } from "../../../core/anomaly/offline.ts";
import type { AnomalyEvent, AnomalyMitigation } from "../../../core/anomaly/types.ts";
import { APP, benign, rng, T0 } from "./traffic.ts";

export const TEMPLATES = [
  "GET /",
  "GET /products/{slug}",
  "GET /static/{file}",
  "GET /api/products",
  "GET /api/products/{id}",
  "GET /api/products/{id}/reviews",
  "GET /api/search",
  "POST /api/login",
  "GET /api/cart",
];

export const isAuth = authTest([]);

let cached: { model: LoadedModel; returning: string[] } | null = null;

/** A model trained on one synthetic day (120 sessions an hour at the daily mean), built once per test file. */
export function trainedModel(): { model: LoadedModel; returning: string[] } {
  if (cached) return cached;
  const day = benign(rng(1), T0, T0 + 86_400, 120);
  const trainer = new AnomalyTrainer({ app: APP, templates: TEMPLATES, authEndpoints: [], isAuth });
  for (const e of day) trainer.observe(e);
  const parsed = parseAnomalyModel(JSON.parse(JSON.stringify(trainer.finish())));
  if (typeof parsed === "string") throw new Error(parsed);
  const returning = [...new Set(day.slice(-3000).map((e) => e.ip))];
  cached = { model: parsed, returning };
  return cached;
}

export interface Outcome {
  mitigations: AnomalyMitigation[];
  findings: AnomalyFinding[];
  /** Addresses whose requests apiward answered because of a mitigation. */
  answered: Set<string>;
  detector: AnomalyDetector;
}

/** Replays events (sorted here) through the offline pipeline with enforcement. */
export function replay(
  events: AnomalyEvent[],
  opts: Partial<DetectorOptions> & { verifyBot?: (ip: string, ua: string | undefined) => boolean } = {},
): Outcome {
  const { model } = trainedModel();
  const detector = new AnomalyDetector({ app: APP, model, isAuth, ...opts });
  const off = new OfflineAnomaly({ detector, isAuth, verifyBot: opts.verifyBot });
  const mitigations: AnomalyMitigation[] = [];
  const findings: AnomalyFinding[] = [];
  const answered = new Set<string>();
  const sorted = [...events].sort((a, b) => a.ts - b.ts);
  const onTick = (r: { created: AnomalyMitigation[]; findings: AnomalyFinding[] }) => {
    mitigations.push(...r.created);
    findings.push(...r.findings);
  };
  for (const e of sorted) {
    const r = off.push(e, onTick);
    if (r && r.action !== "log") answered.add(e.ip);
  }
  off.finish(onTick);
  return { mitigations, findings, answered, detector };
}

/** The hour after the training day, with returning and new visitors. */
export function background(seed: number, hours = 1, perHour = 120): AnomalyEvent[] {
  return benign(rng(seed), T0 + 86_400, T0 + 86_400 + hours * 3600, perHour, trainedModel().returning);
}
