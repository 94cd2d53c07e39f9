/**
 * @module core/signatures/escaped-line-break
 * A line break written as an escape in a URL (`/%5cr%5cnSet-Cookie:crlf=1`, `?next=\r\nLocation:…`,
 * `\u000d\u000aSet-Cookie:`), then a response header. Servers and frameworks that unescape
 * backslash sequences before they build a redirect or a log line (template engines, JSON-minded
 * routers, Java's `Properties`) write the break for real, and the header after it. A URL never
 * needs the escape text, and the header name after it is what makes it an injection.
 */

/** The escapes of CR and LF, one or more, then a response header's name and its colon. */
const ESCAPED_BREAK_HEADER =
  /(?:\\[rn]|\\u000[ad]|\\x0[ad]){1,4}[ \t]*(?:set-cookie|location|content-(?:type|length|security-policy|disposition)|refresh|transfer-encoding|access-control-allow-(?:origin|credentials)|x-xss-protection|link)[ \t]*:/i;

/** Does `text` (a path or a query value, percent-decoded) hold an escaped line break before a response header? */
export function escapedHeaderBreak(text: string): boolean {
  return text.includes("\\") && text.length < 8192 && ESCAPED_BREAK_HEADER.test(text);
}
