/**
 * @module core/openapi/export
 * The learned inventory as an OpenAPI 3.1 document: one path item per
 * template, one operation per method, path parameters (typed from their
 * values' shapes), query parameters (type, required), a JSON request body
 * schema from the body fields, and the observed statuses as responses.
 * `x-apiward-*` extensions carry the counts and first/last seen. Validated in
 * the tests with @seriousme/openapi-schema-validator.
 */
import type { Endpoint, Inventory } from "../discovery/types.ts";
import { schemaFor } from "./schema-types.ts";

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
  /** `servers[0].url`, when known. */
  server?: string;
}

const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
}

function operation(e: Endpoint): Record<string, unknown> {
  const parameters: Array<Record<string, unknown>> = [];
  for (const name of pathParamNames(e.path)) {
    const p = e.path_params[name];
    parameters.push({ name, in: "path", required: true, schema: schemaFor(p?.type ?? "string") });
  }
  for (const [name, q] of Object.entries(e.query)) {
    parameters.push({ name, in: "query", required: q.required, schema: schemaFor(q.type, q.enum) });
  }
  const op: Record<string, unknown> = {};
  if (parameters.length > 0) op.parameters = parameters;
  const fields = Object.entries(e.body).filter(([n]) => !n.includes(".") && !n.includes("["));
  if (fields.length > 0) {
    op.requestBody = {
      content: {
        "application/json": {
          schema: { type: "object", properties: Object.fromEntries(fields.map(([n, b]) => [n, schemaFor(b.type)])) },
        },
      },
    };
  }
  const responses: Record<string, unknown> = {};
  for (const status of Object.keys(e.statuses).sort()) {
    if (/^[1-5]\d\d$/.test(status)) responses[status] = { description: `Observed ${e.statuses[status]} times` };
  }
  if (Object.keys(responses).length === 0) responses.default = { description: "Observed response" };
  op.responses = responses;
  op["x-apiward-count"] = e.count;
  if (e.first_seen !== null) op["x-apiward-first-seen"] = e.first_seen;
  if (e.last_seen !== null) op["x-apiward-last-seen"] = e.last_seen;
  if (e.only_failures) op["x-apiward-only-failures"] = true;
  return op;
}

export function toOpenApi(inventory: Inventory, info: OpenApiInfo): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of inventory.endpoints) {
    const m = e.method.toLowerCase();
    if (!METHODS.has(m)) continue;
    const item = paths[e.path] ?? {};
    item[m] = operation(e);
    paths[e.path] = item;
  }
  const doc: Record<string, unknown> = {
    openapi: "3.1.0",
    info: { title: info.title, version: info.version, ...(info.description ? { description: info.description } : {}) },
    paths,
  };
  if (info.server) doc.servers = [{ url: info.server }];
  return doc;
}
