/**
 * @module worker/state/kv-cache
 * An isolate-local cache of KV documents that are read on every request but
 * written rarely (app configs, policy pointers, compiled policies, snapshots).
 *
 * - The first read of a key waits for KV; later reads never do: once an entry
 *   is older than its TTL the stale value is served and one background refresh
 *   runs in `ctx.waitUntil` (stale-while-revalidate).
 * - Each document goes through `load` (parse, validate, compile). If KV fails
 *   or the new document is bad, the last good value is kept and the error is
 *   recorded for health; a bad document never replaces a good one.
 * - With no good value ever loaded, `get` reports the failure to the caller,
 *   whose fail mode decides.
 */

/** A key that never loaded is retried at most this often while it keeps failing. */
const COLD_RETRY_MS = 1000;

/**
 * What a loader made of a document: a value, or an error (the last good value
 * stays). `warning`: a value served in place of the document, which did not
 * load (for example an older version); held as the key's error for health.
 */
export type Loaded<T> = { ok: true; value: T | null; warning?: string } | { ok: false; error: string };

interface Entry<T> {
  value: T | null;
  hasGood: boolean;
  fetchedAt: number;
  refreshing: Promise<void> | null;
  /** Set by invalidate(): the next read waits for KV instead of serving the cached copy. */
  mustWait: boolean;
  lastError: string | null;
  lastErrorAt: number;
}

export interface CacheRead<T> {
  value: T | null;
  /** Set when the value could not be loaded and there is no last good one. */
  error?: string;
  /** Set when serving a last good value while the newest failed. */
  staleError?: string;
}

export class KvDocCache<T> {
  private entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The cached read of `key` when it needs nothing else: a good value fetched
   * less than the TTL (and `maxAgeMs`, when given) ago, with no re-read asked
   * for or running. Undefined otherwise: then `get`, which decides what to
   * wait for. The hot path takes this first: a fresh hit costs no promise, no
   * closure and no await.
   */
  fresh(key: string, maxAgeMs?: number): CacheRead<T> | undefined {
    const entry = this.entries.get(key);
    if (!entry?.hasGood || entry.mustWait || entry.refreshing) return undefined;
    const ttl = this.ttlMs();
    if (this.now() - entry.fetchedAt >= (maxAgeMs === undefined ? ttl : Math.min(maxAgeMs, ttl))) return undefined;
    return entry.lastError && entry.lastErrorAt > entry.fetchedAt
      ? { value: entry.value, staleError: entry.lastError }
      : { value: entry.value };
  }

  /**
   * Reads `key`. `fetch` gets the raw document (null when absent) and `load`
   * turns it into the cached value or an error.
   */
  async get(
    key: string,
    fetch: () => Promise<string | null>,
    load: (raw: string | null) => Loaded<T> | Promise<Loaded<T>>,
    waitUntil: (p: Promise<unknown>) => void,
  ): Promise<CacheRead<T>> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {
        value: null,
        hasGood: false,
        fetchedAt: 0,
        refreshing: null,
        mustWait: false,
        lastError: null,
        lastErrorAt: 0,
      };
      this.entries.set(key, entry);
    }
    const fresh = entry.hasGood && this.now() - entry.fetchedAt < this.ttlMs();
    if (!fresh) {
      if (!entry.hasGood) {
        // Nothing to serve yet: wait (joining a refresh already in flight),
        // but retry a failing cold key at most once per second.
        if (entry.refreshing || this.now() - entry.lastErrorAt >= COLD_RETRY_MS) {
          await (entry.refreshing ?? this.refresh(entry, fetch, load));
        }
      } else if (entry.mustWait) {
        entry.mustWait = false;
        await (entry.refreshing ?? this.refresh(entry, fetch, load));
      } else if (!entry.refreshing) {
        waitUntil(this.refresh(entry, fetch, load));
      }
    }
    if (!entry.hasGood) return { value: null, error: entry.lastError ?? "not loaded" };
    return entry.lastError && entry.lastErrorAt > entry.fetchedAt
      ? { value: entry.value, staleError: entry.lastError }
      : { value: entry.value };
  }

  private refresh(
    entry: Entry<T>,
    fetch: () => Promise<string | null>,
    load: (raw: string | null) => Loaded<T> | Promise<Loaded<T>>,
  ): Promise<void> {
    const p = (async () => {
      try {
        const loaded = await load(await fetch());
        if (loaded.ok) {
          entry.value = loaded.value;
          entry.hasGood = true;
          entry.fetchedAt = this.now();
          entry.lastError = loaded.warning ?? null;
          if (loaded.warning) entry.lastErrorAt = entry.fetchedAt;
        } else {
          this.fail(entry, loaded.error);
        }
      } catch (e) {
        this.fail(entry, e instanceof Error ? e.message : String(e));
      }
    })().finally(() => {
      entry.refreshing = null;
    });
    entry.refreshing = p;
    return p;
  }

  private fail(entry: Entry<T>, error: string): void {
    entry.lastError = error;
    entry.lastErrorAt = this.now();
    // Retry a failing key no more than once per TTL: keep serving the last good one.
    if (entry.hasGood) entry.fetchedAt = this.now();
  }

  /**
   * Re-reads `key` now (waiting for it) when the cached copy is older than
   * `minAgeMs`. For lookups that missed: an app added a moment ago is found
   * without waiting for the TTL, and a flood of misses still costs at most one
   * KV read per `minAgeMs` per isolate.
   */
  async refreshIfOlder(
    key: string,
    minAgeMs: number,
    fetch: () => Promise<string | null>,
    load: (raw: string | null) => Loaded<T> | Promise<Loaded<T>>,
  ): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry) return;
    if (entry.refreshing) {
      await entry.refreshing;
      return;
    }
    if (this.now() - entry.fetchedAt >= minAgeMs) await this.refresh(entry, fetch, load);
  }

  /** The value this isolate serves for `key` now (its last good one), or undefined before a first good load. */
  peek(key: string): T | null | undefined {
    const e = this.entries.get(key);
    return e?.hasGood ? e.value : undefined;
  }

  /** Errors currently held per key (for health). */
  errors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, e] of this.entries) if (e.lastError) out[k] = e.lastError;
    return out;
  }

  /**
   * Makes the next read of a key wait for KV (after an admin write in this
   * isolate, so the writer sees its own change at once). The last good value
   * is still kept if that read fails.
   */
  invalidate(key: string): void {
    const e = this.entries.get(key);
    if (e) {
      e.fetchedAt = 0;
      e.mustWait = true;
    }
  }
}
