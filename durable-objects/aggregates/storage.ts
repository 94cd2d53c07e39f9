/**
 * @module durable-objects/aggregates/storage
 * Large JSON values in Durable Object storage: split into chunks below the
 * per-value limit, written in one `put` (atomic), read back in one `get`.
 * A chunk set that does not parse comes back as null (the caller starts
 * afresh and says so), never as a half-restored state.
 */

/** Characters per chunk (values are limited to ~2 MB; strings count 2 bytes a character at worst). */
const CHUNK = 500_000;

export async function putJson(storage: DurableObjectStorage, name: string, value: unknown): Promise<number> {
  const text = JSON.stringify(value);
  const entries: Record<string, string | number> = {};
  let n = 0;
  for (let i = 0; i < text.length; i += CHUNK) entries[`${name}:${n++}`] = text.slice(i, i + CHUNK);
  const old = (await storage.get<number>(`${name}:n`)) ?? 0;
  entries[`${name}:n`] = n;
  await storage.put(entries);
  // Chunks past the new end belong to a longer previous value.
  const stale: string[] = [];
  for (let i = n; i < old; i++) stale.push(`${name}:${i}`);
  for (let i = 0; i < stale.length; i += 128) await storage.delete(stale.slice(i, i + 128));
  return text.length;
}

export async function getJson(storage: DurableObjectStorage, name: string): Promise<unknown | null> {
  const n = (await storage.get<number>(`${name}:n`)) ?? 0;
  if (n === 0) return null;
  const keys = Array.from({ length: n }, (_, i) => `${name}:${i}`);
  const parts: string[] = [];
  for (let i = 0; i < keys.length; i += 128) {
    const got = await storage.get<string>(keys.slice(i, i + 128));
    for (const k of keys.slice(i, i + 128)) parts.push(got.get(k) ?? "");
  }
  try {
    return JSON.parse(parts.join(""));
  } catch {
    return null;
  }
}
