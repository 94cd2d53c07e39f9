/**
 * @module core/signatures/authorization-credential
 * An Authorization credential that is a value, not a token: what a server
 * splices into a query or a log as it is. A Bearer credential outside RFC
 * 6750's b64token (`Bearer ';SELECT(0x3c3f…`, FortiWeb's CVE-2025-25257), and
 * an application's own scheme whose credential is neither a token68 nor a list
 * of auth-params (GLPI's `user_token 1' AND (SELECT … SLEEP(5))a)-- `).
 * Basic's is Base64 of a user and a password (its user is read elsewhere);
 * Digest's, AWS's, OAuth 1's and HTTP Signatures' are auth-param lists.
 */

/** Letters, digits and `-._~+/` (RFC 6750's b64token, RFC 7235's token68 without its padding). */
function tokenByte(c: number): boolean {
  const l = c | 0x20;
  return (
    (c >= 0x30 && c <= 0x39) ||
    (l >= 0x61 && l <= 0x7a) ||
    c === 0x2d ||
    c === 0x2e ||
    c === 0x5f ||
    c === 0x7e ||
    c === 0x2b ||
    c === 0x2f
  );
}

/** Is `cred` a token68: token bytes, then `=` padding only? */
function token68(cred: string): boolean {
  let i = 0;
  while (i < cred.length && tokenByte(cred.charCodeAt(i))) i++;
  while (i < cred.length && cred.charCodeAt(i) === 0x3d) i++;
  return i === cred.length;
}

/** `name=value` pairs joined by commas, each value a token or a quoted string (RFC 7235's auth-params). */
const AUTH_PARAMS = /^[\w.-]+=(?:"[^"]*"|[^\s,"]*)(?:\s*,\s*[\w.-]+=(?:"[^"]*"|[^\s,"]*))*\s*,?$/;

export interface ForeignCredential {
  /** Where a finding in it is reported: `authorization.bearer` or `authorization.credential`. */
  location: string;
  credential: string;
}

/** The credential of an Authorization value when it is neither a token nor auth-params; null otherwise. */
export function foreignCredential(value: string): ForeignCredential | null {
  const space = value.indexOf(" ");
  if (space <= 0 || space > 32) return null;
  const scheme = value.slice(0, space).toLowerCase();
  if (scheme === "basic") return null;
  const credential = value.slice(space + 1).trim();
  if (credential.length === 0 || token68(credential)) return null;
  if (scheme === "bearer") return { location: "authorization.bearer", credential };
  if (AUTH_PARAMS.test(credential)) return null;
  return { location: "authorization.credential", credential };
}
