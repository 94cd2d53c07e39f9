/**
 * @module core/signatures/request-shape
 * Requests shaped to get past an application's own checks rather than to
 * inject anything:
 * - a header a framework or a front end sets for itself, sent by a client
 *   (`x-middleware-subrequest`: Next.js skipped its middleware, CVE-2025-29927;
 *   `x-invoke-path`, `x-now-route-matches`, `x-original-url`,
 *   `x-pan-authcheck`, Camel's `CamelExec…`): apiward is the edge, so no client has a reason to;
 * - a path that percent-encodes a letter or a digit, or encodes a character
 *   twice (`/%61dmin`, `/%2561dmin/…`): no client encodes what needs no
 *   encoding, and a path-prefix ACL compares the encoded form;
 * - a filter on a secret field (`filters[author][password][$startsWith]=$2a$10$`,
 *   `filter=authors.password:~^'$2a'`, `{"password":{"_starts_with":…}}`):
 *   a query API answers yes or no to each guessed prefix, which leaks the
 *   hash or the reset token a character at a time (Strapi's, Directus',
 *   Ghost's and PocketBase's advisories).
 */

const INTERNAL_HEADERS: ReadonlySet<string> = new Set([
  "x-middleware-subrequest",
  "x-invoke-path",
  "x-invoke-query",
  "x-invoke-output",
  "x-invoke-status",
  "x-now-route-matches",
  "x-react-router-spa-mode",
  "x-original-url",
  "x-rewrite-url",
  "x-pan-authcheck",
]);

/** Is `name` (lower-cased) a header only a framework or a front end sets? */
export function internalHeader(name: string): boolean {
  // Apache Camel's own message headers (`CamelExecCommandExecutable`, `CamelFileName`), which its
  // HTTP components once let a client set (CVE-2025-27636).
  return INTERNAL_HEADERS.has(name) || name.startsWith("camel");
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}

function alnum(b: number): boolean {
  const l = b | 0x20;
  return (l >= 0x61 && l <= 0x7a) || (b >= 0x30 && b <= 0x39);
}

/** Does the raw path percent-encode a letter or digit, once or twice? */
export function obfuscatedPath(rawPath: string): boolean {
  for (let i = rawPath.indexOf("%"); i >= 0 && i + 2 < rawPath.length; i = rawPath.indexOf("%", i + 1)) {
    const h = hexValue(rawPath.charCodeAt(i + 1));
    const l = hexValue(rawPath.charCodeAt(i + 2));
    if (h < 0 || l < 0) continue;
    const b = (h << 4) | l;
    if (alnum(b)) return true;
    if (b === 0x25 && i + 4 < rawPath.length) {
      const h2 = hexValue(rawPath.charCodeAt(i + 3));
      const l2 = hexValue(rawPath.charCodeAt(i + 4));
      const b2 = (h2 << 4) | l2;
      // A slash or a dot encoded twice is an object key's own `%2F` (S3, GCS); a letter never is.
      if (h2 >= 0 && l2 >= 0 && alnum(b2)) return true;
    }
  }
  return false;
}

/** Secret fields, lower-cased without `_` and `-`. */
const SECRET_FIELDS: ReadonlySet<string> = new Set([
  "password",
  "passwd",
  "passwordhash",
  "hashedpassword",
  "resetpasswordtoken",
  "passwordresettoken",
  "resettoken",
  "otpsecret",
  "totpsecret",
  "mfasecret",
]);
/** Parameter names that take a filter, whose bracketed parts (`filters[author][password]`) name fields. */
const FILTER_PARAMS: ReadonlySet<string> = new Set(["filter", "filters", "where", "query", "queries"]);
/**
 * Of those, the ones whose text is a filter language rather than a search box's words
 * (`query=password: reset` is a question).
 */
const FILTER_TEXT_PARAMS: ReadonlySet<string> = new Set(["filter", "filters", "where", "queries"]);
/** A secret field's name, then an operator (`:`, `~`, `=`, `!`, `<`, `>`), within a filter's text. */
const SECRET_CONDITION =
  /(?:^|[^a-z0-9_])(?:password(?:_?hash)?|passwd|hashed_?password|reset_?password_?token|password_?reset_?token|reset_?token|(?:otp|totp|mfa)_?secret)["']?\s*[:~=!<>]/i;

function fieldName(part: string): string {
  return part.toLowerCase().replaceAll("_", "").replaceAll("-", "");
}

/** Does the query or form parameter `name`=`value` filter on a secret field? */
export function secretFieldFilter(name: string, value: string): boolean {
  // The name's head first, without allocating: most parameters are no filter.
  let h = 0;
  while (h < name.length && name.charCodeAt(h) !== 0x5b && name.charCodeAt(h) !== 0x2e) h++;
  const head = h > 7 ? "" : name.slice(0, h).toLowerCase();
  if (!FILTER_PARAMS.has(head)) return false;
  const parts = name.split(/[[\].]+/).filter((p) => p.length > 0);
  for (let k = 1; k < parts.length; k++) if (SECRET_FIELDS.has(fieldName(parts[k] as string))) return true;
  return FILTER_TEXT_PARAMS.has(head) && value.length < 4096 && SECRET_CONDITION.test(value);
}
