/**
 * @module core/identity/jwk-key
 * Imports a configured JWK as a Web Crypto verification key, once per JWK
 * (module-level cache keyed by the JWK JSON; importing costs far
 * more than verifying). Only the public members are imported, so a private
 * JWK pasted into the config by mistake still verifies. Supported: HS256
 * (`oct`, secret of at least 256 bits), RS256 (`RSA`, modulus of at least
 * 2048 bits), ES256 (`EC` P-256). A weaker or malformed key is refused, so
 * a subject is never "verified" by a key an attacker could brute-force.
 */
import { base64UrlToBytes } from "./base64url.ts";

export type JwtAlg = "HS256" | "RS256" | "ES256";

export interface VerifyKey {
  alg: JwtAlg;
  key: CryptoKey;
}

/** Cache bound: configs are few; a churn of distinct JWKs clears it rather than growing without limit. */
const MAX_CACHED = 64;
const cache = new Map<string, Promise<VerifyKey | null>>();

/** The algorithm a JWK is for: its `alg` when set, else implied by `kty` (and `crv`). Null when unsupported. */
export function jwkAlg(jwk: Record<string, unknown>): JwtAlg | null {
  const alg = jwk["alg"];
  const kty = jwk["kty"];
  const implied =
    kty === "oct" ? "HS256" : kty === "RSA" ? "RS256" : kty === "EC" && jwk["crv"] === "P-256" ? "ES256" : null;
  if (alg === undefined) return implied;
  return alg === implied ? implied : null;
}

/** Shortest HMAC secret accepted, bytes: RFC 7518 §3.2 requires a key at least as long as the hash (256 bits). */
export const MIN_HMAC_KEY_BYTES = 32;

const b64 = (v: unknown, minBytes = 1): string | null => {
  if (typeof v !== "string") return null;
  const bytes = base64UrlToBytes(v);
  return bytes !== null && bytes.length >= minBytes ? v : null;
};

/** The public members of the JWK, checked; null when one is missing or malformed. */
function publicPart(jwk: Record<string, unknown>, alg: JwtAlg): JsonWebKey | null {
  if (alg === "HS256") {
    const k = b64(jwk["k"], MIN_HMAC_KEY_BYTES);
    return k === null ? null : { kty: "oct", k, alg };
  }
  if (alg === "RS256") {
    const n = b64(jwk["n"], 256);
    const e = b64(jwk["e"]);
    return n === null || e === null ? null : { kty: "RSA", n, e, alg };
  }
  const x = b64(jwk["x"], 32);
  const y = b64(jwk["y"], 32);
  return x === null || y === null ? null : { kty: "EC", crv: "P-256", x, y };
}

/** Import parameters; a structural type so it checks against both the DOM and the Workers typings. */
const PARAMS: Record<JwtAlg, { name: string; hash?: string; namedCurve?: string }> = {
  HS256: { name: "HMAC", hash: "SHA-256" },
  RS256: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
  ES256: { name: "ECDSA", namedCurve: "P-256" },
};

async function importKey(jwk: Record<string, unknown>): Promise<VerifyKey | null> {
  const alg = jwkAlg(jwk);
  const pub = alg === null ? null : publicPart(jwk, alg);
  if (alg === null || pub === null) return null;
  try {
    const key = await crypto.subtle.importKey("jwk", pub, PARAMS[alg], false, ["verify"]);
    return { alg, key };
  } catch {
    return null;
  }
}

/** The verification key for a JWK, imported once; null when the JWK is unusable. Never rejects. */
export function verifyKeyFor(jwk: Record<string, unknown>): Promise<VerifyKey | null> {
  let id: string;
  try {
    id = JSON.stringify(jwk);
  } catch {
    return Promise.resolve(null);
  }
  let entry = cache.get(id);
  if (entry === undefined) {
    if (cache.size >= MAX_CACHED) cache.clear();
    entry = importKey(jwk);
    cache.set(id, entry);
  }
  return entry;
}
