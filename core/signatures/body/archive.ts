/**
 * @module core/signatures/body/archive
 * The entry names of an uploaded archive. A server that unpacks a tar or a
 * zip writes each entry where its name says, so `../../../../var/www/x.jsp`
 * writes outside the target directory (zip slip, tar slip: VMware's
 * `uploadova`, CVE-2021-21972) and `shell.php` lands where it runs. The names
 * are read from the headers (a tar's name field, each zip local header's
 * name) and scanned as upload file names. Read from the decoded text of the
 * part, as far as it goes: a tar header is ASCII, and so are the zip header
 * fields that place a name, except for sizes past 127 bytes.
 */

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
