/**
 * @module core/signatures/embedded-xml
 * A parameter whose value is an XML document in Base64: SAML's
 * `SAMLResponse` and `SAMLRequest` (POST binding), and any such field a
 * service decodes and parses. The document is what the back end parses, so
 * its DOCTYPE (external entities, expansion), text and attribute values are
 * inspected as an XML body's would be; as one Base64 string nothing in it
 * reads as markup. Only values that open as markup once decoded are taken
 * (Base64 of `<` starts with `P`), at most MAX_DECODED bytes of them. SAML's
 * HTTP-Redirect binding deflates the message before the Base64
 * (`SAMLRequest=fZJNb9swDIb…`): under those names it is inflated first.
 */
import { inflateSync } from "fflate";
import { base64Char } from "./decoded-values.ts";

/** Shortest value taken: an XML document worth parsing is longer than a token. */
const MIN_LENGTH = 40;
/** Decoded bytes read at most (a SAML response is a few KB). */
const MAX_DECODED = 65536;

/**
 * The XML document a Base64 value holds (line breaks and blanks inside the Base64 allowed, as SAML
 * senders wrap it), or null when the value is no Base64 or does not decode to markup.
 */
export function base64Xml(value: string): string | null {
  if (value.length < MIN_LENGTH || value.charCodeAt(0) !== 0x50) return null;
  const limit = Math.min(value.length, Math.ceil((MAX_DECODED * 4) / 3) + 4);
  let compact = "";
  let from = 0;
  for (let i = 0; i < limit; i++) {
    const c = value.charCodeAt(i);
    // A URL-safe byte passes here and fails atob below: no SAML sender uses that alphabet.
    if (base64Char(c) || c === 0x3d) continue;
    if (c !== 0x0a && c !== 0x0d && c !== 0x20 && c !== 0x09) return null;
    compact += value.slice(from, i);
    from = i + 1;
  }
  compact += value.slice(from, limit);
  compact = compact.slice(0, compact.length - (compact.length % 4));
  let bin: string;
  try {
    bin = atob(compact);
  } catch {
    return null;
  }
  let k = 0;
  while (k < bin.length && (bin[k] === " " || bin[k] === "\n" || bin[k] === "\r" || bin[k] === "\t")) k++;
  if (bin[k] !== "<") return null;
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}

/** Longest deflated value taken (a redirect binding's request is a few hundred bytes; URLs stop at 8 KB). */
const MAX_DEFLATED = 16384;

/**
 * The XML document a SAML redirect binding's value holds: Base64 of raw DEFLATE (RFC 1951), inflated
 * into at most MAX_DECODED bytes; null when the value is none or does not inflate to markup.
 */
export function deflatedXml(value: string): string | null {
  if (value.length < MIN_LENGTH || value.length > MAX_DEFLATED) return null;
  let bin: string;
  try {
    bin = atob(value.replace(/[\r\n\t ]/g, ""));
  } catch {
    return null;
  }
  let out: Uint8Array;
  try {
    out = inflateSync(
      Uint8Array.from(bin, (ch) => ch.charCodeAt(0)),
      { out: new Uint8Array(MAX_DECODED) },
    );
  } catch {
    return null;
  }
  const text = new TextDecoder().decode(out.subarray(0, MAX_DECODED));
  return text.trimStart().startsWith("<") ? text : null;
}

/** The parameter names of SAML's messages, which the redirect binding sends deflated. */
export function samlMessageName(name: string): boolean {
  const n = name.toLowerCase();
  return n === "samlrequest" || n === "samlresponse";
}
