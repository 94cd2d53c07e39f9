/**
 * @module worker/state/keys
 * KV layout. CONFIG holds what operators write (app configs, policies);
 * SNAPSHOTS holds what the learning core writes (inventory, models,
 * baselines). Versioned documents are immutable; a small pointer document
 * names the active version, so a write is one new key plus one pointer
 * update, minutes apart at most (KV allows about one write per second per key).
 */
export const keys = {
  /** `{"apps":[{"id":"demo","hosts":["shop.example"]}]}`: host → app routing. */
  appIndex: "apps",
  app: (id: string) => `app:${id}`,
  policyPointer: (app: string) => `policy:${app}:pointer`,
  policy: (app: string, version: number) => `policy:${app}:v${version}`,
  snapshotPointer: (kind: string, app: string) => `${kind}:${app}:pointer`,
  snapshot: (kind: string, app: string, version: number) => `${kind}:${app}:v${version}`,
} as const;

/** Pointer to the versions of an app's policy. */
export interface PolicyPointer {
  /** Active version, or null when no policy is active. */
  active: number | null;
  /** Previously active versions, most recent last (rollback pops it). */
  history: number[];
  /** A candidate evaluated beside the active one; differences are logged. */
  dry_run: number | null;
  /** Highest version number ever created. */
  latest: number;
  updated_at: number;
}

export const EMPTY_POINTER: PolicyPointer = { active: null, history: [], dry_run: null, latest: 0, updated_at: 0 };

const isVersion = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 1;

/**
 * Validates a policy pointer read from KV. A pointer that does not parse or
 * has the wrong shape is an error, never an empty pointer: reading it as
 * empty would let the admin API write version 1 over the active policy.
 */
export function parsePointer(raw: unknown): { ok: true; value: PolicyPointer } | { ok: false; error: string } {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return { ok: false, error: "expected an object" };
  const p = raw as Record<string, unknown>;
  if (p.active !== null && !isVersion(p.active)) return { ok: false, error: "active: expected a version or null" };
  if (p.dry_run !== null && p.dry_run !== undefined && !isVersion(p.dry_run))
    return { ok: false, error: "dry_run: expected a version or null" };
  if (!Array.isArray(p.history) || !p.history.every(isVersion))
    return { ok: false, error: "history: expected an array of versions" };
  if (typeof p.latest !== "number" || !Number.isInteger(p.latest) || p.latest < 0)
    return { ok: false, error: "latest: expected a non-negative integer" };
  const highest = Math.max(p.latest, p.active ?? 0, (p.dry_run as number | null | undefined) ?? 0, ...p.history);
  return {
    ok: true,
    value: {
      active: p.active as number | null,
      history: [...(p.history as number[])],
      dry_run: (p.dry_run as number | null | undefined) ?? null,
      latest: highest,
      updated_at: typeof p.updated_at === "number" ? p.updated_at : 0,
    },
  };
}

export interface AppIndex {
  apps: Array<{ id: string; hosts: string[] }>;
}
