/**
 * @module core/signatures/body/tex
 * The lines of an uploaded text file that hold TeX's file and shell
 * primitives (`\immediate\write18{…}`, `\input{/etc/passwd}`, `\openin`,
 * `\directlua`…): a manuscript a publishing or e-learning service compiles
 * runs them. Each such line is a value (latex.ts judges it, as the value
 * scanners do); the rest of the document is prose and maths, left alone.
 * Hand-written scanning, no regular expressions on request data.
 */
import { matchingLines } from "./lines.ts";

/** Lines handed over per file, and their length. */
const MAX_LINES = 32;
const MAX_LINE = 1024;

const PRIMITIVES = [
  "\\write",
  "\\immediate",
  "\\input",
  "\\include",
  "\\openin",
  "\\openout",
  "\\directlua",
  "\\ShellEscape",
  "\\verbatiminput",
  "\\VerbatimInput",
  "\\lstinputlisting",
  "\\inputminted",
  "\\readfile",
];

/** The lines of `content` (at most MAX_LINES, each cut at MAX_LINE) naming one of TeX's file or shell primitives. */
export function texInstructionLines(content: string): string[] {
  if (!content.includes("\\")) return [];
  return matchingLines(
    content,
    (line) => line.includes("\\") && PRIMITIVES.some((p) => line.includes(p)),
    MAX_LINES,
    MAX_LINE,
  );
}
