/**
 * @module policy/paths
 * Path patterns against canonical paths, which end without a slash
 * (core/canonicalize): an exact path is compared without its trailing slash,
 * and a prefix ending in `/` also holds the directory itself.
 */

/** A canonical path followed by one slash (`/admin` → `/admin/`; `/` stays). */
export function withSlash(path: string): string {
  return path.endsWith("/") ? path : `${path}/`;
}

/** An exact path as canonical paths are written: without a trailing slash (`/private/` → `/private`). */
export function exactPath(p: string): string {
  let e = p.length;
  while (e > 1 && p.charCodeAt(e - 1) === 0x2f) e--;
  return p.slice(0, e);
}
