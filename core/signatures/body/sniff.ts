/**
 * @module core/signatures/body/sniff
 * The few formats that act when they are loaded, recognised by their first
 * bytes whatever the declared type: XML (external entities, and script when
 * it is SVG), Python pickles (pickle.ts), and the media files whose
 * converters take instructions from them (media.ts: DjVu, PNG, PostScript,
 * HLS playlists). A body or an upload declared
 * binary (`application/octet-stream`, `model.pkl`, `package.nuspec`) is
 * otherwise left alone (DESIGN.md: binary content types are skipped on
 * purpose); these are read because a server parses them, not because they
 * are stored.
 */

import { judgingMarkup } from "./markup.ts";
import { readMedia } from "./media.ts";
import { looksLikePickle, pickleImports } from "./pickle.ts";
import { serializedObject } from "./serialized.ts";
import type { BodyFormat, BodySink } from "./types.ts";
import { parseXml } from "./xml.ts";

/** The text opens an XML document (a BOM and blanks aside): a declaration, a doctype or an `<svg>` root. */
export function startsLikeXml(text: string): boolean {
  let i = 0;
  // A BOM, decoded (U+FEFF) or as Latin-1 bytes (ï»¿), and blanks.
  if (text.startsWith("\u00ef\u00bb\u00bf")) i = 3;
  while (i < text.length && i < 64 && (text.charCodeAt(i) === 0xfeff || text.charCodeAt(i) <= 0x20)) i++;
  const head = text.slice(i, i + 14).toLowerCase();
  // An HTML page is no XML document to a server (no entities); a static site's upload is one.
  if (head.startsWith("<!doctype html")) return false;
  return head.startsWith("<?xml") || head.startsWith("<!doctype") || head.startsWith("<svg");
}

/** A control byte other than tab, line feed and carriage return: what text holds none of. */
export function isControlByte(c: number): boolean {
  return (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f;
}

/** Bytes as one character each (Latin-1), so that opcode bytes stay themselves. */
export function latin1(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 8192)
    out += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 8192)));
  return out;
}

/**
 * Reads `text` (a binary-declared body or upload) when it is one of the formats that act when loaded:
 * XML through the XML reader (script judged when it is markup), a pickle's imports as one value
 * under `<parent>.<key>.pickle`. Returns whether it was one.
 */
export function readSniffed(
  text: string,
  sink: BodySink,
  format: BodyFormat,
  parent: string,
  maxFields: number,
): boolean {
  if (startsLikeXml(text)) {
    parseXml(text, judgingMarkup(sink), maxFields);
    return true;
  }
  return (
    readPickle(text, sink, format, parent) ||
    readSerialized(text, sink, format, parent) ||
    readMedia(text, sink, format, parent)
  );
}

/** A Java or .NET serialized object (serialized.ts) as one value at `<parent>.serialized`; false when `text` is none. */
export function readSerialized(text: string, sink: BodySink, format: BodyFormat, parent: string): boolean {
  const v = serializedObject(text) ?? serializedObject(base64Serialized(text));
  if (v === null) return false;
  sink.value(format, parent, "serialized", v);
  return true;
}

/** Base64 characters decoded at most (the names a gadget chain is read by come first). */
const MAX_BASE64_BODY = 65536;

/**
 * The bytes of a body that is a serialized object in Base64 (`rO0AB…`, Java's; `AAEAAAD/////…`,
 * .NET BinaryFormatter's, as a resumable upload or a ViewState-like field sends it), one character a
 * byte; "" when it opens with neither.
 */
function base64Serialized(text: string): string {
  const t = text.trimStart();
  if (!t.startsWith("rO0AB") && !t.startsWith("AAEAAAD/////")) return "";
  const end = Math.min(t.length, MAX_BASE64_BODY);
  let k = 0;
  for (; k < end; k++) {
    const c = t.charCodeAt(k);
    const l = c | 0x20;
    if (!((l >= 0x61 && l <= 0x7a) || (c >= 0x2f && c <= 0x39) || c === 0x2b || c === 0x3d || c === 0x0a || c === 0x0d))
      break;
  }
  try {
    const chunk = t.slice(0, k).replace(/[\r\n=]/g, "");
    return atob(chunk.slice(0, chunk.length - (chunk.length % 4)));
  } catch {
    return "";
  }
}

/** A pickle's imports (`cposix\nsystem`…) as one value at `<parent>.pickle`; false when `text` is no pickle. */
export function readPickle(text: string, sink: BodySink, format: BodyFormat, parent: string): boolean {
  if (!looksLikePickle(text)) return false;
  const imports = pickleImports(text);
  if (imports.length > 0) sink.value(format, parent, "pickle", imports.join("\n"));
  return true;
}
