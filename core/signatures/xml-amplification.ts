/**
 * @module core/signatures/xml-amplification
 * An XML document that grows when its parser expands it (941181, quadratic blowup): an internal
 * entity with a long replacement text, referenced over and over (`<!ENTITY a "aaaa…(50 KB)">`, then
 * `&a;&a;&a;…`). Billion laughs, an entity made of other entities, is the same rule in the scanners;
 * this one needs no nesting, only the product of length and references. A DocBook
 * document's `<!ENTITY product "Acme">` used two hundred times expands by a few kilobytes.
 */

/** Bytes the references may expand to before the document counts as a bomb. */
const EXPANDED_LIMIT = 100_000;
/** Longest document read (the inspection limit is smaller). */
const MAX_TEXT = 1 << 20;

const DECLARATION = /<!ENTITY\s+([\w.:-]{1,64})\s+(["'])([^"']*)\2/g;
const REFERENCE = /&([\w.:-]{1,64});/g;

/** Do the references to the document's internal entities expand past EXPANDED_LIMIT bytes? */
export function entityAmplification(text: string): boolean {
  if (text.length > MAX_TEXT || !text.includes("<!ENTITY")) return false;
  const sizes = new Map<string, number>();
  for (const m of text.matchAll(DECLARATION)) sizes.set(m[1] as string, (m[3] as string).length);
  if (sizes.size === 0) return false;
  let total = 0;
  for (const m of text.matchAll(REFERENCE)) {
    total += sizes.get(m[1] as string) ?? 0;
    if (total > EXPANDED_LIMIT) return true;
  }
  return false;
}
