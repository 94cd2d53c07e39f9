/**
 * @module core/signatures/xpath-breakout
 * XPath and XQuery injection (920265): a value that ends the string literal
 * the application quoted it in, closes the predicate that literal sat in, and
 * goes on as the query language does. After the breakout comes
 * - a union with another path (`')] | //* | //*[('`),
 * - a step out of the node (`L2231']/../*[contains(name(),'pass')]`, `x']//user`, `']/@*`),
 * - or an XQuery clause (`psalter"] return doc("/db/…/admin.xml")`);
 * or, without the bracket, a condition calling XPath's functions (`x' or true() or 'a'='b`).
 * The breakout quote is the value's first quote and nothing before it opens
 * a predicate: a whole XPath expression an integration stores
 * (`//Item[@sku='A1']/Qty`, `$.book[?(@.isbn=='1')]`) opens its own
 * brackets first, and is left alone.
 */

/** After `]` (and blanks): `|` then a path or a group, `/` then `/`, `.`, `*` or an attribute's `@`, or an XQuery `return`/`let`/`for` clause. */
const AFTER_PREDICATE = /^\s*(?:\|\s*[/(]|\/\s*[/.*@]|(?:return|let|for|where)\s+[\w$(])/;

/**
 * After the quote: `or`/`and` then a call of XPath's own functions (`x' or true() or 'a'='b`,
 * `' or count(//user)>0 or '`): a condition of the predicate's, which no SQL engine parses.
 */
const XPATH_CONDITION =
  /^\s*(?:or|and)\s+(?:true|false|not|count|string-length|contains|starts-with|substring|name|local-name|position|last|boolean)\s*\(/i;

export function xpathBreakout(value: string): boolean {
  const sq = value.indexOf("'");
  const dq = value.indexOf('"');
  const q = sq < 0 ? dq : dq < 0 ? sq : Math.min(sq, dq);
  if (q < 0 || q > 256) return false;
  const head = value.slice(0, q);
  if (head.includes("[") || head.includes("(")) return false;
  if (XPATH_CONDITION.test(value.slice(q + 1, q + 64))) return true;
  let i = q + 1;
  while (i < value.length && (value.charCodeAt(i) === 0x29 || value.charCodeAt(i) <= 0x20)) i++;
  if (value.charCodeAt(i) !== 0x5d) return false;
  return AFTER_PREDICATE.test(value.slice(i + 1, i + 65));
}

/** A parameter named for an XPath or XQuery expression (`xpath`, `xquery`, `q_xpath`). */
const XPATH_NAME = /x(?:path|query)/i;
/** A step naming a secret (`/password`, `//user/passwordHash`, `/@apiKey`). */
const SECRET_STEP = /\/@?(?:password\w*|passwd|pwd|secret\w*|api_?key|private_?key|token)\b/i;
/** Only wildcard steps, by position, ending in their text, name or attributes: a blind walk of the document. */
const ENUMERATION = /^\/\/?\*(?:\[\d+\])?(?:\/\*(?:\[\d+\])?)+\/(?:text\(\)|name\(\)|@\*)$/;

/**
 * An XPath expression sent whole to an endpoint that evaluates one (a parameter named for it:
 * `xpath=//user/password/text()`) that selects a secret, or any parameter's value that walks the
 * document by wildcard steps and positions to read its text (`/*\/*[1]/*[2]/text()`): the document's
 * structure read blind, as no file path or route is written.
 */
export function xpathSelection(name: string, value: string): boolean {
  if (value.length > 512 || value.charCodeAt(0) !== 0x2f) return false;
  if (value.includes("*[") && ENUMERATION.test(value)) return true;
  return XPATH_NAME.test(name) && SECRET_STEP.test(value);
}
