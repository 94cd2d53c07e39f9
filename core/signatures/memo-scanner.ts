/**
 * @module core/signatures/memo-scanner
 * A bounded memo in front of a ValueScanner: a value's rules are a pure
 * function of (kind, value), and API traffic repeats short values a lot (JSON
 * keys in every array item, enums, flags, ids). Only values up to
 * MEMO_MAX_LENGTH characters are remembered, at most MEMO_ENTRIES per kind;
 * a full table is cleared rather than evicted piecemeal, so the memory stays
 * bounded whatever the traffic: at most 12 kinds × 2048 entries × 64
 * characters, about 3 MB in the worst case, usually far less.
 */
import type { ValueScanner } from "./scanner.ts";
import { KIND_COUNT } from "./tables/kinds.ts";

export const MEMO_MAX_LENGTH = 64;
export const MEMO_ENTRIES = 2048;

const NONE: readonly number[] = [];

export function withMemo(inner: ValueScanner): ValueScanner {
  const tables: Array<Map<string, readonly number[]>> = [];
  for (let k = 0; k < KIND_COUNT; k++) tables.push(new Map());
  let last: readonly number[] = NONE;
  let fromInner = false;
  return {
    backend: inner.backend,
    scan(kind, value) {
      const table = value.length <= MEMO_MAX_LENGTH ? tables[kind] : undefined;
      if (table !== undefined) {
        const hit = table.get(value);
        if (hit !== undefined) {
          last = hit;
          fromInner = false;
          return hit.length;
        }
      }
      const n = inner.scan(kind, value);
      if (table !== undefined) {
        let rules: readonly number[] = NONE;
        if (n > 0) {
          const copy: number[] = [];
          for (let i = 0; i < n; i++) copy.push(inner.rule(i));
          rules = copy;
        }
        if (table.size >= MEMO_ENTRIES) table.clear();
        table.set(value, rules);
        last = rules;
        fromInner = false;
        return n;
      }
      fromInner = true;
      return n;
    },
    rule: (i) => (fromInner ? inner.rule(i) : (last[i] as number)),
    get truncated() {
      return fromInner && inner.truncated;
    },
  };
}
