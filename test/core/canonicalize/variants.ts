/**
 * @module test/core/canonicalize/variants
 * Generates encoding variants of a plain path for the "no encoding variant of
 * a blocked path reaches the origin" property: per character percent, double,
 * triple, `%u`, overlong (2-, 3-, 4-byte, double-encoded), NUL insertion and
 * NFD; per separator backslash, `//`, `%2f`, `%5c`, `/./`, `/x/../`, `..;/`,
 * overlong and `%u` slashes; per segment `;params`; random hex case.
 */
import fc from "fast-check";

const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];

/** `%XX` with the case of each hex digit picked from the bits of `hc`. */
function esc(b: number, hc: number): string {
  const h = b.toString(16).padStart(2, "0");
  const d0 = hc & 1 ? (h[0] as string).toUpperCase() : (h[0] as string);
  const d1 = hc & 2 ? (h[1] as string).toUpperCase() : (h[1] as string);
  return "%" + d0 + d1;
}

/** Escapes every byte; `layers` > 1 re-encodes the `%` itself (`%2573`, `%252573`). */
const escAll = (bytes: number[], hc: number, layers = 1): string =>
  bytes.map((b, i) => "%" + "25".repeat(layers - 1) + esc(b, hc >> (i % 3)).slice(1)).join("");

/** Overlong encodings of a code point below U+0800 (2-byte only for ASCII). */
function overlong(cp: number, len: 2 | 3 | 4): number[] {
  if (len === 2) return [0xc0 | (cp >> 6), 0x80 | (cp & 0x3f)];
  if (len === 3) return [0xe0, 0x80 | (cp >> 6), 0x80 | (cp & 0x3f)];
  return [0xf0, 0x80, 0x80 | (cp >> 6), 0x80 | (cp & 0x3f)];
}

export const CHAR_MODES = 11;

export function encodeChar(ch: string, mode: number, hc: number): string {
  const cp = ch.codePointAt(0) as number;
  const bytes = utf8(ch);
  switch (mode) {
    case 1:
      return escAll(bytes, hc);
    case 2:
      return escAll(bytes, hc, 2);
    case 3:
      return escAll(bytes, hc, 3);
    case 4:
      return (hc & 4 ? "%U" : "%u") + cp.toString(16).padStart(4, "0")[hc & 8 ? "toUpperCase" : "toLowerCase"]();
    case 5:
      return escAll(cp < 0x80 ? overlong(cp, 2) : overlong(cp, 3), hc);
    case 6:
      return escAll(overlong(cp, cp < 0x80 ? 3 : 4), hc);
    case 7:
      return escAll(overlong(cp, cp < 0x80 ? 2 : 3), hc, 2);
    case 8:
      return "%00" + ch;
    case 9: {
      const nfd = ch.normalize("NFD");
      return nfd === ch ? escAll(bytes, hc) : [...nfd].map((c, i) => (i === 0 ? c : escAll(utf8(c), hc))).join("");
    }
    case 10:
      return ch.toUpperCase() === ch.toLowerCase() ? escAll(bytes, ~hc) : escAll(bytes, hc);
    default:
      return ch;
  }
}

const SEPARATORS: ReadonlyArray<(junk: string) => string> = [
  () => "/",
  () => "\\",
  () => "//",
  () => "%2f",
  () => "%2F",
  () => "%5c",
  () => "%252f",
  () => "/./",
  () => "/%2e/",
  (j) => `/${j}/../`,
  (j) => `/${j}/%2e%2E/`,
  (j) => `/${j}/..;/`,
  (j) => `\\${j}\\..\\`,
  () => "/;x=1/",
  () => "%c0%af",
  () => "%u002f",
  (j) => `/${j}/%c0%ae%c0%ae/`,
  (j) => `/${j}/%252e%252e/`,
];

const SUFFIXES: ReadonlyArray<(junk: string) => string> = [
  () => "",
  (j) => `;jsessionid=${j}`,
  (j) => `%3b${j}`,
  () => "",
];

const TRAILERS = ["", "/", "/.", "/;x", "//", "%2f", "/%2e"];

const junk = fc.string({ unit: fc.constantFrom(..."abcdefXYZ0189"), minLength: 1, maxLength: 6 });

/** Arbitrary encoding variant of `plain` (a path of `/`-separated non-dot segments). */
export function variantOf(plain: string): fc.Arbitrary<string> {
  const segs = plain.split("/").slice(1);
  const chars = segs.map((s) => [...s]);
  const nChars = chars.reduce((n, c) => n + c.length, 0);
  return fc
    .record({
      charModes: fc.array(fc.tuple(fc.nat(CHAR_MODES - 1), fc.nat(15)), { minLength: nChars, maxLength: nChars }),
      seps: fc.array(fc.tuple(fc.nat(SEPARATORS.length - 1), junk), { minLength: segs.length, maxLength: segs.length }),
      suffixes: fc.array(fc.tuple(fc.nat(SUFFIXES.length - 1), junk), {
        minLength: segs.length,
        maxLength: segs.length,
      }),
      trailer: fc.constantFrom(...TRAILERS),
      query: fc.constantFrom("", "?a=1", "?next=/admin/config&a=%2e"),
    })
    .map(({ charModes, seps, suffixes, trailer, query }) => {
      let out = "";
      let k = 0;
      chars.forEach((segChars, i) => {
        const [sep, j] = seps[i] as [number, string];
        out += (SEPARATORS[sep] as (j: string) => string)(j);
        for (const ch of segChars) {
          const [mode, hc] = charModes[k++] as [number, number];
          out += encodeChar(ch, mode, hc);
        }
        const [suf, j2] = suffixes[i] as [number, string];
        out += (SUFFIXES[suf] as (j: string) => string)(j2);
      });
      out += trailer;
      return (out.startsWith("/") ? out : "/" + out) + query;
    });
}
