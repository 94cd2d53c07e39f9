/**
 * @module core/json/stable-json
 * JSON text with every object's keys in sorted order, so documents that
 * differ only in key order give the same text: how the allow-list proposal
 * tells changed parameters and the policy ledger tells an identical version.
 */
export function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );
}
