/**
 * @module core/signatures/body/multipart
 * multipart/form-data: each part's field name and value; for uploads, the
 * file name (script and config file names are attacks of their own) but not
 * the file content, which is data, not a parameter, unless it can run
 * (`activeUpload`): markup that runs script where it is opened (SVG, XML,
 * XSLT, HTML) is parsed as XML under `<field>.content`; a spreadsheet import
 * (CSV: formulas) and a file declared binary (an image, a PDF) that holds a
 * script opener (`<?php`, `<%`, `<script`: a web shell or a polyglot named
 * avatar.jpg) are scanned as one value (`<field>.content`); of any other
 * file, the server-side code blocks it holds are (`<?php … ?>`, `<% … %>`:
 * a JSP shell named readme.txt; `<field>.content.code`), with its TeX file
 * and shell primitives (`tex.ts`) and, in a subtitle file, the cues holding
 * markup (`subtitles.ts`); an MVG file's arguments, whatever the file's
 * name (`mvg.ts`). A `multipart/mixed` batch's `application/http` part is
 * read as the request it carries (`http-batch.ts`). A missing
 * boundary or a body without a closing delimiter is reported. Hand-written
 * scanning, no regular expressions on request data.
 */

import { isBinaryContentType } from "../../http/content-type.ts";
import { includeDirectiveLines } from "../doc-includes.ts";
import { utf8FromBase64 } from "../encoded-words.ts";
import { evasionCharset } from "../protocol-headers.ts";
import { archiveEntryNames, zipDoctypes, zipPickles } from "./archive.ts";
import { contactProperties, isContactFile } from "./contact-files.ts";
import { gettextStrings, isGettextFile } from "./gettext.ts";
import { isEmbeddedRequest, readEmbeddedRequest } from "./http-batch.ts";
import { hexValue, parseJson } from "./json.ts";
import { judgingMarkup } from "./markup.ts";
import { readMedia } from "./media.ts";
import { looksLikeMvg, mvgArguments } from "./mvg.ts";
import { serverCodeBlocks } from "./server-code.ts";
import { readPickle, readSerialized, startsLikeXml } from "./sniff.ts";
import { isSubtitleFile, markupCueLines } from "./subtitles.ts";
import { texInstructionLines } from "./tex.ts";
import { type BodySink, within } from "./types.ts";
import { parseXml } from "./xml.ts";
import { languageTagLines } from "./yaml-tags.ts";

/** Value of `name=` in a header parameter list (`form-data; name="a"; filename=b`), case-insensitive name. */
export function headerParam(header: string, name: string): string | undefined {
  const lower = header.toLowerCase();
  let from = 0;
  for (;;) {
    const at = lower.indexOf(name, from);
    if (at < 0) return undefined;
    from = at + name.length;
    // Must start a parameter: preceded by start, ';' or whitespace.
    let p = at - 1;
    while (p >= 0 && (lower[p] === " " || lower[p] === "\t")) p--;
    if (p >= 0 && lower[p] !== ";") continue;
    let k = from;
    while (k < header.length && (header[k] === " " || header[k] === "\t")) k++;
    if (header[k] !== "=") continue;
    k++;
    while (k < header.length && (header[k] === " " || header[k] === "\t")) k++;
    if (header[k] === '"') {
      const e = header.indexOf('"', k + 1);
      return header.slice(k + 1, e < 0 ? header.length : e);
    }
    let e = k;
    while (e < header.length && header[e] !== ";" && header[e] !== " " && header[e] !== "\t") e++;
    return header.slice(k, e);
  }
}

/**
 * What follows `filename=` up to the line's end, when it is more than the parameter the quotes hold
 * (`filename=""><img src=x onerror=…>.png"`): parsers disagree on where such a name ends, and an
 * application that takes it to the last quote gets the rest. Undefined when the name is well formed.
 */
function filenameSpill(header: string, filename: string | undefined): string | undefined {
  if (filename === undefined) return undefined;
  const at = header.toLowerCase().indexOf("filename=");
  if (at < 0) return undefined;
  const rest = header.slice(at + 9).trim();
  const quoted = rest.startsWith('"') ? `"${filename}"` : filename;
  const tail = rest.slice(quoted.length).trim();
  // After the name, another parameter (`; size=12`) or nothing; anything else (`"";wget …|sh;#.img"`,
  // a quote closed early) is the rest of what a naive reader takes for the name.
  return tail.length === 0 || /^;\s*[\w*-]+\s*=/.test(tail) ? undefined : rest;
}

/** The name an RFC 5987 extended value (`UTF-8'en'na%C3%AFve.txt`) spells, or undefined. */
function extendedFilename(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const first = v.indexOf("'");
  const second = first < 0 ? -1 : v.indexOf("'", first + 1);
  const encoded = second < 0 ? v : v.slice(second + 1);
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/** A part's Base64 body decoded as UTF-8, or undefined when it is no Base64. */
function base64Part(body: string): string | undefined {
  const clean = body.replace(/[\r\n\t ]+/g, "");
  if (clean.length === 0 || clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(clean)) return undefined;
  return utf8FromBase64(clean) ?? undefined;
}

/**
 * A part in quoted-printable (RFC 2045): soft line breaks (`=` at a line's end) joined, `=XX` escapes
 * decoded as UTF-8 bytes. Mail-derived parsers decode it; `=3Cscript=3E` is `<script>` to them.
 */
function quotedPrintablePart(body: string): string {
  let joined = "";
  let escapes = false;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x3d) {
      const soft = body.charCodeAt(i + 1) === 0x0a ? 1 : body.startsWith("\r\n", i + 1) ? 2 : 0;
      if (soft > 0) {
        i += soft;
        continue;
      }
    }
    joined += body[i];
  }
  for (let i = 0; i + 2 < joined.length && !escapes; i++) escapes = hexEscapeAt(joined, i);
  if (!escapes) return joined;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < joined.length; i++) {
    const c = joined.charCodeAt(i);
    if (hexEscapeAt(joined, i)) {
      bytes.push(hexValue(joined.charCodeAt(i + 1)) * 16 + hexValue(joined.charCodeAt(i + 2)));
      i += 2;
    } else if (c < 0x80) bytes.push(c);
    else for (const b of encoder.encode(String.fromCodePoint(joined.codePointAt(i) as number))) bytes.push(b);
    if (c >= 0xd800 && c <= 0xdbff) i++;
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** `=XX` at i, two hexadecimal digits after the `=`. */
function hexEscapeAt(s: string, i: number): boolean {
  return s.charCodeAt(i) === 0x3d && hexValue(s.charCodeAt(i + 1)) >= 0 && hexValue(s.charCodeAt(i + 2)) >= 0;
}

/** A part's header lines, each continuation line (one opening with a blank: obsolete folding) joined to the line before. */
function unfoldedLines(head: string): string[] {
  const lines: string[] = [];
  for (const raw of head.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const last = lines.length - 1;
    if (last >= 0 && (line.startsWith(" ") || line.startsWith("\t"))) lines[last] = `${lines[last]} ${line.trim()}`;
    else lines.push(line);
  }
  return lines;
}

/** Boundary parameter of a multipart content type. */
export function multipartBoundary(contentType: string): string | undefined {
  const b = headerParam(contentType, "boundary");
  return b === undefined || b.length === 0 || b.length > 200 ? undefined : b;
}

const MARKUP_EXT = [".svg", ".svgz", ".xml", ".xsl", ".xslt", ".html", ".htm", ".xhtml"];
const BINARY_EXT = [
  ".jpg",
  ".jpeg",
  ".png",
  ".gif",
  ".webp",
  ".bmp",
  ".ico",
  ".tif",
  ".tiff",
  ".avif",
  ".heic",
  ".pdf",
];
/**
 * Script openers, an SVG element (a GIF/JavaScript polyglot's `GIF89a/*<svg/onload=…>`, served as
 * the image or included as a script), ImageTragick's MVG (an "image" ImageMagick runs), and an XML
 * entity declaration (a WAV's iXML chunk that WordPress's media parser expands: CVE-2021-29447).
 */
const SCRIPT_OPENERS = ["<?php", "<?=", "<%", "<script", "<svg", "<jsp:", "push graphic-context", "<!entity"];

/**
 * An uploaded file whose content is scanned: markup that runs script where it is opened, or a
 * spreadsheet import (formulas), by its declared type or its name; a file declared binary
 * (an image, a PDF: by type or name) whose content holds a script opener; or, for any other
 * file, the server-side code blocks in it ("code").
 */
export function activeUpload(
  filename: string,
  contentType: string,
  content: string,
): "markup" | "text" | "code" | null {
  const name = filename.toLowerCase();
  const type = contentType.split(";")[0]?.trim() ?? "";
  if (
    type.endsWith("+xml") ||
    type === "text/html" ||
    type.endsWith("/xml") ||
    MARKUP_EXT.some((e) => name.endsWith(e)) ||
    startsLikeXml(content)
  )
    return "markup";
  if (type === "text/csv" || name.endsWith(".csv")) return "text";
  // A text file (notes.txt, no type) is data, except the server-side code it holds: a web shell
  // under a harmless name, for an include or a handler that runs it (`serverCodeBlocks`).
  if (!isBinaryContentType(type) && !BINARY_EXT.some((e) => name.endsWith(e))) return "code";
  const head = content.slice(0, 65536).toLowerCase();
  return SCRIPT_OPENERS.some((o) => head.includes(o)) ? "text" : null;
}

const JSON_TYPES = new Set(["application/json", "application/x-ndjson", "application/ndjson", "application/jsonl"]);
const JSON_EXT = [".json", ".ndjson", ".jsonl"];

/** An upload of JSON documents (an export to import: saved objects, a collection, a workflow), by type or name. */
function jsonUpload(filename: string, contentType: string): boolean {
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  const name = filename.toLowerCase();
  return JSON_TYPES.has(type) || type.endsWith("+json") || JSON_EXT.some((e) => name.endsWith(e));
}

/**
 * The keys of an uploaded JSON file, one document or one per line (NDJSON), as names: an import merges
 * them into objects, so `__proto__` or `constructor.prototype` pollutes the importer (a Kibana saved
 * objects import). Its values stay data, like any file's: a collection's test scripts, a dashboard's
 * SQL are what such files hold; but a value under a key that names a template (`chat_template`) is read.
 */
function readJsonKeys(text: string, sink: BodySink, maxFields: number): void {
  const keys: BodySink = {
    // A template in a configuration (a tokenizer's `chat_template`, a `prompt_template`) is rendered by
    // the server that loads it: the one kind of value read.
    value: (format, parent, key, value) => {
      if (key.toLowerCase().endsWith("template")) sink.value(format, parent, key, value);
    },
    name: (format, parent, key) => sink.name(format, parent, key),
    filename: () => undefined,
  };
  if (parseJson(text, keys, maxFields) === undefined) return;
  let lines = 0;
  for (const line of text.split("\n")) {
    if (++lines > 1000) break;
    if (line.trim().length > 0) parseJson(line, keys, maxFields);
  }
}

function trimLineBreaks(s: string): string {
  let a = 0;
  let b = s.length;
  if (s.startsWith("\r\n")) a = 2;
  else if (s.startsWith("\n")) a = 1;
  if (b - a >= 2 && s.endsWith("\r\n")) b -= 2;
  else if (b - a >= 1 && s.endsWith("\n")) b -= 1;
  return s.slice(a, b);
}

/** A part between two delimiters as its header block and its content (split at the first blank line). */
function splitPart(between: string): [string, string] {
  const part = trimLineBreaks(between);
  let sep = part.indexOf("\r\n\r\n");
  let sepLen = 4;
  const lf = part.indexOf("\n\n");
  if (sep < 0 || (lf >= 0 && lf < sep)) {
    sep = lf;
    sepLen = 2;
  }
  return sep < 0 ? [part, ""] : [part.slice(0, sep), part.slice(sep + sepLen)];
}

/**
 * The content of part `index` (counted from 1, as parseMultipart counts) of `latin`, the body one
 * character a byte: an archive's compressed bytes, which the body's UTF-8 text has mangled.
 */
export function partBytes(latin: string, boundary: string, index: number): string | null {
  const delim = `--${boundary}`;
  let pos = latin.indexOf(delim);
  for (let k = 1; pos >= 0; k++) {
    pos += delim.length;
    const next = latin.indexOf(delim, pos);
    if (next < 0) return null;
    if (k === index) {
      return splitPart(latin.slice(pos, next))[1];
    }
    pos = next;
  }
  return null;
}

/** Multipart bodies nested in a part (an OData `$batch`'s changeset) read at most this deep. */
const MAX_NESTING = 2;

/**
 * Reads a multipart body; `bytesOf(index)`, when given, returns part `index`'s content one character
 * a byte (partBytes), for the archives whose entries are inflated. `depth`: how many multipart bodies
 * this one is nested in.
 */
export function parseMultipart(
  text: string,
  boundary: string,
  sink: BodySink,
  maxFields: number,
  bytesOf?: (index: number) => string | null,
  depth = 0,
): string | undefined {
  const delim = `--${boundary}`;
  let pos = text.indexOf(delim);
  if (pos < 0) return "multipart: boundary not found";
  let count = 0;
  for (;;) {
    pos += delim.length;
    if (text.startsWith("--", pos)) {
      // A part after the closing delimiter, in what RFC 2046 calls the epilogue: most parsers stop at
      // the close, some read on (`q=shoes`, then after the close `q=<script>…`). It is read and reported.
      const again = text.indexOf(`\n${delim}`, pos);
      if (again < 0 || text.startsWith("--", again + 1 + delim.length)) return undefined;
      sink.ambiguous?.("multipart", "epilogue");
      pos = again + 1;
      continue;
    }
    const next = text.indexOf(delim, pos);
    if (next < 0) return "multipart: missing closing delimiter";
    if (++count > maxFields) return `multipart: more than ${maxFields} parts`;
    const [head, rawBody] = splitPart(text.slice(pos, next));
    let body = rawBody;
    let encoding = "";
    let name = "";
    let filename: string | undefined;
    let type = "";
    let rawType = "";
    let spilled: string | undefined;
    let extended: string | undefined;
    let dispositions = 0;
    let charset = false;
    // `Content-Disposition: form-data;` then `\tname="dept"`: parsers that unfold headers name the part.
    for (const line of unfoldedLines(head)) {
      const colon = line.indexOf(":");
      if (colon < 0) continue;
      const field = line.slice(0, colon).trim().toLowerCase();
      if (field === "content-disposition") {
        const v = line.slice(colon + 1);
        // A second disposition: one framework names the part by the first, another by the last
        // (a `cv.pdf` to one is `role=admin` to the other). Both are read, and the part is reported.
        if (dispositions++ > 0) {
          sink.ambiguous?.("multipart", name);
          sink.name("multipart", "", name);
          if (filename !== undefined) sink.filename(name, filename);
        }
        name = headerParam(v, "name") ?? "";
        filename = headerParam(v, "filename");
        spilled = filenameSpill(v, filename);
        // RFC 5987's `filename*=UTF-8''..%2F..%2Fetc%2Fcron.d%2Fx`: the name most frameworks prefer.
        extended = extendedFilename(headerParam(v, "filename*"));
        if (filename === undefined && extended !== undefined) {
          filename = extended;
          extended = undefined;
        }
      } else if (field === "content-type") {
        rawType = line.slice(colon + 1).trim();
        type = rawType.toLowerCase();
        // `text/plain; charset=ibm037`: a part in a charset that hides its text from a reader of UTF-8.
        if (type.includes("charset") && evasionCharset(rawType)) charset = true;
      } else if (field === "content-transfer-encoding")
        encoding = line
          .slice(colon + 1)
          .trim()
          .toLowerCase();
    }
    // A part sent in Base64 (RFC 2045's transfer encoding, which mail-derived and SOAP stacks decode):
    // judged as what it decodes to.
    if (encoding === "base64") body = base64Part(body) ?? body;
    else if (encoding === "quoted-printable") body = quotedPrintablePart(body);
    sink.name("multipart", "", name);
    if (charset) sink.charset?.("multipart", name === "" ? `part${count}` : name);
    // multipart/related and /mixed (Google Drive's and Gmail's uploads) name no part: JSON metadata is
    // read as a JSON body, anything else as a file.
    if (name === "" && filename === undefined) {
      const path = `part${count}`;
      // A batch's request (OData `$batch`): read as the request the server runs (http-batch.ts).
      if (isEmbeddedRequest(type) && readEmbeddedRequest(body, sink, `${path}.request`, maxFields)) {
        pos = next;
        continue;
      }
      // A changeset: a multipart body of its own inside the batch, holding the requests that write.
      const nested = type.startsWith("multipart/") ? multipartBoundary(rawType) : undefined;
      if (
        nested !== undefined &&
        depth < MAX_NESTING &&
        parseMultipart(body, nested, within(sink, path), maxFields, undefined, depth + 1) === undefined
      ) {
        pos = next;
        continue;
      }
      if (jsonUpload("", type)) {
        if (parseJson(body, within(sink, path), maxFields) === undefined) {
          pos = next;
          continue;
        }
      }
      name = path;
      filename = "";
    }
    // JSON a script appended to FormData as a Blob (`filename="blob"`, the name browsers give one):
    // a field's document, not a user's file (React Server Actions' replies, Flight references and all).
    const scriptBlob = filename === "blob" && jsonUpload("", type);
    if (filename !== undefined && !scriptBlob) {
      sink.filename(name, filename);
      if (spilled !== undefined) sink.filename(name, spilled);
      if (extended !== undefined && extended !== filename) sink.filename(name, extended);
      const active = activeUpload(filename, type, body);
      // Markup is read as XML (its script is in elements and attributes: an icon's <svg> is no
      // injection); anything else as one value.
      if (active === "markup") parseXml(body, judgingMarkup(within(sink, `${name}.content`)), maxFields);
      else if (active === "text") sink.value("multipart", name, "content", body);
      else if (active === "code") {
        for (const code of serverCodeBlocks(body)) sink.value("multipart", `${name}.content`, "code", code);
        for (const line of languageTagLines(body)) sink.value("multipart", `${name}.content`, "tag", line);
        for (const line of texInstructionLines(body)) sink.value("multipart", `${name}.content`, "tex", line);
        for (const line of includeDirectiveLines(body)) sink.value("multipart", `${name}.content`, "include", line);
        if (isSubtitleFile(filename, type))
          for (const cue of markupCueLines(body)) sink.value("multipart", `${name}.content`, "cue", cue);
        if (jsonUpload(filename, type)) readJsonKeys(body, within(sink, `${name}.content`), maxFields);
      }
      // What an importer turns into fields of records it renders or fetches, whatever type the browser
      // gave the file (`.ics` often goes as octet-stream): a contact's or an event's properties, a
      // catalogue's translations.
      if (active !== "markup" && isContactFile(filename, type, body))
        for (const [property, value] of contactProperties(body))
          sink.value("multipart", `${name}.content`, property, value);
      if (active !== "markup" && isGettextFile(filename, type))
        for (const [keyword, text] of gettextStrings(body)) sink.value("multipart", `${name}.content`, keyword, text);
      // ImageMagick reads MVG by its content, whatever the name (`thumb.svg`) or the type.
      if (looksLikeMvg(body))
        for (const arg of mvgArguments(body)) sink.value("multipart", `${name}.content`, "arg", arg);
      // Whatever its name and type, a file that acts when loaded: a pickle's imports, a media
      // converter's instructions (sniff.ts, media.ts), an archive's entry names (archive.ts).
      const content = `${name}.content`;
      if (!readPickle(body, sink, "multipart", content) && !readSerialized(body, sink, "multipart", content))
        readMedia(body, sink, "multipart", content);
      for (const entry of archiveEntryNames(body) ?? []) sink.filename(`${name}.content.entry`, entry);
      if (bytesOf !== undefined && body.startsWith("PK\u0003\u0004")) {
        const bytes = bytesOf(count) ?? "";
        for (const [entry, doctype] of zipDoctypes(bytes))
          sink.value("multipart", `${name}.content.entry`, entry, doctype);
        for (const [entry, pickle] of zipPickles(bytes))
          readPickle(pickle, sink, "multipart", `${name}.content.entry.${entry}`);
      }
    } else {
      sink.value("multipart", "", name, body);
      // A field sent as JSON (`Content-Type: application/json`, a metadata part): the framework merges
      // its keys into an object, so they are read as a JSON body's are (`constructor.prototype`).
      if (jsonUpload("", type)) readJsonKeys(body, within(sink, name), maxFields);
    }
    pos = next;
  }
}
