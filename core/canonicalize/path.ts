/**
 * @module core/canonicalize/path
 * Canonical path of a raw path (no query): bounded iterative decoding over
 * bytes (`%XX`, `%uXXXX`, overlong UTF-8, NUL) until nothing changes, strict
 * UTF-8, NFC, backslashes, then segments. Every encoding variant of a path
 * gives the same `path` as its plain form; policies should canonicalize their
 * own rule paths with this function so both sides speak one form.
 *
 * The canonical path resolves every trick, which is right for block rules
 * (the origin may resolve it too) but not for allow rules when an origin does
 * not (Express keeps `/admin/..;/public` under `/admin`). So a `..` that
 * removes a real segment through an encoded dot, an encoded separator, a
 * backslash or a `;` parameter is flagged `ambiguous_path` (blocking); plain
 * `/../` is only `dot_segment`, as the platform's URL parser resolves it.
 *
 * A plain ASCII path (no `%`, `\`, `;`, controls, `//` or dot segments) takes
 * a fast path that only splits it.
 */
import { AnomalyList, type CanonicalAnomaly } from "./anomalies.ts";
import { backslashToSlash } from "./backslash.ts";
import { hasControlChar } from "./control-chars.ts";
import { toNfc } from "./nfc.ts";
import { collapseOverlong } from "./overlong-utf8.ts";
import {
  pathKey,
  resolveSegments,
  SEG_CLIMB,
  SEG_DOT,
  SEG_DUPLICATE_SLASH,
  SEG_FOLDED,
  SEG_PATH_PARAM,
} from "./path-segments.ts";
import { hasEscape, PD_DOT, PD_INVALID, PD_PERCENT_U, PD_SEPARATOR, percentDecodeBytes } from "./percent-decode.ts";
import { removeNul } from "./remove-nul.ts";
import { decodeUtf8, encodeUtf8 } from "./utf8.ts";
import { foldFullwidth, windowsFoldable, windowsSegment } from "./windows-path.ts";

export interface CanonicalPath {
  path: string;
  segments: string[];
  anomalies: CanonicalAnomaly[];
}

/**
 * True when the raw path needs no transformation: printable ASCII without
 * `%`, `\` or `;`, starting with `/`, no empty segment inside, no `.`/`..`.
 */
export function isPlainPath(raw: string): boolean {
  const n = raw.length;
  if (n === 0 || raw.charCodeAt(0) !== 0x2f) return false;
  let segStart = 1;
  for (let i = 1; i <= n; i++) {
    const c = i < n ? raw.charCodeAt(i) : 0x2f;
    if (c === 0x2f) {
      const len = i - segStart;
      if (len === 0 && i < n) return false;
      if (len === 1 && raw.charCodeAt(segStart) === 0x2e) return false;
      if (len === 2 && raw.charCodeAt(segStart) === 0x2e && raw.charCodeAt(segStart + 1) === 0x2e) return false;
      segStart = i + 1;
    } else if (c < 0x20 || c > 0x7e || c === 0x25 || c === 0x5c || c === 0x3b) {
      return false;
    }
  }
  return true;
}

function plainSegments(raw: string): string[] {
  const parts = raw.split("/");
  const segs: string[] = [];
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i] as string;
    if (p.length > 0) segs.push(p);
  }
  return segs;
}

/** Tricks that build path structure which origins that do not normalise read differently. */
const STRUCTURE_TRICKS: readonly CanonicalAnomaly[] = [
  "encoded_slash",
  "backslash",
  "path_param",
  "double_encoding",
  "percent_u",
  "overlong_utf8",
  "windows_path",
];

const isTricky = (codes: readonly CanonicalAnomaly[]): boolean => codes.some((c) => STRUCTURE_TRICKS.includes(c));

/**
 * Canonicalizes a raw path into `into` (anomalies found are added to it).
 * `windows`: the origin is Windows (core/canonicalize/windows-path.ts).
 * Never throws.
 */
export function canonicalizePathInto(
  raw: string,
  maxRounds: number,
  into: AnomalyList,
  windows = false,
): CanonicalPath {
  if (isPlainPath(raw) && !(windows && windowsFoldable(raw))) {
    const segments = plainSegments(raw);
    return { path: pathKey(segments), segments, anomalies: into.codes };
  }
  const enc = encodeUtf8(raw);
  if (enc.invalid) into.add("invalid_utf8");
  let bytes = enc.bytes;
  let converged = false;
  let decodedFlags = 0;
  for (let round = 1; round <= maxRounds; round++) {
    const pd = percentDecodeBytes(bytes);
    decodedFlags |= pd.flags;
    if (round === 1 && pd.flags & PD_INVALID) into.add("invalid_percent");
    if (pd.flags & PD_PERCENT_U) into.add("percent_u");
    if (pd.flags & PD_SEPARATOR) into.add("encoded_slash");
    if (pd.changed && round > 1) into.add("double_encoding");
    const ol = collapseOverlong(pd.value);
    if (ol.changed) into.add("overlong_utf8");
    const nul = removeNul(ol.value);
    if (nul.changed) into.add("nul_byte");
    bytes = nul.value;
    if (!pd.changed && !ol.changed && !nul.changed) {
      converged = true;
      break;
    }
  }
  if (!converged && (hasEscape(bytes) || collapseOverlong(bytes).changed)) into.add("excessive_encoding");
  const dec = decodeUtf8(bytes);
  if (dec.invalid) into.add("invalid_utf8");
  let text = dec.value;
  if (hasControlChar(text)) into.add("control_char");
  const nfc = toNfc(text);
  if (nfc.changed) into.add("non_nfc");
  text = nfc.value;
  let windowsFolded = false;
  if (windows) {
    const fw = foldFullwidth(text);
    windowsFolded = fw.changed;
    text = fw.value;
  }
  const bs = backslashToSlash(text);
  if (bs.changed) into.add("backslash");
  const res = resolveSegments(bs.value, windows ? windowsSegment : undefined);
  if (windowsFolded || res.flags & SEG_FOLDED) into.add("windows_path");
  if (res.flags & SEG_DUPLICATE_SLASH) into.add("duplicate_slash");
  if (res.flags & SEG_PATH_PARAM) into.add("path_param");
  if (res.flags & SEG_DOT) into.add("dot_segment");
  if (res.flags & SEG_CLIMB && (decodedFlags & PD_DOT || isTricky(into.codes))) into.add("ambiguous_path");
  return { path: pathKey(res.segments), segments: res.segments, anomalies: into.codes };
}

/**
 * Canonical path of a raw path (no query), with the anomalies found.
 * `maxRounds` defaults to 3 decoding rounds; `windows` folds as a Windows origin reads it.
 */
export function canonicalizePath(raw: string, maxRounds = 3, windows = false): CanonicalPath {
  const list = new AnomalyList();
  try {
    return canonicalizePathInto(typeof raw === "string" ? raw : "", maxRounds, list, windows);
  } catch {
    list.add("internal_error");
    return { path: "/", segments: [], anomalies: list.codes };
  }
}
