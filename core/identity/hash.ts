/**
 * @module core/identity/hash
 * Identities derived from secrets (API keys, session cookies) are stored as a
 * SHA-256 prefix, never as the secret, so logs and counters cannot leak it.
 * 16 hex digits (64 bits) keep collisions negligible for any real client count.
 */

const HEX_DIGITS = 16;

export async function sha256Prefix(value: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value)));
  let hex = "";
  for (let i = 0; i < HEX_DIGITS / 2; i++) hex += (digest[i] as number).toString(16).padStart(2, "0");
  return hex;
}
