/**
 * @module core/canonicalize/backslash
 * Backslash to slash: IIS, Windows file servers and some proxies treat `\` as
 * a path separator, so `/admin\config` must match rules on `/admin/config`.
 */
import type { Transformed } from "./transformation.ts";

export function backslashToSlash(input: string): Transformed<string> {
  if (input.indexOf("\\") < 0) return { value: input, changed: false };
  return { value: input.replaceAll("\\", "/"), changed: true };
}
