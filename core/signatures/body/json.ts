/**
 * @module core/signatures/body/json
 * JSON bodies: every key and every string value (numbers, booleans and null
 * cannot carry a payload), with a dotted path (`user.name`, `items.0.sku`)
 * handed over as parent path and key so that no string is built per field.
 * Depth and field count are bounded; a parse failure is returned so the
 * caller can flag it and inspect the text raw.
 */
import { type BodySink, joinPath } from "./types.ts";

const MAX_DEPTH = 64;

export function parseJson(text: string, sink: BodySink, maxFields: number): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return `json: ${(e as Error).message}`;
  }
  let count = 0;
  let overflow: string | undefined;
  const walk = (v: unknown, parent: string, key: string, depth: number): void => {
    if (overflow !== undefined) return;
    if (++count > maxFields) {
      overflow = `json: more than ${maxFields} fields`;
      return;
    }
    if (typeof v === "string") {
      sink.value("json", parent, key, v);
      return;
    }
    if (v === null || typeof v !== "object") return;
    if (depth >= MAX_DEPTH) {
      overflow = `json: deeper than ${MAX_DEPTH} levels`;
      return;
    }
    const here = depth === 0 ? "" : joinPath(parent, key);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length && overflow === undefined; i++) walk(v[i], here, String(i), depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (overflow !== undefined) return;
      if (!Object.hasOwn(o, k)) continue;
      sink.name("json", here, k);
      walk(o[k], here, k, depth + 1);
    }
  };
  walk(doc, "", "", 0);
  return overflow;
}
