/**
 * @module core/signatures/markup-breakout
 * Injection into a query or message the application builds as markup or in
 * a filter language, from a parameter it pastes in:
 * - a value whose first tag closes an element it never opened, followed by
 *   an opening tag (`x</Value></Eq><Neq><FieldRef Name="ID"/>…` into a
 *   SharePoint CAML query, `x"/></filter><link-entity …>` into Dynamics'
 *   FetchXML, `</username><role>admin</role><username>` into a SOAP
 *   message): the value ends the app's element and writes its own (920264).
 *   Markup that opens before it closes (`<b>bold</b>`, a whole CAML view) is
 *   content, judged by the XSS rules as before;
 * - in a filter language (OData's `$filter`, SCIM's `filter`), an `or` with
 *   a comparison of a literal to itself (`Bukrs eq '1000') or (1 eq 1`,
 *   `userName eq "x" or "1" eq "1"`): SQL's `or 1=1` in those grammars
 *   (942100).
 */

import { HTML_DANGEROUS_TAGS, HTML_TAGS } from "./tables/words.ts";

/** HTML's and SVG's own element names: a fragment of a document (a quoted mail, rich text) opens them. */
const HTML_NAMES: ReadonlySet<string> = new Set([...HTML_TAGS, ...HTML_DANGEROUS_TAGS]);

/** The element name of the tag at `i` (after `<` and an optional `/`), lower-cased. */
function tagName(value: string, i: number): string {
  let s = i + 1;
  if (value.charCodeAt(s) === 0x2f) s++;
  let e = s;
  while (e < value.length && e - s < 64 && /[\w:.-]/.test(value.charAt(e))) e++;
  return value.slice(s, e).toLowerCase();
}

/** The first tag of `value`: [index, closing?] or null (a tag: `<`, an optional `/`, a letter). */
function firstTag(value: string, from: number): [number, boolean] | null {
  for (let i = value.indexOf("<", from); i >= 0 && i + 2 < value.length; i = value.indexOf("<", i + 1)) {
    const slash = value.charCodeAt(i + 1) === 0x2f;
    const c = value.charCodeAt(slash ? i + 2 : i + 1) | 0x20;
    if (c >= 0x61 && c <= 0x7a) return [i, slash];
  }
  return null;
}

/**
 * The value closes an element it never opened (its first tag is a closing one), then opens one that
 * is no HTML or SVG element (a quoted mail's `…</div><div>` is a document's fragment; CAML's `<Neq>`,
 * FetchXML's `<link-entity>`, a SOAP message's `<role>` are the app's own query or message).
 */
export function markupBreakout(value: string): boolean {
  if (value.length < 8 || value.indexOf("</") < 0) return false;
  const first = firstTag(value, 0);
  if (first === null || !first[1]) return false;
  for (let tag = firstTag(value, first[0] + 2); tag !== null; tag = firstTag(value, tag[0] + 2))
    if (!tag[1] && !HTML_NAMES.has(tagName(value, tag[0]))) return true;
  return false;
}

const COMPARE = new Set(["eq", "ge", "le", "=", "==", ">=", "<="]);

/** A literal of a filter language: a number or a quoted string, quotes and all. */
function literal(token: string): boolean {
  if (/^-?\d+(\.\d+)?$/.test(token)) return true;
  const q = token.charAt(0);
  return (q === "'" || q === '"') && token.length >= 2 && token.endsWith(q);
}

/** SCIM attributes every resource has: `pr` on one is true of all (`userName pr`). */
const ALWAYS_PRESENT = /^(?:id|username|schemas|meta\.(?:created|resourcetype|lastmodified|location))$/i;

/**
 * An `or` followed by a comparison of a literal with itself (`1 eq 1`, `"a" eq "a"`, `"1"="1"`,
 * `1 == 1`) or by SCIM's presence test of an attribute every resource has (`or userName pr`),
 * parentheses aside.
 */
export function filterTautology(value: string): boolean {
  if (value.length > 4096 || !/\bor\b/i.test(value)) return false;
  const tokens = value
    .replace(/[()]/g, " ")
    .split(/\s+/)
    .filter((t) => t.length > 0);
  for (let i = 0; i + 1 < tokens.length; i++) {
    if ((tokens[i] as string).toLowerCase() !== "or") continue;
    const left = tokens[i + 1] as string;
    // Written without blanks: `"1"="1"`, `1==1`.
    const glued = /^(.+?)(==?)(.+)$/.exec(left);
    if (glued !== null && literal(glued[1] as string) && glued[1] === glued[3]) return true;
    // SCIM's `pr` (present) on an attribute every resource has (`or userName pr`, `or id pr`) matches all.
    if ((tokens[i + 2] as string | undefined)?.toLowerCase() === "pr" && ALWAYS_PRESENT.test(left)) return true;
    if (i + 3 >= tokens.length) continue;
    const op = (tokens[i + 2] as string).toLowerCase();
    const right = tokens[i + 3] as string;
    if (COMPARE.has(op) && literal(left) && left === right) return true;
  }
  return false;
}
