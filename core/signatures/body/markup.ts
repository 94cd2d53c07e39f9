/**
 * @module core/signatures/body/markup
 * Markup that runs script where it is opened: an SVG avatar, an XHTML page,
 * an XML file a browser renders. Its script is in attributes and elements,
 * which the XML reader hands over as plain values (`svg@onload` →
 * `fetch('/api/tokens').then(…)`), where nothing marks them as script: a
 * value scan sees JavaScript with no tag around it. Here the place says it:
 * an event handler attribute holding code, or a script element with content,
 * is reported through `BodySink.script` (stored XSS through an upload). A
 * handler attribute that holds a bare word is a schema's own (Liquibase's
 * `onError="HALT"`), not script.
 */
import { HTML_EVENTS } from "../tables/words.ts";
import type { BodySink } from "./types.ts";

const EVENTS: ReadonlySet<string> = new Set(HTML_EVENTS);

/** The name after a namespace prefix (`svg:script` → `script`), lower-cased. */
function localName(name: string): string {
  return name.slice(name.indexOf(":") + 1).toLowerCase();
}

/** A handler's value is code, not a word: a call, an assignment, a statement, a template or a URL scheme. */
function codeLike(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    // ( = ` ; { [
    if (c === 0x28 || c === 0x3d || c === 0x60 || c === 0x3b || c === 0x7b || c === 0x5b) return true;
  }
  return v.toLowerCase().startsWith("javascript:");
}

/**
 * Whether the XML field `key` (an element path, `svg.g.rect`, or an attribute, `svg.g.rect@onclick`)
 * holding `value` is script the document runs.
 */
export function isMarkupScript(key: string, value: string): boolean {
  const at = key.lastIndexOf("@");
  if (at >= 0) return EVENTS.has(localName(key.slice(at + 1))) && codeLike(value);
  return localName(key.slice(key.lastIndexOf(".") + 1)) === "script" && value.trim().length > 0;
}

/** `sink`, with the script of a markup document also reported through `sink.script`. */
export function judgingMarkup(sink: BodySink): BodySink {
  return {
    value: (format, parent, key, value) => {
      sink.value(format, parent, key, value);
      if (format === "xml" && isMarkupScript(key, value)) sink.script?.(format, parent, key);
    },
    name: (format, parent, key) => sink.name(format, parent, key),
    filename: (path, filename) => sink.filename(path, filename),
    ...(sink.script ? { script: sink.script } : {}),
  };
}
