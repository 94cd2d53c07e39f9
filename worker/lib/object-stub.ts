/**
 * @module worker/lib/object-stub
 * Durable Object stubs whose calls release their results. Workers RPC
 * attaches a disposer to every non-primitive result; when the result holds
 * nothing remote the disposer is empty, but when a call passes through a
 * proxy (Miniflare's dev registry, which runs a worker's objects in another
 * workerd process) it holds the proxied result open until it is disposed,
 * and the runtime warns "An RPC result was not disposed properly". The
 * garbage collector is no substitute (Cloudflare's RPC lifecycle docs), so
 * every apiward call disposes its result once the data is read. The data
 * stays readable after disposal: it was copied in when the result arrived.
 */

const calls = new Map<string, number>();

/**
 * Durable Object calls this isolate has made since it started, by method
 * name: each is a Durable Object request, what Cloudflare bills and what
 * batching keeps few (health shows them).
 */
export function objectCallCounts(): Record<string, number> {
  return Object.fromEntries([...calls].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

/** Awaits an RPC call and disposes its result; returns the result (rejections pass through). */
export async function released<T>(call: Promise<T>): Promise<T> {
  const result = await call;
  if (result !== null && typeof result === "object") {
    const dispose = (result as Partial<Disposable>)[Symbol.dispose];
    if (typeof dispose === "function") dispose.call(result);
  }
  return result;
}

/**
 * The stub of the object named `name` in `ns`, its RPC methods wrapped to
 * release their results and be counted (`fetch`, symbols and properties
 * are left as they are).
 */
export function objectStub<T extends Rpc.DurableObjectBranded | undefined>(
  ns: DurableObjectNamespace<T>,
  name: string,
): DurableObjectStub<T> {
  const stub = ns.get(ns.idFromName(name));
  return new Proxy(stub, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      // Symbol-keyed members (an iterator, a disposer) and fetch are the stub's own, not remote methods.
      if (typeof value !== "function" || typeof prop !== "string" || prop === "fetch") return value;
      const method = prop;
      return (...args: unknown[]) => {
        calls.set(method, (calls.get(method) ?? 0) + 1);
        // Reflect.apply, not value.apply: on an RPC method `apply` is itself read as a remote method.
        return released(Reflect.apply(value, target, args) as Promise<unknown>);
      };
    },
  });
}
