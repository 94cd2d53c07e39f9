/**
 * @module core/http/form-component
 * One name or value of an `application/x-www-form-urlencoded` text (a form
 * body or a query) as servers read it: `+` is a space, percent escapes are
 * decoded. Null when the escapes are malformed, so that each caller decides
 * what that means (keep the raw text, skip the field, give up).
 */
export function decodeFormComponent(s: string): string | null {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return null;
  }
}
