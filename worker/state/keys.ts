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

export interface AppIndex {
  apps: Array<{ id: string; hosts: string[] }>;
}
