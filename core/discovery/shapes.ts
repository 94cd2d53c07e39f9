/**
 * @module core/discovery/shapes
 * Shape detectors for one path segment: is it a generated value (a numeric
 * id, a UUID, a hash, a base62 token, a prefixed id like `cus_…`, a date,
 * an email, an IP, a snowflake), a version literal (`v1`, `v2.7`), a file
 * name, a segment with a parameter embedded (`{id}.json`, `{base}...{head}`)
 * or something word-like that only the structure and the classifier can
 * decide. Hand-written scanners, no regex on request data, never throw.
 *
 * `strong` shapes go straight to the parameter child of a node: a segment
 * of that shape is a route literal so rarely that the cost of the rare
 * mistake is lower than keeping one node per value.
 */

export type SegmentShape =
  | "int"
  | "snowflake"
  | "uuid"
  | "hex"
  | "token"
  | "prefixed"
  | "date"
  | "email"
  | "ip"
  | "version"
  | "embedded"
  | "file"
  | "word";

export interface ShapeResult {
  shape: SegmentShape;
  /** A generated value: the segment is a parameter whatever its siblings. */
  strong: boolean;
  /** For `embedded`: the segment with the parameter part as `{}`, e.g. `{}.json`, `{}...{}`. */
  skeleton?: string;
  /** For `embedded`: the shape of the parameter part. */
  inner?: SegmentShape;
}

const WORD: ShapeResult = { shape: "word", strong: false };

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}
function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}
function isHexChar(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

export function isAllDigits(s: string, from = 0, to = s.length): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/** 8-4-4-4-12 hexadecimal. */
export function isUuid(s: string): boolean {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (!isHexChar(c)) return false;
  }
  return true;
}

/** `YYYY-MM-DD`, optionally followed by `T…` or a space and a time; also `YYYY-MM`. */
export function isDate(s: string): boolean {
  if (s.length < 7 || !isAllDigits(s, 0, 4) || s.charCodeAt(4) !== 45 || !isAllDigits(s, 5, 7)) return false;
  const month = Number(s.slice(5, 7));
  if (month < 1 || month > 12) return false;
  if (s.length === 7) return true;
  if (s.length < 10 || s.charCodeAt(7) !== 45 || !isAllDigits(s, 8, 10)) return false;
  const day = Number(s.slice(8, 10));
  if (day < 1 || day > 31) return false;
  if (s.length === 10) return true;
  const t = s.charCodeAt(10);
  return (t === 84 || t === 32 || t === 116) && s.length <= 40 && isDigit(s.charCodeAt(11));
}

/** One `@`, a non-empty local part, a dotted domain of letters, digits and `-`. */
export function isEmail(s: string): boolean {
  if (s.length < 5 || s.length > 254) return false;
  const at = s.indexOf("@");
  if (at < 1 || at > 64 || s.indexOf("@", at + 1) >= 0) return false;
  let dots = 0;
  let label = 0;
  for (let i = at + 1; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c === 46) {
      if (label === 0) return false;
      if (i < s.length) dots++;
      label = 0;
    } else if (isDigit(c) || isLower(c) || isUpper(c) || c === 45 || c > 127) label++;
    else return false;
  }
  return dots >= 1;
}

/** Dotted IPv4 with four parts of 0..255. */
export function isIPv4(s: string): boolean {
  if (s.length < 7 || s.length > 15) return false;
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || value > 255) return false;
      parts++;
      digits = 0;
      value = 0;
    } else if (isDigit(c)) {
      if (++digits > 3) return false;
      value = value * 10 + (c - 48);
    } else return false;
  }
  return parts === 4;
}

/** `v1`, `V2`, `v2.7`, `v1beta`, `v1alpha2`, `v3_1`: a version literal. */
export function isVersion(s: string): boolean {
  const c0 = s.charCodeAt(0);
  if ((c0 !== 118 && c0 !== 86) || s.length < 2 || s.length > 12 || !isDigit(s.charCodeAt(1))) return false;
  let i = 1;
  while (i < s.length && (isDigit(s.charCodeAt(i)) || s.charCodeAt(i) === 46 || s.charCodeAt(i) === 95)) i++;
  while (i < s.length && isLower(s.charCodeAt(i))) i++;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  return i === s.length;
}

/** Hexadecimal of at least 8 characters with both digits and letters (hashes, object ids). */
export function isHexId(s: string): boolean {
  if (s.length < 8) return false;
  let digits = 0;
  let letters = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) digits++;
    else if (isHexChar(c)) letters++;
    else return false;
  }
  return digits > 0 && letters > 0 && (digits >= 2 || s.length >= 16);
}

interface CharStats {
  lower: number;
  upper: number;
  digit: number;
  other: number;
  /** letter <-> digit changes */
  ld: number;
  /** lower <-> upper changes */
  case: number;
}

function charStats(s: string, from: number, to: number): CharStats {
  const st: CharStats = { lower: 0, upper: 0, digit: 0, other: 0, ld: 0, case: 0 };
  let prev = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    let k = 4;
    if (isLower(c)) {
      st.lower++;
      k = 1;
    } else if (isUpper(c)) {
      st.upper++;
      k = 2;
    } else if (isDigit(c)) {
      st.digit++;
      k = 3;
    } else st.other++;
    if (prev !== 0) {
      if ((prev === 3) !== (k === 3) && prev !== 4 && k !== 4) st.ld++;
      if ((prev === 1 && k === 2) || (prev === 2 && k === 1)) st.case++;
    }
    prev = k;
  }
  return st;
}

/** Base62/base64url-like random token: long, mixed, with letter/digit changes. */
export function isToken(s: string, from = 0, to = s.length): boolean {
  const len = to - from;
  if (len < 10 || len > 1024) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!(isDigit(c) || isLower(c) || isUpper(c) || c === 95 || c === 45)) return false;
  }
  const st = charStats(s, from, to);
  const letters = st.lower + st.upper;
  // Random mixed case (base62 with few or no digits): case flips at a rate camelCase never reaches.
  if (st.upper >= 3 && st.lower >= 3 && st.case >= len * 0.35 && (st.digit >= 1 || len >= 16)) return true;
  if (letters === 0 || st.digit === 0) return false;
  if (st.ld >= 3) return true;
  if (st.digit >= 2 && st.upper >= 2 && st.lower >= 2 && st.case >= 3) return true;
  // Upper-case + digits (ULID, Twilio-style `CA…`), long enough.
  return st.lower === 0 && st.upper >= 2 && st.digit >= 2 && len >= 16;
}

/** `cus_J8ke2XPO…`, `acct_1032D82e…`, `INV-000123`, `order-12345`: a short alphabetic prefix and an id. */
export function isPrefixedId(s: string): boolean {
  let i = 0;
  let seps = 0;
  let lastSep = -1;
  // Up to two `word_` / `word-` parts of 1..12 letters.
  while (seps < 2) {
    const start = i;
    while (i < s.length && i - start <= 12 && (isLower(s.charCodeAt(i)) || isUpper(s.charCodeAt(i)))) i++;
    const c = s.charCodeAt(i);
    if (i === start || i - start > 12 || (c !== 95 && c !== 45)) break;
    seps++;
    lastSep = i;
    i++;
  }
  if (seps === 0) return false;
  const from = lastSep + 1;
  const len = s.length - from;
  if (len < 3) return false;
  let digits = 0;
  let letters = 0;
  for (let j = from; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (isDigit(c)) digits++;
    else if (isLower(c) || isUpper(c)) letters++;
    else return false;
  }
  if (letters === 0) return digits >= 3;
  if (digits === 0) {
    // A long mixed-case suffix with no separators: a random id without digits (`org_VULUisapqutqEGWe`).
    const st = charStats(s, from, s.length);
    return len >= 12 && st.upper >= 2 && st.lower >= 2 && st.case >= 3;
  }
  return len >= 8 || (len >= 6 && digits >= 2);
}

/** Common file extensions: the segment is a file name (a value when it has siblings like it). */
const FILE_EXT = new Set(
  "pdf png jpg jpeg gif webp svg bmp ico tif tiff heic mp3 mp4 m4a wav ogg webm mov avi mkv txt csv tsv json xml yaml yml md html htm css js zip gz tgz tar rar 7z doc docx xls xlsx ppt pptx odt rtf log bin exe dmg apk iso sql db".split(
    " ",
  ),
);

/** Is `ext` (without the dot) a common file extension. */
export function isFileExtension(ext: string): boolean {
  return FILE_EXT.has(ext.toLowerCase());
}

function extensionAt(s: string): number {
  const dot = s.lastIndexOf(".");
  if (dot <= 0 || dot >= s.length - 1 || s.length - dot - 1 > 5) return -1;
  for (let i = dot + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!(isDigit(c) || isLower(c) || isUpper(c))) return -1;
  }
  return dot;
}

/** Shape of a value on its own (no embedded parts). */
function plainShape(s: string): SegmentShape {
  if (isAllDigits(s)) return s.length >= 15 ? "snowflake" : "int";
  const c0 = s.charCodeAt(0);
  if ((c0 === 45 || c0 === 43) && isAllDigits(s, 1)) return "int";
  if (isUuid(s)) return "uuid";
  if (isDate(s)) return "date";
  if (s.indexOf("@") > 0 && isEmail(s)) return "email";
  if (isIPv4(s)) return "ip";
  if (isVersion(s)) return "version";
  if (isHexId(s)) return "hex";
  if (isPrefixedId(s)) return "prefixed";
  if (isToken(s)) return "token";
  return "word";
}

const STRONG: Record<SegmentShape, boolean> = {
  int: true,
  snowflake: true,
  uuid: true,
  hex: true,
  token: true,
  prefixed: true,
  date: true,
  email: true,
  ip: true,
  version: false,
  embedded: true,
  file: false,
  word: false,
};

/** Is a shape a generated value on its own. */
export function isStrongShape(shape: SegmentShape): boolean {
  return STRONG[shape];
}

/** Classifies one decoded path segment. */
export function segmentShape(s: string): ShapeResult {
  if (s.length === 0 || s.length > 1024) return s.length === 0 ? WORD : { shape: "token", strong: true };
  const plain = plainShape(s);
  if (plain !== "word") return { shape: plain, strong: STRONG[plain] };
  // `{base}...{head}`: a range of two values.
  const dots3 = s.indexOf("...");
  if (dots3 > 0 && dots3 < s.length - 3) return { shape: "embedded", strong: true, skeleton: "{}...{}", inner: "word" };
  const dot = extensionAt(s);
  if (dot > 0) {
    const base = s.slice(0, dot);
    const inner = plainShape(base);
    if (STRONG[inner]) return { shape: "embedded", strong: true, skeleton: `{}${s.slice(dot)}`, inner };
    if (FILE_EXT.has(s.slice(dot + 1).toLowerCase())) return { shape: "file", strong: false };
  }
  return WORD;
}
