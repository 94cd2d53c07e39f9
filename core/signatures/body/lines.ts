/**
 * @module core/signatures/body/lines
 * The lines of an uploaded text file that a reader hands over as values
 * (tex.ts, subtitles.ts): each line cut at a length, at most a number of
 * them. Hand-written scanning, no regular expressions on request data.
 */

/** The lines of `content` that `keep` accepts (each cut at `maxLine` first), at most `maxLines`. */
export function matchingLines(
  content: string,
  keep: (line: string) => boolean,
  maxLines: number,
  maxLine: number,
): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < content.length && out.length < maxLines) {
    let end = content.indexOf("\n", start);
    if (end < 0) end = content.length;
    const line = content.slice(start, Math.min(end, start + maxLine));
    if (keep(line)) out.push(line);
    start = end + 1;
  }
  return out;
}
