/**
 * @module core/signatures/body/gettext
 * Translation catalogues in gettext's PO format (`.po`, `.pot`) uploaded
 * for import: a translation platform or a CMS stores each `msgstr` and
 * renders it in the pages of that language, so a translation holding
 * `<script src=…>` is stored XSS for every reader of it. Each entry's
 * `msgid`, `msgid_plural` and `msgstr` (plural forms `msgstr[n]` too) is a
 * value, its quoted pieces joined as gettext joins them (a string then
 * more quoted lines) and its C escapes decoded (`\n`, `\t`, `\"`, `\\`).
 * Comments (`#`, translator notes and references) stay data.
 * Hand-written scanning, no regular expressions on request data.
 */
import { fileOfKind } from "./file-kind.ts";

const GETTEXT_TYPES = new Set(["text/x-gettext-translation", "text/x-po", "application/x-po", "text/x-gettext"]);
const GETTEXT_EXT = [".po", ".pot"];

/** Strings handed over per file, and the longest one. */
const MAX_STRINGS = 2000;
const MAX_STRING = 8192;

/** Is the upload a PO catalogue, by its type or its name? */
export function isGettextFile(filename: string, contentType: string): boolean {
  return fileOfKind(filename, contentType, GETTEXT_TYPES, GETTEXT_EXT);
}

/** The text of one quoted piece (`"…"`, from its opening quote), C escapes decoded; null if it does not open with a quote. */
function quoted(piece: string): string | null {
  if (piece.charCodeAt(0) !== 0x22) return null;
  let out = "";
  for (let i = 1; i < piece.length; i++) {
    const c = piece[i] as string;
    if (c === '"') return out;
    if (c !== "\\" || i + 1 >= piece.length) {
      out += c;
      continue;
    }
    const next = piece[++i] as string;
    out += next === "n" ? "\n" : next === "t" ? "\t" : next === "r" ? "\r" : next;
  }
  return out;
}

/** The keyword a line opens an entry's string with (`msgid`, `msgstr`, `msgstr[1]`…), or null. */
function keyword(line: string): string | null {
  if (!line.startsWith("msg")) return null;
  let space = 3;
  while (space < line.length && line.charCodeAt(space) !== 0x20 && line.charCodeAt(space) !== 0x09) space++;
  if (space >= line.length) return null;
  const word = line.slice(0, space);
  return word === "msgid" ||
    word === "msgid_plural" ||
    word === "msgstr" ||
    word === "msgctxt" ||
    word.startsWith("msgstr[")
    ? word
    : null;
}

/** Every entry string of a PO catalogue as `[keyword, text]` (`msgstr[0]` named `msgstr`); empty ones left out. */
export function gettextStrings(content: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let word: string | null = null;
  let text = "";
  const flush = (): void => {
    if (word !== null && text.length > 0 && word !== "msgctxt" && out.length < MAX_STRINGS)
      out.push([word.startsWith("msgstr") ? "msgstr" : word, text.slice(0, MAX_STRING)]);
    word = null;
    text = "";
  };
  let start = 0;
  while (start < content.length && out.length < MAX_STRINGS) {
    let end = content.indexOf("\n", start);
    if (end < 0) end = content.length;
    const line = content.slice(start, end).trim();
    start = end + 1;
    const opened = keyword(line);
    if (opened !== null) {
      flush();
      word = opened;
      text = quoted(line.slice(opened.length).trimStart()) ?? "";
    } else if (word !== null && line.charCodeAt(0) === 0x22) {
      if (text.length < MAX_STRING) text += quoted(line) ?? "";
    } else flush();
  }
  flush();
  return out;
}
