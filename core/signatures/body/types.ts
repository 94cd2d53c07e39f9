/**
 * @module core/signatures/body/types
 * How a body parser hands fields to the engine: `(format, parent, key,
 * value)` for a field value, the field's path being `parent.key` (or `key`
 * when `parent` is empty): the field name (form, multipart), the dotted JSON
 * path or the XML element path. The engine joins the two only when a rule
 * fires, so a large body costs no string building. Names (form and
 * multipart names, JSON keys) and upload file names come through `name` and
 * `filename`.
 */
export type BodyFormat = "form" | "json" | "multipart" | "xml" | "raw";

/** A field value. */
export type BodyVisitor = (format: BodyFormat, parent: string, key: string, value: string) => void;

/** `parent.key`, or `key` at the top level. */
export function joinPath(parent: string, key: string): string {
  return parent.length === 0 ? key : `${parent}.${key}`;
}

export interface BodySink {
  value: BodyVisitor;
  /** A field or key name (checked for operator and code injection in names). */
  name(format: BodyFormat, parent: string, key: string): void;
  /** An upload's file name. */
  filename(path: string, filename: string): void;
  /**
   * Script that a markup document (an SVG or XHTML body or upload) runs where it is opened: an
   * event handler attribute (`svg@onload`) or a script element (`svg.script`) at `parent.key`
   * (markup.ts). Optional: a sink that does not judge markup leaves it out.
   */
  script?(format: BodyFormat, parent: string, key: string): void;
  /**
   * A structure parsers read differently (a multipart part with two `Content-Disposition`
   * headers: one framework takes the first, another the last) at `path`. Optional, like `script`.
   */
  ambiguous?(format: BodyFormat, path: string): void;
  /**
   * A part at `path` declares a charset that hides its text from a reader of UTF-8 (EBCDIC, UTF-7,
   * UTF-32: protocol-headers.ts's evasionCharset). Optional, like `script`.
   */
  charset?(format: BodyFormat, path: string): void;
  /**
   * The form fields that follow, up to the next call with `false`, are a form reading of a body that
   * parsed whole as JSON (a JSON document sent under the form type): their values are cut from the
   * document's own structure (`0"},{"indexName":…`). Optional, like `script`.
   */
  formOfJson?(on: boolean): void;
}

/** The sink with every path under `prefix` (a document read inside another: an upload's content, a batch's request body). */
export function within(sink: BodySink, prefix: string): BodySink {
  const under = (parent: string) => (parent ? `${prefix}.${parent}` : prefix);
  return {
    value: (format, parent, key, value) => sink.value(format, under(parent), key, value),
    name: (format, parent, key) => sink.name(format, under(parent), key),
    filename: (path, filename) => sink.filename(under(path), filename),
    ...(sink.script ? { script: (format, parent, key) => sink.script?.(format, under(parent), key) } : {}),
    // A multipart body nested in a part (a batch's changeset) reports its own parts' ambiguity and charset.
    ...(sink.ambiguous ? { ambiguous: (format, path) => sink.ambiguous?.(format, under(path)) } : {}),
    ...(sink.charset ? { charset: (format, path) => sink.charset?.(format, under(path)) } : {}),
  };
}
