/**
 * @module adapters/vercel/redis-mitigations
 * Behaviour mitigations of an app in Redis (the Mitigations Durable Object's
 * job on Cloudflare): a hash `<prefix>:mit:<app>` with one field per target
 * and kind (`<target>\n<kind>` → mitigation JSON), so a repeated detection
 * extends its mitigation instead of piling up rows, with the same rules as
 * Cloudflare (core/behaviour/mitigations.ts `MitigationTable`, TTLs and
 * actions per kind from the app's `behaviour-policy:<app>` document), and a
 * capped list of recent detections.
 *
 * Writers: a target's detections come from the one client shard that holds
 * it, and shards are processed under a lease (redis-clients.ts), so the
 * read-modify-write of a field has one writer at a time; an operator's lift
 * (`HDEL`) may race with an extension and lose, which a later detection
 * repeats. Ended mitigations are dropped when the app next records.
 */
import type { Redis } from "@upstash/redis";
import { type Mitigation, MitigationTable } from "../../core/behaviour/mitigations.ts";
import { type BehaviourPolicy, parseBehaviourPolicy } from "../../core/behaviour/policy.ts";
import type { MitigationStore, SnapshotSource } from "../../core/storage/types.ts";
import type { RedisKeys } from "./keys.ts";
import { hashObject, hmgetValues } from "./redis-values.ts";

export const MAX_DETECTIONS = 10_000;
const POLICY_TTL_MS = 60_000;

const field = (m: Pick<Mitigation, "target" | "kind">): string => `${m.target}\n${m.kind}`;

function parseMitigation(raw: unknown): Mitigation | null {
  try {
    const m = (typeof raw === "string" ? JSON.parse(raw) : raw) as Mitigation;
    return m && typeof m.id === "string" && typeof m.target === "string" && typeof m.until === "number" ? m : null;
  } catch {
    return null;
  }
}

function randomHex(bytes: number): string {
  const a = new Uint8Array(bytes);
  crypto.getRandomValues(a);
  let s = "";
  for (const b of a) s += b.toString(16).padStart(2, "0");
  return s;
}

export function redisMitigationStore(redis: Redis, keys: RedisKeys, config: SnapshotSource): MitigationStore {
  const policies = new Map<string, { at: number; policy: BehaviourPolicy | undefined }>();
  const policyOf = async (app: string): Promise<BehaviourPolicy | undefined> => {
    const c = policies.get(app);
    if (c && Date.now() - c.at < POLICY_TTL_MS) return c.policy;
    let policy: BehaviourPolicy | undefined;
    try {
      const raw = await config.get(`behaviour-policy:${app}`);
      const p = raw ? parseBehaviourPolicy(JSON.parse(raw)) : undefined;
      policy = typeof p === "string" ? undefined : p;
    } catch {
      policy = c?.policy;
    }
    policies.set(app, { at: Date.now(), policy });
    return policy;
  };

  const all = async (app: string): Promise<Mitigation[]> => {
    const h = hashObject(await redis.hgetall(keys.mitigations(app)));
    const out: Mitigation[] = [];
    for (const v of Object.values(h)) {
      const m = parseMitigation(v);
      if (m) out.push(m);
    }
    return out;
  };

  return {
    async list(app, now) {
      return (await all(app)).filter((m) => m.until > now).sort((a, b) => a.until - b.until || (a.id < b.id ? -1 : 1));
    },

    async record(app, detections) {
      const valid = (Array.isArray(detections) ? detections : []).filter(
        (d) => d && typeof d.kind === "string" && typeof d.client === "string" && Number.isFinite(d.ts),
      );
      if (valid.length === 0) return [];
      const policy = await policyOf(app);
      const fields = [...new Set(valid.map((d) => field({ target: d.client, kind: d.kind })))];
      const current = hmgetValues(await redis.hmget(keys.mitigations(app), ...fields), fields);
      const table = new MitigationTable({ policy, newId: () => `${app}.${randomHex(8)}` });
      for (const v of current) {
        const m = parseMitigation(v);
        if (m) table.insert(m);
      }
      const touched = new Map<string, Mitigation>();
      for (const d of valid) {
        const m = table.fromDetection({ ...d, app });
        touched.set(m.id, m);
      }
      const p = redis.pipeline();
      const set: Record<string, string> = {};
      for (const m of touched.values()) set[field(m)] = JSON.stringify(m);
      p.hset(keys.mitigations(app), set);
      for (const d of valid) p.lpush(keys.detections(app), JSON.stringify({ ...d, app }));
      p.ltrim(keys.detections(app), 0, MAX_DETECTIONS - 1);
      await p.exec();
      // Drop mitigations that ended (cheap: only when something was recorded).
      const now = Math.max(...valid.map((d) => d.ts));
      const ended = (await all(app)).filter((m) => m.until <= now && !touched.has(m.id));
      if (ended.length > 0) await redis.hdel(keys.mitigations(app), ...ended.map(field));
      return [...touched.values()];
    },

    async lift(app, id) {
      const m = (await all(app)).find((x) => x.id === id);
      if (!m) return false;
      return (await redis.hdel(keys.mitigations(app), field(m))) > 0;
    },
  };
}
