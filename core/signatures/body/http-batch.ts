/**
 * @module core/signatures/body/http-batch
 * A request carried inside a batch: a `multipart/mixed` part of type `application/http` (OData's
 * `$batch`, Google's and Microsoft's batch APIs) holds a whole HTTP request, request line, headers
 * and body, which the server runs as if it had come alone. Its target's query parameters are read
 * as parameters (`$filter=Id eq 1);DROP TABLE AuditLog;--`), its path as a value, and its body as
 * JSON when its own Content-Type says so, else as one value. Hand-written scanning.
 */
import { parseJson } from "./json.ts";
import { type BodySink, within } from "./types.ts";
import { formDecode } from "./url-decode.ts";

/** Is a part of this (lower-cased) type a request to run (`application/http; msgtype=request`)? */
export function isEmbeddedRequest(type: string): boolean {
  return type.startsWith("application/http");
}

/**
 * Reads the request in `part` (a batch part's body) into `sink` under `path`: `path.path` for its
 * path, `path.query.<name>` for each query parameter, `path.body` for its body. Returns false when
 * the part holds no request line.
 */
export function readEmbeddedRequest(part: string, sink: BodySink, path: string, maxFields: number): boolean {
  const text = part.replace(/^[\r\n]+/, "");
  const lineEnd = text.search(/\r?\n/);
  const requestLine = lineEnd < 0 ? text : text.slice(0, lineEnd);
  // The target as written: batch clients often leave its blanks unencoded (`$filter=Name eq 'x'`).
  const m = /^([A-Z]{3,10}) (\S.*?)(?: HTTP\/\d(?:\.\d)?)?$/.exec(requestLine);
  if (m === null) return false;
  const target = m[2] as string;
  const q = target.indexOf("?");
  sink.value("multipart", path, "path", formDecode(q < 0 ? target : target.slice(0, q)));
  if (q >= 0) {
    let fields = 0;
    for (const pair of target.slice(q + 1).split("&")) {
      if (pair === "" || ++fields > maxFields) continue;
      const eq = pair.indexOf("=");
      const name = formDecode(eq < 0 ? pair : pair.slice(0, eq));
      sink.name("multipart", `${path}.query`, name);
      sink.value("multipart", `${path}.query`, name, eq < 0 ? "" : formDecode(pair.slice(eq + 1)));
    }
  }
  // Headers up to the blank line, then the body.
  const rest = lineEnd < 0 ? "" : text.slice(lineEnd).replace(/^\r?\n/, "");
  const blank = rest.search(/\r?\n\r?\n/);
  const headers = blank < 0 ? rest : rest.slice(0, blank);
  const body = blank < 0 ? "" : rest.slice(blank).replace(/^\r?\n\r?\n/, "");
  if (body.trim() === "") return true;
  const json = /^content-type:\s*application\/(?:[\w.+-]*\+)?json/im.test(headers);
  if (!json || parseJson(body, within(sink, `${path}.body`), maxFields) !== undefined)
    sink.value("multipart", path, "body", body);
  return true;
}
