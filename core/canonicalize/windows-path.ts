/**
 * @module core/canonicalize/windows-path
 * What a Windows origin (IIS, a Windows file server, ASP.NET on IIS) makes of
 * a decoded path, for apps that declare one (`windows_paths` in the app
 * config): the file system ignores trailing dots and spaces of a name
 * (`admin.` and `admin%20` are `admin`), `name::$DATA` is the file's default
 * NTFS stream (its source, historically), and IIS best-fit maps fullwidth
 * ASCII (`％`, `．`, `／`, U+FF01–U+FF5E) to ASCII. Without this fold, a rule
 * on `/admin/` misses `/admin./` while the origin serves `/admin/`.
 *
 * Fullwidth forms are folded after decoding, before the path is split; each
 * segment is folded after its `;` parameters are cut and before dot segments
 * are resolved, so a `..` made of fullwidth dots or ending in spaces is
 * resolved like any other, and flagged (a structure trick: climbing through
 * it is `ambiguous_path`).
 * Plain loops, no regular expression.
 */
import type { Transformed } from "./transformation.ts";

const FULLWIDTH_FIRST = 0xff01;
const FULLWIDTH_LAST = 0xff5e;
/** Fullwidth form to ASCII: U+FF01 `！` → U+0021 `!` … U+FF5E `～` → U+007E `~`. */
const FULLWIDTH_OFFSET = 0xfee0;

/** Folds fullwidth ASCII forms to ASCII. */
export function foldFullwidth(input: string): Transformed<string> {
  let i = 0;
  for (; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c >= FULLWIDTH_FIRST && c <= FULLWIDTH_LAST) break;
  }
  if (i === input.length) return { value: input, changed: false };
  let out = input.slice(0, i);
  for (; i < input.length; i++) {
    const c = input.charCodeAt(i);
    out += c >= FULLWIDTH_FIRST && c <= FULLWIDTH_LAST ? String.fromCharCode(c - FULLWIDTH_OFFSET) : input[i];
  }
  return { value: out, changed: true };
}

const isDotOrSpace = (c: number): boolean => c === 0x2e || c === 0x20;

/**
 * One segment as Windows names it: trailing dots and spaces removed, an NTFS
 * stream suffix cut (`a.asp::$DATA`, `a.asp:s:$DATA`: from the first `:` of
 * a segment ending in `$DATA`), then trailing dots and spaces again (Windows
 * trims the path's end before it parses the stream; trimming the name too
 * errs on the side of matching block rules). A segment made only of dots and
 * spaces loses only its trailing spaces (`.. ` is `..`; `...` stays a name).
 */
export function windowsSegment(seg: string): string {
  let s = trimEnd(seg);
  const colon = s.indexOf(":");
  if (colon >= 0 && s.length >= 5 && s.slice(-5).toLowerCase() === "$data") s = trimEnd(s.slice(0, colon));
  return s;
}

function trimEnd(s: string): string {
  let onlyDots = true;
  for (let i = 0; i < s.length; i++) {
    if (!isDotOrSpace(s.charCodeAt(i))) {
      onlyDots = false;
      break;
    }
  }
  let end = s.length;
  if (onlyDots) while (end > 0 && s.charCodeAt(end - 1) === 0x20) end--;
  else while (end > 0 && isDotOrSpace(s.charCodeAt(end - 1))) end--;
  return end === s.length ? s : s.slice(0, end);
}

/**
 * True when a plain ASCII path (see isPlainPath) could change under the
 * Windows fold: some segment ends in a dot or a space, or has a `:`.
 */
export function windowsFoldable(raw: string): boolean {
  const n = raw.length;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x3a) return true;
    if (isDotOrSpace(c) && (i + 1 === n || raw.charCodeAt(i + 1) === 0x2f)) return true;
  }
  return false;
}
