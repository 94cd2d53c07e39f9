/**
 * @module core/signatures/ref/chars
 * Byte classes shared by every detector (mirrors wasm/assembly/signatures/chars.ts).
 */

export const C_DIGIT = 1;
export const C_ALPHA = 2;
/** [A-Za-z0-9_] */
export const C_WORD = 4;
/** space, \t, \n, \r, \v, \f */
export const C_SPACE = 8;
export const C_HEX = 16;
/** Identifier bytes for SQL and shell words: [A-Za-z0-9_$] and bytes >= 0x80. */
export const C_IDENT = 32;

const CC = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  let c = 0;
  const isDigit = b >= 0x30 && b <= 0x39;
  const isAlpha = (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
  if (isDigit) c |= C_DIGIT | C_WORD | C_IDENT | C_HEX;
  if (isAlpha) c |= C_ALPHA | C_WORD | C_IDENT;
  if (b === 0x5f) c |= C_WORD | C_IDENT;
  if (b === 0x24 || b >= 0x80) c |= C_IDENT;
  if (b === 0x20 || (b >= 0x09 && b <= 0x0d)) c |= C_SPACE;
  if ((b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)) c |= C_HEX;
  CC[b] = c;
}

export function cls(b: number): number {
  return CC[b] as number;
}

export function fold(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
}

export function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

export function isAlpha(b: number): boolean {
  return ((CC[b] as number) & C_ALPHA) !== 0;
}

export function isWord(b: number): boolean {
  return ((CC[b] as number) & C_WORD) !== 0;
}

export function isSpace(b: number): boolean {
  return ((CC[b] as number) & C_SPACE) !== 0;
}

export function isHex(b: number): boolean {
  return ((CC[b] as number) & C_HEX) !== 0;
}

export function isIdent(b: number): boolean {
  return ((CC[b] as number) & C_IDENT) !== 0;
}

export function hexVal(b: number): number {
  if (b <= 0x39) return b - 0x30;
  return (b | 0x20) - 0x57;
}

/** The six bits a Base64 character stands for, in the standard and the URL-safe alphabet; -1 for any other byte. */
export function base64Value(b: number): number {
  if (b >= 0x41 && b <= 0x5a) return b - 0x41;
  if (b >= 0x61 && b <= 0x7a) return b - 0x61 + 26;
  if (b >= 0x30 && b <= 0x39) return b - 0x30 + 52;
  if (b === 0x2b || b === 0x2d) return 62;
  if (b === 0x2f || b === 0x5f) return 63;
  return -1;
}

/** Presence bits of the punctuation the detectors key on (one bit per byte class, M_* below). */
export const M_SQ = 1 << 0;
export const M_DQ = 1 << 1;
export const M_BT = 1 << 2;
export const M_LT = 1 << 3;
export const M_GT = 1 << 4;
export const M_LP = 1 << 5;
export const M_RP = 1 << 6;
export const M_SEMI = 1 << 7;
export const M_PIPE = 1 << 8;
export const M_AMP = 1 << 9;
export const M_DOLLAR = 1 << 10;
export const M_LBRACE = 1 << 11;
export const M_RBRACE = 1 << 12;
export const M_LBRACK = 1 << 13;
export const M_HASH = 1 << 14;
export const M_PCT = 1 << 15;
export const M_BSL = 1 << 16;
export const M_SLASH = 1 << 17;
export const M_COLON = 1 << 18;
export const M_EQ = 1 << 19;
export const M_AT = 1 << 20;
export const M_DOT = 1 << 21;
export const M_MINUS = 1 << 22;
export const M_STAR = 1 << 23;
export const M_TILDE = 1 << 24;
export const M_QMARK = 1 << 25;
export const M_COMMA = 1 << 26;
export const M_EXCL = 1 << 27;
export const M_SPACE = 1 << 28;
export const M_NL = 1 << 29;
export const M_HIGH = 1 << 30;
export const M_PLUS = 1 << 31;

const MASK_OF = new Int32Array(256);
{
  const set = (c: string, m: number): void => {
    MASK_OF[c.charCodeAt(0)] = m;
  };
  set("'", M_SQ);
  set('"', M_DQ);
  set("`", M_BT);
  set("<", M_LT);
  set(">", M_GT);
  set("(", M_LP);
  set(")", M_RP);
  set(";", M_SEMI);
  set("|", M_PIPE);
  set("&", M_AMP);
  set("$", M_DOLLAR);
  set("{", M_LBRACE);
  set("}", M_RBRACE);
  set("[", M_LBRACK);
  set("#", M_HASH);
  set("%", M_PCT);
  set("\\", M_BSL);
  set("/", M_SLASH);
  set(":", M_COLON);
  set("=", M_EQ);
  set("@", M_AT);
  set(".", M_DOT);
  set("-", M_MINUS);
  set("*", M_STAR);
  set("~", M_TILDE);
  set("?", M_QMARK);
  set(",", M_COMMA);
  set("!", M_EXCL);
  set(" ", M_SPACE);
  set("\t", M_SPACE);
  set("\n", M_NL);
  set("\r", M_NL);
  set("+", M_PLUS);
  for (let b = 0x80; b < 256; b++) MASK_OF[b] = M_HIGH;
}

export function maskOf(b: number): number {
  return MASK_OF[b] as number;
}
