/**
 * @module core/discovery/naming
 * Names for the parameters of a learned template: from the nearest literal
 * before it (`/users/{user_id}`, `/repos/{repo}`), `_id` when the values
 * are ids, `{date}` / `{email}` for those shapes, made unique within the
 * template. Names are cosmetic: matching and comparison use positions.
 */
import type { SegmentShape } from "./shapes.ts";

const ID_SHAPES = new Set<SegmentShape>(["int", "snowflake", "uuid", "hex", "token", "prefixed", "ip"]);

/** `payment_intents` → `payment_intent`, `categories` → `category`, `addresses` → `address`. */
export function singular(word: string): string {
  const w = word;
  if (w.length > 4 && w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && /(sses|xes|ches|shes|zzes)$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us")) return w.slice(0, -1);
  return w;
}

/** `listItems` / `list-items` / `list.items` → `list_items`, at most 40 characters. */
export function snake(word: string): string {
  const s = word
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toLowerCase();
  return s.slice(0, 40) || "param";
}

/** Name for a parameter after literal `prev` (null: none before it). */
export function paramName(prev: string | null, shape: SegmentShape, used: Set<string>): string {
  let base: string;
  if (shape === "date") base = "date";
  else if (shape === "email") base = "email";
  else if (prev === null || /^\d/.test(prev)) base = ID_SHAPES.has(shape) ? "id" : "param";
  else base = snake(singular(prev)) + (ID_SHAPES.has(shape) ? "_id" : "");
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}${i}`;
  used.add(name);
  return name;
}
