/**
 * @module durable-objects/aggregates/models
 * Anomaly model snapshots in KV (SNAPSHOTS), versioned like the other
 * models: `anomaly:<app>:v<n>` immutable, `anomaly:<app>:pointer` naming the
 * active version. Written rarely (a learned model every few hours, an
 * uploaded one on demand); the last five versions are kept for rollback.
 */
import { type AnomalyModel, type LoadedModel, parseAnomalyModel } from "../../core/anomaly/model.ts";
import { keys } from "../../worker/state/keys.ts";

export interface ModelPointer {
  version: number;
  updated_at: number;
  source: "learn" | "live" | "upload";
}

export async function readPointer(kv: KVNamespace, app: string): Promise<ModelPointer | null> {
  const raw = await kv.get(keys.snapshotPointer("anomaly", app));
  if (!raw) return null;
  try {
    const p = JSON.parse(raw) as Partial<ModelPointer>;
    return typeof p.version === "number" ? (p as ModelPointer) : null;
  } catch {
    return null;
  }
}

/** The active model of an app, or null (none yet, or unreadable: the error is returned beside). */
export async function readModel(
  kv: KVNamespace,
  app: string,
): Promise<{ model: LoadedModel | null; version: number; error?: string }> {
  const p = await readPointer(kv, app);
  if (!p) return { model: null, version: 0 };
  const raw = await kv.get(keys.snapshot("anomaly", app, p.version));
  if (!raw) return { model: null, version: p.version, error: `anomaly:${app}:v${p.version} missing` };
  try {
    const m = parseAnomalyModel(JSON.parse(raw));
    return typeof m === "string" ? { model: null, version: p.version, error: m } : { model: m, version: p.version };
  } catch (e) {
    return { model: null, version: p.version, error: (e as Error).message };
  }
}

/** Writes a model as the next version and points at it; returns the version. */
export async function writeModel(
  kv: KVNamespace,
  app: string,
  model: AnomalyModel,
  source: ModelPointer["source"],
): Promise<number> {
  const p = await readPointer(kv, app);
  const version = (p?.version ?? 0) + 1;
  await kv.put(keys.snapshot("anomaly", app, version), JSON.stringify({ ...model, app }));
  const next: ModelPointer = { version, updated_at: Date.now(), source };
  await kv.put(keys.snapshotPointer("anomaly", app), JSON.stringify(next));
  if (version > 5) await kv.delete(keys.snapshot("anomaly", app, version - 5));
  return version;
}
