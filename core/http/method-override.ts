/**
 * @module core/http/method-override
 * The methods a request asks the origin to run instead of its own: the
 * override headers (`X-HTTP-Method-Override`, `X-HTTP-Method`,
 * `X-Method-Override`) and a `_method` query parameter, which Express,
 * Rails and Laravel honour. `POST` with `X-HTTP-Method-Override: DELETE` is a
 * DELETE to such an origin, so the allow-list and policy rules read it as one.
 */

const OVERRIDE_HEADERS = new Set(["x-http-method-override", "x-http-method", "x-method-override"]);

/** Override methods other than `method` (upper case, each once, in order found); [] when none. */
export function overrideMethods(
  method: string,
  query: ReadonlyArray<readonly [string, string]>,
  headers: ReadonlyArray<readonly [string, string]>,
): string[] {
  const out: string[] = [];
  const add = (v: string) => {
    const m = v.trim().toUpperCase();
    if (m && m !== method && !out.includes(m)) out.push(m);
  };
  for (const [name, value] of headers) if (OVERRIDE_HEADERS.has(name.toLowerCase())) add(value);
  for (const [name, value] of query) if (name === "_method") add(value);
  return out;
}
