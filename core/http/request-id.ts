/**
 * @module core/http/request-id
 * The id of each request (`x-apiward-request-id`, the log record's key).
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
/** Random bytes drawn 4 KB at a time: one getRandomValues call per 409 ids. */
const pool = new Uint8Array(4090);
let poolAt = pool.length;

/**
 * 32 hex digits: 48 bits of milliseconds, then 80 random bits. Time-ordered,
 * so the log store's primary-key B-tree grows at its end instead of at random
 * places, and still unguessable.
 */
export function newRequestId(now: number): string {
  if (poolAt + 10 > pool.length) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  let hex = now.toString(16).padStart(12, "0");
  for (let i = poolAt; i < poolAt + 10; i++) hex += HEX[pool[i] as number];
  poolAt += 10;
  return hex;
}

/** A request id as `newRequestId` makes it: 12 hex digits of milliseconds, 20 random. */
const REQUEST_ID_RE = /^[0-9a-f]{32}$/;

/**
 * The time (epoch ms) a request id encodes: its record's `ts`, so the log
 * query can go straight to that record's shard. Null when the id is not
 * one `newRequestId` could have made.
 */
export function requestIdTime(id: string): number | null {
  return REQUEST_ID_RE.test(id) ? Number.parseInt(id.slice(0, 12), 16) : null;
}
