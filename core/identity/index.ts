/**
 * @module core/identity
 * Who a client is, for every counter and log line. By default the address
 * (`clientKey`: IPv4, or the IPv6 /64); per app optionally an API-key header
 * or a session cookie (stored as a digest prefix, never the secret: an
 * HMAC under the deployment's key when one is set, else SHA-256) or a JWT
 * subject whose signature is verified with Web Crypto. When the configured
 * identity is missing, or a token is invalid, expired or unverifiable, the
 * identity falls back to the address with a reason: an unverified subject is
 * never trusted, since anyone can write one.
 */
import type { AppConfig } from "../config/app-config.ts";
import { headerValue } from "../http/header-list.ts";
import type { HeaderList } from "../types.ts";
import { clientKey } from "./client-ip.ts";
import { readCookie } from "./cookies.ts";
import { identityHash } from "./hash.ts";
import { type JwtFailure, verifyJwt } from "./jwt.ts";

export { type ClientIpInput, clientKey, fromTrustedProxy, resolveClientIp, UNKNOWN_IP } from "./client-ip.ts";
export {
  JWT_LEEWAY_S,
  JWT_MAX_LENGTH,
  type JwtExpectations,
  type JwtFailure,
  type JwtResult,
  verifyJwt,
} from "./jwt.ts";

export type IdentityConfig = AppConfig["identity"];

export type IdentityKind = "ip" | "header" | "cookie" | "jwt";

/** Why the configured identity was not used (the identity is then the address). */
export type IdentityFallback =
  | "header_missing"
  | "cookie_missing"
  | "jwt_missing"
  | "jwt_no_key"
  | "identity_error"
  | JwtFailure;

export interface ResolvedIdentity {
  /** `203.0.113.7`, `2001:db8:1:2::/64`, `key:<16 hex>`, `session:<16 hex>` or `jwt:<subject>`. */
  identity: string;
  kind: IdentityKind;
  /** True for the address and a verified JWT; an API key or cookie is a claim apiward cannot check. */
  verified: boolean;
  reason?: IdentityFallback;
}

export interface IdentityOptions {
  /** Current time, epoch seconds (tests, replay); default `Date.now() / 1000`. */
  now?: number;
  /** The deployment's HMAC key for API-key and cookie identities (`APIWARD_IDENTITY_KEY`); none: SHA-256. */
  key?: CryptoKey | null;
}

/** Longest header value or cookie hashed; longer values are hashed on this prefix (bounded cost). */
const MAX_SECRET = 4096;

/** The token of `Bearer <token>`, or the whole value for a custom header without a scheme. */
function bearerToken(value: string): string {
  const v = value.trim();
  return /^bearer\s/i.test(v) ? v.slice(7).trim() : v;
}

function byIp(ip: string, reason?: IdentityFallback): ResolvedIdentity {
  const r: ResolvedIdentity = { identity: clientKey(ip), kind: "ip", verified: true };
  if (reason !== undefined) r.reason = reason;
  return r;
}

/** The identity of an app that identifies clients by address (`type: "ip"`): what `resolveIdentity` gives, without a promise. */
export function ipIdentity(ip: string): ResolvedIdentity {
  return byIp(ip);
}

/**
 * Resolves the client identity for one request. `ip` is the result of
 * `resolveClientIp`. Never rejects: unexpected failures fall back to the IP.
 */
export async function resolveIdentity(
  config: IdentityConfig,
  req: { headers: HeaderList },
  ip: string,
  options: IdentityOptions = {},
): Promise<ResolvedIdentity> {
  const headers = Array.isArray(req.headers) ? req.headers : [];
  try {
    switch (config.type) {
      case "header": {
        const v = headerValue(headers, config.header)?.trim();
        if (!v) return byIp(ip, "header_missing");
        const digest = await identityHash(v.slice(0, MAX_SECRET), options.key);
        return { identity: `key:${digest}`, kind: "header", verified: false };
      }
      case "cookie": {
        const v = readCookie(headers, config.cookie);
        if (!v) return byIp(ip, "cookie_missing");
        const digest = await identityHash(v.slice(0, MAX_SECRET), options.key);
        return { identity: `session:${digest}`, kind: "cookie", verified: false };
      }
      case "jwt": {
        const raw = headerValue(headers, config.header);
        const token = raw === undefined ? "" : bearerToken(raw);
        if (token.length === 0) return byIp(ip, "jwt_missing");
        if (config.jwk === undefined) return byIp(ip, "jwt_no_key");
        const now = options.now ?? Date.now() / 1000;
        const r = await verifyJwt(token, config.jwk, config.claim, now, {
          issuer: config.issuer,
          audience: config.audience,
        });
        return r.ok ? { identity: `jwt:${r.subject}`, kind: "jwt", verified: true } : byIp(ip, r.reason);
      }
      default:
        return byIp(ip);
    }
  } catch {
    return byIp(
      ip,
      config.type === "jwt" ? "jwt_malformed" : config.type === "cookie" ? "cookie_missing" : "header_missing",
    );
  }
}
