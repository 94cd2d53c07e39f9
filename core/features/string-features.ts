/**
 * @module core/features/string-features
 * Character-class counts, entropy and shape of one string (a path segment or a
 * parameter value). The Wasm scorer computes the same in
 * wasm/assembly/features.ts; this is its reference, and the two are held equal
 * by test/features/string-features.test.ts.
 */
import type { WasmHost } from "../wasm/host.ts";

/** Feature vector, in slot order of the Wasm function. */
export interface StringFeatures {
  length: number;
  lower: number;
  upper: number;
  digit: number;
  hexLetters: number;
  punct: number;
  space: number;
  control: number;
  nonAscii: number;
  entropy: number;
  transitions: number;
  maxDigitRun: number;
  maxLetterRun: number;
  distinct: number;
  vowels: number;
}

const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;
const PUNCT = 4;
const SPACE = 5;
const CTRL = 6;
const HIGH = 7;

const CLASS = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  let c = PUNCT;
  if (b >= 0x61 && b <= 0x7a) c = LOWER;
  else if (b >= 0x41 && b <= 0x5a) c = UPPER;
  else if (b >= 0x30 && b <= 0x39) c = DIGIT;
  else if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) c = SPACE;
  else if (b < 0x20 || b === 0x7f) c = CTRL;
  else if (b >= 0x80) c = HIGH;
  CLASS[b] = c;
}

const counts = new Uint32Array(256);

const encoder = new TextEncoder();

/** The reference's counterpart of stringFeaturesOfString. */
export function stringFeaturesOfStringTs(value: string): StringFeatures {
  return stringFeaturesTs(encoder.encode(value));
}

/** Reference implementation over raw bytes. */
export function stringFeaturesTs(bytes: Uint8Array): StringFeatures {
  counts.fill(0);
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let hex = 0;
  let punct = 0;
  let space = 0;
  let ctrl = 0;
  let high = 0;
  let transitions = 0;
  let vowels = 0;
  let digitRun = 0;
  let letterRun = 0;
  let maxDigitRun = 0;
  let maxLetterRun = 0;
  let prev = 0;
  const len = bytes.length;
  for (let i = 0; i < len; i++) {
    const b = bytes[i] as number;
    counts[b] = (counts[b] as number) + 1;
    const c = CLASS[b] as number;
    if (c === LOWER) lower++;
    else if (c === UPPER) upper++;
    else if (c === DIGIT) digit++;
    else if (c === PUNCT) punct++;
    else if (c === SPACE) space++;
    else if (c === CTRL) ctrl++;
    else high++;
    const isLetter = c === LOWER || c === UPPER;
    const l = b | 0x20;
    if (isLetter && l >= 0x61 && l <= 0x66) hex++;
    if (isLetter && (l === 0x61 || l === 0x65 || l === 0x69 || l === 0x6f || l === 0x75)) vowels++;
    if (i > 0 && c !== prev) transitions++;
    if (c === DIGIT) {
      digitRun++;
      if (digitRun > maxDigitRun) maxDigitRun = digitRun;
    } else digitRun = 0;
    if (isLetter) {
      letterRun++;
      if (letterRun > maxLetterRun) maxLetterRun = letterRun;
    } else letterRun = 0;
    prev = c;
  }
  let entropy = 0;
  let distinct = 0;
  if (len > 0) {
    for (let b = 0; b < 256; b++) {
      const k = counts[b] as number;
      if (k === 0) continue;
      distinct++;
      const q = k / len;
      entropy -= q * Math.log2(q);
    }
  }
  return {
    length: len,
    lower,
    upper,
    digit,
    hexLetters: hex,
    punct,
    space,
    control: ctrl,
    nonAscii: high,
    entropy,
    transitions,
    maxDigitRun,
    maxLetterRun,
    distinct,
    vowels,
  };
}

/** The same features computed by the Wasm module. */
export function stringFeaturesWasm(host: WasmHost, bytes: Uint8Array): StringFeatures {
  host.exports.stringFeatures(host.writeInput(bytes));
  return slotsToFeatures(host);
}

/** The features of a string's UTF-8 bytes, encoded straight into the module's input (no byte array in between). */
export function stringFeaturesOfString(host: WasmHost, value: string): StringFeatures {
  host.exports.stringFeatures(host.writeString(value));
  return slotsToFeatures(host);
}

function slotsToFeatures(host: WasmHost): StringFeatures {
  const out = host.outputSlots();
  // One literal in the slot order of wasm/assembly/features.ts (the property test holds the two equal).
  return {
    length: out[0] as number,
    lower: out[1] as number,
    upper: out[2] as number,
    digit: out[3] as number,
    hexLetters: out[4] as number,
    punct: out[5] as number,
    space: out[6] as number,
    control: out[7] as number,
    nonAscii: out[8] as number,
    entropy: out[9] as number,
    transitions: out[10] as number,
    maxDigitRun: out[11] as number,
    maxLetterRun: out[12] as number,
    distinct: out[13] as number,
    vowels: out[14] as number,
  };
}
