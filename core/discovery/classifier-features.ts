/**
 * @module core/discovery/classifier-features
 * The feature vector of the character-level segment classifier, shared by
 * the learner (scoring) and scripts/train-classifier.ts (training), so the
 * two can never drift apart. Hashed character n-grams (1..3) of the
 * segment with letters lower-cased and digits folded to `0`, hashed n-grams
 * (2..4) of its character classes (lower, upper, digit, punctuation: the
 * case pattern of `listOriginalChannels` vs `tiSTSUzh4Bwtv`), and a few
 * dense shape features from core/features/string-features.ts.
 */
import { stringFeaturesOfStringTs } from "../features/string-features.ts";
import { hash32 } from "./hash.ts";

export const BUCKETS = 4096;
export const DENSE_NAMES = [
  "log_len",
  "digit_frac",
  "upper_frac",
  "vowel_frac_of_letters",
  "entropy_norm",
  "max_digit_run_frac",
  "max_consonant_run",
  "case_changes_frac",
  "letter_digit_changes_frac",
  "punct_frac",
  "distinct_frac",
] as const;
export const DIM = BUCKETS + DENSE_NAMES.length;

export interface SparseFeatures {
  idx: number[];
  val: number[];
  dense: number[];
}

function normChar(c: number): string {
  if (c >= 97 && c <= 122) return String.fromCharCode(c);
  if (c >= 65 && c <= 90) return String.fromCharCode(c + 32);
  if (c >= 48 && c <= 57) return "0";
  if (c === 45 || c === 95 || c === 46) return String.fromCharCode(c);
  return "#";
}

function classChar(c: number): string {
  if (c >= 97 && c <= 122) return "l";
  if (c >= 65 && c <= 90) return "U";
  if (c >= 48 && c <= 57) return "0";
  return "p";
}

function isVowel(c: number): boolean {
  const l = c | 0x20;
  return l === 97 || l === 101 || l === 105 || l === 111 || l === 117 || l === 121;
}

/** Features of one segment (at most the first 64 characters are read). */
export function segmentFeatures(input: string): SparseFeatures {
  const s = input.length > 64 ? input.slice(0, 64) : input;
  const counts = new Map<number, number>();
  let norm = "^";
  let cls = "^";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    norm += normChar(c);
    cls += classChar(c);
  }
  norm += "$";
  cls += "$";
  let total = 0;
  for (let n = 1; n <= 3; n++) {
    for (let i = 0; i + n <= norm.length; i++) {
      const b = hash32(norm.slice(i, i + n), n) % BUCKETS;
      counts.set(b, (counts.get(b) ?? 0) + 1);
      total++;
    }
  }
  for (let n = 2; n <= 4; n++) {
    for (let i = 0; i + n <= cls.length; i++) {
      const b = hash32(cls.slice(i, i + n), 100 + n) % BUCKETS;
      counts.set(b, (counts.get(b) ?? 0) + 1);
      total++;
    }
  }
  const scale = 1 / Math.sqrt(Math.max(1, total));
  const idx: number[] = [];
  const val: number[] = [];
  for (const [b, k] of counts) {
    idx.push(b);
    val.push(k * scale);
  }
  const f = stringFeaturesOfStringTs(s);
  const len = Math.max(1, s.length);
  let caseChanges = 0;
  let ld = 0;
  let consRun = 0;
  let maxCons = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const k = classChar(c);
    if (i > 0) {
      const p = classChar(s.charCodeAt(i - 1));
      if ((p === "l" && k === "U") || (p === "U" && k === "l")) caseChanges++;
      if ((p === "0") !== (k === "0") && p !== "p" && k !== "p") ld++;
    }
    if ((k === "l" || k === "U") && !isVowel(c)) {
      consRun++;
      if (consRun > maxCons) maxCons = consRun;
    } else consRun = 0;
  }
  const letters = f.lower + f.upper;
  const dense = [
    Math.log(1 + s.length),
    f.digit / len,
    f.upper / len,
    letters > 0 ? f.vowels / letters : 0,
    f.entropy / Math.log2(len + 1),
    f.maxDigitRun / len,
    Math.min(maxCons, 8) / 8,
    caseChanges / len,
    ld / len,
    f.punct / len,
    f.distinct / len,
  ];
  return { idx, val, dense };
}
