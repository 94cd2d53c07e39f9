/**
 * @module core/signatures/header-maps
 * Header injection into the requests an application sends for its users: a
 * webhook, an HTTP-request step of an automation, an API gateway's route
 * config take a map of headers (`{"headers": {"X-Forwarded-For": "…"}}`,
 * `{"httpHeaders": [{"name": "…", "value": "…"}]}`) and copy its values onto
 * an outgoing request. No header value may hold a line break (RFC 9110
 * §5.5), so one there that starts another field (`127.0.0.1\r\nX-Admin:
 * true`) adds a header of the attacker's choosing to a request the server
 * sends. In ordinary body text a custom field after a line break is prose
 * (`Note: …`); in a header map it is the attack.
 */

/** How many of the field's innermost parent segments may name the map (`headers.0.value`: three). */
const MAP_DEPTH = 3;

/**
 * The field at `path` (its parents and its own key, JSON's `a.b.0.c` or a form's `a[b][0][c]`) lies in
 * a header map: one of its innermost parent segments ends with `headers` or is `header`.
 */
export function inHeaderMap(path: string): boolean {
  const parent = path.replaceAll("[", ".").replaceAll("]", "");
  let end = parent.lastIndexOf(".");
  for (let d = 0; d < MAP_DEPTH && end > 0; d++) {
    const dot = parent.lastIndexOf(".", end - 1);
    const seg = parent.slice(dot + 1, end).toLowerCase();
    if (seg === "header" || seg.endsWith("headers")) return true;
    end = Math.max(dot, 0);
  }
  return false;
}

/** A byte of an HTTP field name (RFC 9110 token). */
function tokenByte(c: number): boolean {
  if (c >= 0x30 && c <= 0x39) return true;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x7a) return true;
  return "!#$%&'*+-.^_`|~".includes(String.fromCharCode(c));
}

/** A line break in `value` followed by a field (`Name:`), as a header value never holds. */
export function fieldAfterLineBreak(value: string): boolean {
  const n = value.length;
  for (let i = value.indexOf("\n"); i >= 0 && i < n; i = value.indexOf("\n", i + 1)) {
    let k = i + 1;
    while (k < n && tokenByte(value.charCodeAt(k))) k++;
    if (k > i + 1 && value.charCodeAt(k) === 0x3a) return true;
  }
  // A lone CR is a line break to many HTTP stacks too.
  for (let i = value.indexOf("\r"); i >= 0 && i < n; i = value.indexOf("\r", i + 1)) {
    let k = i + 1;
    while (k < n && tokenByte(value.charCodeAt(k))) k++;
    if (k > i + 1 && value.charCodeAt(k) === 0x3a) return true;
  }
  return false;
}
