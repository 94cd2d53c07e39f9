/**
 * @module core/openapi/schema-types
 * apiward value types ↔ JSON Schema (OpenAPI 3.x) parameter schemas.
 */
import type { ValueType } from "../discovery/value-types.ts";

/**
 * The schema of a value type. An enumeration whose values are unknown (body
 * fields: their values are not kept) is a plain string: JSON Schema wants at
 * least one item in `enum`, and `"enum": []` would allow nothing.
 */
export function schemaFor(type: string, enumValues?: string[]): Record<string, unknown> {
  switch (type) {
    case "int":
      return { type: "integer" };
    case "float":
      return { type: "number" };
    case "bool":
      return { type: "boolean" };
    case "uuid":
      return { type: "string", format: "uuid" };
    case "date":
      return { type: "string", format: "date" };
    case "email":
      return { type: "string", format: "email" };
    case "enum":
      return enumValues && enumValues.length > 0 ? { type: "string", enum: enumValues } : { type: "string" };
    case "object":
      return { type: "object" };
    case "array":
      return { type: "array" };
    case "null":
      return { type: "null" };
    default:
      return { type: "string" };
  }
}

/** The apiward type of a (dereferenced) schema; `string` when unsure. */
export function typeOfSchema(schema: unknown): { type: ValueType; enum?: string[] } {
  if (schema === null || typeof schema !== "object") return { type: "string" };
  const s = schema as Record<string, unknown>;
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== "null") : s.type;
  if (Array.isArray(s.enum) && s.enum.length > 0 && s.enum.every((v) => typeof v === "string")) {
    return { type: "enum", enum: s.enum as string[] };
  }
  if (t === "integer") return { type: "int" };
  if (t === "number") return { type: "float" };
  if (t === "boolean") return { type: "bool" };
  if (t === "string") {
    if (s.format === "uuid") return { type: "uuid" };
    if (s.format === "date" || s.format === "date-time") return { type: "date" };
    if (s.format === "email") return { type: "email" };
  }
  return { type: "string" };
}
