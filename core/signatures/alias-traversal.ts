/**
 * @module core/signatures/alias-traversal
 * nginx's off-by-slash: a `location /media { alias /srv/media/; }` without
 * the trailing slash maps `/media../config/settings.py` to
 * `/srv/media/../config/settings.py`, one directory above the alias. A path
 * segment that is a name glued to exactly two dots and followed by more path
 * is that probe (`/static../.git/config`, `/assets../app.py`); an ellipsis
 * (`and-then.../`) or a lone `..` (the value scanners' traversal) is not.
 */

function aliasSegment(path: string): boolean {
  let start = 0;
  while (start < path.length) {
    const end = path.indexOf("/", start);
    if (end < 0) return false;
    if (
      end - start >= 3 &&
      path.charCodeAt(end - 1) === 0x2e &&
      path.charCodeAt(end - 2) === 0x2e &&
      path.charCodeAt(end - 3) !== 0x2e &&
      end + 1 < path.length
    )
      return true;
    start = end + 1;
  }
  return false;
}

/** Does the path (as received, and once percent-decoded) climb out of an alias? */
export function aliasTraversal(rawPath: string): boolean {
  if (!rawPath.includes("..") && !rawPath.includes("%")) return false;
  if (aliasSegment(rawPath)) return true;
  if (!rawPath.includes("%")) return false;
  try {
    return aliasSegment(decodeURIComponent(rawPath));
  } catch {
    return false;
  }
}
