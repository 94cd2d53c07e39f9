/**
 * @module core/signatures/body/archive
 * The entry names of an uploaded archive. A server that unpacks a tar or a
 * zip writes each entry where its name says, so `../../../../var/www/x.jsp`
 * writes outside the target directory (zip slip, tar slip: VMware's
 * `uploadova`, CVE-2021-21972) and `shell.php` lands where it runs. The names
 * are read from the headers (a tar's name field, each zip local header's
 * name) and scanned as upload file names. Read from the decoded text of the
 * part, as far as it goes: a tar header is ASCII, and so are the zip header
 * fields that place a name, except for sizes past 127 bytes. A zip's XML
 * entries have their DOCTYPE read too (`zipDoctypes`): an office document or
 * an e-book is XML that the server's parser opens, entities and all.
 */
import { Inflate } from "fflate";

/** Entries read per archive, and the longest name. */
const MAX_ENTRIES = 64;
const MAX_NAME = 255;

/** The entry names of `text` when it is a tar or a zip archive; null when it is neither. */
export function archiveEntryNames(text: string): string[] | null {
  if (text.startsWith("PK\u0003\u0004")) return zipNames(text);
  if (isTarHeader(text, 0) || looseTarStart(text)) return tarNames(text);
  return null;
}

/**
 * The file opens like a tar whose writer did not keep to the 100-byte name field (hand-made exploit
 * archives do not, and a GNU long name runs on): a name, NULs, then a seven-digit octal mode and a NUL.
 */
function looseTarStart(text: string): boolean {
  const end = text.indexOf("\u0000");
  if (end <= 0 || end > MAX_NAME) return false;
  let k = end;
  while (k < end + 64 && text.charCodeAt(k) === 0) k++;
  return /^[0-7]{7}\0/.test(text.slice(k, k + 8));
}

/** A tar header at `at`: a name, then an octal mode field (`0000644\0`, `000644 \0`) at +100. */
function isTarHeader(text: string, at: number): boolean {
  if (text.length < at + 108 || text.charCodeAt(at) === 0) return false;
  const mode = text.slice(at + 100, at + 108);
  return /^[0-7 ]{6,7}[\0 ]?\0?$/.test(mode) && /[0-7]/.test(mode);
}

function cString(text: string, at: number, max: number): string {
  const end = text.indexOf("\u0000", at);
  return text.slice(at, end < 0 || end - at > max ? at + max : end);
}

function tarNames(text: string): string[] {
  const out = [cString(text, 0, MAX_NAME)];
  // Later headers carry the ustar magic at +257: found by it, since decoding may have moved offsets.
  let from = 258;
  while (out.length < MAX_ENTRIES) {
    const magic = text.indexOf("ustar", from);
    if (magic < 0) break;
    const start = magic - 257;
    if (start > 0 && isTarHeader(text, start)) {
      const prefix = cString(text, start + 345, 155);
      const name = cString(text, start, 100);
      out.push(prefix.length > 0 ? `${prefix}/${name}` : name);
    }
    from = magic + 5;
  }
  return out;
}

function zipNames(text: string): string[] {
  const out: string[] = [];
  let at = 0;
  while (at >= 0 && out.length < MAX_ENTRIES) {
    const len = text.charCodeAt(at + 26) | (text.charCodeAt(at + 27) << 8);
    if (len > 0 && len <= MAX_NAME) out.push(text.slice(at + 30, at + 30 + len));
    at = text.indexOf("PK\u0003\u0004", at + 30);
  }
  return out;
}

/** Entries whose beginning is inflated, the compressed bytes pushed per step, and the text kept per entry. */
const MAX_XML_ENTRIES = 16;
const INFLATE_STEP = 64;
const PROLOG_BYTES = 4096;

/** Entry names of the XML an office document, an e-book or a package is made of. */
function xmlEntry(name: string): boolean {
  const n = name.toLowerCase();
  return [".xml", ".rels", ".xsl", ".xslt", ".svg", ".opf", ".ncx", ".xhtml", ".html", ".htm", ".xsd"].some((e) =>
    n.endsWith(e),
  );
}

/**
 * The first `max` bytes of a zip entry's data at `from` (stored, or deflated: inflated step by step
 * and stopped there, so no entry, a bomb included, costs more than a few steps' output).
 */
function entryStart(bytes: string, from: number, method: number, max: number): string | null {
  const next = bytes.indexOf("PK\u0003\u0004", from);
  const end = next < 0 ? bytes.length : next;
  if (method === 0) return bytes.slice(from, Math.min(end, from + max));
  if (method !== 8) return null;
  let out = "";
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    for (let i = 0; i < chunk.length && out.length < max; i++) out += String.fromCharCode(chunk[i] as number);
    if (final) done = true;
  });
  try {
    for (let at = from; at < end && !done && out.length < max; at += INFLATE_STEP) {
      const stop = Math.min(end, at + INFLATE_STEP);
      const step = new Uint8Array(stop - at);
      for (let i = 0; i < step.length; i++) step[i] = bytes.charCodeAt(at + i) & 0xff;
      inflater.push(step, stop === end);
    }
  } catch {
    // A corrupt stream: what came out before it is judged.
  }
  return out;
}

/** The beginning (`max` bytes) of each entry of the zip `bytes` that `want` picks by name, with the name. */
function entryStarts(bytes: string, want: (name: string) => boolean, max: number): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (!bytes.startsWith("PK\u0003\u0004")) return out;
  let at = 0;
  let entries = 0;
  while (at >= 0 && entries < MAX_ENTRIES && out.length < MAX_XML_ENTRIES) {
    entries++;
    const u16 = (k: number) => (bytes.charCodeAt(at + k) & 0xff) | ((bytes.charCodeAt(at + k + 1) & 0xff) << 8);
    const nameLen = u16(26);
    const name = bytes.slice(at + 30, at + 30 + nameLen);
    if (nameLen > 0 && nameLen <= MAX_NAME && want(name)) {
      const text = entryStart(bytes, at + 30 + nameLen + u16(28), u16(8), max);
      if (text !== null) out.push([name, text]);
    }
    at = bytes.indexOf("PK\u0003\u0004", at + 30);
  }
  return out;
}

/**
 * The DOCTYPE sections of a zip's XML entries (a DOCX's `word/document.xml`, an EPUB's chapters, an
 * XLSX's shared strings): an XML parser on the server reads them when it opens the document, so an
 * entity declared there is XXE (an upload's "résumé.docx", a Base64 document in a JSON field). Each
 * is returned with its entry's name, from the declaration up to the root element; an entry without
 * a DOCTYPE (every document an office suite writes) returns nothing. `bytes` is the archive, one
 * character a byte.
 */
export function zipDoctypes(bytes: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [name, text] of entryStarts(bytes, xmlEntry, PROLOG_BYTES)) {
    const doctype = text.indexOf("<!DOCTYPE");
    if (doctype < 0) continue;
    const bracket = text.indexOf("]>", doctype);
    const close = bracket >= 0 ? bracket + 2 : text.indexOf(">", doctype) + 1;
    out.push([name, text.slice(doctype, close > doctype ? close : text.length)]);
  }
  return out;
}

/** Pickle bytes read per entry: a model's `__reduce__` call may sit behind its tensors' records. */
const PICKLE_BYTES = 65536;

/**
 * The pickles of a zip (PyTorch's `torch.save` format keeps `archive/data.pkl` in one, stored; a
 * `.pkl` in a model bundle): unpickled when the model is loaded, so the imports they call are what
 * `readPickle` judges. Each entry's first 64 KB, with its name.
 */
export function zipPickles(bytes: string): Array<[string, string]> {
  return entryStarts(
    bytes,
    (name) => name.toLowerCase().endsWith(".pkl") || name.toLowerCase().endsWith(".pickle"),
    PICKLE_BYTES,
  );
}
