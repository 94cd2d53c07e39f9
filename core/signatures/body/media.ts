/**
 * @module core/signatures/body/media
 * Files that a server-side media tool reads instructions from when it
 * converts or thumbnails them, recognised by their magic whatever their name
 * or declared type; what each tool acts on is handed over as values, for the
 * value scanners to judge:
 * - DjVu metadata annotations, which ExifTool evaluated as Perl
 *   (CVE-2021-22205: `(metadata (Copyright "\\\n" . qx{…}`), as `metadata`;
 * - a PNG text chunk named `profile`, whose value ImageMagick read as a file
 *   to embed (CVE-2022-44268: `/etc/passwd`), as `profile`;
 * - PostScript lines naming Ghostscript's pipe device (`(%pipe%id)`: the
 *   `-dSAFER` escapes of CVE-2023-36664 and kin), as `ps`;
 * - an HLS playlist's media and key URIs, which ffmpeg fetches (an `.avi`
 *   that is `#EXTM3U` with `concat:…|file:///etc/passwd`, or an AVI whose
 *   GAB2 chunk holds one), as `playlist`.
 * An ordinary book's metadata, a photo's comment, a print file and a stream
 * playlist of HTTPS segments give values nothing fires on.
 */
import type { BodyFormat, BodySink } from "./types.ts";

/** Values read per file, and their length. */
const MAX_ITEMS = 16;
const MAX_ITEM = 1024;

/** `head` (a file's first bytes) opens one of these formats. */
export function hasMediaMagic(head: string): boolean {
  return (
    head.startsWith("AT&TFORM") ||
    head.startsWith("PNG", 1) ||
    head.startsWith("%!") ||
    head.startsWith("#EXTM3U") ||
    head.startsWith("RIFF")
  );
}

/** Reads `text` when it is one of these formats; false when it is none. */
export function readMedia(text: string, sink: BodySink, format: BodyFormat, parent: string): boolean {
  const add = (key: string, value: string) => sink.value(format, parent, key, value.slice(0, MAX_ITEM));
  if (text.startsWith("AT&TFORM")) {
    eachAfter(text, "(metadata", (at) => add("metadata", text.slice(at)));
    return true;
  }
  if (text.startsWith("PNG", 1)) {
    eachAfter(text, "tEXtprofile\u0000", (at) => add("profile", printableRun(text, at + 12)));
    return true;
  }
  if (text.startsWith("%!")) {
    for (const line of lines(text)) if (line.includes("%pipe%") || line.includes("%handle%")) add("ps", line);
    return true;
  }
  // A playlist inside an AVI (a GAB2 subtitle chunk): ffmpeg probes it and fetches what it lists.
  const inRiff = text.startsWith("RIFF") ? text.indexOf("#EXTM3U") : -1;
  if (inRiff >= 0 && inRiff < 65536) return readMedia(text.slice(inRiff), sink, format, parent);
  if (text.startsWith("#EXTM3U")) {
    for (const line of lines(text)) {
      const t = line.trim();
      if (t.length === 0) continue;
      if (!t.startsWith("#")) add("playlist", t);
      else {
        const uri = t.indexOf('URI="');
        if (uri >= 0) add("playlist", t.slice(uri + 5, t.indexOf('"', uri + 5) >>> 0));
      }
    }
    return true;
  }
  return false;
}

/** Calls `f` with the index of each of the first MAX_ITEMS occurrences of `marker`. */
function eachAfter(text: string, marker: string, f: (at: number) => void): void {
  let from = 0;
  for (let n = 0; n < MAX_ITEMS; n++) {
    const at = text.indexOf(marker, from);
    if (at < 0) return;
    f(at);
    from = at + marker.length;
  }
}

/** The printable ASCII run at `at` (a chunk's text, ended by its CRC's bytes). */
function printableRun(text: string, at: number): string {
  let e = at;
  while (e < text.length && e - at < MAX_ITEM && text.charCodeAt(e) >= 0x20 && text.charCodeAt(e) < 0x7f) e++;
  return text.slice(at, e);
}

/** The first lines of `text` (at most 4096 of them). */
function lines(text: string): string[] {
  return text.split("\n", 4096);
}
