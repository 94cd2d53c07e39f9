/**
 * @module core/wasm/encode
 * UTF-8 encoding of one value into a buffer (the Wasm input region, the TS scanner's own). ASCII strings
 * (most parameter values) are copied with a plain loop, which is several
 * times cheaper than a `TextEncoder.encodeInto` call for short strings; any
 * other string goes through `encodeInto`. Both paths give the same bytes and
 * the same truncation at the end of the buffer.
 */

const encoder = new TextEncoder();

/** Whether the last `encodeValue` could not fit the whole string. */
export let encodeTruncated = false;

/** Writes `value` as UTF-8 into `dest`; returns the number of bytes written. */
export function encodeValue(value: string, dest: Uint8Array): number {
  const n = value.length;
  const cap = dest.length;
  const m = Math.min(n, cap);
  let i = 0;
  for (; i < m; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x80) break;
    dest[i] = c;
  }
  if (i === m) {
    encodeTruncated = n > cap;
    return m;
  }
  const r = encoder.encodeInto(value, dest);
  encodeTruncated = r.read < n;
  return r.written;
}
