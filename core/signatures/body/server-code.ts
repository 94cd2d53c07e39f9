/**
 * @module core/signatures/body/server-code
 * The server-side code inside a text file: what lies between `<?php` (or
 * `<?=`) and `?>`, between `<%` and `%>` (JSP, ASP, ERB), and inside
 * `<jsp:scriptlet>`…`</jsp:…>`. A web shell uploaded as notes.txt runs when
 * an include or a misconfigured handler takes it for code; the prose around
 * such a block is the file's data and is not scanned. Hand-written scanning,
 * no regular expressions on request data.
 */

/** Blocks read from one file at most. */
const MAX_BLOCKS = 64;

const OPENERS: ReadonlyArray<readonly [string, string]> = [
  ["<?php", "?>"],
  ["<?=", "?>"],
  ["<%", "%>"],
  ["<jsp:scriptlet>", "</jsp:"],
  ["<jsp:expression>", "</jsp:"],
  ["<jsp:declaration>", "</jsp:"],
];

/** The inside of each server-side code block of `content` (an unclosed block runs to the end), up to MAX_BLOCKS. */
export function serverCodeBlocks(content: string): string[] {
  const lower = content.toLowerCase();
  const out: string[] = [];
  let i = 0;
  while (out.length < MAX_BLOCKS) {
    let at = -1;
    let pair: readonly [string, string] | undefined;
    for (const p of OPENERS) {
      const k = lower.indexOf(p[0], i);
      if (k >= 0 && (at < 0 || k < at)) {
        at = k;
        pair = p;
      }
    }
    if (pair === undefined) break;
    const from = at + pair[0].length;
    const end = lower.indexOf(pair[1], from);
    const code = content.slice(from, end < 0 ? content.length : end);
    if (code.trim().length > 0) out.push(code);
    if (end < 0) break;
    i = end + pair[1].length;
  }
  return out;
}
