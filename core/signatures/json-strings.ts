/**
 * @module core/signatures/json-strings
 * A parameter whose value is itself a JSON document: an LLM tool call's
 * `arguments` (`{"cmd":"curl … | bash"}`), a webhook's `payload`, a
 * `metadata` or `variables` field. The service parses it and hands its
 * strings on, so they are values of their own; as one string, the quotes and
 * braces around them read as code to a value scanner. Only values that open
 * with `{` or `[` and parse are taken; at most JSON_LEAVES strings, JSON_DEPTH
 * levels, MAX_LENGTH characters.
 */

export const JSON_LEAVES = 256;
export const JSON_DEPTH = 16;
const MAX_LENGTH = 65536;

/**
 * The string leaves of the JSON document `value` holds, with their paths; null when it holds none.
 * `quotedKeys`, when given, receives the document's keys that hold a quote (`"meta.name') = 'x' OR 1=1 --"`):
 * an ORM that takes a filter's keys for column names writes them into its SQL.
 */
export function jsonStringLeaves(value: string, quotedKeys?: string[]): Array<[string, string]> | null {
  let i = 0;
  while (i < value.length && (value[i] === " " || value[i] === "\n" || value[i] === "\r" || value[i] === "\t")) i++;
  if (value.length > MAX_LENGTH || (value[i] !== "{" && value[i] !== "[")) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(value);
  } catch {
    return null;
  }
  const out = stringLeaves(doc, JSON_LEAVES, JSON_DEPTH, quotedKeys);
  return out.length > 0 ? out : null;
}

/** Keys holding a quote kept at most, per document. */
const QUOTED_KEYS = 16;

/** The string leaves of a parsed JSON value with their dotted paths, at most `max` of them, `maxDepth` levels down. */
export function stringLeaves(
  doc: unknown,
  max: number,
  maxDepth: number,
  quotedKeys?: string[],
): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (v: unknown, path: string, depth: number): void => {
    if (out.length >= max || depth > maxDepth) return;
    if (typeof v === "string") out.push([path, v]);
    else if (Array.isArray(v))
      for (let k = 0; k < v.length; k++) walk(v[k], path ? `${path}.${k}` : String(k), depth + 1);
    else if (typeof v === "object" && v !== null)
      for (const [k, x] of Object.entries(v)) {
        if (quotedKeys !== undefined && quotedKeys.length < QUOTED_KEYS && (k.includes("'") || k.includes('"')))
          quotedKeys.push(k);
        walk(x, path ? `${path}.${k}` : k, depth + 1);
      }
  };
  walk(doc, "", 0);
  return out;
}
