/**
 * @module core/signatures/body/pickle
 * What a Python pickle imports when it is loaded. A pickle is a program:
 * GLOBAL (`c<module>\n<name>\n`, protocols 0–1) or STACK_GLOBAL (two strings
 * then opcode 0x93, protocols 2–5) fetch any callable, REDUCE calls it, so a
 * model file uploaded to an ML registry or an inference endpoint that says
 * `posix.system` runs a command where it is unpickled (MLflow, Ray,
 * BentoML, TorchServe). The imports are read from the bytes (or from text
 * the bytes were decoded into: any character at or above U+0080 stands for
 * an opcode byte there, which is what UTF-8 decoding leaves of them) and
 * written back as protocol 0 spells them (`cposix\nsystem`), for the value
 * scanners' pickle patterns to judge; a model's `numpy` and
 * `collections.OrderedDict` imports match none of them.
 */

/** Imports read per document. */
const MAX_IMPORTS = 64;
/** Longest module or name read (`torch._utils._rebuild_tensor_v2` fits). */
const MAX_NAME = 96;

const isNameChar = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c === 0x5f || c === 0x2e;

/** An opcode byte, as the bytes themselves or as UTF-8 decoding leaves it (U+FFFD and kin). */
const isHigh = (c: number): boolean => c >= 0x80;

/**
 * The content is a pickle: it starts with PROTO (0x80, then a protocol 2–5) or with a protocol 0–1
 * GLOBAL (`c<module>\n<name>\n`), as pickles that call something on load do.
 */
export function looksLikePickle(text: string): boolean {
  if (text.length < 4) return false;
  const c1 = text.charCodeAt(1);
  if (isHigh(text.charCodeAt(0)) && c1 >= 2 && c1 <= 5) return true;
  if (text.charCodeAt(0) !== 0x63) return false;
  const nl = text.indexOf("\n", 1);
  const nl2 = nl < 0 ? -1 : text.indexOf("\n", nl + 1);
  if (nl < 2 || nl2 < 0 || nameAt(text, 1, nl) === null || nameAt(text, nl + 1, nl2) === null) return false;
  // What a pickler writes after a GLOBAL: a memo PUT, a MARK, an empty collection or an argument.
  return nl2 + 1 < text.length && AFTER_GLOBAL.includes(text.charAt(nl2 + 1));
}

/** Opcodes that follow a GLOBAL in a pickle (PUT, BINPUT, MARK, EMPTY_TUPLE/DICT/LIST, NONE, strings, ints). */
const AFTER_GLOBAL = "pqr()}]NVSXUKIJ";

/** A name of name characters at `at`, ending where `end` says (exclusive), or null. */
function nameAt(text: string, at: number, end: number): string | null {
  if (end <= at || end - at > MAX_NAME || end > text.length) return null;
  for (let i = at; i < end; i++) if (!isNameChar(text.charCodeAt(i))) return null;
  return text.slice(at, end);
}

/** A length-prefixed string pushed at `i` (SHORT_BINUNICODE/SHORT_BINSTRING, or BINUNICODE with a small length): [its end, the string], or null. */
function pushedString(text: string, i: number): [number, string] | null {
  const op = text.charCodeAt(i);
  if (isHigh(op) || op === 0x55 /* U */) {
    const len = text.charCodeAt(i + 1);
    const s = nameAt(text, i + 2, i + 2 + len);
    return s === null ? null : [i + 2 + len, s];
  }
  if (op === 0x58 /* X */) {
    const len = text.charCodeAt(i + 1);
    if (text.charCodeAt(i + 2) !== 0 || text.charCodeAt(i + 3) !== 0 || text.charCodeAt(i + 4) !== 0) return null;
    const s = nameAt(text, i + 5, i + 5 + len);
    return s === null ? null : [i + 5 + len, s];
  }
  return null;
}

/** How far a memo opcode (MEMOIZE, BINPUT n, LONG_BINPUT nnnn) may put the next opcode. */
const MEMO_GAP = 6;

/** The next string pushed within MEMO_GAP of `i`, or null. */
function nextString(text: string, i: number): [number, string] | null {
  for (let j = i; j <= i + MEMO_GAP && j < text.length; j++) {
    const s = pushedString(text, j);
    if (s !== null) return s;
  }
  return null;
}

/** An opcode byte (STACK_GLOBAL, 0x93) within MEMO_GAP of `i`. */
function opcodeNear(text: string, i: number): boolean {
  for (let j = i; j <= i + MEMO_GAP && j < text.length; j++) if (isHigh(text.charCodeAt(j))) return true;
  return false;
}

/** The imports of a pickle, each written as protocol 0's GLOBAL (`cposix\nsystem`). Never throws. */
export function pickleImports(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  for (let i = 0; i < n && out.length < MAX_IMPORTS; i++) {
    const c = text.charCodeAt(i);
    // GLOBAL / INST: c<module>\n<name>\n at an opcode boundary.
    if ((c === 0x63 || c === 0x69) && (i === 0 || !isNameChar(text.charCodeAt(i - 1)))) {
      const nl1 = text.indexOf("\n", i + 1);
      const nl2 = nl1 < 0 ? -1 : text.indexOf("\n", nl1 + 1);
      const module = nl2 < 0 ? null : nameAt(text, i + 1, nl1);
      const name = module === null ? null : nameAt(text, nl1 + 1, nl2);
      if (module !== null && name !== null) {
        out.push(`c${module}\n${name}`);
        i = nl2;
        continue;
      }
    }
    // STACK_GLOBAL: a module string, a name string (each maybe memoized), then the opcode.
    const first = pushedString(text, i);
    if (first === null) continue;
    const second = nextString(text, first[0]);
    if (second === null || !opcodeNear(text, second[0])) continue;
    out.push(`c${first[1]}\n${second[1]}`);
    i = second[0] - 1;
  }
  return out;
}
