/**
 * @module core/canonicalize/control-chars
 * Detects C0 control characters and DEL (tab included in paths, where it has
 * no business; excluded in header values, where it is legal whitespace).
 */

/** True when `s` has a character in U+0001..U+001F or U+007F (NUL is reported separately). */
export function hasControlChar(s: string, allowTab = false): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0 && !(allowTab && c === 0x09)) || c === 0x7f) return true;
  }
  return false;
}
