/**
 * The hot path's synchronous cache hits (KvDocCache.fresh, Registry's fast
 * paths): a fresh copy answers as a plain value, and everything else (cold,
 * stale, invalidated, a re-read running, an unknown host after a second)
 * still goes the waiting way with the same answers as before.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { KvDocCache, type Loaded } from "../../worker/state/kv-cache.ts";
import { Registry } from "../../worker/state/registry.ts";

const noWait = (p: Promise<unknown>) => {
  void p;
};

describe("KvDocCache.fresh", () => {
  it("answers only a good copy within its TTL that no re-read is due or running for", async () => {
    let now = 1_000;
    const cache = new KvDocCache<string>(
      () => 5_000,
      () => now,
    );
    let doc = "v1";
    let release: (() => void) | null = null;
    const fetch = async () => {
      if (release === null) return doc;
      await new Promise<void>((r) => {
        release = r;
      });
      return doc;
    };
    const load = (raw: string | null): Loaded<string> => ({ ok: true, value: raw });
    expect(cache.fresh("k")).toBeUndefined();
    expect((await cache.get("k", fetch, load, noWait)).value).toBe("v1");
    expect(cache.fresh("k")).toEqual({ value: "v1" });
    now += 4_999;
    expect(cache.fresh("k")?.value).toBe("v1");
    expect(cache.fresh("k", 1_000)).toBeUndefined();
    now += 1;
    expect(cache.fresh("k")).toBeUndefined();
    // Stale: served at once with a re-read in the background, and no fast answer until it lands.
    const background: Promise<unknown>[] = [];
    expect((await cache.get("k", fetch, load, (p) => background.push(p))).value).toBe("v1");
    expect(background).toHaveLength(1);
    expect(cache.fresh("k")).toBeUndefined();
    await Promise.all(background);
    expect(cache.fresh("k")?.value).toBe("v1");
    // A re-read asked for while the copy is still fresh (an unknown host's): none while it runs.
    const reread = cache.refreshIfOlder("k", 0, fetch, load);
    expect(cache.fresh("k")).toBeUndefined();
    await reread;
    expect(cache.fresh("k")?.value).toBe("v1");
    expect(cache.fresh("k", 60_000)?.value).toBe("v1");
    now += 5_000;
    expect(cache.fresh("k", 60_000)).toBeUndefined(); // never past the TTL
    now -= 5_000;
    // Invalidated: the next read must wait for KV, so no fast answer.
    cache.invalidate("k");
    expect(cache.fresh("k")).toBeUndefined();
    doc = "v2";
    release = () => {};
    const waiting = cache.get("k", fetch, load, noWait);
    // A re-read is running: no fast answer until it lands.
    expect(cache.fresh("k")).toBeUndefined();
    (release as () => void)();
    expect((await waiting).value).toBe("v2");
    expect(cache.fresh("k")).toEqual({ value: "v2" });
  });
});

describe("Registry fast paths", () => {
  it("answers a warm app lookup, policies and inventory as plain values, and an unknown host re-reads the index after a second", async () => {
    const kv = env.CONFIG;
    const snapshots = env.SNAPSHOTS;
    const id = `fresh${crypto.randomUUID().slice(0, 8)}`;
    const other = `${id}b`;
    await kv.put(
      `app:${id}`,
      JSON.stringify({ id, hosts: [`${id}.test`], origin: "http://127.0.0.1:9", mode: "monitor" }),
    );
    await kv.put(`app:${other}`, JSON.stringify({ id: other, origin: "http://127.0.0.1:9", mode: "monitor" }));
    await kv.put("apps", JSON.stringify({ apps: [{ id, hosts: [`${id}.test`] }] }));
    let now = Date.now();
    const reg = new Registry(
      () => 60_000,
      () => now,
    );
    // Cold: waits for KV.
    const cold = reg.resolveApp(kv, `${id}.test`, undefined, noWait);
    expect(cold).toBeInstanceOf(Promise);
    expect(await cold).toMatchObject({ ok: true, app: { id } });
    // Warm: a plain value, the same answer.
    const warm = reg.resolveApp(kv, `${id}.test`, undefined, noWait);
    expect(warm).not.toBeInstanceOf(Promise);
    expect(warm).toMatchObject({ ok: true, app: { id } });
    // An unknown host goes to the default app at once while the index is under a second old …
    await reg.resolveApp(kv, "unknown.test", other, noWait);
    const soon = reg.resolveApp(kv, "unknown.test", other, noWait);
    expect(soon).not.toBeInstanceOf(Promise);
    expect(soon).toMatchObject({ ok: true, app: { id: other } });
    // … and after that re-reads the index first, finding an app added meanwhile.
    await kv.put(
      "apps",
      JSON.stringify({
        apps: [
          { id, hosts: [`${id}.test`] },
          { id: other, hosts: ["unknown.test"] },
        ],
      }),
    );
    await kv.put(
      `app:${other}`,
      JSON.stringify({ id: other, hosts: ["unknown.test"], origin: "http://127.0.0.1:9", mode: "enforce" }),
    );
    now += 1_001;
    const later = reg.resolveApp(kv, "unknown.test", undefined, noWait);
    expect(later).toBeInstanceOf(Promise);
    expect(await later).toMatchObject({ ok: true, app: { id: other } });

    // Policies and inventory: absent documents are answers too, plain once cached.
    expect(await reg.appPolicies(kv, id, noWait)).toMatchObject({ value: { active: null, dryRun: null } });
    const policies = reg.appPolicies(kv, id, noWait);
    expect(policies).not.toBeInstanceOf(Promise);
    expect(policies).toMatchObject({ value: { active: null } });
    expect(await reg.inventory(snapshots, id, noWait)).toBeNull();
    const inv = reg.inventory(snapshots, id, noWait);
    expect(inv).not.toBeInstanceOf(Promise);
    expect(inv).toBeNull();
  });
});
