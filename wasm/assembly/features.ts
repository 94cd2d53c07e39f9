// Per-string feature extraction: character classes, entropy and shape of a
// path segment or parameter value. Discovery, behaviour and anomaly scoring
// all read these. TypeScript reference: core/features/string-features.ts
// (the tests hold the two equal).
import { INPUT, inByte, setOut } from "./abi";

// Character classes, one byte each, built once.
const CLS_LOWER: u8 = 1;
const CLS_UPPER: u8 = 2;
const CLS_DIGIT: u8 = 3;
const CLS_PUNCT: u8 = 4;
const CLS_SPACE: u8 = 5;
const CLS_CTRL: u8 = 6;
const CLS_HIGH: u8 = 7;

const CLASS_TABLE: usize = memory.data(256);
const COUNTS: usize = memory.data(256 * 4, 16);
let tableReady = false;

function buildTable(): void {
  for (let b: u32 = 0; b < 256; b++) {
    let c: u8 = CLS_PUNCT;
    if (b >= 0x61 && b <= 0x7a) c = CLS_LOWER;
    else if (b >= 0x41 && b <= 0x5a) c = CLS_UPPER;
    else if (b >= 0x30 && b <= 0x39) c = CLS_DIGIT;
    else if (b == 0x20 || b == 0x09 || b == 0x0a || b == 0x0d) c = CLS_SPACE;
    else if (b < 0x20 || b == 0x7f) c = CLS_CTRL;
    else if (b >= 0x80) c = CLS_HIGH;
    store<u8>(CLASS_TABLE + b, c);
  }
  tableReady = true;
}

@inline
function isVowel(b: u32): bool {
  b |= 0x20;
  return b == 0x61 || b == 0x65 || b == 0x69 || b == 0x6f || b == 0x75;
}

@inline
function isHexLetter(b: u32): bool {
  const l = b | 0x20;
  return l >= 0x61 && l <= 0x66;
}

/** Number of slots `stringFeatures` writes. */
export const STRING_FEATURE_COUNT: i32 = 15;

/**
 * Writes, for INPUT[0..len): 0 length, 1 lower, 2 upper, 3 digit,
 * 4 hex letters, 5 punctuation, 6 whitespace, 7 control, 8 non-ASCII bytes,
 * 9 Shannon entropy (bits/byte), 10 class transitions, 11 longest digit run,
 * 12 longest letter run, 13 distinct bytes, 14 vowels.
 * Returns the number of slots written.
 */
export function stringFeatures(len: i32): i32 {
  if (!tableReady) buildTable();
  memory.fill(COUNTS, 0, 256 * 4);
  let lower = 0, upper = 0, digit = 0, hex = 0, punct = 0, space = 0, ctrl = 0, high = 0;
  let transitions = 0, vowels = 0;
  let digitRun = 0, letterRun = 0, maxDigitRun = 0, maxLetterRun = 0;
  let prev: u8 = 0;
  for (let i = 0; i < len; i++) {
    const b = inByte(i);
    const p = COUNTS + ((<usize>b) << 2);
    store<u32>(p, load<u32>(p) + 1);
    const c = load<u8>(CLASS_TABLE + <usize>b);
    if (c == CLS_LOWER) lower++;
    else if (c == CLS_UPPER) upper++;
    else if (c == CLS_DIGIT) digit++;
    else if (c == CLS_PUNCT) punct++;
    else if (c == CLS_SPACE) space++;
    else if (c == CLS_CTRL) ctrl++;
    else high++;
    if ((c == CLS_LOWER || c == CLS_UPPER) && isHexLetter(b)) hex++;
    if ((c == CLS_LOWER || c == CLS_UPPER) && isVowel(b)) vowels++;
    if (i > 0 && c != prev) transitions++;
    if (c == CLS_DIGIT) {
      digitRun++;
      if (digitRun > maxDigitRun) maxDigitRun = digitRun;
    } else digitRun = 0;
    if (c == CLS_LOWER || c == CLS_UPPER) {
      letterRun++;
      if (letterRun > maxLetterRun) maxLetterRun = letterRun;
    } else letterRun = 0;
    prev = c;
  }
  let entropy: f64 = 0;
  let distinct = 0;
  if (len > 0) {
    const n = <f64>len;
    for (let b = 0; b < 256; b++) {
      const k = load<u32>(COUNTS + ((<usize>b) << 2));
      if (k == 0) continue;
      distinct++;
      const q = <f64>k / n;
      entropy -= q * Math.log2(q);
    }
  }
  setOut(0, <f64>len);
  setOut(1, <f64>lower);
  setOut(2, <f64>upper);
  setOut(3, <f64>digit);
  setOut(4, <f64>hex);
  setOut(5, <f64>punct);
  setOut(6, <f64>space);
  setOut(7, <f64>ctrl);
  setOut(8, <f64>high);
  setOut(9, entropy);
  setOut(10, <f64>transitions);
  setOut(11, <f64>maxDigitRun);
  setOut(12, <f64>maxLetterRun);
  setOut(13, <f64>distinct);
  setOut(14, <f64>vowels);
  return STRING_FEATURE_COUNT;
}
