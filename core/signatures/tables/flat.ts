/**
 * @module core/signatures/tables/flat
 * The pattern and word tables as flat byte arrays: exactly the data the Wasm
 * module embeds (the generator writes these arrays into
 * wasm/assembly/signatures/tables.ts), and the data the TypeScript reference
 * builds its automaton and dictionary from, so both start from the same bytes.
 */
import { ENTITIES, SYSTEM_DIRS } from "./entities.ts";
import { KEYWORDS } from "./keywords.ts";
import { PATTERNS } from "./patterns.ts";
import { buildWordEntries } from "./words.ts";

const enc = new TextEncoder();

function concat(texts: string[]): { bytes: Uint8Array; offsets: Int32Array } {
  const parts = texts.map((t) => enc.encode(t));
  const offsets = new Int32Array(parts.length + 1);
  let total = 0;
  for (let i = 0; i < parts.length; i++) {
    offsets[i] = total;
    total += (parts[i] as Uint8Array).length;
  }
  offsets[parts.length] = total;
  const bytes = new Uint8Array(total);
  for (let i = 0; i < parts.length; i++) bytes.set(parts[i] as Uint8Array, offsets[i] as number);
  return { bytes, offsets };
}

function checkUnique(texts: string[], what: string): void {
  const seen = new Set<string>();
  for (const t of texts) {
    const k = t.toLowerCase();
    if (seen.has(k)) throw new Error(`duplicate ${what}: ${t}`);
    seen.add(k);
  }
}

checkUnique(
  PATTERNS.map((p) => p.text),
  "pattern",
);
const pat = concat(PATTERNS.map((p) => p.text));
export const PAT_COUNT = PATTERNS.length;
/** Pattern texts as given (case kept for F_CASE checks). */
export const PAT_BYTES = pat.bytes;
export const PAT_OFF = pat.offsets;
export const PAT_GROUP = Uint8Array.from(PATTERNS.map((p) => p.group));
export const PAT_FLAGS = Uint8Array.from(PATTERNS.map((p) => p.flags));
export const PAT_CODE = Uint8Array.from(PATTERNS.map((p) => p.code));

const words = buildWordEntries();
const wb = concat(words.map((e) => e.word));
export const WORD_COUNT = words.length;
export const WORD_BYTES = wb.bytes;
export const WORD_OFF = wb.offsets;
export const WORD_SQL = Uint8Array.from(words.map((e) => e.sql));
export const WORD_ROLE = Uint8Array.from(words.map((e) => e.role));
export const WORD_TAG = Uint8Array.from(words.map((e) => e.tag));
export const WORD_SQLFN = Uint8Array.from(words.map((e) => e.sqlFn));
export const WORD_SHELL = Uint8Array.from(words.map((e) => e.shell));
export const WORD_HTML = Uint8Array.from(words.map((e) => e.html));
export const WORD_MISC = Uint8Array.from(words.map((e) => e.misc));

/** Dictionary hash table size (power of two, at least twice the word count). */
export const DICT_SIZE = 4096;
if (WORD_COUNT * 2 > DICT_SIZE) throw new Error("word dictionary too large for DICT_SIZE");
/** Longest word the dictionary holds; longer identifiers are never looked up. */
export const MAX_WORD = 40;
for (const e of words) if (enc.encode(e.word).length > MAX_WORD) throw new Error(`word too long: ${e.word}`);

/** Byte classes of the automaton: 0 for bytes no pattern uses, then one per folded byte in first-use order. */
export function automatonClasses(): { classOf: Uint8Array; count: number } {
  const classOf = new Uint8Array(256);
  let count = 1;
  for (let i = 0; i < PAT_BYTES.length; i++) {
    let b = PAT_BYTES[i] as number;
    if (b >= 0x41 && b <= 0x5a) b |= 0x20;
    if (classOf[b] === 0) {
      classOf[b] = count++;
      if (b >= 0x61 && b <= 0x7a) classOf[b - 0x20] = classOf[b] as number;
    }
  }
  return { classOf, count };
}

/** Upper bound on automaton states: one per pattern byte plus the root. */
export const AC_MAX_STATES = PAT_BYTES.length + 1;
export const AC_CLASSES = automatonClasses().count;

const ent = concat(ENTITIES.map((e) => e[0]));
export const ENT_COUNT = ENTITIES.length;
export const ENT_BYTES = ent.bytes;
export const ENT_OFF = ent.offsets;
export const ENT_CODE = Uint8Array.from(ENTITIES.map((e) => e[1]));

const dirs = concat([...SYSTEM_DIRS]);
export const SYSDIR_COUNT = SYSTEM_DIRS.length;
export const SYSDIR_BYTES = dirs.bytes;
export const SYSDIR_OFF = dirs.offsets;

const kw = concat([...KEYWORDS]);
export const KW_BYTES = kw.bytes;
export const KW_OFF = kw.offsets;
