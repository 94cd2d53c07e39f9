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

import { tchar } from "../http/token.ts";

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
  if (value.indexOf("\n") < 0 && value.indexOf("\r") < 0 && value.indexOf("\u2028") < 0 && value.indexOf("\u2029") < 0)
    return false;
  const n = value.length;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    // Unicode's line and paragraph separators too: mail libraries that normalise text turn them into breaks.
    if (c !== 0x0a && c !== 0x0d && c !== 0x2028 && c !== 0x2029) continue;
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
 * The value of `key` (a body field's own name, `fromName`, `reply_to`, `to[0]`, Rails' `contact[name]`)
 * goes into a mail's headers: `Quill Billing\r\nBcc: collect@…` there adds a recipient (mail header
 * injection). A bracketed key is a mail field by its name or by its last bracket that is no index
 * (Drupal's `subject[0][value]`).
 */
export function mailField(key: string): boolean {
  const bracket = key.indexOf("[");
  if (bracket < 0) return mailName(key);
  return mailName(key.slice(0, bracket)) || mailName(lastBracket(key));
}

function mailName(field: string): boolean {
  const name = field.replaceAll("_", "").replaceAll("-", "").toLowerCase();
  // A person's name (`name`, `full_name`, `parent_name`) goes into `From: Name <address>`: one line always.
  return MAIL_FIELDS.has(name) || name.endsWith("name");
}

/** A bracketed key's last bracket that is no index: `contact[name]` → `name`, `user[email][]` → `email`, `to[0]` → ``. */
function lastBracket(key: string): string {
  let end = key.length;
  while (end > 0) {
    if (key.charCodeAt(end - 1) !== 0x5d) break;
    const open = key.lastIndexOf("[", end - 1);
    if (open < 0) break;
    const inner = key.slice(open + 1, end - 1);
    if (inner.length > 0 && !/^\d+$/.test(inner)) return inner;
    end = open;
  }
  return "";
}

/**
 * iCalendar properties (RFC 5545, in their upper case) an injection adds to an invite, each with what
 * its value starts with when it is one: an attendee's or organizer's `mailto:`, an attachment's or a
 * link's URL, a component's `V…` name, a date's digits, a rule's `FREQ=`. Labels that prose writes in
 * capitals too (`SUMMARY:`, `STATUS:`, `DESCRIPTION:`) are left out.
 */
function calendarValue(property: string, value: string): boolean {
  const v = value.trimStart();
  switch (property) {
    case "ATTENDEE":
    case "ORGANIZER":
      return v.slice(0, 7).toLowerCase() === "mailto:";
    case "ATTACH":
    case "URL":
      return /^[a-z][a-z0-9+.-]{1,15}:/i.test(v);
    case "BEGIN":
    case "END":
      return /^V[A-Z]{4,}/.test(v);
    case "DTSTART":
    case "DTEND":
      return /^\d{8}/.test(v);
    case "RRULE":
      return v.startsWith("FREQ=");
    default:
      return false;
  }
}

/** Properties an injection writes with parameters (`ATTENDEE;RSVP=TRUE:…`, `X-ALT-DESC;FMTTYPE=text/html:…`). */
const PARAMETERISED: ReadonlySet<string> = new Set([
  "ATTENDEE",
  "ORGANIZER",
  "ATTACH",
  "X-ALT-DESC",
  "DTSTART",
  "DTEND",
]);

/**
 * A value whose first line is text, then after a line break an iCalendar property with its own value
 * or parameters (`Weekly sync\r\nATTENDEE;RSVP=TRUE:mailto:leak@…`, `…\nATTACH:https://…/agenda.exe`,
 * `\nEND:VEVENT\nBEGIN:VEVENT…`): put into an invite, it adds an attendee, an attachment or a whole
 * event of the attacker's. A whole calendar (`BEGIN:VCALENDAR` first) is a document, not a field.
 */
export function calendarPropertyAfterLineBreak(value: string): boolean {
  if (value.indexOf("\n") < 0 && value.indexOf("\r") < 0) return false;
  const n = value.length;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c !== 0x0a && c !== 0x0d) continue;
    let k = i + 1;
    while (k < n && ((value.charCodeAt(k) >= 0x41 && value.charCodeAt(k) <= 0x5a) || value.charCodeAt(k) === 0x2d)) k++;
    const after = value.charCodeAt(k);
    const property = value.slice(i + 1, k);
    const parameters = after === 0x3b && PARAMETERISED.has(property);
    if (parameters || (after === 0x3a && calendarValue(property, value.slice(k + 1, k + 40))))
      return !calendarFirstLine(value);
  }
  return false;
}

/** Does the value open with an iCalendar content line (`BEGIN:VCALENDAR`, `DTSTART;TZID=…:…`)? */
function calendarFirstLine(value: string): boolean {
  let k = 0;
  while (
    k < value.length &&
    ((value.charCodeAt(k) >= 0x41 && value.charCodeAt(k) <= 0x5a) || value.charCodeAt(k) === 0x2d)
  )
    k++;
  return k > 1 && (value.charCodeAt(k) === 0x3a || value.charCodeAt(k) === 0x3b);
}
