/**
 * @module core/identity/cookies
 * Reads one cookie from the `cookie` header(s) without parsing the others
 * into objects. The first occurrence wins (RFC 6265 orders the more specific
 * path first); surrounding double quotes are removed.
 */
import type { HeaderList } from "../types.ts";

export function readCookie(headers: HeaderList, name: string): string | undefined {
  for (const [n, v] of headers) {
    if (n !== "cookie") continue;
    for (const part of v.split(";")) {
      const eq = part.indexOf("=");
      if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
      let value = part.slice(eq + 1).trim();
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      return value;
    }
  }
  return undefined;
}
