/**
 * @module worker/state/registry
 * Finds the app for a request's Host and its active (and dry-run) compiled
 * policy, through isolate caches over KV (kv-cache.ts): hot-reloaded on a
 * short TTL, last good kept when KV fails or a new document is bad.
 */
import { type AppConfig, hostKey, parseAppConfig } from "../../core/config/app-config.ts";
import { type CompiledAllowlist, compileAllowlist } from "../../core/discovery/allowlist.ts";
import { compileMatcher, type EndpointMatcher } from "../../core/discovery/matcher.ts";
import type { InventorySnapshot, SnapshotPointer } from "../../durable-objects/learning-core.ts";
import type { CompiledPolicy } from "../../policy/compile.ts";
import { compilePolicy } from "../../policy/compile.ts";
import { parsePolicy } from "../../policy/schema.ts";
import { type AppIndex, EMPTY_POINTER, keys, type PolicyPointer, parsePointer } from "./keys.ts";
import { KvDocCache, type Loaded } from "./kv-cache.ts";

export interface LoadedPolicy {
  version: number;
  compiled: CompiledPolicy;
  /** The approved allow-list of this version, compiled once; null when it has none. */
  allowlist: CompiledAllowlist | null;
}

/** The learned inventory an isolate matches requests against (endpoint templates). */
export interface LoadedInventory {
  version: number;
  matcher: EndpointMatcher;
  /** When this version was written (epoch ms; 0 when the snapshot does not say): the inventory's last change. */
  createdAt: number;
}

export interface AppPolicies {
  active: LoadedPolicy | null;
  dryRun: LoadedPolicy | null;
  pointer: PolicyPointer;
}

export type AppResolution =
  | { ok: true; app: AppConfig; staleError?: string }
  | { ok: false; status: 404 | 503; error: string; appId?: string };

type Waiter = (p: Promise<unknown>) => void;

/** Parses a JSON document from KV; a syntax error is a load error, not a throw. */
export function parseJson(raw: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch (e) {
    return { ok: false, error: `invalid JSON: ${(e as Error).message}` };
  }
}

function loadPolicyDoc(raw: string | null, key: string): Loaded<Omit<LoadedPolicy, "version">> {
  if (raw === null) return { ok: false, error: `${key}: missing` };
  const json = parseJson(raw);
  if (!json.ok) return { ok: false, error: `${key}: ${json.error}` };
  const doc = parsePolicy(json.value);
  if (!doc.ok) return { ok: false, error: `${key}: ${doc.error}` };
  try {
    const compiled = compilePolicy(doc.value);
    return {
      ok: true,
      value: { compiled, allowlist: doc.value.allowlist ? compileAllowlist(doc.value.allowlist) : null },
    };
  } catch (e) {
    return { ok: false, error: `${key}: ${(e as Error).message}` };
  }
}

function loadIndex(raw: string | null): Loaded<Map<string, string>> {
  const map = new Map<string, string>();
  if (raw === null) return { ok: true, value: map };
  const json = parseJson(raw);
  if (!json.ok) return { ok: false, error: `${keys.appIndex}: ${json.error}` };
  const apps = (json.value as AppIndex).apps;
  if (!Array.isArray(apps)) return { ok: false, error: `${keys.appIndex}: apps must be an array` };
  for (const a of apps) for (const h of a.hosts ?? []) map.set(hostKey(String(h)), a.id);
  return { ok: true, value: map };
}

/** Older inventory snapshots a cold isolate tries when the newest does not load (the learning core keeps 5). */
const INVENTORY_FALLBACK = 4;

/** A host the app index lacks has the index re-read at most this often (an app added since). */
const UNKNOWN_HOST_REREAD_MS = 1000;

async function loadInventorySnapshot(
  kv: KVNamespace,
  appId: string,
  version: number,
): Promise<Loaded<LoadedInventory>> {
  const skey = keys.snapshot("inventory", appId, version);
  const snapRaw = await kv.get(skey);
  if (snapRaw === null) return { ok: false, error: `${skey}: missing` };
  const snap = parseJson(snapRaw);
  if (!snap.ok) return { ok: false, error: `${skey}: ${snap.error}` };
  const endpoints = (snap.value as InventorySnapshot | null)?.inventory?.endpoints;
  if (!Array.isArray(endpoints)) return { ok: false, error: `${skey}: inventory.endpoints must be an array` };
  const createdAt = (snap.value as InventorySnapshot).created_at;
  try {
    return {
      ok: true,
      value: {
        version,
        matcher: compileMatcher(endpoints),
        createdAt: typeof createdAt === "number" && Number.isFinite(createdAt) ? createdAt : 0,
      },
    };
  } catch (e) {
    return { ok: false, error: `${skey}: ${(e as Error).message}` };
  }
}

export class Registry {
  private index: KvDocCache<Map<string, string>>;
  private apps: KvDocCache<AppConfig>;
  private policies: KvDocCache<AppPolicies>;
  /** Compiled policy versions are immutable: compile each once. */
  private compiled = new Map<string, Omit<LoadedPolicy, "version">>();
  private inventories: KvDocCache<LoadedInventory>;

  constructor(ttlMs: () => number, now: () => number = Date.now) {
    this.index = new KvDocCache(ttlMs, now);
    this.apps = new KvDocCache(ttlMs, now);
    this.policies = new KvDocCache(ttlMs, now);
    this.inventories = new KvDocCache(ttlMs, now);
  }

  /** The app's latest inventory snapshot as a compiled matcher (null before the first snapshot). */
  inventory(kv: KVNamespace, appId: string, wait: Waiter): LoadedInventory | null | Promise<LoadedInventory | null> {
    const pkey = keys.snapshotPointer("inventory", appId);
    const hit = this.inventories.fresh(pkey);
    return hit ? hit.value : this.loadInventory(kv, pkey, appId, wait);
  }

  private async loadInventory(
    kv: KVNamespace,
    pkey: string,
    appId: string,
    wait: Waiter,
  ): Promise<LoadedInventory | null> {
    const r = await this.inventories.get(
      pkey,
      () => kv.get(pkey),
      async (raw) => {
        if (raw === null) return { ok: true, value: null };
        const ptr = parseJson(raw);
        if (!ptr.ok) return { ok: false, error: `${pkey}: ${ptr.error}` };
        const version = (ptr.value as SnapshotPointer).version;
        if (!Number.isSafeInteger(version) || version < 1)
          return { ok: false, error: `${pkey}: version must be a positive integer` };
        const latest = await loadInventorySnapshot(kv, appId, version);
        if (latest.ok || this.inventories.peek(pkey) !== undefined) return latest;
        // A cold isolate has no last good copy in memory: the learning core keeps the previous
        // versions a while (durable-objects/learning-core.ts), and the newest that loads beats none,
        // whose absence would leave every endpoint-keyed rule without its endpoint.
        for (let v = version - 1; v >= Math.max(1, version - INVENTORY_FALLBACK); v--) {
          const older = await loadInventorySnapshot(kv, appId, v);
          if (older.ok && older.value) return { ...older, warning: `${latest.error} (using v${v})` };
        }
        return latest;
      },
      wait,
    );
    return r.value;
  }

  resolveApp(
    kv: KVNamespace,
    host: string,
    defaultApp: string | undefined,
    wait: Waiter,
  ): AppResolution | Promise<AppResolution> {
    // Fresh copies of the index and of the app's config answer at once. A host the index lacks
    // goes to the default app only while the index is under a second old: after that `lookUpApp`
    // re-reads it first (an app added since).
    const idx = this.index.fresh(keys.appIndex)?.value;
    if (idx) {
      const appId = idx.get(host) ?? (this.index.fresh(keys.appIndex, UNKNOWN_HOST_REREAD_MS) ? defaultApp : undefined);
      const app = appId === undefined ? undefined : this.apps.fresh(keys.app(appId));
      if (app?.value)
        return app.staleError ? { ok: true, app: app.value, staleError: app.staleError } : { ok: true, app: app.value };
    }
    return this.lookUpApp(kv, host, defaultApp, wait);
  }

  private async lookUpApp(
    kv: KVNamespace,
    host: string,
    defaultApp: string | undefined,
    wait: Waiter,
  ): Promise<AppResolution> {
    const fetchIndex = () => kv.get(keys.appIndex);
    let idx = await this.index.get(keys.appIndex, fetchIndex, loadIndex, wait);
    if (!idx.value?.has(host)) {
      // A host we don't know: maybe an app added since our copy. Re-read at most once a second.
      await this.index.refreshIfOlder(keys.appIndex, UNKNOWN_HOST_REREAD_MS, fetchIndex, loadIndex);
      idx = await this.index.get(keys.appIndex, fetchIndex, loadIndex, wait);
    }
    const appId = idx.value?.get(host) ?? defaultApp;
    if (!appId) {
      return idx.error
        ? { ok: false, status: 503, error: `app index unavailable: ${idx.error}` }
        : { ok: false, status: 404, error: `no app is configured for host ${host}` };
    }
    const app = await this.appConfig(kv, appId, wait);
    if (app.error) return { ok: false, status: 503, error: app.error, appId };
    if (!app.value) return { ok: false, status: 404, error: `no app is configured for host ${host}`, appId };
    return app.staleError ? { ok: true, app: app.value, staleError: app.staleError } : { ok: true, app: app.value };
  }

  /** An app's config through the cache (null value: no such app). */
  private appConfig(kv: KVNamespace, appId: string, wait: Waiter) {
    const key = keys.app(appId);
    return this.apps.get(
      key,
      () => kv.get(key),
      (raw) => {
        // Absence is an answer (cached like a document): the host has no app.
        if (raw === null) return { ok: true, value: null };
        const json = parseJson(raw);
        if (!json.ok) return { ok: false, error: `${key}: ${json.error}` };
        const parsed = parseAppConfig(json.value);
        return parsed.ok ? { ok: true, value: parsed.value } : { ok: false, error: `${key}: ${parsed.error}` };
      },
      wait,
    );
  }

  /**
   * Loads an app's config, policies and inventory into this isolate's caches
   * (health does, so that a bad document shows before traffic for the app
   * reaches this isolate); errors land where errors() finds them.
   */
  async check(config: KVNamespace, snapshots: KVNamespace, appId: string, wait: Waiter): Promise<void> {
    await this.appConfig(config, appId, wait);
    await this.appPolicies(config, appId, wait);
    await this.inventory(snapshots, appId, wait);
  }

  appPolicies(
    kv: KVNamespace,
    appId: string,
    wait: Waiter,
  ): { value: AppPolicies | null; error?: string } | Promise<{ value: AppPolicies | null; error?: string }> {
    const pkey = keys.policyPointer(appId);
    const hit = this.policies.fresh(pkey);
    return hit ? { value: hit.value } : this.loadPolicies(kv, pkey, appId, wait);
  }

  private async loadPolicies(
    kv: KVNamespace,
    pkey: string,
    appId: string,
    wait: Waiter,
  ): Promise<{ value: AppPolicies | null; error?: string }> {
    const r = await this.policies.get(
      pkey,
      () => kv.get(pkey),
      async (raw) => {
        let pointer = EMPTY_POINTER;
        if (raw !== null) {
          const json = parseJson(raw);
          if (!json.ok) return { ok: false, error: `${pkey}: ${json.error}` };
          const parsed = parsePointer(json.value);
          if (!parsed.ok) return { ok: false, error: `${pkey}: ${parsed.error}` };
          pointer = parsed.value;
        }
        const load = async (version: number | null): Promise<Loaded<LoadedPolicy>> => {
          if (version === null || version === undefined) return { ok: true, value: null };
          const vkey = keys.policy(appId, version);
          const cached = this.compiled.get(vkey);
          if (cached) return { ok: true, value: { version, ...cached } };
          const doc = loadPolicyDoc(await kv.get(vkey), vkey);
          if (!doc.ok || !doc.value) return doc.ok ? { ok: false, error: `${vkey}: empty` } : doc;
          if (this.compiled.size > 32) this.compiled.clear();
          this.compiled.set(vkey, doc.value);
          return { ok: true, value: { version, ...doc.value } };
        };
        let active = await load(pointer.active);
        let warning: string | undefined;
        if (!active.ok) {
          // A warm isolate keeps its last good copy (the cache does). A cold one has none in memory,
          // and at the edge isolates start all the time: the versions active before, in the
          // pointer's history, are the next best, rather than no policy at all.
          if (this.policies.peek(pkey) !== undefined) return active;
          const fallback = await this.previousGood(pointer, load);
          if (!fallback) return active;
          warning = `${active.error} (enforcing v${fallback.version}, active before it)`;
          active = { ok: true, value: fallback };
        }
        // A broken dry-run candidate must not take the active policy down with it.
        const dry = await load(pointer.dry_run);
        const value = { active: active.value, dryRun: dry.ok ? dry.value : null, pointer };
        return warning ? { ok: true, value, warning } : { ok: true, value };
      },
      wait,
    );
    return r.error ? { value: null, error: r.error } : { value: r.value };
  }

  /** The most recent previously active version that loads (the pointer's history, newest first; at most 5 tried). */
  private async previousGood(
    pointer: PolicyPointer,
    load: (version: number | null) => Promise<Loaded<LoadedPolicy>>,
  ): Promise<LoadedPolicy | null> {
    const history = Array.isArray(pointer.history) ? pointer.history : [];
    for (const v of history.slice(-5).reverse()) {
      if (typeof v !== "number" || v === pointer.active) continue;
      const r = await load(v);
      if (r.ok && r.value) return r.value;
    }
    return null;
  }

  /**
   * The policy versions this isolate enforces for an app now: its last good
   * load, which lags the pointer in KV while a newer version fails to load
   * (undefined before the first load in this isolate).
   */
  servingPolicy(appId: string): { active: number | null; dry_run: number | null } | undefined {
    const p = this.policies.peek(keys.policyPointer(appId));
    if (p === undefined) return undefined;
    return { active: p?.active?.version ?? null, dry_run: p?.dryRun?.version ?? null };
  }

  /** Drops cached entries of an app after an admin write in this isolate. */
  invalidate(appId?: string): void {
    this.index.invalidate(keys.appIndex);
    if (appId) {
      this.apps.invalidate(keys.app(appId));
      this.policies.invalidate(keys.policyPointer(appId));
      this.inventories.invalidate(keys.snapshotPointer("inventory", appId));
    }
  }

  errors(): Record<string, string> {
    return { ...this.index.errors(), ...this.apps.errors(), ...this.policies.errors(), ...this.inventories.errors() };
  }
}
