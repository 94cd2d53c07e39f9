/**
 * @module core/http/body-params
 * A request body's fields as `[name, value]` pairs, for the policy's body
 * parameter constraints (`"in": "body"`): form fields as sent; a JSON
 * object's fields by dotted name (`user.email`), an array's elements each
 * under the array's name (`tags`), values as text (`5000`, `true`, `""`
 * for null). Undefined when the body cannot be read whole here (over the
 * inspection limit, not JSON or a form, unparseable): then body constraints
 * cannot be violated, as the policy README says.
 */

/** Fields read at most from one body (a bound on work, not on what is checked). */
export const MAX_BODY_PARAMS = 512;

const decoder = new TextDecoder();

function flatten(v: unknown, name: string, out: Array<[string, string]>, depth: number): void {
  if (out.length >= MAX_BODY_PARAMS) return;
  if (v === null) out.push([name, ""]);
  else if (Array.isArray(v)) {
    for (const x of v) if (x === null || typeof x !== "object") flatten(x, name, out, depth);
  } else if (typeof v === "object") {
    if (depth >= 8) return;
    for (const [k, x] of Object.entries(v as Record<string, unknown>))
      flatten(x, name ? `${name}.${k}` : k, out, depth + 1);
  } else out.push([name, String(v)]);
}

export function bodyParams(
  contentType: string,
  body: Uint8Array | null,
  truncated: boolean,
): Array<[string, string]> | undefined {
  if (truncated || body === null || body.byteLength === 0) return body?.byteLength === 0 ? [] : undefined;
  const ct = contentType.toLowerCase();
  const text = decoder.decode(body);
  if (ct.includes("application/x-www-form-urlencoded")) {
    const out: Array<[string, string]> = [];
    for (const [k, v] of new URLSearchParams(text)) {
      if (out.length >= MAX_BODY_PARAMS) break;
      out.push([k, v]);
    }
    return out;
  }
  // JSON by its type, or a body without one that is an object (the signatures sniff it alike).
  if (ct.includes("json") || (ct === "" && text.trimStart().startsWith("{"))) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return undefined;
    const out: Array<[string, string]> = [];
    flatten(parsed, "", out, 0);
    return out;
  }
  return undefined;
}
