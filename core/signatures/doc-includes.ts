/**
 * @module core/signatures/doc-includes
 * A document converter's include directive: AsciiDoc's `include::TARGET[…]`, reStructuredText's
 * `.. include:: TARGET` and `.. literalinclude:: TARGET` (and a directive's `:file:` or `:url:`
 * option). A documentation or PDF service that renders a user's document reads TARGET while it
 * converts: `include::/etc/passwd[]` prints the file into the output, `include::https://…[]`
 * (with `allow-uri-read`) fetches another site's. A document includes its own chapters by relative
 * names (`include::chapter1.adoc[]`, Sphinx's `.. include:: ../README.rst`); an absolute path, two
 * parent directories or a URL is reaching out.
 * Hand-written scanning, no regular expressions on request data.
 */
import { matchingLines } from "./body/lines.ts";

const DIRECTIVES = ["include::", ".. include::", ".. literalinclude::", ":file:", ":url:"];

/** The directive's target on `line` (blanks first allowed), or null when the line is none. */
function targetOf(line: string): string | null {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 0x20 || line.charCodeAt(i) === 0x09)) i++;
  for (const d of DIRECTIVES) {
    if (!line.startsWith(d, i)) continue;
    let s = i + d.length;
    while (s < line.length && line.charCodeAt(s) === 0x20) s++;
    let e = s;
    // AsciiDoc's target ends at its attribute list; reST's at the line's end.
    while (e < line.length && line.charCodeAt(e) !== 0x5b && line.charCodeAt(e) !== 0x0d) e++;
    return line.slice(s, e).trim();
  }
  return null;
}

/** How many `../` (or `..\\`) the target climbs. */
function parentSteps(target: string): number {
  let n = 0;
  for (let i = target.indexOf(".."); i >= 0; i = target.indexOf("..", i + 2)) {
    const c = target.charCodeAt(i + 2);
    if (c === 0x2f || c === 0x5c) n++;
  }
  return n;
}

/** The target reaches outside the document: an absolute path, a parent directory, a URL or a drive. */
function reachesOut(target: string): boolean {
  if (target.length === 0) return false;
  const c = target.charCodeAt(0);
  if (c === 0x2f || c === 0x5c || c === 0x7e) return true;
  // Two parent directories up: a Sphinx project's `.. include:: ../README.rst` takes one, to the repository's root.
  if (parentSteps(target) >= 2) return true;
  const colon = target.indexOf(":");
  // `https://…`, `file:/…`, `C:\…`: a scheme or a drive before any slash.
  return colon > 0 && colon < 12 && (target.indexOf("/") < 0 || colon < target.indexOf("/"));
}

/** Whether `text` may hold a directive at all (a substring test before any line is read). */
function mayInclude(text: string): boolean {
  return text.includes("include::") || text.includes(":file:") || text.includes(":url:");
}

/** `value` holds an include directive whose target reaches outside the document. */
export function outsideInclude(value: string): boolean {
  if (!mayInclude(value)) return false;
  const outside = (line: string) => {
    const target = targetOf(line);
    return target !== null && reachesOut(target);
  };
  return matchingLines(value, outside, 1, value.length).length > 0;
}

/** The include directive lines of an uploaded text file (each a value for the scanners), at most 32. */
export function includeDirectiveLines(content: string): string[] {
  if (!mayInclude(content)) return [];
  return matchingLines(content, (line) => targetOf(line) !== null, 32, 1024);
}

/** What an XSLT stylesheet's attribute reaches for (`key` is the XML path, `…element@attribute`). */
export type XsltReach = "outside" | "code" | null;

/** The first quoted argument of the call whose `(` is at `open`, or "" when it has none. */
function firstArgument(value: string, open: number): string {
  let i = open + 1;
  while (i < value.length && value.charCodeAt(i) === 0x20) i++;
  const q = value.charCodeAt(i);
  if (q !== 0x27 && q !== 0x22) return "";
  const end = value.indexOf(String.fromCharCode(q), i + 1);
  return end < 0 ? "" : value.slice(i + 1, end);
}

/**
 * An XSLT stylesheet sent to a transform endpoint, read attribute by attribute: `xsl:include` or
 * `xsl:import` of a stylesheet elsewhere, `document()` of a file or a URL and `unparsed-text()` read
 * outside the document ("outside"); PHP's `php:function()` and the processor fingerprinting of
 * `system-property('xsl:vendor')` run or probe the processor ("code").
 */
export function xsltReach(key: string, value: string): XsltReach {
  const at = key.lastIndexOf("@");
  if (at < 0 || value.length > 4096) return null;
  const element = key.slice(key.lastIndexOf(".", at) + 1, at);
  const attribute = key.slice(at + 1);
  if ((element === "xsl:include" || element === "xsl:import") && attribute === "href")
    return reachesOut(value.trim()) ? "outside" : null;
  if (!value.includes("(")) return null;
  const lower = value.toLowerCase();
  if (lower.includes("php:function") || lower.includes("system-property('xsl:vendor")) return "code";
  if (lower.includes('system-property("xsl:vendor')) return "code";
  if (lower.includes("unparsed-text")) return "outside";
  for (let i = lower.indexOf("document("); i >= 0; i = lower.indexOf("document(", i + 1))
    if (reachesOut(firstArgument(value, i + 8))) return "outside";
  return null;
}
