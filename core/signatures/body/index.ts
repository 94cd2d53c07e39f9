/**
 * @module core/signatures/body
 * Routes a request body to its parser by content type, within the inspection
 * limit: form, JSON (keys and values), multipart (names, values, file names),
 * XML (text and attribute values), HL7 v2 messages (hl7.ts, by their header
 * segment); text/plain and unknown types as raw text;
 * binary types (images, audio, video, fonts, archives, octet-stream) are
 * skipped on purpose, but for the formats a server acts on when it loads
 * them (sniff.ts), a command line sent in frames (cli-frames.ts) and an
 * archive's entry names (archive.ts); gRPC and gRPC-Web messages' text
 * fields (grpc.ts); Socket.IO's polling packets under a
 * text type are read as JSON (socket-io.ts). A body without a content type is sniffed (JSON, XML)
 * and otherwise read as a form. Over-limit bodies are inspected up to the
 * limit and flagged; parse failures are reported and the text is inspected
 * raw, so nothing is skipped silently.
 */
import { isBinaryContentType, mimeOf } from "../../http/content-type.ts";
import { archiveEntryNames } from "./archive.ts";
import { cliFrameArgs } from "./cli-frames.ts";
import { dwrParameters } from "./dwr.ts";
import { parseForm } from "./form.ts";
import {
  grpcTextBytes,
  isGrpcTextType,
  isGrpcType,
  isProtobufType,
  readGrpcFrames,
  readProtobufMessage,
} from "./grpc.ts";
import { looksLikeHl7, readHl7 } from "./hl7.ts";
import { parseJson } from "./json.ts";
import { isJsonLinesType, looksLikeJsonLines, parseJsonLines } from "./json-lines.ts";
import { judgingMarkup } from "./markup.ts";
import { hasMediaMagic } from "./media.ts";
import { multipartBoundary, parseMultipart, partBytes } from "./multipart.ts";
import { looksLikePickle } from "./pickle.ts";
import { serializedObject } from "./serialized.ts";
import { serverCodeBlocks } from "./server-code.ts";
import { isControlByte, latin1, readPickle, readSerialized, readSniffed, startsLikeXml } from "./sniff.ts";
import { socketIoDocuments } from "./socket-io.ts";
import { type BodySink, within } from "./types.ts";
import { parseXml } from "./xml.ts";
import { languageTagLines } from "./yaml-tags.ts";

export type { BodyFormat, BodySink } from "./types.ts";

/** Fields inspected per body; beyond it the rest is reported as a parse error. */
export const MAX_BODY_FIELDS = 4096;

export interface BodyReport {
  overLimit: boolean;
  inspectedBytes: number;
  parseErrors: string[];
  /**
   * The body was one JSON document the reader handed over whole (every key and string, none past its
   * bounds), so a check of its keys saw them all.
   */
  jsonWhole: boolean;
}

const decoder = new TextDecoder();

/** A JSON media type (`application/json`, `text/json`, any `+json`). */
export function isJsonType(mime: string): boolean {
  return mime === "application/json" || mime === "text/json" || mime.endsWith("+json");
}

/** Markup a browser renders, running its script: SVG and XHTML (markup.ts). */
function isMarkupType(mime: string): boolean {
  return mime === "image/svg+xml" || mime === "application/xhtml+xml";
}

function isXmlType(mime: string): boolean {
  return mime === "application/xml" || mime === "text/xml" || mime.endsWith("+xml");
}

/**
 * The server-side code blocks of a binary body (server-code.ts) that are text: a block of an
 * archive's stored page or of a file sent as octet-stream reads as code, where one that a stray
 * `<%` in random bytes opened is mostly control bytes and is left alone.
 */
function readServerCode(text: string, sink: BodySink): void {
  for (const code of serverCodeBlocks(text)) if (isText(code)) sink.value("raw", "file", "code", code);
}

/** At most one byte in a hundred a control byte other than tab, line feed and carriage return. */
function isText(s: string): boolean {
  let control = 0;
  for (let k = 0; k < s.length; k++) {
    if (isControlByte(s.charCodeAt(k))) control++;
  }
  return control * 100 <= s.length;
}

/** A request line after a line break: a request that rides in another's body. */
const SMUGGLED_REQUEST =
  /(?<=\n)(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|CONNECT) \S{1,2048} HTTP\/1\.[01]\r?\n/;

/** Inspects `body` through `sink`. `limit` bytes at most. Never throws. */
export function extractBody(
  body: { bytes: Uint8Array; contentType: string; truncated: boolean },
  limit: number,
  sink: BodySink,
): BodyReport {
  const overLimit = body.truncated || body.bytes.length > limit;
  const bytes = body.bytes.length > limit ? body.bytes.subarray(0, limit) : body.bytes;
  const report: BodyReport = { overLimit, inspectedBytes: bytes.length, parseErrors: [], jsonWhole: false };
  if (bytes.length === 0) return report;
  const json = (text: string): string | undefined => {
    const why = parseJson(text, sink, MAX_BODY_FIELDS);
    if (why === undefined) report.jsonWhole = true;
    return why;
  };
  // Why a reading stopped early, noting that the body was cut when it was.
  const failed = (why: string): void => {
    report.parseErrors.push(overLimit ? `${why} (body cut at the inspection limit)` : why);
  };
  const protobufField = (path: string, value: string): void => sink.value("raw", "grpc", path, value);
  const mime = mimeOf(body.contentType);
  if (isGrpcType(mime)) {
    // gRPC and gRPC-Web frames (gRPC-Web's text mode in Base64): their messages' text fields (grpc.ts).
    const frames = isGrpcTextType(mime) ? grpcTextBytes(latin1(bytes)) : bytes;
    const why = frames === null ? "grpc-web-text: not Base64" : readGrpcFrames(frames, protobufField);
    if (why !== undefined) failed(why);
    // Text that is not what its type says is read as text, as any body that fails to parse is.
    if (frames === null) sink.value("raw", "", "", decoder.decode(bytes));
    return report;
  }
  // A bare Protocol Buffers message (Twirp): its text fields, as a gRPC frame's; one that is no
  // message is left to the binary reading below.
  if (isProtobufType(mime)) {
    const why = readProtobufMessage(bytes, protobufField);
    if (why === undefined) return report;
    failed(why);
  }
  if (isBinaryContentType(mime)) {
    // Left alone, unless it is a format the server acts on when it loads it (sniff.ts).
    const head = latin1(bytes.subarray(0, 80));
    const opening = head.trimStart();
    if (startsLikeXml(head)) readSniffed(decoder.decode(bytes), sink, "raw", "", MAX_BODY_FIELDS);
    // A JSON object sent as `application/octet-stream` (a client that labels every body so): servers that
    // decode whatever comes (Go's json.Decoder, body parsers set to any type) read its fields.
    else if (opening.startsWith('{"') || opening.startsWith("[{")) json(decoder.decode(bytes));
    else if (looksLikePickle(head) || hasMediaMagic(head) || serializedObject(head) !== null)
      readSniffed(latin1(bytes), sink, "raw", "", MAX_BODY_FIELDS);
    else {
      // A command line in frames (Jenkins' CLI over HTTP, cli-frames.ts): its arguments are values.
      const args = cliFrameArgs(bytes);
      // An archive posted whole (Zimbra's mailbox import, a backup restore): its entry names are where
      // the server writes (zip slip, archive.ts).
      const entries = args === null ? archiveEntryNames(latin1(bytes.subarray(0, 65536))) : null;
      if (args !== null) for (let k = 0; k < args.length; k++) sink.value("raw", "cli", `arg${k}`, args[k] as string);
      else if (entries !== null)
        for (let k = 0; k < entries.length && k < 256; k++)
          sink.value("raw", "archive", `entry${k}`, entries[k] as string);
      else {
        const text = decoder.decode(bytes.subarray(0, 65536));
        // A YAML document posted as bytes (a gem's metadata, a model's config): a loader that honours its
        // language tags builds what they name (`!ruby/object:Gem::Installer`), judged as an upload's are.
        if (opening.startsWith("---") || opening.startsWith("%YAML"))
          for (const line of languageTagLines(text)) sink.value("raw", "yaml", "tag", line);
        // Bytes that came through a text channel (each high byte as two): the decoded text shows the magic.
        readSerialized(text, sink, "raw", "");
      }
    }
    // A server page or a web shell sent as a file (Tomcat's partial PUT of `x.jsp`, a WebDAV upload,
    // an archive that stores it uncompressed): its server-side code is judged as an upload's is.
    const start = latin1(bytes.subarray(0, 65536));
    if (!startsLikeXml(head)) readServerCode(start, sink);
    // A request smuggled behind the body (`0\r\n\r\nGET /admin HTTP/1.1\r\nHost: localhost`): what a
    // back end that ends the body earlier reads as the next request, judged as the text it is.
    const smuggled = start.includes(" HTTP/1.") ? SMUGGLED_REQUEST.exec(start) : null;
    if (smuggled !== null) sink.value("raw", "", "request", start.slice(smuggled.index, smuggled.index + 4096));
    return report;
  }
  const text = decoder.decode(bytes);
  const raw = (why: string | undefined): void => {
    if (why === undefined) return;
    failed(why);
    sink.value("raw", "", "", text);
  };
  if (mime === "application/x-www-form-urlencoded") {
    // A JSON document sent under the form type: routers' CGI handlers and PHP's `php://input` read it as
    // JSON whatever the header says, the framework as a form. Both readings are judged.
    const t = text.trimStart();
    const whole = (t.startsWith("{") || t.startsWith("[")) && json(text) === undefined;
    if (whole) sink.formOfJson?.(true);
    raw(parseForm(text, sink, MAX_BODY_FIELDS));
    if (whole) sink.formOfJson?.(false);
  } else if (mime.startsWith("multipart/")) {
    const boundary = multipartBoundary(body.contentType);
    let latin: string | undefined;
    const bytesOf = (index: number): string | null => {
      latin ??= latin1(bytes);
      return boundary === undefined ? null : partBytes(latin, boundary, index);
    };
    raw(
      boundary === undefined
        ? "multipart: no boundary"
        : parseMultipart(text, boundary, sink, MAX_BODY_FIELDS, bytesOf),
    );
  } else if (isJsonLinesType(mime)) raw(parseJsonLines(text, sink, MAX_BODY_FIELDS));
  else if (isJsonType(mime)) {
    const why = json(text);
    // JSON Lines under JSON's own type: one document a line.
    if (why !== undefined && looksLikeJsonLines(text)) raw(parseJsonLines(text, sink, MAX_BODY_FIELDS));
    else raw(why);
  } else if (isXmlType(mime)) raw(parseXml(text, isMarkupType(mime) ? judgingMarkup(sink) : sink, MAX_BODY_FIELDS));
  else if (mime === "") {
    const t = text.trimStart();
    if ((t.startsWith("{") || t.startsWith("[")) && json(text) === undefined) return report;
    if (t.startsWith("<")) raw(parseXml(text, sink, MAX_BODY_FIELDS));
    else if (looksLikeHl7(text)) raw(readHl7(text, sink, MAX_BODY_FIELDS));
    else raw(parseForm(text, sink, MAX_BODY_FIELDS));
  } else if (looksLikeHl7(text)) raw(readHl7(text, sink, MAX_BODY_FIELDS));
  // A GraphQL document sent as the body itself: read as a JSON body's `query` is, its string arguments
  // values of their own.
  else if (mime === "application/graphql") sink.value("raw", "", "graphql", text);
  else {
    sink.value("raw", "", "", text);
    // JSON sent as `text/plain` (a CORS "simple" request; Express's and PHP's handlers parse it all
    // the same): its fields are judged as JSON's too.
    const t = text.trimStart();
    // (JSON Lines are read as such under their own types and JSON's, not under every text type: a Sentry
    // envelope's error reports quote the SQL that failed.)
    if (t.startsWith("{") || t.startsWith("[")) json(text);
    // DWR's plain calls: each call's parameters decoded, as the Java method receives them (dwr.ts).
    else if (t.startsWith("callCount=")) {
      const dwr = within(sink, "dwr");
      for (const [name, value] of dwrParameters(t) ?? []) dwr.value("form", "", name, value);
    }
    // Socket.IO's long-polling packets: each event's arguments as JSON (socket-io.ts).
    else for (const doc of socketIoDocuments(t) ?? []) parseJson(doc, within(sink, "socketio"), MAX_BODY_FIELDS);
    // A serialized object sent under a text type: judged from its bytes (decoding blurs its magic).
    if (!readPickle(text, sink, "raw", "")) readSerialized(text, sink, "raw", "");
  }
  return report;
}
