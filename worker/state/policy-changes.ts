/**
 * @module worker/state/policy-changes
 * Every change of an app's policy pointer (`policy:<app>:pointer`) and its
 * versions: create a version (optionally activating it or making it the
 * dry-run candidate), activate, set or clear the dry run, roll back. Each is
 * a read-modify-write of KV, which has no compare-and-swap, so they run one
 * at a time in the app's PolicyLedger Durable Object
 * (durable-objects/policy-ledger.ts), never in the admin API's isolate: two
 * admin calls at the same moment would otherwise both read the pointer and
 * one would lose the other's version or activation.
 *
 * An unreadable pointer stops every change (409 naming the key) rather than
 * reading as "no policy yet", which would let version 1 be written over.
 * A version derived from the active one (an allow-list approval or import)
 * names it as its `base`: when another version is active by then, nothing is
 * written (409, `stale`) and the caller derives it again.
 */
import { stableJson } from "../../core/json/stable-json.ts";
import { loadPolicy } from "../../policy/compile.ts";
import { EMPTY_POINTER, keys, type PolicyPointer, parsePointer } from "./keys.ts";
import { parseJson } from "./registry.ts";

export interface CreateChange {
  op: "create";
  app: string;
  doc: Record<string, unknown>;
  activate: boolean;
  dryRun: boolean;
  /** The active version `doc` was derived from (null: none was active); checked before anything is written. */
  base?: number | null;
  /**
   * When the newest or the active version already holds exactly `doc`, answer
   * 200 with it (`unchanged: true`, activated if `activate`) instead of
   * writing a copy.
   */
  reuseSame?: boolean;
}

export type PolicyChange =
  | CreateChange
  | { op: "activate"; app: string; version: number }
  | { op: "dry_run"; app: string; version: number }
  | { op: "clear_dry_run"; app: string }
  | { op: "rollback"; app: string };

export interface ChangeResult {
  status: 200 | 201 | 400 | 404 | 409;
  /** The admin API's answer: version numbers, the history, or an error. */
  body: Record<string, string | number | boolean | number[] | null>;
}

export type PointerRead = { ok: true; value: PolicyPointer } | { ok: false; error: string };

/** Activation history kept in the pointer. */
const HISTORY = 50;

/** The app's policy pointer; an unreadable one is an error, never taken for "no policy yet". */
export async function readPointer(kv: KVNamespace, app: string): Promise<PointerRead> {
  const key = keys.policyPointer(app);
  const raw = await kv.get(key);
  if (!raw) return { ok: true, value: { ...EMPTY_POINTER, history: [] } };
  const j = parseJson(raw);
  const p = j.ok ? parsePointer(j.value) : j;
  if (p.ok) return p;
  return {
    ok: false,
    error:
      `${key} in KV is unreadable (${p.error}): no policy change is made while it is, so that no version is ` +
      `overwritten; the datapath keeps the last good policy. Fix the pointer (or restore it with wrangler kv key put).`,
  };
}

/** The next free version number: past the pointer's latest and any version key already written. */
async function nextVersion(kv: KVNamespace, app: string, latest: number): Promise<number | null> {
  for (let v = latest + 1; v <= latest + 100; v++) if ((await kv.get(keys.policy(app, v))) === null) return v;
  return null;
}

/** Whether stored version `v` holds `doc` (its `version` and `created_at` stamps aside). */
async function holds(kv: KVNamespace, app: string, v: number, doc: Record<string, unknown>): Promise<boolean> {
  const raw = await kv.get(keys.policy(app, v));
  const j = raw ? parseJson(raw) : null;
  if (!j?.ok || j.value === null || typeof j.value !== "object" || Array.isArray(j.value)) return false;
  return stableJson(stampless(j.value)) === stableJson(stampless(doc));
}

/** The newest, else the active, version when it holds `doc`; null when neither does. */
async function versionHolding(
  kv: KVNamespace,
  app: string,
  p: PolicyPointer,
  doc: Record<string, unknown>,
): Promise<number | null> {
  for (const v of new Set([p.latest, p.active])) if (v !== null && v >= 1 && (await holds(kv, app, v, doc))) return v;
  return null;
}

/** A stored version without the stamps the store adds (`version`, `created_at`), as the schema reads it. */
function stampless(v: unknown): unknown {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
  const { version: _v, created_at: _c, ...doc } = v as Record<string, unknown>;
  return doc;
}

const notFound = (v: number): ChangeResult => ({ status: 404, body: { error: `policy version ${v} not found` } });

/**
 * Applies one change. `last` is the pointer this ledger wrote last: a KV read
 * older than it (an edge cache behind its own write) is not taken for the
 * truth. Returns the answer and the pointer written, if any.
 */
export async function applyPolicyChange(
  kv: KVNamespace,
  change: PolicyChange,
  last: PolicyPointer | null,
): Promise<{ result: ChangeResult; written: PolicyPointer | null }> {
  const { app } = change;
  if (change.op === "activate" || change.op === "dry_run") {
    const raw = await kv.get(keys.policy(app, change.version));
    if (raw === null) return { result: notFound(change.version), written: null };
    // A version written to KV by hand is validated before it is pointed at: no isolate could serve it.
    const j = parseJson(raw);
    const loaded = j.ok ? loadPolicy(stampless(j.value)) : j;
    if (!loaded.ok)
      return {
        result: { status: 400, body: { error: `policy version ${change.version} does not validate: ${loaded.error}` } },
        written: null,
      };
  }
  const read = await readPointer(kv, app);
  if (!read.ok) return { result: { status: 409, body: { error: read.error } }, written: null };
  let p = read.value;
  if (change.op === "dry_run" && p.active === change.version)
    return {
      result: {
        status: 409,
        body: { error: `version ${change.version} is the active one: a dry run compares another version with it` },
      },
      written: null,
    };
  // A manual write (`wrangler kv key put`, updated_at 0 in the README's example) is taken as it is.
  if (last && p.updated_at !== 0 && p.updated_at < (last.updated_at ?? 0)) p = structuredClone(last);
  let result: ChangeResult;
  switch (change.op) {
    case "create": {
      if (change.base !== undefined && p.active !== change.base)
        return {
          result: {
            status: 409,
            body: {
              error:
                `the active version changed while this version was prepared (v${change.base ?? "none"}, ` +
                `now v${p.active ?? "none"}): nothing was written, try again`,
              stale: true,
            },
          },
          written: null,
        };
      const same = change.reuseSame ? await versionHolding(kv, app, p, change.doc) : null;
      if (same !== null) {
        const unchanged = (): ChangeResult => ({
          status: 200,
          body: { version: same, active: p.active, dry_run: p.dry_run, unchanged: true },
        });
        if (!change.activate || p.active === same) return { result: unchanged(), written: null };
        if (p.active !== null) p.history.push(p.active);
        p.active = same;
        if (p.dry_run === same) p.dry_run = null;
        result = unchanged();
        break;
      }
      const version = await nextVersion(kv, app, p.latest);
      if (version === null)
        return { result: { status: 409, body: { error: `no free version after ${p.latest}` } }, written: null };
      await kv.put(keys.policy(app, version), JSON.stringify({ ...change.doc, version, created_at: Date.now() }));
      p.latest = version;
      if (change.activate) {
        if (p.active !== null) p.history.push(p.active);
        p.active = version;
      } else if (change.dryRun) p.dry_run = version;
      result = { status: 201, body: { version, active: p.active, dry_run: p.dry_run } };
      break;
    }
    case "activate":
      if (p.active === change.version)
        return {
          result: { status: 200, body: { active: p.active, history: p.history, dry_run: p.dry_run } },
          written: null,
        };
      if (p.active !== null) p.history.push(p.active);
      p.history = p.history.slice(-HISTORY);
      p.active = change.version;
      if (p.dry_run === change.version) p.dry_run = null;
      result = { status: 200, body: { active: p.active, history: p.history, dry_run: p.dry_run } };
      break;
    case "dry_run":
      p.dry_run = change.version;
      result = { status: 200, body: { active: p.active, dry_run: p.dry_run } };
      break;
    case "clear_dry_run":
      p.dry_run = null;
      result = { status: 200, body: { active: p.active, dry_run: null } };
      break;
    case "rollback": {
      const previous = p.history.pop();
      if (previous === undefined)
        return {
          result: { status: 409, body: { error: "nothing to roll back to: no previously active version" } },
          written: null,
        };
      p.active = previous;
      result = { status: 200, body: { active: p.active, history: p.history } };
      break;
    }
  }
  p.history = p.history.slice(-HISTORY);
  p.updated_at = Math.max(Date.now(), (last?.updated_at ?? 0) + 1);
  await kv.put(keys.policyPointer(app), JSON.stringify(p));
  return { result, written: p };
}
