// Byte classes shared by every detector (mirrors core/signatures/ref/chars.ts).

export const C_DIGIT: u8 = 1;
export const C_ALPHA: u8 = 2;
export const C_WORD: u8 = 4;
export const C_SPACE: u8 = 8;
export const C_HEX: u8 = 16;
export const C_IDENT: u8 = 32;

const CC: usize = memory.data(256);

export function charsInit(): void {
  maskInit();
  for (let b: u32 = 0; b < 256; b++) {
    let c: u8 = 0;
    const digit = b >= 0x30 && b <= 0x39;
    const alpha = (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
    if (digit) c |= C_DIGIT | C_WORD | C_IDENT | C_HEX;
    if (alpha) c |= C_ALPHA | C_WORD | C_IDENT;
    if (b == 0x5f) c |= C_WORD | C_IDENT;
    if (b == 0x24 || b >= 0x80) c |= C_IDENT;
    if (b == 0x20 || (b >= 0x09 && b <= 0x0d)) c |= C_SPACE;
    if ((b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)) c |= C_HEX;
    store<u8>(CC + <usize>b, c);
  }
}

@inline
export function fold(b: i32): i32 {
  return b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
}

@inline
export function isDigit(b: i32): bool {
  return b >= 0x30 && b <= 0x39;
}

@inline
export function isAlpha(b: i32): bool {
  return (load<u8>(CC + <usize>(b & 0xff)) & C_ALPHA) != 0;
}

@inline
export function isWord(b: i32): bool {
  return (load<u8>(CC + <usize>(b & 0xff)) & C_WORD) != 0;
}

@inline
export function isSpace(b: i32): bool {
  return (load<u8>(CC + <usize>(b & 0xff)) & C_SPACE) != 0;
}

@inline
export function isHex(b: i32): bool {
  return (load<u8>(CC + <usize>(b & 0xff)) & C_HEX) != 0;
}

@inline
export function isIdent(b: i32): bool {
  return (load<u8>(CC + <usize>(b & 0xff)) & C_IDENT) != 0;
}

@inline
export function hexVal(b: i32): i32 {
  if (b <= 0x39) return b - 0x30;
  return (b | 0x20) - 0x57;
}

// Presence bits of the punctuation the detectors key on (mirrors ref/chars.ts M_*).
export const M_SQ: i32 = 1 << 0;
export const M_DQ: i32 = 1 << 1;
export const M_BT: i32 = 1 << 2;
export const M_LT: i32 = 1 << 3;
export const M_GT: i32 = 1 << 4;
export const M_LP: i32 = 1 << 5;
export const M_RP: i32 = 1 << 6;
export const M_SEMI: i32 = 1 << 7;
export const M_PIPE: i32 = 1 << 8;
export const M_AMP: i32 = 1 << 9;
export const M_DOLLAR: i32 = 1 << 10;
export const M_LBRACE: i32 = 1 << 11;
export const M_RBRACE: i32 = 1 << 12;
export const M_LBRACK: i32 = 1 << 13;
export const M_HASH: i32 = 1 << 14;
export const M_PCT: i32 = 1 << 15;
export const M_BSL: i32 = 1 << 16;
export const M_SLASH: i32 = 1 << 17;
export const M_COLON: i32 = 1 << 18;
export const M_EQ: i32 = 1 << 19;
export const M_AT: i32 = 1 << 20;
export const M_DOT: i32 = 1 << 21;
export const M_MINUS: i32 = 1 << 22;
export const M_STAR: i32 = 1 << 23;
export const M_TILDE: i32 = 1 << 24;
export const M_QMARK: i32 = 1 << 25;
export const M_COMMA: i32 = 1 << 26;
export const M_EXCL: i32 = 1 << 27;
export const M_SPACE: i32 = 1 << 28;
export const M_NL: i32 = 1 << 29;
export const M_HIGH: i32 = 1 << 30;
export const M_PLUS: i32 = 1 << 31;

const MASK_OF: usize = memory.data(1024, 16);

function maskInit(): void {
  memory.fill(MASK_OF, 0, 1024);
  store<i32>(MASK_OF + (<usize>0x27 << 2), M_SQ);
  store<i32>(MASK_OF + (<usize>0x22 << 2), M_DQ);
  store<i32>(MASK_OF + (<usize>0x60 << 2), M_BT);
  store<i32>(MASK_OF + (<usize>0x3c << 2), M_LT);
  store<i32>(MASK_OF + (<usize>0x3e << 2), M_GT);
  store<i32>(MASK_OF + (<usize>0x28 << 2), M_LP);
  store<i32>(MASK_OF + (<usize>0x29 << 2), M_RP);
  store<i32>(MASK_OF + (<usize>0x3b << 2), M_SEMI);
  store<i32>(MASK_OF + (<usize>0x7c << 2), M_PIPE);
  store<i32>(MASK_OF + (<usize>0x26 << 2), M_AMP);
  store<i32>(MASK_OF + (<usize>0x24 << 2), M_DOLLAR);
  store<i32>(MASK_OF + (<usize>0x7b << 2), M_LBRACE);
  store<i32>(MASK_OF + (<usize>0x7d << 2), M_RBRACE);
  store<i32>(MASK_OF + (<usize>0x5b << 2), M_LBRACK);
  store<i32>(MASK_OF + (<usize>0x23 << 2), M_HASH);
  store<i32>(MASK_OF + (<usize>0x25 << 2), M_PCT);
  store<i32>(MASK_OF + (<usize>0x5c << 2), M_BSL);
  store<i32>(MASK_OF + (<usize>0x2f << 2), M_SLASH);
  store<i32>(MASK_OF + (<usize>0x3a << 2), M_COLON);
  store<i32>(MASK_OF + (<usize>0x3d << 2), M_EQ);
  store<i32>(MASK_OF + (<usize>0x40 << 2), M_AT);
  store<i32>(MASK_OF + (<usize>0x2e << 2), M_DOT);
  store<i32>(MASK_OF + (<usize>0x2d << 2), M_MINUS);
  store<i32>(MASK_OF + (<usize>0x2a << 2), M_STAR);
  store<i32>(MASK_OF + (<usize>0x7e << 2), M_TILDE);
  store<i32>(MASK_OF + (<usize>0x3f << 2), M_QMARK);
  store<i32>(MASK_OF + (<usize>0x2c << 2), M_COMMA);
  store<i32>(MASK_OF + (<usize>0x21 << 2), M_EXCL);
  store<i32>(MASK_OF + (<usize>0x2b << 2), M_PLUS);
  store<i32>(MASK_OF + (<usize>0x20 << 2), M_SPACE);
  store<i32>(MASK_OF + (<usize>0x09 << 2), M_SPACE);
  store<i32>(MASK_OF + (<usize>0x0a << 2), M_NL);
  store<i32>(MASK_OF + (<usize>0x0d << 2), M_NL);
  for (let b = 0x80; b < 256; b++) store<i32>(MASK_OF + (<usize>b << 2), M_HIGH);
}

@inline
export function maskOf(b: i32): i32 {
  return load<i32>(MASK_OF + (<usize>(b & 0xff) << 2));
}
