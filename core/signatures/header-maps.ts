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

import { tchar } from "./protocol-headers.ts";

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

/**
 * A line break in `value` followed by a field (`Name:`), as a header value never holds. A lone CR
 * is a line break to many HTTP stacks too.
 */
export function fieldAfterLineBreak(value: string): boolean {
  // Most values hold no break: found (or not) by the runtime before any loop here.
  if (value.indexOf("\n") < 0 && value.indexOf("\r") < 0) return false;
  const n = value.length;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c !== 0x0a && c !== 0x0d) continue;
    let k = i + 1;
    while (k < n && tchar(value.charCodeAt(k))) k++;
    if (k > i + 1 && value.charCodeAt(k) === 0x3a) return true;
  }
  return false;
}

/** Fields a mail is built from: a field after a line break there is one more header of the mail. */
const MAIL_FIELDS: ReadonlySet<string> = new Set([
  "from",
  "fromname",
  "fromemail",
  "fromaddress",
  "sender",
  "sendername",
  "to",
  "toemail",
  "toaddress",
  "replyto",
  "cc",
  "bcc",
  "subject",
  "email",
  "emailaddress",
]);

/**
 * The value of `key` (a body field's own name, `fromName`, `reply_to`, `to[0]`) goes into a mail's
 * headers: `Quill Billing\r\nBcc: collect@…` there adds a recipient (mail header injection).
 */
export function mailField(key: string): boolean {
  const bracket = key.indexOf("[");
  const name = (bracket < 0 ? key : key.slice(0, bracket)).replaceAll("_", "").replaceAll("-", "").toLowerCase();
  return MAIL_FIELDS.has(name);
}
