/**
 * @module core/signatures/jwt-header
 * The JOSE header of a bearer JWT, read for what an attacker puts there: an
 * `alg` of `none` (a token that asks for no signature check), a key embedded
 * in the token (`jwk`, CVE-2018-0114) or named by a URL (`jku`, `x5u`: the
 * server fetches the attacker's key, or an internal address), and a `kid`
 * that servers use as a file name, a database key or a command argument.
 * The Authorization header is otherwise not scanned (a credential is opaque
 * data); only the decoded header is, never the claims or the signature.
 */
import { base64UrlJson } from "../identity/base64url.ts";

export interface JwtHeaderFacts {
  algNone: boolean;
  embeddedKey: boolean;
  /** `jku` and `x5u` values. */
  keyUrls: string[];
  /** The `kid`, when it is a string. */
  kid: string | null;
}

/** Longest encoded header read (a real one is well under 1 KB; an embedded RSA key about 600 bytes). */
const MAX_HEADER_B64 = 8192;
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;

/** The facts of the JWT in an Authorization value (`Bearer <jwt>`), or null when it holds none that parses. */
export function jwtHeaderOf(authorization: string): JwtHeaderFacts | null {
  const v = authorization.trim();
  if (v.length < 8 || v.slice(0, 7).toLowerCase() !== "bearer ") return null;
  const token = v.slice(7).trim();
  const dot = token.indexOf(".");
  if (dot <= 0 || dot > MAX_HEADER_B64 || !JWT.test(token)) return null;
  // The decoder identity's JWT check uses (strict base64url, UTF-8, a JSON object or null).
  const h = base64UrlJson(token.slice(0, dot));
  if (h === null) return null;
  const keyUrls: string[] = [];
  for (const k of ["jku", "x5u"]) if (typeof h[k] === "string") keyUrls.push(h[k] as string);
  return {
    algNone: typeof h.alg === "string" && h.alg.trim().toLowerCase() === "none",
    embeddedKey: typeof h.jwk === "object" && h.jwk !== null,
    keyUrls,
    kid: typeof h.kid === "string" ? h.kid : null,
  };
}
