/**
 * @module core/http/content-type
 * Which request bodies are never inspected: binary media and archives are
 * forwarded untouched (the datapath) and not scanned (the signature engine).
 * One list, so the two cannot disagree.
 */

const BINARY_PREFIXES = ["image/", "audio/", "video/", "font/"];
const BINARY_TYPES = new Set([
  "application/octet-stream",
  "application/zip",
  "application/gzip",
  "application/x-gzip",
  "application/pdf",
  "application/x-protobuf",
  "application/protobuf",
  "application/grpc",
  "application/wasm",
  "application/x-tar",
  "application/java-archive",
  "application/x-java-archive",
  "application/vnd.android.package-archive",
  "application/x-7z-compressed",
  "application/vnd.rar",
  "application/x-rar-compressed",
  "application/x-bzip2",
  "application/x-xz",
  "application/zstd",
  "application/x-msdownload",
  "application/x-iso9660-image",
]);

/** The media type of a Content-Type value, lower-cased, without parameters. */
export function mimeOf(contentType: string): string {
  const semi = contentType.indexOf(";");
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/** True for content types whose bodies are never inspected. */
export function isBinaryContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const mime = mimeOf(contentType);
  // A structured-syntax suffix says the body is text of that syntax, whatever the top-level type:
  // image/svg+xml is XML (scripts and event handlers run where the image is opened), not pixels.
  if (mime.endsWith("+xml") || mime.endsWith("+json")) return false;
  return BINARY_TYPES.has(mime) || BINARY_PREFIXES.some((p) => mime.startsWith(p));
}
