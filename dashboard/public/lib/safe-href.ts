/**
 * @module dashboard/lib/safe-href
 * The only links the dashboard makes: in-page hash routes (`#/logs?…`) and
 * its own same-origin paths (`/__apiward/…`). Anything else (`javascript:`,
 * `data:`, `//host`, absolute URLs, backslash tricks) is refused, so a
 * payload can never become a link. Pure, no DOM.
 */

const SAFE_HREF = /^(#|\/__apiward\/)/;

/** Whether an href may be set. */
export function safeHref(href: string): boolean {
  return SAFE_HREF.test(href) && !/[\\\u0000-\u001f]/.test(href);
}
