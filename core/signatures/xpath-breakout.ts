/**
 * @module core/signatures/xpath-breakout
 * XPath and XQuery injection (920265): a value that ends the string literal
 * the application quoted it in, closes the predicate that literal sat in, and
 * goes on as the query language does. After the breakout comes
 * - a union with another path (`')] | //* | //*[('`),
 * - a step out of the node (`L2231']/../*[contains(name(),'pass')]`, `x']//user`),
 * - or an XQuery clause (`psalter"] return doc("/db/…/admin.xml")`).
 * The breakout quote is the value's first quote and nothing before it opens
 * a predicate: a whole XPath expression an integration stores
 * (`//Item[@sku='A1']/Qty`, `$.book[?(@.isbn=='1')]`) opens its own
 * brackets first, and is left alone.
 */

/** After `]` (and blanks): `|` then a path or a group, `/` then `/`, `.` or `*`, or an XQuery `return`/`let`/`for` clause. */
const AFTER_PREDICATE = /^\s*(?:\|\s*[/(]|\/\s*[/.*]|(?:return|let|for|where)\s+[\w$(])/;

export function xpathBreakout(value: string): boolean {
  const sq = value.indexOf("'");
  const dq = value.indexOf('"');
  const q = sq < 0 ? dq : dq < 0 ? sq : Math.min(sq, dq);
  if (q < 0 || q > 256) return false;
  const head = value.slice(0, q);
  if (head.includes("[") || head.includes("(")) return false;
  let i = q + 1;
  while (i < value.length && (value.charCodeAt(i) === 0x29 || value.charCodeAt(i) <= 0x20)) i++;
  if (value.charCodeAt(i) !== 0x5d) return false;
  return AFTER_PREDICATE.test(value.slice(i + 1, i + 65));
}
