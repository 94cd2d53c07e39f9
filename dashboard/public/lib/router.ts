/**
 * @module dashboard/lib/router
 * Hash routes: `#/<view>?<params>`. Filters live in the hash so a view can
 * be bookmarked and the back button works; the admin token never does (it
 * stays in session storage).
 */

export interface Route {
  view: string;
  params: URLSearchParams;
}

export type Params = Record<string, string | number | null | undefined>;

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#\/?/, "");
  const q = h.indexOf("?");
  const view = (q < 0 ? h : h.slice(0, q)).trim();
  return { view: view || "overview", params: new URLSearchParams(q < 0 ? "" : h.slice(q + 1)) };
}

/** `#/logs?client=…`, leaving out empty values. */
export function hrefFor(view: string, params: Params = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === "") continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return `#/${view}${s ? `?${s}` : ""}`;
}

export function go(view: string, params: Params = {}): void {
  const target = hrefFor(view, params);
  if (location.hash === target) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = target;
}
