/**
 * @module core/signatures/latex
 * LaTeX that a compile service would run as a command or use to read the
 * server's files (TeX is a programming language; `pdflatex` with shell escape
 * runs what `\write18` hands it):
 * - a shell escape or a file write: `\write18{…}`, `\immediate\write…`,
 *   `\directlua{…}`, `\ShellEscape{…}`, `\openout`, and any input command
 *   whose file name starts with a pipe (`\input{|id}`, TeX Live's piped
 *   input): 920266;
 * - an input command with an absolute or parent path (`\input{/etc/passwd}`,
 *   `\verbatiminput{/var/…}`, `\lstinputlisting{../../.env}`,
 *   `\openin5=/etc/hosts`): 920267.
 * A document's own `\input{chapters/intro}`, `\includegraphics{/img/a.png}`
 * (a figure, not an input) and maths (`\frac`, `\sum`) pass. Command names
 * are case-sensitive in TeX, and must end where a letter would not follow.
 */

const SHELL = /\\(?:write18|directlua|ShellEscape|openout|immediate\s*\\write)(?![A-Za-z])/;
// One run of blanks, then at most an option group (`\inputminted{text}`), a stream number (`\openin5=`)
// and a brace with blanks: no two blank runs meet, so no input makes it backtrack.
const INPUT =
  /\\(?:input|include|verbatiminput|VerbatimInput|lstinputlisting|inputminted|openin|InputIfFileExists|readfile)(?![A-Za-z])\s*(?:\{[\w-]*\})?(?:\d+=?)?(?:\{\s*)?(\||\/(?![/*])|~\/|\.\.[/\\]|[A-Za-z]:[/\\])/;

export type LatexAbuse = "shell" | "file" | null;

/** Whether `value` (already URL-decoded once; a second `%5C` layer is decoded here) holds TeX that runs or reads. */
export function latexAbuse(value: string): LatexAbuse {
  let text = value;
  if (text.indexOf("\\") < 0) {
    if (text.indexOf("%5c") < 0 && text.indexOf("%5C") < 0) return null;
    try {
      text = decodeURIComponent(text);
    } catch {
      return null;
    }
  }
  if (SHELL.test(text)) return "shell";
  const m = INPUT.exec(text);
  if (m === null) return null;
  return m[1] === "|" ? "shell" : "file";
}
