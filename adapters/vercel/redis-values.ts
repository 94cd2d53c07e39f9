/**
 * @module adapters/vercel/redis-values
 * `@upstash/redis` with `automaticDeserialization: false` hands hash replies
 * back as Redis sends them (a flat `[field, value, …]` array for HGETALL,
 * an array of values for HMGET); these turn them into objects either way.
 */

/** HGETALL's reply (flat array or object) as an object. */
export function hashObject(v: unknown): Record<string, unknown> {
  if (Array.isArray(v)) {
    const out: Record<string, unknown> = {};
    for (let i = 0; i + 1 < v.length; i += 2) out[String(v[i])] = v[i + 1];
    return out;
  }
  return v && typeof v === "object" ? (v as Record<string, unknown>) : {};
}

/** HMGET's reply (values in field order, or an object by field) as values in field order. */
export function hmgetValues(v: unknown, fields: string[]): unknown[] {
  if (Array.isArray(v)) return v;
  const o = v && typeof v === "object" ? (v as Record<string, unknown>) : {};
  return fields.map((f) => o[f] ?? null);
}
