/**
 * @module core/signatures/encoded-words
 * MIME encoded-words (RFC 2047: `=?UTF-8?B?T3JkZXIgc3RhdHVzDQpCY2M6…?=`,
 * `=?UTF-8?Q?Lost_parcel=0D=0ABcc:_…?=`) in a value that becomes a mail's
 * subject or a name, or that a ticket system decodes for display: the mail
 * library writes them as given and the reader decodes them, so a line
 * break, a header, markup or a template inside is what the application
 * ends up with. The value with its words decoded is judged as a value.
 */

/** Longest value read, and encoded-words decoded per value. */
const MAX_VALUE = 8192;
const MAX_WORDS = 16;

/** Base64 `text` decoded as UTF-8, or null when it is none (shared with body/multipart.ts's transfer encoding). */
export function utf8FromBase64(text: string): string | null {
  try {
    const bin = atob(text);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new TextDecoder().decode(bytes);
  } catch {
    return null;
  }
}

function fromQuoted(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5f) bytes.push(0x20);
    else if (c === 0x3d && i + 2 < text.length && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c & 0xff);
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** `value` with its encoded-words decoded, or null when it holds none. */
export function decodedEncodedWords(value: string): string | null {
  if (value.length > MAX_VALUE) return null;
  let at = value.indexOf("=?");
  if (at < 0) return null;
  let out = "";
  let from = 0;
  let words = 0;
  while (at >= 0 && words < MAX_WORDS) {
    const q1 = value.indexOf("?", at + 2);
    const enc = q1 < 0 ? "" : value.charAt(q1 + 1).toUpperCase();
    const end = q1 < 0 ? -1 : value.indexOf("?=", q1 + 3);
    if (q1 < 0 || value.charAt(q1 + 2) !== "?" || (enc !== "B" && enc !== "Q") || end < 0) {
      at = value.indexOf("=?", at + 2);
      continue;
    }
    const text = value.slice(q1 + 3, end);
    const decoded = enc === "B" ? utf8FromBase64(text) : fromQuoted(text);
    if (decoded !== null) {
      out += value.slice(from, at) + decoded;
      from = end + 2;
      words++;
    }
    at = value.indexOf("=?", end + 2);
  }
  return words === 0 ? null : out + value.slice(from);
}
