/**
 * @module core/features/request-features
 * Per-request summary of the string features (string-features.ts) of every
 * path segment and query value: the first scoring job of the Wasm module on
 * the hot path. Discovery and behaviour read the same features later; the
 * datapath uses them now to flag control characters smuggled into values and
 * to log how random the request's values look.
 */
import type { CanonicalRequest } from "../types.ts";
import type { StringFeatures } from "./string-features.ts";

export interface RequestFeatures {
  /** Values looked at (segments + query names + query values). */
  values: number;
  maxEntropy: number;
  maxLength: number;
  control: number;
  nonAscii: number;
  maxDigitRun: number;
  /** Values that look generated (long, high entropy, mixed classes): ids, tokens, hashes. */
  generated: number;
}

/** Values longer than this are summarised on their first bytes only. */
export const MAX_VALUE_BYTES = 4096;
/** At most this many values per request are scored (the rest are counted). */
export const MAX_VALUES = 256;

/** `extract` gives the features of a value's UTF-8 bytes (stringFeaturesOfString: Wasm; stringFeaturesOfStringTs: the reference). */
export function requestFeatures(req: CanonicalRequest, extract: (value: string) => StringFeatures): RequestFeatures {
  const out: RequestFeatures = {
    values: 0,
    maxEntropy: 0,
    maxLength: 0,
    control: 0,
    nonAscii: 0,
    maxDigitRun: 0,
    generated: 0,
  };
  const visit = (value: string) => {
    out.values++;
    if (out.values > MAX_VALUES || value.length === 0) return;
    const f = extract(value.length > MAX_VALUE_BYTES ? value.slice(0, MAX_VALUE_BYTES) : value);
    if (f.entropy > out.maxEntropy) out.maxEntropy = f.entropy;
    if (f.length > out.maxLength) out.maxLength = f.length;
    if (f.maxDigitRun > out.maxDigitRun) out.maxDigitRun = f.maxDigitRun;
    out.control += f.control;
    out.nonAscii += f.nonAscii;
    if (f.length >= 16 && f.entropy >= 3.5 && f.transitions >= 4) out.generated++;
  };
  for (const s of req.segments) visit(s);
  for (const [k, v] of req.query) {
    visit(k);
    visit(v);
  }
  return out;
}
