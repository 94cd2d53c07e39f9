/**
 * Test helpers: build canonical requests and policy contexts, and compile a
 * policy document that must validate.
 */
import type { CanonicalRequest, HeaderList } from "../../core/types.ts";
import { type CompiledPolicy, compilePolicy } from "../../policy/compile.ts";
import { parsePolicy } from "../../policy/schema.ts";
import type { PolicyContext } from "../../policy/types.ts";

export function req(
  method: string,
  path: string,
  opts: { query?: Array<[string, string]>; headers?: HeaderList } = {},
): CanonicalRequest {
  return {
    method,
    rawUrl: path,
    rawPath: path,
    path,
    segments: path.split("/").filter((s) => s.length > 0),
    query: opts.query ?? [],
    host: "shop.test",
    headers: opts.headers ?? [],
    anomalies: [],
  };
}

export function ctx(
  method: string,
  path: string,
  extra: Partial<Omit<PolicyContext, "req">> & { query?: Array<[string, string]>; headers?: HeaderList } = {},
): PolicyContext {
  const { query, headers, ...rest } = extra;
  const r: { query?: Array<[string, string]>; headers?: HeaderList } = {};
  if (query) r.query = query;
  if (headers) r.headers = headers;
  return { req: req(method, path, r), ip: "198.51.100.1", identity: "198.51.100.1", bodySize: 0, ...rest };
}

export function compile(doc: unknown): CompiledPolicy {
  const parsed = parsePolicy(doc);
  if (!parsed.ok) throw new Error(parsed.error);
  return compilePolicy(parsed.value);
}
