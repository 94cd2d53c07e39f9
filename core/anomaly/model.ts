/**
 * @module core/anomaly/model
 * The anomaly model snapshot: per aggregate key its seasonal baselines (one
 * per window length) and what one client normally does there, the
 * multivariate detector (isolation forest over 5-minute window z-scores),
 * the endpoint templates and authentication endpoints it names requests by,
 * and the addresses seen in training. Written by `apiward learn` (inside the
 * behaviour model's `extensions.anomaly`) and by the Aggregates Durable
 * Object to KV as `anomaly:<app>:v<n>` with a pointer. JSON, versioned; a
 * model whose feature list differs from this build's is rejected, never
 * half-used.
 */
import { FEATURE_COUNT, FEATURES } from "./features.ts";
import { type ForestJSON, forestFromJSON, type PackedForest } from "./iforest.ts";
import { type LevelBaseline, parseBaseline } from "./seasonal.ts";
import { ShapeTally, type ShapeTallyJSON } from "./shapes.ts";
import { WINDOWS } from "./types.ts";

export const ANOMALY_MODEL_FORMAT = "apiward.anomaly";
export const ANOMALY_MODEL_VERSION = 1;

/** What one client normally does on a key in a 5-minute slot (quantiles over training clients). */
export interface ClientNorm {
  /** Requests per client and slot: median, 95th and 99th percentile. */
  rate: [number, number, number];
  /** Distinct parameter values per client and slot. */
  params: [number, number, number];
  /** Share of clients whose first request was on this key. */
  entry_share: number;
  /** Clients seen on the key. */
  clients: number;
}

export interface KeyModel {
  /** One baseline per window length (WINDOWS order); null where there was no history. */
  levels: Array<LevelBaseline | null>;
  norm: ClientNorm;
}

export interface AnomalyModel {
  format: typeof ANOMALY_MODEL_FORMAT;
  version: typeof ANOMALY_MODEL_VERSION;
  created_at: string;
  app: string;
  trained_on: { records: number; clients: number; windows: number; from: number | null; to: number | null };
  features: string[];
  /** Endpoint templates requests are named by (`GET /api/products/{id}`). */
  templates: string[];
  /** Templates whose 401/403 answers are authentication failures. */
  auth_endpoints: string[];
  keys: Record<string, KeyModel>;
  /** Isolation forest over 5-minute window z-scores, and the score above which a window is anomalous. */
  forest: ForestJSON & { threshold: number };
  /** Addresses seen in training (Bloom filter). */
  seen: { m: number; b64: string };
  /** How often each first-visit shape occurred among new clients (shapes.ts); absent in older models. */
  shapes?: ShapeTallyJSON;
}

/** A model whose forest is unpacked, ready to score. */
export interface LoadedModel {
  model: AnomalyModel;
  forest: PackedForest;
  /** The first-visit shape tally; null when the model has none (campaign attribution then stays off). */
  shapes: ShapeTally | null;
}

const isStrArray = (a: unknown): a is string[] => Array.isArray(a) && a.every((x) => typeof x === "string");
const isTriple = (a: unknown): a is [number, number, number] =>
  Array.isArray(a) && a.length === 3 && a.every((x) => typeof x === "number" && Number.isFinite(x) && x >= 0);

/** Validates a parsed model; returns it unpacked, or an error naming the bad field. */
export function parseAnomalyModel(value: unknown): LoadedModel | string {
  if (!value || typeof value !== "object" || Array.isArray(value)) return "anomaly model: not a JSON object";
  const m = value as Record<string, unknown>;
  if (m.format !== ANOMALY_MODEL_FORMAT) return `anomaly.format: expected "${ANOMALY_MODEL_FORMAT}"`;
  if (m.version !== ANOMALY_MODEL_VERSION) return `anomaly.version: expected ${ANOMALY_MODEL_VERSION}`;
  if (typeof m.app !== "string") return "anomaly.app: expected a string";
  if (!isStrArray(m.features) || m.features.join(",") !== FEATURES.join(","))
    return "anomaly.features: feature list differs from this build (retrain with this version)";
  if (!isStrArray(m.templates)) return "anomaly.templates: expected strings";
  if (!isStrArray(m.auth_endpoints)) return "anomaly.auth_endpoints: expected strings";
  if (!m.keys || typeof m.keys !== "object" || Array.isArray(m.keys)) return "anomaly.keys: expected an object";
  const keys: Record<string, KeyModel> = {};
  for (const [k, raw] of Object.entries(m.keys as Record<string, unknown>)) {
    const km = (raw ?? {}) as Partial<KeyModel>;
    if (!Array.isArray(km.levels) || km.levels.length !== WINDOWS.length) return `anomaly.keys[${k}].levels`;
    const levels: Array<LevelBaseline | null> = [];
    for (const [i, l] of km.levels.entries()) {
      if (l === null) {
        levels.push(null);
        continue;
      }
      const b = parseBaseline(l);
      if (!b) return `anomaly.keys[${k}].levels[${i}]: malformed baseline`;
      levels.push(b);
    }
    const n = km.norm as Partial<ClientNorm> | undefined;
    if (!n || !isTriple(n.rate) || !isTriple(n.params) || typeof n.entry_share !== "number")
      return `anomaly.keys[${k}].norm`;
    keys[k] = { levels, norm: { rate: n.rate, params: n.params, entry_share: n.entry_share, clients: n.clients ?? 0 } };
  }
  const fj = m.forest as (ForestJSON & { threshold?: unknown }) | undefined;
  const forest = forestFromJSON(fj, FEATURE_COUNT);
  if (typeof forest === "string") return `anomaly.${forest}`;
  if (typeof fj?.threshold !== "number" || !(fj.threshold > 0 && fj.threshold <= 1)) return "anomaly.forest.threshold";
  const seen = m.seen as { m?: unknown; b64?: unknown } | undefined;
  if (!seen || typeof seen.m !== "number" || typeof seen.b64 !== "string") return "anomaly.seen";
  let shapes: ShapeTally | null = null;
  if (m.shapes !== undefined) {
    shapes = ShapeTally.fromJSON(m.shapes);
    if (!shapes) return "anomaly.shapes: malformed first-visit shape tally";
  }
  return { model: { ...(value as AnomalyModel), keys }, forest, shapes };
}
