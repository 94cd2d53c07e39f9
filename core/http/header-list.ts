/**
 * @module core/http/header-list
 * Reading a request's header list (`HeaderList`: lower-case names, arrival
 * order, duplicates kept), the one shape the canonical request, identity,
 * behaviour and the offline readers share.
 */
import type { HeaderList } from "../types.ts";

/** The first value of `name` (lower case) in a header list. */
export function headerValue(h: HeaderList, name: string): string | undefined {
  for (const [n, v] of h) if (n === name) return v;
  return undefined;
}
