/**
 * @module core/signatures/body/multipart
 * multipart/form-data: each part's field name and value; for uploads, the
 * file name (script and config file names are attacks of their own) but not
 * the file content, which is data, not a parameter. A missing boundary or a
 * body without a closing delimiter is reported. Hand-written scanning, no
 * regular expressions on request data.
 */
import type { BodySink } from "./types.ts";

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

/** Boundary parameter of a multipart content type. */
export function multipartBoundary(contentType: string): string | undefined {
  const b = headerParam(contentType, "boundary");
  return b === undefined || b.length === 0 || b.length > 200 ? undefined : b;
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

export function parseMultipart(text: string, boundary: string, sink: BodySink, maxFields: number): string | undefined {
  const delim = `--${boundary}`;
  let pos = text.indexOf(delim);
  if (pos < 0) return "multipart: boundary not found";
  let count = 0;
  for (;;) {
    pos += delim.length;
    if (text.startsWith("--", pos)) return undefined;
    const next = text.indexOf(delim, pos);
    if (next < 0) return "multipart: missing closing delimiter";
    if (++count > maxFields) return `multipart: more than ${maxFields} parts`;
    const part = trimLineBreaks(text.slice(pos, next));
    let sep = part.indexOf("\r\n\r\n");
    let sepLen = 4;
    const lf = part.indexOf("\n\n");
    if (sep < 0 || (lf >= 0 && lf < sep)) {
      sep = lf;
      sepLen = 2;
    }
    const head = sep < 0 ? part : part.slice(0, sep);
    const body = sep < 0 ? "" : part.slice(sep + sepLen);
    let name = "";
    let filename: string | undefined;
    for (const raw of head.split("\n")) {
      const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
      const colon = line.indexOf(":");
      if (colon < 0) continue;
      if (line.slice(0, colon).trim().toLowerCase() === "content-disposition") {
        const v = line.slice(colon + 1);
        name = headerParam(v, "name") ?? "";
        filename = headerParam(v, "filename");
      }
    }
    sink.name("multipart", "", name);
    if (filename !== undefined) sink.filename(name, filename);
    else sink.value("multipart", "", name, body);
    pos = next;
  }
}
