/**
 * @module core/signatures/body/json-lines
 * JSON Lines (NDJSON, `application/x-ndjson`, `application/jsonl`): one JSON
 * document a line, as event batches, bulk imports and LLM batch files send
 * them (`{"event":"search","filter":"region='EU' OR 1=1 …"}`). Read as one
 * document it is a syntax error after the first line and its fields would
 * go unjudged; each line is read as a document of its own, under `line<k>`.
 */
import { parseJson } from "./json.ts";
import { type BodySink, within } from "./types.ts";

const JSON_LINES_TYPES: ReadonlySet<string> = new Set([
  "application/x-ndjson",
  "application/ndjson",
  "application/jsonl",
  "application/x-jsonl",
  "application/jsonlines",
  "application/x-jsonlines",
  "application/json-seq",
]);

/** Is `mime` (lower-cased, no parameters) a JSON Lines type? */
export function isJsonLinesType(mime: string): boolean {
  return JSON_LINES_TYPES.has(mime);
}

/**
 * Does `text` hold two or more lines that each open a JSON document? What a body sent under another
 * type (text/plain, JSON's own) is when a single parse fails after its first line.
 */
export function looksLikeJsonLines(text: string): boolean {
  let documents = 0;
  for (let start = 0; start < text.length && documents < 2; ) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    let k = start;
    while (k < end && (text.charCodeAt(k) === 0x20 || text.charCodeAt(k) === 0x09 || text.charCodeAt(k) === 0x1e)) k++;
    const c = text.charCodeAt(k);
    if (k < end && c !== 0x0d) {
      if (c !== 0x7b && c !== 0x5b) return false;
      documents++;
    }
    start = end + 1;
  }
  return documents >= 2;
}

/**
 * Reads each non-blank line of `text` as a JSON document under `line<k>` (a JSON text sequence's
 * RS separators skipped); returns the first line's parse error, if any, after reading them all.
 */
export function parseJsonLines(text: string, sink: BodySink, maxFields: number): string | undefined {
  let error: string | undefined;
  let fields = maxFields;
  let k = 0;
  for (let start = 0; start < text.length && fields > 0; ) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).replace(/^[\s\x1e]+|\s+$/g, "");
    start = end + 1;
    if (line.length === 0) continue;
    const why = parseJson(line, within(sink, `line${k}`), fields);
    if (why !== undefined) error ??= `line ${k + 1}: ${why}`;
    k++;
    fields -= 16;
  }
  return error;
}
