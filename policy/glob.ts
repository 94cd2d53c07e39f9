/**
 * @module policy/glob
 * Path globs compiled once into a segment matcher, with no regex and no
 * backtracking: `*` as a whole segment matches exactly one segment, `**` as a
 * whole segment matches any number of segments (zero included), and `*` inside
 * a segment (`*.php`, `v*-beta`) matches any run of characters within that
 * segment. Everything else is literal (`?`, `[`, `{` included).
 *
 * Matching is greedy-leftmost, which is exact for patterns whose only
 * wildcards are "any run": the pattern is cut at each `**` into fixed-length
 * groups; the first group is anchored at the start, the last at the end, and
 * each middle group is placed at its leftmost fit after the previous one
 * (and likewise chunks between `*` inside one segment). A placement never has
 * to be undone, so the work is bounded by (pattern length + 1) × (path length
 * + 1): linear in the request for a pattern of bounded size. `GlobWork` lets
 * tests count that work instead of timing it.
 */

/** One pattern segment: any single segment, a literal, or a literal with `*` runs (`chunks` are the pieces between them). */
type SegPattern = { kind: "any" } | { kind: "lit"; text: string } | { kind: "wild"; chunks: string[] };

export interface CompiledGlob {
  source: string;
  /** Fixed-length groups between `**`; `groups.length - 1` is the number of `**`. */
  groups: SegPattern[][];
  /** Segments are lower-cased before matching (the pattern already is). */
  ignoreCase: boolean;
  /** Literal first segment, for indexing rules by `segments[0]`; undefined when the glob starts with a wildcard. */
  firstLiteral: string | undefined;
}

/** Work counter: steps of character and segment comparison done by `matchGlob`. */
export interface GlobWork {
  steps: number;
}

/** Longest glob accepted and most segments in it: patterns are written by people, not generated per request. */
export const GLOB_MAX_LENGTH = 1024;
export const GLOB_MAX_SEGMENTS = 64;

/** Pattern segments of a glob (`/a/x/` gives `["a","x"]`; one trailing slash is ignored), or an error message. */
function splitGlob(pattern: string): string[] | string {
  if (pattern.length === 0 || pattern.charCodeAt(0) !== 0x2f) return "a glob must start with /";
  if (pattern.length > GLOB_MAX_LENGTH) return `a glob is at most ${GLOB_MAX_LENGTH} characters`;
  const body = pattern.endsWith("/") ? pattern.slice(1, -1) : pattern.slice(1);
  if (body.length === 0) return [];
  const segs = body.split("/");
  if (segs.length > GLOB_MAX_SEGMENTS) return `a glob has at most ${GLOB_MAX_SEGMENTS} segments`;
  for (const s of segs) {
    if (s.length === 0) return "empty segment (//) in glob";
    if (s !== "**" && s.includes("**")) return "** must be a whole segment";
  }
  return segs;
}

/** Why `pattern` is not a valid glob, or null when it is. */
export function globError(pattern: string): string | null {
  const r = splitGlob(pattern);
  return typeof r === "string" ? r : null;
}

/** Compiles a glob; throws on an invalid one (validate with `globError` first). */
export function compileGlob(pattern: string, ignoreCase = false): CompiledGlob {
  const segs = splitGlob(ignoreCase ? pattern.toLowerCase() : pattern);
  if (typeof segs === "string") throw new Error(`invalid glob ${JSON.stringify(pattern)}: ${segs}`);
  const groups: SegPattern[][] = [[]];
  for (const s of segs) {
    if (s === "**") groups.push([]);
    else if (s === "*") groups[groups.length - 1]!.push({ kind: "any" });
    else if (s.includes("*")) groups[groups.length - 1]!.push({ kind: "wild", chunks: s.split("*") });
    else groups[groups.length - 1]!.push({ kind: "lit", text: s });
  }
  const head = groups[0]![0];
  return {
    source: pattern,
    groups,
    ignoreCase,
    firstLiteral: head?.kind === "lit" ? head.text : undefined,
  };
}

/** Leftmost index >= from where `needle` occurs in `hay` and ends by `limit`, or -1 (counted naive search). */
function findFrom(hay: string, needle: string, from: number, limit: number, work: GlobWork): number {
  const last = limit - needle.length;
  for (let i = from; i <= last; i++) {
    let k = 0;
    while (k < needle.length && hay.charCodeAt(i + k) === needle.charCodeAt(k)) k++;
    work.steps += k + 1;
    if (k === needle.length) return i;
  }
  return -1;
}

function matchSegment(p: SegPattern, seg: string, work: GlobWork): boolean {
  if (p.kind === "any") {
    work.steps++;
    return true;
  }
  if (p.kind === "lit") {
    work.steps += p.text.length + 1;
    return p.text === seg;
  }
  const chunks = p.chunks;
  const first = chunks[0]!;
  const last = chunks[chunks.length - 1]!;
  work.steps += first.length + last.length + 1;
  if (first.length + last.length > seg.length || !seg.startsWith(first) || !seg.endsWith(last)) return false;
  let pos = first.length;
  const end = seg.length - last.length;
  for (let c = 1; c < chunks.length - 1; c++) {
    const chunk = chunks[c]!;
    if (chunk.length === 0) continue;
    const at = findFrom(seg, chunk, pos, end, work);
    if (at < 0) return false;
    pos = at + chunk.length;
  }
  return true;
}

function matchGroupAt(g: SegPattern[], segs: readonly string[], at: number, work: GlobWork): boolean {
  for (let j = 0; j < g.length; j++) if (!matchSegment(g[j]!, segs[at + j]!, work)) return false;
  return true;
}

const scratchWork: GlobWork = { steps: 0 };

/**
 * True when the path segments match the glob. Pass lower-cased segments for a
 * glob compiled with `ignoreCase`. `work`, when given, accumulates the steps.
 */
export function matchGlob(g: CompiledGlob, segs: readonly string[], work: GlobWork = scratchWork): boolean {
  const groups = g.groups;
  const n = segs.length;
  const head = groups[0]!;
  if (groups.length === 1) return n === head.length && matchGroupAt(head, segs, 0, work);
  const tail = groups[groups.length - 1]!;
  if (head.length + tail.length > n) return false;
  if (!matchGroupAt(head, segs, 0, work) || !matchGroupAt(tail, segs, n - tail.length, work)) return false;
  let pos = head.length;
  const end = n - tail.length;
  for (let k = 1; k < groups.length - 1; k++) {
    const g2 = groups[k]!;
    if (g2.length === 0) continue;
    let placed = -1;
    for (let p = pos; p + g2.length <= end; p++) {
      work.steps++;
      if (matchGroupAt(g2, segs, p, work)) {
        placed = p;
        break;
      }
    }
    if (placed < 0) return false;
    pos = placed + g2.length;
  }
  return true;
}
