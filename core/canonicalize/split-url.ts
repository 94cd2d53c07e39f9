/**
 * @module core/canonicalize/split-url
 * Splits the raw request target into authority, path, query and fragment on
 * the RAW string, before any decoding, so an encoded `%3f` stays in the path
 * and an encoded `%23` never cuts it. Absolute form (`http://h/p`) yields the
 * authority; `*` and other targets without a leading `/` are paths too.
 */

export interface SplitUrl {
  /** Authority of an absolute-form target (`user@host:port`), else undefined. */
  authority: string | undefined;
  path: string;
  /** Raw query without `?` ("" when absent). */
  query: string;
  hasFragment: boolean;
}

/** Length of a `scheme://` prefix at the start of `url`, or 0. */
function schemeLength(url: string): number {
  const n = Math.min(url.length, 40);
  const first = url.charCodeAt(0) | 0x20;
  if (!(first >= 0x61 && first <= 0x7a)) return 0;
  for (let i = 1; i < n; i++) {
    const c = url.charCodeAt(i);
    if (c === 0x3a /* : */) return url.startsWith("//", i + 1) ? i + 3 : 0;
    const l = c | 0x20;
    const ok = (l >= 0x61 && l <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e;
    if (!ok) return 0;
  }
  return 0;
}

export function splitUrl(url: string): SplitUrl {
  let authority: string | undefined;
  let rest = url;
  if (url.charCodeAt(0) !== 0x2f) {
    const s = schemeLength(url);
    if (s > 0) {
      let end = s;
      while (end < url.length) {
        const c = url.charCodeAt(end);
        if (c === 0x2f || c === 0x3f || c === 0x23) break;
        end++;
      }
      authority = url.slice(s, end);
      rest = url.slice(end);
    }
  }
  const q = rest.indexOf("?");
  const h = rest.indexOf("#");
  const pathEnd = q < 0 ? (h < 0 ? rest.length : h) : h < 0 ? q : Math.min(q, h);
  const path = rest.slice(0, pathEnd);
  let query = "";
  if (q >= 0 && (h < 0 || q < h)) query = rest.slice(q + 1, h < 0 ? rest.length : h);
  return { authority, path, query, hasFragment: h >= 0 };
}
