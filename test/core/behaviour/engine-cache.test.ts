/**
 * The per-app engine cache both client state stores use
 * (core/behaviour/engine-cache.ts): re-read after the TTL, same version
 * keeps the engine, a new version replaces it (and hands the old one over),
 * a failing read keeps scoring with what there is.
 */
import { describe, expect, it } from "vitest";
import { BehaviourEngine } from "../../../core/behaviour/engine.ts";
import { EngineCache } from "../../../core/behaviour/engine-cache.ts";
import type { BehaviourModel } from "../../../core/behaviour/model.ts";
import snapshot from "../../../core/bots/published-ranges.json";
import { parseBotRanges } from "../../../core/bots/ranges.ts";
import { benignDay } from "../../../eval/behaviour-traffic.ts";
import { train } from "./helpers.ts";

describe("EngineCache", () => {
  const model = train(benignDay(3, 1_700_000_000, 20, 4));

  it("re-reads after the TTL, keeps the engine on the same version, replaces it on a new one, survives a failing read", async () => {
    let source: { model: BehaviourModel; version: number } | null | Error = null;
    let botReads = 0;
    const replaced: Array<[BehaviourEngine, BehaviourEngine]> = [];
    const errors: string[] = [];
    const cache = new EngineCache({
      ttlMs: 0,
      loadBots: async () => {
        botReads++;
        return parseBotRanges(snapshot);
      },
      loadModel: async () => {
        if (source instanceof Error) throw source;
        return source;
      },
      build: (m, bots) => new BehaviourEngine({ model: m, bots }),
      onReplace: (_app, old, next) => replaced.push([old, next]),
      onError: (_app, e) => errors.push((e as Error).message),
    });
    // No model yet: the floors.
    const floors = await cache.get("shop");
    expect(cache.version("shop")).toBeNull();
    expect(await cache.get("shop")).toBe(floors);
    // A model appears: a new engine, the old one handed over.
    source = { model, version: 1 };
    const v1 = await cache.get("shop");
    expect(v1).not.toBe(floors);
    expect(cache.version("shop")).toBe(1);
    expect(replaced).toEqual([[floors, v1]]);
    expect(await cache.get("shop")).toBe(v1);
    // The source fails: v1 goes on, the error is reported.
    source = new Error("KV down");
    expect(await cache.get("shop")).toBe(v1);
    expect(errors).toEqual(["KV down"]);
    // An app never loaded while the source fails: the floors, not a throw.
    const other = await cache.get("other");
    expect(cache.version("other")).toBeNull();
    expect(cache.peek("other")).toBe(other);
    expect([...cache.loadedApps()]).toEqual(["shop", "other"]);
    expect(botReads).toBe(1);
  });

  /** A cache over one model version, counting reads and engines built (`delayMs`: each read takes that long). */
  function counting(version: number, delayMs = 0) {
    const n = { reads: 0, built: 0 };
    const cache = new EngineCache({
      ttlMs: 60_000,
      loadBots: async () => null,
      loadModel: async () => {
        n.reads++;
        if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
        return { model, version };
      },
      build: (m, bots) => {
        n.built++;
        return new BehaviourEngine({ model: m, bots });
      },
    });
    return { cache, n };
  }

  it("concurrent calls during a read share one read and one engine", async () => {
    const { cache, n } = counting(3, 5);
    const [a, b, c] = await Promise.all([cache.get("shop"), cache.get("shop"), cache.get("shop")]);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(n).toEqual({ reads: 1, built: 1 });
  });

  it("serves the cached engine within the TTL, and re-reads when expired", async () => {
    const { cache, n } = counting(7);
    const e = await cache.get("shop");
    await cache.get("shop");
    expect(n.reads).toBe(1);
    cache.expire("shop");
    expect(await cache.get("shop")).toBe(e);
    expect(n).toEqual({ reads: 2, built: 1 });
    expect(cache.peek("nope")).toBeUndefined();
  });
});
