/**
 * @module core/identity/base64url
 * base64url (RFC 4648 §5) for JWT parts, strict: anything outside the
 * alphabet, or an impossible length, gives null rather than a throw.
 */

const ALPHABET = /^[A-Za-z0-9_-]*$/;

export function base64UrlToBytes(s: string): Uint8Array | null {
  if (!ALPHABET.test(s) || s.length % 4 === 1) return null;
  try {
    const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** Decodes a base64url JSON object; null when it is not one. */
export function base64UrlJson(s: string): Record<string, unknown> | null {
  const bytes = base64UrlToBytes(s);
  if (bytes === null) return null;
  try {
    const v: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
