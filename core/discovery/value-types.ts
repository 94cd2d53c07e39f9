/**
 * @module core/discovery/value-types
 * Types of query and body values (int, float, bool, enum, uuid, date, email,
 * free text), learned from counts, never from stored values: each name keeps
 * per-type match counts and at most ENUM_TRACK distinct short values (enough
 * to recognise an enumeration, bounded whatever the traffic). The same
 * checks validate values against an approved allow-list.
 */
import { isAllDigits, isDate, isEmail, isUuid } from "./shapes.ts";

export type ValueType = "int" | "float" | "bool" | "enum" | "uuid" | "date" | "email" | "string";

/** Distinct values tracked per name to spot an enumeration. */
export const ENUM_TRACK = 16;
/** An enumeration has at most this many values… */
export const ENUM_MAX = 10;
/** …seen in at least this many requests. */
export const ENUM_MIN_COUNT = 20;
/** Fraction of values a type must match to be chosen (tolerates a little noise). */
export const TYPE_COVERAGE = 0.98;
/** Longest value kept as an enumeration member. */
const ENUM_VALUE_MAX_LEN = 40;

/** Optional sign, then 1 to 19 digits (fits an int64). */
export function isIntValue(v: string): boolean {
  const start = v.charCodeAt(0) === 45 || v.charCodeAt(0) === 43 ? 1 : 0;
  return v.length - start <= 19 && isAllDigits(v, start);
}

/** Decimal number: `-1`, `2.5`, `.5`, `1e3`; no hex, no `NaN`/`Infinity`, at most 64 characters. */
export function isFloatValue(v: string): boolean {
  if (v.length === 0 || v.length > 64) return false;
  let i = v.charCodeAt(0) === 45 || v.charCodeAt(0) === 43 ? 1 : 0;
  let digits = 0;
  while (i < v.length && v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57) {
    i++;
    digits++;
  }
  if (v.charCodeAt(i) === 46) {
    i++;
    while (i < v.length && v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return false;
  const e = v.charCodeAt(i);
  if (e === 101 || e === 69) {
    i++;
    if (v.charCodeAt(i) === 45 || v.charCodeAt(i) === 43) i++;
    const from = i;
    while (i < v.length && v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57) i++;
    if (i === from) return false;
  }
  return i === v.length;
}

export function isBoolValue(v: string): boolean {
  return v === "true" || v === "false" || v === "True" || v === "False";
}

/** Does `v` conform to `type`? (`enum` is checked against its value list by the caller.) */
export function conforms(type: ValueType, v: string): boolean {
  switch (type) {
    case "int":
      return isIntValue(v);
    case "float":
      return isFloatValue(v);
    case "bool":
      return isBoolValue(v) || v === "0" || v === "1";
    case "uuid":
      return isUuid(v);
    case "date":
      return isDate(v);
    case "email":
      return isEmail(v);
    default:
      return true;
  }
}

/** Counters for one parameter name. Plain data: serialisable as is. */
export interface ValueStats {
  /** Requests in which the name appeared. */
  count: number;
  /** Non-empty values seen, and how many matched each type. */
  values: number;
  int: number;
  float: number;
  bool: number;
  uuid: number;
  date: number;
  email: number;
  /** Up to ENUM_TRACK distinct short values; `null` once more were seen. */
  distinct: string[] | null;
}

export function newValueStats(): ValueStats {
  return { count: 0, values: 0, int: 0, float: 0, bool: 0, uuid: 0, date: 0, email: 0, distinct: [] };
}

/** Records one value (the caller counts the request in `count`). */
export function addValue(st: ValueStats, v: string): void {
  if (v.length === 0) return;
  st.values++;
  if (isIntValue(v)) {
    st.int++;
    st.float++;
  } else if (isFloatValue(v)) st.float++;
  else if (isBoolValue(v)) st.bool++;
  else if (v.length === 36 && isUuid(v)) st.uuid++;
  else if (v.length >= 7 && isDate(v)) st.date++;
  else if (v.indexOf("@") > 0 && isEmail(v)) st.email++;
  const d = st.distinct;
  if (d !== null && !d.includes(v)) {
    if (d.length >= ENUM_TRACK || v.length > ENUM_VALUE_MAX_LEN) st.distinct = null;
    else d.push(v);
  }
}

export function mergeValueStats(into: ValueStats, from: ValueStats): void {
  into.count += from.count;
  into.values += from.values;
  into.int += from.int;
  into.float += from.float;
  into.bool += from.bool;
  into.uuid += from.uuid;
  into.date += from.date;
  into.email += from.email;
  if (into.distinct === null || from.distinct === null) into.distinct = null;
  else {
    for (const v of from.distinct) {
      if (into.distinct.includes(v)) continue;
      if (into.distinct.length >= ENUM_TRACK) {
        into.distinct = null;
        break;
      }
      into.distinct.push(v);
    }
  }
}

export interface InferredType {
  type: ValueType;
  enum?: string[];
}

/** The most specific type that covers TYPE_COVERAGE of the values; `string` when none or no values. */
export function inferType(st: ValueStats): InferredType {
  const n = st.values;
  if (n === 0) return { type: "string" };
  const need = Math.max(1, Math.ceil(n * TYPE_COVERAGE));
  if (st.bool >= need) return { type: "bool" };
  if (st.int >= need) return { type: "int" };
  if (st.float >= need) return { type: "float" };
  if (st.uuid >= need) return { type: "uuid" };
  if (st.date >= need) return { type: "date" };
  if (st.email >= need) return { type: "email" };
  const d = st.distinct;
  if (d !== null && d.length <= ENUM_MAX && n >= ENUM_MIN_COUNT && d.length * 3 <= n) {
    return { type: "enum", enum: [...d].sort() };
  }
  return { type: "string" };
}
