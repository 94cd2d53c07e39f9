/**
 * @module core/canonicalize/path-segments
 * Turns a decoded path into segments: empty segments (`//`) collapsed,
 * `;` parameters cut from each segment (`/admin;x=1/` and Tomcat's `..;/`),
 * then dot segments resolved per RFC 3986 §5.2.4, never above the root. The
 * trailing slash is dropped so that `/a/b/` and `/a/b` are one path.
 */

export const SEG_DUPLICATE_SLASH = 1;
export const SEG_PATH_PARAM = 2;
export const SEG_DOT = 4;
/** A `..` removed a real segment (not just a no-op at the root). */
export const SEG_CLIMB = 8;
/** The segment fold changed a segment. */
export const SEG_FOLDED = 16;

export interface ResolvedSegments {
  segments: string[];
  /** SEG_* bits. */
  flags: number;
}

/**
 * Splits a decoded path (any `\` already turned into `/`) into resolved
 * segments. `fold`, when given, rewrites each segment after its `;`
 * parameters are cut and before dot segments are resolved (the Windows
 * fold: `.. ` is a `..`).
 */
export function resolveSegments(path: string, fold?: (segment: string) => string): ResolvedSegments {
  const parts = path.split("/");
  const last = parts.length - 1;
  const segments: string[] = [];
  let flags = 0;
  for (let i = 0; i <= last; i++) {
    let seg = parts[i] as string;
    if (seg.length === 0) {
      if (i !== 0 && i !== last) flags |= SEG_DUPLICATE_SLASH;
      continue;
    }
    const semi = seg.indexOf(";");
    if (semi >= 0) {
      flags |= SEG_PATH_PARAM;
      seg = seg.slice(0, semi);
      if (seg.length === 0) continue;
    }
    if (fold) {
      const folded = fold(seg);
      if (folded !== seg) {
        flags |= SEG_FOLDED;
        seg = folded;
        if (seg.length === 0) continue;
      }
    }
    if (seg === ".") {
      flags |= SEG_DOT;
    } else if (seg === "..") {
      flags |= SEG_DOT;
      if (segments.pop() !== undefined) flags |= SEG_CLIMB;
    } else {
      segments.push(seg);
    }
  }
  return { segments, flags };
}

/** The path of a segment list: `/` plus the segments joined by `/` (equals CanonicalRequest.path). */
export function pathKey(segments: readonly string[]): string {
  return "/" + segments.join("/");
}
