/**
 * @module core/identity/jwt
 * Verifies a compact JWS (JWT) with Web Crypto and returns its subject. The
 * algorithm comes from the configured key, never from the token: a token
 * saying `alg: none` or another algorithm than the key's (the HS256-with-an-
 * RSA-public-key confusion) is refused. `exp` and `nbf` are checked with a
 * 60 s leeway for clock skew; a token without `exp` is accepted. When the
 * app names its issuers or audiences, `iss` must be one of them and `aud`
 * (a string or a list, RFC 7519 §4.1.3) must name one (a key shared by
 * several services then does not make their tokens interchangeable).
 * Failures return a reason code, never a throw.
 */
import { base64UrlJson, base64UrlToBytes } from "./base64url.ts";
import { verifyKeyFor } from "./jwk-key.ts";

/** Clock-skew leeway for `exp`/`nbf`, seconds. */
export const JWT_LEEWAY_S = 60;
/** Longest token considered; beyond it the token is refused before any decoding. */
export const JWT_MAX_LENGTH = 8192;

export type JwtFailure =
  | "jwt_malformed"
  | "jwt_alg_none"
  | "jwt_alg_mismatch"
  | "jwt_key_invalid"
  | "jwt_bad_signature"
  | "jwt_expired"
  | "jwt_not_yet_valid"
  | "jwt_wrong_issuer"
  | "jwt_wrong_audience"
  | "jwt_no_subject";

/** What the app accepts beyond the signature and times (each unset: not checked). */
export interface JwtExpectations {
  issuer?: string | string[] | undefined;
  audience?: string | string[] | undefined;
}

const asList = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);

export type JwtResult = { ok: true; subject: string } | { ok: false; reason: JwtFailure };

/** Longest subject kept as an identity; longer ones are cut (counters key on it). */
const MAX_SUBJECT = 256;

export async function verifyJwt(
  token: string,
  jwk: Record<string, unknown>,
  claim: string,
  nowSeconds: number,
  expect: JwtExpectations = {},
): Promise<JwtResult> {
  if (token.length > JWT_MAX_LENGTH) return { ok: false, reason: "jwt_malformed" };
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "jwt_malformed" };
  const [h, p, s] = parts as [string, string, string];
  const header = base64UrlJson(h);
  const payload = base64UrlJson(p);
  const sig = base64UrlToBytes(s);
  if (header === null || payload === null || sig === null) return { ok: false, reason: "jwt_malformed" };
  const alg = header["alg"];
  if (typeof alg !== "string" || alg.toLowerCase() === "none") return { ok: false, reason: "jwt_alg_none" };
  const vk = await verifyKeyFor(jwk);
  if (vk === null) return { ok: false, reason: "jwt_key_invalid" };
  if (alg !== vk.alg) return { ok: false, reason: "jwt_alg_mismatch" };
  const data = new TextEncoder().encode(`${h}.${p}`);
  let valid = false;
  try {
    if (vk.alg === "HS256") valid = await crypto.subtle.verify("HMAC", vk.key, sig, data);
    else if (vk.alg === "RS256") valid = await crypto.subtle.verify("RSASSA-PKCS1-v1_5", vk.key, sig, data);
    else
      valid = sig.length === 64 && (await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, vk.key, sig, data));
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: "jwt_bad_signature" };
  const exp = payload["exp"];
  const nbf = payload["nbf"];
  if (exp !== undefined && (typeof exp !== "number" || nowSeconds > exp + JWT_LEEWAY_S)) {
    return { ok: false, reason: "jwt_expired" };
  }
  if (nbf !== undefined && (typeof nbf !== "number" || nowSeconds + JWT_LEEWAY_S < nbf)) {
    return { ok: false, reason: "jwt_not_yet_valid" };
  }
  if (expect.issuer !== undefined) {
    const iss = payload["iss"];
    if (typeof iss !== "string" || !asList(expect.issuer).includes(iss))
      return { ok: false, reason: "jwt_wrong_issuer" };
  }
  if (expect.audience !== undefined) {
    const aud = payload["aud"];
    const named = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud.filter((a) => typeof a === "string") : [];
    const accepted = asList(expect.audience);
    if (!named.some((a) => accepted.includes(a))) return { ok: false, reason: "jwt_wrong_audience" };
  }
  const sub = payload[claim];
  const subject = typeof sub === "string" ? sub : typeof sub === "number" ? String(sub) : "";
  if (subject.length === 0) return { ok: false, reason: "jwt_no_subject" };
  return { ok: true, subject: subject.slice(0, MAX_SUBJECT) };
}
