/**
 * @module core/signatures/body/contact-files
 * Calendar and contact files (iCalendar `.ics`, vCard `.vcf`) uploaded for
 * import: the importer turns each property into a record field that a
 * page renders (a contact's `FN`, an event's `SUMMARY`) or a server
 * fetches (an event's `ATTACH` or `URL`, a contact's `PHOTO`). So every
 * property's value is a value, read as the importer reads it: folded lines
 * unfolded (RFC 5545 3.1: a line break then a space or a tab continues the
 * line), the property's parameters set aside (`ATTACH;FMTTYPE=…:` → the
 * value after the colon) and text escapes decoded (`\n`, `\,`, `\;`,
 * `\\`). A property is named by its name, lower case (`fn`, `attach`).
 * Hand-written scanning, no regular expressions on request data.
 */
import { fileOfKind } from "./file-kind.ts";

const CONTACT_TYPES = new Set(["text/calendar", "text/vcard", "text/x-vcard", "text/directory", "text/x-vcalendar"]);
const CONTACT_EXT = [".ics", ".ical", ".ifb", ".vcs", ".vcf", ".vcard"];

/** Properties handed over per file, and the longest value handed over (a photo's Base64 is cut). */
const MAX_PROPERTIES = 1000;
const MAX_VALUE = 8192;

/** Is the upload a calendar or a contact file, by its type, its name or its first line? */
export function isContactFile(filename: string, contentType: string, content: string): boolean {
  if (fileOfKind(filename, contentType, CONTACT_TYPES, CONTACT_EXT)) return true;
  const head = content.trimStart().slice(0, 16).toUpperCase();
  return head.startsWith("BEGIN:VCALENDAR") || head.startsWith("BEGIN:VCARD");
}

/** `\n`, `\N`, `\,`, `\;`, `\:` and `\\` as RFC 5545 and RFC 6350 write them in text values. */
function unescapeText(value: string): string {
  if (!value.includes("\\")) return value;
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c !== "\\" || i + 1 >= value.length) {
      out += c;
      continue;
    }
    const next = value[++i] as string;
    out += next === "n" || next === "N" ? "\n" : next;
  }
  return out;
}

/** The name of a content line's property (before any `;` parameter) and its value (after the first `:` outside quotes). */
function property(line: string): [string, string] | null {
  let quoted = false;
  let nameEnd = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (!quoted && c === 0x3b && nameEnd < 0) nameEnd = i;
    else if (!quoted && c === 0x3a) {
      const name = line
        .slice(0, nameEnd < 0 ? i : nameEnd)
        .trim()
        .toLowerCase();
      return name.length > 0 ? [name, line.slice(i + 1)] : null;
    }
  }
  return null;
}

/** Every property of `content` as `[name, value]`, unfolded and unescaped; `BEGIN`, `END` and `VERSION` left out. */
export function contactProperties(content: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let line = "";
  const flush = (): void => {
    const p = line.length > 0 ? property(line) : null;
    line = "";
    if (p === null || out.length >= MAX_PROPERTIES) return;
    const [name, value] = p;
    if (name === "begin" || name === "end" || name === "version" || value.length === 0) return;
    out.push([name, unescapeText(value.slice(0, MAX_VALUE))]);
  };
  let start = 0;
  while (start < content.length && out.length < MAX_PROPERTIES) {
    let end = content.indexOf("\n", start);
    if (end < 0) end = content.length;
    const raw = content.slice(start, end > start && content.charCodeAt(end - 1) === 0x0d ? end - 1 : end);
    start = end + 1;
    const first = raw.charCodeAt(0);
    // A folded line continues the one before it, without its leading space or tab.
    if ((first === 0x20 || first === 0x09) && line.length > 0) {
      if (line.length < MAX_VALUE * 2) line += raw.slice(1);
      continue;
    }
    flush();
    line = raw;
  }
  flush();
  return out;
}
