/**
 * @module core/signatures/body/file-kind
 * Whether an uploaded file is of a kind a reader knows, by its declared
 * media type (parameters and case aside) or by its name's extension.
 */

/** Is the upload one of `types` (lower-case media types) or named with one of `extensions` (lower case, with the dot)? */
export function fileOfKind(
  filename: string,
  contentType: string,
  types: ReadonlySet<string>,
  extensions: readonly string[],
): boolean {
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  const name = filename.toLowerCase();
  return types.has(type) || extensions.some((e) => name.endsWith(e));
}
