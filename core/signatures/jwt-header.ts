/**
 * @module core/signatures/jwt-header
 * The JOSE header of a bearer JWT, read for what an attacker puts there: an
 * `alg` of `none` (a token that asks for no signature check; with it the one
 * signature that is no signature, ECDSA's r = s = 0), a key embedded
 * in the token (`jwk`, CVE-2018-0114) or named by a URL (`jku`, `x5u`: the
 * server fetches the attacker's key, or an internal address), and a `kid`
 * that servers use as a file name, a database key or a command argument.
 * The Authorization header is otherwise not scanned (a credential is opaque
 * data); the decoded header is, and so are the string claims (`claimStrings`):
 * an identity provider signs what a user typed into a profile field (a name
 * of `${jndi:…}`), and libraries that serve several issuers fetch the `iss`'s
 * keys before they verify anything. The signature never is. A JWT sent as a
 * parameter (a request object) is read the same way (`jwtParameterClaims`).
 */
import { base64UrlJson } from "../identity/base64url.ts";
import { siteOf } from "./host-override.ts";
import { stringLeaves } from "./json-strings.ts";

export interface JwtHeaderFacts {
  algNone: boolean;
  /**
   * An ECDSA signature of r = s = 0 (`MAYCAQACAQA` in DER, or all zero bytes): Java 15–18 accepted it
   * for any message and key ("psychic signatures", CVE-2022-21449).
   */
  nullSignature: boolean;
  embeddedKey: boolean;
  /** `jku` and `x5u` values. */
  keyUrls: string[];
  /** The `kid`: as written when a string, as JSON when anything else (a `{"$ne":null}` for a store's lookup). */
  kid: string | null;
}

/** Longest encoded header read (a real one is well under 1 KB; an embedded RSA key about 600 bytes). */
const MAX_HEADER_B64 = 8192;
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;

/** The token of an Authorization value (`Bearer <token>`), or null for another scheme. */
export function bearerToken(authorization: string): string | null {
  const v = authorization.trim();
  if (v.length < 8 || v.slice(0, 7).toLowerCase() !== "bearer ") return null;
  return v.slice(7).trim();
}

/** Operator keys read from a JWT's claims at most. */
const MAX_OPERATOR_KEYS = 16;

/**
 * The claim keys that open with `$` (`{"sub":{"$ne":""}}`) in a JWT's decoded `claims`
 * (jwtClaims), each with the path of the object holding it: a server that looks its user up by a
 * claim as it is hands a query operator to its store. Any value under them counts (`{"$gt":0}`,
 * `{"$ne":null}`), not only strings.
 */
export function operatorKeys(claims: Record<string, unknown>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (v: unknown, path: string, depth: number): void => {
    if (out.length >= MAX_OPERATOR_KEYS || depth > 8 || typeof v !== "object" || v === null) return;
    if (Array.isArray(v)) {
      for (let k = 0; k < v.length; k++) walk(v[k], path ? `${path}.${k}` : String(k), depth + 1);
      return;
    }
    for (const [k, x] of Object.entries(v)) {
      if (k.startsWith("$") && out.length < MAX_OPERATOR_KEYS) out.push([path, k]);
      walk(x, path ? `${path}.${k}` : k, depth + 1);
    }
  };
  walk(claims, "", 0);
  return out;
}

/**
 * Is a `jku` or `x5u` URL one a token of this issuer's would never name: one with credentials before
 * its host (`https://auth.acme.io@attacker.example/…`, the host is the part after `@`), not HTTPS, no
 * URL at all, or on another site than an HTTPS issuer's (`iss` `https://auth.acme.io`, `jku`
 * `https://attacker.example/jwks.json`)? The server fetches the key it then trusts from there.
 */
export function foreignKeyUrl(url: string, issuer: string | undefined): boolean {
  let key: URL;
  try {
    key = new URL(url);
  } catch {
    return true;
  }
  if (key.protocol !== "https:" || key.username !== "" || key.password !== "") return true;
  if (issuer === undefined || !issuer.startsWith("https://")) return false;
  let iss: URL;
  try {
    iss = new URL(issuer);
  } catch {
    return false;
  }
  return siteOf(key.hostname) !== siteOf(iss.hostname);
}

/** Claims read from a parameter's JWT at most. */
const MAX_CLAIMS = 64;

/**
 * The string claims of a JWT sent as a parameter (an OpenID Connect request object, an
 * `id_token_hint`, a client assertion), with their paths: the server reads them as it reads
 * parameters, so they are scanned as values. Null when the value is no JWT.
 */
export function jwtParameterClaims(value: string): Array<[string, string]> | null {
  const claims = jwtClaims(value);
  return claims === null ? null : claimStrings(claims);
}

/** A compact JWT's decoded claims (its middle part), or null when `token` is no JWT. */
export function jwtClaims(token: string): Record<string, unknown> | null {
  if (!token.startsWith("eyJ") || !JWT.test(token)) return null;
  return base64UrlJson(token.split(".")[1] ?? "");
}

/** The string claims of decoded `claims` (jwtClaims), with their paths. */
export function claimStrings(claims: Record<string, unknown>): Array<[string, string]> {
  return stringLeaves(claims, MAX_CLAIMS, 8);
}

/** The facts of a compact JWT's header, or null when it is none that parses. */
export function jwtHeaderFacts(token: string): JwtHeaderFacts | null {
  const dot = token.indexOf(".");
  if (dot <= 0 || dot > MAX_HEADER_B64 || !JWT.test(token)) return null;
  // The decoder identity's JWT check uses (strict base64url, UTF-8, a JSON object or null).
  const h = base64UrlJson(token.slice(0, dot));
  if (h === null) return null;
  const keyUrls: string[] = [];
  for (const k of ["jku", "x5u"]) if (typeof h[k] === "string") keyUrls.push(h[k] as string);
  const alg = typeof h.alg === "string" ? h.alg.trim() : "";
  const signature = token.slice(token.lastIndexOf(".") + 1);
  return {
    algNone: alg.toLowerCase() === "none",
    nullSignature: alg.toUpperCase().startsWith("ES") && (signature === "MAYCAQACAQA" || /^A{16,}$/.test(signature)),
    embeddedKey: typeof h.jwk === "object" && h.jwk !== null,
    keyUrls,
    kid: typeof h.kid === "string" ? h.kid : h.kid === undefined || h.kid === null ? null : JSON.stringify(h.kid),
  };
}
