/**
 * @module core/behaviour/training-settings
 * When the learning core trains an app's behaviour model from live traffic,
 * and how much it needs: CONFIG key `behaviour-training:<app>` overrides the
 * defaults per app (validated; a bad field is named and the defaults stay).
 *
 *   min_clients  clients a model must be trained on (after leaving out the
 *                detected, crawlers and noise); fewer: nothing is published
 *                and the active model stays. Default 200, never below 20.
 *   interval_s   seconds between trainings while new summaries arrive
 *                (default 21,600: 6 h; at least 300).
 *   min_new      new client summaries that start a training before the
 *                interval is up (default 5,000).
 */

export interface TrainingSettings {
  min_clients: number;
  interval_s: number;
  min_new: number;
}

export const TRAINING_DEFAULTS: Readonly<TrainingSettings> = { min_clients: 200, interval_s: 21_600, min_new: 5000 };
/** No model is ever published from fewer clients than this, whatever the settings say. */
export const MIN_CLIENTS_FLOOR = 20;
const MIN_INTERVAL_S = 300;

export const trainingSettingsKey = (app: string): string => `behaviour-training:${app}`;

/** The defaults with a validated override; an error names the bad field. */
export function parseTrainingSettings(v: unknown): { settings: TrainingSettings } | { error: string } {
  if (v === null || v === undefined) return { settings: { ...TRAINING_DEFAULTS } };
  if (typeof v !== "object" || Array.isArray(v)) return { error: "behaviour-training: expected a JSON object" };
  const o = v as Record<string, unknown>;
  const out: TrainingSettings = { ...TRAINING_DEFAULTS };
  for (const k of Object.keys(o))
    if (!(k in TRAINING_DEFAULTS)) return { error: `behaviour-training.${k}: unknown setting` };
  const int = (k: keyof TrainingSettings, min: number): string | null => {
    const x = o[k];
    if (x === undefined) return null;
    if (typeof x !== "number" || !Number.isInteger(x) || x < min)
      return `behaviour-training.${k}: expected an integer ≥ ${min}`;
    out[k] = x;
    return null;
  };
  const err = int("min_clients", MIN_CLIENTS_FLOOR) ?? int("interval_s", MIN_INTERVAL_S) ?? int("min_new", 1) ?? null;
  return err ? { error: err } : { settings: out };
}
