/**
 * @module core/discovery/body
 * Field names and values of a JSON or form body, bounded: bodies over
 * MAX_BODY_CHARS, binary or unknown content types are skipped (no fields,
 * never an error), at most MAX_FIELDS fields and MAX_DEPTH levels are read,
 * nested fields are dotted (`address.city`) and array members share one
 * name (`items[]`). The learner types the values with value-types.
 */

export const MAX_BODY_CHARS = 65_536;
export const MAX_FIELDS = 64;
export const MAX_DEPTH = 3;

export type JsonKind = "object" | "array" | "null" | "scalar";

export interface BodyField {
  name: string;
  kind: JsonKind;
  /** Scalar value as text (`42`, `true`, `abc`); empty for objects, arrays and null. */
  value: string;
}

export type BodyFormat = "json" | "form" | null;

/** Which parser a content type calls for; null for anything else (binary, multipart, text). */
export function bodyFormat(contentType: string): BodyFormat {
  const ct = contentType.toLowerCase();
  if (ct.includes("json")) return "json";
  if (ct.includes("x-www-form-urlencoded")) return "form";
  return null;
}

function walk(v: unknown, name: string, depth: number, out: BodyField[]): void {
  if (out.length >= MAX_FIELDS) return;
  if (v === null) {
    out.push({ name, kind: "null", value: "" });
    return;
  }
  if (Array.isArray(v)) {
    out.push({ name, kind: "array", value: "" });
    if (depth < MAX_DEPTH) {
      // One member stands for the array: members of one array share a schema.
      const first = v.find((x) => x !== null && x !== undefined);
      if (first !== undefined) walk(first, `${name}[]`, depth + 1, out);
    }
    return;
  }
  if (typeof v === "object") {
    if (name !== "") out.push({ name, kind: "object", value: "" });
    if (depth >= MAX_DEPTH) return;
    for (const key of Object.keys(v as Record<string, unknown>)) {
      if (out.length >= MAX_FIELDS) return;
      walk((v as Record<string, unknown>)[key], name === "" ? key : `${name}.${key}`, depth + 1, out);
    }
    return;
  }
  out.push({ name, kind: "scalar", value: String(v) });
}

/** Fields of a body; `[]` when it is too large, not JSON/form, or malformed. */
export function bodyFields(contentType: string, text: string): BodyField[] {
  if (text.length === 0 || text.length > MAX_BODY_CHARS) return [];
  const fmt = bodyFormat(contentType);
  if (fmt === "json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return [];
    }
    if (parsed === null || typeof parsed !== "object") return [];
    const out: BodyField[] = [];
    walk(parsed, Array.isArray(parsed) ? "[]" : "", Array.isArray(parsed) ? 1 : 0, out);
    return out;
  }
  if (fmt === "form") {
    const out: BodyField[] = [];
    const seen = new Set<string>();
    try {
      for (const [k, v] of new URLSearchParams(text)) {
        if (out.length >= MAX_FIELDS) break;
        if (seen.has(k)) continue;
        seen.add(k);
        out.push({ name: k, kind: "scalar", value: v });
      }
    } catch {
      return [];
    }
    return out;
  }
  return [];
}
