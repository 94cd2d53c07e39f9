/**
 * @module core/behaviour/model
 * The behaviour model snapshot: what `apiward learn` writes and the learning
 * core stores in KV (versioned key), and what replay, the ClientState Durable
 * Object and the isolate score with. JSON, versioned by `version`; a model
 * whose feature list differs from this build's is rejected (its columns
 * would be misread), never half-used.
 */

import { FEATURES } from "./features.ts";
import type { MarkovState } from "./markov.ts";

export const MODEL_FORMAT = "apiward.behaviour";
export const MODEL_VERSION = 1;

/** One group of normal clients (e.g. browsing humans, app clients, integrations). */
export interface ClusterModel {
  /** Training clients in the cluster. */
  size: number;
  /** Centroid in standardized style space. */
  centroid: number[];
  /** Novelty boundary: twice the members' 99th percentile distance to the centroid; farther clients get the strict row. */
  radius: number;
  /** Per feature: median of members' peak values (the "normal" reasons are compared with). */
  median: number[];
  /** Per feature: robust spread (scaled MAD, never below the feature's resolution). */
  spread: number[];
  /** Per feature: learned threshold (high quantile of the core members' peaks, with a margin). */
  threshold: number[];
  /**
   * The same per age bucket of the client's window (model `age_minutes`:
   * bucket i holds the members' peaks while their window was at most
   * age_minutes[i] old); `median`/`spread`/`threshold` above are the last,
   * unbounded bucket. Absent: the overall row applies at every age.
   */
  by_age?: { median: number[][]; spread: number[][]; threshold: number[][] };
}

export interface BehaviourModel {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  created_at: string;
  app: string;
  trained_on: {
    records: number;
    clients: number;
    /** Clients left out of training: too few requests, or already caught by the floors. */
    excluded: number;
    from: number | null;
    to: number | null;
  };
  features: string[];
  endpoints: { templates: string[]; login: string[]; expensive: string[] };
  markov: MarkovState;
  /** Standardization of the style features (square root first where `sqrt`). */
  style: { features: string[]; sqrt: boolean[]; mean: number[]; std: number[] };
  clusters: ClusterModel[];
  /** Upper bounds (minutes) of the window-age buckets of `clusters[].by_age` (features.ts AGE_BOUNDS_MIN). */
  age_minutes?: number[];
  /**
   * Per-principal baselines: signed-in principals (service accounts, busy
   * users) seen often enough in training, keyed by an 8-hex hash of the
   * identity, with their own peak of each feature. A client acting as one
   * of them is held to at least that peak (with the same margin as the
   * clusters): a nightly export may read the whole catalogue, a stranger
   * may not. `kind: "client"`: a client that acted as no one principal (an
   * address, typically), keyed by its own identity's hash (summary.ts
   * clientKey): a partner's sync or a power user seen often in training is
   * held to its own peak, a stranger acting alike to its cluster's.
   */
  principals?: Array<{ id: string; requests: number; peak: number[]; kind?: "client" }>;
  /** How k was chosen: mean silhouette per k tried. */
  selection: { k: number; silhouette: Record<string, number> };
  /** Room for other capabilities' models (issue 8 baselines) in the same snapshot. */
  extensions?: Record<string, unknown>;
}

const isNumArray = (a: unknown, n?: number): a is number[] =>
  Array.isArray(a) &&
  (n === undefined || a.length === n) &&
  a.every((x) => typeof x === "number" && Number.isFinite(x));
const isStrArray = (a: unknown): a is string[] => Array.isArray(a) && a.every((x) => typeof x === "string");

/** Validates a parsed model; returns it or an error naming the bad field. */
export function parseModel(value: unknown): BehaviourModel | string {
  if (!value || typeof value !== "object" || Array.isArray(value)) return "model: not a JSON object";
  const m = value as Record<string, unknown>;
  if (m.format !== MODEL_FORMAT) return `model.format: expected "${MODEL_FORMAT}"`;
  if (m.version !== MODEL_VERSION) return `model.version: expected ${MODEL_VERSION}, got ${JSON.stringify(m.version)}`;
  if (!isStrArray(m.features) || m.features.join(",") !== FEATURES.join(","))
    return "model.features: feature list differs from this build (retrain with this version)";
  const e = m.endpoints as Record<string, unknown> | undefined;
  if (!e || !isStrArray(e.templates) || !isStrArray(e.login) || !isStrArray(e.expensive))
    return "model.endpoints: expected {templates, login, expensive} string arrays";
  const mk = m.markov as Record<string, unknown> | undefined;
  if (!mk || !isStrArray(mk.states) || !Array.isArray(mk.transitions))
    return "model.markov: expected {states, transitions}";
  const s = m.style as Record<string, unknown> | undefined;
  if (!s || !isStrArray(s.features) || !Array.isArray(s.sqrt))
    return "model.style: expected {features, sqrt, mean, std}";
  const sn = s.features.length;
  if (!isNumArray(s.mean, sn) || !isNumArray(s.std, sn) || s.sqrt.length !== sn)
    return "model.style: mean/std/sqrt length";
  if (!Array.isArray(m.clusters)) return "model.clusters: expected an array";
  const fn = FEATURES.length;
  for (const [i, c] of (m.clusters as unknown[]).entries()) {
    const cl = c as Record<string, unknown>;
    if (!cl || typeof cl !== "object") return `model.clusters[${i}]: not an object`;
    if (!isNumArray(cl.centroid, sn)) return `model.clusters[${i}].centroid`;
    if (typeof cl.radius !== "number" || !(cl.radius >= 0)) return `model.clusters[${i}].radius`;
    for (const k of ["median", "spread", "threshold"] as const)
      if (!isNumArray(cl[k], fn)) return `model.clusters[${i}].${k}: expected ${fn} numbers`;
    if (cl.by_age !== undefined) {
      const ba = cl.by_age as Record<string, unknown> | null;
      const ages = Array.isArray(m.age_minutes) ? m.age_minutes.length : -1;
      if (!ba || typeof ba !== "object") return `model.clusters[${i}].by_age: not an object`;
      for (const k of ["median", "spread", "threshold"] as const) {
        const rows = ba[k];
        if (!Array.isArray(rows) || rows.length !== ages || !rows.every((r) => isNumArray(r, fn)))
          return `model.clusters[${i}].by_age.${k}: expected one row of ${fn} numbers per age_minutes bound`;
      }
    }
  }
  if (m.age_minutes !== undefined && !isNumArray(m.age_minutes))
    return "model.age_minutes: expected an array of numbers";
  if (m.principals !== undefined) {
    if (!Array.isArray(m.principals)) return "model.principals: expected an array";
    for (const [i, p] of (m.principals as unknown[]).entries()) {
      const pr = p as Record<string, unknown>;
      if (!pr || typeof pr.id !== "string" || !isNumArray(pr.peak, fn))
        return `model.principals[${i}]: expected {id, requests, peak[${fn}]}`;
      if (pr.kind !== undefined && pr.kind !== "client") return `model.principals[${i}].kind: expected "client"`;
    }
  }
  const sel = m.selection as Record<string, unknown> | undefined;
  if (!sel || typeof sel.k !== "number") return "model.selection";
  return value as BehaviourModel;
}
