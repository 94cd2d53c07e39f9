/**
 * @module core/signatures/body/mvg
 * The quoted arguments of an ImageMagick Vector Graphics file (MVG, the
 * "image" of ImageTragick, CVE-2016-3714): `fill 'url(https://x/a.jpg"|id")'`
 * or `image over 0,0 0,0 'label:@/etc/passwd'`. ImageMagick hands such an
 * argument to a delegate's shell command or a coder of its own, so each one is
 * a value in its own right, while the quotes around it make the file read as
 * harmless quoted text to a value scanner. Hand-written scanning, no regular
 * expressions on request data.
 */

/** Arguments read from one file at most. */
const MAX_ARGS = 64;

/** Whether the content opens as MVG (`push graphic-context` or `viewbox` first). */
export function looksLikeMvg(content: string): boolean {
  let i = 0;
  while (
    i < content.length &&
    (content[i] === " " || content[i] === "\n" || content[i] === "\r" || content[i] === "\t")
  )
    i++;
  const head = content.slice(i, i + 20).toLowerCase();
  return head.startsWith("push graphic-context") || head.startsWith("viewbox");
}

/** Each '…', "…" or {…} argument of the file, without its delimiters, up to MAX_ARGS. */
export function mvgArguments(content: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < content.length && out.length < MAX_ARGS) {
    const c = content[i];
    const close = c === "'" ? "'" : c === '"' ? '"' : c === "{" ? "}" : null;
    if (close === null) {
      i++;
      continue;
    }
    const end = content.indexOf(close, i + 1);
    if (end < 0) {
      out.push(content.slice(i + 1));
      break;
    }
    if (end > i + 1) out.push(content.slice(i + 1, end));
    i = end + 1;
  }
  return out;
}

/**
 * ImageMagick coders an argument may name that run or read rather than draw: `msl:` (a script
 * that reads and writes files: `image over 0,0 0,0 'msl:/tmp/php8Fa2Qx'`), `ephemeral:` (reads,
 * then deletes), `mvg:` (more MVG), `show:`/`win:`/`x:` (display), `epi:`/`eps:`/`ps:`/`pdf:`
 * (Ghostscript), `label:@…`, `caption:@…`, `text:@…` (a file's text), `url:`.
 */
const CODERS = ["msl", "ephemeral", "mvg", "show", "win", "x", "epi", "eps", "ps", "pdf", "url", "pango"];
const AT_CODERS = ["label", "caption", "text"];

/** Does the MVG argument name a coder that runs or reads (CODERS, or AT_CODERS with `@`)? */
export function mvgCoder(arg: string): boolean {
  const colon = arg.indexOf(":");
  if (colon < 1 || colon > 12) return false;
  const coder = arg.slice(0, colon).trim().toLowerCase();
  if (CODERS.includes(coder)) return !arg.startsWith("//", colon + 1) || coder === "url";
  return AT_CODERS.includes(coder) && arg.charCodeAt(colon + 1) === 0x40;
}
