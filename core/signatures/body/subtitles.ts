/**
 * @module core/signatures/body/subtitles
 * Subtitle files (SubRip `.srt`, WebVTT `.vtt`, SubStation `.ass`/`.ssa`):
 * web players render their cues' markup into the page, so a cue holding
 * `<script>` or `<img onerror=…>` is stored XSS for every viewer. The lines
 * holding markup are values; a cue's own formatting (`<i>`, `<b>`,
 * `<font color>`, WebVTT's `<v Speaker>` and `<c.yellow>`) is what the
 * value scanners pass at paranoia 1. Hand-written scanning.
 */
import { fileOfKind } from "./file-kind.ts";
import { matchingLines } from "./lines.ts";

const SUBTITLE_TYPES = new Set([
  "application/x-subrip",
  "text/srt",
  "text/vtt",
  "text/x-ssa",
  "text/x-ass",
  "application/x-ass",
]);
const SUBTITLE_EXT = [".srt", ".vtt", ".webvtt", ".ass", ".ssa", ".sbv", ".sub"];

/** Lines handed over per file, and their length. */
const MAX_LINES = 256;
const MAX_LINE = 2048;

/** Is the upload a subtitle file, by its declared type or its name? */
export function isSubtitleFile(filename: string, contentType: string): boolean {
  return fileOfKind(filename, contentType, SUBTITLE_TYPES, SUBTITLE_EXT);
}

/** The cue lines of `content` that hold markup (`<`), at most MAX_LINES, each cut at MAX_LINE. */
export function markupCueLines(content: string): string[] {
  return matchingLines(content, (line) => line.includes("<"), MAX_LINES, MAX_LINE);
}
