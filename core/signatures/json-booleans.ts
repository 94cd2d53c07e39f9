/**
 * @module core/signatures/json-booleans
 * The keys of a JSON body that hold `true` or `false`, read off its bytes in
 * one pass (the body reader reports strings only): `"is_admin": true` makes
 * an account an administrator, `"password": true` is a credential that PHP's
 * and JavaScript's loose comparisons take for any password. Strings are
 * stepped over whole, escapes included, so a key quoted inside a string
 * value is not read as one.
 */

export interface JsonBoolean {
  /** The key as written (ASCII, at most 40 bytes). */
  key: string;
  value: boolean;
}

const MAX_KEY = 40;
const MAX_FOUND = 64;

function ws(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

/** Every `"key": true|false` in the first `limit` bytes (64 at most). */
export function jsonBooleans(bytes: Uint8Array, limit: number): JsonBoolean[] {
  const out: JsonBoolean[] = [];
  const n = Math.min(bytes.length, limit);
  let i = 0;
  while (i < n && out.length < MAX_FOUND) {
    if (bytes[i] !== 0x22) {
      i++;
      continue;
    }
    const start = i + 1;
    let j = start;
    let plain = true;
    while (j < n && bytes[j] !== 0x22) {
      if (bytes[j] === 0x5c) {
        plain = false;
        j++;
      } else if ((bytes[j] as number) >= 0x80) plain = false;
      j++;
    }
    if (j >= n) break;
    let k = j + 1;
    while (k < n && ws(bytes[k] as number)) k++;
    if (bytes[k] !== 0x3a || !plain || j - start > MAX_KEY) {
      i = j + 1;
      continue;
    }
    k++;
    while (k < n && ws(bytes[k] as number)) k++;
    const t = bytes[k] === 0x74 && bytes[k + 1] === 0x72 && bytes[k + 2] === 0x75 && bytes[k + 3] === 0x65;
    const f =
      !t &&
      bytes[k] === 0x66 &&
      bytes[k + 1] === 0x61 &&
      bytes[k + 2] === 0x6c &&
      bytes[k + 3] === 0x73 &&
      bytes[k + 4] === 0x65;
    if (t || f) out.push({ key: String.fromCharCode(...bytes.subarray(start, j)), value: t });
    i = k;
  }
  return out;
}
