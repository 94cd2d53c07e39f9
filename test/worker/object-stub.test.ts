import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { objectCallCounts, objectStub, released } from "../../worker/lib/object-stub.ts";

describe("released", () => {
  it("disposes an object result once and hands it back readable", async () => {
    let disposed = 0;
    const result = { list: [1, 2], [Symbol.dispose]: () => disposed++ };
    const out = await released(Promise.resolve(result));
    expect(out).toBe(result);
    expect(out.list).toEqual([1, 2]);
    expect(disposed).toBe(1);
  });

  it("passes primitives, null, objects without a disposer and rejections through", async () => {
    expect(await released(Promise.resolve(7))).toBe(7);
    expect(await released(Promise.resolve(null))).toBeNull();
    expect(await released(Promise.resolve(undefined))).toBeUndefined();
    expect(await released(Promise.resolve({ a: 1 }))).toEqual({ a: 1 });
    await expect(released(Promise.reject(new Error("shard down")))).rejects.toThrow("shard down");
  });
});

describe("objectStub", () => {
  // 30 s: the first call starts the object (several seconds in the test pool).
  it("calls the real object and returns readable data after disposing it", async () => {
    const name = `hits:stub-${crypto.randomUUID()}`;
    // The premise: a raw RPC result carries a disposer, which apiward must call.
    const raw = await env.COUNTERS.get(env.COUNTERS.idFromName(name)).getHits(1);
    expect(typeof (raw as unknown as Partial<Disposable>)[Symbol.dispose]).toBe("function");
    raw[Symbol.dispose]();

    const before = objectCallCounts();
    const stub = objectStub(env.COUNTERS, name);
    await stub.addHits(1, { r1: 2, r2: 1 });
    await stub.addHits(1, { r1: 1 });
    expect(await stub.getHits(1)).toEqual({ r1: 3, r2: 1 });
    // Each call is counted by method (health's isolate.object_calls); reading a property is not a call.
    void stub.id;
    const after = objectCallCounts();
    expect((after.addHits ?? 0) - (before.addHits ?? 0)).toBe(2);
    expect((after.getHits ?? 0) - (before.getHits ?? 0)).toBe(1);
    expect(after.id).toBeUndefined();
    // Same object as a plain stub would reach, and non-method properties pass through.
    expect(stub.id.equals(env.COUNTERS.idFromName(name))).toBe(true);
    expect(await env.COUNTERS.get(env.COUNTERS.idFromName(name)).getHits(1)).toEqual({ r1: 3, r2: 1 });
  }, 30_000);

  it("wraps only string-named methods: symbols, fetch and plain properties are the stub's own", async () => {
    const iterate = function* () {};
    const fetcher = async () => new Response("ok");
    let disposed = 0;
    const fake = {
      idFromName: (n: string) => n,
      get: () => ({
        [Symbol.iterator]: iterate,
        fetch: fetcher,
        label: "x",
        ping: async () => ({ ok: 1, [Symbol.dispose]: () => disposed++ }),
      }),
    } as unknown as DurableObjectNamespace<undefined>;
    const stub = objectStub(fake, "a") as unknown as Record<string | symbol, unknown>;
    const before = objectCallCounts();
    expect(stub[Symbol.iterator]).toBe(iterate);
    expect(stub.fetch).toBe(fetcher);
    expect(stub.label).toBe("x");
    expect(await (stub.ping as () => Promise<{ ok: number }>)()).toMatchObject({ ok: 1 });
    expect(disposed).toBe(1);
    const after = objectCallCounts();
    expect((after.ping ?? 0) - (before.ping ?? 0)).toBe(1);
    expect(Object.keys(after).filter((k) => !(k in before) && k !== "ping")).toEqual([]);
  });

  it("passes arguments and answers through, and rejects as the call does when the object throws", async () => {
    const stub = objectStub(env.COUNTERS, `rl:stub-${crypto.randomUUID()}`);
    const states = await stub.add([{ key: "k", windowS: 60, delta: 3 }], Date.now());
    expect(states.map((s) => [s.key, s.count])).toEqual([["k", 3]]);
    // A malformed delta list is refused by the object (not iterable): the caller sees its error.
    await expect(stub.add(null as never, Date.now())).rejects.toThrow(/iterable/);
  });
});
