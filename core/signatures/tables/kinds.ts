/**
 * @module core/signatures/tables/kinds
 * Where a scanned value comes from. The kind decides which detectors apply
 * (user agents get scanner fingerprints, paths get restricted-file checks,
 * body text may hold newlines, names get NoSQL/ORM operator checks). The
 * Wasm module receives the same numbers (generated into
 * wasm/assembly/signatures/tables.ts).
 */

export const K_PATH = 0;
export const K_QUERY_NAME = 1;
export const K_QUERY_VALUE = 2;
export const K_COOKIE_NAME = 3;
export const K_COOKIE_VALUE = 4;
export const K_USER_AGENT = 5;
export const K_REFERER = 6;
export const K_HEADER = 7;
export const K_BODY_NAME = 8;
export const K_BODY_VALUE = 9;
export const K_FILENAME = 10;
export const K_BODY_RAW = 11;
export const KIND_COUNT = 12;

export const KIND_NAMES: readonly string[] = [
  "K_PATH",
  "K_QUERY_NAME",
  "K_QUERY_VALUE",
  "K_COOKIE_NAME",
  "K_COOKIE_VALUE",
  "K_USER_AGENT",
  "K_REFERER",
  "K_HEADER",
  "K_BODY_NAME",
  "K_BODY_VALUE",
  "K_FILENAME",
  "K_BODY_RAW",
];
