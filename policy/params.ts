/**
 * @module policy/params
 * Parameter constraint checks for policy rules (`match.params`). A constraint
 * describes what a valid value looks like; the rule matches when a request
 * VIOLATES it, so `{"action":"block", ... "params":[{"name":"limit","type":"int","max":100}]}`
 * blocks `limit=abc` and `limit=1000`. Type checks are hand-written scanners
 * (no regex on request data). Every occurrence of a repeated parameter is
 * checked, so `limit=1&limit=1000` (parameter pollution) still violates.
 * Violation texts name the parameter and the constraint, never the value, as
 * they can reach logs and the 403 body.
 */

export type ParamType = "int" | "float" | "bool" | "uuid" | "email" | "string";

export interface ParamConstraint {
  name: string;
  in: "query" | "body";
  type?: ParamType;
  min?: number;
  max?: number;
  min_length?: number;
  max_length?: number;
  enum?: string[];
  required?: boolean;
}

export interface Violation {
  /** `query:limit` or `body:email`. */
  location: string;
  detail: string;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Optional `-`, then 1 to 19 digits (fits an int64 id). */
export function isInt(v: string): boolean {
  const start = v.charCodeAt(0) === 0x2d ? 1 : 0;
  const n = v.length - start;
  if (n < 1 || n > 19) return false;
  for (let i = start; i < v.length; i++) if (!isDigit(v.charCodeAt(i))) return false;
  return true;
}

/** Decimal number: `-1`, `2.5`, `.5`, `1e3`, `-1.2E-4`; no hex, no whitespace, no `Infinity`/`NaN`; at most 64 characters. */
export function isFloat(v: string): boolean {
  if (v.length === 0 || v.length > 64) return false;
  let i = 0;
  if (v.charCodeAt(i) === 0x2d || v.charCodeAt(i) === 0x2b) i++;
  let digits = 0;
  while (i < v.length && isDigit(v.charCodeAt(i))) {
    i++;
    digits++;
  }
  if (v.charCodeAt(i) === 0x2e) {
    i++;
    while (i < v.length && isDigit(v.charCodeAt(i))) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return false;
  const e = v.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    if (v.charCodeAt(i) === 0x2d || v.charCodeAt(i) === 0x2b) i++;
    let expDigits = 0;
    while (i < v.length && isDigit(v.charCodeAt(i))) {
      i++;
      expDigits++;
    }
    if (expDigits === 0) return false;
  }
  return i === v.length;
}

/** `true`, `false`, `1`, `0` (lower case only: what JSON and most frameworks emit). */
export function isBool(v: string): boolean {
  return v === "true" || v === "false" || v === "1" || v === "0";
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

/** 8-4-4-4-12 hexadecimal, either case. */
export function isUuid(v: string): boolean {
  if (v.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = v.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 0x2d) return false;
    } else if (!isHex(c)) return false;
  }
  return true;
}

/**
 * A pragmatic address check, not RFC 5322: one `@`, a local part of 1..64
 * printable non-space characters, a domain of dot-separated labels (letters,
 * digits, `-`, non-ASCII for IDN) with at least one dot, 254 characters total.
 */
export function isEmail(v: string): boolean {
  if (v.length < 3 || v.length > 254) return false;
  const at = v.indexOf("@");
  if (at < 1 || at > 64 || v.indexOf("@", at + 1) >= 0) return false;
  for (let i = 0; i < at; i++) {
    const c = v.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || c === 0x3c || c === 0x3e || c === 0x22) return false;
  }
  let labelLen = 0;
  let dots = 0;
  for (let i = at + 1; i <= v.length; i++) {
    const c = i < v.length ? v.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (labelLen === 0) return false;
      if (i < v.length) dots++;
      labelLen = 0;
    } else if (isDigit(c) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x2d || c > 0x7f) {
      labelLen++;
    } else return false;
  }
  return dots >= 1;
}

const TYPE_CHECK: Record<ParamType, (v: string) => boolean> = {
  int: isInt,
  float: isFloat,
  bool: isBool,
  uuid: isUuid,
  email: isEmail,
  string: () => true,
};

/** Compiled form of one constraint: the enum as a Set, the type as a function. */
export interface CompiledParam {
  name: string;
  in: "query" | "body";
  location: string;
  check: (v: string) => string | null;
  required: boolean;
}

/** Compiles a constraint into a value check returning the violation text or null. */
export function compileParam(c: ParamConstraint): CompiledParam {
  const typeCheck = c.type ? TYPE_CHECK[c.type] : undefined;
  const allowed = c.enum ? new Set(c.enum) : undefined;
  const numeric = c.type === "int" || c.type === "float";
  const check = (v: string): string | null => {
    if (c.max_length !== undefined && v.length > c.max_length) return `longer than ${c.max_length}`;
    if (c.min_length !== undefined && v.length < c.min_length) return `shorter than ${c.min_length}`;
    if (typeCheck && !typeCheck(v)) return `expected ${c.type}`;
    if (allowed && !allowed.has(v)) return "not one of the allowed values";
    if (numeric) {
      const n = Number(v);
      if (c.max !== undefined && n > c.max) return `above max ${c.max}`;
      if (c.min !== undefined && n < c.min) return `below min ${c.min}`;
    }
    return null;
  };
  return { name: c.name, in: c.in, location: `${c.in}:${c.name}`, check, required: c.required === true };
}

/**
 * First violation of `p` by the pairs, or null. `pairs` undefined means the
 * source was not inspected (a body that was binary, over the limit or not
 * parsed): nothing can be said about it, so nothing is violated, `required`
 * included. An empty array means inspected and absent.
 */
export function findViolation(
  p: CompiledParam,
  pairs: ReadonlyArray<readonly [string, string]> | undefined,
): Violation | null {
  if (pairs === undefined) return null;
  let seen = false;
  for (const [name, value] of pairs) {
    if (name !== p.name) continue;
    seen = true;
    const why = p.check(value);
    if (why !== null) return { location: p.location, detail: `${p.location}: ${why}` };
  }
  if (!seen && p.required) return { location: p.location, detail: `${p.location}: required` };
  return null;
}
