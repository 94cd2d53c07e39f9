/**
 * @module core/signatures/saml
 * A SAML response whose structure gives it away, read from the XML that a
 * `SAMLResponse` parameter carries in Base64 (embedded-xml.ts). Checking a
 * signature needs the IdP's key, which the edge does not have; the shapes
 * the known attacks leave need none:
 * - more than one `Assertion` (signature wrapping, XSW: the signed assertion
 *   kept where the validator finds it, a forged one where the application
 *   reads; an IdP issues one per response);
 * - a comment inside a value (`admin@corp.example<!---->.evil.example`:
 *   canonicalization drops it for the signature, the library's text reader
 *   stops at it, CVE-2017-11427 and kin);
 * - an assertion with no signature anywhere in the message (a response
 *   forged whole for a service provider that does not insist on one).
 * An encrypted assertion is judged by nothing here: its signature is inside.
 */

export type SamlTampering = "wrapping" | "comment" | "unsigned";

/** Start tags whose local name is `name` (`<saml:Assertion`, `<Assertion`), counted. */
function countElements(xml: string, name: string): number {
  let n = 0;
  for (let i = xml.indexOf(name); i >= 0; i = xml.indexOf(name, i + name.length)) {
    const after = xml.charCodeAt(i + name.length);
    if (after !== 0x20 && after !== 0x3e && after !== 0x2f && after !== 0x09 && after !== 0x0a && after !== 0x0d)
      continue;
    let k = i - 1;
    while (k >= 0 && xml.charCodeAt(k) !== 0x3c && xml.charCodeAt(k) !== 0x3e && xml.charCodeAt(k) !== 0x20) k--;
    // `<name` or `<prefix:name`, not `</name` or an attribute value.
    if (k >= 0 && xml.charCodeAt(k) === 0x3c && xml.charCodeAt(k + 1) !== 0x2f) {
      const between = xml.slice(k + 1, i);
      if (between === "" || (between.endsWith(":") && !between.slice(0, -1).includes(":"))) n++;
    }
  }
  return n;
}

/** A comment with text right before or after it inside an element (`a@b<!---->.c`), not one between tags. */
function commentInText(xml: string): boolean {
  for (let i = xml.indexOf("<!--"); i >= 0; i = xml.indexOf("<!--", i + 4)) {
    const end = xml.indexOf("-->", i + 4);
    if (end < 0) return true;
    const before = xml.slice(0, i).trimEnd();
    const after = xml.slice(end + 3).trimStart();
    if ((before.length > 0 && !before.endsWith(">")) || (after.length > 0 && !after.startsWith("<"))) return true;
  }
  return false;
}

/** What the SAML message `xml` shows of tampering, or null (also for anything that is no SAML response). */
export function samlTampering(xml: string): SamlTampering | null {
  if (!xml.includes("urn:oasis:names:tc:SAML:2.0")) return null;
  const assertions = countElements(xml, "Assertion");
  if (assertions > 1) return "wrapping";
  if (commentInText(xml)) return "comment";
  if (assertions === 1 && countElements(xml, "Signature") === 0) return "unsigned";
  return null;
}
