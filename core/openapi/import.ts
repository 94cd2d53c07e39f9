/**
 * @module core/openapi/import
 * An OpenAPI 3.0/3.1 (or Swagger 2.0) document as a starting allow-list:
 * every operation becomes an endpoint (with the server's base path in front),
 * query parameters keep their type and `required`. Local `$ref`s
 * (`#/components/parameters/…`, `#/components/schemas/…`) are followed, at
 * most REF_DEPTH deep; anything malformed is skipped, never thrown.
 */
import type { AllowlistDoc, AllowlistEndpoint, AllowlistParam } from "../discovery/allowlist.ts";
import { typeOfSchema } from "./schema-types.ts";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const REF_DEPTH = 8;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function deref(root: Obj, v: unknown, depth = 0): unknown {
  if (!isObj(v) || typeof v.$ref !== "string" || depth > REF_DEPTH) return v;
  const ref = v.$ref;
  if (!ref.startsWith("#/")) return undefined;
  let cur: unknown = root;
  for (const part of ref.slice(2).split("/")) {
    const k = part.replace(/~1/g, "/").replace(/~0/g, "~");
    cur = isObj(cur) ? cur[k] : undefined;
  }
  return deref(root, cur, depth + 1);
}

function basePath(spec: Obj): string {
  let base = "";
  if (Array.isArray(spec.servers) && isObj(spec.servers[0]) && typeof spec.servers[0].url === "string") {
    const url = spec.servers[0].url;
    const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(url);
    base = m ? (m[1] ?? "") : url.startsWith("/") ? url : "";
  } else if (typeof spec.basePath === "string") base = spec.basePath;
  base = base.replace(/\{[^}]*\}/g, "").replace(/\/+$/, "");
  return base === "/" ? "" : base;
}

function queryParams(root: Obj, lists: unknown[]): Record<string, AllowlistParam> {
  const out: Record<string, AllowlistParam> = {};
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const p = deref(root, raw);
      if (!isObj(p) || p.in !== "query" || typeof p.name !== "string") continue;
      // OpenAPI 3: `schema`; Swagger 2: type/format/enum on the parameter itself.
      const schema = deref(root, p.schema ?? p);
      const t = typeOfSchema(schema);
      out[p.name] = { type: t.type, required: p.required === true, ...(t.enum ? { enum: t.enum } : {}) };
    }
  }
  return out;
}

export function fromOpenApi(spec: unknown): AllowlistDoc {
  if (!isObj(spec) || !isObj(spec.paths)) return { endpoints: [] };
  const base = basePath(spec);
  const endpoints: AllowlistEndpoint[] = [];
  for (const [path, rawItem] of Object.entries(spec.paths)) {
    const item = deref(spec, rawItem);
    if (!isObj(item) || !path.startsWith("/")) continue;
    for (const m of METHODS) {
      const op = item[m];
      if (!isObj(op)) continue;
      const query = queryParams(spec, [item.parameters, op.parameters]);
      const full = `${base}${path}`.replace(/\/+$/, "") || "/";
      endpoints.push({
        method: m.toUpperCase(),
        path: full,
        ...(Object.keys(query).length > 0 ? { params: { query } } : {}),
      });
    }
  }
  return { endpoints };
}
