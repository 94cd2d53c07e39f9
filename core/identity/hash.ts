/**
 * @module core/identity/hash
 * Identities derived from secrets (API keys, session cookies) are stored as a
 * 16-hex-digit prefix (64 bits: collisions negligible for any real client
 * count) of a digest, never as the secret, so logs and counters cannot leak
 * it. With a deployment key (`APIWARD_IDENTITY_KEY`) the digest is an
 * HMAC-SHA-256: whoever reads the logs cannot test a list of candidate keys
 * against them, and two deployments' identities do not link. Without one it
 * is a plain SHA-256.
 */

const HEX_DIGITS = 16;
const encoder = new TextEncoder();

function hexPrefix(digest: ArrayBuffer): string {
  const bytes = new Uint8Array(digest);
  let hex = "";
  for (let i = 0; i < HEX_DIGITS / 2; i++) hex += (bytes[i] as number).toString(16).padStart(2, "0");
  return hex;
}

export async function sha256Prefix(value: string): Promise<string> {
  return hexPrefix(await crypto.subtle.digest("SHA-256", encoder.encode(value)));
}

/** The identity digest prefix of `value`: HMAC-SHA-256 under `key`, or SHA-256 without one. */
export async function identityHash(value: string, key: CryptoKey | null | undefined): Promise<string> {
  if (!key) return sha256Prefix(value);
  return hexPrefix(await crypto.subtle.sign("HMAC", key, encoder.encode(value)));
}

/** The HMAC key for identity digests from the deployment's secret; null when none is set. */
export async function importIdentityKey(secret: string | undefined): Promise<CryptoKey | null> {
  if (secret === undefined || secret.length === 0) return null;
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

/**
 * One isolate's identity key, imported once per secret value (a rotated
 * secret is picked up on the next request that carries it).
 */
export class IdentityKeyCache {
  private secret: string | undefined = undefined;
  private key: Promise<CryptoKey | null> = Promise.resolve(null);

  get(secret: string | undefined): Promise<CryptoKey | null> {
    if (secret !== this.secret) {
      this.secret = secret;
      this.key = importIdentityKey(secret);
    }
    return this.key;
  }
}
