/**
 * @module core/behaviour/lru
 * A Map with a size bound that forgets the least recently used key: the
 * bound on how many clients' states one engine (one ClientState shard, one
 * replay) holds. A forgotten client starts afresh if it comes back.
 */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly max: number) {}

  get size(): number {
    return this.map.size;
  }

  /** The value, marked most recently used. */
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  /** The value without touching recency. */
  peek(key: K): V | undefined {
    return this.map.get(key);
  }

  /** Sets a value; returns the evicted entry, if one had to go. */
  set(key: K, value: V): [K, V] | undefined {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size <= this.max) return undefined;
    const first = this.map.entries().next();
    if (first.done) return undefined;
    this.map.delete(first.value[0]);
    return first.value;
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  entries(): IterableIterator<[K, V]> {
    return this.map.entries();
  }
}
